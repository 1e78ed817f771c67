"""The README documents what the tool has: every rule code and every check option."""

from __future__ import annotations

import re

from finews_lint.rule import default_registry

from tests.helpers import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_readme() -> None:
    missing = [
        rule.code
        for rule in default_registry(plugins=False)
        if f"| {rule.code} | {rule.name} |" not in README
    ]
    assert missing == []


def test_every_check_and_fix_option_is_in_the_readme(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for command in ("check", "fix"):
        _, out = run_cli(command, "--help", cwd=tmp_path)
        options = set(re.findall(r"(--[a-z][a-z-]+)", out)) - {"--help"}
        assert options, out
        assert sorted(o for o in options if f"`{o}" not in README) == []


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert "finews-lint check examples/site" in commands[0]
    assert "pytest" in commands[1]


def test_the_sample_summary_quoted_in_the_readme_is_today_s(sample) -> None:  # type: ignore[no-untyped-def]
    _, out = run_cli("check", "--no-cache", ".", cwd=sample)
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("[*]")
    assert f"``{summary}``" in README
