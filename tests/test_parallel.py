"""Work on forked workers (finews_lint.parallel): each target reaches its worker whole, from
any site, and results come back in order, as a run in one process gives them."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from finews_lint.app import RunRequest, make_linter
from finews_lint.discover import Target
from finews_lint.parallel import PARALLEL_THRESHOLD, map_items, map_targets, map_targets_packed


def _seen_by_worker(target: Target) -> tuple[str, str, str, str, str, int]:
    site = str(target.site.root)
    return target.path, target.display, target.relpath, target.kind, site, os.getpid()


def test_targets_of_two_sites_reach_the_workers_as_they_are(sample: Path) -> None:
    second = sample.parent / "second site"  # a space in the path too
    shutil.copytree(sample, second)
    page = second / "_posts" / "notes on 2021-12-08.md"
    page.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    linter = make_linter(RunRequest(use_cache=False, cwd=sample))
    targets, missing = linter.discovery.targets([sample, second])
    assert not missing and len({t.site.root for t in targets}) == 2
    assert {t.kind for t in targets} == {"post", "page"} and len(targets) > PARALLEL_THRESHOLD

    in_workers = map_targets(_seen_by_worker, targets, 2)
    here = [_seen_by_worker(t) for t in targets]

    assert [row[:5] for row in in_workers] == [row[:5] for row in here]
    assert os.getpid() not in {row[5] for row in in_workers}  # linted by forked workers


def test_items_come_back_in_order_from_the_workers() -> None:
    items = list(range(1000))
    results = map_items(lambda n: (n * n, os.getpid()), items, 2)
    assert [square for square, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}


def test_findings_from_workers_share_their_repeated_texts(sample: Path) -> None:
    """The parent keeps every finding of a run: the file's name as the run holds it, one
    object per distinct message or snippet, however many workers sent it (70,000 findings
    of a 20,000-post site hold ~100 distinct snippets)."""
    linter = make_linter(RunRequest(use_cache=False, cwd=sample))
    linter.keep_fixes, linter.keep_snippets = False, True  # as a run with the cache keeps them
    report = linter.check([sample / "_posts"], jobs=2)
    found = report.diagnostics
    linted = {path: path for path in report.paths}  # each file's name, as the run holds it
    assert all(d.path is linted[d.path] for d in found)
    for text in ("message", "snippet"):
        objects: dict[str, set[int]] = {}
        for diagnostic in found:
            value = getattr(diagnostic, text)
            objects.setdefault(value, set()).add(id(value))
        assert len(objects) < len(found)  # texts do repeat
        assert all(len(ids) == 1 for ids in objects.values()), text


def _findings_of(target: Target) -> tuple[str, list]:  # type: ignore[type-arg]
    linter = make_linter(RunRequest(use_cache=False, cwd=target.site.root))
    return target.relpath, [*linter.lint_target(target), os.getpid()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_packed_results_come_back_whole_and_in_order(sample: Path, jobs: int) -> None:
    """A worker's heavy results (a post's findings) reach the parent packed, chunk by chunk;
    what the parent reads at once (``settle``) comes in order as chunks arrive; unpacked
    at the end, every result is what linting the post in this process gives."""
    linter = make_linter(RunRequest(use_cache=False, cwd=sample))
    targets, _ = linter.discovery.targets([sample / "_posts"])
    settled: list[tuple[int, list[str]]] = []

    chunks = map_targets_packed(
        _findings_of, targets, jobs, settle=lambda first, light: settled.append((first, light))
    )

    light = [relpath for chunk in chunks for relpath in chunk.light]
    heavy = [found for chunk in chunks for found in chunk.heavy()]
    assert light == [t.relpath for t in targets]
    assert [found[:-1] for found in heavy] == [linter.lint_target(t) for t in targets]
    if jobs == 2:
        assert len(chunks) > 1 and os.getpid() not in {found[-1] for found in heavy}
        assert [first for first, _ in settled] == [
            sum(len(c) for c in chunks[:n]) for n in range(len(chunks))
        ]
        assert [relpath for _, part in settled for relpath in part] == light
    # Packed to a fraction of their pickle: the findings of many posts repeat their words.
    for chunk in chunks:
        assert isinstance(chunk.packed, bytes)
        assert len(chunk.packed) * 3 < len(pickle.dumps(chunk.heavy()))


def test_a_few_results_are_kept_as_they_are(sample: Path) -> None:
    """Below the pool's threshold nothing is packed: a one-file run pays nothing for it."""
    linter = make_linter(RunRequest(use_cache=False, cwd=sample))
    targets, _ = linter.discovery.targets([sample / "_posts"])
    few = targets[:3]
    (chunk,) = map_targets_packed(_findings_of, few, 2)
    assert chunk.light == [t.relpath for t in few] and isinstance(chunk.packed, list)
    assert [found[:-1] for found in chunk.heavy()] == [linter.lint_target(t) for t in few]


def test_the_outcomes_of_a_fix_on_workers_share_their_file_names(sample: Path) -> None:
    """A `fix` keeps each file's outcome and remaining findings to the end: one string for
    the file's name, not a copy in each."""
    from finews_lint.fixfiles import Fixer

    linter = make_linter(RunRequest(use_cache=False, cwd=sample))
    report = Fixer(linter, diff=True).fix([sample / "_posts"], jobs=2)
    remaining = [(o.display, d.path) for o in report.outcomes for d in o.remaining]
    assert len(remaining) >= 50  # findings left for the report (fix --diff changes nothing)
    assert all(path is display for display, path in remaining if path == display)
