"""A suppression comment or front matter key suppresses nothing.

## What it does
Reports a `finews-lint: disable-next-line=CODE` comment, or a front matter
`finews-lint: {disable: [CODE]}`, when no diagnostic of that code was there to
suppress, or when no rule has that code or a code starting with it (a typo: `HT0001`,
`ZZ001`; a prefix such as `HT00` suppresses HT001 to HT009).

## Why is this bad?
Stale suppressions hide the next real problem on that line and clutter posts.

## Example
```markdown
<!-- finews-lint: disable-next-line=HT001 -->
<p>balanced</p>
```

## Use instead
```markdown
<p>balanced</p>
```

## Fix safety
Not fixable.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.rule import NoOptions

CODE = "SUP001"
NAME = "unused-suppression"
TARGET = "engine"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: object, options: NoOptions) -> Iterator[Problem]:
    """Emitted by the engine after it applies suppressions."""
    return iter(())
