"""The body model: what is a tag, a link, code or Liquid, at which offset, line and column."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from finews_lint.body import Body
from finews_lint.rule import default_registry
from finews_lint.source import LineIndex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REFERENCE, SAMPLE

FRONT = '---\nlayout: post\ntitle: "示例"\n---\n'


def parse(body: str) -> tuple[str, Body]:
    text = FRONT + body
    return text, Body.parse(text, len(FRONT))


def tag_texts(text: str, body: Body) -> list[str]:
    return [text[t.start : t.end] for t in body.tags]


def test_tags_attributes_and_offsets() -> None:
    text, body = parse("<p class=\"em_media\" data-x='1' hidden>（文章来源：示例）</p><br/>")
    assert tag_texts(text, body) == ["<p class=\"em_media\" data-x='1' hidden>", "</p>", "<br/>"]
    start = body.tags[0]
    assert (start.name, start.is_end, start.classes) == ("p", False, ["em_media"])
    assert [(a.name, a.value) for a in start.attributes] == [
        ("class", "em_media"),
        ("data-x", "1"),
        ("hidden", None),
    ]
    assert text[start.attributes[1].start : start.attributes[1].end] == "data-x='1'"
    assert body.tags[2].self_closing and body.tags[2].is_void


def test_positions_on_a_cjk_line_count_characters() -> None:
    text, body = parse("第一段。\n\n沪指收涨，<strong>北向资金</strong>净买入。")
    lines = LineIndex(text)
    strong, end = body.tags
    assert lines.position(strong.start) == (7, 6)
    assert lines.position(end.start) == (7, 18)
    assert len("沪指收涨，<strong>北向资金".encode()) > 17  # bytes would give another column


def test_not_tags() -> None:
    text, body = parse(
        "a < b, 3<5 <http://finews.example.com/a?b=1&c=2> <> `<div>` <!-- <p> -->\n\n"
        "```html\n<span>\n```\n\n"
        "{{ '<em>' }} {% if x %}{% endif %} <script>if (a<b) x('</p>')</script>"
    )
    assert tag_texts(text, body) == ["<script>", "</script>"]
    assert [a.target for a in body.autolinks] == ["http://finews.example.com/a?b=1&c=2", ""]
    kinds = sorted({s.kind for s in body.opaque})
    assert kinds == ["code", "comment", "liquid", "raw-text"]
    assert body.is_opaque(text.index("<div>")) and body.is_opaque(text.index("<span>"))
    assert [text[s.start : s.end] for s in body.liquid] == [
        "{{ '<em>' }}",
        "{% if x %}",
        "{% endif %}",
    ]


def test_tag_inside_an_attribute_value_is_not_a_tag() -> None:
    text, body = parse('<p title="a <b> c" data-x="</p>">x</p>')
    assert tag_texts(text, body) == ['<p title="a <b> c" data-x="</p>">', "</p>"]


def test_tags_with_liquid_inside() -> None:
    _text, body = parse('<a href={{ site.url }}>甲</a><p {% if w %}class="wide"{% endif %}>乙</p>')
    assert [t.name for t in body.tags] == ["a", "a", "p", "p"]
    assert body.tags[0].attribute("href") == "{{ site.url }}"
    assert body.tags[2].attribute("class") == "wide"


def test_indented_code_is_code_but_not_inside_an_html_block() -> None:
    text, body = parse("段落\n\n    <div>缩进代码</div>\n\n<div>\n\n    <p>块内</p>\n</div>\n")
    assert tag_texts(text, body) == ["<div>", "<p>", "</p>", "</div>"]
    assert body.tags[0].start == text.index("<div>\n")
    assert [b.kind for b in body.blocks] == ["markdown", "code", "html"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_fenced_code_block_ends_at_its_fence_whatever_the_line_ends(newline: str) -> None:
    """A CRLF file's closing fence has a \r before its line end: the block still ends
    there, and the HTML after it is HTML, not code."""
    lines = ["段落", "", "```html", "<div>示例</div>", "```", "", "<p>正文</p>", ""]
    text, body = parse(newline.join(lines))
    assert tag_texts(text, body) == ["<p>", "</p>"]


def links_read(text: str, body: Body) -> list[tuple[str, str, str]]:
    """(kind, text, target) of each link, once each target's offsets are checked."""
    for link in body.links:
        assert text[link.target_start : link.target_end] == link.target
    return [(link.kind, link.text, link.target) for link in body.links]


