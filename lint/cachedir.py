"""The cache folder itself: created on first write, with a ``.gitignore`` that keeps it out
of the content repository, and written to one whole file at a time.

The result cache, the post index, the kept listings, the report replays, the quick
records and the rule catalogue all live in it and write through :func:`write`, which seals
each file with a checksum; :func:`read` gives a file's bytes only when the seal holds. A
file damaged on disk or in a restored CI cache (cut short, or bytes changed where marshal
still loads them) is then no file at all, not garbled messages or wrong facts.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # not typing's: the stat helpers read the kept list through this module
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path
    from typing import BinaryIO


def make(folder: str, inside: str = "") -> str:
    """Create ``folder`` (the cache folder) and ``folder/inside``; return the latter.

    Raises OSError like :func:`os.makedirs`.
    """
    target = os.path.join(folder, inside) if inside else folder
    os.makedirs(target, exist_ok=True)
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as handle:
            handle.write("*\n")
    return target


#: The last bytes of a sealed file, after the CRC-32 of what comes before them.
SEAL_MARK = b"\nfinews-lint sealed\n"
_TRAILER = 4 + len(SEAL_MARK)


def seal(data: bytes) -> bytes:
    """``data`` followed by its CRC-32 and ``SEAL_MARK`` (see :func:`unseal`)."""
    from zlib import crc32

    return data + _trailer(crc32(data))


def _trailer(crc: int) -> bytes:
    """The seal of data whose CRC-32 is ``crc``."""
    return crc.to_bytes(4, "little") + SEAL_MARK


def unseal(stored: bytes) -> memoryview | None:
    """The data :func:`seal` sealed in ``stored`` (a view of it: no copy of a report of
    megabytes); None when the seal is missing or does not match (the file was cut short or
    changed). A CRC-32 of 16 MB takes ~2 ms here."""
    from zlib import crc32

    if len(stored) < _TRAILER or not stored.endswith(SEAL_MARK):
        return None
    data = memoryview(stored)[:-_TRAILER]
    if crc32(data).to_bytes(4, "little") != stored[-_TRAILER : -len(SEAL_MARK)]:
        return None
    return data


def _open_regular(path: str | os.PathLike[str]) -> tuple[BinaryIO, int]:
    """``path`` opened for reading, with its size; OSError unless it is a regular file (a
    FIFO put in the cache folder hung the run; a link to /dev/zero read until memory ran
    out). Opened without blocking, so that a FIFO is seen before anything waits on it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path}: not a regular file")
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read(path: str | os.PathLike[str]) -> memoryview | None:
    """The data of a file :func:`write` wrote (bytes-like, as :mod:`marshal` reads it); None
    when it is missing, unreadable, not a regular file or damaged."""
    try:
        handle, size = _open_regular(path)
        with handle:
            return unseal(handle.read(size))
    except OSError:
        return None


def read_in_pieces(
    path: str | os.PathLike[str], head: bytes, piece: int = 1 << 20
) -> tuple[int, Iterator[bytes]] | None:
    """The data of a sealed file after its first bytes ``head``, as (its size, its pieces):
    a report of megabytes copied into another file without being held whole in memory.
    None when the file is missing or too short. The pieces raise OSError once they find the
    file is not as :func:`read` would take it (``head`` differs, the seal does not hold, the
    file was cut short): a writer fed with them then abandons its file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    size = info.st_size - _TRAILER - len(head)
    if size < 0:
        return None
    return size, _sealed_pieces(path, head, size, piece)


def _sealed_pieces(
    path: str | os.PathLike[str], head: bytes, size: int, piece: int
) -> Iterator[bytes]:
    from zlib import crc32

    handle, _ = _open_regular(path)
    with handle:
        if handle.read(len(head)) != head:
            raise OSError(f"{path}: not the file expected")
        crc = crc32(head)
        left = size
        while left:
            data = handle.read(min(piece, left))
            if not data:
                raise OSError(f"{path}: cut short")
            crc = crc32(data, crc)
            left -= len(data)
            yield data
        if handle.read(_TRAILER + 1) != _trailer(crc):
            raise OSError(f"{path}: its seal does not hold")


def write(
    folder: str | Path,
    name: str,
    data: bytes | Iterable[bytes | memoryview],
    *,
    sealed: bool = True,
) -> None:
    """Write ``folder/name`` whole or not at all: a temporary file beside it, then a rename
    (a run reading it meanwhile sees the old file or the new one). ``name`` may hold a
    sub-folder; the cache folder and that sub-folder are created first. ``data`` may come in
    parts, written one after the other (a header and a report of megabytes, not joined in
    a copy; an iterator of parts is read as they are written). The data is :func:`seal`-ed
    unless ``sealed`` is False (a file that checks its own parts). Raises OSError."""
    parts: Iterable[bytes | memoryview] = [data] if isinstance(data, bytes) else data
    writer = Writer(folder, name, sealed=sealed)
    try:
        for part in parts:
            writer.write(part)
            del part  # before the next part is made: two large parts are never held at once
    except BaseException:
        writer.abandon()
        raise
    writer.commit()


class Writer:
    """A file of the cache folder written piece by piece as :func:`write` writes it: a
    report is written as it is rendered, not first kept whole in memory. Raises OSError
    like :func:`write`; :meth:`commit` puts the file in place, :meth:`abandon` drops it."""

    def __init__(self, folder: str | Path, name: str, *, sealed: bool = True) -> None:
        inside, base = os.path.split(name)
        self._target = os.path.join(make(str(folder), inside), base)
        self._temporary = f"{self._target}.{os.getpid()}.tmp"
        self._sealed = sealed
        self._crc = 0
        self._out = open(self._temporary, "wb")  # noqa: SIM115 (closed by commit or abandon)

    def write(self, data: bytes | memoryview) -> None:
        from zlib import crc32

        self._out.write(data)
        if self._sealed:
            self._crc = crc32(data, self._crc)

    def commit(self) -> None:
        try:
            if self._sealed:
                self._out.write(_trailer(self._crc))
            self._out.close()
            os.replace(self._temporary, self._target)
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        self._out.close()
        try:  # noqa: SIM105 (contextlib is not needed for one call)
            os.unlink(self._temporary)
        except OSError:
            pass


def keep_newest(folder: str | Path, count: int, pattern: str = "*") -> None:
    """Remove all but the ``count`` most recently modified entries of ``folder`` that match
    ``pattern`` (files, or folders with what is in them). Raises OSError."""
    from pathlib import Path

    entries = sorted(Path(folder).glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[count:]:
        if stale.is_dir():
            import shutil

            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
