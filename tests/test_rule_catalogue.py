"""Runs that know the rules from the stored catalogue report exactly what other runs report."""

from __future__ import annotations

from pathlib import Path

from finews_lint.app import RunRequest, build_settings
from finews_lint.catalog import CataloguedRule

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
