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
    write = out.write
    batch: list[str] = []
    for d in report.diagnostics:  # one f-string per line and large writes: 70,000 lines in a blink
        marker = " [*]" if d.fixable else ""
        if colour:
            code = _paint(d.code, "error" if d.severity is Severity.ERROR else "warning", True)
            location = _paint(f"{d.path}:{d.line}:{d.column}:", "path", True)
            batch.append(f"{location} {code}{marker} {d.message}\n")
        else:
            batch.append(f"{d.path}:{d.line}:{d.column}: {d.code}{marker} {d.message}\n")
        if len(batch) >= 4096:
            write("".join(batch))
            batch.clear()
    write("".join(batch))
    for path in report.missing:
        write(f"{path}: no such file or folder\n")
    write(summary(report))


def summary(report: Report) -> str:
    if not report.diagnostics:
        return f"All checks passed: {report.files} file(s), no problems.\n"
    counts = Counter(d.code for d in report.diagnostics)
    names: dict[str, str] = {}
    errors = fixable = 0
    error = Severity.ERROR
    for d in report.diagnostics:
        if d.severity is error:
            errors += 1
        if d.fix is not None or d.cached_fixable:
            fixable += 1
    for d in report.diagnostics:
        if d.code not in names:
            names[d.code] = d.name
            if len(names) == len(counts):
                break
    total = len(report.diagnostics)
    lines = [
        f"Found {total} problem(s) in {report.files} file(s): "
        f"{errors} error(s), {total - errors} warning(s)."
    ]
    lines += [f"{count:>7}  {code}  {names[code]}" for code, count in sorted(counts.items())]
    if fixable:
        lines.append(f"[*] {fixable} fixable with `finews-lint fix`.")
    return "\n".join(lines) + "\n"
