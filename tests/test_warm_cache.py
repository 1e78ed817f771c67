"""The warm cache: files are validated by stat stamp, results that read other posts by facts.

Every test compares a warm run with what a run without the cache says: the cache may only
make a run faster, never change its report.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from finews_lint import cache, engine, replay
from finews_lint.reader import read_content
from finews_lint.site import Site

from tests.helpers import REFERENCE, run_json
from tests.linkhelpers import LINKED, LINKED_URL, LINKING, dazhong_post


def _codes(report: dict, path: str) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["column"]) for d in report["diagnostics"] if d["path"] == path]


def _same_as_uncached(site: Path, *args: str) -> dict:
    """The warm report, after checking that a run without the cache says exactly the same."""
    warm = run_json(*args, cwd=site)
    assert warm == run_json(*args, "--no-cache", cwd=site)
    return warm[1]


def test_a_new_post_mends_a_cached_missing_post_link_its_removal_breaks_it(sample: Path) -> None:
    (sample / LINKING).write_text(
        dazhong_post(
            "2022-03-02 10:00:00", "引用旧文", f'另见<a href="{LINKED_URL}">此前报道</a>。'
        ),
        encoding="utf-8",
    )
    column = (sample / LINKING).read_text(encoding="utf-8").splitlines()[7].index(LINKED_URL) + 1
    first = _same_as_uncached(sample, "_posts")
    assert ("LNK004", 8, column) in _codes(first, LINKING)

    (sample / LINKED).write_text(
        dazhong_post("2022-03-01 09:00:00", "旧文", "旧文。"), encoding="utf-8"
    )
    added = _same_as_uncached(sample, "_posts")
    assert [c for c in _codes(added, LINKING) if c[0] == "LNK004"] == []

    (sample / LINKED).unlink()
    removed = _same_as_uncached(sample, "_posts")
    assert ("LNK004", 8, column) in _codes(removed, LINKING)


def test_a_one_file_run_sees_a_post_added_since_it_was_cached(sample: Path) -> None:
    (sample / LINKING).write_text(
        dazhong_post(
            "2022-03-02 10:00:00", "引用旧文", f'另见<a href="{LINKED_URL}">此前报道</a>。'
        ),
        encoding="utf-8",
    )
    before = _same_as_uncached(sample, LINKING)
    assert [c[0] for c in _codes(before, LINKING)] == ["LNK004"]
    (sample / LINKED).write_text(
        dazhong_post("2022-03-01 09:00:00", "旧文", "旧文。"), encoding="utf-8"
    )
    assert _codes(_same_as_uncached(sample, LINKING), LINKING) == []


def test_a_duplicate_post_is_found_warm_and_forgotten_when_removed(sample: Path) -> None:
    clean = _same_as_uncached(sample, "_posts", "--select", "REPO002")
    assert clean["diagnostics"] == []
    copy = sample / "_posts" / "2022-02-11-copy.md"
    copy.write_bytes((sample / REFERENCE).read_bytes())
    found = _same_as_uncached(sample, "_posts", "--select", "REPO002")
    assert [(d["path"], d["code"], d["line"]) for d in found["diagnostics"]] == [
        ("_posts/2022-02-11-copy.md", "REPO002", 3)
    ]
    copy.unlink()
    assert _same_as_uncached(sample, "_posts", "--select", "REPO002")["diagnostics"] == []


def test_unchanged_files_are_not_read_again(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    _, cold = run_json("_posts", cwd=sample)
    read: list[str] = []

    def counting(path: str | Path, *args: object) -> bytes:
        read.append(os.fspath(path))
        return read_content(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "read_content", counting)
    (sample / REFERENCE).touch()  # touched, same bytes: read and hashed once, still a hit
    assert run_json("_posts", cwd=sample)[1] == cold
    assert [Path(p).name for p in read] == [Path(REFERENCE).name]
    read.clear()
    assert run_json("_posts", cwd=sample)[1] == cold
    assert read == []


def test_entries_restamped_after_an_edit_are_kept_for_the_next_run(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    """An edited post changes the posts' state: every entry resting on facts about the posts
    is checked and restamped as its shard is served, and the shard is written and let go
    then, not at the end. The next run finds every entry labelled with the posts as they
    are: it checks no fact again."""
    run_json(".", cwd=sample)
    edited = sample / REFERENCE
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    warm = _same_as_uncached(sample, ".")
    checked: list[object] = []
    holds = engine.facts_hold
    monkeypatch.setattr(engine, "facts_hold", lambda *a: checked.append(a) or holds(*a))
    for stored_reports in sample.glob(f".finews-lint-cache/v*/{replay.FOLDER}"):
        shutil.rmtree(stored_reports)  # the run looks its findings up, not its last report
    assert run_json(".", cwd=sample)[1] == warm
    assert checked == []


def test_the_results_of_many_edited_posts_all_reach_the_next_run(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    """The new results of a run are put in the cache shard by shard, each shard written as
    soon as its files are in: every one of them is there for the next run, which reads no
    post again."""
    run_json("_posts", cwd=sample)
    edited = sorted((sample / "_posts").glob("*.md"))[::4]
    for post in edited:
        post.write_bytes(post.read_bytes() + "\n补充。\n".encode())
    warm = _same_as_uncached(sample, "_posts")
    read: list[str] = []

    def counting(path: str | Path, *args: object) -> bytes:
        read.append(os.fspath(path))
        return read_content(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "read_content", counting)
    for stored_reports in sample.glob(f".finews-lint-cache/v*/{replay.FOLDER}"):
        shutil.rmtree(stored_reports)  # the run looks its findings up, not its last report
    assert run_json("_posts", "--jobs", "1", cwd=sample)[1] == warm  # reads seen here
    assert len(edited) > 20
    assert read == []


def test_an_edit_keeping_size_and_mtime_is_linted_again(
    sample: Path, trust_fresh_stamps: None
) -> None:
    path = sample / REFERENCE
    before = path.stat()
    _, first = run_json(REFERENCE, "--select", "FM", cwd=sample)
    assert first["diagnostics"] == []
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" +0800", "      ", 1), encoding="utf-8")  # same size, no offset
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    _, second = run_json(REFERENCE, "--select", "FM", cwd=sample)
    assert [d["code"] for d in second["diagnostics"]] == ["FM005"]


def test_stamps_of_files_changed_a_moment_ago_are_not_trusted() -> None:
    now = 1_700_000_000_000_000_000
    assert cache.trusted((10, now - 5 * 10**9, 1, now - 5 * 10**9), now=now) is not None
    assert cache.trusted((10, now - 5 * 10**9, 1, now - 10**8), now=now) is None


def _as_in_a_fresh_clone(site: Path) -> None:
    """Write every file of ``site`` again with the same bytes (a new inode, other times), as
    a CI job's checkout does; the cache folder is left as a restored cache would be."""
    later = (site / REFERENCE).stat().st_mtime_ns + 7 * 10**9
    for path in sorted(site.rglob("*")):
        if path.is_file() and ".finews-lint-cache" not in path.parts:
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)
            os.utime(path, ns=(later, later))


