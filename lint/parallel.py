"""Lint many files on several cores: the parent builds the sites, forked workers share them."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING

from .diagnostic import Diagnostic

if TYPE_CHECKING:
    from .discover import Target
    from .engine import Linter

#: Below this many files a pool costs more than it saves.
PARALLEL_THRESHOLD = 64
_LINTER: Linter | None = None


Result = tuple[list[Diagnostic], str | None, bool]


def _lint_chunk(chunk: list[Target]) -> list[Result]:
    assert _LINTER is not None
    return [_LINTER.lint_cached(target) for target in chunk]


def map_targets(linter: Linter, targets: list[Target], jobs: int) -> list[Result]:
    """``linter.lint_cached`` of each target, in order, on up to ``jobs`` processes."""
    global _LINTER
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return [linter.lint_cached(target) for target in targets]
    for site in {t.site.root: t.site for t in targets}.values():
        site.prepare()  # build shared state once, before the workers fork
    _LINTER = linter
    size = max(16, len(targets) // (jobs * 8))
    chunks = [targets[i : i + size] for i in range(0, len(targets), size)]
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(jobs) as pool:
            results = pool.map(_lint_chunk, chunks, chunksize=1)
    finally:
        _LINTER = None
    return [result for chunk in results for result in chunk]
