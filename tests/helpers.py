"""Shared test helpers: the real sample, small sites, and running the linter."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from finews_lint.app import RunRequest, build_settings
from finews_lint.cli import app
from finews_lint.engine import Linter
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
#: The real sample the tests read (and copy before changing): ``../shared`` beside the
#: checkout, as CI has it, or the folder the environment variable FINEWS_SAMPLE names.
SAMPLE = Path(
    os.environ.get("FINEWS_SAMPLE") or ROOT.parent / "shared" / "corpus" / "finews-sample"
)
REFERENCE = "_posts/2022-02-11-NW202202112273370064.md"
EXAMPLE_SITE = ROOT / "examples" / "site"


def copy_sample(destination: Path) -> Path:
    """A writable copy of the real sample (tests must never change ../shared)."""
    target = destination / "site"
    # Only the sample's own files: a cache some run left beside them must not leak into tests.
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".finews-lint-cache", ".git"))
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def copy_example(destination: Path) -> Path:
    target = destination / "site"
    shutil.copytree(EXAMPLE_SITE, target)
    return target


@dataclass(frozen=True)
class Finding:
    code: str
    line: int
    column: int
    message: str
    end_line: int = 0
    end_column: int = 0


def lint(
    site: Path, *paths: str, select: list[str] | None = None, **config: object
) -> list[Finding]:
    """Lint ``paths`` (relative to ``site``) in-process; return the findings."""
    request = RunRequest(select=select or [], cwd=site)
    settings = build_settings(request)
    for key, value in config.items():
        setattr(settings.config, key, value)
    linter = Linter(settings, cwd=site)
    report = linter.check([Path(p) for p in paths] or [Path(".")], jobs=1)
    return [
        Finding(d.code, d.line, d.column, d.message, d.end_line, d.end_column)
        for d in report.diagnostics
    ]


def codes_at(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in findings]


def run_cli(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, str]:
    """Run the CLI in-process from ``cwd``; return (exit code, stdout)."""
    code, out, _ = run_cli_with_errors(*args, cwd=cwd, stdin=stdin)
    return code, out


def run_cli_with_errors(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process from ``cwd``; return (exit code, stdout, stderr)."""
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str, cwd: Path) -> tuple[int, dict]:
    code, out = run_cli("check", "--format", "json", *args, cwd=cwd)
    return code, json.loads(out)


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
