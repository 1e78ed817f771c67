"""Properties of `fix` over generated posts shaped like the sample's, with planted fixable defects.

Each example is a clean post (our own short texts) and the same post with defects
planted: the offset removed from `date`, blank lines before `---`, the title's inner
quotes left unescaped. Fixing the defective post must give back the clean post byte
for byte; fixing again changes nothing; the fixed post parses (ours and
python-frontmatter) and reads the same; a clean post is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import frontmatter as python_frontmatter
import pytest
from finews_lint.body import Body
from finews_lint.fixfiles import Fixer
from finews_lint.frontmatter import parse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fix_posts import PARAGRAPHS, body, make_fixer, post
from tests.helpers import SAMPLE, copy_sample

NAME = "2022-02-11-PROP0001.md"
WORDS = ("央行", "稳健", "数字经济", "新能源", "消费", "利率", "科技创新")


@dataclass(frozen=True)
class Case:
    clean: bytes
    defective: bytes
    planted: frozenset[str]
    date: str
    #: What the safe fixes make of ``defective``: ``clean``, but for the date when adding
    #: the offset would move the post's URL (FM005's fix is unsafe then).
    repaired: bytes


@st.composite
def cases(draw: st.DrawFn) -> Case:
    moment = datetime(2016, 1, 1) + timedelta(seconds=draw(st.integers(0, 9 * 365 * 86400)))
    date = moment.strftime("%Y-%m-%d %H:%M:%S")
    word, other = draw(st.sampled_from(WORDS)), draw(st.sampled_from(WORDS))
    quoted_title = draw(st.booleans())
    inner = f'"{word}"' if quoted_title else word
    title = f"{other}：{inner}的新进展"
    paragraphs = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=4))
    if draw(st.booleans()):
        paragraphs[0] = f"<strong>{paragraphs[0]}</strong>"
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    final_newline = draw(st.booleans())
    planted: set[str] = set()
    if draw(st.booleans()):
        planted.add("FM005")
    blank_lines = draw(st.integers(0, 2))
    if blank_lines:
        planted.add("FM001")
    if quoted_title and draw(st.booleans()):
        planted.add("FM002")

    def lines(defects: set[str]) -> list[str]:
        written_title = title if "FM002" in defects else title.replace('"', '\\"')
        written_date = date if "FM005" in defects else f"{date} +0800"
        head = [""] * blank_lines if "FM001" in defects else []
        return [
            *head,
            "---",
            "layout: post",
            f'title: "{written_title}"',
            f"date: {written_date}",
            "categories: dazhongribao",
            "tags: 大众日报新闻",
            "---",
            *body(paragraphs, info="PROP0001"),
        ]

    def build(defects: set[str]) -> bytes:
        return post(lines(defects), newline=newline, bom=bom, final_newline=final_newline)

    # Jekyll reads a plain date without offset as UTC: from 16:00 on, the day in Shanghai
    # is the next one, so the offset moves the post's URL back a day.
    moves = "FM005" in planted and moment.hour >= 16
    repaired = build({"FM005"}) if moves else build(set())
    return Case(build(set()), build(planted), frozenset(planted), date, repaired)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SAMPLE.is_dir():
        pytest.fail(f"the real sample is missing: {SAMPLE}")
    return copy_sample(tmp_path_factory.mktemp("properties"))


@pytest.fixture(scope="module")
def fixer(site: Path) -> Fixer:
    return make_fixer(site)


def fix_bytes(site: Path, fixer: Fixer, data: bytes) -> tuple[bytes, bool]:
    path = site / "_posts" / NAME
    path.write_bytes(data)
    outcome = fixer.fix_target(
        fixer.linter.discovery.classify(Path("_posts") / NAME, explicit=True)
    )  # type: ignore[arg-type]
    assert outcome.problem is None, outcome.problem
    return path.read_bytes(), outcome.changed


def visible(data: bytes) -> str:
    text = data.decode("utf-8-sig")
    fm = parse(text)
    assert fm is not None and fm.ok
    return Body.parse(text, fm.end).visible_text()


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


@PROPERTY_SETTINGS
@given(case=cases())
def test_fix_repairs_planted_defects_to_the_clean_post(
    site: Path, fixer: Fixer, case: Case
) -> None:
    fixed, changed = fix_bytes(site, fixer, case.defective)
    assert fixed == case.repaired
    assert changed == (case.repaired != case.defective)


@PROPERTY_SETTINGS
@given(case=cases())
def test_fix_is_idempotent_and_the_result_parses_and_reads_the_same(
    site: Path, fixer: Fixer, case: Case
) -> None:
    once, _ = fix_bytes(site, fixer, case.defective)
    twice, changed = fix_bytes(site, fixer, once)
    assert twice == once and not changed
    loaded = python_frontmatter.loads(once.decode("utf-8-sig"))
    assert str(loaded["date"]).startswith(case.date[:10])
    assert visible(once) == visible(case.clean)


@PROPERTY_SETTINGS
@given(case=cases())
def test_clean_posts_are_left_byte_for_byte(site: Path, fixer: Fixer, case: Case) -> None:
    fixed, changed = fix_bytes(site, fixer, case.clean)
    assert fixed == case.clean and not changed
