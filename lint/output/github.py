"""``--format github``: GitHub Actions workflow commands, one per diagnostic.

``::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`` (``::warning``
for warnings) makes GitHub annotate the pull request's diff at that place. Values are
escaped the way the Actions runner unescapes them: ``%``, CR and LF everywhere, and
also ``:`` and ``,`` inside properties.
"""

from __future__ import annotations

from typing import TextIO

from ..diagnostic import Diagnostic, Severity
from ..engine import Report
from ..findings import counting
from ..rule import Registry
from .text import summary


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic) -> str:
    kind = "error" if diagnostic.severity is Severity.ERROR else "warning"
    properties = {
        "file": diagnostic.path,
        "line": str(diagnostic.line),
        "col": str(diagnostic.column),
        "endLine": str(diagnostic.end_line),
        "endColumn": str(diagnostic.end_column),
        "title": diagnostic.code,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f"{diagnostic.message} ({diagnostic.code} {diagnostic.name})"
    return f"::{kind} {joined}::{escape_data(message)}"


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    for diagnostic in counting(report.diagnostics):  # the summary's counts on the way
        out.write(command(diagnostic) + "\n")
    for path in report.missing:
        out.write(f"::error title=finews-lint::{escape_data(f'{path}: no such file or folder')}\n")
    out.write(summary(report))
