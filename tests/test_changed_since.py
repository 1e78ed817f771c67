"""--changed-since REF: lint what changed since a git ref, and what depends on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import copy_example, replace_in, run_cli, run_json
from tests.workflow_posts import NO_OFFSET_POST, write_post


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose folder ``site/`` holds the example site, all committed."""
    copy_example(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "site")
    return tmp_path


def linted(repo: Path, *args: str) -> tuple[int, dict, list[str]]:
    code, report = run_json("--changed-since", *args, cwd=repo)
    return (
        code,
        report,
        [(d["path"], d["code"], d["line"], d["column"]) for d in report["diagnostics"]],
    )


def test_nothing_changed_lints_nothing(repo: Path) -> None:
    code, report, found = linted(repo, "HEAD")
    assert (code, report["files"], found) == (0, 0, [])


def test_a_new_untracked_post_is_linted_alone(repo: Path) -> None:
    write_post(repo / "site", "2024-03-07-EX1.md", NO_OFFSET_POST)
    code, report, found = linted(repo, "HEAD")
    assert code == 1
    assert report["files"] == 1
    assert found == [("site/_posts/2024-03-07-EX1.md", "FM005", 4, 7)]


def test_committed_and_staged_changes_count_against_an_older_ref(repo: Path) -> None:
    post = repo / "site" / "_posts" / "2024-03-05-EX202403050001.md"
    replace_in(post, "08:30:00 +0800", "08:30:00")
    git(repo, "commit", "-q", "-am", "drop the offset")
    other = repo / "site" / "_posts" / "2024-03-06-EX202403060003.md"
    replace_in(other, "+0800", "")
    git(repo, "add", ".")
    code, report, found = linted(repo, "HEAD~1")
    assert code == 1
    assert [(path, c) for path, c, _, _ in found] == [
        ("site/_posts/2024-03-05-EX202403050001.md", "FM005"),
        ("site/_posts/2024-03-06-EX202403060003.md", "FM005"),
    ]
    assert report["files"] == 2
    # Against HEAD, only the staged change remains.
    code, report, found = linted(repo, "HEAD")
    assert [path for path, *_ in found] == ["site/_posts/2024-03-06-EX202403060003.md"]


def test_a_changed_category_page_lints_the_posts_that_link_to_it(repo: Path) -> None:
    replace_in(repo / "site" / "kuaixun.md", 'title: "示例快讯"', 'title: "示例快讯频道"')
    code, report, _ = linted(repo, "HEAD")
    assert code == 0
    # kuaixun.md itself and the two kuaixun posts; not the chenbao post.
    assert report["files"] == 3
    code, report = run_json("--changed-since", "HEAD", "site/_posts", cwd=repo)
    assert report["files"] == 2


def test_a_page_that_stops_listing_a_category_lints_that_category_s_posts(repo: Path) -> None:
    """The page moved away from /kuaixun/: its posts' return links now lead nowhere, though
    no page lists their category any more."""
    replace_in(repo / "site" / "kuaixun.md", "permalink: /kuaixun/", "permalink: /flash/")
    code, report, found = linted(repo, "HEAD")
    assert report["files"] == 3  # kuaixun.md and the two kuaixun posts
    assert code == 1
    assert {path for path, *_ in found} == {
        "site/_posts/2024-03-05-EX202403050002.md",
        "site/_posts/2024-03-06-EX202403060003.md",
    }
    _, everything = run_json("site", cwd=repo)
    assert found == [
        (d["path"], d["code"], d["line"], d["column"]) for d in everything["diagnostics"]
    ]


def test_a_page_that_was_the_home_page_lints_every_post(repo: Path) -> None:
    replace_in(repo / "site" / "index.md", "permalink: /\n", "permalink: /home/\n")
    _, report, _ = linted(repo, "HEAD")
    assert report["files"] == 4  # index.md and every post


def test_a_changed_config_lints_the_whole_site(repo: Path) -> None:
    config = repo / "site" / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("timezone: Asia/Shanghai\n", ""),
        encoding="utf-8",
    )
    _, everything = run_json("site", cwd=repo)
    _, report, _ = linted(repo, "HEAD")
    assert report["files"] == everything["files"] == 6


def test_a_removed_page_lints_every_post(repo: Path) -> None:
    (repo / "site" / "category" / "chenbao.html").unlink()
    _, report, _ = linted(repo, "HEAD")
    assert report["files"] == 3


def test_a_bad_ref_or_no_repository_is_a_usage_error(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    code, _ = run_cli("check", "--changed-since", "no-such-ref", cwd=repo)
    assert code == 2
    outside = tmp_path_factory.mktemp("not-a-repo")
    code, _ = run_cli("check", "--changed-since", "HEAD", cwd=outside)
    assert code == 2


def test_changes_made_on_the_base_branch_after_branching_are_not_ours(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write_post(repo / "site", "2024-03-07-EX1.md", NO_OFFSET_POST)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "feature post")
    git(repo, "checkout", "-q", "main")
    replace_in(repo / "site" / "_posts" / "2024-03-06-EX202403060003.md", "+0800", "")
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "feature")
    code, report, found = linted(repo, "main")
    assert code == 1
    assert report["files"] == 1
    assert found == [("site/_posts/2024-03-07-EX1.md", "FM005", 4, 7)]


def test_a_renamed_page_counts_as_removed_and_lints_every_post(repo: Path) -> None:
    git(repo, "mv", "site/category/chenbao.html", "site/category/chenbao-news.html")
    _, report, _ = linted(repo, "HEAD")
    assert report["files"] == 4  # the page under its new name and the three posts
