"""``finews-lint check PATH...`` (what pre-commit runs): its direct start and its quick replay.

The plain command line skips typer; it must behave exactly as the full one. A plain run
with nothing changed answers from the inputs it wrote down (finews_lint.quick); any change
to any input must give what a run without the cache gives.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from finews_lint import app, entry, listing, quick, statall

from tests.helpers import REFERENCE, run_cli

PLAIN = [sys.executable, "-c", "from finews_lint.entry import main; main()"]
FULL = [sys.executable, "-c", "from finews_lint.cli import main; main()"]
OTHER = "_posts/2021-12-01-init.md"


def _run(command: list[str], site: Path, *args: str) -> tuple[int, str, str]:
    done = subprocess.run([*command, *args], cwd=site, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [("check", "_posts"), ("check", REFERENCE), ("check",), ("check", "nowhere.md", REFERENCE)],
    ids=["folder", "clean file", "no path", "missing path"],
)
def test_the_plain_command_line_behaves_as_the_full_one(
    sample: Path, args: tuple[str, ...]
) -> None:
    full = _run(FULL, sample, *args)
    assert _run(PLAIN, sample, *args) == full
    assert _run(PLAIN, sample, *args) == full  # the second time from the cache


def test_a_bad_configuration_is_reported_the_same_way(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text("select = [\n", encoding="utf-8")
    full = _run(FULL, sample, "check", REFERENCE)
    assert full[0] == 2 and full[2].startswith("finews-lint: ")
    assert _run(PLAIN, sample, "check", REFERENCE) == full


def test_options_and_stdin_go_to_the_full_command_line() -> None:
    assert entry.plain_check_paths(["check", "a.md", "b.md"]) == ["a.md", "b.md"]
    for args in (
        ["check", "--no-cache", "a.md"],
        ["check", "-"],
        ["check", "--", "a.md"],
        ["fix", "a.md"],
        [],
    ):
        assert entry.plain_check_paths(args) is None


def test_an_unchanged_run_is_answered_before_the_linter_is_imported(sample: Path) -> None:
    loaded = "'engine' if 'finews_lint.engine' in sys.modules else 'no engine'"
    probe = f"import atexit, sys; atexit.register(lambda: print({loaded}, file=sys.stderr))"
    command = [sys.executable, "-c", f"{probe}; from finews_lint.entry import main; main()"]
    (
        sample / ".finews-lint-cache"
    ).mkdir()  # as after any earlier run: the site's root is unchanged
    time.sleep(statall.RACY_NS / 1e9 + 0.1)  # the copied site is older than the racy window now
    first = _run(command, sample, "check", "_posts")
    second = _run(command, sample, "check", "_posts")
    assert first[2].strip() == "engine" and second[2].strip() == "no engine"
    assert second[:2] == first[:2] and second[0] == 1


def test_files_changed_within_the_racy_window_are_not_written_down(sample: Path) -> None:
    (sample / REFERENCE).touch()  # changed just now: younger than the racy window
    code, out, _ = _run(PLAIN, sample, "check", "_posts")
    assert code == 1 and out
    assert list(sample.glob(".finews-lint-cache/quick/*")) == []


@pytest.fixture
def plain(
    sample: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trust_fresh_stamps: None,
) -> Callable[..., tuple[int, str]]:
    """Run the plain command line in-process from the site, trusting stamps of any age."""
    monkeypatch.setattr(listing, "KEPT_FROM", 10)  # the sample's posts folder is kept too
    monkeypatch.chdir(sample)
    (
        sample / ".finews-lint-cache"
    ).mkdir()  # as after any earlier run: the site's root is unchanged

    def run(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["finews-lint", "check", *args])
        with pytest.raises(SystemExit) as exited:
            entry.main()
        assert isinstance(exited.value.code, int)
        return exited.value.code, capsys.readouterr().out

    return run


def _forbid_linting(monkeypatch: pytest.MonkeyPatch) -> None:
    def linted(*args: object, **kwargs: object) -> None:
        raise AssertionError("the quick replay did not answer")

    monkeypatch.setattr(app, "check_and_report", linted)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _copy_over_other_post(site: Path) -> None:
    """Overwrite an older post with the linted post's text: the linted post is now its duplicate."""
    (site / OTHER).write_bytes((site / REFERENCE).read_bytes())


CHANGES: dict[str, Callable[[Path], None]] = {
    "the linted post": lambda site: _append(site / REFERENCE, "\n<div>\n"),
    "another post": _copy_over_other_post,
    "a new post": lambda site: shutil.copy(
        site / REFERENCE, site / "_posts/2022-02-12-NW2022COPY.md"
    ),
    "a category page removed": lambda site: (site / "category/dazhongribao.html").unlink(),
    "_config.yml": lambda site: _replace(
        site / "_config.yml", "url: https://finews.withounder.com", "url: https://x.org"
    ),
    "a configuration file": lambda site: (site / ".finews-lint.toml").write_text(
        'ignore = ["SRC", "REPO001"]\n', encoding="utf-8"
    ),
    "a configuration file above": lambda site: (site.parent / ".finews-lint.toml").write_text(
        'select = ["FM"]\n', encoding="utf-8"
    ),
    "a layout removed": lambda site: (site / "_layouts/post.html").unlink(),
    "a _config.yml between the files and the site root": lambda site: (
        site / "_posts" / "_config.yml"
    ).write_text("title: 子站\n", encoding="utf-8"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.parametrize(
    "paths", [("_posts",), (REFERENCE, "category")], ids=["posts", "a post and pages"]
)
def test_a_change_to_any_input_is_linted_not_replayed(
    sample: Path,
    plain: Callable[..., tuple[int, str]],
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path], None],
    paths: tuple[str, ...],
) -> None:
    before = plain(*paths)
    with monkeypatch.context() as patched:
        _forbid_linting(patched)
        assert plain(*paths) == before  # replayed without linting
    change(sample)
    after = plain(*paths)
    assert after == run_cli("check", "--no-cache", *paths, cwd=sample)
    assert after != before