class Rereads:
    """How often a run lints a file and reads a post's front matter for the post index."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.linted = 0
        self.parsed = 0
        run_rules, index_row = engine.Linter.run_rules, Site.index_row

        def linting(linter: engine.Linter, doc: object) -> object:
            self.linted += 1
            return run_rules(linter, doc)  # type: ignore[arg-type]

        def indexing(site: Site, relpath: str, data: dict) -> object:
            self.parsed += 1
            return index_row(site, relpath, data)

        monkeypatch.setattr(engine.Linter, "run_rules", linting)
        monkeypatch.setattr(Site, "index_row", indexing)


def test_a_cache_restored_into_a_fresh_clone_serves_every_file(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    first = run_json("--jobs", "1", cwd=sample)
    _as_in_a_fresh_clone(sample)
    rereads = Rereads(monkeypatch)
    assert run_json("--jobs", "1", cwd=sample) == first
    # Every file and post was hashed, none linted or parsed again: pages, config and layouts
    # are known by their bytes, the posts' index rows and results by their contents.
    assert (rereads.linted, rereads.parsed) == (0, 0)


def test_a_fresh_clone_with_a_new_post_and_an_edited_one_reads_just_those(
    sample: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    run_json("--jobs", "1", cwd=sample)
    _as_in_a_fresh_clone(sample)
    (sample / LINKED).write_text(
        dazhong_post("2022-03-01 09:00:00", "旧文", "旧文。"), encoding="utf-8"
    )
    reference = sample / REFERENCE
    reference.write_text(
        reference.read_text(encoding="utf-8").replace(" +0800", "", 1), encoding="utf-8"
    )
    rereads = Rereads(monkeypatch)
    warm = run_json("--jobs", "1", cwd=sample)
    linted, parsed = rereads.linted, rereads.parsed
    assert warm == run_json("--jobs", "1", "--no-cache", cwd=sample)
    assert ("FM005", 4, 7) in _codes(warm[1], REFERENCE)
    # The new post and the edited one are parsed for the index and linted; the other posts
    # were only hashed (a post whose lint read the site's posts may be linted again).
    assert parsed == 2
    assert 2 <= linted < 10
