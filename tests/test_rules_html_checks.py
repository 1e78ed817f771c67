"""HT002-HT010 at exact positions, and the fixes of HT001, HT002 and HT006."""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint.app import RunRequest, build_settings
from finews_lint.body import Body
from finews_lint.engine import Linter

from tests.explain_examples import GOOD_POST
from tests.helpers import codes_at, lint, run_cli
from tests.test_rules_html import at, write_body


def found(site: Path, code: str) -> list[tuple[str, int, int]]:
    return codes_at(lint(site, GOOD_POST, select=[code]))


def apply_fixes(site: Path, code: str) -> str:
    """The post's text with every fix ``code`` offers applied (as the fix engine would)."""
    linter = Linter(build_settings(RunRequest(select=[code], cwd=site)), cwd=site)
    report = linter.check([Path(GOOD_POST)], jobs=1)
    text = (site / GOOD_POST).read_text(encoding="utf-8")
    edits = sorted(
        (e for d in report.diagnostics if d.fix for e in d.fix.edits),
        key=lambda e: e.start,
        reverse=True,
    )
    for edit in edits:
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def visible(text: str) -> str:
    return Body.parse(text, text.index("\n---\n", 4) + 5).visible_text()


# -- HT001 fixes -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("<p>甲</p></div><p>乙</p>", "<p>甲</p><p>乙</p>"),
        ("<p>甲<strong><em>乙</strong></em>丙</p>", "<p>甲<strong><em>乙</em></strong>丙</p>"),
        ("<p>甲<span>乙</p><p>丙</p>", "<p>甲<span>乙</span></p><p>丙</p>"),
        ("<p>甲<a href='/x'>乙</p><p>丙</p>", "<p>甲<a href='/x'>乙</a></p><p>丙</p>"),
        ("<p>甲<b><i>乙</p>", "<p>甲<b><i>乙</i></b></p>"),  # innermost first, pass by pass
    ],
)
def test_ht001_fixes_keep_the_text(example: Path, broken: str, fixed: str) -> None:
    before = write_body(example, broken)
    after = before
    for _ in range(5):  # passes, as the fix engine runs them, until nothing changes
        fixed_once = apply_fixes(example, "HT001")
        if fixed_once == after:
            break
        after = fixed_once
        (example / GOOD_POST).write_text(after, encoding="utf-8")
    assert after == before.replace(broken, fixed)
    assert visible(after) == visible(before)
    assert found(example, "HT001") == []


def test_ht001_leaves_guesses_unfixed(example: Path) -> None:
    before = write_body(example, "<div><p>甲</p>\n<p>乙</p>\n<p>丙</p><span>丁")
    assert len(found(example, "HT001")) == 2
    assert apply_fixes(example, "HT001") == before


# -- the other rules -------------------------------------------------------------------
def test_ht002_reports_and_removes_the_copies_jekyll_drops_from_a_markdown_post(
    example: Path,
) -> None:
    """kramdown rebuilds a Markdown post's HTML keeping the last copy of an attribute (a
    Jekyll 4.3.1 build published `<span class="em_stock" data-code="1">` for
    `<span class="keytip" data-code="1" class="em_stock">`): the earlier copies go."""
    text = write_body(
        example,
        '<p><span class="a" id="s" CLASS="b">甲</span><img src="/a.png" alt="图" alt="">乙</p>',
    )
    assert found(example, "HT002") == [
        ("HT002", *at(text, 'class="a"')[1:]),
        ("HT002", *at(text, 'alt="图"')[1:]),
    ]
    fixed = apply_fixes(example, "HT002")
    assert '<p><span id="s" CLASS="b">甲</span><img src="/a.png" alt="">乙</p>' in fixed


def test_ht002_in_an_html_page_the_later_copies_go(example: Path) -> None:
    """An HTML page is published as written, and browsers keep the first copy."""
    page = example / "about.html"
    page.write_text(
        '---\nlayout: default\ntitle: 关于\n---\n<p class="a" class="b">甲</p>\n',
        encoding="utf-8",
    )
    findings = lint(example, "about.html", select=["HT002"])
    assert codes_at(findings) == [("HT002", 5, 14)]
    assert findings[0].message.endswith("browsers keep only the first")


