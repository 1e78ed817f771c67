"""Helpers for the SRC, LNK and REPO tests: positions in a file, and fixes applied."""

from __future__ import annotations

from pathlib import Path

from finews_lint.app import RunRequest, build_settings
from finews_lint.diagnostic import Diagnostic
from finews_lint.engine import Linter

#: A post that links to another (LINKED) by its published URL: a finding that depends on
#: whether that other post exists (the cache and the replays must notice it coming and going).
LINKING = "_posts/2022-03-02-A2022.md"
LINKED = "_posts/2022-03-01-B2022.md"
LINKED_URL = "//finews.withounder.com/dazhongribao/2022/03/01/B2022.html"


def dazhong_post(date: str, title: str, body: str) -> str:
    """A well-formed post of the sample's dazhongribao category with ``body`` as its article."""
    return (
        "---\nlayout: post\n"
        f'title: "{title}"\ndate: {date} +0800\ncategories: dazhongribao\ntags: 大众日报新闻\n---\n'
        f'<p>{body}</p><p class="em_media">（文章来源：大众日报）</p>\n\n'
        "<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW0001>\n\n"
        "[返回大众日报新闻](//finews.withounder.com/category/dazhongribao.html)｜"
        "[返回首页](//finews.withounder.com/)\n"
    )


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


def apply_fixes_everywhere(
    site: Path, folder: str, select: list[str], *, unsafe: bool = False
) -> int:
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
