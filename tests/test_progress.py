"""The progress bar: on a terminal for a long run, never in a pipe, in CI or when refused."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from finews_lint import progress

CLI = [sys.executable, "-c", "from finews_lint.cli import main; main()"]
POSTS = progress.THRESHOLD + 20


def _site(root: Path) -> Path:
    """A small site of ``POSTS`` short posts of our own (no news texts)."""
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "url: https://example.test\ntimezone: Asia/Shanghai\n", encoding="utf-8"
    )
    for number in range(POSTS):
        (root / "_posts" / f"2022-03-01-p{number}.md").write_text(
            "---\nlayout: post\n"
            f'title: "第{number}篇"\ndate: 2022-03-01 10:00:00 +0800\n'
            "categories: news\ntags: 新闻\n---\n"
            "<p>正文。</p>\n",
            encoding="utf-8",
        )
    return root


def _run_on_terminal(site: Path, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run the CLI with standard error on a pseudo-terminal: (exit code, stdout, terminal)."""
    master, slave = pty.openpty()
    stdout_path = site.parent / "stdout.txt"
    with stdout_path.open("wb") as stdout:  # a file: a full pipe nobody reads would block the run
        process = subprocess.Popen([*CLI, *args], cwd=site, stdout=stdout, stderr=slave, env=env)
    os.close(slave)
    seen = bytearray()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process is done with it
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    else:
        process.kill()
    code = process.wait()
    os.close(master)
    return code, stdout_path.read_text(encoding="utf-8"), seen.decode(errors="replace")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(TERM="xterm", COLUMNS="120", **extra)
    return env


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("progress") / "site")


def test_a_long_run_on_a_terminal_shows_files_done_rate_and_time_left(site: Path) -> None:
    code, stdout, terminal = _run_on_terminal(
        site, "check", "--no-cache", "--jobs", "2", "_posts", env=_env()
    )
    assert f"{POSTS}/{POSTS}" in terminal or f"/{POSTS}" in terminal
    assert "files/s" in terminal and "linting" in terminal
    assert "All checks passed" in stdout or "Found" in stdout  # the report is untouched, on stdout
    assert "files/s" not in stdout and code in (0, 1)


def test_no_bar_in_ci_or_with_no_progress(site: Path) -> None:
    _, _, in_ci = _run_on_terminal(site, "check", "--no-cache", "_posts", env=_env(CI="true"))
    assert "files/s" not in in_ci
    _, _, refused = _run_on_terminal(
        site, "check", "--no-cache", "--no-progress", "_posts", env=_env()
    )
    assert "files/s" not in refused


def test_no_bar_when_standard_error_is_a_pipe(site: Path) -> None:
    result = subprocess.run(
        [*CLI, "check", "--no-cache", "_posts"],
        cwd=site,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert result.stderr == ""
    assert "files/s" not in result.stdout


def test_short_runs_and_non_terminals_are_not_wanted() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress.wanted(Terminal(), progress.THRESHOLD, environ={})
    assert not progress.wanted(Terminal(), progress.THRESHOLD - 1, environ={})
    assert not progress.wanted(Terminal(), 10_000, environ={"CI": "1"})
    assert not progress.wanted(io.StringIO(), 10_000, environ={})
