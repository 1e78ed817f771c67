"""A post's `date` is not a date Jekyll can read.

## What it does
Reports a `date` that is not a calendar date with an optional time and offset
(`2022-02-11`, `2022-02-11 09:00:14`, `2022-02-11T09:00:14+08:00`): an offset
alone (`+0800`), month 13, a day that does not exist, free text.

## Why is this bad?
One post with an unreadable date stops `jekyll build` for the whole site:
"Invalid date '+0800': Document ... does not have a valid date in the YAML front matter."
Ruby's `Time.parse` reads a few other forms (`Feb 11, 2022 10:00`, and it moves
`2022-02-30` to March 2nd; a time alone, `09:00:14 +0800`, is dated the day of the
build): those build, but what day they mean is a guess for readers and tools alike, so
they are reported too (the message says what Jekyll makes of them), and finews-lint gives
such a post no URL.

## Example
```yaml
date:  +0800
```

## Use instead
```yaml
date: 2022-05-26 00:19:55 +0800
```

## Fix safety
Not fixable: the right date is not in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.dates import JekyllDate, parse_date
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "FM006"
NAME = "date-invalid"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok or "date" not in fm.data:
        return
    raw = fm.data["date"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return  # an empty date is FM003's
    parsed = parse_date(raw)
    if parsed is not None and not parsed.rolled_over:
        return
    span = fm.value_span("date")
    assert span is not None
    yield Problem(span.start, span.end, f"date '{raw}' {_what_jekyll_does(str(raw), parsed)}")


_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-+]\d{2}:?\d{2})?\s*$")
_NUMERIC_DAY = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")


def _what_jekyll_does(raw: str, rolled: JekyllDate | None) -> str:
    """What Jekyll (Ruby's ``Time.parse``) makes of a date that is not a calendar date:
    ``rolled`` is the date Ruby moves a day past the month's end to, if it is one."""
    if _TIME_ONLY.match(raw):
        return (
            "has a time but no day: Jekyll dates the post the day the site is built, so its"
            " URL changes with every build"
        )
    written = _NUMERIC_DAY.match(raw)
    if rolled is not None and written is not None:
        year, month, day = (int(part) for part in written.groups())
        return (
            f"is not a calendar date: Jekyll (Ruby) rolls {year}-{month:02d}-{day:02d} over"
            f" to {rolled.value.date().isoformat()}"
        )
    return (
        "is not a calendar date (expected e.g. 2022-02-11 09:00:14 +0800); Jekyll stops the"
        " whole build on a date it cannot read"
    )
