"""A post's `date` has no UTC offset.

## What it does
Reports a `date` with a time but no offset (`2021-12-08 11:03:50`). The message
gives the offset the site's `timezone` has at that moment.

## Why is this bad?
Without an offset Jekyll reads the time in the zone of the machine that builds the
site unless `timezone` is set; a CI runner in UTC then files a post made at 01:00
Beijing time under the previous day, which changes its URL.

## Example
```yaml
date: 2021-12-08 11:03:50
```

## Use instead
```yaml
date: 2021-12-08 11:03:50 +0800
```

## Fix safety
Safe: appends the offset of the site's `timezone` at that date (DST-aware, from
zoneinfo), written like the offsets of the site's other posts (`+0800` or `+08:00`,
whichever they use most; `+0800` when none has one), or as the option `offset-style`
says (`auto`, `+0800`, `+08:00`). Jekyll already reads an offsetless date in the
site's `timezone`, so the moment the date names, and the post's URL, do not change:
the fix only makes the date independent of the machine that builds the site. Not
fixed when the site sets no `timezone`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from finews_lint.dates import format_offset, parse_date
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import Field, RuleOptions

CODE = "FM005"
NAME = "date-timezone"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"


class Options(RuleOptions):
    offset_style: Literal["auto", "+0800", "+08:00"] = Field(default="auto", alias="offset-style")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok or "date" not in fm.data:
        return
    raw = fm.data["date"]
    parsed = parse_date(raw)
    if parsed is None or parsed.has_offset or not parsed.has_time:
        return
    span = fm.value_span("date")
    assert span is not None
    text = doc.text[span.start : span.end]
    zone = doc.site.zone
    if zone is None:
        yield Problem(
            span.start, span.end, f"date '{text}' has no UTC offset and the site sets no timezone"
        )
        return
    offset = format_offset(parsed.in_zone(zone))
    style = options.offset_style
    if style == "auto":
        style = doc.site.offset_style or "+0800"
    if style == "+08:00":
        offset = offset[:3] + ":" + offset[3:]
    name = doc.site.config.timezone
    fix = None
    if text == str(raw) or text[1:-1] == str(raw):
        closing = text[-1] if text[0] in "\"'" else ""
        at = span.end - len(closing)
        fix = Fix.replace(at, at, f" {offset}", description=f"add the offset {offset}")
    yield Problem(
        span.start,
        span.end,
        f"date '{raw}' has no UTC offset; the site timezone {name} gives {offset}",
        fix,
    )
