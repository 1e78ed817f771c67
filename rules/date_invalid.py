"""A post's `date` is not a date Jekyll can read, or is written in a form only Ruby reads.

## What it does
Reports a `date` that is not a calendar date with an optional time and offset
(`2022-02-11`, `2022-02-11 09:00:14`, `2022-02-11T09:00:14+08:00`): an offset
alone (`+0800`), month 13, a day that does not exist, free text.

## Why is this bad?
One post with an unreadable date stops `jekyll build` for the whole site:
"Invalid date '+0800': Document ... does not have a valid date in the YAML front matter."
Ruby's `Time.parse` reads a few other forms: `20220211 09:00:14`, `2022.02.11`, `2022/02/11`,
`22-02-11`, `Feb 11, 2022 10:00`, `11/02/2022` (day first), a second offset after the
first (`+0800 +0800`: the first counts); it moves `2022-02-30` to March 2nd, and dates a
time alone (`09:00:14 +0800`) the day of the build. Those build, but what day they mean
is a guess for readers and tools alike, so they are reported too; the message says what
Jekyll makes of them, and finews-lint gives such a post no URL until it is fixed.

## Example
```yaml
date: 20220211 09:00:14
```

## Use instead
```yaml
date: 2022-02-11 09:00:14 +0800
```

## Fix safety
A date in one of the forms Ruby reads is written as the date Jekyll already gives the
post, `2022-02-11 09:00:14 +0800`: the offset it was written with, or, when it had none,
the offset of the site's `timezone` (Ruby reads such a time in it); a day alone stays a
day alone (`2022-02-11`). The post keeps its moment and its URL, so the fix is safe,
except for `02/11/2022`, where a reader may mean February and Ruby reads 2 November:
that one is unsafe. A date written the Chinese way (`2022年2月11日 09:00`), which stops
the build, is written the usual way with the site's offset: safe, it is the moment the
editor wrote. Not fixed: a zone by name (`CST`: FM005 says what to write), a time
without a UTC offset on a site without a `timezone`, and a date Jekyll cannot read or
must guess at (the right date is not in the file).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from finews_lint.dates import (
    SKIPPED_FOR_ITS_NAME,
    JekyllDate,
    is_post_file,
    parse_date,
    posts_date,
    unreadable_date_consequence,
)
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.frontmatter import quote_of
from finews_lint.rubydate import RubyReading, ruby_reading
from finews_lint.rule import NoOptions

CODE = "FM006"
NAME = "date-invalid"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok or "date" not in fm.data:
        return
    raw = fm.data["date"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return  # an empty date is FM003's
    parsed = parse_date(raw)
    span = fm.value_span("date")
    assert span is not None
    if parsed is not None and not parsed.rolled_over:
        if isinstance(raw, str) and _SLASHED.match(raw) and parsed.zone_name is None:
            reading = RubyReading("slashed", parsed.value, parsed.has_time, None, False)
            yield _usual_form(doc, span.start, span.end, raw, reading)
        return
    text = str(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    reading = ruby_reading(text) if parsed is None else None
    chinese = _CHINESE_DATE.match(text) if parsed is None and reading is None else None
    if chinese is not None:
        chinese_problem = _from_chinese(doc, span.start, span.end, text, chinese)
        if chinese_problem is not None:
            yield chinese_problem
            return
    if reading is None or reading.rolled_over:
        rolled = parsed or (reading and _as_rolled(reading))
        what = _what_jekyll_does(text, rolled, doc.name)
        yield Problem(span.start, span.end, f"date '{raw}' {what}")
        return
    yield _usual_form(doc, span.start, span.end, text, reading)


def _as_rolled(reading: RubyReading) -> JekyllDate:
    return JekyllDate(reading.moment, reading.has_time, False, rolled_over=True)


def _usual_form(doc: Document, start: int, end: int, text: str, reading: RubyReading) -> Problem:
    """A date in a form Ruby reads: say what it reads, and write that as posts write it."""
    moment = reading.moment
    day = moment.strftime("%Y-%m-%d")
    clock = moment.strftime("%H:%M:%S")
    zone = doc.site.zone
    if moment.tzinfo is not None:
        written: str | None = posts_date(moment)
        read_as = written
    elif not reading.has_time:
        written = read_as = day
    else:
        read_as = f"{day} {clock} in the site's timezone"
        written = None if zone is None else posts_date(moment.replace(tzinfo=zone))
    message = (
        f"date '{text}' is not written as posts write dates: Jekyll (Ruby) reads it as {read_as}"
    )
    if reading.zone_name is not None:
        return Problem(start, end, message + "; write a UTC offset for it")
    if written is None:
        return Problem(start, end, f"{message}, and {doc.site.no_zone}")
    quote = quote_of(doc.text[start:end])
    ambiguous = reading.ambiguous
    if ambiguous:
        message += f" (day first: {moment.day} {moment.strftime('%B')})"
    fix = Fix.replace(
        start + len(quote),
        end - len(quote),
        written,
        safe=not ambiguous,
        description=f"write the date as {written}",
    )
    return Problem(start, end, f"{message}; write {written}", fix)


#: ``2022/02/11``: Jekyll reads it (Ruby's ``Time.parse``), YAML does not as a date.
_SLASHED = re.compile(r"^\s*\d{4}/\d{1,2}/\d{1,2}(?!\d)")
#: ``2022年2月11日``, with a time (``09:00``, ``09:00:14``, ``9时0分``, ``9点``) or not.
_CHINESE_DATE = re.compile(
    r"""^\s*(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]
    (?:\s*(?P<hour>\d{1,2})\s*(?::|时|点)\s*(?:(?P<minute>\d{1,2})\s*(?::|分)?\s*
    (?:(?P<second>\d{1,2})\s*秒?)?)?)?\s*$""",
    re.VERBOSE,
)


def _from_chinese(
    doc: Document, start: int, end: int, text: str, match: re.Match[str]
) -> Problem | None:
    """``2022年2月11日 09:00``: Ruby cannot read it and the build stops, but what it means is
    plain; written as posts write dates, in the site's timezone. None for no calendar day."""
    parts = {key: int(value) for key, value in match.groupdict().items() if value is not None}
    try:
        moment = datetime(
            parts["year"],
            parts["month"],
            parts["day"],
            parts.get("hour", 0),
            parts.get("minute", 0),
            parts.get("second", 0),
        )
    except ValueError:
        return None
    message = f"date '{text}' is written the Chinese way: Jekyll (Ruby) cannot read it and " + (
        "stops the whole build" if is_post_file(doc.name) else SKIPPED_FOR_ITS_NAME
    )
    zone = doc.site.zone
    if "hour" not in parts:
        written = moment.strftime("%Y-%m-%d")
    elif zone is None:
        return Problem(start, end, message + "; write e.g. 2022-02-11 09:00:14 +0800")
    else:
        written = posts_date(moment.replace(tzinfo=zone))
    inset = len(quote_of(doc.text[start:end]))
    return Problem(
        start,
        end,
        f"{message}; write {written}",
        Fix.replace(
            start + inset, end - inset, written, description=f"write the date as {written}"
        ),
    )


_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-+]\d{2}:?\d{2})?\s*$")
_NUMERIC_DAY = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")


def _what_jekyll_does(raw: str, rolled: JekyllDate | None, name: str) -> str:
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
    if rolled is not None:
        return (
            "is not a calendar date: Jekyll (Ruby) rolls it over to"
            f" {rolled.value.date().isoformat()}"
        )
    return (
        "is not a calendar date (expected e.g. 2022-02-11 09:00:14 +0800);"
        f" {unreadable_date_consequence(name)}"
    )
