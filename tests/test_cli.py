"""The command line as users and CI see it: exit codes, formats, configuration, suppression."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.helpers import REFERENCE, run_cli, run_json


def test_clean_example_site_exits_zero(example: Path) -> None:
    code, out = run_cli("check", cwd=example)
    assert code == 0
    assert "All checks passed" in out


def test_json_output_follows_the_contract(sample: Path) -> None:
    code, report = run_json(
        "_posts/2021-12-08-202112082206803113.md", "--select", "FM005", cwd=sample
    )
    assert code == 1
    assert report["version"] == 1 and report["files"] == 1
    assert report["diagnostics"] == [
        {
            "path": "_posts/2021-12-08-202112082206803113.md",
            "line": 4,
            "column": 7,
            "end_line": 4,
            "end_column": 26,
            "code": "FM005",
            "name": "date-timezone",
            "severity": "error",
            "message": "date '2021-12-08 11:17:08' has no UTC offset; the site timezone Asia/Shanghai gives +0800",
            "fixable": True,
        }
    ]


def test_diagnostics_are_sorted_by_path_line_column_code(sample: Path) -> None:
    _, report = run_json("_posts", cwd=sample)
    keys = [(d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]
    assert keys == sorted(keys)


def test_text_output_has_locations_and_a_summary_per_code(sample: Path) -> None:
    code, out = run_cli("check", "_posts/-202205262391921712.md", "--select", "FM", cwd=sample)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("_posts/-202205262391921712.md:1:1: FM007 ")
    assert "3 error(s)" in out and "FM006  date-invalid" in out


def test_warnings_alone_exit_zero(sample: Path) -> None:
    path = sample / REFERENCE
    path.write_text(
        path.read_text(encoding="utf-8").replace("tags:", "categorie: x\ntags:"), encoding="utf-8"
    )
    code, report = run_json(REFERENCE, "--select", "FM", cwd=sample)
    assert code == 0
    assert [(d["code"], d["severity"]) for d in report["diagnostics"]] == [("FM010", "warning")]


def test_select_and_ignore_take_codes_and_prefixes(sample: Path) -> None:
    _, only_fm00x = run_json(
        "_posts/-202205262391921712.md", "--select", "FM00", "--ignore", "FM006,FM007", cwd=sample
    )
    assert [d["code"] for d in only_fm00x["diagnostics"]] == ["FM003"]


def test_select_ignore_and_severity_take_rule_names_too(sample: Path) -> None:
    """`--select date-timezone` is `--select FM005`, as a name is in a suppression comment."""
    post = "_posts/-202205262391921712.md"
    by_code = run_json(post, "--select", "FM00", "--ignore", "FM006,FM007", cwd=sample)[1]
    by_name = run_json(
        post, "--select", "FM00", "--ignore", "date-invalid,Date-Filename-Mismatch", cwd=sample
    )[1]
    assert (
        [d["code"] for d in by_name["diagnostics"]]
        == ["FM003"]
        == [d["code"] for d in by_code["diagnostics"]]
    )
    (sample / "pyproject.toml").write_text(
        '[tool.finews-lint]\nselect = ["required-field"]\n'
        '[tool.finews-lint.severity]\nrequired-field = "warning"\n',
        encoding="utf-8",
    )
    _, configured = run_json(post, cwd=sample)
    assert [(d["code"], d["severity"]) for d in configured["diagnostics"]] == [("FM003", "warning")]


def test_unknown_code_on_the_command_line_is_a_usage_error(sample: Path) -> None:
    code, _ = run_cli("check", "--select", "XX999", cwd=sample)
    assert code == 2


def test_missing_path_is_reported_and_fails(sample: Path) -> None:
    code, out = run_cli("check", "no-such-folder", REFERENCE, cwd=sample)
    assert code == 1
    assert "no-such-folder: no such file or folder" in out
    # The clean file does not make the run "pass": the summary says a path was missing.
    assert "All checks passed" not in out
    assert out.endswith("No problems in 1 file(s), but 1 path(s) given do not exist.\n")
    code, report = run_json("no-such-folder", REFERENCE, cwd=sample)
    assert (code, report["missing"], report["diagnostics"]) == (1, ["no-such-folder"], [])
    assert "missing" not in run_json(REFERENCE, cwd=sample)[1]


def test_config_unknown_key_is_exit_2(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text('selec = ["FM"]\n', encoding="utf-8")
    code, _ = run_cli("check", REFERENCE, cwd=sample)
    assert code == 2


def test_config_unknown_rule_code_is_exit_2(sample: Path) -> None:
    (sample / "pyproject.toml").write_text(
        '[tool.finews-lint]\nignore = ["FM999"]\n', encoding="utf-8"
    )
    code, _ = run_cli("check", REFERENCE, cwd=sample)
    assert code == 2


def test_config_bad_option_value_is_exit_2(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text(
        '[rules.FM005]\noffset-style = "UTC+8"\n', encoding="utf-8"
    )
    code, _ = run_cli("check", REFERENCE, cwd=sample)
    assert code == 2


def test_config_severity_and_options_apply(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text(
        'select = ["FM005"]\n[severity]\nFM005 = "warning"\n[rules.date-timezone]\noffset-style = "+08:00"\n',
        encoding="utf-8",
    )
    code, report = run_json("_posts/2021-12-08-202112082206803113.md", cwd=sample)
    assert code == 0
    (finding,) = report["diagnostics"]
    assert finding["severity"] == "warning" and finding["message"].endswith("gives +08:00")


def test_config_exclude_skips_files(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text(
        'exclude = ["_posts/2021-12-08-*"]\n', encoding="utf-8"
    )
    _, report = run_json("_posts", "--select", "FM", cwd=sample)
    kept = [p for p in (sample / "_posts").iterdir() if not p.name.startswith("2021-12-08-")]
    assert report["files"] == len(kept) == 4


def test_stdin_is_linted_as_the_named_file(sample: Path) -> None:
    text = (sample / REFERENCE).read_text(encoding="utf-8").replace(" +0800", "")
    code, out = run_cli(
        "check",
        "-",
        "--stdin-filename",
        REFERENCE,
        "--format",
        "json",
        "--select",
        "FM",
        cwd=sample,
        stdin=text,
    )
    assert code == 1
    assert [(d["path"], d["code"]) for d in json.loads(out)["diagnostics"]] == [
        (REFERENCE, "FM005")
    ]


@pytest.mark.usefixtures("trust_fresh_stamps")
@pytest.mark.parametrize("command", ["check", "fix"])
def test_stdin_takes_the_other_posts_from_the_post_index(
    sample: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor lints (or fixes) its buffer on every change: the site's other posts come
    from the post index a run left, not from reading every post each time (9 s at 40,000
    posts)."""
    from finews_lint.site import Site

    read: list[str] = []
    real, reread = Site._read_post, Site._reread_post
    monkeypatch.setattr(
        Site, "_read_post", lambda site, relpath: read.append(relpath) or real(site, relpath)
    )
    monkeypatch.setattr(
        Site, "_reread_post", lambda site, job: read.append(job[0]) or reread(site, job)
    )
    text = (sample / REFERENCE).read_text(encoding="utf-8").replace(" +0800", "")
    options = ["--format", "json"] if command == "check" else []

    def from_stdin(*more: str) -> str:
        read.clear()
        code, out = run_cli(
            command,
            "-",
            "--stdin-filename",
            REFERENCE,
            "--jobs",
            "1",
            *options,
            *more,
            cwd=sample,
            stdin=text,
        )
        assert code == 1
        return out

    expected = from_stdin("--no-cache")
    posts = len(read)
    assert posts > 100
    if command == "check":
        assert ("FM005", 4, 7) in [
            (d["code"], d["line"], d["column"]) for d in json.loads(expected)["diagnostics"]
        ]
    else:
        assert expected == text.replace("2022-02-11 09:00:14", "2022-02-11 09:00:14 +0800")
    assert from_stdin() == expected and len(read) == posts  # the first run writes the index
    assert from_stdin() == expected and read == []
    other = "_posts/2021-12-08-202112082206803113.md"
    path = sample / other
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: ", "title: 新"), encoding="utf-8"
    )
    assert from_stdin() == expected and read == [other]


