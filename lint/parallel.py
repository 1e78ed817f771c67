"""Run work over many files on several cores: the parent builds the sites, forked workers share them.

Workers receive index ranges, not pickled targets: the targets and their sites (with
everything a site has cached) are the parent's, shared by forking, so a site-wide
index is built once, not once per chunk. Only results travel back.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .discover import Target

#: Below this many files a pool costs more than it saves.
PARALLEL_THRESHOLD = 64
Result = TypeVar("Result")
_WORK: Callable[[Any], Any] | None = None
_TARGETS: list[Target] = []


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    return [_WORK(target) for target in _TARGETS[bounds[0] : bounds[1]]]


def map_targets(
    work: Callable[[Target], Result],
    targets: list[Target],
    jobs: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """``work(target)`` for each target, in order, on up to ``jobs`` processes.

    ``done(count)``, when given, hears how many more targets are finished (a progress bar).
    """
    global _WORK, _TARGETS
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        if done is None:
            return [work(target) for target in targets]
        serial = []
        for target in targets:
            serial.append(work(target))
            done(1)
        return serial
    for site in {t.site.root: t.site for t in targets}.values():
        site.prepare()  # build shared state once, before the workers fork
    _WORK, _TARGETS = work, targets
    size = max(16, len(targets) // (jobs * 8))
    chunks = [(i, min(i + size, len(targets))) for i in range(0, len(targets), size)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            if done is None:
                results = pool.map(_run_chunk, chunks, chunksize=1)
            else:
                results = []
                for result in pool.imap(_run_chunk, chunks, chunksize=1):
                    results.append(result)
                    done(len(result))
    finally:
        _WORK, _TARGETS = None, []
    return [result for chunk in results for result in chunk]
