"""Stat many files fast: the stamps that tell whether any post of a site changed.

Only ``os``, ``marshal``, ``array`` and ``stat``: the quick replay of an unchanged run uses
it before anything else is imported.

A one-file run must still know whether any post of the site changed (its URLs and titles
are what links and duplicates are checked against): a stat per post, ~90 ms for 20,000
posts here. Which files those are does not depend on anything the linter computes, so a
plain run starts two helpers that stat the posts the last run stat-ed, half each
(:func:`prefetch`, the list kept in the cache folder by :func:`remember_list`) while the
main process imports the linter; :func:`stamps` takes their answers for the paths they
have. A stamp taken earlier in the run is as safe as one taken later: a file changed
after it has another stamp on the next run.
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Callable, Mapping, Sequence
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


StampLists = tuple[list[int], list[int], list[int], list[int]]  # sizes, mtimes, inodes, ctimes
#: The same columns as lists or as arrays of machine integers (the prefetching helpers' way).
Columns = tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]


def _stamps(prefix: str, relpaths: list[str]) -> StampLists:
    return _stamp_columns([prefix + relpath for relpath in relpaths] if prefix else relpaths, list)


def _stamp_columns(paths: list[str] | list[bytes], column: Callable[[], Any]) -> tuple[Any, ...]:
    """Size, mtime_ns, inode and ctime_ns of each path, in four ``column()`` (lists, or arrays
    of machine integers: these raise OverflowError for a value beyond 63 bits)."""
    sizes, times, inodes, changes = column(), column(), column(), column()
    stat = os.stat
    for path in paths:
        try:
            info = stat(path)
            if not S_ISREG(info.st_mode):
                raise IsADirectoryError(path)  # not a file: as good as missing
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


def _fork_sending(work: Callable[..., Any], *arguments: Any) -> tuple[int, int] | None:
    """Fork a helper that runs ``work(*arguments)`` and sends its result, marshalled, through
    a pipe; (the pipe's read end, the helper's pid), or None when it cannot be forked.

    What ``work`` reads reaches the helper by forking, never by pickling. The helper never
    holds the caller's terminal or pipes, and ends with its answer, without cleanup.
    """
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        try:
            os.close(read_end)
            nowhere = os.open(os.devnull, os.O_RDWR)
            for standard in (0, 1, 2):
                os.dup2(nowhere, standard)
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(work(*arguments)))
        finally:
            os._exit(0)
    os.close(write_end)
    return read_end, pid


def _answer(helper: tuple[int, int]) -> bytes:
    """What a helper of :func:`_fork_sending` sent (empty if it failed); the helper reaped."""
    read_end, pid = helper
    with os.fdopen(read_end, "rb") as pipe:
        sent = pipe.read()
    os.waitpid(pid, 0)
    return sent


def in_two(work: Callable[[int, int], Any], start: int, end: int) -> tuple[Any, Any] | None:
    """``work(start, middle)`` here while a forked helper runs ``work(middle, end)`` and sends
    its result back; None when there is no second core or no helper answered."""
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return None
    middle = start + (end - start) // 2
    helper = _fork_sending(work, middle, end)
    if helper is None:
        return None
    mine = work(start, middle)
    try:
        return mine, marshal.loads(_answer(helper))
    except _LOAD_ERRORS:
        return None


def stamps(prefix: str, relpaths: list[str], paths_digest: bytes | None = None) -> Columns:
    """Size, mtime_ns, inode and ctime_ns of ``prefix + relpath`` for each path; -1 when missing
    or not a regular file (taken from the prefetching helper when it has them).
    ``paths_digest``: see :func:`list_key`."""
    if len(relpaths) >= SPLIT_FROM and (_helper is not None or _prefetched is not None):
        known = _prefetched_stamps(prefix, relpaths, paths_digest)
        if known is not None:
            return known
    return _stamps_on_two(prefix, relpaths)


def _stamps_on_two(prefix: str, relpaths: list[str]) -> StampLists:
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
) -> StampLists:
    """Stamps of ``paths`` as :func:`stamps` gives them, taking those already ``known`` (None:
    gone) and stat-ing the others (on two cores when there are many)."""
    unknown = [path for path in paths if path not in known]
    fresh = dict(zip(unknown, zip(*stamps("", unknown), strict=True), strict=True))
    rows = [(known[path] or GONE) if path in known else fresh[path] for path in paths]
    if not rows:
        return [], [], [], []
    sizes, times, inodes, changes = (list(column) for column in zip(*rows, strict=True))
    return sizes, times, inodes, changes


# -- the stat of the last run's posts, started before the linter is imported ---------------

#: The default cache folder (in the working folder): a plain run looks for the list there.
DEFAULT_CACHE_FOLDER = ".finews-lint-cache"
#: The last run's list of posts (full paths, NUL-separated) in the cache folder; the list
#: of one site's posts starts with its key (see :func:`list_key` and :func:`_split_key`).
LIST_NAME = "stat-list"
#: The helpers stat-ing the list: (the pipe's read end, the pid) of each, the list, its key.
_helper: tuple[list[tuple[int, int]], bytes, bytes | None] | None = None
#: Their list (full paths, NUL-separated), its stamps and its key, once they answered.
_prefetched: tuple[bytes, Columns, bytes | None] | None = None
#: The prefix and paths whose stamps were the helpers' whole list, in its order.
_served: tuple[str, list[str]] | None = None
#: Two helpers, a half of the list each, both forked by the run itself: a helper that
#: forked the second and merged its answer finished ~20 ms later on 20,000 posts.
HELPERS = 2


def prefetch(cache_folder: str) -> None:
    """Start helpers that stat the files of the list kept in ``cache_folder`` when there is
    a second core to run them. The list is read here (~2 ms for 40,000 posts), so the
    helpers and the run share it by forking and the answers need no check of which list
    they are about."""
    global _helper
    list_file = os.path.join(cache_folder, LIST_NAME)
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "fork") or not os.path.isfile(list_file):
        return
    from . import cachedir

    kept = cachedir.read(list_file)
    if kept is None:
        return
    key, listed = _split_key(bytes(kept))
    if not listed:
        return

    def stat_share(part: int) -> tuple[bytes, bytes, bytes, bytes]:
        paths = listed.split(b"\0")
        count = len(paths)
        return _packed_stamps(paths[count * part // HELPERS : count * (part + 1) // HELPERS])

    started = []
    for part in range(HELPERS):
        helper = _fork_sending(stat_share, part)
        if helper is None:
            break
        started.append(helper)
    _helper = started, listed, key


def list_key(prefix: str, paths_digest: bytes) -> bytes:
    """What names a list of one site's posts: the site's folder and the digest of its posts'
    paths (see ``Site.post_paths_digest``); equal keys, equal lists."""
    from .digest import blake2b

    return blake2b(os.fsencode(prefix) + b"\0" + paths_digest, digest_size=16).digest()


def _split_key(kept: bytes) -> tuple[bytes | None, bytes]:
    """(key, list) of a kept list: a list of one site starts with NUL and its key (no path
    starts with NUL); a list of several sites has no key."""
    if kept[:1] == b"\0" and kept[17:18] == b"\0":
        return kept[1:17], kept[18:]
    return None, kept


def _packed_stamps(paths: list[bytes]) -> tuple[bytes, bytes, bytes, bytes]:
    """:func:`_stamps` of ``paths`` as the bytes of arrays of machine integers: the run takes
    them as they are (unmarshalling 4 lists of 40,000 integers took ~12 ms of its time).
    Raises OverflowError for a value beyond 63 bits (the run stats the posts itself)."""
    sizes, times, inodes, changes = _stamp_columns(paths, lambda: array("q"))
    return sizes.tobytes(), times.tobytes(), inodes.tobytes(), changes.tobytes()


def end_prefetch() -> None:
    """Forget the helpers' stamps (the files may change after this run) and reap them."""
    global _helper, _prefetched, _served
    helper, _helper, _prefetched, _served = _helper, None, None, None
    for read_end, pid in helper[0] if helper is not None else ():
        os.close(read_end)  # a helper still writing gets EPIPE and ends
        os.waitpid(pid, 0)


