"""A post's front matter has a key neither Jekyll nor the site knows.

## What it does
Reports keys that are not Jekyll's (`layout`, `title`, `date`, `categories`,
`tags`, `permalink`, `published`, …) nor listed in the option `extra-keys`.

## Why is this bad?
A misspelt key (`categorie:`, `tag:s`) is silently ignored by Jekyll: the post
loses its category or tags without any error.

## Example
```yaml
categorie: emnews
```

## Use instead
```yaml
categories: emnews
```

## Fix safety
Not fixable.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import Field, RuleOptions
from finews_lint.schemas.keys import KNOWN_KEYS

CODE = "FM010"
NAME = "unknown-key"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "warning"
FIXABLE = None


class Options(RuleOptions):
    extra_keys: list[str] = Field(default_factory=list, alias="extra-keys")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok:
        return
    known = KNOWN_KEYS | set(options.extra_keys)
    for key, span in fm.keys.items():
        if key in known:
            continue
        import difflib  # only for an unknown key: most runs never meet one

        close = difflib.get_close_matches(key, sorted(known), n=1)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else " (add it to extra-keys if the site uses it)"
        )
        yield Problem(span.start, span.end, f"unknown front matter key '{key}'{hint}")
