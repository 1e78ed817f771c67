"""Plain YAML timestamps, which Jekyll reads as a moment in UTC when they give no offset.

Jekyll loads front matter with Ruby's Psych. A plain (unquoted) scalar shaped like
``2021-12-08 17:30:00`` becomes a ``Time``, and without an offset Psych takes the digits
as UTC: the post's date is 2021-12-09 01:30 in Asia/Shanghai, and its URL names the 9th.
A quoted date, a date without a time, or a time without seconds stays a string, which
Jekyll parses in the site's ``timezone``. The front matter readers mark plain timestamps
as :class:`PlainTimestamp` so that :func:`finews_lint.dates.parse_date` reads them as
Jekyll does; every other use sees the string as written.
"""

from __future__ import annotations

import re

#: Psych's pattern for a plain scalar it reads as a ``Time`` (its ``ScalarScanner::TIME``):
#: a date, a time with seconds, an optional fraction and an optional offset.
PSYCH_TIME = re.compile(
    r"-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?"
    r"(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?"
)


class PlainTimestamp(str):
    """A plain front matter scalar Jekyll reads as a ``Time`` (the text as written).

    Its ``repr`` differs from the string's, so memo keys built from ``repr`` tell a plain
    timestamp from the same text quoted; ``str()`` of it is a plain ``str`` again (what the
    post index and the caches keep)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"PlainTimestamp({str.__repr__(self)})"


def typed(value: str) -> str:
    """``value`` (a plain scalar YAML reads as a string) as Jekyll types it."""
    return PlainTimestamp(value) if PSYCH_TIME.fullmatch(value) else value
