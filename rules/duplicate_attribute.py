"""An HTML element names the same attribute twice.

## What it does
Reports the second and later copies of an attribute on one start tag, such as
`<span class="keytip" class="em_stock">`. Attribute names compare without case.

## Why is this bad?
Browsers keep the first copy and silently drop the others, so the markup says two
things and only one of them is true: a generator that appends `class` or `style`
instead of merging it loses what it meant to add.

## Example
```html
<p><span class="keytip" data-code="1,600160" class="em_stock">巨化股份</span>发布公告。</p>
```

## Use instead
```html
<p><span class="keytip em_stock" data-code="1,600160">巨化股份</span>发布公告。</p>
```

## Fix safety
Safe: removes the later copies, which browsers ignore anyway, so the page does not
change. Merging the values is left to the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT002"
NAME = "duplicate-attribute"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    text = doc.text
    for tag in doc.body.tags:
        seen: set[str] = set()
        for index, attribute in enumerate(tag.attributes):
            if attribute.name not in seen:
                seen.add(attribute.name)
                continue
            previous = tag.attributes[index - 1]
            fix = Fix.replace(
                previous.end, attribute.end, "", description=f"remove the second `{attribute.name}`"
            )
            yield Problem(
                attribute.start,
                attribute.end,
                f"<{tag.name}> has the attribute `{attribute.name}` more than once;"
                " browsers keep only the first",
                fix if text[previous.end : attribute.start].isspace() else None,
            )
