"""Small posts of our own for the workflow tests (pre-commit, baseline, changed files)."""

from __future__ import annotations

from pathlib import Path

GOOD_POST = (
    """---
layout: post
title: "示例晨报：某县启动春耕农资保供行动"
date: 2024-03-07 07:45:00 +0800
categories: chenbao
tags: 示例晨报新闻
---
<p>某县农业农村局近日启动春耕农资保供行动，化肥储备同比增加一成。</p>"""
    + """<p class="em_media">（文章来源：示例晨报）</p>

<http://source.example.com/news/EX202403070004.html>

[返回示例晨报新闻](//news.example.com/category/chenbao.html)｜[返回首页](//news.example.com/)
"""
)

# The same post with a date that has no UTC offset: FM005 at line 4, column 7 (safely fixable).
NO_OFFSET_POST = GOOD_POST.replace("2024-03-07 07:45:00 +0800", "2024-03-07 07:45:00")
NO_OFFSET_AT = (4, 7)

# A title with an unescaped quote inside double quotes: FM002 (YAML syntax).
BAD_YAML_POST = GOOD_POST.replace(
    '"示例晨报：某县启动春耕农资保供行动"', '"示例晨报："保供"行动启动"'
)


def write_post(site: Path, name: str, text: str) -> Path:
    path = site / "_posts" / name
    path.write_text(text, encoding="utf-8")
    return path
