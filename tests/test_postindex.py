"""The post index finds the posts edited since it was written, whatever their number and place."""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint.postindex import FIELDS, PostIndex, save

COUNT = 1500  # three blocks of rows, and part of a fourth


OLD = 1_700_000_000_000_000_000  # when the posts last changed (ns): long before the index
SAVED = OLD + 10**12


def _stamps(count: int) -> list[list[int]]:
    """Sizes, times, inodes and change times of ``count`` posts."""
    return [
        [100 + n for n in range(count)],
        [OLD + n for n in range(count)],
        [5000 + n for n in range(count)],
        [OLD + 7 * n for n in range(count)],
    ]


@pytest.fixture
def index(tmp_path: Path) -> tuple[PostIndex, list[str], list[list[int]]]:
    paths = [f"_posts/2022-01-01-p{n}.md" for n in range(COUNT)]
    stamps = _stamps(COUNT)
    save(tmp_path / "index", paths, stamps, {name: [None] * COUNT for name in FIELDS}, now=SAVED)
    return PostIndex(tmp_path / "index"), paths, stamps


@pytest.mark.parametrize("rows", [[], [0], [511, 512], [3, 1024, COUNT - 1], [5, 6, 7, 8]])
def test_the_edited_rows_are_found(index: tuple, rows: list[int]) -> None:
    stored, paths, stamps = index
    stamps = [column[:] for column in stamps]
    for n in rows:
        # A new size; the same size and a later time; a new file put in its place (a new
        # inode); the same size and time given back, as `cp -p` does (a new change time).
        stamps[n % 4][n] += 1
    assert stored.edited_rows(paths, stamps) == rows


def test_a_gone_post_is_edited_and_other_paths_are_not_comparable(index: tuple) -> None:
    stored, paths, stamps = index
    gone = [column[:] for column in stamps]
    gone[0][700] = -1
    assert stored.edited_rows(paths, gone) == [700]
    renamed = [*paths[:-1], "_posts/2022-01-01-other.md"]
    assert stored.edited_rows(renamed, stamps) is None
    assert stored.edited_rows(paths[:-1], [column[:-1] for column in stamps]) is None
    assert PostIndex(None).edited_rows(paths, stamps) is None


def test_a_post_changed_just_before_the_index_was_saved_is_looked_at_again(
    tmp_path: Path,
) -> None:
    """A file changed within the clock tick of its stat could change again unseen."""
    paths = [f"_posts/2022-01-01-p{n}.md" for n in range(3)]
    stamps = _stamps(3)
    stamps[1][1] = SAVED - 10**9  # modified a second before the save
    stamps[3][2] = SAVED - 10**6  # its inode changed a millisecond before
    save(tmp_path / "index", paths, stamps, {name: [None] * 3 for name in FIELDS}, now=SAVED)
    assert PostIndex(tmp_path / "index").edited_rows(paths, stamps) == [1, 2]


def test_an_inode_beyond_63_bits_is_kept(tmp_path: Path) -> None:
    paths = ["_posts/2022-01-01-a.md", "_posts/2022-01-01-b.md"]
    stamps = _stamps(2)
    stamps[2] = [2**64 - 5, 2**63]
    save(tmp_path / "index", paths, stamps, {name: [None] * 2 for name in FIELDS}, now=SAVED)
    stored = PostIndex(tmp_path / "index")
    assert stored.edited_rows(paths, stamps) == []
    stamps[2][1] += 1
    assert stored.edited_rows(paths, stamps) == [1]


def _titled_index(tmp_path: Path, titles: list[str | None]) -> PostIndex:
    count = len(titles)
    columns: dict[str, list] = {name: [None] * count for name in FIELDS}
    columns["title"] = titles
    columns["url"] = [f"/p/{n}.html" for n in range(count)]
    paths = [f"_posts/2022-01-01-p{n}.md" for n in range(count)]
    save(tmp_path / "index", paths, [[1] * count, [2] * count, [3] * count, [4] * count], columns)
    return PostIndex(tmp_path / "index")


def test_a_search_of_the_stored_titles_finds_whole_titles_only(tmp_path: Path) -> None:
    from finews_lint.posttable import PostTable

    titles = ["央行降准", " 央行降准 ", "央行降准之后", None, "", "央行降准"]
    stored = _titled_index(tmp_path, titles)
    table = PostTable(stored.relpaths, stored.column, stored)
    # Stripped titles are compared; a title inside a longer one is another title.
    assert table.rows_where("title", {"央行降准"}) == [0, 1, 5]
    assert table.rows_where("title", {"央行降准之后", "无此标题"}) == [2]
    assert table.rows_where("title", {""}) == []
    assert [table.value("title", n) for n in range(6)] == [
        "央行降准",
        "央行降准",
        "央行降准之后",
        None,
        None,
        "央行降准",
    ]
    assert table.rows_where("url", {"/p/4.html", "/p/9.html"}) == [4]
    assert "title" not in table._columns  # answered from the packed column, not the list


def test_a_title_holding_nul_is_searched_in_the_list(tmp_path: Path) -> None:
    from finews_lint.posttable import PostTable

    stored = _titled_index(tmp_path, ["a\0b", "a", "b"])
    assert stored.packed("title") is None
    table = PostTable(stored.relpaths, stored.column, stored)
    assert table.rows_where("title", {"a"}) == [1]
    assert table.rows_where("title", {"a\0b"}) == [0]