def test_links_with_text_and_target() -> None:
    text, body = parse(
        '<p><a href="http://quote.example.com/1.600160">巨化股份</a></p>\n\n'
        "<http://source.example.com/a.html>\n\n"
        "[返回示例新闻](//news.example.com/category/a.html)｜[返回首页](//news.example.com/) ![图](/a.png)"
    )
    assert links_read(text, body) == [
        ("html", "巨化股份", "http://quote.example.com/1.600160"),
        ("autolink", "http://source.example.com/a.html", "http://source.example.com/a.html"),
        ("markdown", "返回示例新闻", "//news.example.com/category/a.html"),
        ("markdown", "返回首页", "//news.example.com/"),
        ("image", "图", "/a.png"),
    ]


def test_an_inline_link_s_url_runs_to_its_closing_parenthesis_as_kramdown_reads_it() -> None:
    """kramdown 2.4 (Jekyll's) renders each of these as a link with this href; CommonMark
    would publish the first as text."""
    text, body = parse(
        "[返回示例新闻](//news.example.com/category/a b.html)｜"
        '[图表]( /a (1).png  "说明")｜[注](见 附表)｜[空]()'
    )
    assert links_read(text, body) == [
        ("markdown", "返回示例新闻", "//news.example.com/category/a b.html"),
        ("markdown", "图表", "/a (1).png"),
        ("markdown", "注", "见 附表"),
        ("markdown", "空", ""),
    ]


def test_reference_links_take_their_target_from_the_definition_line() -> None:
    text, body = parse(
        "<p>正文。</p>\n\n<http://source.example.com/a.html>\n\n"
        "[返回示例新闻][Cat  Page]｜[返回首页][] [未定义][nowhere] [^1] ![图][img]\n\n"
        "[cat page]: //news.example.com/category/a.html\n"
        '[返回首页]: <//news.example.com/> "首页"\n'
        "[img]: /a.png\n"
        "[cat page]: /the/last/definition/wins.html\n"
        "```\n[code]: /not/a/definition.html\n```\n"
    )
    assert links_read(text, body) == [
        ("autolink", "http://source.example.com/a.html", "http://source.example.com/a.html"),
        ("markdown", "返回示例新闻", "/the/last/definition/wins.html"),
        ("markdown", "返回首页", "//news.example.com/"),
        ("image", "图", "/a.png"),
    ]
    assert body.is_opaque(text.index("[img]:")), "a definition shows nothing"
    assert "news.example.com" not in body.visible_text()


def test_an_autolink_in_a_definition_is_not_a_second_source_link() -> None:
    _text, body = parse("<p>正文。</p>\n\n[src]: <http://source.example.com/a.html>\n")
    assert body.autolinks == [] and body.links == []


def test_paragraph_text_and_blocks() -> None:
    _text, body = parse(
        "<p>甲&amp;乙<!-- x --></p><p><strong>丙</strong>丁</p>\n\n<>\n\n[返回首页](/)"
    )
    assert [p.text for p in body.paragraphs] == ["甲&乙", "丙丁", "返回首页"]
    assert [b.kind for b in body.blocks] == ["html", "html", "markdown", "markdown"]  # as kramdown


def test_element_tree_maps_back_to_tags() -> None:
    text, body = parse(
        '<p>甲<span id="s"><a href="/x">乙</a></span></p><p style="display:none">丙</p>'
    )
    tree = body.tree
    assert [el.tag for el in tree.iter()] == ["p", "span", "a", "p"]
    first, span, link, hidden = tree.iter()
    assert first.text_content() == "甲乙"
    assert text[slice(*tree.span(span))] == '<span id="s"><a href="/x">乙</a></span>'
    assert tree.start_tag(link).attribute("href") == "/x" and link.get("href") == "/x"
    assert hidden.get("style") == "display:none" and tree.end_tag(hidden) is not None


