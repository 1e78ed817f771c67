"""The source link a category's posts share: their article's address with the article id
of the file name in it (``http://finews.zning.xyz/html_News/NewsShare.html?infoCode={id}``).

A generator that writes the empty ``<>`` lost one post's URL, not its outlet's URL scheme.
When the category's other posts all link to their article as one template of their own
ids, the lost link is that template with this post's id; when they disagree (eastmoney's
column numbers vary: ``news/11060,…``, ``news/1405,…``), there is no template.
"""

from __future__ import annotations

import heapq
import re
from typing import TYPE_CHECKING

from .permalink import POST_NAME

if TYPE_CHECKING:
    from .site import Site

#: A source link as the generators write it: an autolink alone on its line.
_SOURCE_LINE = re.compile(r"^<(https?://[^\s<>]+)>[ \t]*\r?$", re.MULTILINE)
#: The newest posts of the category read for the template, and how many must agree.
SAMPLE = 24
AGREEING = 3
ID_FIELD = "{id}"


def article_id(name: str) -> str:
    """The article's id from a post's file name (``NW202202112273370064``), which the
    generators' source links carry (``…?infoCode=NW202202112273370064``); or ``""``."""
    named = POST_NAME.match(name)
    return named.group(2) if named is not None and len(named.group(2)) >= 6 else ""


def template_of(url: str, ident: str) -> str | None:
    """``url`` with the article id written as ``{id}``; None when it does not hold the id
    exactly once (or holds a brace, which the template could not keep)."""
    if not ident or url.count(ident) != 1 or "{" in url or "}" in url:
        return None
    return url.replace(ident, ID_FIELD)


def category_template(site: Site, category: str, relpath: str) -> tuple[str, int] | None:
    """The template the newest posts of ``category`` (other than ``relpath``) agree on, and
    how many were read; None when fewer than ``AGREEING`` were read or any disagrees.

    Recorded as a fact about the site (``Site.reads``), which the result cache checks on a
    warm run by asking again: the category's newest posts are read once a run. While the
    posts are linted before the post index exists (``Site.guessing``), the guess is that
    there is none; the one-pass run checks it once the index is in, as its other guesses."""
    found = None if site.guessing else _agreed(site, category, relpath)
    if site.reads is not None:
        site.reads.append(("source", f"{category}\n{relpath}", _fact(found)))
    return found


def fact_holds(site: Site, argument: str, value: str) -> bool:
    """Whether a recorded ``category_template`` answer is still the answer."""
    category, _, relpath = argument.partition("\n")
    return _fact(_agreed(site, category, relpath)) == value


def _newest_posts(site: Site, category: str, count: int) -> list[str]:
    """The paths of the ``count`` posts of ``category`` that sort last (the newest), last first.

    Read from the post index's columns, touching as few of its objects as it can: `fix`
    workers share the index with the process that built it, and each object they touch
    (a reference count written) copies its page. Walking every post's entry copied the
    whole index into each worker (~7 MB a worker at 20,000 posts). With one posts folder the
    paths are in order already: the last posts of the category are the newest.
    """
    table = site.post_table
    relpaths = table.relpaths
    rows = [n for n, categories in enumerate(table.column("categories")) if category in categories]
    if len(site.listed_post_folders) == 1:
        return [relpaths[n] for n in reversed(rows[-count:])]
    return heapq.nlargest(count, (relpaths[n] for n in rows))


def _fact(found: tuple[str, int] | None) -> str:
    return "" if found is None else f"{found[0]}\n{found[1]}"


def _agreed(site: Site, category: str, relpath: str) -> tuple[str, int] | None:
    if category not in site.source_templates:
        newest = _newest_posts(site, category, SAMPLE + 1)
        site.source_templates[category] = [(path, _template_in(site, path)) for path in newest]
    read = [template for path, template in site.source_templates[category] if path != relpath]
    read = read[:SAMPLE]
    agreed = set(read)
    if len(read) < AGREEING or len(agreed) != 1 or None in agreed:
        return None
    template = agreed.pop()
    assert template is not None
    return template, len(read)


def _template_in(site: Site, relpath: str) -> str | None:
    """The template of the last source link of the post at ``relpath``, or None."""
    try:
        text = (site.root / relpath).read_bytes().decode("utf-8", "replace")
    except OSError:
        return None
    links = _SOURCE_LINE.findall(text)
    if not links:
        return None
    return template_of(links[-1], article_id(relpath.rsplit("/", 1)[-1]))
