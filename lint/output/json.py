"""``--format json``: one object with ``version``, ``files`` and ``diagnostics`` (SPEC.md), and
``missing`` (the paths given that do not exist) when there are any."""

from __future__ import annotations

import json
from typing import TextIO

from ..engine import Report
from ..rule import Registry


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    document = {
        "version": 1,
        "files": report.files,
        "diagnostics": [d.to_json() for d in report.diagnostics],
    }
    if report.missing:  # paths given that do not exist (they make the exit code 1)
        document["missing"] = list(report.missing)
    out.write(json_text(document))
    out.write("\n")


def json_text(document: object) -> str:
    """``document`` as indented JSON, UTF-8 text; the bytes of a file name that is not UTF-8
    (held as lone surrogates) written as ``\\udcXX`` escapes, so the output stays UTF-8."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