def test_tree_survives_broken_markup() -> None:
    _, body = parse('<p>甲<b>乙</p></div><x:y a\x01=1>丙<p 1a="1" @click=x>')
    assert [el.tag for el in body.tree.iter()] == ["p", "b", "x-y", "p"]


def test_real_long_html_post() -> None:
    text = (SAMPLE / "_posts" / "-202205262391921712.md").read_text(encoding="utf-8")
    start = text.index("\n---\n", 4) + 5
    body = Body.parse(text, start)
    lines = LineIndex(text)
    assert {t.name for t in body.tags} >= {"p", "span", "a", "img", "center", "br"}
    assert [text[c.start : c.end] for c in body.comments] == [
        "<!-- EM_StockImg_Start -->",
        "<!-- EM_StockImg_End -->",
    ]
    quote = next(link for link in body.html_links if link.text == "巨化股份")
    assert lines.position(quote.start)[0] == 10
    assert (
        text[quote.target_start : quote.target_end] == "http://quote.eastmoney.com/unify/r/1.600160"
    )


def test_reference_post_model() -> None:
    text = (SAMPLE / REFERENCE).read_text(encoding="utf-8")
    start = text.index("\n---\n", 4) + 5
    body = Body.parse(text, start)
    assert [link.kind for link in body.links] == ["autolink", "markdown", "markdown"]
    assert body.paragraphs[-1].text == "返回大众日报新闻｜返回首页"
    assert sum(t.name == "p" for t in body.tags) == 2 * text.count("<p")


def test_every_sample_post_parses(tmp_path: Path) -> None:
    for path in sorted((SAMPLE / "_posts").iterdir()):
        text = path.read_text(encoding="utf-8")
        body = Body.parse(text, 0)
        assert all(text[t.start] == "<" and text[t.end - 1] == ">" for t in body.tags)
        assert body.blocks
        body.tree  # noqa: B018 - builds without error


def test_kramdown_autolinks_escapes_and_word_tags() -> None:
    text, body = parse(
        r"写作 \<div> 与 <st1:place>北京</st1:place> <HTTPS://A.example.com/c> <x@y.com> <>"
    )
    assert tag_texts(text, body) == ["<st1:place>", "</st1:place>"]
    # A mail address links as kramdown links it, with mailto: (no page of the site).
    assert [a.target for a in body.autolinks] == [
        "HTTPS://A.example.com/c",
        "mailto:x@y.com",
        "",
    ]
    mail = body.autolinks[1]
    assert text[mail.target_start : mail.target_end] == "x@y.com"


def test_a_lone_backtick_does_not_hide_tags_of_later_paragraphs() -> None:
    text, body = parse("<p>代码符号 ` 单独出现</p>\n\n<p>下一段 ` 又一个</p>")
    assert tag_texts(text, body) == ["<p>", "</p>", "<p>", "</p>"]


