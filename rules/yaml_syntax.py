r"""The front matter is not valid YAML, or not a mapping of keys to values.

## What it does
Parses the front matter safely (no tags that build objects, aliases bounded) and
reports where the YAML parser stopped; when a value broke it with its own quotes, at
the first quote inside it (the `"` that ends `title: "央行："稳健"的货币政策"` early).
A block that is never closed, a list or a single value instead of `key: value` lines
are reported too.

An unquoted `title` that YAML cuts short is reported too: in `title: 央行 #热点# 政策`
everything from ` #` on is a YAML comment, and the post's title is `央行`; in
`title: #两会# 政策` all of it is, and the post has no title. So is an unquoted
`title` YAML reads as a boolean or a number the site shows otherwise: `title: yes` is
shown as `true`, `title: 010` as `8`.

## Why is this bad?
Jekyll logs "YAML Exception" and publishes the post without its front matter: no
layout, title or categories, under the date of the build and its whole file name
(`/2026/11/27/2022-02-11-x.html`, checked with Jekyll 4.3.1), so it drops off its category
page and links to it break; with `strict_front_matter: true` the build stops. The
typical generator bug is an unescaped `"` inside a double-quoted title.
A title cut at ` #` (a hashtag such as `#热点#`) parses, and the site silently shows
the part before it.

## Example
```yaml
title: "央行："稳健"的货币政策"
```

## Use instead
```yaml
title: "央行：\"稳健\"的货币政策"
```

## Fix safety
Safe for values broken by their own quotes: a double-quoted value with inner `"`
gets them escaped, a single-quoted one with inner `'` gets them doubled, and an
unquoted value that contains `: ` or ` #` is quoted. A value that already holds escapes
(`\` between double quotes, `''` between single ones) is not fixed: which quotes were
meant as text is a guess. A `title`, free text, is also repaired when its quote is never
closed (closed at the end of its line), when a quoted part is followed by more text
(`title: "山东" 新蓝海` is quoted whole), when it starts with a YAML indicator
(`[快讯] …`, `*ST…`, `@…`, `%…`, `|港股|…`, `>>> …`, `&…`, `- …`, `? …`, a backtick, and
`!重磅 …`, which Psych fails on or shortens; not a real tag such as `!!python/…`) and
when a `\` in double quotes is no escape (kept as text, also beside inner quotes when
no backslash of the title is an escape: `"冈拉克："美联储"缩债\d黄金"`). The fix is kept only if the
front matter then parses and each repaired key holds exactly the text meant.
Other syntax errors are not fixed. A title cut at ` #` is quoted whole (`title: "央行
#热点# 政策"`): unsafe, since it changes the title the site shows (to the one the
generator meant). A title that is all comment is quoted whole too: safe, the post has
no title to change. A title YAML reads as a boolean or number is quoted: unsafe, for
the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from finews_lint.diagnostic import Edit, Fix, Problem
from finews_lint.document import Document
from finews_lint.frontmatter import FrontMatter, find_block, safe_load, value_kind, yaml_errors
from finews_lint.rule import NoOptions

CODE = "FM002"
NAME = "yaml-syntax"
TARGET = "front-matter"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions

_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)(?P<sep>:[ \t]+)(?P<value>.*?)(?P<trail>[ \t]*)$")


#: A comment after a quoted value's closing quote (``"…" # 注释``), holding no quote.
_TRAILING_COMMENT = re.compile(r"""(?<=["'])[ \t]+#[^"'\r\n]*$""")


class _Repair(NamedTuple):
    scalar: str  # the YAML the value becomes
    intended: str  # the text the key then holds
    at: int  # where in the value the text that broke it starts
    what: str  # what broke it, for the message


#: An escape YAML reads in a double-quoted value (``\\``, ``\"``, ``\n``, ``\u4e2d``...).
_ESCAPE = re.compile(
    r"""\\(?:[0abt\tnvfre "/\\N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"""
)


def _repair(key: str, value: str) -> _Repair | None:
    """The value as the generator meant it, when it broke the YAML line it is on; or None.

    A quoted value broken by its own quotes gets them escaped (or doubled); an unquoted one
    broken by ``: `` or `` #`` is quoted. For ``title``, the free text of a headline, also:
    a quote never closed is closed at the end of the line; a quoted part followed by more
    text (``"山东" 新蓝海``) or a value starting with a YAML indicator (``[快讯] …``,
    ``@…``, ``%…``, ``|港股|…``) is quoted whole; a backslash that is no escape is kept as
    text.
    """
    first, last = value[0], value[-1]
    if len(value) >= 2 and first == last == '"':
        inner = value[1:-1]
        if "\\" not in inner and '"' in inner:
            return _Repair(
                '"' + inner.replace('"', '\\"') + '"',
                inner,
                1 + inner.index('"'),
                f'the " inside the quoted {key} ends it early',
            )
        if key == "title" and '"' not in inner and "\\" in inner:
            return _Repair(
                _json_quoted(inner),
                inner,
                1 + inner.index("\\"),
                f"the \\ in {key} is no YAML escape: it is kept as text",
            )
        if key == "title" and '"' in inner and _ESCAPE.search(inner) is None:
            # Quotes and backslashes, none of them an escape (`\d`, and no `\"`): both are text.
            return _Repair(
                _json_quoted(inner),
                inner,
                1 + inner.index('"'),
                f'the " inside the quoted {key} ends it early',
            )
        return None
    if len(value) >= 2 and first == last == "'":
        inner = value[1:-1]
        # `''` is YAML's escaped quote: beside lone quotes, which were meant is a guess.
        if "''" not in inner and "'" in inner:
            return _Repair(
                "'" + inner.replace("'", "''") + "'",
                inner,
                1 + inner.index("'"),
                f"the ' inside the quoted {key} ends it early",
            )
        return None
    if first in "\"'":
        if key != "title" or "\\" in value:
            return None
        if first not in value[1:]:
            return _Repair(
                value + first, value[1:], 0, f"the {first} that opens {key} is never closed"
            )
        after = 2 + value[1:].index(first)  # just past the closing quote
        return _Repair(
            _json_quoted(value),
            value,
            after + len(value[after:]) - len(value[after:].lstrip()),
            f"the text after the quoted part of {key} must be inside the quotes too",
        )
    if first not in "[{|>&*!%@`" and (": " in value or " #" in value):
        found = [at for at in (value.find(": "), value.find(" #")) if at >= 0]
        at = min(found)
        return _Repair(
            _json_quoted(value),
            value,
            at,
            f"the '{value[at : at + 2].strip()}' in {key} must be quoted",
        )
    # `*ST…` (a stock under delisting risk) is no alias, `|港股|…` no block scalar: a title
    # starting with an indicator that breaks the line (Ruby's Psych fails on it too) is text.
    # So is `!重磅 …` (a tag to YAML: Psych fails on it, or drops the word and keeps the
    # rest); `!!python/object…`, `!<…>` and `! …` are real YAML tags, left to the editor.
    if key == "title" and (
        first in "[{*%@`|>&"
        or (first in "-?" and value[1:2] in " \t")
        or (first == "!" and value[1:2] not in ("", "!", "<", " ", "\t"))
    ):
        return _Repair(
            _json_quoted(value),
            value,
            0,
            f"{key} starts with '{first}', which YAML reads as syntax: quote it",
        )
    return None


def _json_quoted(value: str) -> str:
    import json  # only for a value to quote: a one-file run rarely needs it

    return json.dumps(value, ensure_ascii=False)


def _parses(line: str) -> bool:
    try:
        safe_load(line)
    except yaml_errors():
        return False
    return True


def quote_fix(text: str) -> tuple[Fix, int, str] | None:
    """Edits that repair self-breaking quoted values, if they make the YAML parse; with the
    offset of the first value's breaking text (see :func:`_breaking_quote`) and what it is."""
    block = find_block(text)
    if block is None or block[1] < 0:
        return None
    yaml_start, yaml_end, _ = block
    edits: list[Edit] = []
    breaking: list[tuple[int, str]] = []
    expected: dict[str, str] = {}
    offset = yaml_start
    source = text[yaml_start:yaml_end]
    for line in source.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        match = _LINE.match(content)
        if match is not None and not _parses(content):
            key, value = match.group("key"), match.group("value")
            comment = _TRAILING_COMMENT.search(value) if value[:1] in "\"'" else None
            if comment is not None and value[comment.start() - 1] == value[0]:
                value = value[: comment.start()]  # `"…" # 注释`: the comment stays one
            repaired = _repair(key, value) if value else None
            if repaired is not None:
                start = offset + match.start("value")
                edits.append(Edit(start, start + len(value), repaired.scalar))
                breaking.append((start + repaired.at, repaired.what))
                expected[key] = repaired.intended
        offset += len(line)
    if not edits:
        return None
    fixed = source
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        fixed = fixed[: edit.start - yaml_start] + edit.replacement + fixed[edit.end - yaml_start :]
    try:
        data = safe_load(fixed)
    except yaml_errors():
        return None
    if not isinstance(data, dict) or any(str(data.get(k)) != v for k, v in expected.items()):
        return None
    fix = Fix(tuple(edits), safe=True, description="quote the values that broke the YAML")
    return fix, *breaking[0]


#: ``title:`` with a plain value that a `` #`` (a YAML comment) cuts short.
_CUT_TITLE = re.compile(
    r"^title:[ \t]+(?P<value>[^\s\"'\[\]{}|>&*!%@`#][^\r\n]*?)"
    r"(?P<comment>[ \t]#[^\r\n]*?)[ \t]*\r?$",
    re.MULTILINE,
)


#: ``title:`` whose whole value is a YAML comment (``title: #两会# 政策``): no title at all.
_COMMENT_TITLE = re.compile(r"^title:[ \t]+(?P<comment>#[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)


def _cut_titles(doc: Document, start: int, end: int) -> Iterator[Problem]:
    for match in _COMMENT_TITLE.finditer(doc.text, start, end):
        comment = match.group("comment")
        yield Problem(
            match.start("comment"),
            match.end("comment"),
            "the title is a YAML comment: a value starting with `#` is no value, so the post"
            " has no title; quote the whole title",
            Fix.replace(
                match.start("comment"),
                match.end("comment"),
                _json_quoted(comment),
                description="quote the whole title",
            ),
        )
    for match in _CUT_TITLE.finditer(doc.text, start, end):
        value, comment = match.group("value"), match.group("comment")
        whole = value + comment
        shown = value.rstrip()
        yield Problem(
            match.start("comment") + len(comment) - len(comment.lstrip(" \t")),
            match.end("comment"),
            f"the title is cut short at `#`: YAML reads the rest as a comment, so the site "
            f"shows '{shown}'; quote the whole title",
            Fix.replace(
                match.start("value"),
                match.end("comment"),
                _json_quoted(whole),
                safe=False,
                description="quote the whole title",
            ),
        )


def _shown(value: object) -> str | None:
    """What the site shows for a title YAML read as a boolean or number (as Ruby writes
    it), or None for other values."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return None


_PSYCH_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}(?P<fraction>\.[0-9_]*)?")


def _psych_sexagesimal(written: str) -> str | None:
    """What Jekyll shows for a base-60 number (``12:30``): Ruby's Psych weighs the parts
    as hours, minutes and seconds from the left (``12:30`` is 45000, where YAML 1.1 says
    750); None when Psych reads the text as a string (``1:02:03:04``)."""
    match = _PSYCH_SEXAGESIMAL.fullmatch(written)
    if match is None:
        return None
    parts = written.replace("_", "").split(":")
    if match.group("fraction") is None:
        return str(sum(int(part) * 60 ** abs(index - 2) for index, part in enumerate(parts)))
    total = sum(float(part) * 60 ** abs(index - 2) for index, part in enumerate(parts))
    return repr(total)


def _typed_title(doc: Document, fm: FrontMatter) -> Problem | None:
    """``title: yes`` (the boolean true), ``title: 010`` (the number 8): plain text YAML
    reads as something else, which the site shows as Ruby writes it."""
    shown = _shown(fm.data.get("title"))
    span = fm.value_span("title")
    if shown is None or span is None:
        return None
    written = doc.text[span.start : span.end]
    if ":" in written:  # `12:30`, base 60 to YAML 1.1: Ruby's Psych reads it its own way
        shown = _psych_sexagesimal(written)
        if shown is None:
            return None
    if written == shown or written[:1] in "\"'" or "\n" in written:
        return None
    return Problem(
        span.start,
        span.end,
        f"title {written} is {value_kind(fm.data['title'])} to YAML, not text: the site shows"
        f" '{shown}'; quote it",
        Fix.replace(
            span.start, span.end, _json_quoted(written), safe=False, description="quote it"
        ),
    )


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is not None and fm.ok and "#" in doc.text[fm.yaml_start : fm.yaml_end]:
        yield from _cut_titles(doc, fm.yaml_start, fm.yaml_end)
    if fm is not None and fm.ok and type(fm.data.get("title")) is not str:
        typed = _typed_title(doc, fm)
        if typed is not None:
            yield typed
    if fm is None or fm.error is None:
        return
    error = fm.error
    repair = quote_fix(doc.text) if error.message.startswith("invalid YAML") else None
    if repair is None:
        yield Problem(error.start, error.end, error.message, None)
        return
    fix, at, what = repair
    yield Problem(at, at + 1, f"{error.message} ({what})", fix)
