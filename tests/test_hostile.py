"""Hostile input: whatever a file holds, check reports it and goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.helpers import REFERENCE, run_cli, run_json


def _codes(report: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for d in report["diagnostics"]:
        found.setdefault(d["path"], set()).add(d["code"])
    return found


def test_gbk_site_is_read_with_its_configured_encoding(sample: Path) -> None:
    with (sample / "_config.yml").open("a", encoding="utf-8") as config:
        config.write("\nencoding: gbk\n")
    for path in (sample / "_posts").iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_bytes(text.encode("gbk", errors="replace"))
    code, report = run_json(REFERENCE, "--select", "FM,IO", cwd=sample)
    assert (code, report["diagnostics"]) == (0, [])


def test_gb18030_bytes_in_a_utf8_site_point_at_the_first_bad_byte(sample: Path) -> None:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8")
    path.write_bytes(
        text[:200].encode("utf-8") + "大众日报".encode("gb18030") + text[200:].encode("utf-8")
    )
    _, report = run_json(REFERENCE, cwd=sample)
    (finding,) = report["diagnostics"]
    before = text[:200]
    assert finding["code"] == "IO002"
    assert (finding["line"], finding["column"]) == (
        before.count("\n") + 1,
        len(before.split("\n")[-1]) + 1,
    )


def test_special_files_do_not_hang_or_crash_the_run(sample: Path) -> None:
    posts = sample / "_posts"
    os.mkfifo(posts / "2022-01-01-pipe.md")
    (posts / "2022-01-02-dangling.md").symlink_to(posts / "missing.md")
    (posts / "2022-01-03-loop.md").symlink_to(posts / "2022-01-03-loop.md")
    (posts / "2022-01-04-empty.md").write_bytes(b"")
    (posts / "2022-01-05-binary.md").write_bytes(bytes(range(256)) * 4)
    (posts / "2022-01-06-nul.md").write_bytes(b"---\ntitle: a\x00b\n---\n")
    started = time.monotonic()
    code, report = run_json("_posts", "--select", "FM,IO", cwd=sample)
    assert time.monotonic() - started < 60
    assert code == 1
    found = _codes(report)
    assert found["_posts/2022-01-01-pipe.md"] == {"IO001"}
    assert found["_posts/2022-01-02-dangling.md"] == {"IO001"}
    assert found["_posts/2022-01-03-loop.md"] == {"IO001"}
    assert found["_posts/2022-01-04-empty.md"] == {"FM001"}
    assert found["_posts/2022-01-05-binary.md"] == {"IO002"}
    assert found["_posts/2022-01-06-nul.md"] == {"IO002"}
    assert REFERENCE not in found  # the good files are still linted, and clean
    messages = {d["path"]: d["message"] for d in report["diagnostics"]}
    assert "pipe" in messages["_posts/2022-01-01-pipe.md"]
    assert "missing file" in messages["_posts/2022-01-02-dangling.md"]
    assert "loops" in messages["_posts/2022-01-03-loop.md"]


def _plugin(sample: Path, body: str) -> None:
    (sample / "plugin_rule.py").write_text(
        "CODE = 'ZZ001'\nNAME = 'hostile-plugin'\nTARGET = 'body'\nSEVERITY = 'warning'\n"
        "def check(doc, options):\n" + body,
        encoding="utf-8",
    )


def test_a_crashing_rule_is_an_internal_error_and_the_others_still_run(sample: Path) -> None:
    _plugin(sample, "    raise KeyError('boom')\n    yield\n")
    (sample / ".finews-lint.toml").write_text('plugins = ["plugin_rule.py"]\n', encoding="utf-8")
    code, report = run_json(
        "_posts/2021-12-08-202112082206803113.md", "--select", "FM,ZZ,INT", cwd=sample
    )
    assert code == 1
    assert {d["code"] for d in report["diagnostics"]} == {"FM005", "INT001"}
    internal = next(d for d in report["diagnostics"] if d["code"] == "INT001")
    assert (
        "ZZ001 (hostile-plugin) crashed" in internal["message"]
        and "KeyError" in internal["message"]
    )


def test_a_rule_that_never_ends_is_stopped_by_the_file_budget(sample: Path) -> None:
    _plugin(sample, "    while True:\n        pass\n    yield\n")
    (sample / ".finews-lint.toml").write_text(
        'plugins = ["plugin_rule.py"]\nfile-timeout = 0.5\n', encoding="utf-8"
    )
    started = time.monotonic()
    code, report = run_json(
        REFERENCE, "_posts/2021-12-01-init.md", "--select", "ZZ,INT", cwd=sample
    )
    assert time.monotonic() - started < 10
    assert code == 1
    assert [(d["path"], d["code"]) for d in report["diagnostics"]] == [
        ("_posts/2021-12-01-init.md", "INT001"),
        (REFERENCE, "INT001"),
    ]
    assert "budget" in report["diagnostics"][0]["message"]


def test_fix_keeps_to_the_file_budget_and_leaves_a_cut_short_file_alone(sample: Path) -> None:
    """`fix` linted without the budget: a rule that never ends hung it. Now the budget
    stops the lint, INT001 says so, and the fixes of a lint cut short are not applied."""
    _plugin(sample, "    while True:\n        pass\n    yield\n")
    (sample / ".finews-lint.toml").write_text(
        'plugins = ["plugin_rule.py"]\nfile-timeout = 0.5\n', encoding="utf-8"
    )
    post = sample / "_posts/2021-12-01-init.md"  # FM005 and LNK002, fixable
    before = post.read_bytes()
    started = time.monotonic()
    code, _ = run_cli(
        "fix", "--no-cache", "_posts/2021-12-01-init.md", "--select", "ZZ,INT,FM,LNK", cwd=sample
    )
    assert time.monotonic() - started < 10
    assert code == 1 and post.read_bytes() == before
    code, report = run_json(
        "_posts/2021-12-01-init.md", "--select", "ZZ,INT", "--no-cache", cwd=sample
    )
    assert [d["message"] for d in report["diagnostics"]] == [
        "rule ZZ001 (hostile-plugin) ran past the 0.5 s budget for one file and was stopped;"
        " the rest of the file was not checked"
    ]


def test_a_plugin_code_clash_is_a_configuration_error(sample: Path) -> None:
    (sample / "plugin_rule.py").write_text(
        "CODE = 'FM001'\nNAME = 'impostor'\ndef check(doc, options):\n    return iter(())\n",
        encoding="utf-8",
    )
    (sample / ".finews-lint.toml").write_text('plugins = ["plugin_rule.py"]\n', encoding="utf-8")
    code, _ = run_cli("check", REFERENCE, cwd=sample)
    assert code == 2
