"""The application object: turns command-line choices into settings and runs the engine.

The CLI module only parses options; everything it decides is here, so it can be
tested and reused without a terminal.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import config as config_module
from .config import Config, ConfigError, Settings
from .engine import Linter, Report, gc_paused
from .output import Renderer, write_report
from .record import field, record
from .rule import Registry, RegistryError, default_registry

if TYPE_CHECKING:  # the fixer is imported by `fix` only: `check` starts faster without it
    from collections.abc import Iterable

    from .fixfiles import FixReport

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def split_codes(values: list[str] | None) -> list[str]:
    """``--select FM,HT001 --select SRC`` -> ``["FM", "HT001", "SRC"]``."""
    codes: list[str] = []
    for value in values or []:
        codes.extend(part.strip() for part in value.split(",") if part.strip())
    return codes


@record
class RunRequest:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    config_file: Path | None = None
    site: Path | None = None
    jobs: int | None = None
    use_cache: bool = True
    cwd: Path = field(default_factory=Path.cwd)
    check_external: bool = False
    progress: bool = False  # a bar on standard error when it is a terminal and the run is long
    fingerprints: bool = True  # the report feeds fingerprints (SARIF): keep each finding's snippet
    #: A plain `check PATH...`: write its inputs down (finews_lint.quick).
    quick_key: str | None = None
    started_ns: int = 0  # when the run started (time.time_ns), for the quick replay's racy check


def load_registry(config: Config, catalogue: Path | None = None) -> Registry:
    registry = default_registry(catalogue=catalogue)
    if config.plugins:
        from .plugins import load_local_plugins

        load_local_plugins(registry, config)
    return registry


def build_settings(request: RunRequest) -> Settings:
    """Read the configuration and apply the command line on top; raise ConfigError."""
    path = request.config_file or config_module.discover(request.cwd)
    config = config_module.load(path) if path is not None else Config()
    if request.select:
        config.select = request.select
        config.extend_select = []
    if request.ignore:
        config.ignore = [*config.ignore, *request.ignore]
    if request.check_external:  # in the config, so the cache key tells the runs apart
        own = {**config.rules.pop("broken-external-link", {}), **config.rules.pop("LNK008", {})}
        config.rules["LNK008"] = {**own, "check-external": True}
    catalogue = cache_folder(config, request.cwd) if request.use_cache else None
    try:
        registry = load_registry(config, catalogue)
    except (RegistryError, ImportError, OSError) as exc:
        raise ConfigError(str(exc)) from None
    settings = Settings(config, registry)
    if not request.use_cache:  # no cache at all: external links' answers are fetched again
        settings.override_options("LNK008", cache=None)
    return settings


def make_linter(request: RunRequest) -> Linter:
    settings = build_settings(request)
    if request.site is not None and not (request.site / "_config.yml").is_file():
        raise ConfigError(f"--site {request.site}: no _config.yml there")
    linter = Linter(settings, site_dir=request.site, cwd=request.cwd)
    if request.use_cache:  # large folders' listings are kept with the cache
        from .listing import STORE_NAME

        linter.sites.listing.keep_in(str(cache_folder(settings.config, request.cwd) / STORE_NAME))
    if request.progress:
        from .progress import ProgressBar

        linter.progress = ProgressBar()
    return linter


def reads_standard_input(paths: list[Path]) -> bool:
    """Whether the run reads standard input (``-``); ConfigError when ``-`` comes with paths."""
    named = [str(p) for p in paths]
    if "-" in named and len(named) > 1:
        raise ConfigError("- (standard input) cannot be given with other paths")
    return named == ["-"]


def check(
    request: RunRequest, paths: list[Path], stdin_filename: str | None
) -> tuple[Linter, Report]:
    reads_stdin = reads_standard_input(paths)
    linter = make_linter(request)
    folder = cache_folder(linter.settings.config, request.cwd) if request.use_cache else None
    if reads_stdin:
        raw = sys.stdin.buffer.read()
        return linter, linter.check_stdin(
            raw, stdin_filename or "stdin.md", _jobs(linter, request), folder
        )
    _for_report(linter, request)
    report = linter.check(paths, _jobs(linter, request), cache_folder=folder)
    _remember_rules(folder)
    return linter, report


def _for_report(linter: Linter, request: RunRequest) -> None:
    linter.keep_fixes = False  # the report says what is fixable; `fix` computes the edits again
    # Snippets only feed fingerprints: baselines, SARIF, and the cache (for later baselines).
    linter.keep_snippets = request.fingerprints or request.use_cache


def _remember_rules(folder: Path | None) -> None:
    if folder is not None:  # the next run knows the rules without importing them
        from .catalog import remember

        remember(folder)


def cache_folder(config: Config, cwd: Path) -> Path:
    """``cache-dir`` from the config file's folder, or from the current folder."""
    base = config.source.parent if config.source is not None else cwd
    return base / config.cache_dir


