"""Fuzzing check and fix with generated and mutated posts (hypothesis).

CI runs a short version. The long version is run by hand:
`FINEWS_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q tests/test_fuzz.py`
(the count applies to each test). For every example: `check` never raises and ends
within a bound; `fix` is idempotent; a front matter that parsed still parses after the
fix; the visible text changes only through fixes that declare it (SRC001's insertion).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from finews_lint.body import Body
from finews_lint.fixfiles import Fixer
from finews_lint.frontmatter import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fix_posts import PARAGRAPHS, body, front_matter, make_fixer, post
from tests.helpers import SAMPLE, copy_sample

NAME = "2022-02-11-FUZZ0001.md"
EXAMPLES = int(os.environ.get("FINEWS_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 50,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    database=None,
)
SECONDS_PER_EXAMPLE = 10
VISIBLE_CHANGING = {"SRC001", "LNK001"}  # fixes that declare an insertion into the visible text

HOSTILE_STRINGS = st.sampled_from(
    [
        "",
        "~",
        "null",
        "---",
        "...",
        "&a",
        "*a",
        "!!python/object/apply:os.system ['id']",
        "!!binary aGVsbG8=",
        "{",
        "[",
        "'",
        '"',
        "\t",
        "\x00",
        "\x1b[31m",
        "\u202e",
        "\ufeff",
        "央行：利率",
        "2022-02-11 09:00:14",
        "2022-13-45",
        "<script>",
        "{{ page.title }}",
        "%",
        "\r",
        "a: b: c",
        "? x",
        "- y",
    ]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF), max_size=40
)
KEYS = st.sampled_from(["layout", "title", "date", "categories", "tags", "permalink", "x", "title"])


@st.composite
def front_matters(draw: st.DrawFn) -> list[str]:
    if draw(st.booleans()):
        return front_matter(title=draw(st.sampled_from(PARAGRAPHS))[:12])
    pairs = draw(st.lists(st.tuples(KEYS, st.one_of(HOSTILE_STRINGS, TEXT)), max_size=8))
    lines = [f"{key}: {value}" for key, value in pairs]
    if draw(st.booleans()):
        lines = [draw(HOSTILE_STRINGS) + line for line in lines]
    return ["---", *lines, "---"]


PIECES = st.one_of(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<b>",
            "</b>",
            "<br>",
            "<img src=x>",
            '<a href="/a">',
            "</a>",
            "<!--",
            "-->",
            "{% if x %}",
            "{% endif %}",
            "{{ x }}",
            "{% raw %}",
            "```",
            "<http://finews.zning.xyz/x>",
            "[返回首页](//finews.withounder.com/)",
            "（文章来源：大众日报）",
            '<p class="em_media">',
            "&amp;",
            "&#0;",
            "&nbsp;",
            "\n",
            "\n\n",
            "    ",
            "\r\n",
            "\r",
            "<center>",
            "<font color=red>",
            '<p style="display:none">',
            "<script>",
            "</script>",
            "\x00",
            "\x0c",
            "\u2028",
            "<![CDATA[",
            '<!DOCTYPE x [<!ENTITY e "e">]>',
            "&e;",
        ]
    ),
    st.sampled_from(PARAGRAPHS),
    TEXT,
)


@st.composite
def generated(draw: st.DrawFn) -> bytes:
    lines = [*draw(front_matters()), "".join(draw(st.lists(PIECES, max_size=30)))]
    if draw(st.booleans()):
        lines += body()
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return post(lines, newline=newline, final_newline=draw(st.booleans()), bom=draw(st.booleans()))


SEED_POST = post(front_matter() + body(PARAGRAPHS[:3]), final_newline=True)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED_POST)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "remove", "insert"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            lines = bytes(data).split(b"\n")
            index = at % len(lines)
            if kind == "duplicate":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SAMPLE.is_dir():
        pytest.fail(f"the real sample is missing: {SAMPLE}")
    return copy_sample(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def fixer(site: Path) -> Fixer:
    return make_fixer(site)


def _visible(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    fm = parse(text)
    if fm is None or not fm.ok:
        return None
    return Body.parse(text, fm.end).visible_text()


def _parses(data: bytes) -> bool:
    try:
        fm = parse(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return False
    return fm is not None and fm.ok


def _check_and_fix(site: Path, fixer: Fixer, data: bytes) -> None:
    path = site / "_posts" / NAME
    path.write_bytes(data)
    target = fixer.linter.discovery.classify(Path("_posts") / NAME, explicit=True)
    started = time.monotonic()
    fixer.linter.lint_target(target)  # must not raise
    first = fixer.fix_target(target)
    assert time.monotonic() - started < SECONDS_PER_EXAMPLE
    once = path.read_bytes()
    if not first.written:
        assert once == data  # refused, unparsable or clean: byte for byte
        return
    second = fixer.fix_target(target)
    assert not second.written and path.read_bytes() == once, "fix is not idempotent"
    if _parses(data):
        assert _parses(once)
    before = _visible(data)  # None: no body to compare (a fix may make the front matter parse)
    if before is not None and not set(first.applied) & VISIBLE_CHANGING:
        after = _visible(once)
        if "HT001" in first.applied:  # it may repair `< p>` or `/p>`, markup shown as text
            # `/p>` first: in `<\x01/p>` it is repaired to `<\x01</p>`, and `<\x01` stays text
            end_tag_shown = r"(?<!<)/[A-Za-z][A-Za-z0-9]*>"
            shown_markup = r"\s+|<[^<>]*>"
            before, after = (
                re.sub(shown_markup, "", re.sub(end_tag_shown, "", text or ""))
                for text in (before, after)
            )
        assert after == before


@FUZZ
@given(data=generated())
def test_generated_posts(site: Path, fixer: Fixer, data: bytes) -> None:
    _check_and_fix(site, fixer, data)


@FUZZ
@given(data=mutated())
def test_mutated_posts(site: Path, fixer: Fixer, data: bytes) -> None:
    _check_and_fix(site, fixer, data)
