"""The command line: parse options, hand off to the application, print, exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .app import EXIT_FAILURE, RunRequest, split_codes

if TYPE_CHECKING:
    from .config import Settings

app = typer.Typer(
    name="finews-lint",
    help="Lint and fix the posts of a Jekyll finance-news site.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PathsArg = Annotated[
    list[Path] | None, typer.Argument(help="Files or folders (default: .); - reads stdin.")
]
SelectOpt = Annotated[
    list[str] | None, typer.Option("--select", help="Only these codes or prefixes (FM,HT001).")
]
IgnoreOpt = Annotated[
    list[str] | None, typer.Option("--ignore", help="Skip these codes or prefixes.")
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Configuration file to use.")]
SiteOpt = Annotated[
    Path | None, typer.Option("--site", help="Site root (default: nearest _config.yml).")
]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", min=1, help="Worker processes (default: all cores).")
]
CacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the cache.")]
ChangedOpt = Annotated[
    str | None,
    typer.Option("--changed-since", help="Lint only what changed since this git ref."),
]
BaselineOpt = Annotated[
    Path | None, typer.Option("--baseline", help="Report only findings not in this baseline.")
]
WriteBaselineOpt = Annotated[
    Path | None, typer.Option("--write-baseline", help="Record the current findings in this file.")
]
PruneOpt = Annotated[
    bool, typer.Option("--prune-baseline", help="Drop fixed entries from the --baseline file.")
]
OutputFileOpt = Annotated[
    Path | None,
    typer.Option("--output-file", help="Write the report here; print a summary to the terminal."),
]
FormatOpt = Annotated[str, typer.Option("--format", help="text, json, github, sarif, junit")]
ProgressOpt = Annotated[
    bool, typer.Option("--no-progress", help="No progress bar (shown on a terminal for long runs).")
]
StdinNameOpt = Annotated[
    str | None, typer.Option("--stdin-filename", help="Path to report for stdin.")
]


def _fail(message: str) -> None:
    typer.echo(f"finews-lint: {message}", err=True)
    raise typer.Exit(EXIT_FAILURE)


def _request(select, ignore, config, site, jobs, no_cache=False) -> RunRequest:  # type: ignore[no-untyped-def]
    return RunRequest(
        select=split_codes(select),
        ignore=split_codes(ignore),
        config_file=config,
        site=site,
        jobs=jobs,
        use_cache=not no_cache,
    )


@app.command()
def check(
    paths: PathsArg = None,
    output_format: FormatOpt = "text",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    site: SiteOpt = None,
    jobs: JobsOpt = None,
    no_cache: CacheOpt = False,
    stdin_filename: StdinNameOpt = None,
    check_external: Annotated[
        bool,
        typer.Option(
            "--check-external", help="Fetch links to other sites (LNK008); off by default."
        ),
    ] = False,
    changed_since: ChangedOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
    prune_baseline: PruneOpt = False,
    output_file: OutputFileOpt = None,
    no_progress: ProgressOpt = False,
) -> None:
    """Lint files and folders; exit 1 when an error is found."""
    from .app import WorkflowOptions, run_check
    from .config import ConfigError

    workflow = WorkflowOptions(changed_since, baseline, write_baseline, prune_baseline)
    try:
        request = _request(select, ignore, config, site, jobs, no_cache)
        request.check_external = check_external
        request.progress = not no_progress
        code, notes = run_check(
            paths or [], request, workflow, output_format, output_file, stdin_filename
        )
    except (ConfigError, ValueError) as exc:
        _fail(str(exc))
        return
    for note in notes:
        typer.echo(f"finews-lint: {note}", err=True)
    raise typer.Exit(code)


@app.command()
def fix(
    paths: PathsArg = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff; write nothing.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply unsafe fixes.")
    ] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    site: SiteOpt = None,
    jobs: JobsOpt = None,
    no_cache: CacheOpt = False,
    stdin_filename: StdinNameOpt = None,
    no_progress: ProgressOpt = False,
) -> None:
    """Apply fixes in place; exit 1 when a file changed or errors remain."""
    from .app import fix as run_fix
    from .app import fix_exit_code, reads_standard_input
    from .config import ConfigError
    from .output.fix_text import render, render_diffs
    from .progress import is_terminal
    from .writer import Interrupted, interruptible

    try:
        request = _request(select, ignore, config, site, jobs, no_cache)
        request.progress = not no_progress
        with interruptible():
            linter, report = run_fix(
                request,
                paths or [Path(".")],
                stdin_filename,
                unsafe=unsafe_fixes,
                diff=diff,
                # A patch piped on is written as it comes; in a terminal, where the progress
                # bar is drawn, it waits for the end of the run as before.
                diffs_to=None if is_terminal(sys.stdout) else sys.stdout,
            )
    except (ConfigError, ValueError) as exc:
        _fail(str(exc))
        return
    except Interrupted as stop:
        typer.echo(
            f"fix interrupted ({stop.name}): each file is either fixed or left as it was; "
            "run fix again to finish",
            err=True,
        )
        raise typer.Exit(stop.exit_code) from None
    # Standard output holds the data (the fixed text of `fix -`, the patch of `--diff`: one
    # `git apply` takes); the report then goes to standard error, as ruff's does.
    if diff:
        render_diffs(report, sys.stdout)
        sys.stdout.flush()
        render(report, linter.settings.registry, sys.stderr, False, diff=diff)
    elif reads_standard_input(paths or []):
        sys.stdout.buffer.write(report.outcomes[0].output or b"")
        sys.stdout.flush()
        render(report, linter.settings.registry, sys.stderr, False, diff=diff)
    else:
        render(report, linter.settings.registry, sys.stdout, sys.stdout.isatty(), diff=diff)
    raise typer.Exit(fix_exit_code(report))


def _settings_or_fail(config: Path | None) -> Settings:
    """The settings of ``--config`` (or the discovered file); exit 2 when they are unusable."""
    from .app import build_settings
    from .config import ConfigError

    try:
        return build_settings(RunRequest(config_file=config))
    except ConfigError as exc:
        _fail(str(exc))
        raise  # _fail exits; this line is never reached


@app.command()
def rules(config: ConfigOpt = None) -> None:
    """List every rule: code, name, default severity, fixable, summary."""
    settings = _settings_or_fail(config)
    for rule in settings.registry:
        fixable = rule.fixable or "-"
        typer.echo(
            f"{rule.code:<8}{rule.name:<28}{rule.severity.value:<9}{fixable:<8}{rule.summary}"
        )


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (HT001) or name.")],
    config: ConfigOpt = None,
) -> None:
    """Print a rule's documentation (the configuration's plugin rules included)."""
    registry = _settings_or_fail(config).registry
    rule = registry.get(code) or registry.by_name(code)
    if rule is None:
        _fail(f"no rule '{code}' (see `finews-lint rules`)")
        return
    fixable = {"safe": "yes (safe)", "unsafe": "yes (unsafe: needs --unsafe-fixes)", None: "no"}[
        rule.fixable
    ]
    typer.echo(f"# {rule.code} {rule.name}\n")
    typer.echo(
        f"Default severity: {rule.severity.value}. Fixable: {fixable}. Applies to: "
        f"{'posts' if rule.scope == 'post' else 'posts and pages'}.\n"
    )
    typer.echo(rule.doc)


@app.command()
def clean(config: ConfigOpt = None) -> None:
    """Remove the result cache (.finews-lint-cache/)."""
    from .app import cache_folder
    from .cache import clean as clean_cache

    settings = _settings_or_fail(config)
    folder = cache_folder(settings.config, Path.cwd())
    typer.echo(f"removed {clean_cache(folder)} cache file(s) from {folder}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a post's front matter."""
    import json

    from .schemas.post import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"finews-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Lint and fix the posts of a Jekyll finance-news site."""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
