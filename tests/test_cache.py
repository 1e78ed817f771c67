"""The result cache: a warm run says exactly what a cold run says, and never goes stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REFERENCE, run_cli, run_json

CACHE = ".finews-lint-cache"


def test_warm_run_reports_the_same_as_a_cold_run(sample: Path) -> None:
    cold_code, cold = run_json("_posts", cwd=sample)
    assert (sample / CACHE).is_dir()
    warm_code, warm = run_json("_posts", cwd=sample)
    assert (warm_code, warm) == (cold_code, cold)
    _, uncached = run_json("_posts", "--no-cache", cwd=sample)
    assert uncached == cold


def test_no_cache_writes_nothing(sample: Path) -> None:
    run_json("_posts", "--no-cache", cwd=sample)
    assert not (sample / CACHE).exists()


def test_an_edited_post_is_linted_again(sample: Path) -> None:
    run_json(REFERENCE, cwd=sample)
    path = sample / REFERENCE
    path.write_text(path.read_text(encoding="utf-8").replace(" +0800", ""), encoding="utf-8")
    _, report = run_json(REFERENCE, "--select", "FM", cwd=sample)
    assert [d["code"] for d in report["diagnostics"]] == ["FM005"]


def test_a_config_change_is_not_served_from_the_cache(sample: Path) -> None:
    target = "_posts/2021-12-08-202112082206803113.md"
    _, before = run_json(target, cwd=sample)
    assert [d["severity"] for d in before["diagnostics"] if d["code"] == "FM005"] == ["error"]
    (sample / ".finews-lint.toml").write_text('[severity]\nFM005 = "warning"\n', encoding="utf-8")
    _, after = run_json(target, cwd=sample)
    assert [d["severity"] for d in after["diagnostics"] if d["code"] == "FM005"] == ["warning"]


def test_a_site_change_is_not_served_from_the_cache(sample: Path) -> None:
    run_json(REFERENCE, cwd=sample)
    (sample / "_layouts" / "post.html").rename(sample / "_layouts" / "article.html")
    _, report = run_json(REFERENCE, "--select", "FM", cwd=sample)
    assert [d["code"] for d in report["diagnostics"]] == ["FM004"]


def test_clean_removes_the_cache(sample: Path) -> None:
    run_json("_posts", cwd=sample)
    code, out = run_cli("clean", cwd=sample)
    assert code == 0 and "removed" in out
    assert not (sample / CACHE).exists()


def test_a_corrupt_cache_file_is_ignored(sample: Path) -> None:
    _, cold = run_json("_posts", cwd=sample)
    shards = [p for p in (sample / CACHE).rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert shards
    for path in shards:
        path.write_bytes(b"not a cache file")
    _, again = run_json("_posts", cwd=sample)
    assert again == cold


def test_a_cache_file_damaged_where_it_still_loads_is_ignored(sample: Path) -> None:
    """Bytes changed inside a message or a URL leave a file that still unmarshals (a bad
    disk, a CI cache restored half-written): the run must not report garbled messages or
    judge links by URLs no post has."""
    _, cold = run_json("_posts", cwd=sample)
    damaged = set()
    for path in (sample / CACHE).rglob("*"):
        if not path.is_file() or path.name == ".gitignore":
            continue
        data = path.read_bytes()
        for good, bad in ((b"UTC offset", b"UTC 0ffset"), (b"/emnews/", b"/emnewz/")):
            if good in data:
                data = data.replace(good, bad)
                damaged.add((path.name.split("-")[0].split(".")[0], good))
        path.write_bytes(data)
    # Result shards hold the messages; the post index holds the posts' URLs.
    assert ("posts", b"/emnews/") in damaged
    assert any(good == b"UTC offset" and name != "posts" for name, good in damaged)
    _, again = run_json("_posts", cwd=sample)
    assert again == cold


def _finding(path: str, message: str) -> object:
    from finews_lint.diagnostic import Diagnostic, Severity

    return Diagnostic(
        path,
        3,
        5,
        3,
        9,
        "FM005",
        "date-timezone",
        Severity.ERROR,
        message,
        None,
        0,
        0,
        "date: 2022-01-01",
        None,
    )


def test_a_shard_keeps_its_strings_while_most_are_used_and_drops_them_after(
    tmp_path: Path,
) -> None:
    from finews_lint.cache import ResultCache

    paths = [f"_posts/2022-01-{n:02d}-p.md" for n in range(1, 29)]
    cache = ResultCache(tmp_path, "key")
    cache.SHARDS = 1  # one shard holds every entry
    for path in paths:
        cache.put(path, "hash", [_finding(path, f"first message of {path}")])
    cache.save()
    for run in range(3):  # one-file runs, each with a new message for the same post
        cache = ResultCache(tmp_path, "key")
        cache.SHARDS = 1
        cache.put(paths[0], "hash", [_finding(paths[0], f"message {run}")])
        cache.save()
        strings = ResultCache(tmp_path, "key")._shard(0).strings
        assert "message 0" in strings  # kept: most of the table is still used
    for path in paths[1:]:  # every other post edited: most old messages unused
        cache.put(path, "hash", [_finding(path, f"second message of {path}")])
    cache.save()
    reread = ResultCache(tmp_path, "key")
    reread.SHARDS = 1
    assert not any(text.startswith("first message") for text in reread._shard(0).strings)
    assert [d.message for d in reread.get(paths[5], "hash") or []] == [
        f"second message of {paths[5]}"
    ]
    assert [d.message for d in reread.get(paths[0], "hash") or []] == ["message 2"]


def test_the_cache_key_reads_settings_in_any_order_and_tells_every_change() -> None:
    from finews_lint.config import Config

    one = Config(severity={"FM005": "warning", "HT001": "error"}, rules={"x": {"a": 1, "b": [2]}})
    same = Config(severity={"HT001": "error", "FM005": "warning"}, rules={"x": {"b": [2], "a": 1}})
    assert one.cache_text() == same.cache_text()
    changed = [
        Config(severity={"FM005": "error", "HT001": "error"}, rules={"x": {"a": 1, "b": [2]}}),
        Config(severity={"FM005": "warning", "HT001": "error"}, rules={"x": {"a": "1", "b": [2]}}),
        Config(
            severity={"FM005": "warning", "HT001": "error"},
            rules={"x": {"a": 1, "b": [2]}},
            file_timeout=5.0,
        ),
    ]
    assert len({one.cache_text(), *(config.cache_text() for config in changed)}) == 4


def test_a_plugin_rule_edited_in_place_is_not_served_from_the_cache(example: Path) -> None:
    """The plugin's source is part of the cache's key: its new message and severity show."""
    plugin = example / "house_rule.py"

    def write(message: str, severity: str) -> None:
        plugin.write_text(
            "from finews_lint.diagnostic import Problem\n"
            f"CODE = 'ZZ001'\nNAME = 'house'\nTARGET = 'body'\nSEVERITY = '{severity}'\n"
            f"def check(doc, options):\n    yield Problem(0, 1, '{message}')\n",
            encoding="utf-8",
        )

    write("v1", "warning")
    (example / ".finews-lint.toml").write_text('plugins = ["house_rule.py"]\n', encoding="utf-8")
    code, first = run_json("_posts", "--select", "ZZ", cwd=example)
    assert code == 0 and {d["message"] for d in first["diagnostics"]} == {"v1"}
    write("v2!", "error")
    code, again = run_json("_posts", "--select", "ZZ", cwd=example)
    assert (code, again) == run_json("_posts", "--select", "ZZ", "--no-cache", cwd=example)
    assert code == 1 and {d["message"] for d in again["diagnostics"]} == {"v2!"}


def test_a_new_build_of_the_same_version_is_not_served_from_the_cache(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit hook's new `rev`, or `pip install -U` from git, keeps the version number:
    the findings of the code before must not be replayed."""
    from finews_lint import codestamp
    from finews_lint.rules import date_timezone

    target = "_posts/2021-12-08-202112082206803113.md"
    assert "FM005" in {d["code"] for d in run_json(target, cwd=sample)[1]["diagnostics"]}
    monkeypatch.setattr(date_timezone, "check", lambda doc, options: iter(()))
    assert "FM005" in {d["code"] for d in run_json(target, cwd=sample)[1]["diagnostics"]}
    monkeypatch.setattr(codestamp, "_known", "0.2.0+another-build")  # the new code installed
    assert "FM005" not in {d["code"] for d in run_json(target, cwd=sample)[1]["diagnostics"]}


