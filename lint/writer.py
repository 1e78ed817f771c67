"""Write a fixed file safely: only if unchanged since it was read, atomically, keeping its mode.

A fixer that runs over tens of thousands of posts must never leave a half-written
file (a crash or a full disk mid-write), never change a file's permissions, and
never overwrite an edit someone made while the run was going on.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
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


def write_atomically(snapshot: Snapshot, data: bytes) -> None:
    """Replace the file of ``snapshot`` with ``data``; raise WriteRefused if that is not safe."""
    path = snapshot.path
    real = path.resolve()  # write through a symlink to the file it names, keep the link
    try:
        info = real.stat()
    except OSError as exc:
        raise WriteRefused(f"cannot stat the file: {exc.strerror or exc}") from None
    mode = stat.S_IMODE(info.st_mode)
    # No write bit at all means "do not touch", even for root (who os.access lets write).
    if not mode & 0o222 or not os.access(real, os.W_OK):
        raise WriteRefused("the file is read-only")
    if not snapshot.unchanged_on_disk():
        raise WriteRefused("the file changed on disk since it was read")
    with _signals_held():  # a SIGINT/SIGTERM waits until the swap is done or undone
        _swap(snapshot, real, (mode, info.st_uid, info.st_gid), data)
    _sync_folder(real.parent)


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


def _swap(snapshot: Snapshot, real: Path, kept: tuple[int, int, int], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``real`` and rename it over ``real``, with
    ``kept``: the file's mode, owner and group (the owner where the run may give it: as
    root, say in CI or a container, a fixed file stays the developer's)."""
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
            os.fsync(out.fileno())
        if (owner, group) != (os.geteuid(), os.getegid()) and hasattr(os, "chown"):
            with contextlib.suppress(PermissionError):
                os.chown(temporary, owner, group)
        os.chmod(temporary, mode)
        if not snapshot.unchanged_on_disk():  # last look before the swap
            raise WriteRefused("the file changed on disk since it was read")
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteRefused(f"cannot write the file: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


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
