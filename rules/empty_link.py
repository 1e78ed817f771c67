"""A link has nothing to click: no text and no image with `alt` text.

## What it does
Reports `<a href>` elements whose content shows no text and holds no image with
`alt` text, and Markdown links with empty brackets (`[](url)`). Links whose content is
Liquid (`{{ ... }}`) are left alone.

## Why is this bad?
An empty link is invisible on the page, yet screen readers announce it by its URL and
search engines follow it. Scraped stock quotes leave them behind when the quote text
was filled in by a script on the source site.

## Example
```html
<p>据悉，<a href="http://quote.example.com/1.600160"></a>发布公告。</p>
```

## Use instead
```html
<p>据悉，<a href="http://quote.example.com/1.600160">巨化股份</a>发布公告。</p>
```

## Fix safety
Not fixable: the link's text is for the author to write (or the link to remove).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from finews_lint.body import Body
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

if TYPE_CHECKING:
    from lxml import etree

CODE = "HT011"
NAME = "empty-link"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions

_LIQUID = re.compile(r"(?=\{[{%])")  # every place one starts, overlapping ones too


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    body = doc.body
    if any(tag.name == "a" for tag in body.tags):
        tree = body.tree
        links = tree.iter("a")
        shows: dict[etree._Element, bool] = {}
        for element in reversed(links):  # links inside links first: each is read once
            shows[element] = _shows_something(element, shows)
        for element in links:
            if element.get("href") is None or shows[element]:
                continue
            start, end = tree.span(element)
            if _holds_liquid(body, start, end):
                continue
            tag = tree.start_tag(element)
            yield Problem(tag.start, tag.end, f"link to {element.get('href')} has no text")
    for link in body.markdown_links:
        if link.kind == "markdown" and not link.text.strip():
            yield Problem(link.start, link.end, f"link to {link.target} has no text")


def _holds_liquid(body: Body, start: int, end: int) -> bool:
    """Whether ``{{`` or ``{%`` is written between ``start`` and ``end`` (asked of a sorted
    list: 20,000 nested links each copied the text of all the links inside it)."""
    openers = body.memo(_holds_liquid, lambda: [m.start() for m in _LIQUID.finditer(body.text)])
    at = bisect.bisect_left(openers, start)
    return at < len(openers) and openers[at] + 2 <= end


def _shows_something(link: etree._Element, known: dict[etree._Element, bool]) -> bool:
    """Whether ``link`` holds text or an image with ``alt`` text. The links inside it are
    in ``known`` and not read again: 10,000 nested links made 10,000 reads of the deepest."""
    pending = [link]
    while pending:
        element = pending.pop()
        if element is not link:
            if element.tail and element.tail.strip():
                return True
            inner = known.get(element)
            if inner is not None:
                if inner:
                    return True
                continue
            if element.tag == "img" and (element.get("alt") or "").strip():
                return True
        if element.text and element.text.strip():
            return True
        pending.extend(element)
    return False
