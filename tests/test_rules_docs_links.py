"""The SRC, LNK and REPO rules document themselves, and their examples do what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from finews_lint.rule import default_registry

from tests.helpers import lint, run_cli

CODES = (
    [f"SRC00{i}" for i in range(1, 4)]
    + [f"LNK00{i}" for i in range(1, 9)]
    + ["REPO001", "REPO002", "REPO003"]
)
SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
)
# Rules whose examples are post bodies (the others show front matter or file lists).
BODY_EXAMPLES = ["SRC001", "SRC002", "LNK001", "LNK002", "LNK004", "LNK005", "LNK006", "LNK007"]
FRONT_MATTER = (
    "---\nlayout: post\ntitle: 示例\ndate: 2022-02-11 10:00:00 +0800\n"
    "categories: dazhongribao\ntags: 大众日报新闻\n---\n\n"
)


def _doc(code: str) -> str:
    rule = default_registry(plugins=False).get(code)
    assert rule is not None
    return rule.doc


@pytest.mark.parametrize("code", CODES)
def test_every_rule_page_has_the_sections_and_states_its_fix_safety(code: str) -> None:
    rule = default_registry(plugins=False).get(code)
    assert rule is not None
    positions = [rule.doc.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    safety = rule.doc.split("## Fix safety", 1)[1].strip()
    expected = {"safe": "Safe", "unsafe": "Unsafe", None: "Not fixable"}[rule.fixable]
    assert safety.startswith(expected)
    code_out, out = run_cli("explain", code, cwd=Path.cwd())
    assert code_out == 0 and rule.name in out


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    """A site of our own: a category page, a news list, a home page, one older post, an image."""
    site = tmp_path / "site"
    files = {
        "_config.yml": "url: https://finews.example.com\ntimezone: Asia/Shanghai\n",
        "_layouts/post.html": "{{ content }}\n",
        "_layouts/default.html": "{{ content }}\n",
        "README.md": "---\nlayout: default\ntitle: 首页\npermalink: /\n---\n欢迎\n",
        "emnews.md": "---\nlayout: default\ntitle: 滚动新闻\npermalink: /emnews/\n---\n列表\n",
        "category/dazhongribao.html": (
            "---\nlayout: default\ntitle: 大众日报新闻\ncategory: dazhongribao\n---\n"
        ),
        "_posts/2021-12-08-202112082206672930.md": (
            "---\nlayout: post\ntitle: 旧闻\ndate: 2021-12-08 10:46:18 +0800\ncategories: emnews\n"
            "tags: 东财滚动新闻\n---\n\n旧闻。\n"
        ),
        "assets/chart.png": "",
    }
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def _example(doc: str, section: str) -> str:
    match = re.search(rf"## {section}\n```markdown\n(.*?)\n```", doc, re.DOTALL)
    assert match is not None, section
    return match.group(1)


@pytest.mark.parametrize("code", BODY_EXAMPLES)
def test_failing_example_fails_and_passing_example_passes(small_site: Path, code: str) -> None:
    doc = _doc(code)
    post = small_site / "_posts" / "2022-02-11-example.md"
    post.write_text(FRONT_MATTER + _example(doc, "Example") + "\n", encoding="utf-8")
    assert [f.code for f in lint(small_site, "_posts/2022-02-11-example.md", select=[code])] != []
    assert {f.code for f in lint(small_site, "_posts/2022-02-11-example.md", select=[code])} == {
        code
    }
    post.write_text(FRONT_MATTER + _example(doc, "Use instead") + "\n", encoding="utf-8")
    assert lint(small_site, "_posts/2022-02-11-example.md", select=[code]) == []
