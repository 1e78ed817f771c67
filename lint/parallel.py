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

What a worker sends back can be packed too (:func:`map_targets_packed`): each result split
in what the parent reads as the chunk comes back and what it only needs at the end, the
latter pickled and compressed per chunk in the worker (see :class:`Packed`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .record import record

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
#: The fewest results a run in one process packs together (see :func:`map_targets_packed`):
#: many posts' findings compress better together, and each chunk is one ``around()``, so
#: the fixer's batches of writes (128 files) fill.
SERIAL_CHUNK = 512
#: The most workers a run starts for each core, whatever ``--jobs`` asks.
MAX_WORKERS_PER_CORE = 4
#: zlib's level for packed results: level 1 takes a chunk of findings to a twelfth of its
#: pickle (473 to 38 bytes a post) for ~1 us a post.
PACK_LEVEL = 1
Item = TypeVar("Item")
Result = TypeVar("Result")
Light = TypeVar("Light")
Heavy = TypeVar("Heavy")
#: Sees a chunk's results in the parent: (index of the chunk's first item, its results).
Settle = Callable[[int, list[Any]], None]
#: What each chunk of work runs inside, in the process that runs it (the fixer's batch of
#: writes: flushed as the chunk ends, before its results leave the worker).
Around = Callable[[], AbstractContextManager[Any]]
_WORK: Callable[[Any], Any] | None = None
_AROUND: Around = nullcontext
_CHUNKS: list[Any] = []
_UNPACK: Callable[[Any], Iterable[Any]] = iter
_PACKING = False
_SITES: list[Site] = []
_FIELDS = 5  # of a packed target


@record(slots=True)
class Packed(Generic[Light, Heavy]):
    """A chunk of results as the parent keeps them: the ``light`` part of each, read as the
    chunk comes back, and the heavy parts of all, pickled and compressed together until
    :meth:`heavy` is asked for (at the end of the run).

    A cold check of 100,000 posts held every post's findings as objects while the workers
    ran (~950 bytes a post; 38 packed), the largest part of its peak memory."""

    light: list[Light]
    packed: bytes | list[Heavy]  # a list: kept as they are (a run of a few files)

    @classmethod
    def of(cls, results: Iterable[tuple[Light, Heavy]], squeeze: bool = True) -> Packed[Any, Any]:
        light: list[Light] = []
        heavy: list[Heavy] = []
        for first, second in results:
            light.append(first)
            heavy.append(second)
        if not squeeze:
            return cls(light, heavy)
        import pickle  # here: a run of a few files packs nothing (~1.5 ms)
        import zlib

        return cls(light, zlib.compress(pickle.dumps(heavy, pickle.HIGHEST_PROTOCOL), PACK_LEVEL))

    def __len__(self) -> int:
        return len(self.light)

    def heavy(self) -> list[Heavy]:
        """The heavy part of each result, in order (unpacked anew on each call)."""
        if not isinstance(self.packed, bytes):
            return self.packed
        import pickle
        import zlib

        heavy: list[Heavy] = pickle.loads(zlib.decompress(self.packed))
        return heavy


def unpacked(chunks: list[Packed[Light, Heavy]]) -> Iterator[tuple[Light, Heavy]]:
    """The (light, heavy) parts of each result, in order. Each chunk is taken out of
    ``chunks`` as it is unpacked, so that it can go once its results are read: ``chunks``
    is empty at the end."""
    chunks.reverse()
    while chunks:
        chunk = chunks.pop()
        yield from zip(chunk.light, chunk.heavy(), strict=True)


def _run_chunk(number: int) -> list[Any] | Packed[Any, Any]:
    assert _WORK is not None
    with _AROUND():
        results = [_WORK(item) for item in _UNPACK(_CHUNKS[number])]
    return Packed.of(results) if _PACKING else results


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
    return [result for chunk in _map_chunks(work, chunks, iter, jobs, done) for result in chunk]


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
    if not uses_pool(jobs, len(targets)):
        return _serially(work, targets, done, around)
    chunks = _targets_on_pool(work, targets, jobs, done, settle, around, packing=False)
    return [result for chunk in chunks for result in chunk]


def map_targets_packed(
    work: Callable[[Target], tuple[Light, Heavy]],
    targets: list[Target],
    jobs: int,
    done: Callable[[int], None] | None = None,
    settle: Settle | None = None,
    around: Around = nullcontext,
) -> list[Packed[Light, Heavy]]:
    """:func:`map_targets` for work whose results are (light, heavy) pairs: the results of
    each chunk, in order, packed where they were made (see :class:`Packed`); ``settle``
    sees the light parts."""
    if uses_pool(jobs, len(targets)):
        chunks = _targets_on_pool(work, targets, jobs, done, settle, around, packing=True)
        return chunks  # type: ignore[return-value]  # packed by _run_chunk
    size = max(SERIAL_CHUNK, len(targets) // CHUNKS_PER_JOB)
    squeeze = len(targets) >= PARALLEL_THRESHOLD
    return [  # each chunk packed once it is done, as a worker's is (after its `around`)
        Packed.of(_serially(work, targets[i : i + size], done, around), squeeze)
        for i in range(0, len(targets), size)
    ]


def _targets_on_pool(
    work: Callable[[Target], Any],
    targets: list[Target],
    jobs: int,
    done: Callable[[int], None] | None,
    settle: Settle | None,
    around: Around,
    *,
    packing: bool,
) -> list[Any]:
    """Each chunk's results, from a forked pool (see :func:`map_targets`)."""
    global _SITES
    sites = list({t.site.root: t.site for t in targets}.values())
    for site in sites:
        site.prepare(jobs)  # build shared state once, before the workers fork
    number = {id(site): str(n) for n, site in enumerate(sites)}
    size = _chunk_size(len(targets), jobs)
    packed = [_packed(targets[i : i + size], number) for i in range(0, len(targets), size)]
    _SITES = sites
    try:
        return _map_chunks(work, packed, _unpacked_targets, jobs, done, settle, around, packing)
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
    packing: bool = False,
) -> list[Any]:
    """``work`` over the items ``unpack`` makes of each chunk, the chunks on a forked pool:
    each chunk's results (a list, or :class:`Packed` when ``packing``)."""
    global _WORK, _CHUNKS, _UNPACK, _AROUND, _PACKING
    import multiprocessing

    _WORK, _CHUNKS, _UNPACK, _AROUND, _PACKING = work, chunks, unpack, around, packing
    # No more workers than chunks, nor than a few per core: `--jobs 99999` started 99,999.
    workers = max(1, min(jobs, len(chunks), MAX_WORKERS_PER_CORE * (os.cpu_count() or 1)))
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        results = []
        first = 0
        for result in pool.imap(_run_chunk, range(len(chunks)), chunksize=1):
            if settle is not None:
                settle(first, result.light if isinstance(result, Packed) else result)
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
        _WORK, _CHUNKS, _UNPACK, _AROUND, _PACKING = None, [], iter, nullcontext, False
    return results