def test_ht003_img_alt(example: Path) -> None:
    text = write_body(
        example, '<p><img src="/a.png"><img src="/b.png" alt=""></p>\n\n![](/c.png) ![图](/d.png)'
    )
    assert found(example, "HT003") == [
        ("HT003", *at(text, '<img src="/a')[1:]),
        ("HT003", *at(text, "![](")[1:]),
    ]


def test_ht004_unsafe_markup(example: Path) -> None:
    text = write_body(
        example,
        '<p ONCLICK="x()">甲<a href=" JaVa\tScript:alert(1)">乙</a></p><iframe src="//v.example.com"></iframe>'
        '<meta http-equiv="Refresh" content="0;url=//x"><p style="width: Expression(alert(1))">丙</p>'
        '<p style="color:red">丁</p>\n\n[链接](javascript:void(0))',
    )
    assert found(example, "HT004") == [
        ("HT004", *at(text, "ONCLICK")[1:]),
        ("HT004", *at(text, "href=")[1:]),
        ("HT004", *at(text, "<iframe")[1:]),
        ("HT004", *at(text, "<meta")[1:]),
        ("HT004", *at(text, 'style="width')[1:]),
        ("HT004", *at(text, "javascript:void")[1:]),
    ]
    assert all(f.code == "HT004" for f in lint(example, GOOD_POST, select=["HT004"]))


def test_ht004_is_an_error_and_the_reference_post_is_safe(sample: Path) -> None:
    from finews_lint.rule import default_registry

    rule = default_registry(plugins=False).get("HT004")
    assert rule is not None and rule.severity.value == "error"
    assert lint(sample, "_posts", select=["HT004"]) == []


def test_ht005_hidden_text_but_not_the_empty_spacer(example: Path) -> None:
    text = write_body(
        example,
        '<p style="display:none;height:1px;overflow:hidden;"><br /></p>'
        '<div style="color:red; Display : None"><p>藏起来的字</p></div><span hidden>也藏了</span><p>正文</p>',
    )
    assert found(example, "HT005") == [
        ("HT005", *at(text, "<div")[1:]),
        ("HT005", *at(text, "<span")[1:]),
    ]


def test_ht005_a_spacer_that_lost_its_end_tag_hides_only_itself(example: Path) -> None:
    """The browser ends the open `<p>` at the next `<p>`: the article after it is seen, so
    the one finding is HT001's, not a hidden article too."""
    write_body(
        example,
        '<p style="display:none;height:1px;overflow:hidden;"><br /><p>正文第一段。</p>'
        "<p>正文第二段。</p>",
    )
    assert found(example, "HT005") == []
    assert [code for code, *_ in found(example, "HT")] == ["HT001"]


def test_ht005_real_sample_spacer_is_not_reported(sample: Path) -> None:
    assert lint(sample, "_posts/-202205262391921712.md", select=["HT005", "HT006"]) == []


def test_ht006_empty_paragraphs_and_fix(example: Path) -> None:
    body = "<p>甲</p><p>&nbsp;</p><p> <br/> </p><p><img src='/a.png' alt='图'></p><p>{{ x }}</p><p>乙</p>"
    text = write_body(example, body)
    assert found(example, "HT006") == [
        ("HT006", *at(text, "<p>&nbsp;")[1:]),
        ("HT006", *at(text, "<p> <br/>")[1:]),
    ]
    fixed = apply_fixes(example, "HT006")
    # Each paragraph of spaces between two tags leaves one space: the words around it stay
    # apart, and the fix passes the check that the visible text is unchanged.
    assert "<p>甲</p>  <p><img src='/a.png' alt='图'></p><p>{{ x }}</p><p>乙</p>" in fixed


