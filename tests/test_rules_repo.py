"""REPO001-REPO003: whole-site checks, on the real sample and on planted defects."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.helpers import REFERENCE, codes_at, lint, replace_in, run_json
from tests.linkhelpers import at

REPO = ["REPO001", "REPO002", "REPO003"]


def _field(path: Path, key: str) -> str | None:
    match = re.search(rf"^{key}:\s*\"?(.*?)\"?\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1).strip() if match else None


def test_category_pages_titled_after_another_outlet(sample: Path) -> None:
    tags_of: dict[str, set[str]] = {}
    for post in (sample / "_posts").iterdir():
        category, tag = _field(post, "categories"), _field(post, "tags")
        if category and tag:
            tags_of.setdefault(category, set()).add(tag)
    expected = []
    for page in sorted((sample / "category").iterdir()):
        category, title = _field(page, "category"), _field(page, "title")
        tags = tags_of.get(category or "", set())
        if tags and not any(
            title in (tag, tag.removesuffix("新闻"))
            or title.removesuffix("新闻") == tag.removesuffix("新闻")
            for tag in tags
        ):
            expected.append(
                ("REPO001", page.relative_to(sample).as_posix(), *at(page, "title: ", 7))
            )
    code, report = run_json(".", "--select", "REPO001", cwd=sample)
    found = [(d["code"], d["path"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert found == expected
    assert [path for _, path, _, _ in found] == [
        "category/dazhongribao.html",
        "category/sitenews.html",
    ]
    assert "光大证券研究新闻" in report["diagnostics"][0]["message"]
    assert code == 0  # warnings only


def test_retitled_category_page_passes(sample: Path) -> None:
    replace_in(
        sample / "category" / "dazhongribao.html", "title: 光大证券研究新闻", "title: 大众日报新闻"
    )
    found = lint(sample, ".", select=["REPO001"])
    assert [f.message.split("'")[1] for f in found] == ["sitenews"]


def _article(path: Path) -> list[str]:
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [
        line.strip()
        for line in body.splitlines()
        if line.strip()
        and not line.startswith("[返回")
        and not re.fullmatch(r"<\S*>", line.strip())
    ]


def test_copies_of_posts_are_duplicates(sample: Path) -> None:
    expected = []
    posts = sorted((sample / "_posts").iterdir())
    for copy in sorted((sample / "old_post").iterdir()):
        twins = [
            p
            for p in posts
            if _field(p, "title") == _field(copy, "title") and _article(p) == _article(copy)
        ]
        if twins:
            expected.append(
                (copy.relative_to(sample).as_posix(), twins[0].relative_to(sample).as_posix())
            )
    _, report = run_json(".", "--select", "REPO002", cwd=sample)
    found = [(d["path"], d["message"].rsplit(" ", 1)[-1]) for d in report["diagnostics"]]
    assert found == expected
    assert len(found) == 4
    assert {(d["line"], d["column"]) for d in report["diagnostics"]} == {(3, 8)}


def test_planted_duplicate_with_another_source_link_and_footer(sample: Path) -> None:
    copy = sample / "_posts" / "2022-02-12-copy.md"
    shutil.copy(sample / REFERENCE, copy)
    replace_in(copy, "date: 2022-02-11", "date: 2022-02-12")
    replace_in(copy, "infoCode=NW202202112273370064", "infoCode=OTHER")
    replace_in(copy, "｜[返回首页]", "\n[返回首页]")
    found = [
        f
        for f in lint(sample, ".", select=["REPO002"])
        if "copy" in f.message or "NW2022" in f.message
    ]
    assert codes_at(found) == [("REPO002", *at(copy, "title: ", 7))]
    assert REFERENCE in found[0].message
    replace_in(copy, "省工业和信息化厅相关负责人说", "省工业和信息化厅负责人说")
    assert not [f for f in lint(sample, ".", select=["REPO002"]) if REFERENCE in f.message]


def test_two_files_published_at_one_url(sample: Path) -> None:
    assert lint(sample, ".", select=["REPO003"]) == []
    page = sample / "zz-latest.md"
    page.write_text(
        "---\nlayout: default\ntitle: 最新\npermalink: /emnews/\n---\n\n最新消息\n",
        encoding="utf-8",
    )
    found = lint(sample, ".", select=["REPO003"])
    assert codes_at(found) == [("REPO003", *at(page, "/emnews/"))]
    assert "emnews.md" in found[0].message
    twin = sample / "_posts" / "2022-02-11-NW202202112273370064.markdown"
    shutil.copy(sample / REFERENCE, twin)
    found = [f for f in lint(sample, ".", select=["REPO003"]) if "NW2022" in f.message]
    assert [(f.code, f.line, f.column) for f in found] == [("REPO003", 1, 1)]
    assert "/dazhongribao/2022/02/11/NW202202112273370064.html" in found[0].message


def test_site_rules_run_once_per_run(sample: Path) -> None:
    found = lint(sample, "_posts", "category", ".", select=REPO)
    assert len(found) == len(set(found)) == 6


def test_site_findings_are_reported_only_on_linted_files(sample: Path) -> None:
    assert lint(sample, REFERENCE, select=REPO) == []
    assert [f.code for f in lint(sample, "category", select=REPO)] == ["REPO001", "REPO001"]
    assert [f.code for f in lint(sample, "old_post", select=REPO)] == ["REPO002"] * 4
