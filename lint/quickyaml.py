"""Read the simple front matter generators write without a YAML parser, or say it is not simple.

Every post's front matter is read twice in a run (the site index, then the post's own
lint), and a full YAML parse was the largest single cost of both. Generated posts are
flat `key: value` lines with plain or quoted strings, which this reads about ten times
faster, with the offset of every key and value. Anything else (nesting, comments,
anchors, tags, escapes, block scalars, values YAML would read as numbers, booleans or
null, unusual characters) returns None and the caller falls back to the YAML parser,
so the result is always what YAML would give: plain scalars are judged by the YAML
loader's own implicit resolvers (and a plain timestamp is a
:class:`~finews_lint.plaintime.PlainTimestamp`, as the YAML path makes it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import plaintime
from .record import field, record

# The value ends at its last non-blank character: a lazy `(.*?)[ \t]*` tried every end
# of a run of 50,000 spaces inside a value, for seconds.
_LINE = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*[^ \t]))?[ \t]*")
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*")
_PLAIN_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:]*")
# Characters YAML reads as printable and not as a line break; a lone \r is a line break
# to YAML but not to us, so it is left to YAML too.
_UNUSUAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]|\r(?!\n)"
)


@lru_cache(maxsize=1)
def _yaml_resolvers() -> dict[Any, list[tuple[str, Any]]]:
    from .frontmatter import implicit_resolvers

    return implicit_resolvers()


@record(slots=True)
class FlatFrontMatter:
    """The mapping of a flat front matter and the (start, end) of each key and value."""

    data: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The (start, end) of each item of the flow lists (``[a, b]``), by key.
    items: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


# Every non-empty plain scalar YAML 1.1 could read as something else than a string matches
# this: numbers in any base, sexagesimals, .inf and .nan (a sign, then a digit or a dot,
# then hex digits, ``xXiInN`` and ``_.:+-``), booleans, null, merge and value keys, and the
# reserved indicators. tests/test_quickyaml.py checks it against PyYAML's own resolvers.
_MAYBE_TYPED = re.compile(
    r"[-+]?[0-9.][0-9a-fA-FxXiInN_.:+\-]*|~|<<|=|!|&|\*|(?i:yes|no|true|false|on|off|null)"
)
# A decimal integer, as YAML 1.1 writes it (a page's ``title: 404``): read here, not by YAML.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


def surely_string(value: str) -> bool:
    """True when YAML reads the plain scalar ``value`` as a string, known without PyYAML (most
    keys, titles and dates with a time): a run whose front matter holds only such values
    never imports it. False means "ask YAML", not "not a string"."""
    return bool(value) and _MAYBE_TYPED.fullmatch(value) is None


@lru_cache(maxsize=8192)  # keys and layouts repeat in every post
def _is_string(value: str) -> bool:
    """True when YAML reads the plain scalar ``value`` as a string (no int, bool, null...)."""
    if surely_string(value):
        return True
    resolvers = _yaml_resolvers()
    return not any(
        regexp.match(value)
        for _tag, regexp in (*resolvers.get(value[0], ()), *resolvers.get(None, ()))
    )


def _plain(value: str) -> bool:
    return (
        _PLAIN.fullmatch(value) is not None
        and ": " not in value
        and ":\t" not in value
        and not value.endswith(":")
        and _is_string(value)
    )


def _scalar(value: str) -> str | int | bool:
    """The string (or decimal integer) a non-empty value stands for, or False when YAML must
    read it."""
    if value[0] == '"':
        inner = value[1:-1]
        if len(value) >= 2 and value[-1] == '"' and '"' not in inner and "\\" not in inner:
            return inner
        return False
    if value[0] == "'":
        inner = value[1:-1]
        if len(value) >= 2 and value[-1] == "'" and "'" not in inner:
            return inner
        return False
    if _DECIMAL.fullmatch(value):
        return int(value.replace("_", ""))
    return plaintime.typed(value) if _plain(value) else False


def _flow_list(value: str) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The items of a flow list of plain strings and their (start, end) in ``value``."""
    # YAML trims spaces and tabs around an item, not a full-width or no-break space.
    if not value[1:-1].strip(" \t"):
        return [], []
    items, spans = [], []
    start = 1
    for piece in value[1:-1].split(","):
        item = piece.strip(" \t")
        if _PLAIN_ITEM.fullmatch(item) is None or not _is_string(item):
            return None
        at = start + piece.index(item)
        items.append(item)
        spans.append((at, at + len(item)))
        start += len(piece) + 1
    return items, spans


def read_flat_spans(source: str) -> FlatFrontMatter | None:
    """The flat front matter in ``source`` with offsets into it, or None when YAML must read it."""
    if _UNUSUAL.search(source):
        return None
    flat = FlatFrontMatter()
    line_start = 0
    for raw_line in source.split("\n"):
        start, line_start = line_start, line_start + len(raw_line) + 1
        line = raw_line[:-1] if raw_line.endswith("\r") else raw_line
        if not line.strip(" \t"):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2) or ""
        if key in flat.data or not _is_string(key):
            return None  # duplicate keys, or keys YAML reads as booleans or null
        flat.keys[key] = (start, start + len(key))
        if not value:
            flat.data[key] = None
            flat.values[key] = (start + len(key) + 1, start + len(key) + 1)
            continue
        value_span = (start + match.start(2), start + match.end(2))
        if value.startswith("[") and value.endswith("]"):
            found = _flow_list(value)
            if found is None:
                return None
            flat.data[key] = found[0]
            flat.items[key] = [(value_span[0] + a, value_span[0] + b) for a, b in found[1]]
        else:
            scalar = _scalar(value)
            if scalar is False:
                return None
            flat.data[key] = scalar
        flat.values[key] = value_span
    return flat


def read_flat(source: str) -> dict[str, str | int | list[str] | None] | None:
    """The mapping of a flat front matter, or None when YAML must read it."""
    flat = read_flat_spans(source)
    return flat.data if flat is not None else None
