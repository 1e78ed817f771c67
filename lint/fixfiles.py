"""`finews-lint fix` over files: fix each one, check it, write it (or diff it), report it.

A file the safety net rejects, or that cannot be written, keeps its original bytes;
the run reports it and goes on with the other files.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .cache import digest as cache_digest
from .diagnostic import Diagnostic, Severity, holding_path
from .document import Document
from .engine import without_fixes
from .fixer import FixRun, run_passes, safety_problem
from .parallel import unpacked
from .record import field, record
from .writer import BatchWriter, Snapshot, WriteRefused

if TYPE_CHECKING:
    from .cache import Fact, Stamp
    from .discover import Target
    from .engine import Kept, Linter


@record
class FileOutcome:
    display: str
    applied: Counter[str] = field(default_factory=Counter)
    remaining: list[Diagnostic] = field(default_factory=list)
    changed: bool = False  # the fixed text differs (written, or would be with --diff)
    written: bool = False
    problem: str | None = None  # why the fixes were not kept or not written
    note: str | None = None  # which fixes were left out of a file whose other fixes were kept
    failed: bool = False  # the fixer itself failed on the file (an internal error)
    #: The unified diff (``--diff``) as UTF-8: kept as ``str``, the diffs of 80,000 posts took
    #: 1 KB a post, as one Chinese character makes Python keep every character in 2 bytes.
    diff: bytes = b""
    output: bytes | None = None  # the bytes to emit for standard input
    #: What the result cache keeps of a file as the run left it (untouched, or written):
    #: (content digest, stat stamp, facts); None when its result is not to be kept.
    cache_entry: tuple[str, Stamp | None, tuple[Fact, ...]] | None = None


@record
class FixReport:
    files: int = 0
    outcomes: list[FileOutcome] = field(default_factory=list)
    site_diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> list[Diagnostic]:
        found = [d for o in self.outcomes for d in o.remaining] + self.site_diagnostics
        return sorted(found, key=Diagnostic.sort_key)

    @property
    def changed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.changed and o.problem is None]

    @property
    def problems(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.problem is not None]

    @property
    def failed(self) -> bool:
        """Whether the fixer failed on a file (an internal error, not a refused fix)."""
        return any(o.failed for o in self.outcomes)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.remaining if d.severity is Severity.ERROR)


def write_diff(outcome: FileOutcome, out: TextIO) -> None:
    """Write the unified diff of ``outcome`` (``fix --diff``), if it has one."""
    write_diff_bytes(outcome.diff, out)


def write_diff_bytes(diff: bytes, out: TextIO) -> None:
    """Write a unified diff kept as UTF-8 (see ``FileOutcome.diff``)."""
    if diff:
        out.write(diff.decode("utf-8", "surrogatepass"))


def unified_diff(display: str, old: str, new: str) -> str:
    """A ``git diff``-like unified diff; line endings kept, a missing final newline marked.

    Lines end at ``\n`` only, as for git and patch: a lone ``\r`` or a U+2028 inside a
    line (``str.splitlines`` cuts at both) stays in it, or the patch does not apply."""

    def lines(text: str) -> list[str]:
        found = [line + "\n" for line in text.split("\n")]
        found[-1] = found[-1][:-1]
        if not found[-1]:
            found.pop()
        else:
            found[-1] += "\n\\ No newline at end of file\n"
        return found

    return "".join(difflib.unified_diff(lines(old), lines(new), f"a/{display}", f"b/{display}"))


class Fixer:
    """Fix targets with the linter's active rules."""

    def __init__(
        self,
        linter: Linter,
        *,
        unsafe: bool = False,
        diff: bool = False,
        diffs_to: TextIO | None = None,
    ) -> None:
        self.linter = linter
        self.unsafe = unsafe
        self.diff = diff
        #: Writes the fixed files, a batch at a time: each worker flushes its batch as a
        #: chunk of files ends (``fix_targets``), before their outcomes go to the parent.
        self.writer = BatchWriter()
        #: Where the diffs may be written as the workers send them, when the files come in
        #: the report's order (else they are kept for :func:`output.fix_text.render_diffs`).
        self.diffs_to = diffs_to

    def fix_target(self, target: Target, raw: bytes | None = None) -> FileOutcome:
        outcome = FileOutcome(target.display)
        snapshot: Snapshot | None = None
        stamp: Stamp | None = None
        if raw is None:
            if self.linter.cache is not None:
                stamp = self.linter.stamp_of(target)  # before the read, as `check` takes it
            try:
                snapshot = Snapshot.read(Path(target.path))
            except OSError:
                outcome.remaining = self.linter.lint_target(target)  # reports why (IO001)
                return outcome
            raw = snapshot.raw
        loaded = self.linter.load(target, raw)
        if not isinstance(loaded, Document):
            outcome.remaining = loaded
            outcome.output = raw
            return outcome
        outcome.output = raw
        # a file read from disk, with a cache to keep its result in: the lint keeps its facts
        keep = snapshot is not None and self.linter.cache is not None
        lint = _LintKeepingFacts(self.linter, keep=keep)
        try:
            run, refused, dropped = self._safe_run(loaded, lint)
            refused, dropped_because = (None, refused) if dropped else (refused, None)
        except Exception as exc:  # a bug in the fixer must not stop the run or touch the file
            outcome.problem = (
                f"fixes not applied: internal error {type(exc).__name__}: {exc}; "
                "the file is left as it was"
            )
            outcome.failed = True
            outcome.remaining = self.linter.lint_document(loaded)
            return outcome
        outcome.remaining = run.remaining
        if not run.changed:
            if lint.text == loaded.text:
                outcome.cache_entry = (cache_digest(raw), stamp, lint.facts)
            return outcome
        data: bytes | None = None
        if refused is None:
            try:
                data = loaded.decoded.encode(run.document.text)
            except UnicodeEncodeError:
                refused = f"the fixed text cannot be written in {loaded.decoded.encoding}"
        if refused is not None or data is None:
            outcome.problem = f"fixes not applied: {refused}; the file is left as it was"
            outcome.remaining = self._as_refused(run.before)
            return outcome
        if dropped:
            outcome.note = (
                f"{dropped} fixes not applied: {dropped_because}; the other fixes were kept"
            )
            outcome.remaining = self._as_refused(run.remaining, dropped)
        outcome.applied = run.applied
        outcome.changed = True
        outcome.output = data
        if self.diff:
            bom = "\ufeff" if loaded.decoded.bom else ""  # in the diff, as in the file
            diff = unified_diff(target.display, bom + loaded.text, bom + run.document.text)
            outcome.diff = diff.encode("utf-8", "surrogatepass")
            return outcome
        if snapshot is not None:
            # no stamp: one taken now is too fresh to trust (cache.trusted); the next run
            # finds the entry by the file's content
            entry = None
            if not dropped and lint.text == run.document.text:
                entry = (cache_digest(data), None, lint.facts)
            self.writer.write(snapshot, data, _recorder(outcome, run.before, entry))
        return outcome

    def _as_refused(self, found: list[Diagnostic], code: str | None = None) -> list[Diagnostic]:
        """``found`` with the fixes this run tried and refused (all, or ``code``'s) no longer
        counted as fixable: the report must not send the user to run the same fix again."""
        for diagnostic in found:
            if diagnostic.fix is None or (code is not None and diagnostic.code != code):
                continue
            if diagnostic.fix.safe or self.unsafe:
                diagnostic.fix = None
                diagnostic.cached_fix = ""
        return found

    def _safe_run(
        self, doc: Document, lint: _LintKeepingFacts
    ) -> tuple[FixRun, str | None, str | None]:
        """The fix run, why it was refused, and the code whose fixes were left out.

        (run, None, None): safe as it is; (run, reason, code): safe once ``code``'s fixes
        were left out, ``reason`` saying why they had to be; (run, reason, None): refused.

        When the safety net refuses the whole run, each applied code is left out in turn:
        one rule's bad fix must not keep every other repair out of the file.
        """
        run = run_passes(doc, lint, unsafe=self.unsafe)
        refused = safety_problem(run) if run.changed else None
        if refused is None:
            return run, None, None
        for code in sorted(run.applied):
            retry = run_passes(doc, lint, unsafe=self.unsafe, skip=frozenset({code}))
            if retry.changed and safety_problem(retry) is None:
                return retry, refused, code
        return run, refused, None

    def _would_fix(self, diagnostic: Diagnostic) -> bool:
        """Whether this run applies the fix of ``diagnostic`` (unsafe ones: with --unsafe-fixes)."""
        safety = diagnostic.fix_safety
        return safety == "safe" or (self.unsafe and safety == "unsafe")

    def _nothing_to_fix(self, targets: list[Target]) -> tuple[list[Target], list[FileOutcome]]:
        """The targets to fix, and outcomes for those the cache shows have nothing to fix."""
        to_fix: list[Target] = []
        settled: list[FileOutcome] = []
        for target, cached in zip(targets, self.linter.served_from_cache(targets), strict=True):
            if cached is None or any(self._would_fix(d) for d in cached):
                to_fix.append(target)
            else:
                settled.append(FileOutcome(target.display, remaining=cached))
        return to_fix, settled

    def fix_targets(self, targets: list[Target], jobs: int) -> list[FileOutcome]:
        in_order = all(a.display < b.display for a, b in pairwise(targets))
        writing = self.diff and self.diffs_to is not None and in_order
        settle = self._write_diffs if writing else None
        chunks = self.linter.map_packed(  # with the progress bar
            self._fix_packed, targets, jobs, settle, self.writer.batch
        )
        outcomes: list[FileOutcome] = []
        for target, (diff, outcome) in zip(targets, unpacked(chunks), strict=True):
            outcome.display = target.display  # one string, not a copy in each finding
            holding_path(outcome.remaining, outcome.display)
            outcome.diff = diff
            outcomes.append(outcome)
        return outcomes

    def _fix_packed(self, target: Target) -> tuple[bytes, FileOutcome]:
        """The file's diff, which the parent may write as the chunk comes back, and the rest
        of its outcome, which the parent keeps packed until every file is fixed: a `fix` of
        100,000 posts held every file's findings as objects while the workers ran."""
        outcome = self._fix_without_bytes(target)
        diff, outcome.diff = outcome.diff, b""
        return diff, outcome

    def _write_diffs(self, first: int, diffs: list[bytes]) -> None:
        """Write the diffs of a chunk of files as it comes back from a worker, and let them
        go: the parent kept every diff until the end (~670 bytes a post, most of the memory
        of a `fix --diff` over a large site). Only for files in the report's order: the files
        the cache settles, which come between them in the report, have no diff."""
        assert self.diffs_to is not None
        for n, diff in enumerate(diffs):
            write_diff_bytes(diff, self.diffs_to)
            diffs[n] = b""

    def _keep_in_cache(self, outcomes: list[FileOutcome], targets: list[Target]) -> None:
        """Keep the result of each file the run left untouched or wrote, as `check` keeps
        it: the next `fix` skips the files with nothing left to fix (after a scrape, the
        posts whose findings no fix repairs are not fixed again and again)."""
        cache = self.linter.cache
        assert cache is not None
        kept: list[Kept] = []
        for target, outcome in zip(targets, outcomes, strict=True):
            if outcome.cache_entry is not None:
                content, stamp, facts = outcome.cache_entry
                kept.append(
                    (target.site, outcome.display, content, outcome.remaining, stamp, facts)
                )
        self.linter.keep_all(kept)
        cache.save()

    def _fix_without_bytes(self, target: Target) -> FileOutcome:
        outcome = self.fix_target(target)
        outcome.output = None  # only standard input needs the fixed bytes back
        outcome.remaining = without_fixes(outcome.remaining)  # the report says which are fixable
        return outcome

    def fix(
        self, paths: Iterable[Path], jobs: int | None = None, cache_folder: Path | None = None
    ) -> FixReport:
        """Fix the files under ``paths``. With ``cache_folder``, a file whose cached findings
        hold and include nothing fixable is not fixed again: its findings are the cached ones
        (after a scrape, only the new posts are worked on)."""
        targets, missing = self.linter.discovery.targets(list(paths))
        to_fix = targets
        settled: list[FileOutcome] = []
        if cache_folder is not None:
            self.linter.open_cache(cache_folder)
            to_fix, settled = self._nothing_to_fix(targets)
            for site in {t.site.root: t.site for t in to_fix}.values():
                self.linter.posts_state(site)  # entries are labelled with the posts as they were
        outcomes = self.fix_targets(to_fix, jobs or os.cpu_count() or 1)
        if cache_folder is not None:
            self._keep_in_cache(outcomes, to_fix)
        outcomes += settled
        outcomes.sort(key=lambda o: o.display)
        report = FixReport(files=len(targets), outcomes=outcomes, missing=missing)
        report.site_diagnostics = list(self.linter.check_sites(targets))
        return report


