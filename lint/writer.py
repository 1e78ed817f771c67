"""Write a fixed file safely: only if unchanged since it was read, atomically, keeping its mode.

A fixer that runs over tens of thousands of posts must never leave a half-written
file (a crash or a full disk mid-write), never change a file's permissions, and
never overwrite an edit someone made while the run was going on.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from .record import record


class WriteRefused(Exception):
    """The file was not written; the message says why, for the user."""


class Interrupted(SystemExit):
    """SIGINT or SIGTERM during a fix: unwinds (a temporary file is removed), exits 128+signal.

    A SystemExit, so that a forked worker that gets it ends quietly, without a traceback.
    """

    def __init__(self, signum: int) -> None:
        self.exit_code = 128 + signum
        super().__init__(self.exit_code)
        self.name = signal.Signals(signum).name


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` here and in workers forked inside."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, _raise_interrupted) for sig in stops}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@record(frozen=True, slots=True)
class Snapshot:
    """A file's bytes and stat as they were when the fixer read it."""

    path: Path
    raw: bytes
    mtime_ns: int
    size: int

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        """Read ``path``; raise OSError for what is not a regular file of sane size."""
        from .reader import MAX_FILE_BYTES

        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            raise OSError(
                f"{path}: not a regular file of at most {MAX_FILE_BYTES} bytes"
            )  # never open a FIFO
        with path.open("rb") as handle:
            before = os.fstat(handle.fileno())
            raw = handle.read(MAX_FILE_BYTES + 1)
        return cls(path, raw, before.st_mtime_ns, before.st_size)

    def unchanged_on_disk(self) -> bool:
        try:
            now = self.path.stat()
            if (now.st_mtime_ns, now.st_size) != (self.mtime_ns, self.size):
                return False
            return self.path.read_bytes() == self.raw
        except OSError:
            return False


#: Files written between two syncs. On Linux one ``syncfs`` makes a batch durable: ~0.15 ms
#: a file here, where an fsync of each cost 0.3-0.45 ms, a third of a `fix` that rewrote
#: 19,000 posts.
BATCH = 128
#: What a :class:`BatchWriter` tells of each file it was given: None once it is written,
#: or why it was not.
Done = Callable[[WriteRefused | None], None]


@record(slots=True)
class _Pending:
    """A file whose new bytes are in ``temporary`` beside it, not renamed over it yet."""

    snapshot: Snapshot
    real: Path
    temporary: str
    done: Done


