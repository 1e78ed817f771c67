"""Two elements of the body have the same `id`.

## What it does
Reports every element whose `id` an earlier element of the same body already has.
Stock-quote markup gives each mention an id such as `stock_1.600160`; mentioning the
same stock twice with the same id is the common case.

## Why is this bad?
An `id` must be unique in a page: links to `#id`, the site's scripts and CSS that
target the id find only the first element, so the second quote box stays empty.

## Example
```html
<p><span id="stock_1.600160">巨化股份</span>公告，<span id="stock_1.600160">巨化股份</span>上涨。</p>
```

## Use instead
```html
<p><span id="stock_1.600160">巨化股份</span>公告，<span class="stock_1.600160">巨化股份</span>上涨。</p>
```

## Fix safety
Not fixable: which element keeps the id matters to the scripts that use it.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT010"
NAME = "duplicate-id"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for tag in doc.body.tags:
        if tag.is_end:
            continue
        value = tag.attribute("id")
        if not value or "{{" in value:
            continue
        if value in first:
            attribute = next(a for a in tag.attributes if a.name == "id")
            yield Problem(
                attribute.start,
                attribute.end,
                f"id '{value}' is already used at {doc.lines.where(first[value])}",
            )
        else:
            first[value] = tag.start
