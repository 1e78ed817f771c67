"""What a user reads when the configuration is wrong, and that a right one applies.

Configurations of plain values are read without pydantic (start-up time); anything
else goes through the pydantic models, so these messages must stay pydantic's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint.app import RunRequest, build_settings
from finews_lint.config import ConfigError

from tests.helpers import REFERENCE, run_cli_with_errors, run_json


def _settings_error(site: Path, toml: str) -> str:
    (site / ".finews-lint.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_settings(RunRequest(cwd=site))
    prefix = f"{site / '.finews-lint.toml'}: "
    message = str(caught.value)
    assert message.startswith(prefix)
    return message[len(prefix) :]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('selec = ["FM"]\n', "unknown key 'selec'"),
        ('source = "elsewhere.toml"\n', "unknown key 'source'"),  # internal, not a setting
        (
            'jobs = "x"\n',
            "'jobs': Input should be a valid integer, unable to parse string as an integer",
        ),
        ("file-timeout = -1\n", "'file-timeout': Input should be greater than or equal to 0"),
        (
            "file-timeout = inf\n",
            "'file-timeout': Input should be a finite number",
        ),  # was a traceback
        ("file-timeout = 1e308\n", "'file-timeout': Input should be less than or equal to 86400"),
        ('select = "FM"\n', "'select': Input should be a valid list"),
        ('[severity]\nFM005 = "fatal"\n', "'severity.FM005': Input should be 'error' or 'warning'"),
        ('extend-select = ["FM"]\nextend_select = ["HT"]\n', "unknown key 'extend_select'"),
        (
            'extend-safe-fixes = ["FM999"]\n',
            "'FM999' matches no rule code or name (see `finews-lint rules`)",
        ),
        (
            '[rules.FM005]\noffset-style = "UTC+8"\n',
            "rules.FM005: 'offset-style': Input should be 'auto', '+0800' or '+08:00'",
        ),
        (
            "[rules.LNK008]\ntimeout = 0\nbogus = 1\n",
            "rules.LNK008: 'timeout': Input should be greater than 0; unknown key 'bogus'",
        ),
    ],
)
def test_a_bad_configuration_is_explained(sample: Path, toml: str, message: str) -> None:
    assert _settings_error(sample, toml) == message


def test_plain_values_and_rule_options_apply(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text(
        'file-timeout = 5\njobs = 1\nselect = ["FM005", "HT001"]\n'
        '[severity]\nFM005 = "warning"\n[rules.date-timezone]\noffset-style = "+08:00"\n',
        encoding="utf-8",
    )
    settings = build_settings(RunRequest(cwd=sample))
    assert settings.config.file_timeout == 5.0 and isinstance(settings.config.file_timeout, float)
    assert settings.config.jobs == 1
    assert settings.options_for("FM005").offset_style == "+08:00"  # type: ignore[attr-defined]
    unbalanced = settings.options_for("HT001")
    assert unbalanced.allow_optional_end_tags is False  # type: ignore[attr-defined]
    code, report = run_json("_posts/2021-12-08-202112082206803113.md", cwd=sample)
    assert code == 0
    (finding,) = report["diagnostics"]
    assert finding["severity"] == "warning" and finding["message"].endswith("gives +08:00")
    code, report = run_json(REFERENCE, cwd=sample)
    assert (code, report["diagnostics"]) == (0, [])


def test_a_broken_pyproject_with_our_table_stops_the_run(example: Path) -> None:
    """Linting without the configuration its user wrote would pass what it should not."""
    (example / "pyproject.toml").write_text(
        '[tool.finews-lint]\nselect = ["FM005"\n', encoding="utf-8"
    )
    code, _, err = run_cli_with_errors("check", "_posts", cwd=example)
    assert code == 2
    assert "pyproject.toml: cannot read configuration" in err


def test_a_configuration_file_that_is_not_utf8_is_named_in_the_error(example: Path) -> None:
    (example / ".finews-lint.toml").write_bytes('select = ["FM005"]\n'.encode("utf-16"))
    code, _, err = run_cli_with_errors("check", "_posts", cwd=example)
    assert code == 2
    assert ".finews-lint.toml: cannot read configuration: not UTF-8 (byte 0" in err
    assert "Traceback" not in err


def test_a_broken_pyproject_of_another_tool_is_not_ours(example: Path) -> None:
    (example / "pyproject.toml").write_text(
        '[project]\ndependencies = ["finews-lint"]\n[tool.black]\nline-length = "\n',
        encoding="utf-8",
    )
    (example / ".finews-lint.toml").unlink(missing_ok=True)
    code, report = run_json("_posts", cwd=example)
    assert code == 0 and report["diagnostics"] == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "plugins: 'house.py': no such file"),
        ({"house.py": "x = (\n"}, "plugins: 'house.py': importing it failed: SyntaxError"),
        (
            {"house.py": "import nowhere_at_all\n"},
            "plugins: 'house.py': importing it failed: ModuleNotFoundError",
        ),
    ],
)
def test_a_plugin_that_cannot_be_loaded_is_named(
    example: Path, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        (example / name).write_text(text, encoding="utf-8")
    (example / ".finews-lint.toml").write_text('plugins = ["house.py"]\n', encoding="utf-8")
    code, _, err = run_cli_with_errors("check", "_posts", cwd=example)
    assert code == 2
    assert f"{example / '.finews-lint.toml'}: {message}" in err


def test_codes_in_the_configuration_match_without_case(sample: Path) -> None:
    (sample / ".finews-lint.toml").write_text('[severity]\nfm005 = "warning"\n', encoding="utf-8")
    _, report = run_json("_posts/2021-12-08-202112082206803113.md", "--select", "FM005", cwd=sample)
    assert [(d["code"], d["severity"]) for d in report["diagnostics"]] == [("FM005", "warning")]


def test_ignore_all_ignores_every_rule(sample: Path) -> None:
    assert run_json(".", "--ignore", "ALL", cwd=sample) == (
        0,
        {"version": 1, "files": 123, "diagnostics": []},
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("url: [unclosed\n", "_config.yml cannot be read: invalid YAML at line"),
        ("- a\n- b\n", "_config.yml is not a mapping of settings"),
    ],
)
@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_site_whose_config_cannot_be_read_stops_the_run(
    example: Path, config: str, message: str, command: str
) -> None:
    """Jekyll cannot build it either; findings on default settings would mislead."""
    (example / "_config.yml").write_text(config, encoding="utf-8")
    before = (example / "_posts").stat().st_mtime_ns
    code, out, err = run_cli_with_errors(command, "_posts", cwd=example)
    assert code == 2 and out == ""
    assert f"{example.resolve()}: {message}" in err
    assert (example / "_posts").stat().st_mtime_ns == before


@pytest.mark.parametrize("jobs", [0, -3])
def test_jobs_below_one_is_a_configuration_error(sample: Path, jobs: int) -> None:
    assert _settings_error(sample, f"jobs = {jobs}\n") == (
        "'jobs': Input should be greater than or equal to 1"
    )


def test_a_huge_jobs_starts_no_more_workers_than_there_is_work(sample: Path) -> None:
    code, report = run_json("_posts", "--no-cache", "--jobs", "99999", cwd=sample)
    assert (code, report) == run_json("_posts", "--no-cache", "--jobs", "2", cwd=sample)


def test_extend_safe_fixes_lets_a_plain_fix_join_a_spaced_category(sample: Path) -> None:
    """A team that trusts FM008's join after each scrape says so once, as in ruff."""
    post = sample / REFERENCE
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "categories: dazhongribao", "categories: dazhong ribao"
        ),
        encoding="utf-8",
    )
    code, out, _ = run_cli_with_errors("check", "--no-cache", REFERENCE, cwd=sample)
    assert code == 1
    assert "FM008 categories" in out and "FM008 [*]" not in out  # unsafe by default
    (sample / ".finews-lint.toml").write_text('extend-safe-fixes = ["FM008"]\n', encoding="utf-8")
    code, out, _ = run_cli_with_errors("check", "--no-cache", REFERENCE, cwd=sample)
    assert code == 1
    assert "FM008 [*] categories" in out
    assert "[*] 1 fixable with `finews-lint fix`." in out
    code, _, _ = run_cli_with_errors("fix", "--no-cache", REFERENCE, cwd=sample)
    assert code == 1  # changed
    assert "\ncategories: dazhongribao\n" in post.read_text(encoding="utf-8")


