"""``--format text``: ``path:line:col: CODE message``, then a summary with counts per code."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..diagnostic import Severity
from ..engine import Report
from ..rule import Registry

_RESET = "\033[0m"
_STYLES = {"path": "\033[1m", "error": "\033[31m", "warning": "\033[33m", "dim": "\033[2m"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if colour else text


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    for d in report.diagnostics:
        marker = " [*]" if d.fixable else ""
        severity = "error" if d.severity is Severity.ERROR else "warning"
        code = _paint(d.code, severity, colour)
        location = _paint(f"{d.path}:{d.line}:{d.column}:", "path", colour)
        out.write(f"{location} {code}{marker} {d.message}\n")
    for path in report.missing:
        out.write(f"{path}: no such file or folder\n")
    out.write(summary(report))


def summary(report: Report) -> str:
    if not report.diagnostics:
        return f"All checks passed: {report.files} file(s), no problems.\n"
    counts = Counter(d.code for d in report.diagnostics)
    names = {d.code: d.name for d in report.diagnostics}
    fixable = sum(1 for d in report.diagnostics if d.fixable)
    lines = [
        f"Found {len(report.diagnostics)} problem(s) in {report.files} file(s): "
        f"{report.errors} error(s), {report.warnings} warning(s)."
    ]
    lines += [f"{count:>7}  {code}  {names[code]}" for code, count in sorted(counts.items())]
    if fixable:
        lines.append(f"[*] {fixable} fixable with `finews-lint fix`.")
    return "\n".join(lines) + "\n"
