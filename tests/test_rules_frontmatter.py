"""Front matter rules on planted defects: good posts of the real sample, broken on purpose.

Each case breaks one post in one of the ways generators and editors break them, and
checks that exactly the expected findings appear, with code, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import REFERENCE, SAMPLE, codes_at, lint, replace_in, run_cli, run_json

# Posts whose front matter is well formed (the reference, offset dates, offsetless dates).
POSTS = [
    REFERENCE,
    "_posts/2022-05-26-202205262391921712.md",
    "_posts/2021-12-08-202112082206704122.md",
    "_posts/2021-12-08-202112082206735975.md",
    "_posts/2021-12-08-202112082206870651.md",
    "_posts/2021-12-01-init.md",
]
Plant = Callable[[str], tuple[str, list[tuple[str, int, int]]]]


def _line_of(text: str, prefix: str) -> tuple[int, str]:
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(prefix):
            return number, line
    raise AssertionError(f"no line starts with {prefix!r}")


def title_with_inner_quotes(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    broken = 'title: "央行："稳健"的货币政策"'
    # Reported at the quote that closes the string too early (the parser stops after it).
    return text.replace(line, broken, 1), [("FM002", number, broken.index('"稳') + 1)]


def title_cut_by_a_hashtag(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    cut = "title: 央行 #热点# 货币政策"
    # YAML reads ` #热点# 货币政策` as a comment: reported where the comment starts.
    return text.replace(line, cut, 1), [("FM002", number, cut.index("#") + 1)]


def title_never_closed(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    # The parser stops at the end of the front matter; reported at the opening quote.
    return text.replace(line, 'title: "央行：稳健的货币政策', 1), [("FM002", number, 8)]


def title_quoted_part_then_text(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    broken = 'title: "央行" 稳健的货币政策'
    return text.replace(line, broken, 1), [("FM002", number, broken.index("稳") + 1)]


def title_starting_with_a_bracket(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    return text.replace(line, "title: [快讯] 央行稳健的货币政策", 1), [("FM002", number, 8)]


def title_all_comment(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    # A comment from its first character: no title (FM003) and why (FM002, at the `#`).
    return text.replace(line, "title: #两会# 央行稳健", 1), [
        ("FM002", number, 8),
        ("FM003", number, 1),
    ]


def title_with_a_backslash(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    broken = 'title: "央行\\稳健"'
    return text.replace(line, broken, 1), [("FM002", number, broken.index("\\") + 1)]


def date_without_offset(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "date: ")
    bare = re.sub(r"\s*[+-]\d{4}$", "", line)
    return text.replace(line, bare, 1), [("FM005", number, 7)]


def date_removed(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    _, line = _line_of(text, "date: ")
    return text.replace(line + "\n", "", 1), [("FM003", 1, 1)]


def date_only_offset(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "date: ")
    return text.replace(line, "date:  +0800", 1), [("FM006", number, 8)]


def date_impossible(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "date: ")
    return text.replace(line, "date: 2021-13-45 10:00:00 +0800", 1), [("FM006", number, 7)]


def date_offset_out_of_range(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "date: ")
    return text.replace(line, "date: 2022-02-11 09:00:14 +2400", 1), [("FM006", number, 7)]


def category_with_a_slash(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    return text.replace(line, "categories: dazhongribao/x", 1), [("FM008", number, 13)]


def category_list_item_with_a_space(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    listed = "categories: [sitenews, dazhong ribao]"
    return text.replace(line, listed, 1), [("FM008", number, listed.index("dazhong") + 1)]


def categories_with_space(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    return text.replace(line, line + " extra", 1), [("FM008", number, 13)]


def category_with_a_full_width_space(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    # Ruby splits on ASCII whitespace only: one category, with U+3000 in its URL
    return text.replace(line, "categories: 大众\u3000日报", 1), [("FM008", number, 13)]


def category_ending_in_a_full_width_space(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    # An input method's slip: YAML keeps the U+3000 in the category, and so does its URL
    return text.replace(line, line + "\u3000", 1), [("FM008", number, 13)]


def category_list_item_after_a_no_break_space(
    text: str,
) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    listed = f"categories: [\u00a0{line.split(': ', 1)[1]}]"
    return text.replace(line, listed, 1), [("FM008", number, 14)]


def date_with_slashes(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "date: ")
    return text.replace(line, line.replace("-", "/", 2), 1), [("FM006", number, 7)]


def category_a_number(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "categories: ")
    return text.replace(line, "categories: 21", 1), [("FM008", number, 13)]


def leading_blank_line(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    return "\n" + text, [("FM001", 1, 1)]


def unknown_layout(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, _ = _line_of(text, "layout: ")
    return text.replace("layout: post", "layout: posts", 1), [("FM004", number, 9)]


def empty_title(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "title: ")
    return text.replace(line, 'title: ""', 1), [("FM003", number, 8)]


def duplicate_tags(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "tags: ")
    return text.replace(line, line + "\n" + line, 1), [("FM009", number + 1, 1)]


def tags_with_a_space(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "tags: ")
    return text.replace(line, line[:-2] + " " + line[-2:], 1), [("FM011", number, 7)]


def tags_ending_in_a_full_width_space(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "tags: ")
    return text.replace(line, line + "\u3000", 1), [("FM011", number, 7)]


def tags_a_number(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    number, line = _line_of(text, "tags: ")
    return text.replace(line, "tags: 2022", 1), [("FM011", number, 7)]


def unclosed_block(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    head, _, body = text.partition("\n---\n")
    return head + "\n" + body, [("FM002", 1, 1)]


PLANTS: list[Plant] = [
    title_with_inner_quotes,
    title_cut_by_a_hashtag,
    title_never_closed,
    title_quoted_part_then_text,
    title_starting_with_a_bracket,
    title_all_comment,
    title_with_a_backslash,
    date_without_offset,
    date_removed,
    date_only_offset,
    date_impossible,
    date_offset_out_of_range,
    categories_with_space,
    category_with_a_slash,
    category_list_item_with_a_space,
    category_a_number,
    category_with_a_full_width_space,
    category_ending_in_a_full_width_space,
    category_list_item_after_a_no_break_space,
    date_with_slashes,
    tags_ending_in_a_full_width_space,
    leading_blank_line,
    unknown_layout,
    empty_title,
    duplicate_tags,
    tags_with_a_space,
    tags_a_number,
    unclosed_block,
]


@pytest.mark.parametrize("post", POSTS)
@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: p.__name__)
def test_planted_defect_is_reported_exactly(sample: Path, post: str, plant: Plant) -> None:
    path = sample / post
    before = set(codes_at(lint(sample, post, select=["FM"])))
    broken, expected = plant(path.read_text(encoding="utf-8"))
    if plant is date_without_offset and ("FM005", 4, 7) in before:
        pytest.skip("this post's date has no offset to remove")
    path.write_text(broken, encoding="utf-8")
    after = set(codes_at(lint(sample, post, select=["FM"])))
    if plant in (leading_blank_line, unclosed_block):
        assert sorted(after) == expected  # the front matter is gone: its own findings go with it
    else:
        assert sorted(after - before) == expected


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ('title: "央行：稳健的货币政策', 'title: "央行：稳健的货币政策"'),
        ('title: "央行" 稳健的货币政策', 'title: "\\"央行\\" 稳健的货币政策"'),
        ("title: [快讯] 央行稳健", 'title: "[快讯] 央行稳健"'),
        ("title: @央行 稳健", 'title: "@央行 稳健"'),
        ("title: *ST康美退市", 'title: "*ST康美退市"'),  # a stock name, no YAML alias
        ("title: |港股|腾讯涨5%", 'title: "|港股|腾讯涨5%"'),  # no block scalar
        ("title: >>> 港股收评", 'title: ">>> 港股收评"'),
        ("title: &快讯 消息", 'title: "&快讯 消息"'),  # no anchor
        ("title: - 早盘 消息", 'title: "- 早盘 消息"'),  # no list
        ("title: ? 问答", 'title: "? 问答"'),  # no complex key
        ("title: #两会# 央行稳健", 'title: "#两会# 央行稳健"'),
        ("title: !重磅 央行稳健", 'title: "!重磅 央行稳健"'),  # Psych fails on this tag
        ("title: !Breaking 央行稳健", 'title: "!Breaking 央行稳健"'),  # Psych drops the word
        ('title: "央行\\稳健"', 'title: "央行\\\\稳健"'),
        # inner quotes and a backslash that is no escape: both are text
        ('title: "冈拉克："美联储"缩债\\d黄金"', 'title: "冈拉克：\\"美联储\\"缩债\\\\d黄金"'),
        # a comment after the closing quote stays a comment, out of the title
        ('title: "央行："稳健"的政策" # 注释', 'title: "央行：\\"稳健\\"的政策" # 注释'),
        ("title: '央行'稳健'的政策'  # 注释", "title: '央行''稳健''的政策'  # 注释"),
    ],
)
def test_a_broken_title_is_fixed_to_the_text_written(sample: Path, broken: str, fixed: str) -> None:
    """The plain `fix` quotes what the generator wrote; the title then reads as that text."""
    path = sample / REFERENCE
    number, line = _line_of(path.read_text(encoding="utf-8"), "title: ")
    replace_in(path, line, broken)
    assert run_cli("fix", REFERENCE, "--select", "FM", cwd=sample)[0] == 1  # changed
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[number - 1] == fixed
    assert lint(sample, REFERENCE, select=["FM"]) == []
    assert text.replace(fixed, line) == (SAMPLE / REFERENCE).read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["|港股|腾讯涨5%", "&快讯 消息", "- 早盘 消息", "!重磅 消息"])
def test_a_title_starting_with_an_indicator_is_reported_at_the_indicator(
    sample: Path, title: str
) -> None:
    path = sample / REFERENCE
    number, line = _line_of(path.read_text(encoding="utf-8"), "title: ")
    replace_in(path, line, f"title: {title}")
    found = lint(sample, REFERENCE, select=["FM"])
    assert codes_at(found) == [("FM002", number, len("title: ") + 1)]
    assert f"title starts with '{title[0]}', which YAML reads as syntax: quote it" in (
        found[0].message
    )


def test_a_title_that_is_a_real_yaml_tag_is_left_to_an_editor(sample: Path) -> None:
    path = sample / REFERENCE
    number, line = _line_of(path.read_text(encoding="utf-8"), "title: ")
    replace_in(path, line, "title: !!python/object:os.system 央行")
    before = path.read_bytes()
    assert codes_at(lint(sample, REFERENCE, select=["FM"])) == [("FM002", number, 8)]
    run_cli("fix", REFERENCE, "--unsafe-fixes", cwd=sample)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("written", "message", "fixed_by"),
    [
        (
            "2022-02-11 09:00:14 CST",
            "date '2022-02-11 09:00:14 CST' names its zone 'CST', which Jekyll (Ruby) reads as"
            " -0600 (US Central Time, not China Standard Time); the site timezone"
            " Asia/Shanghai gives +0800",
            "fix",  # 09:00 in Chicago is 23:00 in Shanghai: the same day, the same URL
        ),
        (
            "2022-02-11 11:00:14 CST",
            "date '2022-02-11 11:00:14 CST' names its zone 'CST', which Jekyll (Ruby) reads as"
            " -0600 (US Central Time, not China Standard Time); the site timezone"
            " Asia/Shanghai gives +0800 (with the offset the post's URL moves)",
            "--unsafe-fixes",  # 11:00 in Chicago is 01:00 the next day in Shanghai
        ),
        (
            "2022-02-11 09:00:14 GMT+8",
            "date '2022-02-11 09:00:14 GMT+8' names its zone 'GMT+8', which Jekyll does not"
            " know: it reads the time in the site's timezone; the site timezone Asia/Shanghai"
            " gives +0800",
            "fix",
        ),
        (
            "2022-02-11 09:00:14 BJT",
            "date '2022-02-11 09:00:14 BJT' names its zone 'BJT', which Jekyll does not know:"
            " it reads the time in the site's timezone; the site timezone Asia/Shanghai gives"
            " +0800",
            "fix",
        ),
    ],
)
def test_a_zone_written_by_name_is_read_as_ruby_reads_it(
    sample: Path, written: str, message: str, fixed_by: str
) -> None:
    """Ruby's Time.parse (Jekyll's date reader) knows CST as US Central and ignores BJT."""
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", f"date: {written}")
    found = lint(sample, REFERENCE, select=["FM005"])  # FM007 too when the day moves
    assert [(f.code, f.line, f.column, f.message) for f in found] == [("FM005", 4, 7, message)]
    extra = [fixed_by] if fixed_by != "fix" else []
    run_cli("fix", REFERENCE, "--select", "FM005", *extra, cwd=sample)
    fixed_date = written.rsplit(" ", 1)[0] + " +0800"
    assert f"\ndate: {fixed_date}\n" in (sample / REFERENCE).read_text(encoding="utf-8")
    assert lint(sample, REFERENCE, select=["FM"]) == []


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("2022年2月11日 09:00:14", "2022-02-11 09:00:14 +0800"),
        ("2022年02月11日 9:00", "2022-02-11 09:00:00 +0800"),
        ("2022年2月11日9时0分14秒", "2022-02-11 09:00:14 +0800"),
        ("2022年2月11日", "2022-02-11"),
    ],
)
def test_a_date_written_the_chinese_way_stops_the_build_and_is_rewritten(
    sample: Path, written: str, fixed: str
) -> None:
    """Ruby 3.1's Time.parse raises "argument out of range" on every one of these."""
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", f"date: {written}")
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "FM006",
            4,
            7,
            f"date '{written}' is written the Chinese way: Jekyll (Ruby) cannot read it and"
            f" stops the whole build; write {fixed}",
        )
    ]
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # changed
    assert f"\ndate: {fixed}\n" in (sample / REFERENCE).read_text(encoding="utf-8")
    assert lint(sample, REFERENCE, select=["FM"]) == []


