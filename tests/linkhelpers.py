"""Helpers for the SRC, LNK and REPO tests: positions in a file, and fixes applied."""

from __future__ import annotations

from pathlib import Path

from finews_lint.app import RunRequest, build_settings
from finews_lint.diagnostic import Diagnostic
from finews_lint.engine import Linter


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def at(path: Path, needle: str, shift: int = 0) -> tuple[int, int]:
    """Line and column of the first ``needle`` in the file, moved ``shift`` characters."""
    text = path.read_text(encoding="utf-8")
    assert needle in text, f"{needle!r} not in {path}"
    return position(text, text.index(needle) + shift)


def end_of_body(path: Path) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    return position(text, len(text.rstrip()))


def diagnostics(site: Path, relpath: str, select: list[str]) -> list[Diagnostic]:
    settings = build_settings(RunRequest(select=select, cwd=site))
    report = Linter(settings, cwd=site).check([Path(relpath)], jobs=1)
    return report.diagnostics


def apply_fixes(site: Path, relpath: str, select: list[str], *, unsafe: bool = False) -> str:
    """Apply every fix the rules offer on ``relpath`` once (edits from the end backwards)."""
    path = site / relpath
    text = path.read_text(encoding="utf-8")
    edits = [
        edit
        for d in diagnostics(site, relpath, select)
        if d.fix is not None and (d.fix.safe or unsafe)
        for edit in d.fix.edits
    ]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    path.write_text(text, encoding="utf-8")
    return text


def apply_fixes_everywhere(site: Path, folder: str, select: list[str], *, unsafe: bool = False) -> int:
    """Apply the (safe, or all) fixes of one run over ``folder``; return how many files changed."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics(site, folder, select):
        if d.fix is not None and (d.fix.safe or unsafe):
            by_path.setdefault(d.path, []).append(d)
    for display, found in by_path.items():
        path = site / display
        text = path.read_text(encoding="utf-8")
        edits = sorted((e for d in found for e in d.fix.edits), key=lambda e: e.start, reverse=True)  # type: ignore[union-attr]
        for edit in edits:
            text = text[: edit.start] + edit.replacement + text[edit.end :]
        path.write_text(text, encoding="utf-8")
    return len(by_path)
