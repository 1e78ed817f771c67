"""The fixer's writer: files written a batch at a time, each wholly or not at all.

A batch's new bytes wait in temporary files beside their posts until the batch is made
durable with one sync; only then is each renamed over its post, if the post is still as
it was read. Whatever happens before that (an edit, a failed sync, an error or a
signal), the post keeps its bytes and no temporary file is left.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from finews_lint import writer
from finews_lint.writer import BatchWriter, Snapshot, WriteRefused

OLD = "---\ntitle: 旧\n---\n正文\n".encode()
NEW = "---\ntitle: 新\n---\n正文\n".encode()


def _posts(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"2022-02-11-p{n}.md"
        path.write_bytes(OLD)
        paths.append(path)
    return paths


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".finews-fix")]


class Heard:
    """What the writer told of each file."""

    def __init__(self) -> None:
        self.told: dict[Path, WriteRefused | None] = {}

    def of(self, path: Path) -> Callable[[WriteRefused | None], None]:
        def done(refused: WriteRefused | None) -> None:
            self.told[path] = refused

        return done


@pytest.fixture(params=["syncfs", "fsync each"])
def sync_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways to make a batch durable: Linux's syncfs, and an fsync of each file where
    there is none."""
    if request.param == "syncfs" and writer._syncfs() is None:
        pytest.skip("no syncfs on this system")
    if request.param == "fsync each":
        monkeypatch.setattr(writer, "_syncfs", lambda: None)
    return str(request.param)


def test_a_batch_is_written_when_it_is_flushed_and_not_before(
    tmp_path: Path, sync_kind: str
) -> None:
    paths = _posts(tmp_path, 6)
    heard = Heard()
    batch = BatchWriter(size=3)
    with batch.batch():
        for path in paths[:2]:
            batch.write(Snapshot.read(path), NEW, heard.of(path))
        assert [p.read_bytes() for p in paths[:2]] == [OLD, OLD]  # in temporary files
        assert len(_leftovers(tmp_path)) == 2 and heard.told == {}
        batch.write(Snapshot.read(paths[2]), NEW, heard.of(paths[2]))  # the third fills it
        assert [p.read_bytes() for p in paths] == [NEW, NEW, NEW, OLD, OLD, OLD]
        assert heard.told == {path: None for path in paths[:3]}
        batch.write(Snapshot.read(paths[3]), NEW, heard.of(paths[3]))
        assert paths[3].read_bytes() == OLD
    assert paths[3].read_bytes() == NEW  # the rest, as the batch ends
    batch.write(Snapshot.read(paths[4]), NEW, heard.of(paths[4]))  # outside: at once
    assert paths[4].read_bytes() == NEW and paths[5].read_bytes() == OLD
    assert heard.told == {path: None for path in paths[:5]}
    assert _leftovers(tmp_path) == []


def test_a_post_edited_while_its_batch_waits_keeps_the_edit(tmp_path: Path) -> None:
    first, second = _posts(tmp_path, 2)
    heard = Heard()
    batch = BatchWriter(size=10)
    with batch.batch():
        batch.write(Snapshot.read(first), NEW, heard.of(first))
        batch.write(Snapshot.read(second), NEW, heard.of(second))
        first.write_bytes(OLD + "编辑的修改\n".encode())  # an editor saves meanwhile
    assert first.read_bytes() == OLD + "编辑的修改\n".encode()
    assert "changed on disk" in str(heard.told[first])
    assert second.read_bytes() == NEW and heard.told[second] is None
    assert _leftovers(tmp_path) == []


def test_a_failed_sync_writes_nothing_of_its_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _posts(tmp_path, 3)

    def failing_sync(pending: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writer, "_make_durable", failing_sync)
    heard = Heard()
    batch = BatchWriter()
    with batch.batch():
        for path in paths:
            batch.write(Snapshot.read(path), NEW, heard.of(path))
    assert [p.read_bytes() for p in paths] == [OLD] * 3
    assert all("Input/output error" in str(heard.told[p]) for p in paths)
    assert _leftovers(tmp_path) == []


def test_an_error_mid_batch_leaves_its_posts_as_they_were(tmp_path: Path) -> None:
    paths = _posts(tmp_path, 3)
    heard = Heard()
    batch = BatchWriter()
    with pytest.raises(KeyboardInterrupt), batch.batch():
        for path in paths[:2]:
            batch.write(Snapshot.read(path), NEW, heard.of(path))
        raise KeyboardInterrupt
    assert [p.read_bytes() for p in paths] == [OLD] * 3
    assert _leftovers(tmp_path) == [] and heard.told == {}


def test_a_read_only_post_is_refused_at_once(tmp_path: Path) -> None:
    (path,) = _posts(tmp_path, 1)
    snapshot = Snapshot.read(path)
    path.chmod(0o444)
    heard = Heard()
    BatchWriter().write(snapshot, NEW, heard.of(path))
    assert "read-only" in str(heard.told[path])
    assert path.read_bytes() == OLD and _leftovers(tmp_path) == []


def test_one_sync_serves_a_whole_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of batches: 128 posts cost one sync, not 128 (on Linux)."""
    if writer._syncfs() is None:
        pytest.skip("no syncfs on this system")
    calls = {"syncfs": 0, "fsync": 0}
    real_syncfs, real_fsync = writer._syncfs(), os.fsync

    def counting_syncfs(descriptor: int) -> int:
        calls["syncfs"] += 1
        return real_syncfs(descriptor)

    def counting_fsync(descriptor: int) -> None:
        calls["fsync"] += 1
        real_fsync(descriptor)

    monkeypatch.setattr(writer, "_syncfs", lambda: counting_syncfs)
    monkeypatch.setattr(writer.os, "fsync", counting_fsync)
    paths = _posts(tmp_path, writer.BATCH)
    batch = BatchWriter()
    with batch.batch():
        for path in paths:
            batch.write(Snapshot.read(path), NEW, lambda refused: None)
    assert all(p.read_bytes() == NEW for p in paths)
    assert calls == {"syncfs": 1, "fsync": 1}  # and the folder's, once


def test_a_symlinked_post_is_written_through_its_link(tmp_path: Path) -> None:
    """Sites that share posts link them: the link stays a link, the post it names is fixed."""
    (tmp_path / "shared").mkdir()
    (shared,) = _posts(tmp_path / "shared", 1)
    link = tmp_path / "2022-02-11-linked.md"
    link.symlink_to(shared)
    heard = Heard()
    BatchWriter().write(Snapshot.read(link), NEW, heard.of(link))
    assert heard.told == {link: None}
    assert link.is_symlink() and link.resolve() == shared.resolve()
    assert shared.read_bytes() == NEW
    assert _leftovers(tmp_path) == [] and _leftovers(shared.parent) == []