def test_a_chinese_date_that_is_no_calendar_day_is_not_rewritten(sample: Path) -> None:
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", "date: 2022年2月30日 09:00")
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.message.split(";")[0]) for f in found] == [
        (
            "FM006",
            "date '2022年2月30日 09:00' is not a calendar date (expected e.g. 2022-02-11 09:00:14 +0800)",
        )
    ]


@pytest.mark.parametrize("offset", ["+8:00", "+8"])
def test_a_one_digit_offset_is_read_as_psych_or_ruby_reads_it(sample: Path, offset: str) -> None:
    """Psych (Ruby 3.1) reads the plain YAML timestamp `2022-02-11 09:00:14 +8:00` as +08:00;
    Time.parse, which reads quoted dates, ignores `+8:00` and reads the site's timezone."""
    replace_in(sample / REFERENCE, "09:00:14 +0800", f"09:00:14 {offset}")
    assert lint(sample, REFERENCE, select=["FM"]) == []
    replace_in(
        sample / REFERENCE,
        f"date: 2022-02-11 09:00:14 {offset}",
        f'date: "2022-02-11 09:00:14 {offset}"',
    )
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "FM005",
            4,
            7,
            f"date '2022-02-11 09:00:14 {offset}' names its zone '{offset}', which Jekyll does"
            " not know: it reads the time in the site's timezone; the site timezone"
            " Asia/Shanghai gives +0800",
        )
    ]
    run_cli("fix", REFERENCE, cwd=sample)
    assert '\ndate: "2022-02-11 09:00:14 +0800"\n' in (sample / REFERENCE).read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "09:00:14 +0800",
            "date '09:00:14 +0800' has a time but no day: Jekyll dates the post the day the"
            " site is built, so its URL changes with every build",
        ),
        (
            "2022-02-30 09:00:14 +0800",
            "date '2022-02-30 09:00:14 +0800' is not a calendar date: Jekyll (Ruby) rolls"
            " 2022-02-30 over to 2022-03-02",
        ),
        (
            "20220231 09:00:14",
            "date '20220231 09:00:14' is not a calendar date: Jekyll (Ruby) rolls it over to"
            " 2022-03-03",
        ),
        (
            "20220211 09:00:14 CST",
            "date '20220211 09:00:14 CST' is not written as posts write dates: Jekyll (Ruby)"
            " reads it as 2022-02-11 09:00:14 -0600; write a UTC offset for it",
        ),
    ],
)
def test_a_date_ruby_guesses_at_says_what_jekyll_makes_of_it(
    sample: Path, written: str, message: str
) -> None:
    """No fix can settle these (the day is a guess, or the zone is named): `fix` leaves them."""
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", f"date: {written}")
    found = lint(sample, REFERENCE, select=["FM006"])
    assert [(f.code, f.line, f.column, f.message) for f in found] == [("FM006", 4, 7, message)]
    before = (sample / REFERENCE).read_bytes()
    run_cli("fix", "--no-cache", "--unsafe-fixes", REFERENCE, cwd=sample)
    assert (sample / REFERENCE).read_bytes() == before


