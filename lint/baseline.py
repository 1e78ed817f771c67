"""A baseline: today's findings, recorded so that only new ones are reported.

The file is JSON: ``{"version": 1, "tool": "finews-lint", "findings": [...]}``, each
finding with its fingerprint (:mod:`finews_lint.fingerprint`) and, for the reader, its
code, path, line and message. Matching uses the fingerprint only, so findings survive
lines moving above them. A recorded finding of a file that was linted but no longer
reported is *fixed*: ``--prune-baseline`` drops it from the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .config import ConfigError
from .diagnostic import Diagnostic
from .engine import Report
from .fingerprint import fingerprints
from .record import field, record

FORMAT_VERSION = 1


@record
class Outcome:
    """What a baseline did to a report."""

    report: Report
    matched: int = 0
    fixed: list[dict[str, Any]] = field(default_factory=list)
    kept_entries: list[dict[str, Any]] = field(default_factory=list)


def entries(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    return [
        {"fingerprint": fp, "code": d.code, "path": d.path, "line": d.line, "message": d.message}
        for d, fp in zip(diagnostics, fingerprints(diagnostics), strict=True)
    ]


def write(path: Path, found: list[dict[str, Any]]) -> None:
    document = {"version": FORMAT_VERSION, "tool": "finews-lint", "findings": found}
    try:
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the baseline {path}: {exc.strerror or exc}") from None


def read(path: Path) -> list[dict[str, Any]]:
    """The recorded findings; a missing or malformed file is a ConfigError (exit 2)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"the baseline {path} is not JSON: {exc}") from None
    found = document.get("findings") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("version") != FORMAT_VERSION
        or not isinstance(found, list)
        or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in found)
    ):
        raise ConfigError(
            f"the baseline {path} is not a finews-lint baseline (version {FORMAT_VERSION}); "
            "write one with --write-baseline"
        )
    return found


def apply(
    report: Report, recorded: list[dict[str, Any]], ran: Callable[[str], bool] = lambda _: True
) -> Outcome:
    """Drop the findings the baseline records; tell which recorded ones are fixed: those of
    a file the run linted, for a rule that ran (``ran(code)``), that the run did not find."""
    remaining = Counter(entry["fingerprint"] for entry in recorded)
    new: list[Diagnostic] = []
    for diagnostic, fp in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True):
        if remaining[fp] > 0:
            remaining[fp] -= 1
        else:
            new.append(diagnostic)
    linted = set(report.paths)
    fixed: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    for entry in recorded:
        fp = entry["fingerprint"]
        if remaining[fp] > 0 and entry.get("path") in linted and ran(str(entry.get("code"))):
            remaining[fp] -= 1
            fixed.append(entry)
        else:
            kept.append(entry)
    matched = len(report.diagnostics) - len(new)
    filtered = Report(
        files=report.files,
        diagnostics=new,
        missing=report.missing,
        paths=report.paths,
        baselined=report.baselined + matched,
    )
    return Outcome(filtered, matched=matched, fixed=fixed, kept_entries=kept)
