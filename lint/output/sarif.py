"""``--format sarif``: SARIF 2.1.0 for code scanning (GitHub's upload-sarif and others).

One run; the driver lists every rule of the run with its documentation as help text;
each result has its physical location (columns in Unicode code points, as everywhere in
finews-lint) and a ``partialFingerprints`` entry that survives lines moving
(:mod:`finews_lint.fingerprint`).
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..diagnostic import Diagnostic, Severity
from ..engine import Report
from ..fingerprint import VERSION, fingerprints
from ..rule import Registry, Rule
from .jsonwrite import write_json

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
PROJECT_URI = "https://github.com/finews-lint/finews-lint"
FINGERPRINT_KEY = f"finewsLint/{VERSION}"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def help_uri(rule: Rule) -> str:
    """Built-in rules link to their module, whose docstring is the rule's page."""
    prefix = "finews_lint.rules."
    if rule.origin.startswith(prefix):
        return f"{PROJECT_URI}/blob/main/rules/{rule.origin.removeprefix(prefix)}.py"
    return f"{PROJECT_URI}#what-it-checks"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.doc or rule.summary or rule.name},
        "help": {"text": rule.doc or rule.summary or rule.name, "markdown": rule.doc or rule.name},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {"fixable": rule.fixable or "no"},
    }


@cache  # one per file, not one per finding
def artifact_uri(path: str) -> dict[str, str]:
    posix = path.replace("\\", "/")
    # A file name that is not UTF-8 is percent-encoded as its bytes (%FF).
    if PurePosixPath(posix).is_absolute():
        return {"uri": "file://" + quote(posix.encode("utf-8", "surrogateescape"))}
    relative = posix.removeprefix("./").encode("utf-8", "surrogateescape")
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def result(diagnostic: Diagnostic, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": _level(diagnostic.severity),
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_uri(diagnostic.path),
                    "region": {
                        "startLine": diagnostic.line,
                        "startColumn": diagnostic.column,
                        "endLine": max(diagnostic.end_line, diagnostic.line),
                        "endColumn": max(diagnostic.end_column, 1),
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if diagnostic.code in index:
        found["ruleIndex"] = index[diagnostic.code]
    return found


def document(report: Report, registry: Registry) -> dict[str, Any]:
    rules = list(registry)
    index = {rule.code: position for position, rule in enumerate(rules)}
    notifications = [
        {"level": "error", "message": {"text": f"{path}: no such file or folder"}}
        for path in report.missing
    ]
    results = [
        result(d, index, fp)
        for d, fp in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "finews-lint",
                        "version": __version__,
                        "informationUri": PROJECT_URI,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, registry: Registry, out: TextIO, colour: bool) -> None:
    write_json(document(report, registry), out)
    out.write("\n")
