"""A front matter key is written twice.

## What it does
Reports every repetition of a key in the front matter.

## Why is this bad?
YAML loaders keep the last value silently, so an editor who fixes the first
`title:` sees no change on the site.

## Example
```yaml
title: "旧标题"
title: "新标题"
```

## Use instead
```yaml
title: "新标题"
```

## Fix safety
Not fixable: which value is meant is the editor's call.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "FM009"
NAME = "duplicate-key"
TARGET = "front-matter"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok:
        return
    for name, span in fm.duplicate_keys:
        yield Problem(
            span.start, span.end, f"key '{name}' is written more than once; the last one wins"
        )
