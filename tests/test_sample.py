"""The real sample, as it is: its known defects show, the reference post is clean."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.helpers import REFERENCE, codes_at, lint, run_json


def test_reference_post_has_no_findings(sample: Path) -> None:
    assert lint(sample, REFERENCE) == []


def test_every_offsetless_date_is_reported_on_its_value(sample: Path) -> None:
    findings = [f for f in lint(sample, "_posts", select=["FM005"])]
    offsetless = []
    for post in sorted((sample / "_posts").iterdir()):
        for number, line in enumerate(post.read_text(encoding="utf-8").splitlines(), 1):
            if (
                line.startswith("date: ")
                and "+" not in line
                and post.read_text(encoding="utf-8").startswith("---")
            ):
                offsetless.append(number)
                break
    assert len(findings) == len(offsetless) == 94
    assert {(f.line, f.column, f.end_column) for f in findings} == {(4, 7, 26)}
    assert all("the site timezone Asia/Shanghai gives +0800" in f.message for f in findings)


def test_leading_blank_line_is_front_matter_missing(sample: Path) -> None:
    found = lint(sample, "_posts/2021-12-08-202112082206703990.md", select=["FM"])
    assert codes_at(found) == [("FM001", 1, 1)]


def test_nameless_post_with_empty_title_and_bare_offset(sample: Path) -> None:
    found = codes_at(lint(sample, "_posts/-202205262391921712.md", select=["FM"]))
    assert found == [("FM007", 1, 1), ("FM003", 3, 8), ("FM006", 4, 8)]


def test_front_matter_codes_over_the_sample(sample: Path) -> None:
    code, report = run_json("_posts", "--select", "FM", cwd=sample)
    assert code == 1
    assert report["files"] == 102
    counts = Counter(d["code"] for d in report["diagnostics"])
    assert counts == Counter({"FM005": 94, "FM001": 1, "FM003": 1, "FM006": 1, "FM007": 1})


def test_report_lists_findings_by_path_line_column_and_code(sample: Path) -> None:
    """Workers send each file's findings in rule order and whole-site rules add theirs at the
    end; the report is in reading order all the same."""
    code, report = run_json("--no-cache", "--jobs", "2", ".", cwd=sample)
    assert code == 1
    keys = [(d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]
    assert keys == sorted(keys)
    assert any(key[3].startswith("REPO") for key in keys)  # whole-site findings are among them
    assert Counter(key[0] for key in keys).most_common(1)[0][1] > 3  # and several of one file
