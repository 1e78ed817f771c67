"""A rule crashed on a file: a bug in finews-lint or in a plugin, not in the post.

## What it does
When a rule raises an exception, the engine reports it on the file, with the rule's
code and name and where it failed, and goes on with the other rules and files.

## Why is this bad?
The crashed rule did not check the file. Please report the message and the file.

## Example
```text
_posts/x.md:1:1: INT001 rule HT001 (unbalanced-tags) crashed on this file: ...
```

## Use instead
Upgrade finews-lint or the plugin once it is fixed; `--ignore` the rule meanwhile.

## Fix safety
Not fixable.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.rule import NoOptions

CODE = "INT001"
NAME = "internal-error"
TARGET = "engine"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: object, options: NoOptions) -> Iterator[Problem]:
    """Emitted by the engine when another rule raises."""
    return iter(())