@pytest.mark.parametrize(
    ("written", "unsafe"),
    [
        ("20220211 09:00:14", False),
        ("20220211T090014+08:00", False),
        ("Feb 11, 2022 09:00:14", False),
        ("Fri, 11 Feb 2022 09:00:14 +0800", False),
        ("2022-02-11 09:00:14 +0800 +0800", False),
        ("22-02-11 09:00:14 +0800", False),
        ("2022.2.11 9:00:14", False),
        ("11/02/2022 09:00:14", True),  # Ruby reads the day first; a reader may not
    ],
)
def test_a_date_only_ruby_reads_is_reported_and_written_back_as_jekyll_reads_it(
    sample: Path, written: str, unsafe: bool
) -> None:
    """The post builds (Time.parse reads it), so the message says how, not that the build
    stops, and the fix writes the date Jekyll gives it: here the reference post's own."""
    original = (sample / REFERENCE).read_bytes()
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", f"date: {written}")
    found = lint(sample, REFERENCE, select=["FM006"])
    assert codes_at(found) == [("FM006", 4, 7)]
    assert f"date '{written}' is not written as posts write dates: Jekyll (Ruby) reads it" in (
        found[0].message
    )
    assert found[0].message.endswith("; write 2022-02-11 09:00:14 +0800")
    assert "stops" not in found[0].message
    run_cli("fix", "--no-cache", REFERENCE, cwd=sample)
    fixed = (sample / REFERENCE).read_bytes()
    assert (fixed == original) is not unsafe
    if unsafe:
        assert "(day first: 11 February)" in found[0].message
        run_cli("fix", "--no-cache", "--unsafe-fixes", REFERENCE, cwd=sample)
        assert (sample / REFERENCE).read_bytes() == original
    assert lint(sample, REFERENCE) == []


