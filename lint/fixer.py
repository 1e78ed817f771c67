"""Apply rules' fixes to a document's text: choose, apply, re-lint, repeat; then check the result.

Edits are applied to the text as it is on disk (``Document.text``), never to a
re-serialised document, so every byte a fix does not mean to change stays as it
was: key order, quoting, blank lines, CRLF, a missing final newline (and, through
``Decoded.encode``, a BOM and the encoding).

One pass applies every chosen fix whose edits overlap no fix chosen before it
(in document order); the others wait for the next pass, when the document is
linted again. Passes stop when no fix applies or the text stops changing; a
loop that does not settle within ``MAX_PASSES`` is thrown away.

The safety net (:func:`safety_problem`) compares the result with the original.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable

import yaml

from .body import Body
from .budget import cut_short
from .diagnostic import Diagnostic, Edit, Fix
from .document import Document
from .record import field, record
from .record import replace as replaced
from .source import Decoded

MAX_PASSES = 10
#: Past ``MAX_PASSES`` a run goes on while every pass leaves fewer fixes to make (eleven
#: nested unclosed tags close one a pass), up to this many passes.
MAX_PROGRESSING_PASSES = 100

Lint = Callable[[Document], list[Diagnostic]]


def conflicts(a: Edit, b: Edit) -> bool:
    """True when two edits touch the same text, or insert at one point (order unknown)."""
    if a.start == b.start:
        return True
    return a.start < b.end and b.start < a.end


def well_formed(fix: Fix, length: int) -> bool:
    """The fix's edits lie inside the text and do not overlap each other."""
    edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
    if not edits or any(not 0 <= e.start <= e.end <= length for e in edits):
        return False
    return all(not conflicts(a, b) for a, b in itertools.pairwise(edits))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied; every other character kept."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def choose(diagnostics: list[Diagnostic], length: int, unsafe: bool) -> list[Diagnostic]:
    """The diagnostics whose fixes one pass applies: in document order, no overlaps."""
    candidates = [
        d
        for d in diagnostics
        if d.fix is not None and (d.fix.safe or unsafe) and well_formed(d.fix, length)
    ]
    candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits), d.code))  # type: ignore[union-attr]
    chosen: list[Diagnostic] = []
    taken = _Taken()
    for diagnostic in candidates:
        edits = diagnostic.fix.edits  # type: ignore[union-attr]
        if any(taken.conflicts(edit) for edit in edits):
            continue  # deferred: the next pass lints the new text and offers it again
        chosen.append(diagnostic)
        for edit in edits:
            taken.add(edit)
    return chosen


class _Taken:
    """The edits a pass has taken, by start. No two of them conflict, so each ends before
    the next one starts, and only the two around a new edit can conflict with it (a pass
    of 30,000 fixes compared each with all the others)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._edits: list[Edit] = []

    def conflicts(self, edit: Edit) -> bool:
        at = bisect.bisect_left(self._starts, edit.start)
        return (at > 0 and conflicts(self._edits[at - 1], edit)) or (
            at < len(self._edits) and conflicts(self._edits[at], edit)
        )

    def add(self, edit: Edit) -> None:
        at = bisect.bisect_left(self._starts, edit.start)
        self._starts.insert(at, edit.start)
        self._edits.insert(at, edit)


@record
class Pass:
    """One pass: the text it started from and the fixes it applied to it."""

    before: str
    fixes: list[Fix]

    @property
    def edits(self) -> list[Edit]:
        return [edit for fix in self.fixes for edit in fix.edits]


@record
class FixRun:
    original: Document
    document: Document  # the final document
    before: list[Diagnostic]  # diagnostics of the original
    remaining: list[Diagnostic]  # diagnostics of the final document
    passes: list[Pass] = field(default_factory=list)
    applied: Counter[str] = field(default_factory=Counter)
    settled: bool = True
    looped: bool = False  # a text came back: two fixes undo each other

    @property
    def changed(self) -> bool:
        return self.document.text != self.original.text


def line_ending(text: str) -> str | None:
    """``\\r\\n`` when every line of ``text`` ends so, else None (leave replacements alone)."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf == text.count("\n") else None


def in_file_style(fix: Fix, newline: str | None) -> Fix:
    """``fix`` with its inserted line breaks written like the file's (CRLF files stay CRLF)."""
    if newline is None or not any("\n" in e.replacement for e in fix.edits):
        return fix
    edits = tuple(
        replaced(e, replacement=re.sub(r"\r?\n", newline, e.replacement)) for e in fix.edits
    )
    return replaced(fix, edits=edits)


def with_text(doc: Document, text: str) -> Document:
    """A fresh document (no cached parse) of ``text``, same file, encoding and BOM."""
    decoded = Decoded(text, doc.decoded.encoding, doc.decoded.bom)
    return replaced(doc, decoded=decoded)


