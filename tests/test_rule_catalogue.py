"""Runs that know the rules from the stored catalogue report exactly what other runs report."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from finews_lint.app import RunRequest, build_settings
from finews_lint.catalog import CataloguedRule
from finews_lint.rule import default_registry

from tests.helpers import REFERENCE, replace_in, run_cli, run_json


def test_catalogued_runs_report_what_a_fresh_run_reports(sample: Path) -> None:
    _, fresh = run_json("--no-cache", ".", cwd=sample)
    _, report = run_json(".", cwd=sample)  # creates the cache and the catalogue
    assert report["diagnostics"] == fresh["diagnostics"]
    registry = build_settings(RunRequest(cwd=sample)).registry
    assert all(isinstance(rule, CataloguedRule) for rule in registry)
    _, report = run_json(".", cwd=sample)
    assert report["diagnostics"] == fresh["diagnostics"]
    replace_in(sample / REFERENCE, "date: 2022-02-11 09:00:14 +0800", "date: 2022-02-11 09:00:14")
    _, report = run_json(REFERENCE, cwd=sample)  # a cache miss: the rules' modules are imported
    assert [(d["code"], d["line"], d["column"]) for d in report["diagnostics"]] == [("FM005", 4, 7)]
    _, listed = run_cli("rules", cwd=sample)
    _, uncached = run_cli("rules", cwd=sample / "category")
    assert listed == uncached and "FM005" in listed


@pytest.mark.parametrize(
    "doc", ["  a\n\n  b\n", "\n\nx\n  y\n\n", "a\n\tb", "", "   ", "x\n y\n z", "x\n  \ny\n   "]
)
def test_rule_docs_are_cleaned_as_inspect_cleans_them(doc: str) -> None:
    import inspect

    from finews_lint.rule import _cleandoc

    assert _cleandoc(doc) == inspect.cleandoc(doc)


def test_every_rule_doc_is_its_module_docstring_cleaned() -> None:
    import inspect

    for rule in default_registry(plugins=False):
        module = importlib.import_module(rule.origin)
        assert rule.doc == inspect.cleandoc(module.__doc__ or "")