def test_a_quoted_date_ruby_reads_is_rewritten_inside_its_quotes(sample: Path) -> None:
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", "date: '2022.02.11 09:00'")
    run_cli("fix", "--no-cache", REFERENCE, cwd=sample)
    text = (sample / REFERENCE).read_text(encoding="utf-8")
    assert "\ndate: '2022-02-11 09:00:00 +0800'\n" in text
    assert lint(sample, REFERENCE, select=["FM"]) == []


def test_positions_hold_with_crlf_line_endings(sample: Path) -> None:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8").replace("+0800", "")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert codes_at(lint(sample, REFERENCE, select=["FM"])) == [("FM005", 4, 7)]


def test_lone_cr_line_endings_hide_the_front_matter_from_jekyll(sample: Path) -> None:
    path = sample / REFERENCE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    found = lint(sample, REFERENCE, select=["FM"])
    assert codes_at(found) == [("FM001", 1, 1)]
    assert "carriage return" in found[0].message


def test_a_byte_order_mark_does_not_shift_columns(sample: Path) -> None:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8").replace(" +0800", "")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.line, f.column, f.end_column) for f in found] == [("FM005", 4, 7, 26)]


def test_columns_count_characters_not_bytes(sample: Path) -> None:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("layout: post", "layout: post\n标题别名: 山东", 1), encoding="utf-8"
    )
    found = lint(sample, REFERENCE, select=["FM010"])
    assert [(f.line, f.column, f.end_column) for f in found] == [(3, 1, 5)]


def test_front_matter_that_is_a_list(sample: Path) -> None:
    path = sample / REFERENCE
    path.write_text("---\n- layout\n- post\n---\nbody\n", encoding="utf-8")
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.line, f.column) for f in found] == [("FM002", 2, 1)]
    assert "a list, not a mapping" in found[0].message


def test_filename_date_differs_from_front_matter_date(sample: Path) -> None:
    moved = sample / "_posts" / "2022-02-10-NW202202112273370064.md"
    (sample / REFERENCE).rename(moved)
    found = lint(sample, "_posts/2022-02-10-NW202202112273370064.md", select=["FM"])
    assert codes_at(found) == [("FM007", 4, 7)]
    assert "file name says 2022-02-10 but date is 2022-02-11" in found[0].message


def test_late_evening_utc_date_is_the_next_day_in_the_site_timezone(sample: Path) -> None:
    path = sample / REFERENCE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "2022-02-11 09:00:14 +0800", "2022-02-10 20:00:14 -0500"
        ),
        encoding="utf-8",
    )
    assert lint(sample, REFERENCE, select=["FM"]) == []


def test_yaml_tags_that_build_objects_are_refused(sample: Path) -> None:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("layout: post", "layout: !!python/object/apply:os.system [echo hi]"),
        encoding="utf-8",
    )
    found = lint(sample, REFERENCE, select=["FM"])
    assert [f.code for f in found] == ["FM002"]
    assert "constructor" in found[0].message