def exit_code(report: Report) -> int:
    return EXIT_FINDINGS if report.errors or report.missing else EXIT_OK


@record
class WorkflowOptions:
    """The options of ``check`` for CI and pre-commit: changed files and a baseline."""

    changed_since: str | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    prune_baseline: bool = False


def _entries(count: int, kind: str = "") -> str:
    return f"{count} {kind}entry" if count == 1 else f"{count} {kind}entries"


def _validate(options: WorkflowOptions, paths: list[Path]) -> None:
    if options.baseline is not None and options.write_baseline is not None:
        raise ConfigError(
            "--baseline and --write-baseline exclude each other (use --prune-baseline to update)"
        )
    if options.prune_baseline and options.baseline is None:
        raise ConfigError("--prune-baseline needs --baseline FILE")
    if options.changed_since is not None and reads_standard_input(paths):
        raise ConfigError("--changed-since cannot be used with - (standard input)")


def check_workflow(
    request: RunRequest, paths: list[Path], stdin_filename: str | None, options: WorkflowOptions
) -> tuple[Linter, Report, list[str]]:
    """``check`` with the workflow options: the linter, the report and notes for the user."""
    _validate(options, paths)
    notes: list[str] = []
    if options.changed_since is not None:
        from .changed import paths_to_lint

        sites = make_linter(request).sites  # the site model tells what depends on a change
        paths = paths_to_lint(request.cwd, options.changed_since, paths, sites)
        notes.append(f"--changed-since {options.changed_since}: {len(paths)} path(s) to lint")
    if options.baseline is not None or options.write_baseline is not None:
        request.fingerprints = True
    linter, report = check(request, paths, stdin_filename)
    if options.write_baseline is not None:
        from . import baseline  # only when a baseline is used: a one-file run starts faster

        recorded = baseline.entries(report.diagnostics)
        baseline.write(options.write_baseline, recorded)
        notes.append(f"wrote {len(recorded)} finding(s) to the baseline {options.write_baseline}")
        report = baseline.apply(report, recorded).report
    elif options.baseline is not None:
        from . import baseline

        active = linter.settings.is_active
        outcome = baseline.apply(report, baseline.read(options.baseline), active)
        report = outcome.report
        notes.append(f"baseline {options.baseline}: {outcome.matched} known finding(s) not shown")
        if outcome.fixed and options.prune_baseline:
            baseline.write(options.baseline, outcome.kept_entries)
            pruned = _entries(len(outcome.fixed), "fixed ")
            notes.append(f"removed {pruned} from {options.baseline}")
        elif outcome.fixed:
            fixed = _entries(len(outcome.fixed))
            notes.append(f"{fixed} of the baseline fixed now: prune with --prune-baseline")
    return linter, report, notes


@record
class Output:
    """Where and how ``check`` writes its report."""

    render: Renderer
    format: str
    file: Path | None  # --output-file: the report there, a summary on the terminal
    terminal: TextIO


def check_and_report(
    request: RunRequest,
    paths: list[Path],
    stdin_filename: str | None,
    options: WorkflowOptions,
    output: Output,
) -> tuple[int, list[str]]:
    """Run ``check``, write its report; return the exit code and notes for the user.

    A run of paths with the cache on and the report to the terminal, whose inputs are all
    unchanged, writes the report it wrote last time (see :mod:`finews_lint.replay`).
    """
    replayable = (
        request.use_cache
        and not request.check_external
        and output.file is None
        and options == WorkflowOptions()
        and not reads_standard_input(paths)
    )
    if replayable:
        return _check_replaying(request, paths, output), []
    linter, report, notes = check_workflow(request, paths, stdin_filename, options)
    write_report(output.render, report, linter.settings.registry, output.file, output.terminal)
    return exit_code(report), notes


def _fetches_links(config: Config) -> bool:
    """Whether the configuration turns on LNK008's fetching of links to other sites."""
    for name in ("LNK008", "broken-external-link"):
        options = config.rules.get(name) or {}
        if options.get("check-external") or options.get("check_external"):
            return True
    return False


