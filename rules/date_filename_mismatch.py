"""A post's file name lacks the `YYYY-MM-DD-` prefix, or it disagrees with `date`.

## What it does
Checks that the name of a file in `_posts/` starts with a date written `YYYY-MM-DD`,
and that this date is the day of the post's `date` in the site's timezone, read as
Jekyll reads it: a plain `2021-12-08 17:30:00` without offset is 17:30 UTC (see FM005),
the 9th in Asia/Shanghai. Jekyll also takes a two- or three-digit year (`22-02-11-x.md`
is published as of 2022-02-11 when the post has no `date`): that is reported too, with
the year Jekyll reads.

## Why is this bad?
Jekyll silently skips a post whose name has no date: it never appears on the site.
When the two dates differ, the URL uses `date` while the file name says otherwise,
so links built from the file name break and editors look for the post in the wrong day.

## Example
```text
_posts/-202205262391921712.md        date: 2022-05-26 00:19:55 +0800
_posts/2021-12-07-note.md            date: 2021-12-08 10:00:00 +0800
```

## Use instead
```text
_posts/2022-05-26-202205262391921712.md
_posts/2021-12-08-note.md
```

## Fix safety
Not fixable: renaming files is left to the user (`git mv`).
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.dates import POST_FILE, file_date, parse_date
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "FM007"
NAME = "date-filename-mismatch"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    name = doc.name
    match = POST_FILE.match(name)
    fm = doc.front_matter
    span = fm.value_span("date") if fm is not None and fm.ok else None
    if match is None:
        yield Problem(
            0,
            doc.lines.line_end(1),
            f"file name '{name}' lacks the YYYY-MM-DD- prefix: Jekyll skips this post",
        )
        return
    named = file_date(match.group(1))
    if named is None:
        yield Problem(
            0, doc.lines.line_end(1), f"file name '{name}' starts with a day that does not exist"
        )
        return
    if len(match.group(2)) < 4:
        yield Problem(
            0,
            doc.lines.line_end(1),
            f"file name '{name}' writes the year with {len(match.group(2))} digits:"
            f" Jekyll reads {named.isoformat()}; write the YYYY-MM-DD- prefix",
        )
    if span is None or fm is None:
        return
    parsed = parse_date(fm.data.get("date"))
    if parsed is None:
        return
    zone = doc.site.zone
    day = parsed.in_zone(doc.site.url_zone).date()
    if day != named:
        where = f" in {doc.site.config.timezone}" if zone and parsed.has_offset else ""
        if zone is None and doc.site.config.timezone and parsed.has_offset:
            where = f" in UTC (the timezone '{doc.site.config.timezone}' is no zone Ruby knows)"
        if parsed.read_as_utc:
            zone_name = f" in {doc.site.config.timezone}" if zone else ""
            where = f"{zone_name} (Jekyll reads a date without offset as UTC)"
        yield Problem(
            span.start,
            span.end,
            f"file name says {named.isoformat()} but date is {day.isoformat()}{where};"
            " Jekyll uses the date for the URL",
        )