@pytest.mark.parametrize(
    ("blank", "between"),
    [("&nbsp;", " "), ("   ", " "), ("&nbsp;&nbsp;", " "), ("<br />", ""), ("<br/>", "")],
)
def test_ht006_fix_is_applied_by_fix_and_leaves_nothing_to_fix(
    example: Path, blank: str, between: str
) -> None:
    """`[*]` promises that `fix` repairs it: the fixer's guard on visible text must let it.
    Spaces between the words stay one space; a `<br />` held none (its space is in the tag)."""
    write_body(example, f'<p>甲</p><p>{blank}</p><p class="em_media">（文章来源：示例晨报）</p>')
    assert [f[0] for f in found(example, "HT006")] == ["HT006"]
    assert run_cli("fix", GOOD_POST, "--select", "HT006", cwd=example)[0] == 1  # changed
    fixed = (example / GOOD_POST).read_text(encoding="utf-8")
    assert f'<p>甲</p>{between}<p class="em_media">（文章来源：示例晨报）</p>' in fixed
    assert found(example, "HT006") == []
    assert run_cli("fix", GOOD_POST, "--select", "HT006", cwd=example)[0] == 0


def test_ht006_an_empty_paragraph_with_an_id_is_an_anchor_and_stays(example: Path) -> None:
    """`<a href="#zw">` jumps to `<p id="zw"></p>`: removing it breaks the jump."""
    body = '<p>导读：详见<a href="#zw">正文</a>。</p><p id="zw"></p><p><span name="b"></span></p>'
    text = write_body(example, body + "<p></p><p>正文。</p>")
    assert found(example, "HT006") == [("HT006", *at(text, "<p></p>")[1:])]
    assert body in apply_fixes(example, "HT006")


def test_ht008_invalid_nesting(example: Path) -> None:
    text = write_body(
        example, '<p>甲<div>乙</div></p><span><p>丙</p></span><a href="/a"><a href="/b">丁</a></a>'
    )
    assert found(example, "HT008") == [
        ("HT008", *at(text, "<div>")[1:]),
        ("HT008", *at(text, "<p>丙")[1:]),
        ("HT008", *at(text, '<a href="/b"')[1:]),
    ]


def test_ht009_obsolete_elements_in_the_real_sample(sample: Path) -> None:
    findings = lint(sample, "_posts/-202205262391921712.md", select=["HT009"])
    text = (sample / "_posts/-202205262391921712.md").read_text(encoding="utf-8")
    assert codes_at(findings) == [("HT009", *at(text, "<center>", i)[1:]) for i in range(3)]


def test_ht010_duplicate_id(example: Path) -> None:
    text = write_body(
        example, '<p><span id="stock_1.600160">甲</span>，<span id="stock_1.600160">甲</span></p>'
    )
    findings = lint(example, GOOD_POST, select=["HT010"])
    assert codes_at(findings) == [("HT010", *at(text, 'id="stock', 1)[1:])]
    assert "already used at line 8, column 4" in findings[0].message


def test_clean_posts_stay_clean(example: Path) -> None:
    assert lint(example, ".", select=["HT"]) == []


def test_reference_post_is_clean_for_every_ht_rule(sample: Path) -> None:
    assert lint(sample, "_posts/2022-02-11-NW202202112273370064.md", select=["HT"]) == []


def test_ht004_checks_pages_only_when_asked(sample: Path) -> None:
    assert lint(sample, "404.md", select=["HT004"]) == []
    (sample / ".finews-lint.toml").write_text(
        "[rules.HT004]\ninclude-pages = true\n", encoding="utf-8"
    )
    assert codes_at(lint(sample, "404.md", select=["HT004"])) == [("HT004", 6, 1), ("HT004", 15, 1)]


def test_ht011_empty_links(example: Path) -> None:
    text = write_body(
        example,
        '<p><a href="/a"></a><a href="/b"> <img src="/i.png" alt=""> </a>'
        '<a href="/c"><img src="/i.png" alt="图"></a><a href="{{ u }}">{{ t }}</a><a name="x"></a></p>'
        "\n\n[](/d) [文字](/e)",
    )
    assert found(example, "HT011") == [
        ("HT011", *at(text, '<a href="/a"')[1:]),
        ("HT011", *at(text, '<a href="/b"')[1:]),
        ("HT011", *at(text, "[](/d)")[1:]),
    ]


def test_ht011_real_image_links_are_not_empty(sample: Path) -> None:
    assert lint(sample, "_posts", select=["HT011"]) == []


