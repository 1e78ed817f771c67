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
_TARGETS: list[Target] = []


def _lint_chunk(bounds: tuple[int, int]) -> list[Diagnostic]:
    # Workers get index ranges, not pickled targets: the targets (and their Site, with
    # everything it has cached) are the parent's, shared by forking, so a worker builds
    # a site-wide index (e.g. every post's front matter) once, not once per chunk.
    assert _LINTER is not None
    found: list[Diagnostic] = []
    for target in _TARGETS[bounds[0] : bounds[1]]:
        found.extend(_LINTER.lint_target(target))
    return found


def map_targets(linter: Linter, targets: list[Target], jobs: int) -> list[Diagnostic]:
    global _LINTER, _TARGETS
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        found: list[Diagnostic] = []
        for target in targets:
            found.extend(linter.lint_target(target))
        return found
    for site in {t.site.root: t.site for t in targets}.values():
        site.prepare()  # build shared state once, before the workers fork
    _LINTER, _TARGETS = linter, targets
    size = max(16, len(targets) // (jobs * 8))
    chunks = [(i, min(i + size, len(targets))) for i in range(0, len(targets), size)]
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(jobs) as pool:
            results = pool.map(_lint_chunk, chunks, chunksize=1)
    finally:
        _LINTER, _TARGETS = None, []
    return [d for chunk in results for d in chunk]
