"""The post index finds the posts edited since it was written, whatever their number and place."""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint.postindex import FIELDS, PostIndex, save

COUNT = 1500  # three blocks of rows, and part of a fourth


@pytest.fixture
def index(tmp_path: Path) -> tuple[PostIndex, list[str], list[int], list[int]]:
    paths = [f"_posts/2022-01-01-p{n}.md" for n in range(COUNT)]
    sizes = [100 + n for n in range(COUNT)]
    times = [1_700_000_000_000_000_000 + n for n in range(COUNT)]
    save(tmp_path / "index", paths, sizes, times, {name: [None] * COUNT for name in FIELDS})
    return PostIndex(tmp_path / "index"), paths, sizes, times


@pytest.mark.parametrize("rows", [[], [0], [511, 512], [3, 1024, COUNT - 1]])
def test_the_edited_rows_are_found(index: tuple, rows: list[int]) -> None:
    stored, paths, sizes, times = index
    sizes, times = sizes[:], times[:]
    for n in rows:
        if n % 2:
            sizes[n] += 1
        else:
            times[n] += 1  # the same size, a later time
    assert stored.edited_rows(paths, sizes, times) == rows


def test_a_gone_post_is_edited_and_other_paths_are_not_comparable(index: tuple) -> None:
    stored, paths, sizes, times = index
    gone = sizes[:]
    gone[700] = -1
    assert stored.edited_rows(paths, gone, times) == [700]
    renamed = [*paths[:-1], "_posts/2022-01-01-other.md"]
    assert stored.edited_rows(renamed, sizes, times) is None
    assert stored.edited_rows(paths[:-1], sizes[:-1], times[:-1]) is None
    assert PostIndex(None).edited_rows(paths, sizes, times) is None