def test_ht001_sees_html_published_from_a_liquid_raw_block(example: Path) -> None:
    text = write_body(example, "{% raw %}<div>{{ 说明 }}{% endraw %}<p>甲</p>")
    assert found(example, "HT001") == [("HT001", *at(text, "<div>")[1:])]
    write_body(example, "{% comment %}<div>{% endcomment %}<p>甲</p>")  # never published
    assert found(example, "HT001") == []


# -- HT012: Liquid Jekyll cannot render ------------------------------------------------
@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("<p>公式写作 {% 增长率 %} 的说明。</p>", "{% 增长率"),
        ("{% if page.image %}<p>甲</p>", "{% if"),
        ("<p>甲</p>{% raw %}<p>乙</p>", "{% raw"),
        ("<p>甲</p>{% endif %}", "{% endif"),
        ("{% for a in site.posts %}<p>甲</p>{% endif %}", "{% endif"),
        ("<p>甲</p>{% else %}<p>乙</p>", "{% else"),
        ("{% include missing.html %}", "{% include"),
        ("<p>甲 {% 乙</p>", "{% 乙"),
        ("```\n{% foo %}\n```", "{% foo"),  # Liquid runs before Markdown: code is no shelter
        ("<p>大数据{{ 云计算</p>", "{{ 云计算"),  # an output never closed
        ("<p>模板 {{ a } 残留</p><p>{{ b }}</p>", "{{ a"),  # closed by one brace: `}}` it needs
        ("<p>{{ a }}</p><p>价格 {{ 上涨</p>", "{{ 上涨"),
    ],
)
def test_ht012_liquid_that_stops_the_build(example: Path, body: str, fragment: str) -> None:
    text = write_body(example, body)
    findings = lint(example, GOOD_POST, select=["HT012"])
    assert codes_at(findings) == [("HT012", *at(text, fragment)[1:])]
    assert findings[0].message.endswith("Jekyll stops the whole site's build on it")


@pytest.mark.parametrize(
    "body",
    [
        "<p>{% raw %}{% 增长率 %} {% if %}{% endraw %}</p>",
        "{% comment %}{% foo %}{% endcomment %}<p>甲</p>",
        "{% if a %}甲{% elsif b %}乙{% else %}丙{% endif %}",
        "{% for a in b %}{% if a %}{% break %}{% endif %}{% else %}无{% endfor %}",
        "{% case x %}{% when 1 %}a{% else %}b{% endcase %}",
        "{% assign x = 1 %}{% capture y %}{{ x }}{% endcapture %}{% increment n %}",
        "{% highlight ruby %}x = 1{% endhighlight %}",
        "[前文]({% post_url 2024-03-05-EX202403050001 %})",
        "{%- if a -%}<p>甲</p>{%- endif -%}",
        "<p>百分比 50% 与 {{ page.title }}</p>",
        "<p>{{ a\n  | upcase }} 与 {{- b -}}</p>",
        "{% raw %}<p>{{ 价格</p>{% endraw %}",  # raw text is not read as Liquid
        "<p>{% if a %}{{ a }}{% endif %} 与 }} 和 {</p>",
    ],
)
def test_ht012_liquid_jekyll_renders_is_clean(example: Path, body: str) -> None:
    write_body(example, body)
    assert found(example, "HT012") == []


def test_ht012_knows_the_tags_of_the_site_s_plugins(example: Path) -> None:
    config = example / "_config.yml"
    original = config.read_text(encoding="utf-8")
    text = write_body(example, "{% seo %}{% feed_meta %}<p>甲</p>{% gist 1 %}")
    config.write_text(
        original + "plugins:\n  - jekyll-seo-tag\n  - jekyll-feed\n", encoding="utf-8"
    )
    assert found(example, "HT012") == [("HT012", *at(text, "{% gist")[1:])]
    # A plugin whose tags are not known here may add any tag: no guessing.
    config.write_text(original + "plugins:\n  - jekyll-something\n", encoding="utf-8")
    assert found(example, "HT012") == []
    # A theme's includes cannot be seen: a missing include is not reported then.
    write_body(example, "{% include head.html %}")
    config.write_text(original + "theme: minima\n", encoding="utf-8")
    assert found(example, "HT012") == []
