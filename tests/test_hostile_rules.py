"""Hostile bodies get every finding they should, with all rules on, and `fix` keeps up.

Each body is tens of thousands of tags (or attributes) of one bad kind in the example
site's good post. The file budget is cut to a few seconds: a scan that reads the whole
body again for each tag (as several did: the end tags against 30,000 open elements, each
link's text in 20,000 nested links) runs out of it and shows up as INT001 with findings
missing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import copy_example, lint, run_cli, run_json

POST = "_posts/2024-03-05-EX202403050001.md"
BUDGET = 4.0  # seconds a file; each body takes well under one here

# body -> (the exact count of each code it must get, where in the body the first HT001
# is); codes not named may appear too
HOSTILE = {
    "end tags nothing opened, under 20,000 open elements": (
        "<div>" * 20_000 + "</span>" * 10_000,
        {"HT001": 30_000},
        0,
    ),
    "elements left behind by 5,000 end tags": (
        "<div>" * 5_000 + "<b>" * 10_000 + "</div>" * 5_000,
        {"HT001": 10_000},
        len("<div>") * 5_000,
    ),
    "paragraphs under 10,000 open elements, one closed far later": (
        "<p>" + "<div>" * 10_000 + "<p>段</p>" * 5_000 + "</div>" * 10_000 + "</p>",
        {"HT001": 0},
        None,
    ),
    "20,000 empty links, each inside the last": (
        '<a href="/x">' * 20_000 + "</a>" * 20_000,
        {"HT011": 20_000, "HT008": 19_999, "HT001": 0},
        None,
    ),
    "20,000 hidden elements never closed, one inside the other": (
        "<span hidden>" * 20_000 + "藏",
        {"HT005": 1, "HT001": 20_000},
        0,
    ),
    "20,000 processing instructions never closed": ("<?" * 20_000, {"HT001": 0}, None),
    "20,000 CDATA sections never closed": ("<![CDATA[" * 20_000, {"HT001": 0}, None),
    "20,000 comments never closed": ("<!--" * 20_000, {"HT001": 1}, 0),
    "end tags nothing opened, in both branches of a Liquid if": (
        "{% if x %}"
        + "<div>" * 10_000
        + "</span>" * 10_000
        + "{% else %}"
        + "<div>" * 10_000
        + "</span>" * 10_000
        + "{% endif %}",
        {"HT001": 20_000, "HT007": 0},
        len("{% if x %}"),
    ),
    "one tag with 50,000 attributes": (
        "<b " + " ".join(f'data-n{i}="{i}"' for i in range(50_000)) + ">粗</b>",
        {"HT001": 0, "HT004": 0},
        None,
    ),
    "one tag with 20,000 copies of an attribute": (
        "<b " + "a=1 " * 20_000 + ">粗</b>",
        {"HT002": 19_999, "HT001": 0},
        None,
    ),
    "20,000 autolinks on one line": (
        "<http://quote.example.com/a>" * 20_000,
        {"HT001": 0},
        None,
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example site, and its good post's text before a test changes it."""
    root = copy_example(tmp_path_factory.mktemp("hostile-rules"))
    return root, (root / POST).read_text(encoding="utf-8")


def _write_body(site: tuple[Path, str], body: str) -> str:
    """The good post with ``body`` before its article; the post's new text."""
    root, original = site
    text = original.replace("<p>", body + "<p>", 1)
    (root / POST).write_text(text, encoding="utf-8")
    return text


def _where(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of ``offset``, both from 1."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_body_gets_all_its_findings_within_the_file_budget(
    site: tuple[Path, str], name: str
) -> None:
    body, expected, first_ht001 = HOSTILE[name]
    text = _write_body(site, body)
    findings = lint(site[0], POST, file_timeout=BUDGET)
    counts = Counter(finding.code for finding in findings)
    assert counts["INT001"] == 0, [f.message for f in findings if f.code == "INT001"]
    assert {code: counts[code] for code in expected} == expected
    if first_ht001 is not None:
        first = min((f.line, f.column) for f in findings if f.code == "HT001")
        assert first == _where(text, text.index(body) + first_ht001)


def test_fix_makes_the_other_fixes_of_a_post_with_hundreds_of_elements_left_open(
    site: tuple[Path, str],
) -> None:
    """200 `<b>` left open at one `</div>` would take 200 passes to close, one a pass:
    they are reported without a fix, and the post's missing UTC offset is still fixed."""
    root = site[0]
    text = _write_body(site, "<div>" + "<b>" * 200 + "</div>")
    path = root / POST
    path.write_text(text.replace(" +0800\n", "\n", 1), encoding="utf-8")
    _, report = run_json("--no-cache", POST, cwd=root)
    fixable = Counter((d["code"], d["fixable"]) for d in report["diagnostics"])
    assert fixable[("HT001", False)] == 200  # none of them offered a fix
    assert fixable[("HT001", True)] == 0
    assert fixable[("FM005", True)] == 1
    assert run_cli("fix", "--no-cache", POST, cwd=root)[0] == 1
    assert path.read_text(encoding="utf-8") == text  # the offset is back, nothing else changed


def test_fix_removes_thousands_of_stray_end_tags_in_one_go(site: tuple[Path, str]) -> None:
    root = site[0]
    text = _write_body(site, "</span>" * 5_000)
    assert run_cli("fix", "--no-cache", POST, cwd=root)[0] == 1  # a file changed
    assert (root / POST).read_text(encoding="utf-8") == text.replace("</span>" * 5_000, "")
    assert run_cli("check", "--no-cache", POST, cwd=root)[0] == 0


def test_a_front_matter_value_holding_a_long_run_of_blanks_is_read_in_time(
    tmp_path: Path,
) -> None:
    """A title and a date with 50,000 spaces inside: two patterns tried every end of the
    run (14 s for one post and its site); the YAML reads both, and so does the linter."""
    root = copy_example(tmp_path)
    text = (root / POST).read_text(encoding="utf-8")
    date = re.search(r"^date: (\S+) (\S+) (\S+)$", text, re.MULTILINE)
    assert date is not None
    spaced = text.replace('title: "', 'title: "a' + " " * 50_000 + "b", 1)
    spaced = spaced.replace(date.group(0), f"date: {date.group(1)}{' ' * 50_000}{date.group(2)}")
    (root / POST).write_text(spaced, encoding="utf-8")
    findings = lint(root, POST, file_timeout=BUDGET)
    assert [f.code for f in findings] == ["FM005"]  # the offset went with the run of blanks
