"""The engine: load each file once, run the active rules on it, locate and filter findings.

Rules yield :class:`Problem` objects with offsets; the engine turns them into
:class:`Diagnostic` objects with lines, columns and severities, applies suppressions,
and turns a rule's crash into an INT001 diagnostic instead of a dead run.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any, TypeVar

from .budget import STOPPED_BY_BUDGET, FileTimeout, alarm_handler, time_budget
from .cache import Entry, Fact, ResultCache, Stamp, facts_hold, file_stamp, file_stamps
from .cache import digest as cache_digest
from .cache import posts_state as fingerprint_posts
from .config import Settings
from .diagnostic import Diagnostic, Fix, Problem, Severity
from .discover import Discovery, SiteLookup, Target
from .findings import Findings, count_errors, in_report_order
from .reader import Unreadable, read_content
from .record import field, record
from .rule import Rule
from .site import NeedsPostIndex, Site
from .source import DecodeError, decode

if TYPE_CHECKING:
    from .document import Document
    from .onepass import CacheResult
    from .parallel import Around, Packed, Settle
    from .progress import ProgressBar

Result = TypeVar("Result")
Light = TypeVar("Light")
Heavy = TypeVar("Heavy")
#: A file's result to keep in the cache: (its site, display path, content digest, findings,
#: stat stamp, the facts about other posts it rests on).
Kept = tuple[Site, str, str, list[Diagnostic], Stamp | None, tuple[Fact, ...]]
#: A focused site rule checks only the run's files up to this many; beyond, the whole
#: site once (its findings are cached for the next runs).
FOCUSED_UP_TO = 1000
#: How many files to lint a run with the cache finds before it serves its other hits
#: after linting them (see ``Linter.served_from_cache``).
DEFER_AFTER_MISSES = 256
#: A hit whose diagnostics are served later (see ``Linter.served_from_cache``).
LATER: list[Diagnostic] = []
#: A first run over a whole site of more files than this puts its results in the cache
#: in passes over the packed results, each for a share of the shards and at most this many
#: files: it would hold every finding at once (327 MB at 100,000 posts, now 240-256 MB). Each
#: pass unpacks the results again (0.3 s at 100,000 posts), so smaller runs make one list.
KEEP_PER_PASS = 50_000
REPORT_URL = "https://github.com/finews-lint/finews-lint/issues"
MAX_SNIPPET = 200
_FIRST = itemgetter(0)


def _findings_of(
    results: Callable[[int, int], Iterable[CacheResult]],
) -> Callable[[int, int], Iterator[list[Diagnostic]]]:
    """The findings of each result of ``results(start, stop)``."""
    return lambda start, stop: (result[0] for result in results(start, stop))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the run makes objects that live on: served from the
    cache, 70,000 diagnostics set off full collections that cost more than building them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def without_fixes(found: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with their fixes' edits dropped, keeping that they are fixable and how.

    A report only says which findings `fix` can repair; the edits of 140,000 findings
    would be most of the memory of a run over a large site and of what workers send back.
    The offsets in the text go too (only edits are made from them): most are integers the
    parent would keep as objects of their own (9 MB at 80,000 posts).
    """
    for diagnostic in found:
        if diagnostic.fix is not None:
            diagnostic.cached_fix = diagnostic.fix_safety
            diagnostic.fix = None
        diagnostic.start = diagnostic.end = 0
    return found


@record
class Report:
    files: int = 0
    diagnostics: Sequence[Diagnostic] = field(default_factory=list)  # a list, or Findings
    missing: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the files linted, as displayed
    baselined: int = 0  # findings left out because a baseline records them

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def locate(
    doc: Document, rule: Rule, problem: Problem, severity: Severity, safe: bool | None = None
) -> Diagnostic:
    """The diagnostic of a rule's problem; ``safe`` (from the configuration, see
    ``Settings.fix_safety``) overrides the safety of its fix when not None."""
    line, column = doc.lines.position(problem.start)
    end_line, end_column = doc.lines.position(max(problem.end, problem.start))
    snippet = doc.text[problem.start : min(problem.end, problem.start + MAX_SNIPPET)]
    return Diagnostic(
        path=doc.display_path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=intern(problem.message),  # as workers' findings are (see diagnostic.py)
        fix=problem.fix if safe is None else with_safety(problem.fix, safe),
        start=problem.start,
        end=problem.end,
        snippet=intern(snippet),
    )


