"""Run work over many files on several cores: the parent builds the sites, forked workers
share them.

Workers receive chunk numbers, not pickled work: the chunks and the sites (with everything
a site has cached) are the parent's, shared by forking, so a site-wide index is built once,
not once per chunk. Only results travel back.

A forked worker shares the parent's memory until either of them writes to a page, and
reading an object writes to it (its reference count). So neither process touches the
parent's per-file objects while the workers run: the targets of each chunk are packed in
one string before the fork, and a worker makes its own targets from it. A cold check of
80,000 posts peaked at 309 MB when the workers read the parent's targets (or the parent
pickled them), 283 MB with packed chunks.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .discover import Target
    from .site import Site

#: Below this many files a pool costs more than it saves.
PARALLEL_THRESHOLD = 64
#: Work is cut into this many chunks per process: small enough that no core idles long
#: at the end (with 8, the last chunk of 20,000 posts kept one core alone for ~1 s; with
#: 32, a cold check of 20,000 posts took 3.19-3.26 s where 64 take 3.11-3.15, and 40,000
#: posts 6.26-6.51 s against 6.18-6.31; 128 gain nothing more).
CHUNKS_PER_JOB = 64
#: The most workers a run starts for each core, whatever ``--jobs`` asks.
MAX_WORKERS_PER_CORE = 4
Item = TypeVar("Item")
Result = TypeVar("Result")
#: Sees a chunk's results in the parent: (index of the chunk's first item, its results).
Settle = Callable[[int, list[Any]], None]
#: What each chunk of work runs inside, in the process that runs it (the fixer's batch of
#: writes: flushed as the chunk ends, before its results leave the worker).
Around = Callable[[], AbstractContextManager[Any]]
_WORK: Callable[[Any], Any] | None = None
_AROUND: Around = nullcontext
_CHUNKS: list[Any] = []
_UNPACK: Callable[[Any], Iterable[Any]] = iter
_SITES: list[Site] = []
_FIELDS = 5  # of a packed target


def _run_chunk(number: int) -> list[Any]:
    assert _WORK is not None
    with _AROUND():
        return [_WORK(item) for item in _UNPACK(_CHUNKS[number])]


def _start_worker() -> None:
    """Collect the worker's garbage (the parent may have paused collection while it gathers
    results), but keep the collector off what the worker inherited (the site model, the
    targets): it would scan them again and again while posts are linted (~5% of a run)."""
    gc.enable()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _serially(
    work: Callable[[Item], Result],
    items: list[Item],
    done: Callable[[int], None] | None,
    around: Around = nullcontext,
) -> list[Result]:
    """The work in this process, with garbage collection on while it runs."""
    was = gc.isenabled()
    gc.enable()
    try:
        results = []
        with around():
            for item in items:
                results.append(work(item))
                if done is not None:
                    done(1)
        return results
    finally:
        if not was:
            gc.disable()


def uses_pool(jobs: int, count: int) -> bool:
    """Whether ``count`` items on ``jobs`` processes go to a forked pool (else: this process)."""
    if jobs <= 1 or count < PARALLEL_THRESHOLD:
        return False
    import multiprocessing  # ~10 ms: imported when a pool may be used, not for a one-file run

    return "fork" in multiprocessing.get_all_start_methods()


def map_items(
    work: Callable[[Item], Result],
    items: list[Item],
    jobs: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """``work(item)`` for each item, in order, on up to ``jobs`` forked processes.

    ``work`` and ``items`` reach the workers by forking, never by pickling; only the
    results are pickled back. ``done(count)``, when given, hears how many more items
    are finished (a progress bar).
    """
    if not uses_pool(jobs, len(items)):
        return _serially(work, items, done)
    size = _chunk_size(len(items), jobs)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    return _map_chunks(work, chunks, iter, jobs, done)


def map_targets(
    work: Callable[[Target], Result],
    targets: list[Target],
    jobs: int,
    done: Callable[[int], None] | None = None,
    settle: Settle | None = None,
    around: Around = nullcontext,
) -> list[Result]:
    """``work(target)`` for each target, in order, on up to ``jobs`` processes.

    ``settle(first, results)``, when given, sees each chunk's results as they come back from
    a worker, in the parent (``first``: the index of the chunk's first target), and may
    change them in place: to share with the parent's objects what they hold copies of.
    Each chunk runs inside ``around()`` (see ``Around``)."""
    global _SITES
    if not uses_pool(jobs, len(targets)):
        return _serially(work, targets, done, around)
    sites = list({t.site.root: t.site for t in targets}.values())
    for site in sites:
        site.prepare(jobs)  # build shared state once, before the workers fork
    number = {id(site): str(n) for n, site in enumerate(sites)}
    size = _chunk_size(len(targets), jobs)
    packed = [_packed(targets[i : i + size], number) for i in range(0, len(targets), size)]
    _SITES = sites
    try:
        return _map_chunks(work, packed, _unpacked_targets, jobs, done, settle, around)
    finally:
        _SITES = []


def _packed(targets: list[Target], site_number: dict[int, str]) -> str:
    fields = [(t.path, t.display, site_number[id(t.site)], t.relpath, t.kind) for t in targets]
    return "\0".join([field for target in fields for field in target])


def _unpacked_targets(packed: str) -> Iterator[Target]:
    """The targets of a chunk packed by :func:`map_targets` (paths hold no NUL)."""
    from .discover import Target

    fields = packed.split("\0")
    for n in range(0, len(fields), _FIELDS):
        path, display, site, relpath, kind = fields[n : n + _FIELDS]
        yield Target(path, display, _SITES[int(site)], relpath, kind)


def _chunk_size(count: int, jobs: int) -> int:
    return max(16, count // (jobs * CHUNKS_PER_JOB))


def _map_chunks(
    work: Callable[[Any], Result],
    chunks: list[Any],
    unpack: Callable[[Any], Iterable[Any]],
    jobs: int,
    done: Callable[[int], None] | None,
    settle: Settle | None = None,
    around: Around = nullcontext,
) -> list[Result]:
    """``work`` over the items ``unpack`` makes of each chunk, the chunks on a forked pool."""
    global _WORK, _CHUNKS, _UNPACK, _AROUND
    import multiprocessing

    _WORK, _CHUNKS, _UNPACK, _AROUND = work, chunks, unpack, around
    # No more workers than chunks, nor than a few per core: `--jobs 99999` started 99,999.
    workers = max(1, min(jobs, len(chunks), MAX_WORKERS_PER_CORE * (os.cpu_count() or 1)))
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        results = []
        first = 0
        for result in pool.imap(_run_chunk, range(len(chunks)), chunksize=1):
            if settle is not None:
                settle(first, result)
            first += len(result)
            results.append(result)
            if done is not None:
                done(len(result))
        # Let the workers finish on their own: `terminate()` (what leaving a `with` block
        # does) SIGTERMs them, which can kill one holding the task queue's lock, and
        # `fix` workers defer SIGTERM while they write, so the pool would never end.
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _WORK, _CHUNKS, _UNPACK, _AROUND = None, [], iter, nullcontext
    return [result for chunk in results for result in chunk]