def run_check(
    paths: list[Path],
    request: RunRequest,
    workflow: WorkflowOptions,
    output_format: str = "text",
    output_file: Path | None = None,
    stdin_filename: str | None = None,
) -> tuple[int, list[str]]:
    """``check`` as the command line runs it, report on standard output: the exit code and
    notes for the user. Raises ConfigError or ValueError (an unknown format)."""
    from .output import renderer

    output = Output(renderer(output_format), output_format, output_file, sys.stdout)
    request.fingerprints = output_format.lower() == "sarif"  # baselines ask for them on their own
    return check_and_report(request, paths or [Path(".")], stdin_filename, workflow, output)


def _check_replaying(request: RunRequest, paths: list[Path], output: Output) -> int:
    from . import replay

    linter = make_linter(request)
    folder = cache_folder(linter.settings.config, request.cwd)
    colour = output.terminal.isatty()
    with gc_paused():
        targets, missing = linter.discovery.targets(paths)
        linter.open_cache(folder)
        key = None
        if not _fetches_links(linter.settings.config):  # what other sites answer changes unseen
            key = replay.run_key(linter, targets, missing, f"{output.format}\0{colour}")
    stored = replay.load(linter, key) if key is not None else None
    report: tuple[int, Iterable[bytes | memoryview]]
    if stored is not None:
        replayed, code = stored
        replay.write(output.terminal, replayed)
        report = len(replayed), [replayed]
    else:
        _for_report(linter, request)
        checked = linter.check_targets(targets, missing, _jobs(linter, request))
        _remember_rules(folder)
        if request.quick_key is not None:
            from .quick import remember_posts

            remember_posts(linter)
        # Rendered as UTF-8 (what is stored for the replay: no second, wider copy as str)
        # to the terminal and the stored report at once: a first run over 100,000 posts
        # peaked at 400 MB holding the findings and their text in memory.
        code = exit_code(checked)
        recording = replay.recording(linter, key, code, output.terminal)
        rendered = io.TextIOWrapper(
            io.BufferedWriter(recording, 1 << 16),
            encoding="utf-8",
            errors="surrogateescape",
            newline="",
        )
        try:
            output.render(checked, linter.settings.registry, rendered, colour)
            del checked
            rendered.flush()
        except BaseException:
            recording.stop()
            raise
        rendered.detach()
        kept = recording.finish()
        if key is None or not kept:
            return code
        replay.keep_newest(linter)
        if request.quick_key is None:
            return code
        in_pieces = replay.load_in_pieces(linter, key, code)  # for the quick record
        if in_pieces is None:
            return code
        report = in_pieces
    if request.quick_key is not None and key is not None:
        from . import quick

        arguments = [str(path) for path in paths]
        key_of_run, started = request.quick_key, request.started_ns
        quick.remember(linter, targets, arguments, key_of_run, report, code, started)
    return code


def fix(
    request: RunRequest,
    paths: list[Path],
    stdin_filename: str | None,
    *,
    unsafe: bool,
    diff: bool,
    diffs_to: TextIO | None = None,
) -> tuple[Linter, FixReport]:
    """Apply the active rules' fixes (write in place unless ``diff``). With ``diffs_to``,
    diffs may be written there as they come (see ``Fixer.diffs_to``)."""
    from .fixfiles import Fixer, FixReport

    reads_stdin = reads_standard_input(paths)
    linter = make_linter(request)
    fixer = Fixer(linter, unsafe=unsafe, diff=diff, diffs_to=diffs_to)
    folder = cache_folder(linter.settings.config, request.cwd) if request.use_cache else None
    if reads_stdin:
        raw = sys.stdin.buffer.read()
        target = linter.stdin_target(stdin_filename or "stdin.md", _jobs(linter, request), folder)
        return linter, FixReport(files=1, outcomes=[fixer.fix_target(target, raw)])
    return linter, fixer.fix(paths, _jobs(linter, request), cache_folder=folder)


def _jobs(linter: Linter, request: RunRequest) -> int:
    """The processes a run may use: ``--jobs``, the config's ``jobs``, or every core."""
    return request.jobs or linter.settings.config.jobs or os.cpu_count() or 1


def fix_exit_code(report: FixReport) -> int:
    """0 only when nothing changed (or would) and no error remains; 1 otherwise (as pre-commit
    expects, and SPEC says). A fix refused by a safety check changes nothing: only what
    remains counts then. The fixer failing on a file is 1 too."""
    trouble = report.changed or report.errors or report.missing or report.failed
    return EXIT_FINDINGS if trouble else EXIT_OK
