"""HT rules on the real sample, on planted defects and on their own explain examples."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from finews_lint.rule import default_registry

from tests.explain_examples import GOOD_POST, examples, lint_example
from tests.helpers import REFERENCE, codes_at, lint, run_cli
from tests.linkhelpers import apply_fixes

HTML_POSTS = [
    REFERENCE,
    "_posts/-202205262391921712.md",
    "_posts/2022-05-26-202205262391921712.md",
]
HT_CODES = [code for code in default_registry(plugins=False).codes() if code.startswith("HT")]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``, computed independently."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def write_body(site: Path, body: str, relpath: str = GOOD_POST) -> str:
    """Replace the article of the example site's good post with ``body``."""
    path = site / relpath
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n---\n", 1)
    tail = rest[rest.index("\n\n<http") :]
    path.write_text(head + "\n---\n" + body + tail, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def ht001(site: Path, relpath: str, **config: object) -> list[tuple[str, int, int]]:
    return codes_at(lint(site, relpath, select=["HT001"], **config))


# -- the real sample ---------------------------------------------------------------------
def test_real_html_posts_have_balanced_tags(sample: Path) -> None:
    for relpath in HTML_POSTS:
        assert ht001(sample, relpath) == [], relpath


def test_whole_sample_has_no_unbalanced_tags(sample: Path) -> None:
    assert lint(sample, "_posts", select=["HT001", "HT007"]) == []


def _end_tags(text: str, names: tuple[str, ...]) -> list[re.Match[str]]:
    start = text.index("\n---\n", 4)
    return [m for m in re.finditer(r"</({})>".format("|".join(names)), text) if m.start() > start]


def _matching_start(text: str, end: re.Match[str]) -> int:
    """The start tag a good post's end tag closes: count same-name tags backwards."""
    name = end.group(1)
    depth = 0
    for tag in reversed(list(re.finditer(rf"<(/?){name}[\s>]", text[: end.start()]))):
        if tag.group(1):
            depth += 1
        elif depth == 0:
            return tag.start()
        else:
            depth -= 1
    raise AssertionError("no start tag")


@pytest.mark.parametrize("relpath", HTML_POSTS)
def test_every_removed_end_tag_is_reported_at_its_start_tag(sample: Path, relpath: str) -> None:
    path = sample / relpath
    good = path.read_text(encoding="utf-8")
    removed = _end_tags(good, ("strong", "span", "a"))
    assert len(removed) >= 3
    for end in removed:
        path.write_text(good[: end.start()] + good[end.end() :], encoding="utf-8")
        line, column = position(good, _matching_start(good, end))
        found = ht001(sample, relpath)
        assert found == [("HT001", line, column)], (end.group(0), end.start())
    path.write_text(good, encoding="utf-8")


@pytest.mark.parametrize("relpath", HTML_POSTS)
def test_every_removed_paragraph_end_is_reported_once_and_fixed_back(
    sample: Path, relpath: str
) -> None:
    """A `</p>` lost mid-body: the browser ends the paragraph at the next block, so one
    HT001 (not an HT008 for every later paragraph) and a fix that puts `</p>` back."""
    path = sample / relpath
    good = path.read_text(encoding="utf-8")
    removed = [m for m in _end_tags(good, ("p",)) if good.startswith("<p", m.end())]
    assert len(removed) >= 3
    for end in removed[:: max(1, len(removed) // 4)]:
        path.write_text(good[: end.start()] + good[end.end() :], encoding="utf-8")
        found = lint(sample, relpath, select=["HT001", "HT008"])
        line, column = position(good, _matching_start(good, end))
        assert codes_at(found) == [("HT001", line, column)], end.start()
        assert "the browser ends it at <p>" in found[0].message
        assert apply_fixes(sample, relpath, ["HT001"]) == good


def test_the_last_paragraph_left_open_swallows_the_footer_and_is_closed(sample: Path) -> None:
    """kramdown, finding no `</p>`, runs the paragraph to the end of the post: the source
    link and the return links are published as plain text (checked with kramdown 2.4)."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    last = good.rindex("</p>")
    path.write_text(good[:last] + good[last + 4 :], encoding="utf-8")
    found = lint(sample, REFERENCE, select=["HT"])
    start = good.rindex("<p", 0, last)
    assert codes_at(found) == [("HT001", *position(good, start))]
    assert "the source link, the return links) is published as plain text" in found[0].message
    assert apply_fixes(sample, REFERENCE, ["HT001"]) == good


def test_a_wrapper_div_left_open_is_closed_where_its_html_block_ends(sample: Path) -> None:
    """`<div class="article">` before the article and no `</div>`: kramdown would run it to
    the end of the post, source link and footer included (checked with kramdown 2.4)."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    first = good.index("<p>", good.index("\n---\n", 4))
    line_end = good.index("\n", first)
    path.write_text(good[:first] + '<div class="article">' + good[first:], encoding="utf-8")
    found = lint(sample, REFERENCE, select=["HT"])
    assert codes_at(found) == [("HT001", *position(good, first))]
    assert "kramdown runs it to the end of the post" in found[0].message
    wrapped = (
        good[:first] + '<div class="article">' + good[first:line_end] + "</div>" + good[line_end:]
    )
    assert apply_fixes(sample, REFERENCE, ["HT001"]) == wrapped
    assert lint(sample, REFERENCE, select=["HT"]) == []


def test_a_comment_never_closed_is_reported_and_hides_nothing(sample: Path) -> None:
    """kramdown prints an unclosed `<!--` as text: the source link and footer after it
    stay links (no SRC002, no LNK001), the comment is the one finding."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    at = good.index("</p><p>") + 4
    path.write_text(good[:at] + "<!-- 待核实 " + good[at:], encoding="utf-8")
    found = lint(sample, REFERENCE)
    assert [(f.code, f.line, f.column) for f in found] == [("HT001", *position(good, at))]
    assert found[0].message.startswith("comment is never closed")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_attribute_without_its_closing_quote_is_the_one_finding(
    sample: Path, quote: str
) -> None:
    """`<p class="x>…`: the value runs on to the next quote, hiding the text between; the
    end tags it swallowed are not reported one by one (nor removed by a fix)."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    at = good.index("<p>", good.index("</p>")) + 2  # the second paragraph's <p>
    later = good.index("</p>", good.index("</p>", at) + 4)  # in the third paragraph
    note = f"<em class={quote}note{quote}>注</em>"  # a later value with that quote
    planted = good[:at] + f" class={quote}lead" + good[at:later] + note + good[later:]
    path.write_text(planted, encoding="utf-8")
    found = lint(sample, REFERENCE, select=["HT"])
    assert codes_at(found) == [("HT001", *position(good, at + 1))]
    assert f"the value of class= on <p> has no closing {quote}" in found[0].message
    assert apply_fixes(sample, REFERENCE, ["HT001"]) == planted  # unsafe: not a plain fix


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_attribute_never_closed_is_the_one_finding_and_is_closed(
    sample: Path, quote: str
) -> None:
    """`<p class="em_media>（文章来源：大众日报）</p>` with no quote after it: kramdown
    publishes the tag as text (checked with jekyll build). Before, the `</p>` was called
    stray and the fix removed it; now the quote is the one finding, and `fix` adds it."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8").replace(
        'class="em_media"', f"class={quote}em_media{quote}"
    )
    path.write_text(good, encoding="utf-8")
    at = good.index(f"em_media{quote}>") + len("em_media")
    path.write_text(good[:at] + good[at + 1 :], encoding="utf-8")
    found = lint(sample, REFERENCE)
    assert codes_at(found) == [("HT001", *position(good, good.index("class=")))]
    assert found[0].message == (
        f"the value of class= on <p> has no closing {quote}: kramdown publishes"
        f" <p class={quote}em_media> as text, and the end tag meant for it closes nothing"
    )
    assert run_cli("fix", "--no-cache", REFERENCE, cwd=sample)[0] == 1  # a file changed
    assert path.read_text(encoding="utf-8") == good


@pytest.mark.parametrize("relpath", HTML_POSTS)
@pytest.mark.parametrize(
    ("pattern", "spaced"),
    [("<p>", "< p>"), ("</p>", "< /p>"), ("</p>", "</ p>"), ("<strong>", "< strong>")],
)
def test_a_tag_with_a_space_after_its_lt_is_the_one_finding(
    sample: Path, relpath: str, pattern: str, spaced: str
) -> None:
    """`< p>` is text to kramdown (`&lt; p&gt;`, checked with jekyll build): reported where it is, not as the paragraph it fails to
    open or close (whose correct end tag the fix then deleted); `fix` removes the space."""
    path = sample / relpath
    good = path.read_text(encoding="utf-8")
    body = good.index("\n---\n") + 5
    match = list(re.finditer(re.escape(pattern), good[body:]))[1]
    at = body + match.start()
    path.write_text(good[:at] + spaced + good[at + len(pattern) :], encoding="utf-8")
    found = lint(sample, relpath, select=["HT001"])
    assert codes_at(found) == [("HT001", *position(good, at))]
    assert found[0].message == (
        f"{spaced} is no tag: with a space after < kramdown publishes it as text; write {pattern}"
    )
    assert run_cli("fix", "--no-cache", relpath, "--select", "HT001", cwd=sample)[0] == 1
    assert path.read_text(encoding="utf-8") == good


@pytest.mark.parametrize(
    ("opening", "column"), [("< p>", 1), ('<p class="lead>', 4)], ids=["spaced", "unclosed-value"]
)
def test_a_repair_that_would_silence_the_paragraph_s_markdown_is_not_made(
    sample: Path, opening: str, column: int
) -> None:
    """While `< p>` (or a tag whose value lost its quote) is text, kramdown reads the line
    as a Markdown paragraph and publishes its link and bold text; repaired, the tag would
    start an HTML block in which kramdown shows `[公告](…)` and `**…**` as written
    (both checked with jekyll build). Reported, not fixed; a line with no Markdown is."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    body = good.index("\n---\n") + 5
    line = f"{opening}央行发布[公告](http://www.pbc.gov.cn/)，开展**1000亿元**逆回购操作。</p>\n\n"
    path.write_text(good[:body] + line + good[body:], encoding="utf-8")
    found = lint(sample, REFERENCE, select=["HT001"])
    assert codes_at(found) == [("HT001", 8, column)]
    assert run_cli("fix", "--unsafe-fixes", REFERENCE, "--select", "HT001", cwd=sample)[0] == 1
    assert path.read_text(encoding="utf-8") == good[:body] + line + good[body:]
    plain = f"{opening}央行开展1000亿元逆回购操作。</p>\n\n"
    path.write_text(good[:body] + plain + good[body:], encoding="utf-8")
    run_cli("fix", "--unsafe-fixes", REFERENCE, "--select", "HT001", cwd=sample)
    assert lint(sample, REFERENCE, select=["HT001"]) == []


@pytest.mark.parametrize(
    ("written", "fixed", "reading"), [("</br>", "<br>", "as <br>"), ("</img>", "", "as nothing")]
)
def test_an_end_tag_of_a_void_element_is_written_as_browsers_read_it(
    sample: Path, written: str, fixed: str, reading: str
) -> None:
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    at = good.index("马越男说。</p>") + len("马越男说。")
    path.write_text(good[:at] + written + good[at:], encoding="utf-8")
    found = lint(sample, REFERENCE, select=["HT"])
    name = written.strip("</>")
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "HT001",
            *position(good, at),
            f"end tag {written} closes nothing: <{name}> has no end tag (browsers read it"
            f" {reading})",
        )
    ]
    assert run_cli("fix", "--no-cache", REFERENCE, cwd=sample)[0] == 1  # a file changed
    assert path.read_text(encoding="utf-8") == good[:at] + fixed + good[at:]


def test_a_less_than_sign_before_a_word_is_no_tag(sample: Path) -> None:
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    for text in ("5G基站< p值的5.3万个", "若 a < b 时 c > d", "即 x < b > y 成立"):
        path.write_text(good.replace("5G基站5.3万个", text, 1), encoding="utf-8")
        assert lint(sample, REFERENCE, select=["HT"]) == [], text


@pytest.mark.parametrize("relpath", HTML_POSTS)
@pytest.mark.parametrize(
    "pattern",
    [
        r"</p>",  # `</p` before the next tag or at the end of a line
        r"</(?:strong|span|a)>",  # `</strong</p>`
        r"<(?:strong|span)>",  # `<strong加速…`
        r"<p>",  # `<p<strong>`, `<p加速…`
        r'<p class="em_media">',  # `<p class="em_media"（文章来源：…）`
    ],
)
def test_a_tag_that_lost_its_gt_is_the_one_finding_and_gets_it_back(
    sample: Path, relpath: str, pattern: str
) -> None:
    """A scraper that drops a tag's `>`: the browser swallows what follows into the tag.
    Reported at the tag, not as the end tag it hid going missing (whose partner a fix
    would then delete); the plain fix gives the post back as it was."""
    path = sample / relpath
    good = path.read_text(encoding="utf-8")
    assert lint(sample, relpath, select=["HT001"]) == []
    for match in list(re.finditer(pattern, good))[:4]:
        planted = good[: match.end() - 1] + good[match.end() :]
        path.write_text(planted, encoding="utf-8")
        found = lint(sample, relpath, select=["HT001"])
        assert codes_at(found) == [("HT001", *position(good, match.start()))], match.group(0)
        assert found[0].message == (
            f"the tag {match.group(0)[:-1]} has no closing >: the browser reads what follows,"
            " up to the next >, as part of the tag"
        )
        assert apply_fixes(sample, relpath, ["HT001"]) == good


@pytest.mark.parametrize("end_tag", ["</p>", "</strong>"])
def test_an_end_tag_that_lost_its_lt_is_shown_as_text_and_gets_it_back(
    sample: Path, end_tag: str
) -> None:
    """`…之举。/p><p>`: no tag, so the element is never closed, and `/p>` is on the page.
    Reported at the element's start tag; `fix` itself (its check of what a reader sees
    accepts only the `/p>` going) gives the post back as it was."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    lost = good.index(end_tag, good.index("\n---\n") + 5)
    path.write_text(good[:lost] + good[lost + 1 :], encoding="utf-8")
    opening = good.rindex(end_tag.replace("/", "")[:-1], 0, lost)
    found = lint(sample, REFERENCE, select=["HT"])
    assert codes_at(found) == [("HT001", *position(good, opening))]
    assert found[0].message.endswith(
        f"its end tag lost its `<`, and `{end_tag[1:]}` (line {position(good, lost)[0]},"
        f" column {position(good, lost)[1]}) is shown as text"
    )
    assert run_cli("fix", "--no-cache", REFERENCE, cwd=sample)[0] == 1
    assert path.read_text(encoding="utf-8") == good


@pytest.mark.parametrize("text", ["H股<A股", "H股<a股", "B股<b股"])
def test_share_classes_after_a_less_than_sign_are_no_tags(sample: Path, text: str) -> None:
    """`<A股` is a comparison of share classes (and an upper-case name is no scraped tag)."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("</strong></p>", f"</strong>{text}溢价</p>", 1), encoding="utf-8")
    assert lint(sample, REFERENCE, select=["HT"]) == []


def test_the_fixer_gives_a_tag_its_gt_back(sample: Path) -> None:
    """Through `fix` itself: its checks (what a reader sees, the YAML) accept the edit."""
    path = sample / REFERENCE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("</strong></p>", "</strong</p>", 1), encoding="utf-8")
    assert run_cli("fix", "--no-cache", REFERENCE, cwd=sample)[0] == 1  # a file changed
    assert path.read_text(encoding="utf-8") == good


