"""Read the simple front matter generators write without a YAML parser, or say it is not simple.

Building the site index reads every post's front matter; a full YAML parse is most of
that cost. Generated posts are flat `key: value` lines with plain or quoted strings,
which this reads about ten times faster. Anything else (nesting, comments, anchors,
tags, escapes, block scalars, values YAML would read as numbers, booleans or null)
returns None and the caller falls back to the YAML parser, so the result is always
what YAML would give.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*")
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*")
_PLAIN_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:]*")
_NOT_A_STRING = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
)


def _scalar(value: str) -> str | None | bool:
    """The string a value stands for; None for an empty value; False when not simple."""
    if not value:
        return None
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
    simple = _PLAIN.fullmatch(value) and ": " not in value and not value.endswith(":")
    if simple and _NOT_A_STRING.fullmatch(value) is None:
        return value
    return False


def _flow_list(value: str) -> list[str] | None:
    items = [item.strip() for item in value[1:-1].split(",")]
    if items == [""]:
        return []
    if all(_PLAIN_ITEM.fullmatch(item) and _NOT_A_STRING.fullmatch(item) is None for item in items):
        return items
    return None


def read_flat(source: str) -> dict[str, str | list[str] | None] | None:
    """The mapping of a flat front matter, or None when YAML must read it."""
    data: dict[str, str | list[str] | None] = {}
    for line in source.splitlines():
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2) or ""
        if key in data:
            return None  # duplicate keys: YAML decides
        if value.startswith("[") and value.endswith("]"):
            items = _flow_list(value)
            if items is None:
                return None
            data[key] = items
            continue
        scalar = _scalar(value)
        if scalar is False:
            return None
        data[key] = scalar  # type: ignore[assignment]
    return data
