"""Read a file to lint, refusing what is not a regular file of sane size.

A FIFO named `x.md` would block a plain open forever and a 2 GB file would exhaust
memory; both become a clear reason instead (reported as IO001 by the engine).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 64 * 1024 * 1024


class Unreadable(Exception):
    """Why a file cannot be linted, in words for the user."""


def _describe(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that loops back on itself"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"is a symbolic link to a missing file ({os.readlink(path)})"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied"
    return f"cannot be read: {exc.strerror or exc}"


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once (and is refused below), never blocks
    | getattr(os, "O_NOCTTY", 0)
)


def read_content(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; raise :class:`Unreadable` with the reason otherwise.

    Opened first and asked what it is through the open descriptor: one path lookup, not two
    (a post is read twice in a cold run; a lookup costs a few microseconds).
    """
    path = os.fspath(path)
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except IsADirectoryError:
        raise Unreadable("is a folder, not a file") from None
    except OSError as exc:
        raise Unreadable(_describe(path, exc)) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("is not a regular file (a pipe, socket or device); it was not read")
        if info.st_size > limit:
            size = f"{info.st_size / 2**20:.0f} MiB"
            raise Unreadable(f"is {size}, over the {limit // 2**20} MiB limit for a post")
        # Ask for the size fstat gave plus one byte (asking for `limit` would allocate a
        # 64 MiB buffer for every post); a file that grew is read on to end of file or the limit.
        data = os.read(handle, info.st_size + 1)
        while info.st_size < len(data) <= limit:  # it grew since fstat: read on
            more = os.read(handle, min(limit + 1 - len(data), 1 << 20))
            if not more:
                break
            data += more
    except OSError as exc:
        raise Unreadable(_describe(path, exc)) from None
    finally:
        os.close(handle)
    if len(data) > limit:
        raise Unreadable(f"grew over the {limit // 2**20} MiB limit for a post while being read")
    return data
