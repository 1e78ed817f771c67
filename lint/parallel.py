"""Run work over many files on several cores: the parent builds the sites, forked workers share them.

Workers receive index ranges, not pickled targets: the targets and their sites (with
everything a site has cached) are the parent's, shared by forking, so a site-wide
index is built once, not once per chunk. Only results travel back.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .discover import Target

#: Below this many files a pool costs more than it saves.
PARALLEL_THRESHOLD = 64
#: Work is cut into this many chunks per process: small enough that no core idles long
#: at the end (with 8, the last chunk of 20,000 posts kept one core alone for ~1 s).
CHUNKS_PER_JOB = 32
Item = TypeVar("Item")
Result = TypeVar("Result")
_WORK: Callable[[Any], Any] | None = None
_ITEMS: list[Any] = []


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    return [_WORK(item) for item in _ITEMS[bounds[0] : bounds[1]]]


def _start_worker() -> None:
    """Collect the worker's garbage (the parent may have paused collection while it gathers
    results), but keep the collector off what the worker inherited (the site model, the
    targets): it would scan them again and again while posts are linted (~5% of a run)."""
    gc.enable()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _serially(work: Callable[[Item], Result], items: list[Item], done: Callable[[int], None] | None) -> list[Result]:
    """The work in this process, with garbage collection on while it runs."""
    was = gc.isenabled()
    gc.enable()
    try:
        results = []
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
    global _WORK, _ITEMS
    if not uses_pool(jobs, len(items)):
        return _serially(work, items, done)
    import multiprocessing

    _WORK, _ITEMS = work, items
    size = max(16, len(items) // (jobs * CHUNKS_PER_JOB))
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker)
    try:
        results = []
        for result in pool.imap(_run_chunk, chunks, chunksize=1):
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
        _WORK, _ITEMS = None, []
    return [result for chunk in results for result in chunk]


def map_targets(
    work: Callable[[Target], Result],
    targets: list[Target],
    jobs: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """``work(target)`` for each target, in order, on up to ``jobs`` processes."""
    if uses_pool(jobs, len(targets)):
        for site in {t.site.root: t.site for t in targets}.values():
            site.prepare(jobs)  # build shared state once, before the workers fork
    return map_items(work, targets, jobs, done)
