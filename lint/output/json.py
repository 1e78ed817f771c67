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
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