class BatchWriter:
    """Writes fixed files a batch at a time, each one atomically and only if unchanged.

    :meth:`write` checks the file and writes its new bytes to a temporary file beside it.
    Inside :meth:`batch`, every ``size`` files and as it ends (outside it, at once),
    :meth:`flush` makes the batch's bytes durable at once (one ``syncfs`` per file system
    on Linux; elsewhere each temporary file was fsync-ed as it was written), then renames
    each temporary file over its file if the file is still as it was read, and syncs each
    folder once. A crash or a signal at any point leaves every file wholly old or wholly
    new; the temporary files of a batch that is abandoned (an error or a signal while the
    run goes on) are removed.
    """

    def __init__(self, size: int = BATCH) -> None:
        self.size = size
        self._pending: list[_Pending] = []
        self._batching = False  # outside :meth:`batch`, each file is written at once

    def write(self, snapshot: Snapshot, data: bytes, done: Done) -> None:
        """Write ``data`` over the file of ``snapshot`` with this batch; ``done`` hears how
        it went (at once when the file cannot be written, else when the batch is flushed)."""
        try:
            real, kept = _writable(snapshot)
            with _signals_held():  # pending before a signal comes: no temporary file outlives it
                temporary = _temporary_with(real, kept, data, fsync=_syncfs() is None)
                self._pending.append(_Pending(snapshot, real, temporary, done))
        except WriteRefused as refused:
            done(refused)
            return
        if not self._batching or len(self._pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        """Make the pending files durable, then put each in place."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        folders: set[Path] = set()
        with _signals_held():  # a SIGINT/SIGTERM waits until the batch is in place
            try:
                _make_durable(pending)
            except OSError as exc:
                _remove([p.temporary for p in pending])
                unsynced = WriteRefused(f"cannot write the file: {exc.strerror or exc}")
                for waiting in pending:
                    waiting.done(unsynced)
                return
            for waiting in pending:
                refused = _swap(waiting)
                if refused is None:
                    folders.add(waiting.real.parent)
                waiting.done(refused)
        for folder in folders:
            _sync_folder(folder)

    def abandon(self) -> None:
        """Remove the temporary files not put in place yet: their files stay as they were."""
        pending, self._pending = self._pending, []
        _remove([p.temporary for p in pending])

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Write files in batches inside: flush what is left on the way out, abandon it on an
        exception."""
        self._batching = True
        try:
            yield
        except BaseException:
            self.abandon()
            raise
        finally:
            self._batching = False
        self.flush()


def _writable(snapshot: Snapshot) -> tuple[Path, tuple[int, int, int]]:
    """The real path of the snapshot's file (through a symlink: the link is kept) and its
    mode, owner and group; WriteRefused when the file must not be written. Whether it is
    unchanged is looked at just before its rename (see :func:`_swap`)."""
    real = snapshot.path
    try:
        info = os.lstat(real)
        if stat.S_ISLNK(info.st_mode):  # resolved only then: ~6 lstat calls a file
            real = real.resolve()
            info = real.stat()
    except OSError as exc:
        raise WriteRefused(f"cannot stat the file: {exc.strerror or exc}") from None
    mode = stat.S_IMODE(info.st_mode)
    # No write bit at all means "do not touch", even for root (who os.access lets write).
    if not mode & 0o222 or not os.access(real, os.W_OK):
        raise WriteRefused("the file is read-only")
    return real, (mode, info.st_uid, info.st_gid)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (delivered on exit): no temporary file outlives a signal."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _temporary_with(real: Path, kept: tuple[int, int, int], data: bytes, *, fsync: bool) -> str:
    """A temporary file beside ``real`` holding ``data``, with ``kept``: the file's mode, owner
    and group (the owner where the run may give it: as root, say in CI or a container, a
    fixed file stays the developer's). Raises WriteRefused, leaving no file behind."""
    mode, owner, group = kept
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{real.name}.", suffix=".finews-fix", dir=real.parent
        )
    except OSError as exc:
        raise WriteRefused(
            f"cannot create a temporary file next to it: {exc.strerror or exc}"
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if fsync:
                os.fsync(out.fileno())
        if (owner, group) != (os.geteuid(), os.getegid()) and hasattr(os, "chown"):
            with contextlib.suppress(PermissionError):
                os.chown(temporary, owner, group)
        os.chmod(temporary, mode)
    except OSError as exc:
        _remove([temporary])
        raise WriteRefused(f"cannot write the file: {exc.strerror or exc}") from None
    except BaseException:
        _remove([temporary])
        raise
    return temporary


def _swap(waiting: _Pending) -> WriteRefused | None:
    """Rename the temporary file over its file if the file is still as it was read (a last
    look); why not, else."""
    if not waiting.snapshot.unchanged_on_disk():
        _remove([waiting.temporary])
        return WriteRefused("the file changed on disk since it was read")
    try:
        os.replace(waiting.temporary, waiting.real)
    except OSError as exc:
        _remove([waiting.temporary])
        return WriteRefused(f"cannot write the file: {exc.strerror or exc}")
    return None


def _remove(paths: list[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(fd)`` (flush one file system), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int]
    call.restype = ctypes.c_int
    return call  # type: ignore[no-any-return]


def _make_durable(pending: list[_Pending]) -> None:
    """Flush the bytes of the pending temporary files to disk: one ``syncfs`` for each file
    system they are on (without it, each was fsync-ed as it was written). Raises OSError."""
    syncfs = _syncfs()
    if syncfs is None:
        return
    # A temporary file is beside its post: a batch's files are on the devices of their
    # folders, stat-ed once each (most batches have one folder), not once for each file.
    one_per_folder = {waiting.real.parent: waiting.temporary for waiting in pending}
    one_per_device: dict[int, str] = {}
    for folder, temporary in one_per_folder.items():
        one_per_device.setdefault(os.stat(folder).st_dev, temporary)
    for temporary in one_per_device.values():
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            if syncfs(descriptor) != 0:
                import ctypes

                number = ctypes.get_errno()
                raise OSError(number, os.strerror(number))
        finally:
            os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every system can fsync a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
