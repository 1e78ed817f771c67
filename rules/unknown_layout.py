"""The `layout` names no file in `_layouts/`.

## What it does
Compares `layout` with the files of the site's `_layouts/` folder. `layout: null`
and `layout: none` (no layout, as Jekyll allows) pass. Sites without a
`_layouts/` folder (a theme provides them) are not checked.

## Why is this bad?
Jekyll renders a post with an unknown layout as a bare fragment: no page template,
no title, no styles, and only a warning in the build log.

## Example
```yaml
layout: posts
```

## Use instead
```yaml
layout: post
```

## Fix safety
Not fixable.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "FM004"
NAME = "unknown-layout"
TARGET = "front-matter"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok or "layout" not in fm.data:
        return
    layout = fm.data["layout"]
    if layout is None or layout is False or str(layout).strip().lower() in ("", "none", "null"):
        return
    known = doc.site.layouts
    if not known or str(layout) in known:
        return
    span = fm.value_span("layout")
    assert span is not None
    choices = ", ".join(sorted(known))
    yield Problem(span.start, span.end, f"layout '{layout}' is not in _layouts/ (known: {choices})")