def _take_prefetched() -> tuple[bytes, Columns, bytes | None] | None:
    """The helpers' list (its paths NUL-separated) and stamps, once they have sent them;
    None if one failed."""
    global _helper, _prefetched
    if _helper is not None:
        started, listed, key = _helper
        _helper = None
        answers = [_answer(helper) for helper in started]
        try:
            parts = [marshal.loads(answer) for answer in answers]
            if len(started) != HELPERS or any(len(part) != 4 for part in parts):
                raise ValueError("a helper failed")
            columns = tuple(array("q", b"".join(part[n] for part in parts)) for n in range(4))
            if len({len(column) for column in columns}) == 1:  # the list's length: see its use
                _prefetched = listed, columns, key  # type: ignore[assignment]
        except (*_LOAD_ERRORS, AttributeError):
            pass
    return _prefetched


def joined(prefix: str, relpaths: list[str]) -> str:
    """``prefix + relpath`` for each path, NUL-separated: one string to compare, not a list
    of 40,000 (a comparison of two strings is one memcmp)."""
    return prefix + ("\0" + prefix).join(relpaths) if relpaths else ""


def _prefetched_stamps(
    prefix: str, relpaths: list[str], paths_digest: bytes | None = None
) -> Columns | None:
    """The stamps of ``prefix + relpath`` from the helpers, the paths they did not stat
    stat-ed here; None when they have too few of them (or failed). ``paths_digest`` names
    the paths (see :func:`list_key`), when the caller has it: a list kept with the same key
    is these paths, without comparing 80,000 of them (~20 ms)."""
    mine = list_key(prefix, paths_digest) if paths_digest is not None else None
    taken = _take_prefetched()
    if taken is None:
        return None
    global _served
    listed, columns, key = taken
    if mine is not None and key == mine and len(columns[0]) == len(relpaths):
        _served = prefix, relpaths
        return tuple(array("q", column) for column in columns)  # type: ignore[return-value]
    paths, fulls = os.fsdecode(listed).split("\0"), joined(prefix, relpaths).split("\0")
    if len(paths) != len(columns[0]):
        return None
    known = dict(zip(paths, zip(*columns, strict=True), strict=True))
    if sum(1 for full in fulls if full in known) * 2 < len(fulls):
        return None
    return columns_with(fulls, known)


def served_whole(prefix: str, relpaths: list[str]) -> bool:
    """Whether the helpers' list was exactly ``prefix + relpath`` of each of ``relpaths`` (this
    very list, unchanged since): keeping the list again would write what is kept."""
    return _served is not None and _served[0] == prefix and _served[1] is relpaths


def remember_list(cache_folder: str, listed: str, key: bytes | None = None) -> None:
    """Keep ``listed`` (the posts a run stat-ed, NUL-separated, as :func:`joined` gives them)
    for the next run's :func:`prefetch`, when there are enough to be worth a helper; with
    its ``key`` (:func:`list_key`) when they are the posts of one site."""
    if not listed or listed.count("\0") + 1 < SPLIT_FROM:
        return
    encoded = os.fsencode(listed)
    if (_prefetched is not None and _prefetched[0] == encoded and _prefetched[2] == key) or (
        not os.path.isdir(cache_folder)
    ):
        return  # the list the helper stat-ed is already kept
    from . import cachedir

    try:
        kept = b"\0" + key + b"\0" + encoded if key else encoded
        cachedir.write(cache_folder, LIST_NAME, kept)
    except OSError:
        return