def test_alias_bomb_is_refused_quickly(sample: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join('*' + chr(97 + i) for _ in range(10))}]\n"
        for i in range(8)
    )
    path = sample / REFERENCE
    path.write_text("---\n" + bomb + "---\nbody\n", encoding="utf-8")
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.line) for f in found] == [("FM002", 2)]
    assert "aliases expand" in found[0].message


def test_sample_is_unchanged_by_the_suite() -> None:
    assert (SAMPLE / REFERENCE).read_text(encoding="utf-8").count("+0800") == 1


def test_a_single_quoted_title_with_escaped_and_lone_quotes_is_not_guessed(sample: Path) -> None:
    """`''` is YAML's escaped quote: doubling every quote would show `It''s` on the page."""
    path = sample / REFERENCE
    number, line = _line_of(path.read_text(encoding="utf-8"), "title: ")
    replace_in(path, line, "title: 'It''s 'x' y'")
    _, report = run_json(REFERENCE, "--select", "FM002", cwd=sample)
    assert [(d["code"], d["line"], d["fixable"]) for d in report["diagnostics"]] == [
        ("FM002", number, False)
    ]
    replace_in(path, "title: 'It''s 'x' y'", "title: 'It's 'x' y'")  # no escapes: fixed
    _, report = run_json(REFERENCE, "--select", "FM002", cwd=sample)
    assert [(d["code"], d["fixable"]) for d in report["diagnostics"]] == [("FM002", True)]


def test_a_title_cut_by_a_hashtag_is_quoted_whole_by_an_unsafe_fix(sample: Path) -> None:
    path = sample / REFERENCE
    _, line = _line_of(path.read_text(encoding="utf-8"), "title: ")
    replace_in(path, line, "title: 央行 #热点# 货币政策")
    assert run_cli("fix", REFERENCE, "--select", "FM002", cwd=sample)[0] == 1  # unsafe: not applied
    assert "title: 央行 #热点# 货币政策\n" in path.read_text(encoding="utf-8")
    run_cli("fix", REFERENCE, "--select", "FM002", "--unsafe-fixes", cwd=sample)
    assert 'title: "央行 #热点# 货币政策"\n' in path.read_text(encoding="utf-8")
    assert lint(sample, REFERENCE, select=["FM"]) == []
    replace_in(path, 'title: "央行 #热点# 货币政策"', "title: C# 入门")  # no space before #: text
    assert lint(sample, REFERENCE, select=["FM"]) == []


REFERENCE_URL = "/dazhongribao/2022/02/11/NW202202112273370064.html"
NEXT_DAY_URL = "/dazhongribao/2022/02/12/NW202202112273370064.html"


def test_a_late_plain_date_is_on_the_next_day_and_its_offset_fix_is_unsafe(sample: Path) -> None:
    """Jekyll reads `date: 2022-02-11 17:30:00` as 17:30 UTC, 01:30 on the 12th in Shanghai:
    the post is published under the 12th, and the offset would move it back to the 11th."""
    replace_in(sample / REFERENCE, "2022-02-11 09:00:14 +0800", "2022-02-11 17:30:00")
    _, report = run_json(REFERENCE, "--select", "FM005,FM007", cwd=sample)
    found = {d["code"]: d for d in report["diagnostics"]}
    assert [(d["code"], d["line"], d["column"]) for d in report["diagnostics"]] == [
        ("FM005", 4, 7),
        ("FM007", 4, 7),
    ]
    assert found["FM005"]["message"] == (
        "date '2022-02-11 17:30:00' has no UTC offset; the site timezone Asia/Shanghai gives "
        "+0800 (Jekyll reads it as UTC, 2022-02-12 01:30:00 in Asia/Shanghai: with the offset "
        f"its URL moves from {NEXT_DAY_URL} to {REFERENCE_URL})"
    )
    assert found["FM007"]["message"].startswith(
        "file name says 2022-02-11 but date is 2022-02-12 in Asia/Shanghai"
    )
    assert run_cli("fix", REFERENCE, "--select", "FM005", cwd=sample)[0] == 1  # not applied
    assert "date: 2022-02-11 17:30:00\n" in (sample / REFERENCE).read_text(encoding="utf-8")
    run_cli("fix", REFERENCE, "--select", "FM005", "--unsafe-fixes", cwd=sample)
    assert "date: 2022-02-11 17:30:00 +0800\n" in (sample / REFERENCE).read_text(encoding="utf-8")
    assert run_json(REFERENCE, "--select", "FM005,FM007", cwd=sample)[1]["diagnostics"] == []


@pytest.mark.parametrize(
    "written", ['"2022-02-11 17:30:00"', "2022-02-11 15:59:59", "2022-02-11 17:30"]
)
def test_an_offset_that_keeps_the_url_is_a_safe_fix(sample: Path, written: str) -> None:
    """Quoted or without seconds the date is local time; before 16:00 the day is the same."""
    replace_in(sample / REFERENCE, "2022-02-11 09:00:14 +0800", written)
    _, report = run_json(REFERENCE, "--select", "FM005,FM007", cwd=sample)
    assert [(d["code"], d["fixable"]) for d in report["diagnostics"]] == [("FM005", True)]
    assert report["diagnostics"][0]["message"].endswith(
        "the site timezone Asia/Shanghai gives +0800"
    )
    assert run_cli("fix", REFERENCE, "--select", "FM005", cwd=sample)[0] == 1  # changed
    assert run_json(REFERENCE, "--select", "FM005,FM007", cwd=sample)[1]["diagnostics"] == []


