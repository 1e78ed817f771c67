"""Dates in forms posts do not use, read as Ruby's Time.parse reads them (Jekyll's reader):
every reading is compared with what Ruby 3.1 printed (tests/data/ruby-3.1-time-parse.txt)."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from finews_lint.rubydate import ruby_reading

RUBY = Path(__file__).parent / "data" / "ruby-3.1-time-parse.txt"
LOCAL = ZoneInfo("America/St_Johns")  # the local zone Ruby ran in
# Ruby reads these too, but finews-lint does not claim to know how (they stay "unreadable").
NOT_READ = {"2022.02.11 0900", "Foo 11, 2022 10:00", "2022-02-11 09:00:14 CST +0800"}


def _cases() -> list[tuple[str, str]]:
    cases = []
    for line in RUBY.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r'"(.*)" -> (.*)', line)
        assert match is not None, line
        cases.append((match[1], match[2]))
    return cases


@pytest.mark.parametrize(("text", "ruby"), _cases())
def test_reading_is_what_ruby_reads(text: str, ruby: str) -> None:
    reading = ruby_reading(text)
    if ruby.startswith("ERR") or text in NOT_READ:
        assert reading is None
        return
    assert reading is not None
    moment = reading.moment if reading.moment.tzinfo else reading.moment.replace(tzinfo=LOCAL)
    assert moment.strftime("%Y-%m-%d %H:%M:%S %z") == ruby


def test_a_day_first_date_is_ambiguous_only_when_either_could_be_the_month() -> None:
    assert ruby_reading("02/11/2022 09:00").ambiguous  # 2 November to Ruby, 11 February to some
    assert not ruby_reading("13/02/2022 09:00").ambiguous
    assert not ruby_reading("03/03/2022 09:00").ambiguous  # the same day read either way
    assert not ruby_reading("Feb 11, 2022").ambiguous
