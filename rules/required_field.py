"""A post lacks one of the fields every post needs, or leaves it empty.

## What it does
Checks that `layout`, `title`, `date`, `categories` and `tags` are present
and not empty (`""`, `[]` or no value). The list is the option `fields`.

## Why is this bad?
A post without a title shows an empty heading and link; without categories or tags
it never appears on its category page or the home page's lists.

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
Not fixable: the linter cannot know the missing value.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.dates import file_date
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.permalink import POST_NAME
from finews_lint.rule import Field, RuleOptions
from finews_lint.schemas.keys import REQUIRED_FIELDS

CODE = "FM003"
NAME = "required-field"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = None


class Options(RuleOptions):
    fields: list[str] = Field(default_factory=lambda: list(REQUIRED_FIELDS))


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
        if field not in fm.data:
            yield Problem(0, 3, f"required field '{field}' is missing{_consequence(doc, field)}")
        elif _is_empty(fm.data[field]):
            span = fm.value_span(field)
            key = fm.key_span(field)
            assert key is not None
            if span is None or span.end <= span.start:
                span = key
            yield Problem(span.start, span.end, f"required field '{field}' is empty")


def _consequence(doc: Document, field: str) -> str:
    """What Jekyll does without the field, where that is not obvious: a post without a
    date is dated by its file name, at midnight, so the time the article gives is lost."""
    if field != "date":
        return ""
    named = POST_NAME.match(doc.name)
    day = file_date(named.group(1)) if named is not None else None
    if day is None:
        return ""
    return f" (Jekyll dates the post by its file name: {day.isoformat()} at midnight)"
