"""Fingerprints of diagnostics that survive lines moving.

A fingerprint is a hash of the rule code, the file's path and the offending text with
its whitespace normalised, plus the finding's rank among identical findings in the
same file. It does not contain a line or column, so inserting a blank line above a
finding keeps its fingerprint; editing the offending text changes it. SARIF's
``partialFingerprints`` and the baseline file (``--baseline``) both use it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from .diagnostic import Diagnostic

VERSION = "v1"
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse runs of whitespace (including line ends, CRLF or LF) to one space."""
    return _WHITESPACE.sub(" ", text).strip()


def _evidence(diagnostic: Diagnostic) -> str:
    # File-level diagnostics (unreadable, undecodable) have no snippet: their message is
    # the evidence, and it holds no line numbers of the file's content.
    return normalise(diagnostic.snippet) or normalise(diagnostic.message)


def _path(diagnostic: Diagnostic) -> str:
    return diagnostic.path.replace("\\", "/").removeprefix("./")


def _digest(*parts: str) -> str:
    # surrogateescape: a file name that is not UTF-8 hashes as its bytes
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def fingerprints(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic, in the order given (sorted by position)."""
    seen: Counter[str] = Counter()
    result: list[str] = []
    for diagnostic in diagnostics:
        base = _digest(VERSION, diagnostic.code, _path(diagnostic), _evidence(diagnostic))
        rank = seen[base]
        seen[base] += 1
        result.append(_digest(base, str(rank))[:32])
    return result