def _install(site_packages: Path, *lines: str) -> str:
    from finews_lint import __version__

    package = site_packages / "finews_lint"
    package.mkdir(parents=True)
    info = site_packages / f"finews_lint-{__version__}.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(package)


def test_an_installed_copy_is_identified_by_the_hashes_pip_recorded(tmp_path: Path) -> None:
    """The same code installed into another environment (each CI run) keeps its identity,
    so a cache restored into CI still serves; a changed file does not."""
    from finews_lint.codestamp import recorded_hashes

    code = ("finews_lint/engine.py,sha256=AAA,10", "finews_lint/rules/a.py,sha256=BBB,20")
    one = _install(
        tmp_path / "one",
        "../../../bin/finews-lint,sha256=one-venv,231",
        *code,
        "finews_lint/__pycache__/engine.cpython-311.pyc,,",
    )
    two = _install(tmp_path / "two", *reversed(code), "../../../bin/finews-lint,sha256=two,231")
    changed = _install(tmp_path / "three", code[0], "finews_lint/rules/a.py,sha256=CCC,20")
    assert recorded_hashes(one) == recorded_hashes(two) != b""
    assert recorded_hashes(changed) != recorded_hashes(one)
    assert recorded_hashes(str(tmp_path / "nowhere" / "finews_lint")) == b""


def test_a_source_checkout_is_identified_by_its_modules_sizes_and_times(tmp_path: Path) -> None:
    import os

    from finews_lint.codestamp import module_stamps

    (tmp_path / "engine.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not code\n", encoding="utf-8")
    before = module_stamps([str(tmp_path)])
    (tmp_path / "notes.txt").write_text("still not code\n", encoding="utf-8")
    assert module_stamps([str(tmp_path)]) == before
    os.utime(tmp_path / "engine.py", ns=(1, 1))  # edited, even to the same size
    assert module_stamps([str(tmp_path)]) != before


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a reader run away fails


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_cache_file_that_is_no_regular_file_is_ignored(sample: Path, kind: str) -> None:
    """A FIFO in the cache folder hung the run; a link to /dev/zero read until the kernel
    killed it. Neither is a file the cache wrote: it is ignored, as a damaged one is."""
    assert run_cli("check", REFERENCE, cwd=sample)[0] == 0  # fills the cache
    kept = sorted((sample / ".finews-lint-cache").glob("rules-*.marshal"))
    assert kept
    kept[0].unlink()
    if kind == "fifo":
        os.mkfifo(kept[0])
    else:
        kept[0].symlink_to("/dev/zero")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from finews_lint.entry import console; console()",
            "check",
            REFERENCE,
        ],
        cwd=sample,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "All checks passed" in done.stdout and "Traceback" not in done.stderr
