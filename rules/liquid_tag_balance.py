"""The tag balance of the body cannot be judged: Liquid branches open or close different tags.

## What it does
Reports, once per file, the first Liquid block (`{% if %}`, `{% case %}`, `{% for %}`,
...) whose branches do not open and close the same HTML elements, for example an `if`
that opens a `<div>` its `else` does not open. The balance then depends on the data the
site is built with, so HT001 stays silent for the file instead of guessing.

## Why is this bad?
A page whose markup is balanced only for some values of a variable breaks when the
data changes, and no linter can check it. Open and close each element inside the same
branch, or outside the block.

## Example
```html
{% if page.image %}<div class="figure">{% endif %}
<p>配图说明</p>
</div>
```

## Use instead
```html
{% if page.image %}<div class="figure">{% else %}<div>{% endif %}
<p>配图说明</p>
</div>
```

## Fix safety
Not fixable: which branch is right is for the author to decide.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.balance import judge
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT007"
NAME = "liquid-tag-balance"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    # judged as HT001 judges by default; the verdict is shared with HT001 through the body
    block = judge(doc.body).unjudgeable
    if block is not None:
        yield Problem(
            block.opening.start,
            block.opening.end,
            f"tag balance cannot be judged: the branches of this Liquid `{block.kind}` block"
            " open or close different HTML elements",
        )
