"""Posts for the fixer's tests, shaped like the sample's posts, with our own short texts.

A post here has everything a generated post has (front matter in the generator's key
order, an HTML article, an `em_media` attribution, the source autolink and the footer
of return links) for the sample's `dazhongribao` category, so it lints clean in a copy
of the real sample until a test plants a defect.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from pathlib import Path

from finews_lint.config import Config, Settings
from finews_lint.engine import Linter
from finews_lint.fixfiles import Fixer
from finews_lint.rule import Rule, default_registry

PARAGRAPHS = (
    "央行今日开展逆回购操作，市场流动性保持合理充裕。",
    "分析人士认为，短期内资金面将维持平稳，利率波动有限。",
    "多家券商上调了全年盈利预测，消费板块表现活跃。",
    "统计数据显示，一季度社会消费品零售总额同比增长5.2%。",
    "业内专家指出，数字经济正成为拉动增长的新引擎。",
    "有关部门表示，将继续加大对小微企业的金融支持力度。",
)
TITLES = ("示例快讯：市场平稳运行", "数字经济 新的增长点", "某省发布稳增长措施")
DATE = "2022-02-11 09:00:14"
FOOTER = (
    "[返回大众日报新闻](//finews.withounder.com/category/dazhongribao.html)"
    "｜[返回首页](//finews.withounder.com/)"
)


def front_matter(
    title: str = TITLES[0],
    date: str = f"{DATE} +0800",
    category: str = "dazhongribao",
    quote: str = '"',
) -> list[str]:
    return [
        "---",
        "layout: post",
        f"title: {quote}{title}{quote}",
        f"date: {date}",
        f"categories: {category}",
        "tags: 大众日报新闻",
        "---",
    ]


def body(paragraphs: Iterable[str] = PARAGRAPHS[:2], info: str = "TEST0001") -> list[str]:
    article = (
        "".join(f"<p>{p}</p>" for p in paragraphs)
        + '<p class="em_media">（文章来源：大众日报）</p>'
    )
    return [
        article,
        "",
        f"<http://finews.zning.xyz/html_News/NewsShare.html?infoCode={info}>",
        "",
        FOOTER,
    ]


def post(
    lines: list[str], *, newline: str = "\n", final_newline: bool = False, bom: bool = False
) -> bytes:
    text = newline.join(lines) + (newline if final_newline else "")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def write_post(site: Path, name: str, data: bytes) -> Path:
    path = site / "_posts" / name
    path.write_bytes(data)
    return path


def fake_rule(
    code: str, check: Callable, *, target: str = "body", fixable: str = "safe"
) -> types.ModuleType:
    """A rule module made in a test (a deliberately bad or simple rule)."""
    module = types.ModuleType(f"fake_{code.lower()}")
    module.__doc__ = f"A test rule {code}."
    module.CODE = code  # type: ignore[attr-defined]
    module.NAME = f"test-{code.lower()}"  # type: ignore[attr-defined]
    module.TARGET = target  # type: ignore[attr-defined]
    module.SEVERITY = "error"  # type: ignore[attr-defined]
    module.FIXABLE = fixable  # type: ignore[attr-defined]
    module.check = check  # type: ignore[attr-defined]
    return module


def make_fixer(
    site: Path,
    *extra: types.ModuleType,
    select: list[str] | None = None,
    unsafe: bool = False,
    diff: bool = False,
) -> Fixer:
    registry = default_registry(plugins=False)
    for module in extra:
        registry.add(Rule.from_module(module))
    settings = Settings(Config(select=select or []), registry)
    return Fixer(Linter(settings, cwd=site), unsafe=unsafe, diff=diff)
