"""What `finews-lint fix` prints: what it fixed per file, files left alone and why, what remains."""

from __future__ import annotations

from typing import TextIO

from ..engine import Report
from ..fixfiles import FixReport, write_diff
from ..rule import Registry
from . import text
from .printable import printable


def _counts(outcome_applied: dict[str, int]) -> str:
    return ", ".join(f"{code} ×{count}" for code, count in sorted(outcome_applied.items()))


def render_diffs(report: FixReport, out: TextIO) -> None:
    """The unified diffs of ``fix --diff``, nothing else: a patch ``git apply`` takes."""
    for outcome in report.outcomes:  # those written as the workers sent them are empty now
        write_diff(outcome, out)


def render(report: FixReport, registry: Registry, out: TextIO, colour: bool, *, diff: bool) -> None:
    """The report: per file what was (or would be) fixed or refused, then what remains."""
    verb = "Would fix" if diff else "Fixed"
    for outcome in report.changed:
        out.write(f"{verb} {outcome.display}: {_counts(outcome.applied)}\n")
        if outcome.note:
            out.write(f"{outcome.display}: {outcome.note}\n")
    for outcome in report.problems:
        out.write(f"{outcome.display}: {outcome.problem}\n")
    remaining = Report(files=report.files, diagnostics=report.remaining, missing=report.missing)
    for d in remaining.diagnostics:
        marker = " [*]" if d.fix_safety == "safe" else ""
        out.write(printable(f"{d.path}:{d.line}:{d.column}: {d.code}{marker} {d.message}\n"))
    for path in remaining.missing:
        out.write(f"{path}: no such file or folder\n")
    fixed = sum(sum(o.applied.values()) for o in report.changed)
    out.write(
        f"{verb} {fixed} problem(s) in {len(report.changed)} of {report.files} file(s)"
        + (f"; {len(report.problems)} file(s) left as they were" if report.problems else "")
        + ".\n"
    )
    if remaining.diagnostics:
        out.write(text.summary(remaining).replace("Found", "Remaining:", 1))
