"""Jekyll front matter dates: parse them as Jekyll would, and find their UTC offset."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .plaintime import PlainTimestamp
from .record import record

# A zone Ruby's Time.parse reads: an offset (``+0800``, ``+08:00``, ``+08:00:00``), ``Z``,
# ``UTC``, ``GMT``; or a name, known (``CST``) or ignored (``BJT``, ``GMT+8``, ``+8``,
# ``+8:00``). (A plain YAML timestamp is read by Psych, which takes ``+8:00`` as +08:00.)
_DATE = re.compile(
    r"""^\s*(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})
    (?:(?:[Tt]|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?
       (?:\s*(?P<meridian>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?)?
    (?:(?P<offset>\s*(?:Z|UTC|GMT|[-+]\d{2}(?::?\d{2}(?::?\d{2})?)?))
      |\s*(?P<zone>[A-Za-z]+(?:[-+]\d{1,2}(?::?\d{2})?)?|[-+]\d(?::\d{2})?(?![\d:])))?\s*$""",
    re.VERBOSE,
)
#: A YAML timestamp's offset with a one-digit hour (``+8:00``), at its end.
_SHORT_OFFSET = re.compile(r"([-+])(\d)(?::(\d\d))?$")
#: The zone names Ruby's ``Time.parse`` (Jekyll's date reader) knows, in hours from UTC:
#: US zones and the military letters. ``CST`` is US Central, not China Standard Time;
#: any other name (``BJT``, ``JST``) is ignored: the time is read in the site's timezone.
RUBY_ZONES = {
    "UT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
    "PDT": -7,
    **{letter: hours for hours, letter in enumerate("ABCDEFGHI", 1)},
    **{letter: hours for hours, letter in enumerate("KLM", 10)},
    **{letter: -hours for hours, letter in enumerate("NOPQRSTUVWXY", 1)},
}  # fmt: skip


@record(frozen=True, slots=True)
class JekyllDate:
    """A parsed date: ``value`` is aware when the text gave an offset or Jekyll reads it as
    UTC (``read_as_utc``: a plain YAML timestamp without offset), naive otherwise."""

    value: datetime
    has_time: bool
    has_offset: bool
    read_as_utc: bool = False
    zone_name: str | None = None  # a zone written by name (``CST``), known to Ruby or not
    rolled_over: bool = False  # a day past the month's end (02-30), moved on as Ruby does

    def in_zone(self, zone: tzinfo) -> datetime:
        """The moment in ``zone``; a naive value is read as local time in ``zone``."""
        if self.has_offset or self.read_as_utc:
            return self.value.astimezone(zone)
        return self.value.replace(tzinfo=zone)


def parse_date(value: object) -> JekyllDate | None:
    """Parse a front matter date (string or YAML date) as Jekyll reads it; None when Jekyll
    could not read it. A :class:`~finews_lint.plaintime.PlainTimestamp` without offset is a
    moment in UTC (see :mod:`finews_lint.plaintime`); other text without one is local time."""
    if isinstance(value, datetime):
        return JekyllDate(value, True, value.tzinfo is not None)
    if isinstance(value, date):
        return JekyllDate(datetime(value.year, value.month, value.day), False, False)
    if type(value) is PlainTimestamp:
        return _parse_plain(str(value))
    if not isinstance(value, str):
        return None
    return _parse_text(value)


@lru_cache(maxsize=4096)
def _parse_plain(value: str) -> JekyllDate | None:
    """A plain YAML timestamp (memoized apart from text: the same digits quoted are local
    time). Without an offset it is a moment in UTC. Psych reads its offset as YAML writes
    it, with a one-digit hour too (``+8:00``, ``+8``: +08:00), where Time.parse ignores it."""
    short = _SHORT_OFFSET.search(value)
    if short is not None:
        sign, hour, minute = short.groups()
        # the blanks before it cut off here: `\s*` in the pattern, searched, tried every
        # end of a run of 50,000 spaces
        value = f"{value[: short.start()].rstrip()} {sign}0{hour}:{minute or '00'}"
    parsed = _parse_text(value)
    if parsed is not None and not parsed.has_offset:
        return JekyllDate(
            parsed.value.replace(tzinfo=UTC), True, False, True, rolled_over=parsed.rolled_over
        )
    return parsed


@lru_cache(maxsize=4096)
def _parse_text(value: str) -> JekyllDate | None:
    """A date written as text (memoized: several rules read each post's date)."""
    match = _DATE.match(value)
    if match is None:
        return None
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    hour = _on_the_clock(int(parts["hour"] or 0), parts["meridian"])
    clock = (hour, int(parts["minute"] or 0), int(parts["second"] or 0))
    read = ruby_moment(year, month, day, *clock, int(float(parts["fraction"] or 0) * 1_000_000))
    if read is None:
        return None
    moment, rolled_over = read
    offset = (parts["offset"] or "").strip()
    if offset:
        zone = offset_zone(offset)
        if zone is None:
            return None
        moment = moment.replace(tzinfo=zone)
    named = parts["zone"]
    if named is not None:
        known = ruby_zone(named)
        if known is not None:
            moment = moment.replace(tzinfo=known)
        return JekyllDate(
            moment,
            parts["hour"] is not None,
            known is not None,
            zone_name=named,
            rolled_over=rolled_over,
        )
    return JekyllDate(moment, parts["hour"] is not None, bool(offset), rolled_over=rolled_over)


def ruby_zone(name: str) -> timezone | None:
    """The zone of a name Ruby's ``Time.parse`` knows (``CST`` is -0600), any case; None
    for a name it ignores (``BJT``: the time is then local)."""
    hours = RUBY_ZONES.get(name.upper())
    return None if hours is None else timezone(timedelta(hours=hours))


def ruby_moment(
    year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int = 0
) -> tuple[datetime, bool] | None:
    """The moment Ruby's ``Time`` makes of these fields, and whether its day rolled over:
    a day past the month's end moves on (2022-02-30 is March 2nd); None for what Ruby
    rejects ("argument out of range": month 13, day 32, hour 25)."""
    rolled_over = 1 <= month <= 12 and 28 < day <= 31 and day > _month_length(year, month)
    try:
        moment = datetime(year, month, 1 if rolled_over else day, hour, minute, second, micro)
    except ValueError:
        return None
    if rolled_over:
        moment += timedelta(days=day - 1)
    return moment, rolled_over


def _on_the_clock(hour: int, meridian: str | None) -> int:
    """The hour of a 24-hour clock, as Ruby reads a meridian: ``9:00 PM`` is 21,
    ``12:30 AM`` is 0, and past 12 the meridian is ignored (``13:00 PM`` is 13)."""
    if meridian is None or hour > 12:
        return hour
    return hour % 12 + (12 if meridian[0] in "Pp" else 0)


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


_FILE_DATE = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})$")


def file_date(text: str) -> date | None:
    """The date of a post's file name prefix (``2022-02-11``), as Ruby's ``Time.parse``
    reads it for Jekyll: a two-digit year is 1969-2068 (``22`` is 2022, ``69`` is 1969), a
    three-digit one is taken as written; None for a day that does not exist."""
    match = _FILE_DATE.match(text)
    if match is None:
        return None
    year_text, month, day = match.groups()
    year = int(year_text)
    if len(year_text) == 2:
        year += 1900 if year >= 69 else 2000
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return None


def offset_zone(text: str) -> timezone | None:
    """The zone of a UTC offset; None for one of a day or more (``+2400``), which Ruby's
    ``Time`` rejects ("utc_offset out of range"), failing the Jekyll build."""
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    try:
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    except ValueError:
        return None


def site_zone(name: str | None) -> tzinfo | None:
    """The zone of the site's ``timezone:`` setting; None when unset or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_offset(moment: datetime, colon: bool = False) -> str:
    """The UTC offset of an aware datetime: ``+0800``, or ``+08:00`` with ``colon``."""
    delta = moment.utcoffset() or timedelta()
    total = int(delta.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    total = abs(total)
    return f"{sign}{total // 60:02d}{':' if colon else ''}{total % 60:02d}"


def posts_date(moment: datetime, colon: bool = False) -> str:
    """An aware moment as posts write dates: ``2022-02-11 09:00:14 +0800`` (``+08:00`` with
    ``colon``)."""
    return f"{moment:%Y-%m-%d %H:%M:%S} {format_offset(moment, colon)}"


#: A file name Jekyll's post reader takes (``2022-02-11-title.md``), its day the first
#: group; it skips the others (FM007).
POST_FILE = re.compile(r"^((\d{2,4})-\d{1,2}-\d{1,2})-.+\.[^.]+$")
#: What a date Ruby cannot read does in a file Jekyll skips for its name.
SKIPPED_FOR_ITS_NAME = (
    "skips this file for its name (FM007); named as a post, it would stop the whole build"
)


def is_post_file(name: str) -> bool:
    return POST_FILE.match(name) is not None


def unreadable_date_consequence(name: str) -> str:
    """What a date Ruby cannot read does to the build of the post file named ``name``."""
    if is_post_file(name):
        return "Jekyll stops the whole build on a date it cannot read"
    return f"Jekyll {SKIPPED_FOR_ITS_NAME}"
