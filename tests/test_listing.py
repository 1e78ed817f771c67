"""Folder listings kept between runs: used while the folder is unchanged, and only then."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from finews_lint import listing
from finews_lint.listing import KEPT_FROM, STORE_NAME, Listing


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    folder = tmp_path / "_posts"
    folder.mkdir()
    for number in range(KEPT_FROM):
        (folder / f"2022-01-01-{number:04d}.md").write_text("---\n---\n", encoding="utf-8")
    (folder / "drafts").mkdir()
    return folder


def _listed(store: Path, folder: Path) -> tuple[list[str], list[str]]:
    kept = Listing()
    kept.keep_in(str(store))
    folders, names, _ = kept.entries(str(folder))
    return folders, names


def test_a_kept_listing_serves_until_an_entry_is_added_or_removed(
    posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trust_fresh_stamps: None
) -> None:
    store = tmp_path / "cache" / STORE_NAME
    first = _listed(store, posts)
    assert first[0] == ["drafts"] and len(first[1]) == KEPT_FROM and store.is_file()

    scanned: list[str] = []
    real_scan = listing._scan
    monkeypatch.setattr(
        listing, "_scan", lambda folder: scanned.append(folder) or real_scan(folder)
    )
    assert _listed(store, posts) == first and scanned == []  # from the store

    time.sleep(0.05)  # past the file system's clock tick
    (posts / "2022-01-02-new.md").write_text("---\n---\n", encoding="utf-8")
    added = _listed(store, posts)
    assert "2022-01-02-new.md" in added[1] and scanned == [str(posts)]

    time.sleep(0.05)
    (posts / "2022-01-02-new.md").unlink()
    assert _listed(store, posts) == first


def test_a_folder_changed_within_the_racy_window_is_not_kept(posts: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache" / STORE_NAME
    _listed(store, posts)  # the folder was written a moment ago
    assert not store.exists()


def test_a_damaged_store_is_ignored(posts: Path, tmp_path: Path, trust_fresh_stamps: None) -> None:
    store = tmp_path / "cache" / STORE_NAME
    store.parent.mkdir()
    store.write_bytes(b"\x00not marshal")
    assert len(_listed(store, posts)[1]) == KEPT_FROM