def test_extend_unsafe_fixes_holds_a_rule_s_fixes_back_until_asked(sample: Path) -> None:
    post = sample / REFERENCE
    before = post.read_text(encoding="utf-8").replace("09:00:14 +0800", "09:00:14")
    post.write_text(before, encoding="utf-8")
    (sample / ".finews-lint.toml").write_text(
        'extend-unsafe-fixes = ["date-timezone"]\nextend-safe-fixes = ["FM"]\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli_with_errors("check", "--no-cache", REFERENCE, cwd=sample)
    assert code == 1
    assert "FM005 date" in out  # the careful choice wins over the FM prefix
    assert "1 fixable with `finews-lint fix --unsafe-fixes`." in out
    run_cli_with_errors("fix", "--no-cache", REFERENCE, cwd=sample)
    assert post.read_text(encoding="utf-8") == before
    run_cli_with_errors("fix", "--no-cache", "--unsafe-fixes", REFERENCE, cwd=sample)
    assert "date: 2022-02-11 09:00:14 +0800\n" in post.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_site_config_that_is_no_file_stops_the_run(sample: Path, kind: str) -> None:
    """Else the site was not found and every post was judged without its url (170 false
    LNK002 'goes to host … not to the site's')."""
    config = sample / "_config.yml"
    config.unlink()
    if kind == "folder":
        config.mkdir()
    else:
        config.symlink_to(sample / "no-such-file.yml")
    code, out, errors = run_cli_with_errors("check", "--no-cache", REFERENCE, cwd=sample)
    assert code == 2 and out == ""
    assert "_config.yml cannot be read" in errors and "Traceback" not in errors


def test_a_site_config_whose_aliases_explode_is_refused(sample: Path) -> None:
    """A "billion laughs" _config.yml (10^7 values) cost 8-10 s a run; a post's front
    matter with the same YAML is refused as FM002, and so is the configuration now."""
    config = sample / "_config.yml"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
    )
    config.write_text(config.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    code, out, errors = run_cli_with_errors("check", "--no-cache", REFERENCE, cwd=sample)
    assert code == 2 and out == ""
    assert "YAML aliases expand to more than 10000 values" in errors
