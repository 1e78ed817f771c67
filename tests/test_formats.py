"""CI formats: GitHub workflow commands, SARIF 2.1.0 (validated), JUnit XML, --output-file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from finews_lint.output.github import escape_data, escape_property
from lxml import etree

from tests.helpers import SAMPLE, copy_sample, run_cli, run_cli_with_errors, run_json
from tests.workflow_posts import NO_OFFSET_AT, NO_OFFSET_POST, write_post

SARIF_SCHEMA = SAMPLE.parent.parent / "schemas" / "sarif-2.1.0.json"


def sarif_of(site: Path, *args: str) -> dict:
    code, out = run_cli("check", "--format", "sarif", *args, cwd=site)
    assert code in (0, 1), out
    return json.loads(out)


def validate_sarif(document: dict) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft7Validator)


# -- GitHub workflow commands ------------------------------------------------------
def test_github_escapes_data_and_properties() -> None:
    assert escape_data("50% off\r\nnext: a, b") == "50%25 off%0D%0Anext: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_annotation_for_a_planted_defect(example: Path) -> None:
    write_post(example, "2024-03-07-a,b:c.md", NO_OFFSET_POST)
    code, out = run_cli("check", "--format", "github", cwd=example)
    assert code == 1
    line, column = NO_OFFSET_AT
    commands = [row for row in out.splitlines() if row.startswith("::")]
    assert commands == [
        f"::error file=_posts/2024-03-07-a%2Cb%3Ac.md,line={line},col={column},endLine={line},"
        f"endColumn={column + 19},title=FM005::date '2024-03-07 07:45:00' has no UTC offset; "
        "the site timezone Asia/Shanghai gives +0800 (FM005 date-timezone)"
    ]


def test_github_warnings_use_the_warning_command(example: Path) -> None:
    write_post(example, "2024-03-07-EX1.md", NO_OFFSET_POST)
    (example / ".finews-lint.toml").write_text('[severity]\nFM005 = "warning"\n', encoding="utf-8")
    code, out = run_cli("check", "--format", "github", cwd=example)
    assert code == 0
    assert [row.split(" ", 1)[0] for row in out.splitlines() if row.startswith("::")] == [
        "::warning"
    ]


# -- SARIF -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_sarif_and_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    # A copy: a run may write a cache next to the site, and ../shared must stay untouched.
    site = copy_sample(tmp_path_factory.mktemp("sample"))
    _, as_json = run_json(cwd=site)
    return sarif_of(site), as_json


def test_sarif_of_the_real_sample_validates(sample_sarif_and_json: tuple[dict, dict]) -> None:
    sarif, _ = sample_sarif_and_json
    validate_sarif(sarif)
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"]) == 1


def test_sarif_has_one_result_per_json_diagnostic(sample_sarif_and_json: tuple[dict, dict]) -> None:
    sarif, as_json = sample_sarif_and_json
    results = sarif["runs"][0]["results"]
    assert as_json["diagnostics"], "the sample should have findings"
    located = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["ruleId"],
            r["message"]["text"],
        )
        for r in results
    ]
    expected = [
        (d["path"], d["line"], d["column"], d["code"], d["message"]) for d in as_json["diagnostics"]
    ]
    assert located == expected
    fingerprints = [r["partialFingerprints"]["finewsLint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_rules_carry_help_text_and_uri(sample_sarif_and_json: tuple[dict, dict]) -> None:
    sarif, _ = sample_sarif_and_json
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert "## What it does" in by_id["FM005"]["help"]["text"]
    assert by_id["FM005"]["helpUri"].endswith("/rules/date_timezone.py")
    for result in sarif["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_fingerprints_survive_an_inserted_blank_line(sample: Path) -> None:
    post = sample / "_posts" / "2021-12-08-202112082206672930.md"
    before = sarif_of(sample, "_posts")
    text = post.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    post.write_text("---\n\n" + text[4:], encoding="utf-8")  # a blank line inside the front matter
    after = sarif_of(sample, "_posts")

    def of_post(document: dict) -> list[tuple[str, str, int]]:
        return [
            (
                r["ruleId"],
                r["partialFingerprints"]["finewsLint/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in document["runs"][0]["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(post.name)
        ]

    moved, original = of_post(after), of_post(before)
    assert "FM005" in [code for code, _, _ in original]
    assert [(c, f) for c, f, _ in moved] == [(c, f) for c, f, _ in original]
    assert [line for _, _, line in moved] == [line + 1 for _, _, line in original]
    all_before = [r["partialFingerprints"]["finewsLint/v1"] for r in before["runs"][0]["results"]]
    all_after = [r["partialFingerprints"]["finewsLint/v1"] for r in after["runs"][0]["results"]]
    assert all_before == all_after


def test_sarif_fingerprint_changes_when_the_offending_text_changes(example: Path) -> None:
    post = write_post(example, "2024-03-07-EX1.md", NO_OFFSET_POST)
    first = sarif_of(example)["runs"][0]["results"][0]["partialFingerprints"]
    post.write_text(NO_OFFSET_POST.replace("07:45:00", "07:46:00"), encoding="utf-8")
    second = sarif_of(example)["runs"][0]["results"][0]["partialFingerprints"]
    assert first != second


def test_sarif_of_a_clean_site_and_a_missing_path_validates(example: Path) -> None:
    code, out = run_cli("check", "--format", "sarif", ".", "nowhere.md", cwd=example)
    assert code == 1
    document = json.loads(out)
    validate_sarif(document)
    assert document["runs"][0]["results"] == []
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["nowhere.md: no such file or folder"]


# -- JUnit ---------------------------------------------------------------------------
def test_junit_is_well_formed_with_one_failure_per_error(example: Path) -> None:
    write_post(example, "2024-03-07-EX1.md", NO_OFFSET_POST)
    code, out = run_cli("check", "--format", "junit", cwd=example)
    assert code == 1
    root = etree.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert root.get("failures") == "1"
    assert root.get("tests") == str(len(root.findall(".//testcase")))
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert "_posts/2024-03-05-EX202403050001.md" in suites
    failure = suites["_posts/2024-03-07-EX1.md"].find("testcase/failure")
    assert failure is not None
    assert failure.get("type") == "FM005"
    assert failure.text.startswith("_posts/2024-03-07-EX1.md:4:7: FM005 ")


CONTROL_POST = NO_OFFSET_POST.replace(
    "\n\n<http", "\n\n[旧闻](/a\x01\x1b]0;owned\x07.html)\n\n<http", 1
)


def test_control_characters_from_a_post_are_escaped_in_junit_and_on_the_terminal(
    example: Path,
) -> None:
    """A link holding ESC or BEL (messages quote it): JUnit stays well-formed XML, and no
    terminal receives them as commands."""
    write_post(example, "2024-03-07-EX1.md", CONTROL_POST)
    assert "\x1b" in (example / "_posts/2024-03-07-EX1.md").read_text(encoding="utf-8")
    _, out = run_cli("check", "--format", "junit", cwd=example)
    root = etree.fromstring(out.encode("utf-8"))  # well-formed
    assert any("\\x1b]0;owned\\x07" in (node.text or "") for node in root.iter("system-out"))
    for command in (["check"], ["fix", "--diff"]):  # fix --diff reports on standard error
        _, out, errors = run_cli_with_errors(*command, "_posts/2024-03-07-EX1.md", cwd=example)
        assert "\\x1b]0;owned\\x07" in out + errors
        assert not any(c in out + errors for c in "\x01\x07\x1b")


@pytest.mark.parametrize("severity", ["error", "warning"])
def test_junit_keeps_markup_characters_of_a_message_and_a_path(severity: str) -> None:
    """Quotes, ampersands, angle brackets, tabs and line breaks from a post come back as
    they were from the parsed report, in attributes and in text alike."""
    import io

    from finews_lint.diagnostic import Diagnostic, Severity
    from finews_lint.engine import Report
    from finews_lint.output.junit import render
    from finews_lint.rule import Registry

    path, message = '_posts/R&D "x".md', 'link <a href="/a&b">\n\tgone'
    level = Severity(severity)
    finding = Diagnostic(path, 3, 5, 3, 9, "LNK002", "broken-return-link", level, message)
    out = io.StringIO()
    render(
        Report(files=2, diagnostics=[finding], paths=[path, "_posts/clean.md"]),
        Registry(),
        out,
        False,
    )
    root = etree.fromstring(out.getvalue().encode("utf-8"))
    assert (root.get("tests"), root.get("failures")) == ("2", "1" if severity == "error" else "0")
    suite, clean = root.findall("testsuite")
    assert clean.get("name") == "_posts/clean.md" and clean.find("testcase") is not None
    case = suite.find("testcase")
    assert case.get("classname") == path
    where = f"{path}:3:5: LNK002 {message}"
    if severity == "error":
        assert case.find("failure").get("message") == message
        assert case.find("failure").text == where
    else:
        assert case.find("system-out").text == f"warning: {where}"


def test_junit_of_a_run_with_no_files_is_an_empty_testsuites(tmp_path: Path) -> None:
    _, out = run_cli("check", "--format", "junit", cwd=tmp_path)
    root = etree.fromstring(out.encode("utf-8"))
    assert (root.tag, root.get("tests"), len(root)) == ("testsuites", "0", 0)


# -- --output-file -------------------------------------------------------------------
def test_output_file_gets_the_report_and_the_terminal_a_summary(example: Path) -> None:
    write_post(example, "2024-03-07-EX1.md", NO_OFFSET_POST)
    code, out = run_cli("check", "--format", "sarif", "--output-file", "report.sarif", cwd=example)
    assert code == 1
    document = json.loads((example / "report.sarif").read_text(encoding="utf-8"))
    validate_sarif(document)
    assert len(document["runs"][0]["results"]) == 1
    assert out.startswith("Found 1 problem(s) in 7 file(s): 1 error(s), 0 warning(s).")
    assert "report.sarif" in out
    assert "{" not in out


def test_unknown_format_is_a_usage_error(example: Path) -> None:
    code, _ = run_cli("check", "--format", "xml", cwd=example)
    assert code == 2


def test_sarif_fingerprints_are_the_same_from_the_cache(sample: Path) -> None:
    def prints(*args: str) -> list[str]:
        results = sarif_of(sample, "_posts", *args)["runs"][0]["results"]
        return [r["partialFingerprints"]["finewsLint/v1"] for r in results]

    cold = prints()
    assert cold
    assert prints() == cold  # warm: diagnostics come from the cache
    assert prints("--no-cache") == cold


def test_fingerprints_are_the_same_with_and_without_the_cache(sample: Path) -> None:
    """Without the cache, a text report drops snippets to save memory; SARIF and baselines keep them."""

    def fingerprints(*extra: str) -> list[str]:
        _, out = run_cli("check", "--format", "sarif", *extra, "_posts", cwd=sample)
        return [
            r["partialFingerprints"]["finewsLint/v1"] for r in json.loads(out)["runs"][0]["results"]
        ]

    assert fingerprints("--no-cache") == fingerprints()
    code, _ = run_cli("check", "--no-cache", "--write-baseline", "base.json", "_posts", cwd=sample)
    assert code == 0
    code, out = run_cli("check", "--baseline", "base.json", "_posts", cwd=sample)
    assert code == 0 and out.startswith("No new problems in ")


@pytest.mark.parametrize("output", ["json", "sarif", "junit"])
def test_a_file_name_that_is_not_utf8_keeps_every_report_valid(example: Path, output: str) -> None:
    """Scrapers on Linux can write such names; the report must still parse, naming it."""
    import os

    good = (example / "_posts/2024-03-05-EX202403050001.md").read_bytes()
    (example / "_posts").joinpath(os.fsdecode(b"2024-03-05-\xff.md")).write_bytes(good)
    code, out = run_cli("check", "--no-cache", "--format", output, cwd=example)
    assert code in (0, 1)
    data = out.encode("utf-8", "surrogateescape")
    data.decode("utf-8")  # valid UTF-8
    if output == "json":
        paths = {d["path"] for d in json.loads(data)["diagnostics"]}
        assert "_posts/2024-03-05-\udcff.md" in paths
    elif output == "sarif":
        results = json.loads(data)["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert "_posts/2024-03-05-%FF.md" in uris
    else:
        assert etree.fromstring(data) is not None


# -- JSON text ---------------------------------------------------------------------


@pytest.mark.parametrize("extra", [(), ("_posts/gone.md",)])
def test_json_report_is_laid_out_as_indented_json(sample: Path, extra: tuple[str, ...]) -> None:
    """Scripts and people diff and grep the report: it is the layout of ``json.dumps(...,
    indent=2, ensure_ascii=False)``, Chinese kept as it is, whether or not a path is missing."""
    code, out = run_cli("check", "--format", "json", "--no-cache", "_posts", *extra, cwd=sample)
    assert code == 1
    document = json.loads(out)
    assert len(document["diagnostics"]) > 100
    assert document.get("missing", []) == list(extra)
    assert out == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert "文章来源" in out


def test_json_of_a_clean_run_with_a_missing_path(example: Path) -> None:
    code, out = run_cli("check", "--format", "json", "_posts", "nowhere.md", cwd=example)
    assert code == 1
    document = json.loads(out)
    assert document == {"version": 1, "files": 3, "diagnostics": [], "missing": ["nowhere.md"]}
    assert out == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "document",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [1, 2.5, None, True, False, 'q"\\\n\t', {"d": [[]]}]},
        {1: "int key", False: "bool key", None: "none key", 2.5: "float key"},
        [{"path": "新闻/帖子.md"}, ("tuple", ("nested",))],
        "a string alone",
    ],
)
def test_json_writer_gives_the_text_json_dumps_gives(document: object) -> None:
    from finews_lint.output.jsonwrite import json_text

    assert json_text(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_json_writer_escapes_the_bytes_of_a_name_that_is_not_utf8() -> None:
    from finews_lint.output.jsonwrite import json_text

    text = json_text({"path": "caf\udce9.md"})
    assert text == '{\n  "path": "caf\\udce9.md"\n}'
    assert json.loads(text) == {"path": "caf\udce9.md"}
    text.encode("utf-8")  # strict: no lone surrogate left in the text


def test_the_text_summary_says_which_rules_wait_for_broken_front_matter(sample: Path) -> None:
    """A post whose YAML does not parse shows FM002 alone: `fix` then brings up what the
    date and link rules find. The summary says so, and only then."""
    post = sample / "_posts/2022-02-11-NW202202112273370064.md"
    note = "The rules that read a post's front matter (its date, categories and links) wait"
    code, out = run_cli("check", "--no-cache", "_posts", cwd=sample)
    assert code == 1 and note not in out
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace('title: "山东：', 'title: "山东："', 1), encoding="utf-8")
    code, out = run_cli("check", "--no-cache", post.relative_to(sample).as_posix(), cwd=sample)
    assert code == 1 and "FM002" in out and note in out
