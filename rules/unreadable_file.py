"""A file cannot be read: a folder with a content name, a dangling link, no permission.

## What it does
The engine reports, instead of crashing, every file it was asked to lint but could
not read. The other files are linted as usual.

## Why is this bad?
Jekyll fails or skips the file too, and a gate that silently skips files lets
broken posts through.

## Example
```text
_posts/2022-01-01-x.md -> missing-target.md   (a dangling symbolic link)
```

## Use instead
A regular, readable file.

## Fix safety
Not fixable.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.rule import NoOptions

CODE = "IO001"
NAME = "unreadable-file"
TARGET = "engine"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: object, options: NoOptions) -> Iterator[Problem]:
    """Emitted by the engine when it loads files; there is nothing to check afterwards."""
    return iter(())