def with_safety(fix: Fix | None, safe: bool) -> Fix | None:
    if fix is None or fix.safe == safe:
        return fix
    return Fix(fix.edits, safe, fix.description, fix.changes_visible_text)


def file_diagnostic(
    settings: Settings, display: str, code: str, message: str, line: int = 1, column: int = 1
) -> list[Diagnostic]:
    """A diagnostic about a file as a whole (unreadable, undecodable), if its rule is active."""
    rule = settings.registry.get(code)
    if rule is None or not settings.is_active(code):
        return []
    return [
        Diagnostic(
            display,
            line,
            column,
            line,
            column + 1,
            code,
            rule.name,
            settings.severity(code),
            message,
        )
    ]


def share_cores(targets: list[Target], jobs: int) -> None:
    """Let the targets' sites read their posts on ``jobs`` processes: a post index built
    for a one-file run (no index yet) reads every post, and did it on one core."""
    for site in {t.site.root: t.site for t in targets}.values():
        site.jobs = jobs


class Linter:
    """Lints files with the active rules of ``settings``."""

    def __init__(
        self, settings: Settings, *, site_dir: Path | None = None, cwd: Path | None = None
    ) -> None:
        self.settings = settings
        self.cwd = cwd or Path.cwd()
        self.sites = SiteLookup(site_dir, tuple(settings.config.post_folders))
        self.discovery = Discovery(self.sites, self.cwd, settings.config.exclude)
        self.rules = [
            r
            for r in settings.registry
            if settings.is_active(r.code) and r.target not in ("engine", "site")
        ]
        self.site_rules = [
            r for r in settings.registry if settings.is_active(r.code) and r.target == "site"
        ]
        self.cache: ResultCache | None = None
        #: Whether ``check`` reports carry each fix's edits (the command line only needs to
        #: know a finding is fixable: it turns this off to save the memory).
        self.keep_fixes = True
        #: Whether reports carry each finding's source snippet (what fingerprints are made of).
        self.keep_snippets = True
        self._stamps: dict[str, Stamp | None] = {}  # stat stamps taken this run, by absolute path
        self._posts_states: dict[str, str] = {}
        self.progress: ProgressBar | None = None  # files linted, for a long run on a terminal

    # -- loading ----------------------------------------------------------------
    def load(self, target: Target, raw: bytes | None = None) -> Document | list[Diagnostic]:
        """The document of ``target``, or the diagnostics that say why it cannot be linted."""
        if raw is None:
            try:
                raw = read_content(target.path)
            except Unreadable as exc:
                return file_diagnostic(self.settings, target.display, "IO001", str(exc))
        try:
            decoded = decode(raw, target.site.config.encoding)
        except DecodeError as exc:
            return file_diagnostic(
                self.settings, target.display, "IO002", str(exc), exc.line, exc.column
            )
        except LookupError:
            message = f"_config.yml names an unknown encoding '{target.site.config.encoding}'"
            return file_diagnostic(self.settings, target.display, "IO002", message)
        from .document import Document  # here: a run served by the cache needs no document model

        kind: Any = target.kind  # "post" or "page"
        return Document(
            Path(target.path), target.display, target.relpath, kind, decoded, target.site
        )

    # -- linting ----------------------------------------------------------------
    @cached_property
    def plan(self) -> list[tuple[Rule, Severity, object, bool | None]]:
        """Each active file rule with its severity, options and configured fix safety,
        resolved once per run."""
        settings = self.settings
        return [
            (
                r,
                settings.severity(r.code),
                settings.options_for(r.code),
                settings.fix_safety(r.code),
            )
            for r in self.rules
        ]

    def run_rules(self, doc: Document) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for rule, severity, options, safe in self.plan:
            if rule.scope == "post" and not doc.is_post:
                continue
            kept = len(found)
            try:
                for problem in rule.check(doc, options):
                    found.append(locate(doc, rule, problem, severity, safe))
            except FileTimeout:
                # all of a rule's findings or none: a rule stopped by the budget would leave
                # as many as it had time for, and the report would change from run to run
                del found[kept:]
                message = (
                    f"rule {rule.code} ({rule.name}) ran past the "
                    f"{self.settings.config.file_timeout:g}{STOPPED_BY_BUDGET};"
                    " the rest of the file was not checked"
                )
                found.extend(file_diagnostic(self.settings, doc.display_path, "INT001", message))
                break
            except NeedsPostIndex:  # linted again once the index exists (onepass)
                raise
            except Exception as exc:  # a rule's bug must not stop the run
                found.extend(self.internal_error(doc, rule, exc))
        return found

    def internal_error(self, doc: Document, rule: Rule, exc: BaseException) -> list[Diagnostic]:
        import traceback  # here: with linecache and tokenize, ~5 ms of a one-file run

        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = (
            f"rule {rule.code} ({rule.name}) crashed on this file: {type(exc).__name__}: {exc}"
            f" at {Path(where.filename).name}:{where.lineno}; please report it at {REPORT_URL}"
        )
        return file_diagnostic(self.settings, doc.display_path, "INT001", message)

    def lint_document(self, doc: Document) -> list[Diagnostic]:
        from . import suppress

        found = self.run_rules(doc)
        try:
            suppressions = suppress.find(doc, self.settings.registry.code_of_name)
        except Exception as exc:
            rule = self.settings.registry.get("SUP001")
            assert rule is not None
            return found + self.internal_error(doc, rule, exc)
        if not suppressions:
            return found
        kept = suppress.apply(found, suppressions)
        sup = self.settings.registry.get("SUP001")
        if sup is not None and self.settings.is_active("SUP001"):
            severity = self.settings.severity("SUP001")
            rules = self.settings.registry
            for item in suppressions:
                unknown = [
                    code
                    for code in item.codes
                    if code != "ALL" and not any(r.code.startswith(code) for r in rules)
                ]
                unused = [
                    code
                    for code in item.codes
                    if code in unknown
                    or (
                        code not in item.used
                        and (
                            code == "ALL"
                            or any(
                                self.settings.is_active(r.code) and r.code.startswith(code)
                                for r in rules
                            )
                        )
                    )
                ]
                if unused:
                    message = f"suppression of {', '.join(unused)} suppresses nothing"
                    if unknown:
                        message += f" ({', '.join(unknown)}: no rule has such a code)"
                    kept.append(locate(doc, sup, Problem(item.start, item.end, message), severity))
        return kept

    def lint_target(self, target: Target, raw: bytes | None = None) -> list[Diagnostic]:
        loaded = self.load(target, raw)
        if isinstance(loaded, list):
            return loaded
        return self.lint_in_budget(loaded)

    def lint_in_budget(self, doc: Document) -> list[Diagnostic]:
        """:meth:`lint_document` within the time budget for one file."""
        try:
            with time_budget(self.settings.config.file_timeout):
                return self.lint_document(doc)
        except FileTimeout:  # spent outside a rule (suppressions): report, go on
            message = (
                f"linting ran past the {self.settings.config.file_timeout:g}{STOPPED_BY_BUDGET}"
            )
            return file_diagnostic(self.settings, doc.display_path, "INT001", message)

    def lint_for_cache(
        self, target: Target
    ) -> tuple[list[Diagnostic], Stamp | None, str | None, tuple[Fact, ...]]:
        """Lint ``target``; say what the result rests on: (diagnostics, stamp, hash, facts)."""
        stamp = self.stamp_of(target)
        try:
            raw = read_content(target.path)
        except Unreadable:
            return self.lint_target(target), None, None, ()
        found, facts = self.with_facts(target.site, lambda: self.lint_target(target, raw))
        return self.for_report(found), stamp, cache_digest(raw), facts

    def with_facts(
        self, site: Site, lint: Callable[[], list[Diagnostic]]
    ) -> tuple[list[Diagnostic], tuple[Fact, ...]]:
        """What ``lint()`` found, and the facts about the site its cache entry rests on."""
        found, facts = site.facts_read_by(lint)
        if self.reads_posts:
            facts += (("posts", "", None),)
        return found, facts

    def stamp_of(self, target: Target) -> Stamp | None:
        """The stat stamp of ``target`` for its cache entry, taken before it is read."""
        # lint_targets stamped every file before the workers forked: no second stat.
        return self._stamps[target.path] if target.path in self._stamps else file_stamp(target.path)

    def lint_for_report(self, target: Target) -> list[Diagnostic]:
        """Lint ``target`` for the report; without the fixes' edits unless ``keep_fixes``."""
        return self.for_report(self.lint_target(target))

    def for_report(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """``found`` as reports carry it (see ``keep_fixes`` and ``keep_snippets``)."""
        if not self.keep_snippets:
            for diagnostic in found:
                diagnostic.snippet = ""
        return found if self.keep_fixes else without_fixes(found)

    @cached_property
    def reads_posts(self) -> bool:
        """An active file rule reads other posts in ways the site does not record as facts."""
        return any(rule.reads_posts for rule in self.rules)

    def posts_state(self, site: Site) -> str:
        """The state of ``site``'s posts for this run (computed once, from stamps taken so far)."""
        root = str(site.root)
        state = self._posts_states.get(root)
        if state is None:
            state = self._posts_states[root] = fingerprint_posts(site, self._stamps)
        return state

    def cached(
        self, target: Target, stamp: Stamp | None, unpack: bool = True
    ) -> list[Diagnostic] | None:
        """The cached diagnostics of ``target`` if they hold for the file and site as they are
        (without ``unpack``, an empty list when they do)."""
        cache = self.cache
        assert cache is not None
        path = target.display
        entry = cache.lookup(path, stamp)
        if entry is None:
            entry = cache.entry(path)
            if entry is None or stamp is None:
                return None
            content = target.site.content_digests.get(target.relpath)  # hashed this run
            if content is None:
                try:
                    content = cache_digest(read_content(target.path))
                except Unreadable:
                    return None
            if entry[Entry.CONTENT] != content:
                return None
            cache.restamp(path, entry, stamp)  # touched but identical: still a hit
        facts = entry[Entry.FACTS]
        if facts:
            state = self.posts_state(target.site)
            if entry[Entry.STATE] != state:
                if not facts_hold(target.site, facts):
                    return None
                cache.restamp(path, entry, stamp, state)
        return cache.diagnostics(path, entry) if unpack else []

    def map(
        self,
        work: Callable[[Target], Result],
        targets: list[Target],
        jobs: int,
        settle: Settle | None = None,
        around: Around = nullcontext,
    ) -> list[Result]:
        """``work`` over ``targets`` on ``jobs`` workers, with the progress bar if there is one
        (``settle`` and ``around``: see ``parallel.map_targets``)."""
        from .parallel import map_targets

        return self._with_progress(map_targets, work, targets, jobs, settle, around)

    def map_packed(
        self,
        work: Callable[[Target], tuple[Light, Heavy]],
        targets: list[Target],
        jobs: int,
        settle: Settle | None = None,
        around: Around = nullcontext,
    ) -> list[Packed[Light, Heavy]]:
        """:meth:`map` for work whose results the parent keeps packed until the end of the
        run (see ``parallel.map_targets_packed``)."""
        from .parallel import map_targets_packed

        return self._with_progress(map_targets_packed, work, targets, jobs, settle, around)

    def _with_progress(
        self,
        mapper: Callable[..., list[Any]],
        work: Callable[[Target], Any],
        targets: list[Target],
        jobs: int,
        settle: Settle | None,
        around: Around,
    ) -> list[Any]:
        share_cores(targets, jobs)
        with alarm_handler():  # each file's budget only arms the timer (workers inherit it)
            if self.progress is None:
                return mapper(work, targets, jobs, None, settle, around)
            self.progress.start(len(targets))
            try:
                return mapper(work, targets, jobs, self.progress.advance, settle, around)
            finally:
                self.progress.stop()

    def lint_targets(self, targets: list[Target], jobs: int) -> list[Diagnostic] | Findings:
        """Diagnostics of every target: cache hits in this process, the rest on ``jobs`` workers.
        A run over every post of its sites without the cache, or a first run with it over
        more than :data:`KEEP_PER_PASS` files, gives :class:`Findings` (see ``onepass``)."""
        from . import onepass

        share_cores(targets, jobs)
        cache = self.cache
        if cache is None:
            if onepass.applies(self, targets):
                return onepass.lint(self, targets, jobs)
            linted_all = self.map(self.lint_for_report, targets, jobs)
            return [d for found in linted_all for d in found]
        diagnostics: list[Diagnostic] = []
        misses: list[Target] = []
        deferred: list[Target] = []
        for target, cached in zip(
            targets, self.served_from_cache(targets, defer=True), strict=True
        ):
            if cached is None:
                misses.append(target)
            elif cached is LATER:
                deferred.append(target)
            else:
                diagnostics.extend(cached)
        if misses:
            # The rules' modules first: a one-file run's helper is still stat-ing the posts
            # (finews_lint.statall.prefetch), and posts_state waits for it.
            _ = self.plan
        for site in {t.site.root: t.site for t in misses}.values():
            self.posts_state(site)  # label new entries with the posts as they were before linting
        if onepass.applies(self, misses, first_index=True):
            run = onepass.lint_for_cache(self, misses, jobs)
            if len(misses) == len(targets) > KEEP_PER_PASS:
                self.keep_in_passes(misses, run.results)
                paths = [target.display for target in misses]
                return Findings(paths, _findings_of(run.results), run.total, run.errors)
            linted = list(run.results(0, len(misses)))
        else:
            linted = self.map(self.lint_for_cache, misses, jobs)
        for found, _, _, _ in linted:
            diagnostics.extend(found)
        self.keep_all(
            (target.site, target.display, content, found, stamp, facts)
            for target, (found, stamp, content, facts) in zip(misses, linted, strict=True)
            if content is not None
        )
        if deferred:
            diagnostics.extend(self._served_later(deferred))
        return diagnostics

    def _served_later(self, targets: list[Target]) -> list[Diagnostic]:
        """The cached diagnostics of ``targets``, found to be hits earlier in the run (any
        that is not one now is linted here: it was changed since)."""
        found: list[Diagnostic] = []
        for target, cached in zip(targets, self.served_from_cache(targets), strict=True):
            found.extend(self.lint_for_report(target) if cached is None else cached)
        return found

    def keep_all(self, results: Iterable[Kept]) -> None:
        """Put each file's result in the cache, labelled with the posts' state when it rests
        on facts about them (``check`` and ``fix`` keep results alike). Shard by shard, each
        shard written and let go once its files are in (see ``ResultCache.release``): putting
        them in path order loaded every shard a result went to, with the stored results of
        all its other files, until the end of the run (a check after 5,000 of 100,000 posts
        changed peaked at 557 MB, now 410 MB)."""
        cache = self.cache
        assert cache is not None
        numbered = sorted(((cache.shard_of(result[1]), result) for result in results), key=_FIRST)
        for number, in_shard in groupby(numbered, key=_FIRST):
            for _, (site, path, content, found, stamp, facts) in in_shard:
                state = self.posts_state(site) if facts else None
                cache.put(path, content, found, stamp, facts, state)
            cache.release(number)

    def keep_in_passes(
        self, targets: list[Target], results: Callable[[int, int], Iterable[CacheResult]]
    ) -> None:
        """:meth:`keep_all` of ``results(start, stop)`` (each target's, in order) in passes, each
        for a share of the shards: a first run over a whole site would hold every finding
        in the shards at once until they are written (see :data:`KEEP_PER_PASS`)."""
        cache = self.cache
        assert cache is not None
        shards = cache.SHARDS
        passes = -(-len(targets) // KEEP_PER_PASS)  # rounded up, as the shards in each
        step = -(-shards // passes)
        numbers = [cache.shard_of(target.display) for target in targets]
        for first in range(0, shards, step):
            self.keep_all(
                (target.site, target.display, content, found, stamp, facts)
                for target, number, (found, stamp, content, facts) in zip(
                    targets, numbers, results(0, len(targets)), strict=True
                )
                if first <= number < first + step and content is not None
            )

    def served_from_cache(
        self, targets: list[Target], defer: bool = False
    ) -> list[list[Diagnostic] | None]:
        """The cached diagnostics of each target (None: lint it), looked up shard by shard,
        each shard let go once its targets are served (see ``ResultCache.release``).

        With ``defer``, once :data:`DEFER_AFTER_MISSES` files are found to need linting,
        a later hit is :data:`LATER`, its diagnostics not made: a run that forks workers
        serves those after them (:meth:`_served_later`). Served first, they were in the
        parent while the workers ran: a check after 5,000 of 100,000 posts changed peaked at
        345 MB. Their shards are read twice (0.2 s at 100,000 posts); a run with few misses
        is served in one pass."""
        cache = self.cache
        assert cache is not None
        stamps = self.stamp_targets(targets)  # only files whose stamp changed are read
        numbers = [cache.shard_of(target.display) for target in targets]
        served: list[list[Diagnostic] | None] = [None] * len(targets)
        serving = -1
        misses = 0
        for n in sorted(range(len(targets)), key=numbers.__getitem__):
            if numbers[n] != serving:
                if serving >= 0:
                    cache.release(serving)
                serving = numbers[n]
            later = defer and misses >= DEFER_AFTER_MISSES
            found = self.cached(targets[n], stamps[targets[n].path], unpack=not later)
            misses += found is None
            served[n] = LATER if later and found is not None else found
        if serving >= 0:
            cache.release(serving)
        return served

    def stamp_targets(self, targets: list[Target]) -> dict[str, Stamp | None]:
        """The stat stamp of each target by absolute path (each file is stat-ed once a run)."""
        stamps = self._stamps
        unstamped = [t.path for t in targets if t.path not in stamps]
        stamps.update(zip(unstamped, file_stamps(unstamped), strict=True))
        return stamps

    def known_stamp(self, target: Target) -> Stamp | None:
        """The stat stamp this run took of ``target``, if it took one (see :meth:`stamp_of`)."""
        return self._stamps.get(target.path)

    def known_stamps(self) -> dict[str, Stamp | None]:
        """The stat stamps this run took of its targets, by absolute path."""
        return dict(self._stamps)

    def open_cache(self, folder: Path) -> None:
        """Use the result cache in ``folder`` for the sites of this run (call after discovery)."""
        from .cache import ResultCache, cache_key

        for site in self.sites.sites:
            site.index_folder = folder  # the post index lives beside the results
        self.cache = ResultCache(folder, cache_key(self.settings, self.sites.sites))

    def check(
        self, paths: Iterable[Path], jobs: int | None = None, cache_folder: Path | None = None
    ) -> Report:
        with gc_paused():
            targets, missing = self.discovery.targets(list(paths))
            if cache_folder is not None:
                self.open_cache(cache_folder)
            return self.check_targets(targets, missing, jobs)

    def check_targets(
        self, targets: list[Target], missing: list[str], jobs: int | None = None
    ) -> Report:
        """Lint discovered targets (with the cache, if :meth:`open_cache` opened one)."""
        with (
            gc_paused()
        ):  # workers collect their own garbage (parallel.map_items turns it on for them)
            found = self.lint_targets(targets, jobs or os.cpu_count() or 1)
            diagnostics: Sequence[Diagnostic]
            if isinstance(found, Findings):
                found.add(self.check_sites(targets))
                diagnostics = found
            else:
                found.extend(self.check_sites(targets))
                diagnostics = in_report_order(found)
            if self.cache is not None:
                self.cache.save()
            paths_linted = [t.display for t in targets]
        return Report(
            files=len(targets), diagnostics=diagnostics, missing=missing, paths=paths_linted
        )

    def check_sites(self, targets: list[Target]) -> Iterator[Diagnostic]:
        """Whole-site rules, once per site of the run, reported on the run's own files only."""
        of_run = {(str(t.site.root), t.relpath): t for t in targets}
        with_pages = any(t.kind == "page" for t in targets)
        for site in {str(t.site.root): t.site for t in targets}.values():
            only = frozenset(relpath for root, relpath in of_run if root == str(site.root))
            for rule in self.site_rules:
                if rule.reports_on == "pages" and not with_pages:
                    continue  # it could only report on files this run does not lint
                severity = self.settings.severity(rule.code)
                safe = self.settings.fix_safety(rule.code)
                try:
                    found = self.site_problems(site, rule, only)
                except Exception as exc:  # a rule's bug must not stop the run
                    message = (
                        f"site rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}"
                    )
                    yield from file_diagnostic(
                        self.settings, str(site.root / "_config.yml"), "INT001", message
                    )
                    continue
                for relpath, problem in found:
                    target = of_run.get((str(site.root), relpath))
                    if target is None:
                        continue
                    doc = self.load(target)
                    if not isinstance(doc, list):  # a document, not why it cannot be read
                        yield locate(doc, rule, problem, severity, safe)

    def site_problems(
        self, site: Site, rule: Rule, only: frozenset[str]
    ) -> list[tuple[str, Problem]]:
        """What a whole-site rule finds about the files ``only``, from the cache while the
        site's posts are unchanged.

        Cached findings keep their offsets and message (site rules offer no fixes). A
        focused rule asked about a few files checks just those (a one-file run stays cheap).
        """
        options = self.settings.options_for(rule.code)
        stored = (
            self.cache.site_results(str(site.root), self.posts_state(site)) if self.cache else {}
        )
        rows = stored.get(rule.code)
        if rows is not None:
            return [
                (relpath, Problem(start, end, message)) for relpath, start, end, message in rows
            ]
        if rule.focused and len(only) <= FOCUSED_UP_TO:
            return list(rule.check(site, options, only=only))  # type: ignore[call-arg]
        found = list(rule.check(site, options))
        if self.cache is not None and all(problem.fix is None for _, problem in found):
            rows = [(relpath, p.start, p.end, p.message) for relpath, p in found]
            self.cache.put_site_results(str(site.root), rule.code, rows)
        return found

    def stdin_target(
        self, filename: str, jobs: int = 1, index_folder: Path | None = None
    ) -> Target:
        """The target standard input stands for, named by ``--stdin-filename``.

        An editor sends its buffer on every change: the site's other posts come from the
        post index in ``index_folder`` where unchanged (reading 40,000 posts each time took
        9 s), the rest are read on ``jobs`` processes.
        """
        path = Path(filename)
        absolute = path if path.is_absolute() else self.cwd / path
        site = self.sites(absolute)
        site.index_folder = index_folder
        try:
            relpath = absolute.resolve().relative_to(site.root).as_posix()
        except ValueError:
            relpath = absolute.name
        kind = "post" if site.is_post_path(relpath) else "page"
        target = Target(str(absolute), filename, site, relpath, kind)
        share_cores([target], jobs)
        return target

    def check_stdin(
        self, raw: bytes, filename: str, jobs: int = 1, index_folder: Path | None = None
    ) -> Report:
        """Lint ``raw`` as the file ``filename`` (see :meth:`stdin_target`)."""
        target = self.stdin_target(filename, jobs, index_folder)
        diagnostics = self.lint_target(target, raw)
        diagnostics.sort(key=Diagnostic.sort_key)
        return Report(files=1, diagnostics=diagnostics, paths=[filename])
