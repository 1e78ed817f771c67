"""A run whose inputs are all unchanged writes its last report again, and only then.

Each test makes a report, changes one input the report depends on, and checks that the
next run says what a run without the cache says; and that a run with nothing changed
does not lint at all.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from finews_lint import cachedir, engine, replay, statall

from tests.helpers import REFERENCE, run_cli
from tests.linkhelpers import LINKED, LINKED_URL, LINKING, dazhong_post

pytestmark = pytest.mark.usefixtures("trust_fresh_stamps")  # files written a moment ago


@pytest.fixture
def no_linting(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it to make any linting from then on fail the test."""

    def forbid() -> None:
        def linted(*args: object, **kwargs: object) -> None:
            raise AssertionError("the run linted although nothing had changed")

        monkeypatch.setattr(engine.Linter, "check_targets", linted)

    return forbid


def _reports(site: Path) -> list[Path]:
    return sorted(site.glob(".finews-lint-cache/*/reports/*"))


@pytest.mark.parametrize(
    "args", [("_posts",), (REFERENCE,), ("--format", "json", "."), ("--format", "sarif", ".")]
)
def test_an_unchanged_run_writes_the_same_report_without_linting(
    sample: Path, no_linting: Callable[[], None], args: tuple[str, ...]
) -> None:
    first = run_cli("check", *args, cwd=sample)
    no_linting()
    assert run_cli("check", *args, cwd=sample) == first
    assert first[0] == (0 if args == (REFERENCE,) else 1)


def test_each_format_and_selection_has_its_own_report(sample: Path) -> None:
    text = run_cli("check", "_posts", cwd=sample)
    json_report = run_cli("check", "--format", "json", "_posts", cwd=sample)
    selected = run_cli("check", "--select", "SRC", "_posts", cwd=sample)
    assert json_report[1].startswith("{") and not text[1].startswith("{")
    assert "FM005" in text[1] and "FM005" not in selected[1] and "SRC001" in selected[1]
    assert run_cli("check", "_posts", cwd=sample) == text
    assert run_cli("check", "--select", "SRC", "_posts", cwd=sample) == selected


def _edit_linted_post(site: Path) -> None:
    path = site / REFERENCE
    path.write_text(path.read_text(encoding="utf-8").replace(" +0800\n", "\n", 1), encoding="utf-8")


def _add_linked_post(site: Path) -> None:
    (site / LINKED).write_text(
        dazhong_post("2022-03-01 09:00:00", "旧文", "旧文。"), encoding="utf-8"
    )


def _remove_category_page(site: Path) -> None:
    for page in (site / "category").iterdir():
        page.unlink()


def _change_config(site: Path) -> None:
    config = site / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\npermalink: /:year/:title.html\n", encoding="utf-8"
    )


def _add_tool_config(site: Path) -> None:
    (site / ".finews-lint.toml").write_text('ignore = ["LNK004"]\n', encoding="utf-8")


