"""``--format junit``: JUnit XML for CI dashboards.

One ``testsuite`` per linted file; one ``testcase`` per diagnostic (an error is a
``failure``, a warning passes with the warning as ``system-out``); a clean file is one
passing ``testcase``, so the dashboard shows what was checked.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TextIO

from ..diagnostic import Diagnostic, Severity
from ..engine import Report
from ..rule import Registry
from .printable import xml_text

_BLOCK = 2048  # files per write


def _text(value: str) -> str:
    """Character data, as ElementTree escapes it."""
    return xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """A double-quoted attribute value, as ElementTree escapes it."""
    text = _text(value).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _case(path: str, diagnostic: Diagnostic) -> str:
    """One finding as a ``testcase``: a failure if it is an error, else passed with output."""
    name = f"{diagnostic.code} {diagnostic.name} at {diagnostic.line}:{diagnostic.column}"
    where = f"{path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
    message = diagnostic.message
    if diagnostic.severity is Severity.ERROR:
        inner = (
            f'<failure message="{_attribute(message)}" type="{_attribute(diagnostic.code)}">'
            f"{_text(where + message)}</failure>"
        )
    else:
        inner = f"<system-out>{_text('warning: ' + where + message)}</system-out>"
    return (
        f'    <testcase classname="{_attribute(path)}" name="{_attribute(name)}">\n'
        f"      {inner}\n    </testcase>\n"
    )


def _suite(path: str, found: list[Diagnostic], missing: bool, counts: tuple[int, int]) -> str:
    """The ``testsuite`` of one file, with its ``_counts``."""
    if missing:
        body = (
            f'    <testcase classname="{_attribute(path)}" name="exists">\n'
            f'      <failure message="no such file or folder" type="missing">{_text(path)}'
            "</failure>\n    </testcase>\n"
        )
    elif not found:
        body = f'    <testcase classname="{_attribute(path)}" name="finews-lint" />\n'
    else:
        body = "".join(_case(path, diagnostic) for diagnostic in found)
    cases, failed = counts
    head = f'  <testsuite name="{_attribute(path)}" tests="{cases}" failures="{failed}" errors="0">'
    return f"{head}\n{body}  </testsuite>\n"


def _counts(found: list[Diagnostic], missing: bool) -> tuple[int, int]:
    """A file's cases and failures: one failing case if it is missing, one passing case if
    it is clean, else one case a finding and one failure an error."""
    if missing:
        return 1, 1
    if not found:
        return 1, 0
    return len(found), sum(1 for d in found if d.severity is Severity.ERROR)


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    """Written suite by suite, in the layout of ElementTree's indented output: 70,000
    findings without holding a tree of them (the totals on ``testsuites`` come first)."""
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in report.diagnostics:
        by_path[diagnostic.path].append(diagnostic)
    paths = sorted(dict.fromkeys([*report.paths, *by_path, *report.missing]))
    missing = set(report.missing)
    counts = [_counts(by_path.get(path, []), path in missing) for path in paths]
    total = sum(cases for cases, _ in counts)
    failures = sum(failed for _, failed in counts)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = f'<testsuites name="finews-lint" tests="{total}" failures="{failures}" errors="0"'
    if not paths:
        out.write(root + " />\n")
        return
    out.write(root + ">\n")
    rows = list(zip(paths, counts, strict=True))
    for start in range(0, len(rows), _BLOCK):
        block = rows[start : start + _BLOCK]
        out.write("".join(_suite(p, by_path.get(p, []), p in missing, n) for p, n in block))
    out.write("</testsuites>\n")