@pytest.mark.parametrize("relpath", HTML_POSTS)
def test_swapped_end_tags_are_reported_at_the_early_one(sample: Path, relpath: str) -> None:
    path = sample / relpath
    good = path.read_text(encoding="utf-8")
    pairs = list(re.finditer(r"</(a|em|strong)></(span|p)>", good))
    assert pairs, relpath
    for pair in pairs[:6]:
        inner, outer = pair.group(1), pair.group(2)
        path.write_text(
            good[: pair.start()] + f"</{outer}></{inner}>" + good[pair.end() :], encoding="utf-8"
        )
        found = lint(sample, relpath, select=["HT001"])
        assert codes_at(found) == [("HT001", *position(good, pair.start()))]
        assert f"</{outer}> is out of order: </{inner}> was expected first" in found[0].message


@pytest.mark.parametrize("relpath", HTML_POSTS)
def test_stray_div_between_paragraphs(sample: Path, relpath: str) -> None:
    path = sample / relpath
    good = path.read_text(encoding="utf-8")
    joints = [m.start() + 4 for m in re.finditer(r"</p><p", good)]
    for at in joints[:: max(1, len(joints) // 5)]:
        path.write_text(good[:at] + "</div>" + good[at:], encoding="utf-8")
        found = lint(sample, relpath, select=["HT001"])
        assert codes_at(found) == [("HT001", *position(good, at))]
        assert found[0].end_column == found[0].column + len("</div>")


def test_stray_div_in_markdown_posts(sample: Path) -> None:
    posts = sorted(
        p for p in (sample / "_posts").iterdir() if "<p" not in p.read_text(encoding="utf-8")
    )
    for path in posts[:15]:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        blank = text.find("\n\n", text.index("\n---\n", 4) + 5)
        if blank < 0:
            continue
        path.write_text(text[: blank + 1] + "</div>\n" + text[blank + 1 :], encoding="utf-8")
        relpath = f"_posts/{path.name}"
        line, _ = position(text, blank + 1)
        assert ht001(sample, relpath) == [("HT001", line, 1)], relpath


# -- one-line bodies of several thousand characters ---------------------------------------
WORDS = [
    "沪指",
    "深成指",
    "创业板",
    "北向资金",
    "成交额",
    "板块",
    "涨停",
    "新能源",
    "半导体",
    "白酒",
    "券商",
    "央行",
    "降准",
    "利率",
    "债市",
    "外资",
]


def _paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(4, 9)):
        word = rng.choice(WORDS)
        kind = rng.random()
        if kind < 0.2:
            code = f"{rng.randint(0, 1)}.{rng.randint(600000, 699999)}"
            parts.append(
                f'<span id="stock_{code}"><a href="http://quote.example.com/{code}" class="keytip">{word}</a></span>'
            )
        elif kind < 0.3:
            parts.append(f"<strong>{word}</strong>")
        elif kind < 0.35:
            parts.append(f"<strong><em>{word}</em></strong>")
        else:
            parts.append(word + "，" + "上涨" * rng.randint(1, 20) + "。")
    return "<p>" + "".join(parts) + "</p>"


def _long_body(rng: random.Random) -> str:
    body = (
        "".join(_paragraph(rng) for _ in range(40))
        + '<p class="em_media">（文章来源：示例晨报）</p>'
    )
    assert len(body) > 5000 and "\n" not in body
    return body


@pytest.mark.parametrize("seed", range(8))
def test_planted_defects_on_long_one_line_bodies(example: Path, seed: int) -> None:
    rng = random.Random(seed)
    body = _long_body(rng)
    good = write_body(example, body)
    assert ht001(example, GOOD_POST) == []
    body_at = good.index(body)
    ends = [m for m in re.finditer(r"</(strong|span|a)>", body)]
    for end in rng.sample(ends, 6):
        planted = body[: end.start()] + body[end.end() :]
        write_body(example, body)  # restore, then plant
        text = write_body(example, planted)
        expected = position(text, body_at + _matching_start(body, end))
        assert ht001(example, GOOD_POST) == [("HT001", *expected)]
    # a stray end tag between two paragraphs, far along the line
    joints = [m.start() + 4 for m in re.finditer(r"</p><p", body)]
    at = rng.choice(joints[len(joints) // 2 :])
    write_body(example, body)
    text = write_body(example, body[:at] + "</div>" + body[at:])
    line, column = position(text, body_at + at)
    assert line == 8 and column > 2000
    assert ht001(example, GOOD_POST) == [("HT001", line, column)]
    # swapped end tags anywhere along the line
    pairs = list(re.finditer(r"</(a|em)></(span|strong)>", body))
    for pair in rng.sample(pairs, min(4, len(pairs))):
        inner, outer = pair.groups()
        write_body(example, body)
        text = write_body(
            example, body[: pair.start()] + f"</{outer}></{inner}>" + body[pair.end() :]
        )
        found = lint(example, GOOD_POST, select=["HT001"])
        assert codes_at(found) == [("HT001", *position(text, body_at + pair.start()))]
        assert f"</{inner}> was expected first" in found[0].message


# -- what is not a tag ---------------------------------------------------------------
NOT_TAGS = [
    "<p>第一行<br>第二行<br/>第三行<br />结束</p>",
    '<p><img src="http://img.example.com/a.png" alt="示意图" /></p>',
    "<!-- EM_StockImg_Start --><p>正文</p><!-- EM_StockImg_End -->",
    "<!-- <div> 注释里的标签 </span> -->",
    "正文见 <http://source.example.com/a.html> 与空链接 <>",
    "用 `<div>` 包起来，或 ``</span>`` 结束。",
    '正文\n\n```html\n<div class="x">\n<span>\n```\n\n结束',
    "~~~\n</p></div>\n~~~",
    "正文\n\n    <div>缩进代码</div></span>\n\n结束",
    "{{ page.title }} 与 {% assign x = '<div>' %} 之后",
    '<a href="{{ site.url }}/a.html">链接</a> <a href={{ site.url }}>另一个</a>',
    '<p {% if page.wide %}class="wide"{% endif %}>正文</p>',
    '{% if page.image %}<a href="/a">{% else %}<a href="/b">{% endif %}图片</a>',
    "{% comment %}<div>{% endcomment %}",
    "{% raw %}{% if x %}<p>{% endraw %}</p>",  # the Liquid inside raw is text: no branch to judge
    "<script>if (a < b) { document.write('</p></div>'); }</script>",
    "<style>p > span { color: red }</style>",
    '<p title="a <b> c">属性里的尖括号</p>',
    "涨幅 a < b 而且 3<5，<-- 不是注释",
    "<!DOCTYPE html>",
    r"转义的 \<div> 不是标签",
    "<div>\n\n    <p>HTML 块里缩进的段落</p>\n\n</div>",
]


@pytest.mark.parametrize("body", NOT_TAGS)
def test_no_false_positives(example: Path, body: str) -> None:
    write_body(example, body)
    assert lint(example, GOOD_POST, select=["HT001", "HT007"]) == []


# -- options and Liquid ---------------------------------------------------------------
def allow_optional_end_tags(site: Path) -> None:
    (site / ".finews-lint.toml").write_text(
        "[rules.HT001]\nallow-optional-end-tags = true\n", encoding="utf-8"
    )


def at(text: str, fragment: str, occurrence: int = 0) -> tuple[str, int, int]:
    """("HT001", line, column) of the ``occurrence``-th ``fragment`` of the body."""
    offset = text.index("\n---\n", 4)
    for _ in range(occurrence + 1):
        offset = text.index(fragment, offset + 1)
    return ("HT001", *position(text, offset))


def test_optional_end_tags_need_the_option(example: Path) -> None:
    text = write_body(example, "<ul><li>一<li>二</ul><p>段落一<p>段落二<table><tr><td>格</table>")
    assert ht001(example, GOOD_POST) == [
        at(text, "<li>"),
        at(text, "<li>", 1),
        at(text, "<p>"),
        at(text, "<p>", 1),
        at(text, "<tr>"),
        at(text, "<td>"),
    ]
    allow_optional_end_tags(example)
    assert ht001(example, GOOD_POST) == []


def test_optional_end_tags_still_report_real_defects(example: Path) -> None:
    text = write_body(example, "<p>段落<span>未闭合<p>下一段</div>")
    allow_optional_end_tags(example)
    assert ht001(example, GOOD_POST) == [at(text, "<span>"), at(text, "</div>")]


def test_liquid_branches_that_disagree_give_one_warning(example: Path) -> None:
    write_body(
        example, '{% if page.image %}<div class="figure">{% endif %}\n<p>配图</p>\n</div>\n</span>'
    )
    found = lint(example, GOOD_POST, select=["HT001", "HT007"])
    assert codes_at(found) == [("HT007", 8, 1)]
    assert "cannot be judged" in found[0].message


def test_liquid_elsewhere_does_not_hide_defects(example: Path) -> None:
    text = write_body(
        example,
        '{% if page.image %}<img src="{{ page.image }}" alt="图">{% endif %}<p>正文</span></p>',
    )
    assert codes_at(lint(example, GOOD_POST, select=["HT001", "HT007"])) == [at(text, "</span>")]


def test_messages_name_what_was_expected(example: Path) -> None:
    write_body(example, "<p>甲<strong>乙</p>\n<p>丙</p>")
    (finding,) = lint(example, GOOD_POST, select=["HT001"])
    assert (finding.line, finding.column, finding.end_column) == (8, 5, 13)
    assert (
        finding.message
        == "<strong> is never closed: expected </strong> before </p> at line 8, column 14"
    )


# -- the explain pages --------------------------------------------------------------
@pytest.mark.parametrize("code", HT_CODES)
def test_explain_examples(example: Path, code: str) -> None:
    rule = default_registry(plugins=False).get(code)
    assert rule is not None
    for section in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ):
        assert section in rule.doc, (code, section)
    cases = examples(rule.doc)
    assert any(c.must_fail for c in cases) and any(not c.must_fail for c in cases), code
    for case in cases:
        found = lint_example(example, code, case)
        assert bool(found) == case.must_fail, (code, case.section, case.code, found)


@pytest.mark.parametrize(
    ("body", "fragment", "effect"),
    [
        # scraped text writes titles in ASCII angle brackets: inside HTML, kramdown takes
        # them for an element that runs to the end of the post
        ("<p><一带一路>倡议提出十年。</p>", "<一带一路>", "runs to the end of the post"),
        ("<p>个股<Ａ股>走强。</p>", "<Ａ股>", "runs to the end of the post"),
        ("<p>据<新华社 报道>消息。</p>", "<新华社 报道>", "runs to the end of the post"),
        # in a Markdown paragraph kramdown closes it there: the words alone are lost
        ("倡议<一带一路>提出十年。", "<一带一路>", "the page does not show them"),
        ("<p><一带一路>倡议</一带一路>十年。</p>", "<一带一路>", "the page does not show them"),
    ],
)
def test_words_in_angle_brackets_that_kramdown_reads_as_a_tag(
    example: Path, body: str, fragment: str, effect: str
) -> None:
    text = write_body(example, body)
    findings = lint(example, GOOD_POST, select=["HT001"])
    assert codes_at(findings)[0] == at(text, fragment)
    assert f"{fragment} is read by kramdown as an element" in findings[0].message
    assert effect in findings[0].message
    fixed = apply_fixes(example, GOOD_POST, ["HT001"])
    assert f"&lt;{fragment[1:]}" in fixed
    assert lint(example, GOOD_POST, select=["HT001"]) == []


@pytest.mark.parametrize(
    "body",
    [
        "代码 `<一带一路>` 与 <!-- <新华社> --> 注释。",
        "<p>营收<10亿元，同比>5%。</p>",
        '<p><img src="a.png" alt="<一带一路>"> 图。</p>',
        "<p>价格 <、上涨 与 《一带一路》 和 &lt;一带一路&gt;。</p>",
    ],
)
def test_angle_brackets_kramdown_reads_as_text_are_no_tags(example: Path, body: str) -> None:
    write_body(example, body)
    assert lint(example, GOOD_POST, select=["HT001"]) == []


def test_a_self_closed_element_in_raw_html_is_not_closed(example: Path) -> None:
    text = write_body(
        example, '<p>沪指<span class="up" />收涨。</p><p>两市<br/>成交。</p>\n\n甲<b/>乙'
    )
    findings = lint(example, GOOD_POST, select=["HT001"])
    assert codes_at(findings) == [at(text, "<span")]  # not <br/> (void), not <b/> (Markdown)
    assert findings[0].message.startswith('<span class="up" /> does not close <span> in HTML')
    fixed = apply_fixes(example, GOOD_POST, ["HT001"])
    assert '<p>沪指<span class="up"></span>收涨。</p>' in fixed
    assert lint(example, GOOD_POST, select=["HT001"]) == []


def test_a_self_closed_block_element_starting_a_line_is_raw_html(example: Path) -> None:
    """`<div/>` at the start of a line begins an HTML block: Jekyll publishes `<div />`,
    which browsers open (checked with jekyll build)."""
    text = write_body(example, "<div/><p>正文一段。</p>")
    assert codes_at(lint(example, GOOD_POST, select=["HT001"])) == [at(text, "<div/>")]
    assert "<div></div><p>正文一段。</p>" in apply_fixes(example, GOOD_POST, ["HT001"])


def test_a_spaced_tag_among_the_text_of_raw_html_is_a_tag_gone_wrong(example: Path) -> None:
    """In an HTML block `正文< p>第二段` shows `< p>` (checked with jekyll build); in a
    Markdown paragraph such text may be a comparison and is left alone."""
    text = write_body(example, "<p>正文< p>第二段</p>")
    assert codes_at(lint(example, GOOD_POST, select=["HT001"])) == [at(text, "< p>")]
    assert run_cli("fix", GOOD_POST, "--select", "HT001", cwd=example)[0] == 1
    assert "<p>正文</p><p>第二段</p>" in (example / GOOD_POST).read_text(encoding="utf-8")
    write_body(example, "今年营收< p>去年")
    assert lint(example, GOOD_POST, select=["HT001"]) == []


MARKDOWN_POST = "_posts/2021-12-08-202112082206945215.md"  # a Markdown paragraph, no HTML


@pytest.mark.parametrize("name", ["strong", "span"])
def test_an_inline_element_closed_in_the_next_paragraph_is_unclosed_in_its_own(
    sample: Path, name: str
) -> None:
    """kramdown closes `<strong>` at the end of its paragraph and publishes the
    `</strong>` of the next one as text (checked with kramdown); as HTML the two pair up."""
    path = sample / MARKDOWN_POST
    good = path.read_text(encoding="utf-8")
    body = good.index("\n---\n") + 5
    first = good.index("，", body + 1)  # a comma of the article's paragraph
    second = good.index("。", first)
    text = (
        good[: first + 1]
        + f"<{name}>"
        + good[first + 1 : second + 1]
        + "\n\n"
        + f"第二段。</{name}>"
        + good[second + 1 :]
    )
    path.write_text(text, encoding="utf-8")
    found = lint(sample, MARKDOWN_POST, select=["HT"])
    line, column = position(text, first + 1)
    end_line, end_column = position(text, text.index(f"</{name}>"))
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "HT001",
            line,
            column,
            f"<{name}> is not closed in its paragraph: kramdown closes it at the paragraph's"
            f" end, and shows the </{name}> of line {end_line}, column {end_column} as text",
        )
    ]
    path.write_text(text.replace("\n\n第二段。", "第二段。"), encoding="utf-8")  # one paragraph
    assert lint(sample, MARKDOWN_POST, select=["HT"]) == []


def test_markup_inside_a_kramdown_comment_is_no_markup(sample: Path) -> None:
    """kramdown publishes `{::comment}…{:/comment}` as an HTML comment: an editor's note
    with `<未核实>` or an open `<strong>` in it loses nothing."""
    path = sample / MARKDOWN_POST
    good = path.read_text(encoding="utf-8")
    body = good.index("\n---\n") + 5
    note = "{::comment}\n编辑备注：<未核实>，<strong>待查\n{:/comment}\n\n"
    path.write_text(good[:body] + note + good[body:], encoding="utf-8")
    assert lint(sample, MARKDOWN_POST, select=["HT"]) == []
    path.write_text(good[:body] + note.replace("{:/comment}", "") + good[body:], encoding="utf-8")
    assert [f.code for f in lint(sample, MARKDOWN_POST, select=["HT"])] == ["HT001", "HT001"]
