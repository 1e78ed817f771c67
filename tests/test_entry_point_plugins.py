"""Third-party rules installed as a distribution are found by their entry point."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from finews_lint.rule import default_registry

RULE = '''"""Posts must not say hello."""
CODE = "ZZ042"
NAME = "no-hello"
TARGET = "body"
SEVERITY = "warning"


def check(doc, options):
    return iter(())
'''


def test_an_installed_plugin_rule_is_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "zz_hello_rule.py").write_text(RULE, encoding="utf-8")
    info = tmp_path / "zz_hello-1.0.dist-info"
    info.mkdir()
    metadata = "Metadata-Version: 2.1\nName: zz-hello\nVersion: 1.0\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    points = "[finews_lint.rules]\nhello = zz_hello_rule\n"
    (info / "entry_points.txt").write_text(points, encoding="utf-8")
    assert default_registry().get("ZZ042") is None
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        rule = default_registry().get("ZZ042")
    finally:
        sys.modules.pop("zz_hello_rule", None)
    assert rule is not None and rule.name == "no-hello"
    assert rule.origin == "plugin hello (zz_hello_rule)"
