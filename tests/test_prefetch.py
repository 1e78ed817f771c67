"""A plain run stats the last run's posts in a helper while it imports the linter.

statall.prefetch forks a helper that stats the files of the list the last run kept; the
stamps the run then asks for must be exactly the stamps the files have when the run
started, whatever changed since the list was written.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from finews_lint import statall
from finews_lint.cachedir import read, seal


@pytest.fixture
def posts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Twelve posts, the list of them kept in the cache folder; a helper for four or more."""
    monkeypatch.setattr(statall, "SPLIT_FROM", 4)
    folder = tmp_path / "_posts"
    folder.mkdir()
    paths = []
    for number in range(12):
        path = folder / f"2022-01-{number + 1:02d}-post{number}.md"
        path.write_text("x" * number, encoding="utf-8")
        paths.append(str(path))
    (tmp_path / ".finews-lint-cache").mkdir()
    statall.remember_list(str(tmp_path / ".finews-lint-cache"), "\0".join(paths))
    yield paths
    statall.end_prefetch()


def _prefetched(cache: Path, prefix: str, relpaths: list[str]) -> tuple[statall.Columns, bool]:
    """The stamps a run gets with a helper started first (as lists), and whether the helper
    served them."""
    statall.prefetch(str(cache))
    try:
        got = statall.stamps(prefix, relpaths)
        return _lists(got), statall._prefetched is not None
    finally:
        statall.end_prefetch()


def _lists(columns: statall.Columns) -> statall.Columns:
    """The columns as lists (the helpers' come as arrays of machine integers)."""
    return tuple(list(column) for column in columns)  # type: ignore[return-value]


def test_the_helper_gives_each_file_its_stamp(tmp_path: Path, posts: list[str]) -> None:
    prefix = str(tmp_path) + os.sep
    relpaths = [path[len(prefix) :] for path in posts]
    got, served = _prefetched(tmp_path / ".finews-lint-cache", prefix, relpaths)
    assert served
    assert got == statall._stamps(prefix, relpaths)
    assert got[0] == list(range(12))  # sizes, in the order asked for


def test_a_file_changed_since_the_list_was_kept_has_its_new_stamp(
    tmp_path: Path, posts: list[str]
) -> None:
    Path(posts[5]).write_text("changed after the last run", encoding="utf-8")
    os.unlink(posts[7])
    got, served = _prefetched(tmp_path / ".finews-lint-cache", "", posts)
    assert served
    assert got == statall._stamps("", posts)
    assert got[0][5] == len("changed after the last run") and got[0][7] == -1


def test_files_the_list_does_not_hold_are_stat_ed_here(tmp_path: Path, posts: list[str]) -> None:
    new, newer = tmp_path / "_posts" / "2022-02-01-new.md", tmp_path / "_posts" / "2022-02-02-b.md"
    new.write_text("a new post", encoding="utf-8")
    newer.write_text("another", encoding="utf-8")
    asked = [*posts[:6], str(new), *posts[6:], str(newer)]
    got, served = _prefetched(tmp_path / ".finews-lint-cache", "", asked)
    assert served
    assert got == statall._stamps("", asked)
    assert got[0][6] == len("a new post") and got[0][-1] == len("another")


def test_a_list_rewritten_while_the_helpers_ran_does_not_misplace_stamps(
    tmp_path: Path, posts: list[str]
) -> None:
    cache = tmp_path / ".finews-lint-cache"
    statall.prefetch(str(cache))
    try:
        time.sleep(0.5)  # the helpers have stat-ed the list as the run read it
        shuffled = posts[::-1]  # the same paths in another order, as another run keeps them
        (cache / statall.LIST_NAME).write_bytes(seal(os.fsencode("\0".join(shuffled))))
        assert _lists(statall.stamps("", shuffled)) == statall._stamps("", shuffled)
        assert statall._prefetched is not None  # their stamps, matched by path
    finally:
        statall.end_prefetch()


def test_a_list_of_other_files_means_a_stat_here(tmp_path: Path, posts: list[str]) -> None:
    other = [str(tmp_path / "elsewhere" / f"{number}.md") for number in range(20)]
    (tmp_path / ".finews-lint-cache" / statall.LIST_NAME).write_bytes(
        seal(os.fsencode("\0".join(other)))
    )
    got, _ = _prefetched(tmp_path / ".finews-lint-cache", "", posts)
    assert got == statall._stamps("", posts)
    assert got[0] == list(range(12))


