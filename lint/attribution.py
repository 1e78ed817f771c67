"""Where a post says its article came from: the outlet it names, and how.

Three forms are accepted (SPEC.md, SRC001): (a) an element with the attribution class
(``<p class="em_media">（文章来源：大众日报）</p>``), whose visible text is read through
inline markup; (b) a prefix such as ``文章来源：`` in the text, but not image or video
credits; (c) a parenthesised outlet closing the last text paragraph, unless it is a
byline or a marker such as ``(完)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .body import Body, Paragraph
from .footer import Footer
from .record import record

DEFAULT_CLASS = "em_media"
DEFAULT_PREFIXES = ("文章来源", "本文来源", "稿件来源", "来源")
DEFAULT_CREDIT_PREFIXES = ("图片来源", "视频来源", "图源")
DEFAULT_NOT_OUTLETS = (r"^完$", r"^记者", r"^编辑", r"^责任编辑", r"^参与采写")
_TRAILING_GROUP = re.compile(r"[（(]([^（()）]*)[)）]\s*$")
_OUTLET_END = re.compile(r"[）)。，,；;\s|｜]")
#: A paragraph that is only a web address (``http://…``, ``< http://… >``) or only return
#: links' text (``返回东财滚动新闻｜返回首页``, from ``<a>`` links).
_NOT_ARTICLE = re.compile(
    r"<?\s*+(?:https?://\S*)?\s*>?|(?:返回[^｜|\s]{0,24}+\s*+[｜|]?+\s*+)++", re.IGNORECASE
)
_NOT_SPACE = re.compile(r"\S")
#: Emphasis around a closing outlet (``**（智通财经）**``): kramdown shows the text alone.
_EMPHASIS = "*_"
_EMPTY = re.compile(r"[（(][^（()）<>\n]{1,8}?(?P<colon>[：:])\s*[)）]")


@record(frozen=True, slots=True)
class Attribution:
    outlet: str
    form: str  # "class", "prefix" or "closing"
    start: int
    end: int


def _element_end(body: Body, index: int) -> int:
    """The offset of the end tag closing the start tag at ``body.tags[index]``."""
    opening = body.tags[index]
    depth = 0
    for tag in body.tags[index + 1 :]:
        if tag.name != opening.name:
            continue
        if tag.is_end:
            if depth == 0:
                return tag.start
            depth -= 1
        elif not tag.self_closing:
            depth += 1
    return opening.end


@lru_cache(maxsize=64)
def _bare(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes without the colon a user may have written after them (``来源：``): the
    patterns match either colon, with spaces around it."""
    bare = (prefix.strip().rstrip("：:").strip() for prefix in prefixes)
    return tuple(prefix for prefix in bare if prefix)