def test_a_named_path_that_appears_is_linted(
    sample: Path, plain: Callable[..., tuple[int, str]]
) -> None:
    outside = "../drafts/2022-02-12-draft.md"  # in no folder the run lists
    before = plain(outside, REFERENCE)
    assert f"{outside}: no such file or folder" in before[1]
    assert plain(outside, REFERENCE) == before
    (sample.parent / "drafts").mkdir()
    (sample / outside).write_text("---\ntitle: 草稿\n---\n<p>正文\n", encoding="utf-8")
    after = plain(outside, REFERENCE)
    assert after == run_cli("check", "--no-cache", outside, REFERENCE, cwd=sample)
    assert "no such file" not in after[1] and "2022-02-12-draft.md" in after[1]


def test_a_file_that_gains_front_matter_becomes_a_page(
    sample: Path, plain: Callable[..., tuple[int, str]]
) -> None:
    (sample / "notes").mkdir()
    note = sample / "notes" / "about.md"
    note.write_text("# 关于\n\n[首页](/nowhere.html)\n", encoding="utf-8")
    before = plain("notes")
    assert plain("notes") == before
    note.write_text(
        "---\nlayout: nowhere\n---\n# 关于\n\n[首页](/nowhere.html)\n", encoding="utf-8"
    )
    after = plain("notes")
    assert after == run_cli("check", "--no-cache", "notes", cwd=sample)
    assert "notes/about.md" in after[1] and "notes/about.md" not in before[1]


def test_only_the_newest_records_are_kept(
    sample: Path, plain: Callable[..., tuple[int, str]]
) -> None:
    posts = sorted(p.relative_to(sample).as_posix() for p in (sample / "_posts").glob("*.md"))
    for post in posts[: quick.KEEP + 2]:
        plain(post)
    assert len(list(sample.glob(".finews-lint-cache/quick/*"))) == quick.KEEP


def test_a_damaged_record_is_not_replayed(
    sample: Path, plain: Callable[..., tuple[int, str]]
) -> None:
    first = plain("_posts")
    (record,) = sample.glob(".finews-lint-cache/quick/*")
    record.write_bytes(record.read_bytes()[:-100])
    assert plain("_posts") == first


@pytest.mark.parametrize(
    "changed", [None, 3, 40, 90], ids=["none", "a target", "parent's half", "helper's half"]
)
def test_stamps_are_checked_on_two_cores_to_the_last_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: int | None
) -> None:
    monkeypatch.setattr(quick, "SPLIT_FROM", 2)  # the forked helper checks the second half
    paths = []
    for number in range(100):
        path = tmp_path / f"{number:03d}.md"
        path.write_text("x" * number, encoding="utf-8")
        paths.append(str(path))
    expected = statall.stamps("", paths)
    if changed is not None:
        Path(paths[changed]).write_text("changed", encoding="utf-8")
    encoded = [path.encode() for path in paths]
    assert quick._all_same(encoded, expected) is (changed is None)


@pytest.mark.parametrize("options", [[], ["--no-cache"]], ids=["plain", "full"])
def test_a_removed_working_folder_is_a_clear_error(tmp_path: Path, options: list[str]) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = "from finews_lint.entry import main; main()"
    command = f'"{sys.executable}" -c "{script}" check {" ".join(options)} x.md'
    shell = f'cd "{gone}" && rmdir "{gone}" && exec {command}'
    done = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr == "finews-lint: the current folder cannot be used: No such file or directory\n"
    )


@pytest.mark.parametrize("options", [[], ["--no-cache"]], ids=["plain", "full"])
def test_a_closed_standard_output_still_gives_the_exit_code(
    sample: Path, options: list[str]
) -> None:
    script = "from finews_lint.entry import main; main()"
    command = f'"{sys.executable}" -c "{script}" check {" ".join(options)} _posts'
    done = subprocess.run(
        ["sh", "-c", f"exec {command} >&-"], cwd=sample, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (1, "")


def test_a_one_file_run_takes_the_posts_stamps_from_the_helper(
    sample: Path, plain: Callable[..., tuple[int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statall, "SPLIT_FROM", 10)  # the sample's 112 posts get a helper
    served: list[object] = []
    take = statall._prefetched_stamps
    monkeypatch.setattr(
        statall, "_prefetched_stamps", lambda *args: served.append(take(*args)) or served[-1]
    )
    before = plain(REFERENCE)
    assert (sample / ".finews-lint-cache" / statall.LIST_NAME).is_file()
    _copy_over_other_post(sample)  # edited in place: the listing of _posts does not change
    after = plain(REFERENCE)
    assert served and served[0] is not None  # the second run's post stamps came from the helper
    assert after == run_cli("check", "--no-cache", REFERENCE, cwd=sample)
    assert after != before  # the reference post now has a duplicate
