"""A paragraph holds nothing a reader can see.

## What it does
Reports `<p>` elements with no text and no image or other media: empty, only
whitespace, `&nbsp;`, or `<br>`. Hidden paragraphs (`style="display:none"`) are left
to HT005; a paragraph with an `id` (or holding an element with one) is an anchor a link
such as `#zw` may go to, not a gap left by accident.

## Why is this bad?
Scraped bodies keep the empty paragraphs the source site used as spacers; on the news
site they show as random gaps between paragraphs, and they are noise for every check
that reads paragraphs.

## Example
```html
<p>第一段。</p><p>&nbsp;</p><p><br /></p><p>第二段。</p>
```

## Use instead
```html
<p>第一段。</p><p>第二段。</p>
```

## Fix safety
Safe: removes the empty paragraph, start tag to end tag. It holds no text, so nothing a
reader reads is lost. A paragraph of spaces or `&nbsp;` between two tags is replaced by
one space, so the words on either side stay apart. Not fixed when the paragraph has no
end tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.body import Body
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT006"
NAME = "empty-paragraph"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = "safe"
Options = NoOptions

_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)  # dropped from the tree
_SPACE = re.compile(r"\s|&nbsp;|&#160;|&#xa0;", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
SPACING_ONLY = frozenset({"br", "wbr", "span", "strong", "em", "b", "i", "font"})


def _may_have_empty_paragraph(body: Body) -> bool:
    """False when every `<p>` starts with text a reader sees (no tree needed to know)."""
    tags = body.tags
    for index, tag in enumerate(tags):
        if tag.is_end or tag.name != "p":
            continue
        end = tags[index + 1].start if index + 1 < len(tags) else len(body.text)
        text = body.text[tag.end : end]
        if not text.strip() or any(c in text for c in "<{&") or _CONTROL.search(text):
            return True
    return False


def _spacer(text: str, start: int, end: int, inner: str) -> str:
    """What replaces an empty paragraph: a space when it held spaces between two non-spaces
    (``<p>x</p><p>&nbsp;</p><p>y</p>``: without one, x and y would run together)."""
    if not inner or start == 0 or end >= len(text):
        return ""
    if text[start - 1].isspace() or text[end].isspace():
        return ""
    return " " if _SPACE.search(_TAG.sub("", inner)) else ""  # `<br />`'s space is no text


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if not _may_have_empty_paragraph(doc.body):
        return
    tree = doc.body.tree
    for element in tree.iter("p"):
        if _HIDING.search(element.get("style") or "") or element.get("hidden") is not None:
            continue
        if any(element.get(name) is not None for name in ("id", "name")) or any(
            child.get("id") is not None or child.get("name") is not None
            for child in element.iterdescendants()
        ):
            continue  # an anchor (`<p id="zw"></p>`): a link `#zw` may go to it
        if element.text_content().replace("\xa0", " ").strip():
            continue
        if any(child.tag not in SPACING_ONLY for child in element.iterdescendants()):
            continue
        start, end = tree.span(element)
        inner = doc.text[tree.start_tag(element).end : end]
        if "{{" in inner or "{%" in inner or "<!--" in inner:
            continue  # Liquid or a comment may stand for content
        fix = None
        if tree.end_tag(element) is not None:
            fix = Fix.replace(
                start,
                end,
                _spacer(doc.text, start, end, inner),
                description="remove the empty paragraph",
            )
        yield Problem(
            start,
            tree.start_tag(element).end,
            "empty paragraph: it shows as a gap, not as text",
            fix,
        )
