r"""The front matter is not valid YAML, or not a mapping of keys to values.

## What it does
Parses the front matter safely (no tags that build objects, aliases bounded) and
reports where the YAML parser stopped. A block that is never closed, a list or a
single value instead of `key: value` lines are reported too.

## Why is this bad?
Jekyll fails the whole build (or drops the post's front matter) when it cannot read
the YAML. The typical generator bug is an unescaped `"` inside a double-quoted title.

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
unquoted value that contains `: ` or ` #` is quoted. The fix is kept only if
the front matter then parses and each repaired key holds exactly the text between
the outer quotes. Other syntax errors are not fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.diagnostic import Edit, Fix, Problem
from finews_lint.document import Document
from finews_lint.frontmatter import find_block, safe_load, yaml_errors
from finews_lint.rule import NoOptions

CODE = "FM002"
NAME = "yaml-syntax"
TARGET = "front-matter"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions

_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)(?P<sep>:[ \t]+)(?P<value>.*?)(?P<trail>[ \t]*)$")


def _repair(value: str) -> str | None:
    """A YAML scalar for `value` as the generator meant it, or None if it is fine."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if "\\" not in inner and '"' in inner:
            return '"' + inner.replace('"', '\\"') + '"'
        return None
    if len(value) >= 2 and value[0] == value[-1] == "'":
        inner = value[1:-1]
        if re.search(r"(?<!')'(?!')", inner):
            return "'" + inner.replace("'", "''") + "'"
        return None
    if value and value[0] not in "\"'[{|>&*!%@`" and (": " in value or " #" in value):
        import json  # only for a value to repair: a one-file run rarely needs it

        return json.dumps(value, ensure_ascii=False)
    return None


def _intended(value: str) -> str:
    if value[0] in "\"'" and value[-1] == value[0]:
        return value[1:-1]
    return value


def _parses(line: str) -> bool:
    try:
        safe_load(line)
    except yaml_errors():
        return False
    return True


def quote_fix(text: str) -> Fix | None:
    """Edits that repair self-breaking quoted values, if they make the YAML parse."""
    block = find_block(text)
    if block is None or block[1] < 0:
        return None
    yaml_start, yaml_end, _ = block
    edits: list[Edit] = []
    expected: dict[str, str] = {}
    offset = yaml_start
    source = text[yaml_start:yaml_end]
    for line in source.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        match = _LINE.match(content)
        if match is not None and not _parses(content):
            repaired = _repair(match.group("value"))
            if repaired is not None:
                start = offset + match.start("value")
                edits.append(Edit(start, start + len(match.group("value")), repaired))
                expected[match.group("key")] = _intended(match.group("value"))
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
    return Fix(tuple(edits), safe=True, description="quote the values that broke the YAML")


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or fm.error is None:
        return
    error = fm.error
    fix = quote_fix(doc.text) if error.message.startswith("invalid YAML") else None
    yield Problem(error.start, error.end, error.message, fix)
