"""A report's findings read from the workers' packed results each time the report is
written, instead of held as objects from the end of the lint to the end of the run.

A cold check of 100,000 posts held ~2.2 KB of findings a post once every post was linted
(the report of 354,000 findings), the largest part of its peak memory: 250 MB, and 327 MB
for a first run with the cache. :class:`Findings` keeps only what each file's findings
are made from (a few compressed bytes a post, see ``parallel.Packed``) and makes them
anew, file by file, on each pass over the report; writing the report is one pass.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from heapq import merge
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, overload

from .diagnostic import Diagnostic, Severity

SORT_KEY = attrgetter("path", "line", "column", "code")  # Diagnostic.sort_key, without a call each
_PATH = attrgetter("path")
_FIRST = itemgetter(0)


class Tally:
    """What a report's summary counts: findings by code, each code's rule name, errors, and
    findings by the safety of their fix ("safe", "unsafe", "" for none)."""

    __slots__ = ("by_code", "errors", "fixes", "names", "total")

    def __init__(self) -> None:
        self.by_code: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self.fixes: Counter[str] = Counter()
        self.errors = 0
        self.total = 0

    def add(self, found: Iterable[Diagnostic]) -> None:
        by_code, names, fixes, error = self.by_code, self.names, self.fixes, Severity.ERROR
        for d in found:
            self.total += 1
            by_code[d.code] += 1
            if d.code not in names:
                names[d.code] = d.name
            if d.severity is error:
                self.errors += 1
            fixes[d.fix_safety] += 1


def tally(found: Iterable[Diagnostic]) -> Tally:
    """The summary's counts of ``found`` (of :class:`Findings`: kept from a counting pass)."""
    if isinstance(found, Findings):
        return found.tally()
    counted = Tally()
    counted.add(found)
    return counted


def counting(found: Sequence[Diagnostic]) -> Iterator[Diagnostic]:
    """A pass over ``found`` that a later :func:`tally` of them does not repeat."""
    return found.counting() if isinstance(found, Findings) else iter(found)


def count_errors(found: Iterable[Diagnostic]) -> int:
    if isinstance(found, Findings):
        return found.errors
    error = Severity.ERROR
    return sum(1 for d in found if d.severity is error)


def in_report_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` sorted by path, line, column and code.

    By path first, then each file's few findings by the whole key: sorting every finding by
    the whole key made a tuple for each, and took 75 ms of the one-core tail of a cold check
    over 20,000 posts (70,000 findings; now 17 ms)."""
    diagnostics.sort(key=_PATH)
    return [d for _, found in groupby(diagnostics, _PATH) for d in sorted(found, key=SORT_KEY)]


def ascending_runs(paths: list[str]) -> list[tuple[int, int]]:
    """``paths`` cut in runs in strictly ascending order, as (start, stop) of each: a run
    over a site's root lists its own files, then each folder's (and ``_posts/`` sorts
    before ``about.md``)."""
    runs = []
    start = 0
    for n in range(1, len(paths)):
        if paths[n] <= paths[n - 1]:
            runs.append((start, n))
            start = n
    if paths:
        runs.append((start, len(paths)))
    return runs


class Findings(Sequence[Diagnostic]):
    """The findings of the files ``paths`` in report order (by path, line, column, code),
    made on each pass by ``per_file(start, stop)``, which yields the findings of each file
    of ``paths[start:stop]`` in that order, each file's about it alone.

    The runs of ``paths`` in ascending order (see :func:`ascending_runs`) are read side by
    side and merged, one chunk of results unpacked at a time in each. ``total`` and
    ``errors`` are known from the start (the workers count them), so the exit code and an
    empty report need no pass. Findings about other files (the whole site's rules) are
    merged in with :meth:`add`. Indexing makes a list of them all: it is for tests, not for
    the tool's own use."""

    def __init__(
        self,
        paths: list[str],
        per_file: Callable[[int, int], Iterable[list[Diagnostic]]],
        total: int,
        errors: int,
    ) -> None:
        self.paths = paths
        self.per_file = per_file
        self.total = total
        self.errors = errors
        self._runs = ascending_runs(paths)
        self._more: dict[str, list[Diagnostic]] = {}
        self._tally: Tally | None = None

    def add(self, more: Iterable[Diagnostic]) -> None:
        for d in more:
            self._more.setdefault(d.path, []).append(d)
            self.total += 1
            self.errors += d.severity is Severity.ERROR
        self._tally = None

    def __iter__(self) -> Iterator[Diagnostic]:
        return self._pass(None)

    def counting(self) -> Iterator[Diagnostic]:
        """A pass that also counts what the summary shows (see :meth:`tally`)."""
        return self._pass(Tally())

    def tally(self) -> Tally:
        """The summary's counts, kept from the last whole counting pass (else one is made)."""
        if self._tally is None:
            for _ in self.counting():
                pass
        assert self._tally is not None
        return self._tally

    def _pass(self, counted: Tally | None) -> Iterator[Diagnostic]:
        more, others = self._more, self._others()
        for path, found in self._files():
            while others and others[-1] < path:
                yield from _sorted(more[others.pop()], counted)
            if path in more:
                found = found + more[path]
            if found:
                yield from _sorted(found, counted)
        while others:
            yield from _sorted(more[others.pop()], counted)
        if counted is not None:
            self._tally = counted

    def _files(self) -> Iterator[tuple[str, list[Diagnostic]]]:
        """(path, findings) of each of ``paths``, in ascending order of path."""
        paths, per_file = self.paths, self.per_file
        runs = [zip(paths[a:b], per_file(a, b), strict=True) for a, b in self._runs]
        if len(runs) == 1:
            return runs[0]
        return merge(*runs, key=_FIRST)

    def _others(self) -> list[str]:
        """The paths of added findings about files that are not among ``paths``, from the
        last in order (the next to merge is popped off the end)."""
        paths, runs = self.paths, self._runs
        others = [
            path
            for path in self._more
            if not any(_holds(paths, start, stop, path) for start, stop in runs)
        ]
        return sorted(others, reverse=True)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...

    @overload
    def __getitem__(self, index: slice) -> list[Diagnostic]: ...

    def __getitem__(self, index: Any) -> Any:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _sorted(found: list[Diagnostic], counted: Tally | None) -> list[Diagnostic]:
    found = sorted(found, key=SORT_KEY)
    if counted is not None:
        counted.add(found)
    return found


def _holds(paths: list[str], start: int, stop: int, path: str) -> bool:
    """Whether the ascending ``paths[start:stop]`` hold ``path``."""
    at = bisect_left(paths, path, start, stop)
    return at < stop and paths[at] == path
