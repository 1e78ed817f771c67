"""A baseline for a legacy backlog: record today's findings, report only new ones."""

from __future__ import annotations

import json
from pathlib import Path

from finews_lint import baseline
from finews_lint.diagnostic import Diagnostic, Severity
from finews_lint.engine import Report

from tests.helpers import REFERENCE, replace_in, run_cli_with_errors, run_json


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the CLI run from ``cwd``."""
    return run_cli_with_errors(*args, cwd=cwd)


def test_a_baseline_of_the_real_sample_silences_today_and_catches_one_new_defect(
    sample: Path,
) -> None:
    code, before = run_json(cwd=sample)
    assert code == 1 and len(before["diagnostics"]) > 50

    code, out, err = run(sample, "check", "--write-baseline", "baseline.json")
    assert code == 0
    count = len(before["diagnostics"])
    assert out == (
        f"No new problems in {before['files']} file(s) "
        f"({count} known finding(s) of the baseline not shown).\n"
    )
    recorded = json.loads((sample / "baseline.json").read_text(encoding="utf-8"))
    assert len(recorded["findings"]) == len(before["diagnostics"])
    assert f"wrote {len(before['diagnostics'])} finding(s)" in err

    code, after = run_json("--baseline", "baseline.json", cwd=sample)
    assert (code, after["diagnostics"]) == (0, [])

    # Lines move in a file with a recorded finding: still nothing new.
    moved = sample / "_posts" / "2021-12-08-202112082206672930.md"
    moved.write_text("---\n\n" + moved.read_text(encoding="utf-8")[4:], encoding="utf-8")
    code, after = run_json("--baseline", "baseline.json", cwd=sample)
    assert (code, after["diagnostics"]) == (0, [])

    # One new defect in the reference post: exactly that one is reported.
    replace_in(sample / REFERENCE, "+0800", "", 1)
    code, after = run_json("--baseline", "baseline.json", cwd=sample)
    assert code == 1
    assert [(d["path"], d["code"], d["line"], d["column"]) for d in after["diagnostics"]] == [
        (REFERENCE, "FM005", 4, 7)
    ]
    _, out, _ = run(sample, "check", "--baseline", "baseline.json")
    assert f"Found 1 new problem(s) in {before['files']} file(s): 1 error(s), 0 warning(s) (" in out


def test_fixed_entries_are_counted_and_pruned(sample: Path) -> None:
    assert run(sample, "check", "--write-baseline", "baseline.json")[0] == 0
    recorded = json.loads((sample / "baseline.json").read_text(encoding="utf-8"))["findings"]
    fixed_post = sample / "_posts" / "2021-12-08-202112082206672930.md"
    text = fixed_post.read_text(encoding="utf-8")
    fixed_post.write_text(
        text.replace("date: 2021-12-08 10:46:18", "date: 2021-12-08 10:46:18 +0800"),
        encoding="utf-8",
    )

    code, _, err = run(sample, "check", "--baseline", "baseline.json")
    assert code == 0
    assert "1 entry of the baseline fixed now: prune with --prune-baseline" in err

    code, _, err = run(sample, "check", "--baseline", "baseline.json", "--prune-baseline")
    assert code == 0
    assert "removed 1 fixed entry from baseline.json" in err
    pruned = json.loads((sample / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(pruned) == len(recorded) - 1
    assert (fixed_post.name, "FM005") not in {(Path(e["path"]).name, e["code"]) for e in pruned}

    code, _, err = run(sample, "check", "--baseline", "baseline.json")
    assert code == 0 and "fixed now" not in err


def test_entries_of_files_not_linted_are_not_called_fixed(sample: Path) -> None:
    assert run(sample, "check", "--write-baseline", "baseline.json")[0] == 0
    code, _, err = run(sample, "check", "--baseline", "baseline.json", REFERENCE)
    assert code == 0
    assert "fixed now" not in err


def _finding(line: int, snippet: str = "<b>") -> Diagnostic:
    return Diagnostic(
        "_posts/a.md",
        line,
        1,
        line,
        4,
        "HT001",
        "unbalanced-tags",
        Severity.ERROR,
        "element <b> is never closed",
        snippet=snippet,
    )


def test_a_second_identical_finding_in_one_file_is_new() -> None:
    recorded = baseline.entries([_finding(8)])
    # The file now has the old finding two lines lower and the same text once more.
    report = Report(files=1, diagnostics=[_finding(10), _finding(12)], paths=["_posts/a.md"])
    outcome = baseline.apply(report, recorded)
    assert [d.line for d in outcome.report.diagnostics] == [12]
    assert (outcome.matched, outcome.fixed) == (1, [])
    # The finding recorded is gone and another one (other text) appeared: one fixed, one new.
    outcome = baseline.apply(Report(1, [_finding(3, "<i>")], paths=["_posts/a.md"]), recorded)
    assert [d.line for d in outcome.report.diagnostics] == [3]
    assert len(outcome.fixed) == 1


def test_a_malformed_baseline_is_a_usage_error(example: Path) -> None:
    (example / "b.json").write_text('{"findings": 3}', encoding="utf-8")
    code, _, err = run(example, "check", "--baseline", "b.json")
    assert code == 2
    assert "not a finews-lint baseline" in err
    (example / "b.json").write_text("{", encoding="utf-8")
    code, _, err = run(example, "check", "--baseline", "b.json")
    assert (code, "is not JSON" in err) == (2, True)
    code, _, err = run(example, "check", "--baseline", "b.json", "--write-baseline", "c.json")
    assert code == 2 and "exclude each other" in err
    code, _, err = run(example, "check", "--prune-baseline")
    assert code == 2 and "needs --baseline" in err


def test_pruning_with_a_selection_keeps_the_entries_of_rules_that_did_not_run(
    sample: Path,
) -> None:
    """Only FM005 ran: the other rules' entries are not fixed, they were not looked for."""
    code, before = run_json(cwd=sample)
    run(sample, "check", "--write-baseline", "b.json")
    code, _, err = run(sample, "check", "--baseline", "b.json", "--select", "FM005")
    assert code == 0 and "fixed now" not in err
    replace_in(sample / "_posts/2021-12-08-202112082206710723.md", "10:21:26", "10:21:26 +0800")
    _, _, err = run(
        sample, "check", "--baseline", "b.json", "--select", "FM005", "--prune-baseline"
    )
    assert "removed 1 fixed entry from b.json" in err
    kept = json.loads((sample / "b.json").read_text(encoding="utf-8"))["findings"]
    assert len(kept) == len(before["diagnostics"]) - 1