def test_edited_posts_are_searched_with_their_new_titles(tmp_path: Path) -> None:
    from finews_lint.postindex import FIELDS as fields
    from finews_lint.posttable import PostTable

    stored = _titled_index(tmp_path, ["甲", "乙", "甲"])
    fresh_row = [None] * len(fields)
    fresh_row[fields.index("title")] = "乙 "
    fresh_row[fields.index("url")] = "/p/new.html"
    table = PostTable(stored.relpaths, stored.column, stored, {0: tuple(fresh_row)})
    assert table.rows_where("title", {"甲"}) == [2]
    assert table.rows_where("title", {"乙"}) == [0, 1]
    assert table.value("title", 0) == "乙"
    assert table.rows_where("url", {"/p/0.html"}) == []
    assert table.rows_where("url", {"/p/new.html"}) == [0]


@pytest.mark.parametrize("cut", [0, 10, 40, -100])
def test_a_damaged_index_is_no_index(tmp_path: Path, cut: int) -> None:
    stored = _titled_index(tmp_path, ["甲"] * 200)
    data = (tmp_path / "index").read_bytes()
    (tmp_path / "index").write_bytes(data[:cut])
    damaged = PostIndex(tmp_path / "index")
    paths = stored.relpaths
    # Paths and stamps unreadable: no rows to trust; a part cut off: no column from it.
    if damaged.relpaths:
        assert damaged.column("tags") is None or damaged.packed("title") is None
    else:
        assert damaged.edited_rows(paths, [[1] * 200, [2] * 200, [3] * 200, [4] * 200]) is None


def test_a_part_changed_on_disk_is_no_part_and_the_others_still_serve(tmp_path: Path) -> None:
    stored = _titled_index(tmp_path, ["甲"] * 200)
    data = bytearray((tmp_path / "index").read_bytes())
    title_at = data.index("甲".encode())  # inside the marshalled column of titles
    data[title_at] ^= 1
    (tmp_path / "index").write_bytes(data)
    damaged = PostIndex(tmp_path / "index")
    assert damaged.column("title") is None
    assert damaged.relpaths == stored.relpaths
    assert damaged.column("url") == stored.column("url")


def test_a_value_marshal_cannot_keep_leaves_no_index_behind(tmp_path: Path) -> None:
    columns: dict[str, list] = {name: [None] * 2 for name in FIELDS}
    columns["tags"] = [object(), None]  # marshal raises ValueError, after the first parts
    save(tmp_path / "idx" / "index", ["a.md", "b.md"], _stamps(2), columns, now=SAVED)
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [".gitignore"]
    assert PostIndex(tmp_path / "idx" / "index").relpaths == []


LINKING = "_posts/2021-12-08-202112082206672930.md"
LINKED = "_posts/2021-12-08-202112082206704122.md"  # published at LINKED_URL
LINKED_URL = "/emnews/2021/12/08/202112082206704122.html"


def test_a_one_file_run_finds_posts_at_urls_in_the_index_as_a_full_run_does(
    sample: Path,
) -> None:
    from tests.helpers import replace_in, run_json

    run_json("_posts", cwd=sample)  # the post index is kept
    moved = "/emnews/2021/12/09/202112082206704122.html"
    replace_in(
        sample / LINKING,
        "<http://",
        f"[在]({LINKED_URL}) [已移]({moved}) [无]({LINKED_URL[:-5]}x.html)\n\n<http://",
    )
    _, before = run_json(LINKING, "--select", "LNK004", cwd=sample)
    assert [d["message"].split("'")[1] for d in before["diagnostics"]] == [
        moved,
        f"{LINKED_URL[:-5]}x.html",
    ]
    # The linked post moves to another day: its URL is its edited row's, not the index's.
    text = (sample / LINKED).read_text(encoding="utf-8")
    (sample / LINKED).write_text(text.replace("2021-12-08 ", "2021-12-09 ", 1), encoding="utf-8")
    _, after = run_json(LINKING, LINKED, "--select", "LNK004", cwd=sample)
    _, uncached = run_json(LINKING, LINKED, "--select", "LNK004", "--no-cache", cwd=sample)
    assert after == uncached
    assert [d["message"].split("'")[1] for d in after["diagnostics"]] == [
        LINKED_URL,
        f"{LINKED_URL[:-5]}x.html",
    ]


@pytest.mark.usefixtures("trust_fresh_stamps")
def test_a_post_edited_with_its_size_and_time_given_back_is_read_again(sample: Path) -> None:
    """``cp -p``, rsync and editors that keep times restore the old modification time; a
    same-size edit then changes only the file's change time, which the index compares too."""
    import os

    from tests.helpers import replace_in, run_json

    replace_in(sample / LINKING, "<http://", f"[在]({LINKED_URL})\n\n<http://")
    run_json("_posts", cwd=sample)  # the post index is kept
    before = os.stat(sample / LINKED)
    text = (sample / LINKED).read_text(encoding="utf-8")
    moved = text.replace("2021-12-08 ", "2021-12-09 ", 1)
    assert moved != text and len(moved.encode()) == before.st_size
    (sample / LINKED).write_text(moved, encoding="utf-8")
    os.utime(sample / LINKED, ns=(before.st_atime_ns, before.st_mtime_ns))
    _, after = run_json(LINKING, "--select", "LNK004", cwd=sample)
    assert [d["message"].split("'")[1] for d in after["diagnostics"]] == [LINKED_URL]