def test_a_number_as_categories_is_quoted_by_the_fix(sample: Path) -> None:
    """Jekyll cannot merge `categories: 21` with the folder categories: it logs "could not
    read file" and publishes the post without layout, title or date (Jekyll 4.3.1)."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", "categories: 21")
    found = lint(sample, REFERENCE, select=["FM008"])
    assert codes_at(found) == [("FM008", 5, 13)]
    assert found[0].message.startswith("categories 21 is a number, not text")
    assert run_cli("fix", REFERENCE, "--select", "FM008", cwd=sample)[0] == 1  # changed
    assert '\ncategories: "21"\ntags:' in (sample / REFERENCE).read_text(encoding="utf-8")
    assert lint(sample, REFERENCE, select=["FM008"]) == []


@pytest.mark.parametrize("written", ["Dazhongribao", "'DAZHONGRIBAO'"])
def test_a_category_in_another_case_than_its_page_is_written_as_the_page_writes_it(
    sample: Path, written: str
) -> None:
    """jekyll build (4.3.1): the post keeps its URL /dazhongribao/2022/02/11/… but is not
    listed by category/dazhongribao.html (`site.categories` is case-sensitive)."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", f"categories: {written}")
    found = lint(sample, REFERENCE)
    item = written.strip("'")
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "FM008",
            5,
            13,
            f"category '{item}' is on no category page: category/dazhongribao.html lists"
            " 'dazhongribao', and Jekyll's categories keep their case",
        )
    ]
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # changed
    quote = written[0] if written[0] == "'" else ""
    text = (sample / REFERENCE).read_text(encoding="utf-8")
    assert f"\ncategories: {quote}dazhongribao{quote}\n" in text
    assert lint(sample, REFERENCE) == []


def test_a_missing_date_says_what_jekyll_dates_the_post_by(sample: Path) -> None:
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800\n", "")
    found = lint(sample, REFERENCE, select=["FM003"])
    assert [(f.line, f.column, f.message) for f in found] == [
        (
            1,
            1,
            "required field 'date' is missing (Jekyll dates the post by its file name:"
            " 2022-02-11 at midnight)",
        )
    ]


def test_fix_writes_the_date_jekyll_gives_a_post_without_one(sample: Path) -> None:
    # Checked with `jekyll build` (4.3.1): the post without a date and the fixed one
    # publish the same page, dated 2022-02-11 00:00:00 +0800, at the same URL.
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800\n", "")
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # changed
    text = (sample / REFERENCE).read_text(encoding="utf-8")
    assert text.startswith(
        '---\nlayout: post\ntitle: "山东：数字新蓝海 变革迎先机"\n'
        "date: 2022-02-11 00:00:00 +0800\ncategories: dazhongribao\n"
    )
    assert lint(sample, REFERENCE) == []


def test_an_empty_date_stops_the_build_and_is_filled_from_the_file_name(sample: Path) -> None:
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", "date: ''  ")
    found = lint(sample, REFERENCE)
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "FM003",
            4,
            7,
            "required field 'date' is empty: Jekyll stops the whole build on a date it cannot read",
        )
    ]
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # changed
    assert "\ndate: 2022-02-11 00:00:00 +0800\ncategories:" in (sample / REFERENCE).read_text(
        encoding="utf-8"
    )


def test_an_empty_date_with_a_comment_is_left_to_an_editor(sample: Path) -> None:
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", "date:  # ask the desk")
    before = (sample / REFERENCE).read_bytes()
    assert codes_at(lint(sample, REFERENCE, select=["FM003"])) == [("FM003", 4, 1)]
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # the error remains
    assert (sample / REFERENCE).read_bytes() == before


def test_a_missing_date_in_windows_line_endings_is_written_with_them(sample: Path) -> None:
    post = sample / REFERENCE
    text = post.read_bytes().replace(b"date: 2022-02-11 09:00:14 +0800\n", b"")
    post.write_bytes(text.replace(b"\n", b"\r\n"))
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # changed
    assert b"\r\ndate: 2022-02-11 00:00:00 +0800\r\ncategories:" in post.read_bytes()


def test_tags_split_by_a_space_are_joined_as_the_return_link_names_them(sample: Path) -> None:
    # jekyll build (4.3.1) gives this post the tags 大众日报 and 新闻, and lists it under both
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", "tags: 大众日报 新闻")
    found = lint(sample, REFERENCE)  # the root cause alone: no LNK003 or SRC003 besides
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "FM011",
            6,
            7,
            "tags '大众日报 新闻' holds whitespace: Jekyll splits it into 2 tags (大众日报, 新闻);"
            " write one tag or a YAML list (the return link names '大众日报新闻')",
        )
    ]
    assert run_cli("fix", REFERENCE, cwd=sample)[0] == 1  # changed
    assert "\ntags: 大众日报新闻\n---" in (sample / REFERENCE).read_text(encoding="utf-8")
    assert lint(sample, REFERENCE) == []


def test_tags_split_by_a_space_no_link_names_are_left_to_an_editor(sample: Path) -> None:
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", "tags: 数字 经济")
    before = (sample / REFERENCE).read_bytes()
    assert ("FM011", 6, 7) in codes_at(lint(sample, REFERENCE))
    run_cli("fix", REFERENCE, "--select", "FM011", "--unsafe-fixes", cwd=sample)
    assert (sample / REFERENCE).read_bytes() == before


