"""`tags` is one string with spaces, or a value Jekyll drops.

## What it does
Reports `tags: 大众日报 新闻` (one string with whitespace, which Jekyll splits into
the tags `大众日报` and `新闻`), a tag with a full-width or no-break space before or
after it (`tags: 大众日报新闻　`, which Jekyll keeps in the tag), and `tags: 2022` (a
number, boolean or date, which Jekyll drops: the post has no tags at all).

## Why is this bad?
The home page and the outlet pages list posts by tag (`site.tags`). A post tagged
`大众日报 新闻` is listed under two headings no generator meant, `大众日报` and `新闻`,
and not under `大众日报新闻` with the rest of its outlet; a post whose tags Jekyll drops
is listed nowhere. Jekyll says nothing about either.

## Example
```yaml
tags: 大众日报 新闻
```

## Use instead
```yaml
tags: 大众日报新闻
```
or, when several tags are meant, a YAML list: `tags: [大众日报新闻, 数字经济]`.

## Fix safety
Safe, and only where the post says what was meant: the words are joined (or the space
around the tag dropped) when the post's category return link names that tag
(`[返回大众日报新闻](…)`), and a
number, boolean or date is quoted (`tags: "2022"`), the tag as written. Other words
are left to an editor: the linter cannot tell one tag from several.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import footer, returns
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.frontmatter import requoted, value_kind
from finews_lint.jekyllfields import ruby_words
from finews_lint.rule import NoOptions

CODE = "FM011"
NAME = "tag-format"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok or "tags" not in fm.data or "tag" in fm.data:
        return  # a singular `tag:` wins in Jekyll, and is kept whole
    value = fm.data["tags"]
    if type(value) is str and value.isprintable() and " " not in value.strip():
        return  # one word, as nearly every post has it (no space, tab or line break)
    span = fm.value_span("tags")
    assert span is not None
    written = doc.text[span.start : span.end]
    if value is not None and not isinstance(value, str | list | dict):
        simple = '"' not in written and "\n" not in written
        yield Problem(
            span.start,
            span.end,
            f"tags {written} is {value_kind(value)}, not text: Jekyll drops it and the post has"
            " no tags; quote it",
            Fix.replace(span.start, span.end, f'"{written}"', description="quote it")
            if simple
            else None,
        )
        return
    words = ruby_words(value) if isinstance(value, str) else []
    if len(words) == 1 and words[0] != words[0].strip():
        yield _spaced(doc, span.start, span.end, words[0])
        return
    if len(words) < 2:
        return
    joined = "".join(words)
    message = (
        f"tags '{value}' holds whitespace: Jekyll splits it into {len(words)} tags"
        f" ({', '.join(words)}); write one tag or a YAML list"
    )
    fix = None
    if _return_link_names(doc, joined):
        message += f" (the return link names '{joined}')"
        fix = Fix.replace(
            span.start, span.end, requoted(written, joined), description=f"join the words: {joined}"
        )
    yield Problem(span.start, span.end, message, fix)


def _spaced(doc: Document, start: int, end: int, tag: str) -> Problem:
    """A tag with a full-width or no-break space around it (an input method's slip), which
    Jekyll keeps: the post is listed under a tag of its own."""
    meant = tag.strip()
    where, space = ("end", tag[-1]) if tag[-1].isspace() else ("start", tag[0])
    message = (
        f"tag '{tag}' holds {space!r} at its {where}, which Jekyll keeps: the post is listed"
        f" under a tag of its own, not under '{meant}'"
    )
    fix = None
    if _return_link_names(doc, meant):
        message += f" (the return link names '{meant}')"
        written = doc.text[start:end]
        fix = Fix.replace(start, end, requoted(written, meant), description=f"write {meant}")
    return Problem(start, end, message, fix)


def _return_link_names(doc: Document, tag: str) -> bool:
    link = footer.find(doc.body).category
    return link is not None and returns.named_outlet(link) == tag
