"""The explain-example runner itself, on the front matter rules' YAML examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint.rule import default_registry

from tests.explain_examples import examples, lint_example, post_text

REGISTRY = default_registry(plugins=False)
# FM002's docstring is not a raw string, so Python turns the backslash-quote of its
# "Use instead" into a bare quote: the page shows broken YAML as the good example.
# Strict xfail: this turns into a failure once the docstring is fixed (then drop it).
RUNNABLE = [rule.code for rule in REGISTRY if rule.code.startswith("FM") and examples(rule.doc)]


def test_yaml_blocks_are_front_matter_and_html_blocks_are_the_article() -> None:
    (yaml_case,) = [e for e in examples(REGISTRY.get("FM005").doc) if e.must_fail]  # type: ignore[union-attr]
    text = post_text(yaml_case)
    assert "\ndate: 2021-12-08 11:03:50\n" in text and text.count("date:") == 1
    assert text.startswith("---\nlayout: post\n")
    html_case = examples(REGISTRY.get("HT001").doc)[0]  # type: ignore[union-attr]
    text = post_text(html_case)
    assert "\n---\n<p>沪指收涨<strong>" in text and text.rstrip().endswith(
        "[返回首页](//news.example.com/)"
    )


@pytest.mark.parametrize("code", RUNNABLE)
def test_front_matter_rule_examples(example: Path, code: str) -> None:
    rule = REGISTRY.get(code)
    assert rule is not None
    for case in examples(rule.doc):
        found = lint_example(example, code, case)
        assert bool(found) == case.must_fail, (code, case.section, case.code, found)
