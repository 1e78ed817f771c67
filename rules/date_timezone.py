"""A post's `date` has no UTC offset.

## What it does
Reports a `date` with a time but no offset (`2021-12-08 11:03:50`). The message
gives the offset the site's `timezone` has at that moment.

## Why is this bad?
Jekyll does not read such a date in the site's `timezone`. Written plainly, as
generators write it, YAML (Ruby's Psych) reads `2021-12-08 17:30:00` as 17:30 UTC: in
Asia/Shanghai the post is dated 2021-12-09 01:30, eight hours after the time its text
gives, and its URL names the 9th (every post written at 16:00 or later lands on the next
day). Quoted (`"2021-12-08 17:30:00"`), it is read in the zone of the machine that builds
the site unless `timezone` is set. When the offset moves the post's URL, the message
says so and names both URLs.

## Example
```yaml
date: 2021-12-08 11:03:50
```

## Use instead
```yaml
date: 2021-12-08 11:03:50 +0800
```

## Fix safety
Appends the offset of the site's `timezone` at that date (DST-aware, from zoneinfo),
written like the offsets of the site's other posts (`+0800` or `+08:00`, whichever they
use most; `+0800` when none has one), or as the option `offset-style` says (`auto`,
`+0800`, `+08:00`), so the post is dated at the time its text gives. Safe when the
post's URL stays the same: a quoted date (Jekyll already reads it in the site's
`timezone`), or a plain one whose day (and any other part the permalink uses) is the
same read either way. Unsafe when the URL would move (a plain date at 16:00 or later in
Asia/Shanghai: the post goes back to the day its text gives, and links to the URL it
has now break); the message names both URLs. Not fixed when the site sets no `timezone`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from typing import Literal

from finews_lint.dates import JekyllDate, format_offset, parse_date
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


def _may_move(parsed: JekyllDate, zone: tzinfo, template: object) -> bool:
    """Whether reading the date's digits in ``zone`` instead of UTC may change its URL: the
    day changes, or the permalink uses the time of day (else no URL is computed: ~25 us)."""
    as_read = parsed.in_zone(zone)
    as_fixed = parsed.value.replace(tzinfo=zone)
    shown = str(template)
    return as_read.date() != as_fixed.date() or any(
        f":{part}" in shown for part in ("hour", "minute", "second")
    )


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
    message = f"date '{raw}' has no UTC offset; the site timezone {name} gives {offset}"
    moved = None
    if parsed.read_as_utc and _may_move(
        parsed, zone, fm.data.get("permalink") or doc.site.template
    ):
        now = doc.site.post_url(
            doc.relpath, fm.data
        )  # the URL Jekyll gives it, and with the offset
        fixed = doc.site.post_url(doc.relpath, {**fm.data, "date": f"{raw} {offset}"})
        if now != fixed:
            local = parsed.in_zone(zone).strftime("%Y-%m-%d %H:%M:%S")
            moved = f"{now} to {fixed}"
            message += (
                f" (Jekyll reads it as UTC, {local} in {name}: with the offset its URL"
                f" moves from {moved})"
            )
    fix = None
    if text == str(raw) or text[1:-1] == str(raw):
        closing = text[-1] if text[0] in "\"'" else ""
        at = span.end - len(closing)
        description = f"add the offset {offset}" + (" (the post's URL moves)" if moved else "")
        fix = Fix.replace(at, at, f" {offset}", safe=moved is None, description=description)
    yield Problem(span.start, span.end, message, fix)