def run_passes(
    doc: Document,
    lint: Lint,
    *,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
    skip: frozenset[str] = frozenset(),
) -> FixRun:
    """Fix ``doc`` until nothing applies; the fixes of the codes in ``skip`` are left out.

    ``settled`` is False when the pass limit was hit or a text came back (a loop).
    """
    diagnostics = lint(doc)
    run = FixRun(original=doc, document=doc, before=diagnostics, remaining=diagnostics)
    seen = {doc.text}
    current = doc
    left = None  # how many fixes the previous pass could choose from
    while True:
        if cut_short(diagnostics):
            break  # the budget stopped the lint: its fixes are not all there
        fixable = [d for d in diagnostics if d.code not in skip]
        chosen = choose(fixable, len(current.text), unsafe)
        if not chosen:
            break
        progressing = left is not None and len(fixable) < left
        if len(run.passes) >= max_passes and not (
            progressing and len(run.passes) < MAX_PROGRESSING_PASSES
        ):
            run.settled = False
            break
        left = len(fixable)
        newline = line_ending(current.text)
        fixes = [in_file_style(d.fix, newline) for d in chosen if d.fix is not None]
        text = apply_edits(current.text, [e for f in fixes for e in f.edits])
        if text == current.text:
            break
        if text in seen:  # two fixes undo each other
            run.settled, run.looped = False, True
            break
        seen.add(text)
        run.passes.append(Pass(current.text, fixes))
        run.applied.update(d.code for d in chosen)
        current = with_text(current, text)
        diagnostics = lint(current)
    run.document = current
    run.remaining = diagnostics
    return run


# -- the safety net ---------------------------------------------------------------------


def map_back(position: int, edits: list[Edit]) -> int:
    """Where ``position`` of the edited text was before ``edits``.

    A position inside a replacement maps to the end of the replaced text.
    """
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        new_start = edit.start + shift
        new_end = new_start + len(edit.replacement)
        if position < new_start:
            break
        if position < new_end:
            return edit.end
        shift += len(edit.replacement) - (edit.end - edit.start)
    return position - shift


def map_forward(position: int, edits: list[Edit]) -> int:
    """Where ``position`` of the text before ``edits`` is after them.

    Text inserted at ``position`` comes after it; inside a replaced span: its start.
    """
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start >= position:
            break
        if edit.end > position:  # inside a replaced span: its start
            return edit.start + shift
        shift += len(edit.replacement) - (edit.end - edit.start)
    return position + shift


def _visible(text: str, start: int) -> str:
    """What a reader sees of the body, an autolink's address included: a fix that drops
    or rewrites one changes what is seen."""
    return Body.parse(text, start).visible_text(addresses=True)


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: Text shaped like a tag (``<p class="em_media>``, ``< p>``, or an end tag that lost its
#: ``<``: ``/p>``): what a reader saw of markup broken into text, which a fix that repairs
#: the markup declares it removes.
_TAG_SHAPED = re.compile(r"<[^<>]*>|(?<!<)/[A-Za-z][A-Za-z0-9]*>")


def _where(before: str, after: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    return repr(after[max(0, at - 10) : at + 20])


def visible_change(run: FixRun) -> str | None:
    """Why the body's visible text changed beyond what the fixes declared, or None.

    Pass by pass: the fixes that do not declare a visible change must leave the visible
    text exactly as it was; those that do may only insert text (an attribution) or remove
    text shaped like a tag (``< p>``, which the repaired markup no longer shows): the rest
    of the old visible text must remain, in order, inside the new one.
    """
    start = run.document.body_start
    after_text = run.document.text
    for done in reversed(run.passes):
        before_start = map_back(start, done.edits)
        declared = [e for f in done.fixes if f.changes_visible_text for e in f.edits]
        old = _visible(done.before, before_start)
        new = _visible(after_text, start)
        if declared:
            expected_text = apply_edits(done.before, declared)
            expected = _visible(expected_text, map_forward(before_start, declared))
            if not _is_subsequence(_squeeze(_TAG_SHAPED.sub("", old)), _squeeze(expected)):
                return f"a fix would remove visible text near {_where(old, expected)}"
        else:
            expected = old
        if new != expected:
            return f"the visible text would change near {_where(expected, new)}"
        start, after_text = before_start, done.before
    return None


def _independent_load(text: str) -> BaseException | None:
    """Load the front matter with python-frontmatter, a loader independent of ours.

    This is where the project uses python-frontmatter: a second opinion that the
    fixed front matter is YAML other tools (and Jekyll-like loaders) can read.
    """
    try:
        import frontmatter as python_frontmatter  # imported here: `check` never needs it

        python_frontmatter.loads(text)
    except Exception as exc:  # it raises YAML errors and value errors (impossible dates)
        return exc
    return None


def safety_problem(run: FixRun) -> str | None:
    """Why the fixed document must not replace the original, or None when it may."""
    original, fixed = run.original, run.document
    if run.looped:
        return "two fixes undo each other (the text came back to an earlier version)"
    if not run.settled:
        return f"the fixes did not settle within {len(run.passes)} passes"
    old_fm, new_fm = original.front_matter, fixed.front_matter
    old_ok = old_fm is not None and old_fm.ok
    new_ok = new_fm is not None and new_fm.ok
    if old_ok and not new_ok:
        reason = (
            new_fm.error.message if new_fm is not None and new_fm.error else "the block is gone"
        )
        return f"the front matter would no longer parse ({reason})"
    if new_ok:
        failure = _independent_load(fixed.text)
        if isinstance(failure, yaml.YAMLError) or (
            failure is not None and _independent_load(original.text) is None
        ):
            return (
                f"python-frontmatter cannot load the fixed front matter: {type(failure).__name__}"
            )
    if old_ok:
        # Rules that needed the front matter could not judge a file without it; only a
        # file that was judged in full can show a "previously clean" rule firing.
        new_codes = {d.code for d in run.remaining} - {d.code for d in run.before}
        if new_codes:
            return f"the fixed file would newly fail {', '.join(sorted(new_codes))}"
    return visible_change(run)
