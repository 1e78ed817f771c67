"""Issue 8's acceptance: one site of hostile files at once, checked and fixed as a user would."""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from finews_lint import reader

from tests import hostile_site
from tests.helpers import lint

CLI = [sys.executable, "-c", "from finews_lint.cli import main; main()"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from tests.helpers import copy_sample

    site = copy_sample(tmp_path_factory.mktemp("hostile"))
    return site, hostile_site.build(site)


def test_check_reports_every_hostile_file_quickly_in_bounded_memory(
    hostile: tuple[Path, dict[str, str]],
) -> None:
    site, expected = hostile
    started = time.monotonic()
    result = _run("check", "--no-cache", "--format", "json", "_posts", cwd=site)
    elapsed = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    assert elapsed < 60
    assert peak_kib < 2 * 1024 * 1024
    codes: dict[str, set[str]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        codes.setdefault(d["path"], set()).add(d["code"])
    for path, code in expected.items():
        assert any(found.startswith(code) for found in codes.get(path, ())), (path, codes.get(path))
    assert codes["_posts/2022-02-11-h501-folder.md"] == {"IO001"}  # a folder named x.md
    assert "INT001" not in {c for found in codes.values() for c in found}  # nothing ran out of time
    # Read like Jekyll reads them: clean, or only the fixable date.
    assert f"_posts/{hostile_site.GOOD}" not in codes
    assert all(f"_posts/{name}" not in codes for name in hostile_site.CLEAN_VARIANTS)
    assert all(codes[f"_posts/{name}"] == {"FM005"} for name in hostile_site.FIXABLE)
    assert not Path("/tmp/finews-pwned").exists()  # the python/object tag was never constructed


def test_the_cache_gives_the_same_report_for_odd_files(
    hostile: tuple[Path, dict[str, str]],
) -> None:
    site, _ = hostile
    fresh = _run("check", "--no-cache", "--format", "json", "_posts", cwd=site)
    reports = [
        _run("check", "--format", "json", "_posts", cwd=site) for _ in range(2)
    ]  # fill, then read
    for report in reports:
        assert "Traceback" not in report.stdout + report.stderr
        assert (report.returncode, json.loads(report.stdout)) == (1, json.loads(fresh.stdout))


def test_planted_positions(hostile: tuple[Path, dict[str, str]]) -> None:
    site, _ = hostile
    found = {
        (f.code, f.line, f.column)
        for name in (
            "h401-nested",
            "h409-alias-bomb",
            "h411-invalid-middle",
            "h412-nul",
            "h407-duplicate-keys",
        )
        for f in lint(site, f"_posts/2022-02-11-{name}.md")
    }
    assert {("HT001", 8, 1), ("FM002", 2, 1), ("FM009", 4, 1), ("IO002", 4, 2)} <= found
    assert any(
        code == "IO002" and line == 8 for code, line, _ in found
    )  # mid-file bad bytes: line 8


def test_fix_leaves_unparsable_files_byte_for_byte(hostile: tuple[Path, dict[str, str]]) -> None:
    site, _ = hostile
    result = _run("fix", "--no-cache", "_posts", cwd=site)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    for path, data in hostile_site.unparsable(site).items():
        assert path.read_bytes() == data, path.name
    for name in hostile_site.FIXABLE:
        text = (site / "_posts" / name).read_text(encoding="utf-8")
        assert f"date: {hostile_site.DATE} +0800\n" in text
    assert not list((site / "_posts").glob(".*.finews-fix"))


def test_an_unreadable_file_is_reported_not_fatal(
    hostile: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 does not stop root (CI runs as root): refuse the read itself instead."""
    site, _ = hostile
    name = "2022-02-11-unreadable.md"
    (site / "_posts" / name).write_bytes(b"---\nlayout: post\n---\n")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reader.os, "open", refusing_open)
    (finding,) = lint(site, f"_posts/{name}")
    assert (finding.code, finding.line, finding.column) == ("IO001", 1, 1)
    assert "permission denied" in finding.message
    os.unlink(site / "_posts" / name)