def _recorder(
    outcome: FileOutcome,
    before: list[Diagnostic],
    entry: tuple[str, Stamp | None, tuple[Fact, ...]] | None,
) -> Callable[[WriteRefused | None], None]:
    """What the writer calls once it wrote the fixed file of ``outcome`` or refused to:
    the outcome says so (a file not written keeps its findings ``before`` the fixes), and a
    file written keeps the cache ``entry`` of its new content."""

    def record_write(refused: WriteRefused | None) -> None:
        if refused is None:
            outcome.written = True
            outcome.cache_entry = entry
            return
        outcome.problem = f"not written: {refused}; the file is left as it was"
        outcome.remaining = without_fixes(before)  # as the outcome's report keeps them
        outcome.changed = False

    return record_write


class _LintKeepingFacts:
    """The fixer's lint, which keeps what the last text it linted was and the facts about
    the site that lint read: the cache entry of a file rests on them. With ``keep`` False
    (no cache, or standard input) it only lints, and ``text`` stays None."""

    def __init__(self, linter: Linter, *, keep: bool) -> None:
        self.linter = linter
        self.keep = keep
        self.text: str | None = None
        self.facts: tuple[Fact, ...] = ()

    def __call__(self, doc: Document) -> list[Diagnostic]:
        if not self.keep:
            return self.linter.lint_in_budget(doc)
        self.text = None
        linter = self.linter
        found, self.facts = linter.with_facts(doc.site, lambda: linter.lint_in_budget(doc))
        self.text = doc.text
        return found
