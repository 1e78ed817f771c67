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


def _titled_index(tmp_path: Path, titles: list[str | None]) -> PostIndex:
    count = len(titles)
    columns: dict[str, list] = {name: [None] * count for name in FIELDS}
    columns["title"] = titles
    columns["url"] = [f"/p/{n}.html" for n in range(count)]
    paths = [f"_posts/2022-01-01-p{n}.md" for n in range(count)]
    save(tmp_path / "index", paths, [1] * count, [2] * count, columns)
    return PostIndex(tmp_path / "index")


def test_a_search_of_the_stored_titles_finds_whole_titles_only(tmp_path: Path) -> None:
    from finews_lint.site import PostTable

    titles = ["央行降准", " 央行降准 ", "央行降准之后", None, "", "央行降准"]
    stored = _titled_index(tmp_path, titles)
    table = PostTable(stored.relpaths, stored.column, stored)
    # Stripped titles are compared; a title inside a longer one is another title.
    assert table.rows_where("title", {"央行降准"}) == [0, 1, 5]
    assert table.rows_where("title", {"央行降准之后", "无此标题"}) == [2]
    assert table.rows_where("title", {""}) == []
    assert [table.value("title", n) for n in range(6)] == [
        "央行降准", "央行降准", "央行降准之后", None, None, "央行降准"]
    assert table.rows_where("url", {"/p/4.html", "/p/9.html"}) == [4]
    assert "title" not in table._columns  # answered from the packed column, not the list


def test_a_title_holding_nul_is_searched_in_the_list(tmp_path: Path) -> None:
    from finews_lint.site import PostTable

    stored = _titled_index(tmp_path, ["a\0b", "a", "b"])
    assert stored.packed("title") is None
    table = PostTable(stored.relpaths, stored.column, stored)
    assert table.rows_where("title", {"a"}) == [1]
    assert table.rows_where("title", {"a\0b"}) == [0]


def test_edited_posts_are_searched_with_their_new_titles(tmp_path: Path) -> None:
    from finews_lint.postindex import FIELDS as fields
    from finews_lint.site import PostTable

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
        assert damaged.edited_rows(paths, [1] * 200, [2] * 200) is None


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
        moved, f"{LINKED_URL[:-5]}x.html"]
    # The linked post moves to another day: its URL is its edited row's, not the index's.
    text = (sample / LINKED).read_text(encoding="utf-8")
    (sample / LINKED).write_text(text.replace("2021-12-08 ", "2021-12-09 ", 1), encoding="utf-8")
    _, after = run_json(LINKING, LINKED, "--select", "LNK004", cwd=sample)
    _, uncached = run_json(LINKING, LINKED, "--select", "LNK004", "--no-cache", cwd=sample)
    assert after == uncached
    assert [d["message"].split("'")[1] for d in after["diagnostics"]] == [
        LINKED_URL, f"{LINKED_URL[:-5]}x.html"]
