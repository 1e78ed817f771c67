"""Text in the body is hidden from readers.

## What it does
Reports an element that hides text from readers: an inline `style` with
`display:none` or `visibility:hidden`, or the `hidden` attribute, when the element
holds visible text. An empty hidden element (the spacer
`<p style="display:none;height:1px;overflow:hidden;"><br /></p>` that one generator
writes before stock charts) hides nothing and is not reported. One finding covers
everything the element holds: a hidden element inside it (or inside one never closed,
which holds the rest of its parent) is not reported again.

## Why is this bad?
Hidden text on a news page is either leftover markup from the scraped site, or text
meant for search engines and not for readers, which search engines treat as cloaking.
Either way the post says something its readers cannot see.

## Example
```html
<p style="display: none">沪指收涨0.8%，点击查看更多行情。</p>
<p>正文。</p>
```

## Use instead
```html
<p>正文。</p>
```

## Fix safety
Not fixable: whether the text should be shown or deleted is for the author to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from finews_lint.body import Body
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

if TYPE_CHECKING:
    from lxml import etree

CODE = "HT005"
NAME = "hidden-content"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions

_HIDING = re.compile(r"(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)


def _may_hide(body: Body) -> bool:
    """False when no tag has a `style` or `hidden` attribute (no tree needed to know)."""
    return any(a.name in ("style", "hidden") for tag in body.tags for a in tag.attributes)


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if not _may_hide(doc.body):
        return
    tree = doc.body.tree
    shown_in_finding: set[etree._Element] = set()  # the elements reported and all inside them
    for element in tree.iter():  # document order: parents before what they hold
        if element.getparent() in shown_in_finding:
            shown_in_finding.add(element)  # its text is in that finding already
            continue
        style = element.get("style") or ""
        match = _HIDING.search(style)
        how = re.sub(r"\s+", "", match.group(1)).lower() if match else "the `hidden` attribute"
        if match is None and element.get("hidden") is None:
            continue
        text = element.text_content().strip()
        if not text:
            continue
        shown_in_finding.add(element)
        tag = tree.start_tag(element)
        shown = text if len(text) <= 20 else text[:20] + "…"
        yield Problem(
            tag.start, tag.end, f"<{tag.name}> hides its text from readers ({how}): '{shown}'"
        )