@lru_cache(maxsize=64)
def _prefix_patterns(prefixes: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """A pattern per prefix, longest prefix first (``文章来源`` before ``来源``)."""
    return tuple(
        re.compile(re.escape(p) + r"\s*[：:]\s*")
        for p in sorted(_bare(prefixes), key=len, reverse=True)
    )


def _outlet_after_prefix(
    text: str, prefixes: tuple[str, ...], credits: tuple[str, ...]
) -> str | None:
    if not any(prefix in text for prefix in _bare(prefixes)):
        return None  # most paragraphs: asked of every paragraph of every post
    masked = text
    for credit in credits:
        masked = masked.replace(credit, "\0" * len(credit))
    for pattern in _prefix_patterns(prefixes):
        for match in pattern.finditer(masked):
            rest = text[match.end() :]
            cut = _OUTLET_END.search(rest)
            outlet = (rest[: cut.start()] if cut else rest).strip()
            if outlet:
                return outlet
    return None


def by_class(
    body: Body, css_class: str, prefixes: tuple[str, ...], credits: tuple[str, ...]
) -> Attribution | None:
    for index, tag in enumerate(body.tags):
        if tag.is_end or css_class not in tag.classes or body.is_opaque(tag.start):
            continue
        end = _element_end(body, index)
        visible = body.visible_text(tag.end, end)
        outlet = _outlet_after_prefix(visible, prefixes, credits)
        if outlet is None and not _names_nothing(visible, prefixes):
            outlet = None if is_credit(visible, credits) else visible.strip("（）() ")
        if outlet:
            return Attribution(outlet, "class", tag.start, end)
    return None


def is_credit(text: str, credits: tuple[str, ...]) -> bool:
    """Whether ``text`` is an image or video credit (``（图片来源：新华社）``): it names
    whose picture it is, not whose article."""
    return text.strip("（）() ").startswith(_bare(credits)) if credits else False


def _names_nothing(text: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``text`` is a prefix and its colon with no outlet after it (``（文章来源：）``)."""
    return any(pattern.fullmatch(text.strip("（）() ")) for pattern in _prefix_patterns(prefixes))


def empty_attribution(body: Body, prefixes: tuple[str, ...]) -> tuple[int, int, int] | None:
    """An attribution that names nothing, ``（文章来源：）``: its start, its end, and where
    the outlet goes (just after the colon); None when there is none."""
    text = body.text
    for match in _EMPTY.finditer(text, body.start):
        if body.is_opaque(match.start()) or not _names_nothing(match.group(0), prefixes):
            continue
        return match.start(), match.end(), match.end("colon")
    return None


def by_prefix(
    body: Body, paragraphs: list[Paragraph], prefixes: tuple[str, ...], credits: tuple[str, ...]
) -> Attribution | None:
    for paragraph in paragraphs:
        outlet = _outlet_after_prefix(paragraph.text, prefixes, credits)
        if outlet:
            return Attribution(outlet, "prefix", paragraph.start, paragraph.end)
    return None


def closing_outlet(text: str, not_outlets: tuple[str, ...]) -> str | None:
    """The outlet of a parenthesised group closing ``text``, if it is one."""
    match = _TRAILING_GROUP.search(text.rstrip().rstrip(_EMPHASIS))
    if match is None:
        return None
    outlet = match.group(1).strip().strip(_EMPHASIS).strip()
    if not 2 <= len(outlet) <= 16 or outlet.isdigit():
        return None
    if any(re.search(pattern, outlet) for pattern in not_outlets):
        return None
    return outlet


def text_paragraphs(body: Body, footer: Footer) -> list[Paragraph]:
    """The article's paragraphs: the source link, the return links, a line that is only a
    web address or only return links (a source link or footer kramdown does not publish as
    links: SRC002's and LNK001's to report, not the article's last words), and code
    blocks (a sample of markup is no attribution) left out."""
    skipped = [link for link in (footer.source, *footer.return_links) if link is not None]
    return [
        p
        for p in body.paragraphs
        if not any(p.start <= link.start < p.end for link in skipped)
        and not _NOT_ARTICLE.fullmatch(p.text)
        and not _is_code_block(body, p)
    ]


def _is_code_block(body: Body, paragraph: Paragraph) -> bool:
    first = _NOT_SPACE.search(body.text, paragraph.start, paragraph.end)
    if first is None or not body.is_opaque(first.start()):
        return False  # most paragraphs: the body's blocks are not needed to know
    block = body.block_at(first.start())
    return block is not None and block.kind == "code"


def find(
    body: Body,
    footer: Footer,
    *,
    css_class: str = DEFAULT_CLASS,
    prefixes: tuple[str, ...] = DEFAULT_PREFIXES,
    credits: tuple[str, ...] = DEFAULT_CREDIT_PREFIXES,
    not_outlets: tuple[str, ...] = DEFAULT_NOT_OUTLETS,
) -> Attribution | None:
    """The post's attribution in the first accepted form found, or None."""
    found = by_class(body, css_class, prefixes, credits)
    if found is not None:
        return found
    paragraphs = text_paragraphs(body, footer)
    found = by_prefix(body, paragraphs, prefixes, credits)
    if found is not None or not paragraphs:
        return found
    last = paragraphs[-1]
    outlet = closing_outlet(last.text, not_outlets)
    if outlet is None or _names_nothing(outlet, prefixes) or is_credit(outlet, credits):
        return None
    return Attribution(outlet, "closing", last.start, last.end)


def same_outlet(named: str, tag: str) -> bool:
    """``大众日报`` and the tag ``大众日报新闻`` agree; so do ``新华社`` and ``新华社``.

    Whitespace does not count: the tag ``大众日报 新闻`` is FM011's to report, once."""
    a, b = "".join(named.split()), "".join(tag.split())
    b_core = b.removesuffix("新闻") or b
    a_core = a.removesuffix("新闻") or a
    return a == b or a_core == b_core
