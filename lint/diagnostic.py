"""What rules report: problems with offsets, fixes as text edits, and located diagnostics."""

from __future__ import annotations

from enum import Enum
from sys import intern
from typing import Any

from .record import field, record


class Severity(str, Enum):  # noqa: UP042 (str() and format() of a StrEnum differ)
    ERROR = "error"
    WARNING = "warning"


@record(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the document's text with ``replacement``."""

    start: int
    end: int
    replacement: str


@record(frozen=True, slots=True)
class Fix:
    """A set of edits applied together; unsafe fixes need ``--unsafe-fixes``.

    ``changes_visible_text`` declares that the fix means to change what a reader sees
    (an inserted attribution): the fixer's safety net then allows exactly the visible
    text of its replacements (and of the text they replace) to differ.
    """

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""
    changes_visible_text: bool = False

    @classmethod
    def replace(
        cls,
        start: int,
        end: int,
        text: str,
        *,
        safe: bool = True,
        description: str = "",
        changes_visible_text: bool = False,
    ) -> Fix:
        return cls(
            (Edit(start, end, text),),
            safe=safe,
            description=description,
            changes_visible_text=changes_visible_text,
        )


@record(frozen=True, slots=True)
class Problem:
    """What a rule yields: a message about ``text[start:end]`` of the document."""

    start: int
    end: int
    message: str
    fix: Fix | None = None


@record(slots=True)
class Diagnostic:
    """A problem located in a file, with the rule that found it."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = field(default=None, compare=False)
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    snippet: str = field(default="", compare=False)
    #: The fix's safety ("safe", "unsafe") when the edits were dropped (read from the cache,
    #: or a report that keeps no edits); "" when there is no fix.
    cached_fix: str = field(default="", compare=False)

    @property
    def fixable(self) -> bool:
        return bool(self.fix_safety)

    @property
    def fix_safety(self) -> str:
        """ "safe" (plain `fix` repairs it), "unsafe" (only with `--unsafe-fixes`), or ""."""
        if self.fix is not None:
            return "safe" if self.fix.safe else "unsafe"
        return self.cached_fix

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as the fields in order: workers send 70,000 findings back to the parent,
        and the default for a slotted record costs ~3x more to write and to read."""
        return _unpickled, (
            self.path, self.line, self.column, self.end_line, self.end_column, self.code,
            self.name, self.severity, self.message, self.fix, self.start, self.end,
            self.snippet, self.cached_fix,
        )  # fmt: skip

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "fixable": self.fixable,
        }


def _unpickled(*fields: Any) -> Diagnostic:
    """A pickled diagnostic, its message and snippet interned: half of a large site's
    findings repeat another's words exactly (SRC001 on 15,000 posts), their snippets are
    a hundred distinct texts for 70,000 findings, and the parent keeps them all."""
    diagnostic = Diagnostic(*fields)
    diagnostic.message = intern(diagnostic.message)
    diagnostic.snippet = intern(diagnostic.snippet)
    return diagnostic


def holding_path(found: list[Diagnostic], path: str) -> list[Diagnostic]:
    """``found``, each finding of the file ``path`` holding that very string: unpickled
    findings hold a copy of it each (~95 bytes a post on a large site)."""
    for diagnostic in found:
        if diagnostic.path == path:
            diagnostic.path = path
    return found
