"""An HTML element names the same attribute twice.

## What it does
Reports the copies of an attribute that the published page drops, on one start tag such
as `<span class="keytip" class="em_stock">`. Attribute names compare without case. In a
Markdown file Jekyll's converter (kramdown) rebuilds the HTML and keeps the last copy, so
the earlier ones are reported; in an HTML file the tag is published as written and
browsers keep the first, so the later ones are.

## Why is this bad?
The markup says two things and only one of them is true: a generator that appends
`class` or `style` instead of merging it loses what it meant to add (in a Markdown post,
`class="keytip"` above is gone from the page and `em_stock` is what readers get).

## Example
```html
<p><span class="keytip" data-code="1,600160" class="em_stock">巨化股份</span>发布公告。</p>
```

## Use instead
```html
<p><span class="keytip em_stock" data-code="1,600160">巨化股份</span>发布公告。</p>
```

## Fix safety
Safe: removes the copies the published page drops (checked against a Jekyll 4.3.1
build), so the page does not change. Merging the values is left to the author.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.site import MARKDOWN_SUFFIXES

CODE = "HT002"
NAME = "duplicate-attribute"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    text = doc.text
    markdown = doc.path.suffix.lower() in MARKDOWN_SUFFIXES
    kept_by = (
        "Jekyll's Markdown converter keeps only the last"
        if markdown
        else ("browsers keep only the first")
    )
    for tag in doc.body.tags:
        attributes = tag.attributes
        if len(attributes) < 2:
            continue
        names = [attribute.name for attribute in attributes]
        if len(set(names)) == len(names):
            continue
        kept_at: dict[str, int] = {}  # the copy the page keeps, by name
        for index, name in enumerate(names):
            if markdown or name not in kept_at:
                kept_at[name] = index
        counts = Counter(names)
        for index, attribute in enumerate(attributes):
            if counts[attribute.name] < 2 or index == kept_at[attribute.name]:
                continue
            # The copy and the space before it; the first attribute takes the space after it.
            if index > 0:
                start, end = attributes[index - 1].end, attribute.end
                gap = text[start : attribute.start]
            else:
                start, end = attribute.start, attributes[1].start
                gap = text[attribute.end : end]
            fix = Fix.replace(
                start, end, "", description=f"remove the copy of `{attribute.name}` the page drops"
            )
            yield Problem(
                attribute.start,
                attribute.end,
                f"<{tag.name}> has the attribute `{attribute.name}` more than once; {kept_by}",
                fix if gap.isspace() else None,
            )