def test_a_run_that_stat_ed_no_post_keeps_the_list(tmp_path: Path, posts: list[str]) -> None:
    kept = tmp_path / ".finews-lint-cache" / statall.LIST_NAME
    before = kept.read_bytes()
    statall.remember_list(str(tmp_path / ".finews-lint-cache"), "")
    statall.remember_list(str(tmp_path / ".finews-lint-cache"), "\0".join(posts[:2]))  # too few
    assert kept.read_bytes() == before
    statall.remember_list(str(tmp_path / ".finews-lint-cache"), "\0".join(posts[:6]))
    assert read(kept) == os.fsencode("\0".join(posts[:6]))


def test_no_list_no_helper(tmp_path: Path) -> None:
    statall.prefetch(str(tmp_path / "nowhere"))
    assert statall._helper is None


def test_a_helper_that_fails_means_a_stat_here(
    tmp_path: Path, posts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    packed_stamps = statall._packed_stamps

    def failing_for_the_second_half(paths: list[bytes]) -> tuple[bytes, ...]:
        if paths and paths[0] == os.fsencode(posts[6]):  # the second helper's share
            raise OSError("the helper dies")
        return packed_stamps(paths)

    monkeypatch.setattr(statall, "_packed_stamps", failing_for_the_second_half)
    prefix = str(tmp_path) + os.sep
    relpaths = [path[len(prefix) :] for path in posts]
    got, served = _prefetched(tmp_path / ".finews-lint-cache", prefix, relpaths)
    assert not served
    assert got == statall._stamps(prefix, relpaths)


def _digest(relpaths: list[str]) -> bytes:
    """What ``Site.post_paths_digest`` is for these paths."""
    from finews_lint.digest import blake2b
    from finews_lint.postindex import packed_paths

    return blake2b(packed_paths(relpaths), digest_size=16).digest()


def _keep_with_key(tmp_path: Path, prefix: str, relpaths: list[str]) -> None:
    """Keep the list of these posts as a run over one site keeps it: with its key."""
    key = statall.list_key(prefix, _digest(relpaths))
    listed = statall.joined(prefix, relpaths)
    statall.remember_list(str(tmp_path / ".finews-lint-cache"), listed, key)


def test_the_list_is_not_kept_again_when_the_helpers_stat_ed_exactly_it(
    tmp_path: Path, posts: list[str]
) -> None:
    prefix = str(tmp_path) + os.sep
    relpaths = [path[len(prefix) :] for path in posts]
    _keep_with_key(tmp_path, prefix, relpaths)
    statall.prefetch(str(tmp_path / ".finews-lint-cache"))
    try:
        got = statall.stamps(prefix, relpaths, _digest(relpaths))
        assert _lists(got) == statall._stamps(prefix, relpaths)
        assert statall.served_whole(prefix, relpaths)
        assert not statall.served_whole(prefix, relpaths[:-1])  # another list: keep it
    finally:
        statall.end_prefetch()
    assert not statall.served_whole(prefix, relpaths)  # the next run's helpers are others
    for asked in (relpaths[1:], relpaths[::-1], [*relpaths[:3], "_posts/2022-03-01-new.md"]):
        statall.prefetch(str(tmp_path / ".finews-lint-cache"))
        try:  # other posts than the list's: their stamps, by path, and the list kept anew
            got = statall.stamps(prefix, asked, _digest(asked))
            assert _lists(got) == statall._stamps(prefix, asked)
            assert not statall.served_whole(prefix, asked)
        finally:
            statall.end_prefetch()


def test_a_list_kept_without_a_key_serves_by_path(tmp_path: Path, posts: list[str]) -> None:
    prefix = str(tmp_path) + os.sep
    relpaths = [path[len(prefix) :] for path in posts]
    got, served = _prefetched(tmp_path / ".finews-lint-cache", prefix, relpaths)
    assert served and got == statall._stamps(prefix, relpaths)
    assert not statall.served_whole(prefix, relpaths)  # not named: kept again, with its key
