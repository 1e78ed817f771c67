"""Run work over many files on several cores: the parent builds the sites, forked workers share them.

Workers receive index ranges, not pickled targets: the targets and their sites (with
everything a site has cached) are the parent's, shared by forking, so a site-wide
index is built once, not once per chunk. Only results travel back.
"""

from __future__ import annotations

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


def map_targets(work: Callable[[Target], Result], targets: list[Target], jobs: int) -> list[Result]:
    """``work(target)`` for each target, in order, on up to ``jobs`` processes."""
    global _WORK, _TARGETS
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD:
        return [work(target) for target in targets]
    import multiprocessing  # ~10 ms: not for a one-file run

    if "fork" not in multiprocessing.get_all_start_methods():
        return [work(target) for target in targets]
    for site in {t.site.root: t.site for t in targets}.values():
        site.prepare()  # build shared state once, before the workers fork
    _WORK, _TARGETS = work, targets
    size = max(16, len(targets) // (jobs * 8))
    chunks = [(i, min(i + size, len(targets))) for i in range(0, len(targets), size)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_run_chunk, chunks, chunksize=1)
    finally:
        _WORK, _TARGETS = None, []
    return [result for chunk in results for result in chunk]
