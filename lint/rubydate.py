"""Dates written in forms Jekyll's posts do not use, but Ruby's ``Time.parse`` reads.

Jekyll hands a ``date`` it gets as text to ``Time.parse``, which reads far more than
``2022-02-11 09:00:14 +0800``: ``20220211 09:00:14``, ``2022.02.11``, ``22-02-11``,
``Feb 11, 2022 10:00``, ``11/02/2022`` (day first), and a second offset after the first
(the first wins). Those posts build; :mod:`finews_lint.dates` still gives them no URL,
because what they mean is a guess for every other reader. This module says what Ruby
makes of them, so FM006 can say it and write the date in the usual form.

Each form here was checked against Ruby 3.1's ``Time.parse`` (tests/data/ruby-3.1-time-parse.txt).
A fraction of a second, a meridian (``PM``) or anything else is left unread (None).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from .dates import offset_zone, ruby_moment, ruby_zone
from .record import record

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:(?:\s+|T)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
# After eight digits Ruby also reads a time without colons (``20220211 090014``); after
# ``2022.02.11`` it ignores one.
_COMPACT_TIME = r"(?:(?:\s+|T)(?P<hour>\d{2}):?(?P<minute>\d{2})(?::?(?P<second>\d{2}))?)?"
# The first zone is Ruby's; a second offset after it (a scraper's doubled `+0800`) is not.
_ZONE = (
    r"(?:\s*(?P<offset>Z|UTC|GMT|[-+]\d{2}(?::?\d{2})?)|\s+(?P<zone>[A-Za-z]{1,5}))?"
    r"(?:\s+[-+]\d{2}:?\d{2})?"
)
_FORMS = {
    "compact": rf"(?P<year>\d{{4}})(?P<month>\d{{2}})(?P<day>\d{{2}}){_COMPACT_TIME}",
    "dotted": rf"(?P<year>\d{{4}})\.(?P<month>\d{{1,2}})\.(?P<day>\d{{1,2}}){_TIME}",
    "short year": rf"(?P<year>\d{{2}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}",
    "day first": rf"(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}}){_TIME}",
    "month name": rf"{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}),?{_TIME}",
    "day month name": rf"{_WEEKDAY}(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}}),?{_TIME}",
    "doubled offset": (
        r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
        r"(?:\s+|T)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
        r"\s*(?P<offset>[-+]\d{2}:?\d{2})\s+[-+]\d{2}:?\d{2}"
    ),
}


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The forms, compiled on the first date that needs them: only an invalid date does,
    and compiling them took ~4 ms of every one-file run."""
    return {
        form: re.compile(rf"^\s*{body}{'' if form == 'doubled offset' else _ZONE}\s*$", re.I)
        for form, body in _FORMS.items()
    }


@record(frozen=True, slots=True)
class RubyReading:
    """What Ruby's ``Time.parse`` makes of a date: ``moment`` is aware when the text named
    a zone Ruby knows, naive (local time: the site's timezone) otherwise."""

    form: str
    moment: datetime
    has_time: bool
    zone_name: str | None  # a zone written by name (``CST``)
    rolled_over: bool  # a day past the month's end (Feb 30), moved on as Ruby does

    @property
    def ambiguous(self) -> bool:
        """``02/11/2022``: Ruby reads the day first, a reader may read the month first."""
        day, month = self.moment.day, self.moment.month
        return self.form == "day first" and day <= 12 and day != month


def ruby_reading(text: str) -> RubyReading | None:
    """The date Ruby reads in ``text``, if it is written in one of the forms above."""
    for form, pattern in _patterns().items():
        match = pattern.match(text)
        if match is not None:
            return _reading(form, match.groupdict())
    return None


def _reading(form: str, parts: dict[str, str | None]) -> RubyReading | None:
    year = int(parts["year"] or 0)
    if form == "short year":
        year += 1900 if year >= 69 else 2000
    if parts.get("month_name") is not None:
        month = _MONTHS.get(str(parts["month_name"]).lower())
        if month is None:
            return None
    else:
        month = int(parts["month"] or 0)
    clock = (int(parts["hour"] or 0), int(parts["minute"] or 0), int(parts["second"] or 0))
    read = ruby_moment(year, month, int(parts["day"] or 0), *clock)
    if read is None:  # Ruby fails the build on these too ("argument out of range")
        return None
    moment, rolled_over = read
    named = parts.get("zone")
    if parts.get("offset"):
        zone = offset_zone(str(parts["offset"]))
        if zone is None:
            return None
        moment = moment.replace(tzinfo=zone)
    elif named is not None and (known := ruby_zone(named)) is not None:
        moment = moment.replace(tzinfo=known)
    return RubyReading(form, moment, parts["hour"] is not None, named, rolled_over)
