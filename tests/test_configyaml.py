"""``_config.yml`` is parsed by PyYAML once and remembered in the cache folder after that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from finews_lint import configyaml
from finews_lint.site import load_config

from tests.helpers import REFERENCE

CONFIG = "title: 金融消息\ntimezone: Asia/Shanghai\nplugins:\n  - jekyll-feed\nsafe: true\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".finews-lint-cache").mkdir()
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_the_remembered_parse_is_used_while_the_text_is_the_same(site: Path) -> None:
    first = load_config(site)
    assert first.raw == {
        "title": "金融消息",
        "timezone": "Asia/Shanghai",
        "plugins": ["jekyll-feed"],
        "safe": True,
    }
    kept = site / ".finews-lint-cache" / configyaml.NAME
    assert kept.is_file()
    assert load_config(site).raw == first.raw
    (site / "_config.yml").write_text(CONFIG.replace("true", "false"), encoding="utf-8")
    assert load_config(site).raw["safe"] is False  # a changed file is parsed again


def test_a_damaged_memo_is_parsed_again(site: Path) -> None:
    load_config(site)
    (site / ".finews-lint-cache" / configyaml.NAME).write_bytes(b"\x00garbage")
    assert load_config(site).raw["plugins"] == ["jekyll-feed"]


def test_values_marshal_cannot_keep_are_parsed_each_time(site: Path) -> None:
    (site / "_config.yml").write_text("started: 2022-02-11\n", encoding="utf-8")
    assert str(load_config(site).raw["started"]) == "2022-02-11"
    assert not (site / ".finews-lint-cache" / configyaml.NAME).exists()


def test_no_cache_folder_is_created_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    assert load_config(tmp_path).raw["title"] == "金融消息"
    assert not (tmp_path / ".finews-lint-cache").exists()


def test_invalid_yaml_is_still_a_clear_error(site: Path) -> None:
    (site / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    assert (load_config(site).error or "").startswith("_config.yml cannot be read: ")


def test_a_one_file_run_on_the_sample_does_not_import_pyyaml(sample: Path) -> None:
    """The reference post, the sample's pages and its _config.yml all read without PyYAML."""
    report = "print('yaml' in sys.modules, file=sys.stderr)"
    probe = f"import atexit, sys; atexit.register(lambda: {report})"
    command = [sys.executable, "-c", f"{probe}; from finews_lint.entry import main; main()"]
    (sample / ".finews-lint-cache").mkdir()

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "check", REFERENCE], cwd=sample, capture_output=True, text=True, timeout=120
        )

    assert run().stderr.strip() == "True"  # the first run parses _config.yml
    with (sample / REFERENCE).open("a", encoding="utf-8") as post:
        post.write("\n")  # edited: linted again, not replayed
    second = run()
    assert second.stderr.strip() == "False"
    assert second.returncode == 0 and "All checks passed" in second.stdout
