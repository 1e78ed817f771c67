"""``--format text``: ``path:line:col: CODE message``, then a summary with counts per code.

``[*]`` marks what a plain `finews-lint fix` repairs; fixes that need ``--unsafe-fixes``
are counted apart in the summary (as ruff does), so the count never promises more than
`fix` will do.
"""

from __future__ import annotations

from typing import TextIO

from ..diagnostic import Severity
from ..engine import Report
from ..findings import counting, tally
from ..rule import Registry
from .printable import printable

_RESET = "\033[0m"
_STYLES = {"path": "\033[1m", "error": "\033[31m", "warning": "\033[33m", "dim": "\033[2m"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if colour else text


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    write = out.write
    batch: list[str] = []
    # One f-string per line and large writes: 70,000 lines in a blink. Counted on the way
    # for the summary: Findings are made anew on each pass.
    for d in counting(report.diagnostics):
        marker = " [*]" if d.fix_safety == "safe" else ""
        if colour:  # our own escapes in the line: the post's text made printable alone
            code = _paint(d.code, "error" if d.severity is Severity.ERROR else "warning", True)
            location = _paint(printable(f"{d.path}:{d.line}:{d.column}:"), "path", True)
            batch.append(f"{location} {code}{marker} {printable(d.message)}\n")
        else:
            batch.append(f"{d.path}:{d.line}:{d.column}: {d.code}{marker} {d.message}\n")
        if len(batch) >= 4096:
            write("".join(batch) if colour else printable("".join(batch)))
            batch.clear()
    write("".join(batch) if colour else printable("".join(batch)))
    for path in report.missing:
        write(f"{path}: no such file or folder\n")
    write(summary(report))


def summary(report: Report) -> str:
    known = (
        f" ({report.baselined} known finding(s) of the baseline not shown)"
        if report.baselined
        else ""
    )
    if not report.diagnostics and report.missing:
        return (
            f"No problems in {report.files} file(s){known}, but {len(report.missing)} "
            "path(s) given do not exist.\n"
        )
    if not report.diagnostics and known:
        return f"No new problems in {report.files} file(s){known}.\n"
    if not report.diagnostics:
        return f"All checks passed: {report.files} file(s), no problems.\n"
    counted = tally(report.diagnostics)  # of Findings: kept from the pass that wrote them
    counts, names, errors, fixes = counted.by_code, counted.names, counted.errors, counted.fixes
    total = counted.total
    lines = [
        f"Found {total} {'new ' if known else ''}problem(s) in {report.files} file(s): "
        f"{errors} error(s), {total - errors} warning(s){known}."
    ]
    lines += [f"{count:>7}  {code}  {names[code]}" for code, count in sorted(counts.items())]
    lines += _fixable_line(fixes["safe"], fixes["unsafe"])
    if counts.get("FM002"):
        lines.append(
            "The rules that read a post's front matter (its date, categories and links) wait"
            " for FM002: they check those posts once their YAML parses, as `fix` does."
        )
    return "\n".join(lines) + "\n"


def _fixable_line(safe: int, unsafe: int) -> list[str]:
    more = f"{unsafe} more with `finews-lint fix --unsafe-fixes`" if unsafe else ""
    if safe:
        return [f"[*] {safe} fixable with `finews-lint fix`" + (f" ({more})." if more else ".")]
    if unsafe:
        return [f"{unsafe} fixable with `finews-lint fix --unsafe-fixes`."]
    return []
