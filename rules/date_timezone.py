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
from finews_lint.frontmatter import quote_of
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
    if parsed is not None and parsed.zone_name is not None:
        yield from _named_zone(doc, parsed, str(raw), options)
        return
    if parsed is None or parsed.has_offset or not parsed.has_time:
        return
    span = fm.value_span("date")
    assert span is not None
    text = doc.text[span.start : span.end]
    zone = doc.site.zone
    if zone is None:
        yield Problem(
            span.start, span.end, f"date '{text}' has no UTC offset and {doc.site.no_zone}"
        )
        return
    offset = _site_offset(doc, parsed, zone, options)
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
        closing = quote_of(text)
        at = span.end - len(closing)
        description = f"add the offset {offset}" + (" (the post's URL moves)" if moved else "")
        fix = Fix.replace(at, at, f" {offset}", safe=moved is None, description=description)
    yield Problem(span.start, span.end, message, fix)


def _site_offset(doc: Document, parsed: JekyllDate, zone: tzinfo, options: Options) -> str:
    """The offset ``zone`` has at the date's digits, written in the configured style."""
    style = options.offset_style
    if style == "auto":
        style = doc.site.offset_style or "+0800"
    return format_offset(parsed.value.replace(tzinfo=None).replace(tzinfo=zone), style == "+08:00")


def _named_zone(doc: Document, parsed: JekyllDate, raw: str, options: Options) -> Iterator[Problem]:
    """A zone written by name: Ruby knows a few (``CST`` is US Central, -0600) and ignores
    the others (``BJT``: the time is read in the site's timezone). Either way the name is
    replaced by the offset the site's timezone has at that time."""
    fm = doc.front_matter
    assert fm is not None
    span = fm.value_span("date")
    assert span is not None
    named = str(parsed.zone_name)
    text = doc.text[span.start : span.end]
    if parsed.has_offset:
        read = f"which Jekyll (Ruby) reads as {format_offset(parsed.value)}"
        if named.upper() == "CST":
            read += " (US Central Time, not China Standard Time)"
    else:
        read = "which Jekyll does not know: it reads the time in the site's timezone"
    message = f"date '{raw}' names its zone '{named}', {read}"
    zone = doc.site.zone
    at = text.rfind(named)
    if zone is None or at < 0:
        yield Problem(span.start, span.end, message + "; write a UTC offset")
        return
    offset = _site_offset(doc, parsed, zone, options)
    fixed_date = raw[: raw.rfind(named)] + offset
    message += f"; the site timezone {doc.site.config.timezone} gives {offset}"
    moves = parsed.has_offset and doc.site.post_url(doc.relpath, fm.data) != doc.site.post_url(
        doc.relpath, {**fm.data, "date": fixed_date}
    )
    if moves:
        message += " (with the offset the post's URL moves)"
    start = span.start + at
    yield Problem(
        span.start,
        span.end,
        message,
        Fix.replace(
            start,
            start + len(named),
            offset,
            safe=not moves,
            description=f"write the offset {offset}" + (" (the post's URL moves)" if moves else ""),
        ),
    )
