"""Suppressions that do not leak into the published page.

- front matter: ``finews-lint: {disable: [SRC001]}`` (or ``disable: all``) for the file;
- a Liquid comment ``{% comment %}finews-lint: disable-next-line=HT001{% endcomment %}``
  or an HTML comment ``<!-- finews-lint: disable-next-line=HT001 -->`` for the next
  line; ``disable-line=`` for the comment's own line.

Codes may be prefixes (``HT``) or rules' names (``unbalanced-tags``). A suppression
that suppresses nothing is reported as SUP001 (a warning).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .diagnostic import Diagnostic
from .document import Document
from .record import field, record

_WORD = r"[A-Za-z0-9][A-Za-z0-9_-]*"  # a code, a prefix or a rule's name
_DIRECTIVE = re.compile(
    rf"finews-lint:\s*(?P<verb>disable-next-line|disable-line)\s*=\s*"
    rf"(?P<codes>{_WORD}(?:[\s,]+{_WORD})*)"
)


@record
class Suppression:
    codes: tuple[str, ...]  # upper-cased codes or prefixes; ("ALL",) for everything
    line: int | None  # None: the whole file
    start: int
    end: int
    used: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> str | None:
        if self.line is not None and diagnostic.line != self.line:
            return None
        for code in self.codes:
            if code == "ALL" or diagnostic.code.startswith(code):
                return code
        return None


def _codes(value: object, code_of: Callable[[str], str | None]) -> tuple[str, ...]:
    if isinstance(value, str):
        items = re.split(r"[,\s]+", value)
    elif isinstance(value, list):
        items = [str(item) for item in value]
    else:
        items = []
    words = [item.strip() for item in items if item.strip()]
    return tuple(code_of(word) or word.upper() for word in words)


def find(doc: Document, code_of: Callable[[str], str | None]) -> list[Suppression]:
    """The suppressions of ``doc``; ``code_of`` gives the code of a rule's name."""
    if "finews-lint" not in doc.text:  # the common case: no need to parse the body for it
        return []
    found: list[Suppression] = []
    fm = doc.front_matter
    if fm is not None and fm.ok:
        setting = fm.data.get("finews-lint")
        if isinstance(setting, dict) and "disable" in setting:
            key = fm.key_span("finews-lint")
            assert key is not None
            found.append(Suppression(_codes(setting["disable"], code_of), None, key.start, key.end))
    body = doc.body
    for comment in body.comments + body.liquid:
        if comment.kind == "comment" and _in_code_span(doc.text, comment.start, comment.end):
            continue  # shown as text by the Markdown converter, not a comment
        for match in _DIRECTIVE.finditer(doc.text, comment.start, comment.end):
            own_line = doc.lines.position(comment.end)[0]
            line = own_line + 1 if match.group("verb") == "disable-next-line" else own_line
            found.append(
                Suppression(_codes(match.group("codes"), code_of), line, comment.start, comment.end)
            )
    return found


def _in_code_span(text: str, start: int, end: int) -> bool:
    """Whether the HTML comment ``text[start:end]`` sits inside a Markdown code span of its
    line (`` `<!-- … -->` ``): an odd number of backticks before it, one after it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    after = text[end : len(text) if line_end < 0 else line_end]
    return text.count("`", line_start, start) % 2 == 1 and "`" in after


def apply(diagnostics: list[Diagnostic], suppressions: list[Suppression]) -> list[Diagnostic]:
    kept = []
    for diagnostic in diagnostics:
        hit = False
        for suppression in suppressions:
            code = suppression.covers(diagnostic)
            if code is not None:
                suppression.used.add(code)
                hit = True
        if not hit:
            kept.append(diagnostic)
    return kept
