"""Stat many files fast: the stamps that tell whether any post of a site changed.

Only ``os``, ``marshal`` and ``stat``: the quick replay of an unchanged run uses it before
anything else is imported.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Mapping
from stat import S_ISREG

TYPE_CHECKING = False  # not typing's: the quick replay imports this module and not typing
if TYPE_CHECKING:
    from typing import Any

_LOAD_ERRORS = (OSError, ValueError, EOFError, TypeError)

#: A stamp whose mtime or ctime is younger than this is not trusted: the file could change
#: again within the same clock tick and keep its stamp. The result cache, the kept
#: listings and the quick replay all judge by it.
RACY_NS = 2_000_000_000
#: The stamp of a missing file (or of something that is not a regular file).
GONE = (-1, -1, -1, -1)

#: From this many posts on, a forked helper stats half of them: a stat costs 4-6 us on
#: a virtual machine, 110 ms for 20,000 posts, and the other core is usually idle.
SPLIT_FROM = 4000


Columns = tuple[list[int], list[int], list[int], list[int]]  # sizes, mtimes, inodes, ctimes


def _stamps(prefix: str, relpaths: list[str]) -> Columns:
    sizes: list[int] = []
    times: list[int] = []
    inodes: list[int] = []
    changes: list[int] = []
    stat = os.stat
    for relpath in relpaths:
        try:
            info = stat(prefix + relpath)
            if not S_ISREG(info.st_mode):
                raise IsADirectoryError(relpath)  # not a file: as good as missing
        except OSError:
            sizes.append(-1)
            times.append(-1)
            inodes.append(-1)
            changes.append(-1)
            continue
        sizes.append(info.st_size)
        times.append(info.st_mtime_ns)
        inodes.append(info.st_ino)
        changes.append(info.st_ctime_ns)
    return sizes, times, inodes, changes


def in_two(work: Callable[[int, int], Any], start: int, end: int) -> tuple[Any, Any] | None:
    """``work(start, middle)`` here while a forked helper runs ``work(middle, end)`` and sends
    its result back (marshalled); None when there is no second core or no helper answered.

    What ``work`` reads reaches the helper by forking, never by pickling.
    """
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return None
    middle = start + (end - start) // 2
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the helper: whatever happens, it ends here, without cleanup
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(work(middle, end)))
        finally:
            os._exit(0)
    os.close(write_end)
    mine = work(start, middle)
    with os.fdopen(read_end, "rb") as pipe:
        sent = pipe.read()
    os.waitpid(pid, 0)
    try:
        return mine, marshal.loads(sent)
    except _LOAD_ERRORS:
        return None


def stamps(prefix: str, relpaths: list[str]) -> Columns:
    """Size, mtime_ns, inode and ctime_ns of ``prefix + relpath`` for each path; -1 when missing
    or not a regular file."""
    count = len(relpaths)
    halves = (
        in_two(lambda lo, hi: _stamps(prefix, relpaths[lo:hi]), 0, count)
        if count >= SPLIT_FROM
        else None
    )
    if halves is None:
        return _stamps(prefix, relpaths)
    mine, more = halves
    if len(more) != 4 or any(len(column) != count - count // 2 for column in more):
        more = _stamps(prefix, relpaths[count // 2 :])  # the helper failed: do it here
    return mine[0] + more[0], mine[1] + more[1], mine[2] + more[2], mine[3] + more[3]


def columns_with(
    paths: list[str], known: Mapping[str, tuple[int, int, int, int] | None]
) -> Columns:
    """Stamps of ``paths`` as :func:`stamps` gives them, taking those already ``known`` (None:
    gone) and stat-ing the others (on two cores when there are many)."""
    unknown = [path for path in paths if path not in known]
    fresh = dict(zip(unknown, zip(*stamps("", unknown), strict=True), strict=True))
    rows = [(known[path] or GONE) if path in known else fresh[path] for path in paths]
    if not rows:
        return [], [], [], []
    sizes, times, inodes, changes = (list(column) for column in zip(*rows, strict=True))
    return sizes, times, inodes, changes
