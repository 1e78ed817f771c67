"""A one-file run (what pre-commit does) still sees the rest of the site.

Whole-site rules look only at the files that could matter to the run's own files, and
the post index answers for unchanged posts: a finding against another post on disk is
still reported, on every run, and goes away when that other post changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from finews_lint import statall

from tests.helpers import REFERENCE, replace_in, run_json
from tests.linkhelpers import at

COPY = "_posts/2022-02-12-copy.md"


def _one_file(sample: Path, path: str, code: str) -> list[tuple[str, int, int, str]]:
    exit_code, report = run_json(path, "--select", code, cwd=sample)
    assert exit_code == 0  # warnings only
    return [(d["code"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


def test_a_one_file_run_reports_the_post_it_duplicates(sample: Path) -> None:
    copy = sample / COPY
    shutil.copy(sample / REFERENCE, copy)
    replace_in(copy, "date: 2022-02-11", "date: 2022-02-12")
    message = f"this file has the same title and article as {REFERENCE}"
    expected = [("REPO002", *at(copy, "title: ", 7), message)]
    assert _one_file(sample, COPY, "REPO002") == expected  # builds the post index
    assert _one_file(sample, COPY, "REPO002") == expected  # answered by the index
    assert _one_file(sample, REFERENCE, "REPO002") == []  # the first one is not a copy
    replace_in(sample / REFERENCE, "相关负责人说", "负责人说")
    assert _one_file(sample, COPY, "REPO002") == []


@pytest.mark.parametrize("split_from", [statall.SPLIT_FROM, 2])  # 2: a forked helper stats
def test_a_one_file_run_reports_a_retitled_post_it_now_duplicates(
    sample: Path, split_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statall, "SPLIT_FROM", split_from)
    copy = sample / COPY
    shutil.copy(sample / REFERENCE, copy)
    replace_in(copy, "date: 2022-02-11", "date: 2022-02-12")
    replace_in(sample / REFERENCE, "title: ", "title: 旧")
    assert _one_file(sample, COPY, "REPO002") == []
    replace_in(sample / REFERENCE, "title: 旧", "title: ")  # the index must notice
    assert [code for code, *_ in _one_file(sample, COPY, "REPO002")] == ["REPO002"]


def test_a_one_file_run_reports_the_page_published_at_its_url(sample: Path) -> None:
    page = sample / "zz-latest.md"
    page.write_text(
        "---\nlayout: default\ntitle: 最新\npermalink: /emnews/\n---\n\n最新消息\n",
        encoding="utf-8",
    )
    found = _one_file(sample, "zz-latest.md", "REPO003")
    assert found == [("REPO003", *at(page, "/emnews/"), found[0][3])]
    assert "emnews.md" in found[0][3]
    assert _one_file(sample, "emnews.md", "REPO003") == []


def test_a_one_file_run_without_a_post_index_reads_the_posts_on_every_core(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run in a fresh clone has no index: all posts are read, on ``--jobs``
    processes (a pre-commit hook on a 40,000-post site took 10 s on one), same findings."""
    from finews_lint import parallel

    pools: list[tuple[int, int]] = []  # (processes, posts) of each map over the posts
    real = parallel.uses_pool
    monkeypatch.setattr(
        parallel, "uses_pool", lambda jobs, count: pools.append((jobs, count)) or real(jobs, count)
    )
    copy = sample / COPY
    shutil.copy(sample / REFERENCE, copy)
    replace_in(copy, "date: 2022-02-11", "date: 2022-02-12")
    found = {}
    for jobs in ("1", "2"):
        pools.clear()
        exit_code, report = run_json(COPY, "--no-cache", "--jobs", jobs, cwd=sample)
        found[jobs] = [(d["code"], d["line"], d["column"]) for d in report["diagnostics"]]
        assert exit_code == 0  # the copy is a warning
        posts = len(list((sample / "_posts").glob("*.md")))
        assert (int(jobs), posts) in pools, "the posts were not read on the run's processes"
    assert found["1"] == found["2"]
    assert ("REPO002", *at(copy, "title: ", 7)) in found["2"]