def test_a_singular_tag_is_kept_whole_and_not_reported(sample: Path) -> None:
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", "tag: 大众日报 新闻")
    assert lint(sample, REFERENCE, select=["FM011"]) == []


def test_tags_that_jekyll_drops_are_quoted(sample: Path) -> None:
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", "tags: 2022")
    found = lint(sample, REFERENCE, select=["FM011"])
    assert [f.message for f in found] == [
        "tags 2022 is a number, not text: Jekyll drops it and the post has no tags; quote it"
    ]
    run_cli("fix", REFERENCE, "--select", "FM011", cwd=sample)
    assert '\ntags: "2022"\n---' in (sample / REFERENCE).read_text(encoding="utf-8")


def test_a_two_digit_year_in_the_file_name_is_reported_with_the_year_jekyll_reads(
    sample: Path,
) -> None:
    moved = sample / "_posts" / "22-02-11-NW202202112273370064.md"
    (sample / REFERENCE).rename(moved)
    found = lint(sample, "_posts/22-02-11-NW202202112273370064.md", select=["FM"])
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "FM007",
            1,
            1,
            "file name '22-02-11-NW202202112273370064.md' writes the year with 2 digits:"
            " Jekyll reads 2022-02-11; write the YYYY-MM-DD- prefix",
        )
    ]


@pytest.mark.parametrize(
    ("written", "message", "fixed"),
    [
        (
            "dazhongribao,",
            "categories 'dazhongribao,' holds a stray comma: Jekyll publishes the post in the"
            " category 'dazhongribao,', under that URL and on no category page; write"
            " 'dazhongribao'",
            "categories: dazhongribao",
        ),
        (
            "dazhongribao, 36ke",
            "categories 'dazhongribao, 36ke' is a list written with commas, which YAML reads"
            " as text: Jekyll makes 2 categories of it ('dazhongribao,', '36ke'); write a YAML"
            " list [dazhongribao, 36ke]",
            "categories: [dazhongribao, 36ke]",
        ),
    ],
)
def test_categories_written_with_commas_are_reported_and_made_a_list(
    sample: Path, written: str, message: str, fixed: str
) -> None:
    """Jekyll 4.3.1 publishes `categories: a, b` under /a,/b/… (checked): the comma stays.
    The return link to the category page meant is right: no LNK003 fix redirects it."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", f"categories: {written}")
    found = lint(sample, REFERENCE, select=["FM", "LNK"])
    assert [(f.code, f.line, f.column, f.message) for f in found] == [("FM008", 5, 13, message)]
    planted = (sample / REFERENCE).read_text(encoding="utf-8")
    run_cli("fix", "--no-cache", REFERENCE, cwd=sample)
    assert (sample / REFERENCE).read_text(encoding="utf-8") == planted  # the URL moves: unsafe
    run_cli("fix", "--no-cache", "--unsafe-fixes", REFERENCE, cwd=sample)
    text = (sample / REFERENCE).read_text(encoding="utf-8")
    assert f"\n{fixed}\n" in text
    assert lint(sample, REFERENCE, select=["FM", "LNK"]) == []


def test_a_singular_category_with_a_space_is_reported_where_it_is(sample: Path) -> None:
    """Jekyll keeps `category: 大众 日报` whole: one category, `%20` in the URL."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", "category: 大众 日报")
    found = lint(sample, REFERENCE, select=["FM008"])
    assert codes_at(found) == [("FM008", 5, 11)]
    assert (
        found[0].message
        == "category '大众 日报' holds ' ', which breaks or must be escaped in URLs"
    )


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("categories: [dazhong ribao]", "categories: [dazhongribao]"),
        ("categories:\n  - 'dazhong ribao'", "categories:\n  - 'dazhongribao'"),
        ("category: dazhong ribao", "category: dazhongribao"),
    ],
)
def test_a_category_item_with_a_space_is_joined_into_the_category_with_a_page(
    sample: Path, written: str, fixed: str
) -> None:
    """Jekyll keeps a list item or a singular `category:` whole: the post is published under
    /dazhong%20ribao/… and no page lists it. Joining moves the URL: unsafe."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", written)
    found = lint(sample, REFERENCE, select=["FM008"])
    assert len(found) == 1 and found[0].message.endswith(
        "which breaks or must be escaped in URLs (the site has a page for 'dazhongribao')"
    )
    planted = (sample / REFERENCE).read_text(encoding="utf-8")
    run_cli("fix", "--no-cache", REFERENCE, cwd=sample)
    assert (sample / REFERENCE).read_text(encoding="utf-8") == planted
    run_cli("fix", "--no-cache", "--unsafe-fixes", REFERENCE, cwd=sample)
    assert (sample / REFERENCE).read_text(encoding="utf-8") == planted.replace(written, fixed)
    assert lint(sample, REFERENCE, select=["FM008", "LNK"]) == []


def test_a_category_item_with_a_space_and_no_page_for_its_words_is_left_to_the_editor(
    sample: Path,
) -> None:
    replace_in(sample / REFERENCE, "categories: dazhongribao", "categories: [caijing kuaixun]")
    found = run_json(REFERENCE, "--select", "FM008", cwd=sample)[1]["diagnostics"]
    assert [(d["line"], d["column"], d["fixable"]) for d in found] == [(5, 14, False)]


@pytest.mark.parametrize(("key", "field"), [("Date", "date"), ("TITLE", "title")])
def test_a_required_field_written_in_another_case_is_renamed_only_when_unsafe(
    sample: Path, key: str, field: str
) -> None:
    replace_in(sample / REFERENCE, f"{field}:", f"{key}:")
    found = lint(sample, REFERENCE, select=["FM003"])
    assert codes_at(found) == [("FM003", 1, 1)]
    assert found[0].message.endswith(
        f"'{key}' is another key (keys are case-sensitive): write '{field}'"
    )
    before = (sample / REFERENCE).read_bytes()
    run_cli("fix", REFERENCE, "--select", "FM003", cwd=sample)
    assert (sample / REFERENCE).read_bytes() == before  # no midnight date beside the editor's
    run_cli("fix", "--unsafe-fixes", REFERENCE, "--select", "FM003", cwd=sample)
    assert (sample / REFERENCE).read_bytes() == before.replace(
        f"{key}:".encode(), f"{field}:".encode()
    )
    assert lint(sample, REFERENCE) == []


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("yes", "true"),
        ("No", "false"),
        ("010", "8"),
        ("0x1F", "31"),
        ("12:30", "45000"),  # Ruby's Psych: 12 hours 30 minutes in seconds (YAML 1.1: 750)
        ("1:30.5", "5430.0"),
    ],
)
def test_a_title_yaml_reads_as_a_boolean_or_number_is_quoted_only_when_unsafe(
    sample: Path, written: str, shown: str
) -> None:
    replace_in(sample / REFERENCE, 'title: "山东：数字新蓝海 变革迎先机"', f"title: {written}")
    found = lint(sample, REFERENCE, select=["FM002"])
    assert codes_at(found) == [("FM002", 3, 8)]
    assert found[0].message.endswith(f"not text: the site shows '{shown}'; quote it")
    before = (sample / REFERENCE).read_bytes()
    run_cli("fix", REFERENCE, "--select", "FM002", cwd=sample)
    assert (sample / REFERENCE).read_bytes() == before
    run_cli("fix", "--unsafe-fixes", REFERENCE, "--select", "FM002", cwd=sample)
    assert f'title: "{written}"'.encode() in (sample / REFERENCE).read_bytes()
    assert lint(sample, REFERENCE, select=["FM002"]) == []


@pytest.mark.parametrize("written", ["2022", "true", "'yes'", "2022-02-11", "1:02:03:04"])
def test_a_title_shown_as_written_is_no_finding(sample: Path, written: str) -> None:
    replace_in(sample / REFERENCE, 'title: "山东：数字新蓝海 变革迎先机"', f"title: {written}")
    assert lint(sample, REFERENCE, select=["FM002"]) == []


def test_a_singular_category_or_tag_is_what_jekyll_reads_as_the_plural(sample: Path) -> None:
    """`category: dazhongribao` files the post under dazhongribao (Jekyll's
    `pluralized_array_from_hash`), so nothing is missing; an empty one does not count."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", "category: dazhongribao")
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", "tag: 大众日报新闻")
    assert lint(sample, REFERENCE, select=["FM003"]) == []
    assert lint(sample, REFERENCE, select=["LNK"]) == []  # the footer's category still fits
    replace_in(sample / REFERENCE, "category: dazhongribao", 'category: ""')
    assert codes_at(lint(sample, REFERENCE, select=["FM003"])) == [("FM003", 1, 1)]


