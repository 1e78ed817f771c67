"""A post lacks one of the fields every post needs, or leaves it empty.

## What it does
Checks that `layout`, `title`, `date`, `categories` and `tags` are present
and not empty (`""`, `[]` or no value). The list is the option `fields`. Jekyll reads
a singular `category:` or `tag:` as the plural, so either one will do.

## Why is this bad?
A post without a title shows an empty heading and link; without categories or tags
it never appears on its category page or the home page's lists. Without a date it is
dated by its file name at midnight; with an empty `date:` Jekyll stops the whole build.

## Example
```yaml
layout: post
title: ""
date: 2022-02-11 09:00:14 +0800
categories: dazhongribao
```

## Use instead
```yaml
layout: post
title: "山东：数字经济"
date: 2022-02-11 09:00:14 +0800
categories: dazhongribao
tags: 大众日报新闻
```

## Fix safety
A missing or empty `date` is fixable, safely: the fix writes the date Jekyll
already gives the post, the one in its file name at midnight in the site's
timezone (`date: 2022-02-11 00:00:00 +0800`), so the built site does not change.
The other fields are not fixable: the linter cannot know the missing value. A field
written as a key in another case (`Date:`, which Jekyll does not read as `date:`) is
renamed instead, unsafely: the post then gets the date or title the editor wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from finews_lint.dates import file_date, posts_date, unreadable_date_consequence
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.frontmatter import FrontMatter
from finews_lint.permalink import POST_NAME
from finews_lint.rule import Field, RuleOptions
from finews_lint.schemas.keys import REQUIRED_FIELDS

CODE = "FM003"
NAME = "required-field"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"


class Options(RuleOptions):
    fields: list[str] = Field(default_factory=lambda: list(REQUIRED_FIELDS))


#: Jekyll reads a post's ``category`` as one of its ``categories`` and ``tag`` as a tag
#: (``Utils.pluralized_array_from_hash``).
_SINGULAR = {"categories": "category", "tags": "tag"}


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value or all(_is_empty(item) for item in value)
    return False


def check(doc: Document, options: Options) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok:
        return
    for field in options.fields:
        singular = _SINGULAR.get(field)
        if field not in fm.data and singular and not _is_empty(fm.data.get(singular)):
            continue  # `category: emnews`: Jekyll reads it as `categories`
        if field not in fm.data:
            message = f"required field '{field}' is missing{_consequence(doc, field)}"
            written = _in_another_case(fm, field)
            if written is not None:  # `Date:`: the editor's value is there, under another key
                yield Problem(
                    0, 3, message + _renaming(written, field), _rename(fm, written, field)
                )
                continue
            fix = _add_file_date(doc, fm) if field == "date" else None
            yield Problem(0, 3, message, fix)
        elif _is_empty(fm.data[field]):
            span = fm.value_span(field)
            key = fm.key_span(field)
            assert key is not None
            if span is None or span.end <= span.start:
                span = key
            message = f"required field '{field}' is empty"
            fix = None
            if field == "date":
                message += f": {unreadable_date_consequence(doc.name)}"
                fix = _fill_file_date(doc, fm)
            yield Problem(span.start, span.end, message, fix)


def _in_another_case(fm: FrontMatter, field: str) -> str | None:
    """The key that names ``field`` in another case (``Date``, ``TITLE``), if there is one."""
    return next((k for k in fm.data if isinstance(k, str) and k.lower() == field), None)


def _renaming(written: str, field: str) -> str:
    return f"; '{written}' is another key (keys are case-sensitive): write '{field}'"


def _rename(fm: FrontMatter, written: str, field: str) -> Fix | None:
    """Rename the key: unsafe, the post's title or date becomes the one the editor wrote,
    where Jekyll now uses its file name's."""
    span = fm.key_span(written)
    if span is None:
        return None
    return Fix.replace(span.start, span.end, field, safe=False, description=f"write {field}")


def _consequence(doc: Document, field: str) -> str:
    """What Jekyll does without the field, where that is not obvious: a post without a
    date is dated by its file name, at midnight, so the time the article gives is lost."""
    if field != "date":
        return ""
    day = _named_day(doc)
    if day is None:
        return ""
    return f" (Jekyll dates the post by its file name: {day.isoformat()} at midnight)"


def _named_day(doc: Document) -> date | None:
    named = POST_NAME.match(doc.name)
    return file_date(named.group(1)) if named is not None else None


def _file_date(doc: Document) -> str | None:
    """The date Jekyll gives a post without one, written out: its file name's day at
    midnight in the site's timezone. None without a dated file name or a site timezone
    (Jekyll would then use the building machine's zone, which the linter cannot know)."""
    day, zone = _named_day(doc), doc.site.zone
    if day is None or zone is None:
        return None
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
    return posts_date(midnight, colon=(doc.site.offset_style or "+0800") == "+08:00")


_DESCRIPTION = "write the date Jekyll gives the post: its file name's, at midnight"


def _add_file_date(doc: Document, fm: FrontMatter) -> Fix | None:
    """A ``date:`` line where posts keep it: before ``categories`` (or ``tags``), else last."""
    value = _file_date(doc)
    if value is None:
        return None
    at = fm.yaml_end
    for key in ("categories", "tags"):
        span = fm.key_span(key)
        if span is not None:
            at = span.start
            break
    if at > fm.yaml_start and doc.text[at - 1] != "\n":
        return None  # a key inside a flow mapping: no line of its own to write before
    ending = "\r\n" if doc.text[fm.yaml_start : fm.yaml_end].endswith("\r\n") else "\n"
    return Fix.replace(at, at, f"date: {value}{ending}", description=_DESCRIPTION)


_NO_VALUE = ("", '""', "''", "~", "null", "Null", "NULL")


def _fill_file_date(doc: Document, fm: FrontMatter) -> Fix | None:
    """The value of an empty ``date:``, when nothing else (a comment) shares its line."""
    value, key = _file_date(doc), fm.key_span("date")
    if value is None or key is None:
        return None
    colon = doc.text.find(":", key.end)
    line_end = doc.text.find("\n", colon)
    if colon < 0 or line_end < 0 or doc.text[key.end : colon].strip():
        return None
    rest = doc.text[colon + 1 : line_end].rstrip("\r")
    if rest.strip() not in _NO_VALUE:
        return None
    return Fix.replace(colon + 1, colon + 1 + len(rest), f" {value}", description=_DESCRIPTION)
