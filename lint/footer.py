"""The end of a post's body: its source link and its footer of return links.

The generators write the article, then the source link (an autolink alone on its
line, or the empty ``<>``), then the return links ``[返回<outlet>新闻](<category>)``
and ``[返回首页](<home>)``. This module finds them in a :class:`Body` without
re-parsing the body.
"""

from __future__ import annotations

import re

from .body import Body, Link
from .record import record

_WEB_SCHEME = re.compile(r"(?i)(https?|ftp):")
_NOT_SPACE = re.compile(r"\S")
RETURN_PREFIX = "返回"
HOME_TEXT = "返回首页"
#: What editors write for the home link besides 返回首页 (main page; traditional script).
HOME_TEXTS = frozenset((HOME_TEXT, "返回主页", "返回首頁", "返回主頁"))


@record(frozen=True, slots=True)
class Footer:
    source: Link | None  # the source link, possibly the empty ``<>``
    category: Link | None  # ``[返回X新闻](...)``
    home: Link | None  # ``[返回首页](...)`` (or 返回主页)

    @property
    def return_links(self) -> list[Link]:
        return [link for link in (self.category, self.home) if link is not None]


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def stands_alone(body: Body, link: Link) -> bool:
    """True when ``link`` is the only thing on its line (a paragraph of its own), or ends
    a line after an HTML block: kramdown starts a paragraph after the block's end tag
    (`…</p><http://…>` publishes the link as a paragraph of its own)."""
    text = body.text
    line_start, line_end = _line_bounds(text, link.start, link.end)
    # searched, not sliced: a line of 10,000 autolinks was copied once for each of them
    if _NOT_SPACE.search(text, link.end, line_end):
        return False
    if not _NOT_SPACE.search(text, line_start, link.start):
        return True
    block = body.block_at(link.start)
    return (
        block is not None
        and block.kind == "markdown"
        and not _NOT_SPACE.search(text, block.start, link.start)
    )


def source_link(body: Body) -> Link | None:
    """The last autolink standing alone on its line, outside code and comments."""
    found = None
    for link in body.autolinks:
        if link.target and not _WEB_SCHEME.match(link.target):
            continue
        if not body.is_opaque(link.start) and stands_alone(body, link):
            found = link
    return found


def is_return_link(link: Link) -> bool:
    return link.kind == "markdown" and link.text.strip().startswith(RETURN_PREFIX)


def _html_footer(body: Body) -> list[Link]:
    """Return links an editor wrote as ``<a href>`` elements: those on the body's last
    line, when every link there is one (``<a href="…">返回大众日报新闻</a>｜<a …>返回首页</a>``).
    A ``返回…`` link inside the article (``返回搜狐，查看更多``) is the article's."""
    if not body.html_links:
        return []
    text = body.text
    end = content_end(body)
    line_start = max(text.rfind("\n", body.start, end) + 1, body.start)
    last_line = [link for link in body.html_links if link.start >= line_start]
    if not last_line or not all(link.text.strip().startswith(RETURN_PREFIX) for link in last_line):
        return []
    return last_line


def find(body: Body) -> Footer:
    """The post's source link and its last category and home return links (once per body)."""
    return body.memo(find, lambda: _find(body))


def _find(body: Body) -> Footer:
    category = home = None
    for link in [*body.markdown_links, *_html_footer(body)]:
        if body.is_opaque(link.start) or not link.text.strip().startswith(RETURN_PREFIX):
            continue
        if link.text.strip() in HOME_TEXTS:
            home = link
        else:
            category = link
    return Footer(source_link(body), category, home)


def content_end(body: Body) -> int:
    """The offset just past the last non-blank character of the body."""
    return body.start + len(body.text[body.start :].rstrip())