def test_an_unreadable_date_in_a_file_jekyll_skips_does_not_stop_the_build(sample: Path) -> None:
    """`_posts/-2022….md` has no date in its name: Jekyll's post reader skips it (FM007),
    so its date `+0800` cannot stop the build (the sample builds, checked with Jekyll)."""
    skipped = "_posts/-202205262391921712.md"
    found = lint(sample, skipped, select=["FM006"])
    assert codes_at(found) == [("FM006", 4, 8)]
    assert found[0].message.endswith(
        "Jekyll skips this file for its name (FM007); named as a post, it would stop the"
        " whole build"
    )
    named = sample / "_posts/2022-05-27-202205262391921712.md"
    assert not named.exists()
    (sample / skipped).rename(named)
    assert lint(sample, named.relative_to(sample).as_posix(), select=["FM006"])[0].message.endswith(
        "Jekyll stops the whole build on a date it cannot read"
    )


def test_a_timezone_ruby_does_not_know_is_named_where_its_utc_moves_a_date(
    sample: Path,
) -> None:
    """`timezone: Asia/Shangai` (a typo): Ruby reads the zone as UTC, silently (checked:
    `TZ=Asia/Shangai ruby -e 'p Time.local(2022,2,11,1).utc_offset'` gives 0), so a post
    at 01:00 +0800 is filed a day earlier; the messages say why."""
    config = sample / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Asia/Shanghai", "Asia/Shangai"),
        encoding="utf-8",
    )
    replace_in(sample / REFERENCE, "2022-02-11 09:00:14 +0800", "2022-02-11 01:00:14 +0800")
    found = lint(sample, REFERENCE, select=["FM"])
    assert [(f.code, f.message) for f in found] == [
        (
            "FM007",
            "file name says 2022-02-11 but date is 2022-02-10 in UTC (the timezone"
            " 'Asia/Shangai' is no zone Ruby knows); Jekyll uses the date for the URL",
        )
    ]
    replace_in(sample / REFERENCE, "2022-02-11 01:00:14 +0800", "2022-02-11 09:00:14")
    assert [f.message for f in lint(sample, REFERENCE, select=["FM005"])] == [
        "date '2022-02-11 09:00:14' has no UTC offset and the site's timezone 'Asia/Shangai'"
        " is no zone Ruby knows, so Jekyll uses UTC"
    ]