def test_front_matter_suppression_for_the_whole_file(sample: Path) -> None:
    path = sample / "_posts/2021-12-08-202112082206803113.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("tags:", "finews-lint: {disable: [FM005]}\ntags:"),
        encoding="utf-8",
    )
    _, report = run_json(str(path.relative_to(sample)), "--select", "FM", cwd=sample)
    assert report["diagnostics"] == []


def test_unused_suppression_is_a_warning(sample: Path) -> None:
    path = sample / REFERENCE
    path.write_text(
        path.read_text(encoding="utf-8").replace("tags:", "finews-lint: {disable: [FM005]}\ntags:"),
        encoding="utf-8",
    )
    code, report = run_json(REFERENCE, "--select", "FM,SUP", cwd=sample)
    assert code == 0
    assert [(d["code"], d["line"], d["severity"]) for d in report["diagnostics"]] == [
        ("SUP001", 6, "warning")
    ]


def test_a_suppression_of_a_code_no_rule_has_is_reported(sample: Path) -> None:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "\n<!-- finews-lint: disable-next-line=ZZ001,HT001 -->\n<p>x\n", encoding="utf-8"
    )
    line = text.count("\n") + 2
    _, report = run_json(REFERENCE, cwd=sample)
    found = [(d["code"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]
    assert found == [
        (
            "SUP001",
            line,
            1,
            "suppression of ZZ001 suppresses nothing (ZZ001: no rule has such a code)",
        )
    ]  # HT001 (the unclosed <p>) is suppressed: the suppression is used for it
    _, deselected = run_json(REFERENCE, "--select", "FM,SUP", cwd=sample)
    assert [d["message"] for d in deselected["diagnostics"]] == [
        "suppression of ZZ001 suppresses nothing (ZZ001: no rule has such a code)"
    ]  # HT001 is not run: no word on it, as before


def _codes_after_appending(sample: Path, body: str, select: str) -> list[tuple[str, int]]:
    """(code, line) of the reference post's findings once ``body`` is appended to it."""
    path = sample / REFERENCE
    path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    _, report = run_json(REFERENCE, "--select", select, cwd=sample)
    return [(d["code"], d["line"]) for d in report["diagnostics"]]


def test_comment_suppressions_cover_the_next_line_only(sample: Path) -> None:
    body = "\n<!-- finews-lint: disable-next-line=FM005 -->\nplain text\n"
    assert _codes_after_appending(sample, body, "FM,SUP") == [("SUP001", 13)]


def test_suppressions_take_rule_names(sample: Path) -> None:
    body = "\n<!-- finews-lint: disable-next-line=unbalanced-tags, SRC -->\n<div>未闭合\n"
    assert _codes_after_appending(sample, body, "HT001,SUP") == []
    body = "\n<!-- finews-lint: disable-next-line=unbalanced-tag -->\n<div>未闭合\n"
    path = sample / REFERENCE
    path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    _, report = run_json(REFERENCE, "--select", "HT001,SUP", cwd=sample)
    assert [d["message"] for d in report["diagnostics"]] == [
        "suppression of UNBALANCED-TAG suppresses nothing (UNBALANCED-TAG: no rule has such a code)",
        "<div> is never closed",
    ]


def test_a_suppression_shown_in_a_code_span_suppresses_nothing(sample: Path) -> None:
    """Inside backticks the comment is text the page shows (an article about the tool)."""
    body = "\n写法：`<!-- finews-lint: disable-next-line=HT001 -->`\n<div>未闭合\n"
    assert _codes_after_appending(sample, body, "HT001,SUP") == [("HT001", 14)]


def test_unreadable_and_undecodable_files_are_diagnostics(sample: Path) -> None:
    (sample / "_posts" / "2022-01-01-gbk.md").write_bytes("---\ntitle: 中文\n---\n".encode("gbk"))
    (sample / "_posts" / "2022-01-02-folder.md").mkdir()
    code, report = run_json("_posts", "--select", "IO", cwd=sample)
    assert code == 1
    assert report["files"] == 104
    found = {(d["path"], d["code"], d["line"]) for d in report["diagnostics"]}
    assert found == {
        ("_posts/2022-01-01-gbk.md", "IO002", 2),
        ("_posts/2022-01-02-folder.md", "IO001", 1),
    }


def test_a_folder_named_like_a_post_given_by_name_is_reported_as_the_walk_reports_it(
    sample: Path,
) -> None:
    (sample / "_posts" / "2022-01-02-folder.md").mkdir()
    for command in ("check", "fix"):
        code, out = run_cli(command, "_posts/2022-01-02-folder.md", cwd=sample)
        assert code == 1, command
        assert "_posts/2022-01-02-folder.md:1:1: IO001 is a folder, not a file" in out
    code, report = run_json("_posts/2022-01-02-folder.md", cwd=sample)
    assert report["files"] == 1


def test_rules_lists_every_code(sample: Path) -> None:
    code, out = run_cli("rules", cwd=sample)
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    for pinned in ("FM001", "FM002", "FM003", "FM004", "FM005", "FM006", "FM007", "FM008"):
        assert pinned in listed


def test_explain_prints_the_rule_page(sample: Path) -> None:
    code, out = run_cli("explain", "FM005", cwd=sample)
    assert code == 0
    for section in (
        "# FM005 date-timezone",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ):
        assert section in out
    assert run_cli("explain", "NOPE01", cwd=sample)[0] == 2


def test_explain_knows_the_configuration_s_plugin_rules(example: Path) -> None:
    (example / "house_rule.py").write_text(
        '"""Headlines end without a full stop.\n\n## What it does\nHouse style."""\n'
        "CODE = 'ZZ001'\nNAME = 'headline-stop'\nTARGET = 'body'\n"
        "def check(doc, options):\n    return iter(())\n",
        encoding="utf-8",
    )
    assert run_cli("explain", "ZZ001", cwd=example)[0] == 2
    (example / ".finews-lint.toml").write_text('plugins = ["house_rule.py"]\n', encoding="utf-8")
    for name in ("ZZ001", "headline-stop"):
        code, out = run_cli("explain", name, cwd=example)
        assert code == 0
        assert out.startswith("# ZZ001 headline-stop\n") and "House style." in out


def test_every_rule_page_has_the_sections(sample: Path) -> None:
    _, out = run_cli("rules", cwd=sample)
    for code in [line.split()[0] for line in out.splitlines()]:
        _, page = run_cli("explain", code, cwd=sample)
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
            assert section in page, f"{code} lacks {section}"


def _front_matter(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.BaseLoader)


def test_schema_accepts_the_reference_and_rejects_a_post_without_date(sample: Path) -> None:
    code, out = run_cli("schema", cwd=sample)
    assert code == 0
    schema = json.loads(out)
    validator = jsonschema.Draft202012Validator(schema)
    good = _front_matter(sample / REFERENCE)
    assert list(validator.iter_errors(good)) == []
    without_date = {k: v for k, v in good.items() if k != "date"}
    assert any("date" in e.message for e in validator.iter_errors(without_date))
    offsetless = _front_matter(sample / "_posts/2021-12-08-202112082206803113.md")
    assert list(validator.iter_errors(offsetless))


CONSOLE = ["-c", "from finews_lint.entry import console; console()"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["check", "."], ["check", "--format", "json", "."], ["rules"]])
def test_a_report_that_cannot_be_written_is_a_message_not_a_traceback(
    example: Path, args: list[str]
) -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, *CONSOLE, *args],
            cwd=example,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr == "finews-lint: stopped: No space left on device\n"


def test_the_console_script_exits_with_the_run_s_code_and_its_whole_report(sample: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, *CONSOLE, "check", "--format", "json", "."],
        cwd=sample,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    # All of it, though the process leaves without the interpreter's teardown.
    assert len(json.loads(done.stdout)["diagnostics"]) == 371


@pytest.mark.parametrize("command", ["check", "fix"])
def test_standard_input_with_other_paths_is_a_usage_error(example: Path, command: str) -> None:
    from tests.helpers import run_cli_with_errors

    code, out, err = run_cli_with_errors(command, "-", "_posts", cwd=example, stdin="x")
    assert code == 2 and out == ""
    assert "- (standard input) cannot be given with other paths" in err


def test_a_folder_outside_the_working_folder_is_shown_as_given(sample: Path) -> None:
    """SPEC: paths as given on the command line or relative to the current folder."""
    _, report = run_json("../category", "--select", "REPO001", cwd=sample / "_posts")
    paths = {d["path"] for d in report["diagnostics"]}
    assert paths and all(path.startswith("../category/") for path in paths)
