"""The engine: load each file once, run the active rules on it, locate and filter findings.

Rules yield :class:`Problem` objects with offsets; the engine turns them into
:class:`Diagnostic` objects with lines, columns and severities, applies suppressions,
and turns a rule's crash into an INT001 diagnostic instead of a dead run.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import suppress
from .budget import FileTimeout, time_budget
from .cache import ResultCache
from .cache import digest as cache_digest
from .config import Settings
from .diagnostic import Diagnostic, Problem, Severity
from .discover import Discovery, SiteLookup, Target
from .document import Document
from .reader import Unreadable, read_content
from .rule import Rule
from .source import DecodeError, decode

REPORT_URL = "https://github.com/finews-lint/finews-lint/issues"
MAX_SNIPPET = 200


@dataclass
class Report:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the files linted, as displayed

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


def locate(doc: Document, rule: Rule, problem: Problem, severity: Severity) -> Diagnostic:
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
        message=problem.message,
        fix=problem.fix,
        start=problem.start,
        end=problem.end,
        snippet=snippet,
    )


def file_diagnostic(
    settings: Settings, display: str, code: str, message: str, line: int = 1, column: int = 1
) -> list[Diagnostic]:
    """A diagnostic about a file as a whole (unreadable, undecodable), if its rule is active."""
    rule = settings.registry.get(code)
    if rule is None or not settings.is_active(code):
        return []
    return [
        Diagnostic(display, line, column, line, column + 1, code, rule.name, settings.severity(code), message)
    ]


class Linter:
    """Lints files with the active rules of ``settings``."""

    def __init__(self, settings: Settings, *, site_dir: Path | None = None, cwd: Path | None = None) -> None:
        self.settings = settings
        self.cwd = cwd or Path.cwd()
        self.sites = SiteLookup(site_dir, tuple(settings.config.post_folders))
        self.discovery = Discovery(self.sites, self.cwd, settings.config.exclude)
        self.rules = [r for r in settings.registry if settings.is_active(r.code) and r.target not in ("engine", "site")]
        self.site_rules = [r for r in settings.registry if settings.is_active(r.code) and r.target == "site"]
        self.cache: ResultCache | None = None

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
            return file_diagnostic(self.settings, target.display, "IO002", str(exc), exc.line, exc.column)
        except LookupError:
            message = f"_config.yml names an unknown encoding '{target.site.config.encoding}'"
            return file_diagnostic(self.settings, target.display, "IO002", message)
        return Document(Path(target.path), target.display, target.relpath, target.kind, decoded, target.site)  # type: ignore[arg-type]

    # -- linting ----------------------------------------------------------------
    @cached_property
    def plan(self) -> list[tuple[Rule, Severity, object]]:
        """Each active file rule with its severity and options, resolved once per run."""
        return [(r, self.settings.severity(r.code), self.settings.options_for(r.code)) for r in self.rules]

    def run_rules(self, doc: Document) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for rule, severity, options in self.plan:
            if rule.scope == "post" and not doc.is_post:
                continue
            try:
                for problem in rule.check(doc, options):
                    found.append(locate(doc, rule, problem, severity))
            except FileTimeout:
                message = (
                    f"rule {rule.code} ({rule.name}) ran past the {self.settings.config.file_timeout:g} s"
                    " budget for one file and was stopped; the rest of the file was not checked"
                )
                found.extend(file_diagnostic(self.settings, doc.display_path, "INT001", message))
                break
            except Exception as exc:  # a rule's bug must not stop the run
                found.extend(self.internal_error(doc, rule, exc))
        return found

    def internal_error(self, doc: Document, rule: Rule, exc: BaseException) -> list[Diagnostic]:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = (
            f"rule {rule.code} ({rule.name}) crashed on this file: {type(exc).__name__}: {exc}"
            f" at {Path(where.filename).name}:{where.lineno}; please report it at {REPORT_URL}"
        )
        return file_diagnostic(self.settings, doc.display_path, "INT001", message)

    def lint_document(self, doc: Document) -> list[Diagnostic]:
        found = self.run_rules(doc)
        try:
            suppressions = suppress.find(doc)
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
            for item in suppressions:
                unused = [
                    code
                    for code in item.codes
                    if code not in item.used
                    and (code == "ALL" or any(self.settings.is_active(r.code) and r.code.startswith(code)
                                              for r in self.settings.registry))
                ]
                if unused:
                    problem = Problem(item.start, item.end, f"suppression of {', '.join(unused)} suppresses nothing")
                    kept.append(locate(doc, sup, problem, severity))
        return kept

    def lint_target(self, target: Target, raw: bytes | None = None) -> list[Diagnostic]:
        loaded = self.load(target, raw)
        if isinstance(loaded, list):
            return loaded
        try:
            with time_budget(self.settings.config.file_timeout):
                return self.lint_document(loaded)
        except FileTimeout:  # spent outside a rule (suppressions): report, go on
            message = f"linting took longer than {self.settings.config.file_timeout:g} s and was stopped"
            return file_diagnostic(self.settings, target.display, "INT001", message)

    def _from_cache(self, target: Target) -> tuple[list[Diagnostic] | None, str | None]:
        """(cached diagnostics or None, content hash or None when the file cannot be read)."""
        assert self.cache is not None
        try:
            raw = read_content(target.path)
        except Unreadable:
            return None, None
        content = cache_digest(raw)
        return self.cache.get(target.display, content), content

    def lint_targets(self, targets: list[Target], jobs: int) -> list[Diagnostic]:
        """Diagnostics of every target: cache hits in this process, the rest on ``jobs`` workers."""
        from .parallel import map_targets

        if self.cache is None:
            return [d for found in map_targets(self.lint_target, targets, jobs) for d in found]
        diagnostics: list[Diagnostic] = []
        misses: list[tuple[Target, str | None]] = []
        for target in targets:  # reading and hashing is cheap; sending hits through a pool is not
            cached, content = self._from_cache(target)
            if cached is not None:
                diagnostics.extend(cached)
            else:
                misses.append((target, content))
        linted = map_targets(self.lint_target, [target for target, _ in misses], jobs)
        for (target, content), found in zip(misses, linted, strict=True):
            diagnostics.extend(found)
            if content is not None:
                self.cache.put(target.display, content, found)
        return diagnostics

    def open_cache(self, folder: Path) -> None:
        """Use the result cache in ``folder`` for the sites of this run (call after discovery)."""
        from .cache import ResultCache, cache_key

        with_posts = any(rule.reads_posts for rule in self.rules + self.site_rules)
        for site in self.sites.sites:
            site.index_folder = folder  # the post index lives beside the results
        self.cache = ResultCache(folder, cache_key(self.settings, self.sites.sites, with_posts))

    def check(self, paths: Iterable[Path], jobs: int | None = None, cache_folder: Path | None = None) -> Report:
        targets, missing = self.discovery.targets(list(paths))
        if cache_folder is not None:
            self.open_cache(cache_folder)
        diagnostics = self.lint_targets(targets, jobs or os.cpu_count() or 1)
        diagnostics.extend(self.check_sites(targets))
        diagnostics.sort(key=Diagnostic.sort_key)
        if self.cache is not None:
            self.cache.save()
        paths_linted = [t.display for t in targets]
        return Report(files=len(targets), diagnostics=diagnostics, missing=missing, paths=paths_linted)

    def check_sites(self, targets: list[Target]) -> Iterator[Diagnostic]:
        """Whole-site rules, once per site of the run, reported on the run's own files only."""
        of_run = {(str(t.site.root), t.relpath): t for t in targets}
        with_pages = any(t.kind == "page" for t in targets)
        for site in {str(t.site.root): t.site for t in targets}.values():
            for rule in self.site_rules:
                if rule.reports_on == "pages" and not with_pages:
                    continue  # it could only report on files this run does not lint
                severity = self.settings.severity(rule.code)
                options = self.settings.options_for(rule.code)
                try:
                    if rule.focused:  # the run's files of this site alone: one-file runs stay cheap
                        only = frozenset(r for root, r in of_run if root == str(site.root))
                        found = list(rule.check(site, options, only=only))  # type: ignore[call-arg]
                    else:
                        found = list(rule.check(site, options))
                except Exception as exc:  # a rule's bug must not stop the run
                    message = f"site rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}"
                    yield from file_diagnostic(self.settings, str(site.root / "_config.yml"), "INT001", message)
                    continue
                for relpath, problem in found:
                    target = of_run.get((str(site.root), relpath))
                    if target is None:
                        continue
                    doc = self.load(target)
                    if isinstance(doc, Document):
                        yield locate(doc, rule, problem, severity)

    def stdin_target(self, filename: str) -> Target:
        """The target standard input stands for, named by ``--stdin-filename``."""
        path = Path(filename)
        absolute = path if path.is_absolute() else self.cwd / path
        site = self.sites(absolute)
        try:
            relpath = absolute.resolve().relative_to(site.root).as_posix()
        except ValueError:
            relpath = absolute.name
        kind = "post" if site.is_post_path(relpath) else "page"
        return Target(str(absolute), filename, site, relpath, kind)

    def check_stdin(self, raw: bytes, filename: str) -> Report:
        target = self.stdin_target(filename)
        diagnostics = self.lint_target(target, raw)
        diagnostics.sort(key=Diagnostic.sort_key)
        return Report(files=1, diagnostics=diagnostics, paths=[filename])
