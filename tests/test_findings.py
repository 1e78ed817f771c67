"""A run over a whole site keeps its findings packed until the report is written
(finews_lint.findings): the report reads the same, in the same order, with the same counts,
while the run holds a few compressed bytes a post instead of every finding."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from finews_lint import engine, onepass
from finews_lint.app import RunRequest, build_settings
from finews_lint.diagnostic import Diagnostic, Severity
from finews_lint.engine import Linter
from finews_lint.findings import Findings, in_report_order, tally

from tests.helpers import run_cli, run_json


def finding(path: str, line: int, code: str = "HT001", error: bool = True) -> Diagnostic:
    severity = Severity.ERROR if error else Severity.WARNING
    return Diagnostic(path, line, 1, line, 2, code, code.lower(), severity, f"{code} at {line}")


def test_findings_about_other_files_are_merged_in_report_order() -> None:
    per_file = [[finding("_posts/b.md", 9), finding("_posts/b.md", 2, error=False)], []]
    found = Findings(["_posts/b.md", "_posts/d.md"], lambda a, b: iter(per_file[a:b]), 2, 1)
    added = [
        finding("_posts/d.md", 4, "LNK003"),
        finding("_posts/c.md", 1, "REPO002", error=False),  # a file between the run's own
        finding("_config.yml", 1, "INT001"),  # before them all
        finding("_posts/e.md", 3, "REPO002"),  # after them all
        finding("_posts/b.md", 2, "REPO001"),  # between the file's own findings
    ]
    found.add(added)
    expected = in_report_order([*per_file[0], *added])
    assert list(found) == expected
    assert list(found) == expected  # made anew on each pass
    assert (len(found), found.errors) == (7, 5)
    counted = tally(found)
    assert (counted.total, counted.errors) == (7, 5)
    assert counted.by_code == {"HT001": 2, "LNK003": 1, "REPO002": 2, "INT001": 1, "REPO001": 1}


def test_files_listed_folder_by_folder_are_reported_in_order_of_path() -> None:
    paths = ["about.md", "emnews.md", "_posts/a.md", "_posts/c.md", "category/x.md", "_posts/b.md"]
    per_file = [[finding(path, 1)] for path in paths]
    found = Findings(paths, lambda a, b: iter(per_file[a:b]), len(paths), len(paths))
    found.add([finding("_config.yml", 1, "INT001"), finding("emnews.md", 1, "REPO001")])
    assert [(d.path, d.code) for d in found] == [
        ("_config.yml", "INT001"),
        ("_posts/a.md", "HT001"),
        ("_posts/b.md", "HT001"),
        ("_posts/c.md", "HT001"),
        ("about.md", "HT001"),
        ("category/x.md", "HT001"),
        ("emnews.md", "HT001"),
        ("emnews.md", "REPO001"),
    ]


class Passes:
    """How many times the run's packed results are read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = onepass.InOnePass.results

        def counting(run, start, stop):  # type: ignore[no-untyped-def]
            self.count += start == 0  # a pass over a run of files: one from the first
            return real(run, start, stop)

        monkeypatch.setattr(onepass.InOnePass, "results", counting)


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_the_report_of_a_whole_site_is_written_in_one_pass(
    sample: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    passes = Passes(monkeypatch)
    code, out = run_cli("check", "--no-cache", "--format", output, ".", cwd=sample)
    assert passes.count == 1  # the lines, the summary's counts and the exit code together
    assert code == 1
    monkeypatch.setattr(onepass, "ENABLED", False)  # two passes, every finding in a list
    assert run_cli("check", "--no-cache", "--format", output, ".", cwd=sample) == (code, out)


def test_a_cold_check_of_a_whole_site_holds_no_finding_of_its_posts(sample: Path) -> None:
    linter = Linter(build_settings(RunRequest(cwd=sample)), cwd=sample)
    report = linter.check([Path(".")], jobs=1)
    assert isinstance(report.diagnostics, Findings)
    gc.collect()
    held = sum(1 for o in gc.get_objects() if type(o) is Diagnostic)
    assert held < 40  # the whole site's rules' few; its posts' own are packed
    assert len(report.diagnostics) == len(list(report.diagnostics)) == 371
    assert report.errors == sum(1 for d in report.diagnostics if d.severity is Severity.ERROR)


def test_a_first_run_over_a_large_site_fills_the_cache_in_passes(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "KEEP_PER_PASS", 40)
    passes = Passes(monkeypatch)
    _, first = run_json(".", cwd=sample)
    assert first["files"] == 123  # the posts, pages and old posts: four passes of 40 files
    assert passes.count == 4 + 1  # then the report
    kept = sorted(p.name for p in (sample / ".finews-lint-cache").rglob("*.marshal"))
    monkeypatch.setattr(onepass, "ENABLED", False)
    assert run_json("--no-cache", ".", cwd=sample)[1] == first
    assert len(first["diagnostics"]) == 371

    def not_again(*args: object) -> object:
        raise AssertionError("linted again: the first run's results were not all kept")

    monkeypatch.setattr(Linter, "lint_for_cache", not_again)
    monkeypatch.setattr(Linter, "lint_for_report", not_again)
    code, out = run_cli("check", "--format", "json", ".", cwd=sample)
    assert (code, json.loads(out)) == (1, first)
    assert sorted(p.name for p in (sample / ".finews-lint-cache").rglob("*.marshal")) == kept


def test_a_run_that_lints_many_files_serves_its_other_hits_after_them(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    """A check after a scrape: the hits are served once the changed posts are linted, not
    held while the workers run; the report is the one a cold check gives."""
    run_json(".", cwd=sample)  # fills the cache
    posts = sorted((sample / "_posts").glob("2021-12-08-*.md"))[:30]
    for post in posts:
        post.write_text(post.read_text(encoding="utf-8") + "\n<div>新增\n", encoding="utf-8")
    monkeypatch.setattr(engine, "DEFER_AFTER_MISSES", 10)
    deferred: list[int] = []
    real = Linter._served_later

    def serving_later(linter, targets):  # type: ignore[no-untyped-def]
        deferred.append(len(targets))
        return real(linter, targets)

    monkeypatch.setattr(Linter, "_served_later", serving_later)
    _, report = run_json(".", cwd=sample)
    assert len(deferred) == 1 and 0 < deferred[0] < 123 - 30  # the hits after ten misses
    assert run_json("--no-cache", ".", cwd=sample)[1] == report
    assert sum("新增" in d["message"] or d["code"] == "HT001" for d in report["diagnostics"]) >= 30
    deferred.clear()
    linted = Passes(monkeypatch)
    out = sample.parent / "report.json"  # a report to a file is never replayed
    assert run_cli("check", "--format", "json", "--output-file", str(out), ".", cwd=sample)[0] == 1
    assert json.loads(out.read_text(encoding="utf-8")) == report
    assert deferred == [] and linted.count == 0  # nothing to lint: every hit served at once