CHANGES = {
    "the linted post": _edit_linted_post,
    "a post the linted one links to": _add_linked_post,
    "the category pages": _remove_category_page,
    "_config.yml": _change_config,
    "the tool's configuration": _add_tool_config,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.parametrize("paths", [("_posts",), (LINKING, REFERENCE)], ids=["folder", "two files"])
def test_a_change_to_any_input_is_reported_not_replayed(
    sample: Path, change: Callable[[Path], None], paths: tuple[str, ...]
) -> None:
    (sample / LINKING).write_text(
        dazhong_post(
            "2022-03-02 10:00:00", "引用旧文", f'另见<a href="{LINKED_URL}">此前报道</a>。'
        ),
        encoding="utf-8",
    )
    before = run_cli("check", *paths, cwd=sample)
    assert run_cli("check", *paths, cwd=sample) == before  # replayed
    change(sample)
    after = run_cli("check", *paths, cwd=sample)
    assert after == run_cli("check", "--no-cache", *paths, cwd=sample)
    assert after != before


def test_a_new_file_in_a_linted_folder_is_linted(sample: Path) -> None:
    before = run_cli("check", "_posts", cwd=sample)
    shutil.copy(sample / REFERENCE, sample / "_posts/2022-02-12-NW2022COPY.md")
    after = run_cli("check", "_posts", cwd=sample)
    assert after == run_cli("check", "--no-cache", "_posts", cwd=sample)
    assert "2022-02-12-NW2022COPY.md" in after[1] and "2022-02-12-NW2022COPY.md" not in before[1]


def test_files_changed_a_moment_ago_are_not_replayed(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        statall, "RACY_NS", 60 * 1_000_000_000
    )  # every file of the copy is "just written"
    run_cli("check", "_posts", cwd=sample)
    assert _reports(sample) == []


def test_no_report_is_kept_without_the_cache_or_with_a_baseline(
    sample: Path, tmp_path: Path
) -> None:
    run_cli("check", "--no-cache", "_posts", cwd=sample)
    run_cli("check", "--write-baseline", str(tmp_path / "baseline.json"), "_posts", cwd=sample)
    run_cli("check", "--output-file", str(tmp_path / "report.txt"), "_posts", cwd=sample)
    assert _reports(sample) == []


def test_only_the_newest_reports_are_kept(sample: Path) -> None:
    posts = sorted(p.relative_to(sample).as_posix() for p in (sample / "_posts").glob("*.md"))
    for post in posts[: replay.KEEP + 3]:
        run_cli("check", post, cwd=sample)
    assert len(_reports(sample)) == replay.KEEP


def test_a_damaged_report_is_not_replayed(sample: Path) -> None:
    first = run_cli("check", "_posts", cwd=sample)
    (report,) = _reports(sample)
    report.write_bytes(b"garbage\n" + report.read_bytes())
    assert run_cli("check", "_posts", cwd=sample) == first


def test_a_stored_report_reaches_a_text_only_terminal_unchanged() -> None:
    terminal = io.StringIO()
    replay.write(terminal, "_posts/新闻.md:1:1: SRC001 缺少来源\n".encode())
    assert terminal.getvalue() == "_posts/新闻.md:1:1: SRC001 缺少来源\n"


def test_a_report_written_as_it_is_rendered_reaches_a_text_terminal_and_its_file_whole(
    tmp_path: Path,
) -> None:
    """The report goes to the terminal and to its file in pieces; a piece may end inside a
    character (UTF-8 of Chinese text), which a text-only terminal must still get whole."""
    text = "_posts/新闻.md:1:1: SRC001 缺少来源\n" * 3
    data = text.encode()
    terminal = io.StringIO()
    recording = replay.Recording(terminal, cachedir.Writer(tmp_path, "reports/key"))
    for start in range(0, len(data), 7):  # 7 bytes: most pieces cut a character
        recording.write(data[start : start + 7])
    assert recording.finish()
    assert terminal.getvalue() == text
    assert cachedir.read(tmp_path / "reports" / "key") == data


def test_a_report_whose_file_fails_midway_still_reaches_the_terminal_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = cachedir.Writer(tmp_path, "reports/key")
    pieces = 0

    def disk_full(data: object) -> None:
        nonlocal pieces
        pieces += 1
        if pieces > 1:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write", disk_full)
    terminal = io.StringIO()
    recording = replay.Recording(terminal, writer)
    for line in ("第一行\n", "第二行\n", "第三行\n"):
        recording.write(line.encode())
    assert not recording.finish()
    assert terminal.getvalue() == "第一行\n第二行\n第三行\n"
    assert list((tmp_path / "reports").iterdir()) == []


def test_a_report_with_no_room_in_the_cache_is_written_all_the_same(sample: Path) -> None:
    first = run_cli("check", "_posts", cwd=sample)
    (folder,) = sample.glob(".finews-lint-cache/*/reports")
    shutil.rmtree(folder)
    folder.write_text("not a folder", encoding="utf-8")  # no report can be kept there
    assert run_cli("check", "_posts", cwd=sample) == first
    assert run_cli("check", "_posts", cwd=sample) == first
    assert not list(sample.glob(".finews-lint-cache/**/*.tmp"))


def test_the_cache_folder_keeps_itself_out_of_git(sample: Path) -> None:
    run_cli("check", REFERENCE, cwd=sample)
    assert (sample / ".finews-lint-cache" / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_equal_stamps_give_the_same_key_however_python_holds_them(sample: Path) -> None:
    """Stamps read by the stat helpers share int objects; stamps taken here do not. The key
    of the run must not see the difference: it did, and the second run after a cache was
    built relinted 20,000 posts instead of writing the report again."""
    from finews_lint.app import RunRequest, make_linter

    keys = []
    for shared in (True, False):
        linter = make_linter(RunRequest(cwd=sample))
        targets, missing = linter.discovery.targets([sample / "_posts"])
        linter.open_cache(sample / ".finews-lint-cache")
        for path, stamp in linter.stamp_targets(targets).items():
            assert stamp is not None
            size, mtime, inode, _ = (int(str(value)) for value in stamp)  # fresh objects
            ctime = mtime if shared else int(str(mtime))  # equal; one object or two
            linter._stamps[path] = (size, mtime, inode, ctime)
        keys.append(replay.run_key(linter, targets, missing, "text\0False"))
    assert keys[0] is not None and keys[0] == keys[1]


def _sealed_report(folder: Path, head: bytes, text: str) -> Path:
    cachedir.write(folder, "reports/key", [head, text.encode()])
    return folder / "reports" / "key"


def test_a_report_is_copied_piece_by_piece_as_it_was_stored(tmp_path: Path) -> None:
    """The quick record takes its copy of the report in pieces (a 100,000-post site's report
    is ~60 MB); the copy is the stored report, byte for byte."""
    text = "_posts/新闻.md:1:1: SRC001 缺少来源\n" * 50
    path = _sealed_report(tmp_path, b"head\n", text)
    found = cachedir.read_in_pieces(path, b"head\n", piece=64)
    assert found is not None
    size, pieces = found
    assert size == len(text.encode())
    cachedir.write(tmp_path, "copy", pieces)
    assert cachedir.read(tmp_path / "copy") == text.encode()


@pytest.mark.parametrize("damage", ["cut short", "a byte changed", "another head"])
def test_a_damaged_report_is_not_copied(tmp_path: Path, damage: str) -> None:
    path = _sealed_report(tmp_path, b"head\n", "第一行\n" * 100)
    data = bytearray(path.read_bytes())
    if damage == "cut short":
        del data[200:260]
    elif damage == "a byte changed":
        data[150] ^= 1
    else:
        data[:4] = b"HEAD"
    path.write_bytes(data)
    found = cachedir.read_in_pieces(path, b"head\n", piece=64)
    assert found is not None
    with pytest.raises(OSError):
        cachedir.write(tmp_path, "copy", found[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "reports"]


def test_a_missing_report_has_no_pieces(tmp_path: Path) -> None:
    assert cachedir.read_in_pieces(tmp_path / "none", b"head\n") is None