FRAGMENTS = [
    "<p>",
    "</p>",
    "<span id='s'>",
    "</span>",
    '<a href="/x">',
    "</a>",
    "<br/>",
    "<img src=x>",
    "<!--",
    "-->",
    "`",
    "```\n",
    "\n\n",
    "    ",
    "{% if x %}",
    "{% else %}",
    "{% endif %}",
    "{{ y }}",
    "<http://a.example.com/b>",
    "<>",
    "[链接](/c)",
    "文字",
    "<",
    ">",
    "\\",
    "&amp;",
    "<script>",
    "</script>",
    "<div style='display:none'>",
    "</div>",
    "\r\n",
    "<x:y>",
    '"',
    "'",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_body_parses_with_consistent_offsets(pieces: list[str]) -> None:
    from finews_lint.balance import check_balance

    text, body = parse("".join(pieces))
    for tag in body.tags:
        assert len(FRONT) <= tag.start < tag.end <= len(text) and text[tag.start] == "<"
        assert not body.is_opaque(tag.start) or any(
            s.kind == "raw-text" and s.end == tag.start for s in body.opaque
        )
    for link in body.links:
        assert link.start <= link.target_start <= link.target_end <= link.end
    for problem in check_balance(body.tags) + check_balance(body.tags, optional_end_tags=True):
        assert problem.tag in body.tags
    assert all(b.start < b.end for b in body.blocks)
    body.paragraphs  # noqa: B018
    site = SimpleNamespace(config=SimpleNamespace(raw={}), root=Path("/nonexistent"))
    doc = SimpleNamespace(
        text=text,
        body=body,
        lines=LineIndex(text),
        is_post=True,
        path=Path("_posts/2024-01-01-x.md"),
        body_start=len(FRONT),
        site=site,
    )
    for rule in default_registry(plugins=False):
        if rule.code.startswith("HT"):
            for problem in rule.check(doc, rule.options_model()):
                assert len(FRONT) <= problem.start <= problem.end <= len(text), rule.code


def test_liquid_raw_publishes_its_html_and_hides_its_liquid() -> None:
    """`{% raw %}` stops Liquid, not HTML: what is inside is published as written."""
    text, body = parse(
        "{% raw %}<div>{{ 价格 }} {% if %}{{{% endraw %}<p>正文{{ page.title }}</p>"
        "{% comment %}<span>{% endcomment %}"
    )
    assert tag_texts(text, body) == ["<div>", "<p>", "</p>"]
    assert [text[s.start : s.end] for s in body.liquid] == [
        "{% raw %}",
        "{% endraw %}",
        "{{ page.title }}",  # a `{{` left open inside raw does not swallow it
        "{% comment %}<span>{% endcomment %}",
    ]
    assert not body.is_opaque(text.index("<div>"))
    assert body.visible_text() == "{{ 价格 }} {% if %}{{正文"


def test_block_at_tells_markdown_from_raw_html() -> None:
    text, body = parse("<p>[不是链接](/a)</p>\n\n[链接](/b)\n\n```\n[代码](/c)\n```\n")
    kinds = {link.target: body.block_at(link.start).kind for link in body.markdown_links}  # type: ignore[union-attr]
    assert kinds == {"/a": "html", "/b": "markdown"}
    assert body.block_at(text.index("[代码]")).kind == "code"  # type: ignore[union-attr]


HOSTILE = {
    "unclosed output tags": "{{ a " * 20000,
    "unclosed liquid tags": "{% a " * 20000,
    "tag starts without >": "<a b " * 20000,
    "tags without end": "<p>" * 30000,
    "stray end tags": "</p>" * 30000,
    "lone backticks": "`a" * 30000,
    "link openers": "[a](" * 20000,
    "link URL of spaces never closed": "[a](" + " " * 200_000,
    "link URLs of spaces and words": "[a](x " * 30000,
    "one long line": "<p><span>x</span></p>" * 5000,
    "HTML blocks one after another on a line": "<p>x</p>" * 30000,
    "HTML blocks between indented code": "<p>x</p>\n\n    code\n\n" * 10000,
    "comment openers": "<!--" * 20000,
    "deep nesting": "<span>" * 5000 + "</span>" * 5000,
    "many Liquid blocks": "{% if x %}<p>{% endif %}" * 10000,
    "deep Liquid nesting": "{% if x %}" * 3000 + "<p>" + "{% endif %}" * 3000,
    "comments everywhere": "<p>段<!-- 注 -->" * 20000,
    "fences between indented code": "```\nx\n```\n\n    code\n\n" * 5000,
    "reference links": "[a][r]\n\n[r]: /x\n\n" * 10000,
    "HTML links": '<a href="/x">a</a>' * 30000,
    "stray end tags under deep nesting": "<div>" * 30000 + "</span>" * 30000,
    "paragraphs under deep nesting": "<p>" + "<div>" * 20000 + "<p>段</p>" * 20000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bodies_stay_fast(name: str) -> None:
    import time

    from finews_lint.balance import judge

    started = time.monotonic()
    _, body = parse(HOSTILE[name])
    judge(body)
    body.blocks  # noqa: B018
    body.paragraphs  # noqa: B018
    body.tree  # noqa: B018
    assert not any(body.is_opaque(tag.start) for tag in body.tags)  # no tag in a comment
    assert all(body.block_at(link.start) is not None for link in body.links)
    assert time.monotonic() - started < 10, name  # quadratic scans took minutes here
