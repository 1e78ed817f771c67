"""``--format junit``: JUnit XML for CI dashboards.

One ``testsuite`` per linted file; one ``testcase`` per diagnostic (an error is a
``failure``, a warning passes with the warning as ``system-out``); a clean file is one
passing ``testcase``, so the dashboard shows what was checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from ..diagnostic import Diagnostic, Severity
from ..engine import Report
from ..rule import Registry
from .printable import xml_text


def _case(suite: ET.Element, path: str, diagnostic: Diagnostic) -> None:
    name = f"{diagnostic.code} {diagnostic.name} at {diagnostic.line}:{diagnostic.column}"
    case = ET.SubElement(suite, "testcase", classname=path, name=name)
    message = xml_text(diagnostic.message)
    where = f"{path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {message}"
    if diagnostic.severity is Severity.ERROR:
        failure = ET.SubElement(case, "failure", message=message, type=diagnostic.code)
        failure.text = where
    else:
        ET.SubElement(case, "system-out").text = f"warning: {where}"


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in report.diagnostics:
        by_path[diagnostic.path].append(diagnostic)
    paths = list(dict.fromkeys([*report.paths, *by_path, *report.missing]))
    root = ET.Element("testsuites", name="finews-lint")
    total = failures = 0
    for raw_path in sorted(paths):
        found = by_path.get(raw_path, [])
        path = xml_text(raw_path)
        suite = ET.SubElement(root, "testsuite", name=path)
        if raw_path in report.missing:
            case = ET.SubElement(suite, "testcase", classname=path, name="exists")
            ET.SubElement(
                case, "failure", message="no such file or folder", type="missing"
            ).text = path
            cases, failed = 1, 1
        elif not found:
            ET.SubElement(suite, "testcase", classname=path, name="finews-lint")
            cases, failed = 1, 0
        else:
            for diagnostic in found:
                _case(suite, path, diagnostic)
            cases, failed = len(found), sum(1 for d in found if d.severity is Severity.ERROR)
        suite.set("tests", str(cases))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        total += cases
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
