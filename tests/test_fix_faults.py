"""`fix` under faults: a full disk, SIGINT/SIGTERM mid-run, two runs at once.

Whatever happens, every file ends either wholly old or wholly (and correctly) fixed,
and no temporary file is left behind.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from finews_lint import writer

from tests.fix_posts import DATE, body, front_matter, post, write_post
from tests.helpers import run_cli

CLI = [sys.executable, "-c", "from finews_lint.cli import main; main()"]
POSTS = 3000


def _pair(index: int) -> tuple[bytes, bytes]:
    """A post whose date lacks its offset (FM005), and the same post once fixed."""
    lines = body([f"第{index}号示例：央行开展逆回购操作。"], info=f"FAULT{index:05d}")
    old = post(front_matter(title=f"示例{index}", date=DATE) + lines, final_newline=True)
    new = post(front_matter(title=f"示例{index}") + lines, final_newline=True)
    return old, new


@pytest.fixture
def many(sample: Path) -> tuple[Path, dict[Path, tuple[bytes, bytes]]]:
    files = {}
    for index in range(POSTS):
        old, new = _pair(index)
        files[write_post(sample, f"2022-02-11-FAULT{index:05d}.md", old)] = (old, new)
    return sample, files


def _assert_old_or_new(site: Path, files: dict[Path, tuple[bytes, bytes]]) -> tuple[int, int]:
    counts = [0, 0]
    for path, (old, new) in files.items():
        now = path.read_bytes()
        assert now in (old, new), f"{path.name} is neither the old nor the fixed file"
        counts[now == new] += 1
    assert not [p.name for p in (site / "_posts").iterdir() if p.name.endswith(".finews-fix")]
    return counts[0], counts[1]


def test_a_full_disk_leaves_the_original_and_is_reported(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _pair(1)
    path = write_post(sample, "2022-02-11-FAULT00001.md", old)

    def disk_full(descriptor: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    real_fdopen = os.fdopen

    class FullFile:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> FullFile:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            return disk_full(0, data)

    monkeypatch.setattr(writer.os, "fdopen", lambda h, mode: FullFile(real_fdopen(h, mode)))
    code, out = run_cli("fix", "_posts/2022-02-11-FAULT00001.md", cwd=sample)
    assert path.read_bytes() == old
    assert "No space left on device" in out and "left as it was" in out
    assert code == 1
    assert not [p for p in (sample / "_posts").iterdir() if p.name.endswith(".finews-fix")]
    monkeypatch.undo()
    run_cli("fix", "_posts/2022-02-11-FAULT00001.md", cwd=sample)
    assert path.read_bytes() == new  # once the disk has room, the same run fixes it


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_mid_fix_leaves_every_file_old_or_new(
    many: tuple[Path, dict[Path, tuple[bytes, bytes]]], signum: int
) -> None:
    site, files = many
    watched = sorted(files)[:: POSTS // 50]
    process = subprocess.Popen(
        [*CLI, "fix", "--no-cache", "--select", "FM005", "_posts"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(path.read_bytes() == files[path][1] for path in watched):
            break  # writing has begun
        time.sleep(0.02)
    process.send_signal(signum)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, (out, err)
    assert "Traceback" not in out + err
    assert "fix interrupted" in err
    old, new = _assert_old_or_new(site, files)
    assert new > 0 and old > 0  # it was stopped mid-run
    time.sleep(0.5)  # no orphaned worker goes on writing
    assert _assert_old_or_new(site, files) == (old, new)


def test_two_fix_runs_at_once_corrupt_nothing(
    many: tuple[Path, dict[Path, tuple[bytes, bytes]]],
) -> None:
    site, files = many
    runs = [
        subprocess.Popen(
            [*CLI, "fix", "--no-cache", "--select", "FM005", "_posts"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode in (0, 1), err
        assert "Traceback" not in out + err
    _assert_old_or_new(site, files)
    run_cli("fix", "--no-cache", "--select", "FM005", "_posts", cwd=site)
    assert _assert_old_or_new(site, files) == (0, POSTS)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away"
)
def test_a_file_fixed_as_root_keeps_its_owner_and_mode(sample: Path) -> None:
    """CI jobs and containers often run as root: the fixed post stays the developer's."""
    old, new = _pair(1)
    path = write_post(sample, "2022-02-11-FAULT00001.md", old)
    os.chown(path, 1234, 2345)
    path.chmod(0o640)
    assert run_cli("fix", str(path.relative_to(sample)), cwd=sample)[0] == 1
    info = path.stat()
    assert path.read_bytes() == new
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (1234, 2345, 0o640)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_post_of_a_run_is_written_in_batches_and_reported(
    many: tuple[Path, dict[Path, tuple[bytes, bytes]]], jobs: str
) -> None:
    """More posts than a batch holds, on one core and on two: each is written, each is
    reported fixed, and no temporary file is left."""
    site, files = many
    code, out = run_cli(
        "fix", "--no-cache", "--jobs", jobs, "--select", "FM005", "_posts", cwd=site
    )
    assert _assert_old_or_new(site, files) == (0, POSTS)
    reported = {line for line in out.splitlines() if "FAULT" in line}
    assert reported == {f"Fixed {path.relative_to(site).as_posix()}: FM005 ×1" for path in files}
    assert code == 1  # files were changed


def test_a_run_on_one_core_syncs_once_a_full_batch(
    many: tuple[Path, dict[Path, tuple[bytes, bytes]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fix --jobs 1` over thousands of posts makes them durable a full batch at a time,
    not a sync for every few files (the cost of a large fix is its syncs)."""
    real = writer._syncfs()
    if real is None:
        pytest.skip("no syncfs on this system")
    syncs = []

    def counting(descriptor: int) -> int:
        syncs.append(descriptor)
        return real(descriptor)

    monkeypatch.setattr(writer, "_syncfs", lambda: counting)
    site, files = many
    run_cli("fix", "--no-cache", "--jobs", "1", "--select", "FM005", "_posts", cwd=site)
    assert _assert_old_or_new(site, files) == (0, POSTS)
    assert 0 < len(syncs) <= POSTS / 100  # batches of 128 files, short only at a chunk's end
