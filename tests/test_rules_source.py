"""SRC001-SRC004 on the real sample and on planted defects in its good posts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import REFERENCE, SAMPLE, codes_at, lint, replace_in, run_cli
from tests.linkhelpers import apply_fixes, at, end_of_body

SRC = ["SRC001", "SRC002", "SRC003", "SRC004"]
GOOD_EMNEWS = "_posts/2021-12-08-202112082206945215.md"
SPLIT_ATTRIBUTION = "_posts/-202205262391921712.md"  # （文章来源：上海<span><a>证券</a></span>报）
ATTRIBUTION = '<p class="em_media">（文章来源：大众日报）</p>'
LAST_SENTENCE = "包括乳制品、饮料、调味品、化学制药和生物医药。"


def _posts(site: Path) -> list[Path]:
    """Every post, with or without front matter: Jekyll publishes both."""
    return sorted((site / "_posts").iterdir())


def _body(path: Path) -> str:
    """After the front matter; all of the file when it has none (as Jekyll renders it)."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def _names_a_source(body: str) -> bool:
    """An independent, line-based reading of SPEC.md's accepted forms (a), (b), (c)."""
    if 'class="em_media"' in body:
        return True
    lines = [re.sub(r"<[^>]*>", "", line).strip() for line in body.splitlines()]
    lines = [
        line
        for line in lines
        if line and not line.startswith("[返回") and not re.fullmatch(r"<\S*>", line)
    ]
    text = "\n".join(lines).replace("图片来源", "").replace("视频来源", "").replace("图源", "")
    if re.search(r"来源[：:]", text):
        return True
    closing = re.search(r"[（(]([^（()）]*)[)）]\s*$", lines[-1]) if lines else None
    if closing is None:
        return False
    outlet = closing.group(1).strip()
    return (
        2 <= len(outlet) <= 16
        and not outlet.isdigit()
        and not re.match("完$|记者|编辑|责任编辑|参与采写", outlet)
    )


def test_posts_that_name_no_source(sample: Path) -> None:
    silent = [p for p in _posts(sample) if not _names_a_source(_body(p))]
    found = lint(sample, "_posts", select=["SRC001"])
    assert len(found) == len(silent) == 76
    assert [(f.line, f.column) for f in found] == [end_of_body(p) for p in silent]


def test_posts_with_an_empty_or_no_source_link(sample: Path) -> None:
    expected = []
    for post in _posts(sample):
        lines = post.read_text(encoding="utf-8").splitlines()
        if "<>" in lines:
            expected.append((lines.index("<>") + 1, 1))
        elif not any(re.fullmatch(r"<https?://\S+>", line) for line in lines):
            expected.append(end_of_body(post))
    found = lint(sample, "_posts", select=["SRC002"])
    assert [(f.line, f.column) for f in found] == expected
    assert sum("empty" in f.message for f in found) == 2


def test_reference_and_split_attribution_are_clean(sample: Path) -> None:
    assert lint(sample, REFERENCE, select=SRC) == []
    assert lint(sample, SPLIT_ATTRIBUTION, select=["SRC001", "SRC003"]) == []


def test_removed_attribution_is_missing_and_fixed_unsafely(sample: Path) -> None:
    replace_in(sample / REFERENCE, ATTRIBUTION, "")
    assert codes_at(lint(sample, REFERENCE, select=SRC)) == [
        ("SRC001", *end_of_body(sample / REFERENCE))
    ]
    assert "文章来源" not in apply_fixes(sample, REFERENCE, SRC)  # the fix is unsafe
    fixed = apply_fixes(sample, REFERENCE, SRC, unsafe=True)
    assert '<p class="em_media">（文章来源：大众日报）</p>\n\n<http://' in fixed
    assert lint(sample, REFERENCE, select=SRC) == []


def test_the_outlet_from_tags_split_by_whitespace_is_the_words_joined(sample: Path) -> None:
    """`tags: 大众日报 新闻` (FM011 joins it, in the same run of `fix`): the outlet written
    is 大众日报, not `大众日报 ` with the space the split left."""
    replace_in(sample / REFERENCE, ATTRIBUTION, "")
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", "tags: 大众日报 新闻")
    fixed = apply_fixes(sample, REFERENCE, ["SRC001"], unsafe=True)
    assert '<p class="em_media">（文章来源：大众日报）</p>' in fixed


def test_without_a_source_link_the_attribution_goes_before_the_return_links(sample: Path) -> None:
    path = sample / REFERENCE
    source = re.search(r"\n<https?://\S+>\n", path.read_text(encoding="utf-8"))
    assert source is not None
    replace_in(path, ATTRIBUTION, "")
    replace_in(path, source.group(0), "\n")
    fixed = apply_fixes(sample, REFERENCE, SRC, unsafe=True)
    # The article, then its source, then the footer: never after the return links.
    assert re.search(
        r"\n<p class=\"em_media\">（文章来源：大众日报）</p>\n\n\[返回大众日报新闻\]", fixed
    )
    assert fixed.rstrip().endswith("[返回首页](//finews.withounder.com/)")


def test_image_credit_and_byline_are_not_sources(sample: Path) -> None:
    replace_in(sample / REFERENCE, ATTRIBUTION, "<p>图片来源：新华社</p>")
    assert codes_at(lint(sample, REFERENCE, select=["SRC001"])) == [
        ("SRC001", *end_of_body(sample / REFERENCE))
    ]
    replace_in(sample / GOOD_EMNEWS, LAST_SENTENCE, LAST_SENTENCE + "(记者张三)")
    assert codes_at(lint(sample, GOOD_EMNEWS, select=["SRC001"])) == [
        ("SRC001", *end_of_body(sample / GOOD_EMNEWS))
    ]


@pytest.mark.parametrize(
    "credit",
    [
        "<p>（图片来源：新华社）</p>",  # a parenthesised group closing the last paragraph
        "<p>（视频来源：央视新闻）</p>",
        "<p>(图源:新华社)</p>",
        '<p class="em_media">（图片来源：新华社）</p>',  # in the attribution's own element
    ],
)
def test_an_image_or_video_credit_in_any_form_names_no_source(sample: Path, credit: str) -> None:
    replace_in(sample / REFERENCE, ATTRIBUTION, credit)
    assert codes_at(lint(sample, REFERENCE, select=SRC)) == [
        ("SRC001", *end_of_body(sample / REFERENCE))
    ]


def test_closing_outlet_and_prefix_name_a_source(sample: Path) -> None:
    replace_in(sample / GOOD_EMNEWS, LAST_SENTENCE, LAST_SENTENCE + "（证券时报网）")
    assert lint(sample, GOOD_EMNEWS, select=SRC) == []
    replace_in(sample / REFERENCE, ATTRIBUTION, "<p>本文来源：大众日报</p>")
    assert lint(sample, REFERENCE, select=SRC) == []


@pytest.mark.parametrize("written", ["出处", "出处：", "出处:", " 出处 ："])
def test_configured_prefixes_match_with_or_without_their_colon(sample: Path, written: str) -> None:
    replace_in(sample / REFERENCE, ATTRIBUTION, "<p>出处: 大众日报</p>")
    assert [f.code for f in lint(sample, REFERENCE, select=["SRC001"])] == ["SRC001"]
    (sample / ".finews-lint.toml").write_text(
        f'[rules.SRC001]\nprefixes = ["{written}"]\n', encoding="utf-8"
    )
    assert lint(sample, REFERENCE, select=["SRC001"]) == []


def test_only_the_last_group_counts(sample: Path) -> None:
    replace_in(sample / GOOD_EMNEWS, LAST_SENTENCE, LAST_SENTENCE + "（证券时报网）(12345)")
    assert codes_at(lint(sample, GOOD_EMNEWS, select=["SRC001"])) == [
        ("SRC001", *end_of_body(sample / GOOD_EMNEWS))
    ]


def test_attribution_class_is_configurable(sample: Path) -> None:
    replace_in(sample / REFERENCE, 'class="em_media"', 'class="source"')
    replace_in(sample / REFERENCE, "（文章来源：大众日报）", "大众日报")
    assert [f.code for f in lint(sample, REFERENCE, select=["SRC001"])] == ["SRC001"]
    (sample / ".finews-lint.toml").write_text(
        '[rules.SRC001]\nattribution-class = "source"\n', encoding="utf-8"
    )
    assert lint(sample, REFERENCE, select=["SRC001"]) == []


def _source(site: Path) -> str:
    return re.search(r"<http://[^>]+>", (site / REFERENCE).read_text(encoding="utf-8")).group(0)


def test_emptied_and_removed_source_link(sample: Path) -> None:
    replace_in(sample / REFERENCE, _source(sample), "<>")
    found = lint(sample, REFERENCE, select=SRC)
    assert codes_at(found) == [("SRC002", *at(sample / REFERENCE, "\n<>\n", 1))]
    assert found[0].end_column == found[0].column + 2
    replace_in(sample / REFERENCE, "\n<>\n", "\n")
    assert codes_at(lint(sample, REFERENCE, select=SRC)) == [
        ("SRC002", *end_of_body(sample / REFERENCE))
    ]


def _siblings(site: Path, *ids: str, link: str = "NewsShare.html?infoCode={id}") -> None:
    """Other posts of the reference's category (dazhongribao), with their own ids and links."""
    text = (site / REFERENCE).read_text(encoding="utf-8")
    for ident in ids:
        own = text.replace("NewsShare.html?infoCode=NW202202112273370064", link.format(id=ident))
        (site / f"_posts/2022-02-10-{ident}.md").write_text(own, encoding="utf-8")


SIBLINGS = ("NW202202102273370101", "NW202202102273370102", "NW202202102273370103")


TEMPLATE = (
    "the 3 newest other posts of 'dazhongribao' link to their article as"
    " http://finews.zning.xyz/html_News/NewsShare.html?infoCode={id}"
)


@pytest.mark.parametrize(
    ("emptied", "message"),
    [
        ("<>", "the source link is empty: `<>` links to nothing"),
        ("", "the body has no source link (an autolink `<http://…>` on its own line)"),
    ],
)
def test_an_empty_or_missing_source_link_gets_the_address_its_category_s_posts_share(
    sample: Path, emptied: str, message: str
) -> None:
    """Unsafe: the address is inferred. A missing one goes before the return links."""
    good = (sample / REFERENCE).read_text(encoding="utf-8")
    _siblings(sample, *SIBLINGS)
    if emptied:
        replace_in(sample / REFERENCE, _source(sample), emptied)
        where = at(sample / REFERENCE, "\n<>\n", 1)
    else:
        replace_in(sample / REFERENCE, f"{_source(sample)}\n\n", "")
        where = end_of_body(sample / REFERENCE)
    found = lint(sample, REFERENCE, select=SRC)
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        ("SRC002", *where, f"{message}; {TEMPLATE}")
    ]
    assert apply_fixes(sample, REFERENCE, SRC) == (sample / REFERENCE).read_text(encoding="utf-8")
    assert apply_fixes(sample, REFERENCE, SRC, unsafe=True) == good


def test_a_missing_source_link_is_added_at_the_end_of_a_post_without_return_links(
    sample: Path,
) -> None:
    good = (sample / REFERENCE).read_text(encoding="utf-8")
    _siblings(sample, *SIBLINGS)
    source = _source(sample)
    body_end = good.index(source) + len(source)
    (sample / REFERENCE).write_text(good[: good.index(source)].rstrip() + "\n", encoding="utf-8")
    fixed = apply_fixes(sample, REFERENCE, SRC, unsafe=True)
    assert fixed == good[:body_end] + "\n"


def test_a_missing_source_link_is_not_guessed_when_the_category_s_posts_disagree(
    sample: Path,
) -> None:
    _siblings(sample, *SIBLINGS[:2])
    _siblings(sample, SIBLINGS[2], link="Other.html?code={id}")
    replace_in(sample / REFERENCE, f"{_source(sample)}\n\n", "")
    found = lint(sample, REFERENCE, select=SRC)
    assert [f.message for f in found] == [
        "the body has no source link (an autolink `<http://…>` on its own line)"
    ]
    assert apply_fixes(sample, REFERENCE, SRC, unsafe=True) == (sample / REFERENCE).read_text(
        encoding="utf-8"
    )


def test_an_empty_source_link_is_left_alone_when_the_category_s_posts_disagree(
    sample: Path,
) -> None:
    _siblings(sample, *SIBLINGS[:2])
    _siblings(sample, SIBLINGS[2], link="Other.html?code={id}")
    replace_in(sample / REFERENCE, _source(sample), "<>")
    found = lint(sample, REFERENCE, select=SRC)
    assert [f.message for f in found] == ["the source link is empty: `<>` links to nothing"]
    _siblings(sample, *SIBLINGS[:2])  # two that agree are too few
    (sample / f"_posts/2022-02-10-{SIBLINGS[2]}.md").unlink()
    assert [f.message for f in lint(sample, REFERENCE, select=SRC)] == [
        "the source link is empty: `<>` links to nothing"
    ]


def test_the_cached_finding_follows_a_change_to_the_category_s_posts(sample: Path) -> None:
    _siblings(sample, *SIBLINGS)
    replace_in(sample / REFERENCE, _source(sample), "<>")
    _, out = run_cli("check", REFERENCE, cwd=sample)
    assert "newest other posts" in out
    _siblings(sample, SIBLINGS[0], link="Other.html?code={id}")
    _, out = run_cli("check", REFERENCE, cwd=sample)  # from the cache, but not this finding
    assert "SRC002 the source link is empty: `<>` links to nothing\n" in out


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("< >", "the source link is empty: `< >` is shown as text"),
        ("<http://>", "the source link `<http://>` has no address: it links to nothing"),
        (
            "< http://finews.zning.xyz/a.html >",
            "the source link has spaces inside its `<…>`: kramdown shows it as text; write"
            " `<http://finews.zning.xyz/a.html>`",
        ),
        (
            "[原文链接](http://finews.zning.xyz/a.html)",
            "the source link is written as a Markdown link: the site's posts give it as an"
            " autolink, `<http://finews.zning.xyz/a.html>` on its own line",
        ),
        (
            "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202112273370064",
            "the source URL is not a link: kramdown shows it as plain text; write it as an"
            " autolink `<…>`",
        ),
    ],
)
def test_a_source_link_kramdown_publishes_as_no_link_is_reported_where_it_is(
    sample: Path, written: str, message: str
) -> None:
    """kramdown 2.4 (GFM) prints `< >` and a bare URL as text; `<http://>` links nowhere."""
    replace_in(sample / REFERENCE, _source(sample), written)
    found = lint(sample, REFERENCE, select=SRC)
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        ("SRC002", *at(sample / REFERENCE, f"\n{written}\n", 1), message)
    ]


EMNEWS_SOURCE = "<http://stock.eastmoney.com/news/1405,202112082206945215.html>"


def test_a_source_link_on_the_article_s_line_gets_its_own_paragraph(sample: Path) -> None:
    """The article is Markdown text: kramdown publishes the link inside its last paragraph."""
    path = sample / GOOD_EMNEWS
    replace_in(path, f"\n\n{EMNEWS_SOURCE}", f" {EMNEWS_SOURCE}")
    found = lint(sample, GOOD_EMNEWS, select=["SRC002"])
    assert codes_at(found) == [("SRC002", *at(path, EMNEWS_SOURCE))]
    assert "shares a line with the article" in found[0].message
    fixed = apply_fixes(sample, GOOD_EMNEWS, ["SRC002"])
    assert fixed == (SAMPLE / GOOD_EMNEWS).read_text(encoding="utf-8")


def test_a_source_link_after_the_article_s_html_on_its_line_is_a_paragraph_of_its_own(
    sample: Path,
) -> None:
    """kramdown ends an HTML block at its end tag and starts a paragraph after it:
    `…</p> <http://…>` publishes the link as its own paragraph, as a blank line would."""
    source = _source(sample)
    for joined in (f" {source}", source, f"\n{source}"):
        path = sample / REFERENCE
        path.write_text(
            (SAMPLE / REFERENCE).read_text(encoding="utf-8").replace(f"\n\n{source}", joined),
            encoding="utf-8",
        )
        assert lint(sample, REFERENCE, select=SRC) == [], joined


def test_a_bare_source_url_is_made_an_autolink(sample: Path) -> None:
    """The URL carries the article's id: it is the source link, written without `<>`."""
    source = _source(sample)
    replace_in(sample / REFERENCE, source, source[1:-1])
    found = lint(sample, REFERENCE, select=SRC)
    assert codes_at(found) == [("SRC002", *at(sample / REFERENCE, f"\n{source[1:-1]}\n", 1))]
    run_cli("fix", "--no-cache", REFERENCE, cwd=sample)  # the fixer's checks pass it
    assert (sample / REFERENCE).read_bytes() == (SAMPLE / REFERENCE).read_bytes()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\n\n{source}", "\n\n{other}"),  # another address: is it the source? (unsafe)
        ("\n\n{source}", "\n\n<div>\n{other}\n</div>"),  # in an HTML block: not rewritten
        ("\n\n{source}", "\n\n另见：\n{other}"),  # inside a paragraph: not rewritten
    ],
)
def test_a_bare_url_that_may_not_be_the_source_is_left_to_an_editor(
    sample: Path, old: str, new: str
) -> None:
    source, other = _source(sample), "http://www.example.com/report.pdf"
    replace_in(sample / REFERENCE, old.format(source=source), new.format(other=other))
    found = lint(sample, REFERENCE, select=["SRC002"])
    assert codes_at(found) == [("SRC002", *at(sample / REFERENCE, f"\n{other}\n", 1))]
    planted = (sample / REFERENCE).read_text(encoding="utf-8")
    assert apply_fixes(sample, REFERENCE, SRC) == planted
    unsafe = apply_fixes(sample, REFERENCE, SRC, unsafe=True)
    if new == "\n\n{other}":
        assert unsafe == planted.replace(f"\n{other}\n", f"\n<{other}>\n")
    else:
        assert unsafe == planted


def test_a_link_closing_the_article_is_moved_out_only_with_unsafe_fixes(sample: Path) -> None:
    """Without the article's id in it, the autolink may be the last sentence's own link."""
    path = sample / GOOD_EMNEWS
    other = "<http://www.example.com/report.pdf>"
    replace_in(path, f"\n\n{EMNEWS_SOURCE}", f" {other}")
    found = lint(sample, GOOD_EMNEWS, select=["SRC002"])
    assert codes_at(found) == [("SRC002", *at(path, other))]
    planted = path.read_text(encoding="utf-8")
    assert apply_fixes(sample, GOOD_EMNEWS, ["SRC002"]) == planted
    unsafe = apply_fixes(sample, GOOD_EMNEWS, ["SRC002"], unsafe=True)
    assert f"{LAST_SENTENCE}\n\n{other}\n\n[返回" in unsafe


def test_an_attribution_that_names_nothing_is_missing_and_filled_from_the_tags(
    sample: Path,
) -> None:
    replace_in(sample / REFERENCE, "（文章来源：大众日报）", "（文章来源：）")
    found = lint(sample, REFERENCE, select=SRC)
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "SRC001",
            *at(sample / REFERENCE, "（文章来源：）"),
            "the attribution （文章来源：） names no source",
        )
    ]
    planted = (sample / REFERENCE).read_text(encoding="utf-8")
    assert apply_fixes(sample, REFERENCE, SRC) == planted  # unsafe: a plain fix leaves it
    fixed = apply_fixes(sample, REFERENCE, SRC, unsafe=True)
    assert fixed == (SAMPLE / REFERENCE).read_text(encoding="utf-8")


def test_link_inside_the_article_is_not_the_source_link(sample: Path) -> None:
    text = (sample / REFERENCE).read_text(encoding="utf-8")
    source = re.search(r"\n<http://[^>]+>\n", text).group(0)
    replace_in(sample / REFERENCE, source, "\n")
    replace_in(
        sample / REFERENCE,
        "（文章来源：大众日报）",
        "（文章来源：大众日报 <http://example.com/a.html>）",
    )
    assert [f.code for f in lint(sample, REFERENCE, select=["SRC002"])] == ["SRC002"]


def test_attribution_naming_another_outlet_than_the_tags(sample: Path) -> None:
    replace_in(sample / REFERENCE, "（文章来源：大众日报）", "（文章来源：新华社）")
    found = lint(sample, REFERENCE, select=SRC)
    assert codes_at(found) == [("SRC003", *at(sample / REFERENCE, ATTRIBUTION[:20]))]
    assert "新华社" in found[0].message and "大众日报新闻" in found[0].message
    replace_in(sample / SPLIT_ATTRIBUTION, "tags: 东财滚动新闻", "tags: 大众日报新闻")
    found = lint(sample, SPLIT_ATTRIBUTION, select=["SRC003"])
    assert [f.code for f in found] == ["SRC003"] and "上海证券报" in found[0].message
    replace_in(sample / SPLIT_ATTRIBUTION, "tags: 大众日报新闻", "tags: 上海证券报新闻")
    assert lint(sample, SPLIT_ATTRIBUTION, select=["SRC003"]) == []


def test_aggregator_tags_are_not_compared(sample: Path) -> None:
    replace_in(sample / GOOD_EMNEWS, LAST_SENTENCE, LAST_SENTENCE + "（证券时报网）")
    assert lint(sample, GOOD_EMNEWS, select=["SRC003"]) == []
    (sample / ".finews-lint.toml").write_text(
        "[rules.SRC003]\naggregator-tags = []\n", encoding="utf-8"
    )
    assert [f.code for f in lint(sample, GOOD_EMNEWS, select=["SRC003"])] == ["SRC003"]


def _posts_closing_with_an_outlet() -> list[str]:
    """Sample posts whose only attribution is a parenthesised outlet closing the article."""
    found = []
    for post in sorted((SAMPLE / "_posts").iterdir()):
        body = _body(post)
        if 'class="em_media"' in body or "来源" in body:
            continue
        if re.search(r"[（(][^（()）]{2,16}[)）]\n\n<http", body):
            found.append(post.relative_to(SAMPLE).as_posix())
    return found


@pytest.mark.parametrize("relpath", _posts_closing_with_an_outlet())
def test_removed_closing_outlet_is_missing_in_every_such_post(sample: Path, relpath: str) -> None:
    path = sample / relpath
    assert lint(sample, relpath, select=SRC) == []
    text = path.read_text(encoding="utf-8")
    outlet = re.search(r"[（(][^（()）]{2,16}[)）](?=\n\n<http)", text)
    assert outlet is not None
    path.write_text(text[: outlet.start()] + text[outlet.end() :], encoding="utf-8")
    assert codes_at(lint(sample, relpath, select=SRC)) == [("SRC001", *end_of_body(path))]
    path.write_text(
        text[: outlet.start()] + "（记者王五）" + text[outlet.end() :], encoding="utf-8"
    )
    assert codes_at(lint(sample, relpath, select=SRC)) == [("SRC001", *end_of_body(path))]


def test_source_hosts_name_the_outlet_of_aggregated_posts(sample: Path) -> None:
    post = "_posts/2021-12-08-202112082206672930.md"
    assert [f.code for f in lint(sample, post, select=["SRC001"])] == ["SRC001"]
    assert "文章来源" not in apply_fixes(sample, post, ["SRC001"], unsafe=True)  # no outlet known
    (sample / ".finews-lint.toml").write_text(
        '[rules.SRC001.source-hosts]\n"eastmoney.com" = "东方财富网"\n', encoding="utf-8"
    )
    fixed = apply_fixes(sample, post, ["SRC001"], unsafe=True)
    assert (
        '<p class="em_media">（文章来源：东方财富网）</p>\n\n<http://finance.eastmoney.com/'
        in fixed
    )
    assert lint(sample, post, select=["SRC001"]) == []


def _source_links() -> list[tuple[str, str]]:
    """Each sample post's source link (not empty), with the article id of its file name."""
    found = []
    for post in sorted((SAMPLE / "_posts").iterdir()):
        links = re.findall(r"^<(http[^>]+)>$", post.read_text(encoding="utf-8"), re.MULTILINE)
        ident = re.sub(r"^\d{4}-\d\d-\d\d-", "", post.stem)
        if links and ident != post.stem:
            found.append((post.relative_to(SAMPLE).as_posix(), ident))
    return found


def test_every_sample_source_link_names_its_own_article(sample: Path) -> None:
    assert len(_source_links()) == 99
    assert lint(sample, "_posts", select=["SRC004"]) == []


@pytest.mark.parametrize("relpath, ident", _source_links()[::9])
def test_a_source_link_to_another_article_is_reported_on_the_id(
    sample: Path, relpath: str, ident: str
) -> None:
    path = sample / relpath
    other = ident[:-1] + ("1" if ident[-1] != "1" else "2")
    text = path.read_text(encoding="utf-8")
    link_start = text.rindex("\n<http") + 1
    link_end = text.index(">", link_start)
    link = text[link_start:link_end].replace(ident, other)
    before = codes_at(lint(sample, relpath, select=SRC))
    path.write_text(text[:link_start] + link + text[link_end:], encoding="utf-8")
    found = [
        f for f in lint(sample, relpath, select=SRC) if (f.code, f.line, f.column) not in before
    ]
    assert codes_at(found) == [("SRC004", *at(path, other))]
    assert f"names article {other}" in found[0].message and ident in found[0].message


def test_links_without_a_like_id_and_names_without_an_id_are_not_compared(sample: Path) -> None:
    source = "<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202112273370064>"
    replace_in(sample / REFERENCE, source, "<http://www.dzwww.com/xinwen/guoneixinwen/>")
    assert lint(sample, REFERENCE, select=["SRC004"]) == []
    replace_in(
        sample / REFERENCE,
        "<http://www.dzwww.com/xinwen/guoneixinwen/>",
        "<http://nw202202112273370064.example.com/a?infoCode=nw202202112273370064>",
    )
    assert lint(sample, REFERENCE, select=["SRC004"]) == []  # its own id, in other letters
    slug = sample / "_posts/2022-02-11-shandong-digital.md"
    (sample / REFERENCE).rename(slug)
    replace_in(slug, "nw202202112273370064>", "NW202202112273370065>")
    assert lint(sample, "_posts/2022-02-11-shandong-digital.md", select=["SRC004"]) == []


def test_a_body_is_checked_for_its_source_while_the_front_matter_is_broken(
    sample: Path,
) -> None:
    """Jekyll publishes the body of a post whose YAML it cannot read: its missing
    attribution and empty source link are reported beside FM002, not after its fix."""
    replace_in(sample / REFERENCE, 'title: "山东：数字新蓝海', 'title: "山东："数字"新蓝海')
    replace_in(sample / REFERENCE, ATTRIBUTION, "")
    replace_in(
        sample / REFERENCE,
        "<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202112273370064>",
        "<>",
    )
    found = lint(sample, REFERENCE, select=["FM002", *SRC])
    assert [f.code for f in found] == ["FM002", "SRC002", "SRC001"]
    assert codes_at(found)[1:] == [
        ("SRC002", *at(sample / REFERENCE, "<>")),
        ("SRC001", *end_of_body(sample / REFERENCE)),
    ]


def _closing_outlet_post(sample: Path) -> tuple[str, Path, str]:
    """A sample post whose attribution is its closing outlet: (relpath, path, text)."""
    relpath = _posts_closing_with_an_outlet()[0]
    path = sample / relpath
    assert lint(sample, relpath, select=SRC) == []
    return relpath, path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("wrapped", ["**{}**", "*{}*", "__{}__", "（**{}**）"])
def test_a_closing_outlet_in_markdown_emphasis_names_the_source(sample: Path, wrapped: str) -> None:
    """kramdown shows `**（智通财经）**` as the outlet in bold: the paragraph still ends
    with it, as with `<strong>（智通财经）</strong>`."""
    relpath, path, text = _closing_outlet_post(sample)
    outlet = re.search(r"[（(]([^（()）]{2,16})[)）](?=\n\n<http)", text)
    assert outlet is not None
    new = (
        wrapped.format(outlet.group(1))
        if wrapped.startswith("（")
        else wrapped.format(outlet.group(0))
    )
    path.write_text(text[: outlet.start()] + new + text[outlet.end() :], encoding="utf-8")
    assert lint(sample, relpath, select=SRC) == []


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("{url}", "SRC002"),  # a bare URL: shown as text
        ("< {url} >", "SRC002"),  # spaces inside the brackets: shown as text
    ],
)
def test_a_malformed_source_link_is_not_taken_for_the_article_s_last_words(
    sample: Path, source: str, code: str
) -> None:
    """The article still ends with its outlet: only the source link is reported."""
    relpath, path, text = _closing_outlet_post(sample)
    link = re.search(r"\n<(http[^>]+)>\n", text)
    assert link is not None
    line = source.format(url=link.group(1))
    path.write_text(text[: link.start()] + f"\n{line}\n" + text[link.end() :], encoding="utf-8")
    assert codes_at(lint(sample, relpath, select=SRC)) == [(code, *at(path, line))]


def test_return_links_written_as_html_are_not_the_article_s_last_words(sample: Path) -> None:
    relpath, path, text = _closing_outlet_post(sample)
    footer = re.search(r"\[(返回[^\]]+)\]\(([^)]+)\)\s*｜?\[返回首页\]\(([^)]+)\)", text)
    assert footer is not None
    html = f'<a href="{footer.group(2)}">{footer.group(1)}</a>｜<a href="{footer.group(3)}">返回首页</a>'
    path.write_text(text.replace(footer.group(0), html), encoding="utf-8")
    assert lint(sample, relpath, select=["SRC001"]) == []


def test_an_attribution_inside_a_code_block_names_no_source(sample: Path) -> None:
    """A sample of markup in a fenced code block is published as code, not as the post's
    attribution: SRC001 still misses one, SRC003 compares nothing with the tags."""
    relpath, path, text = _closing_outlet_post(sample)
    outlet = re.search(r"[（(][^（()）]{2,16}[)）](?=\n\n<http)", text)
    assert outlet is not None
    sample_markup = (
        '\n\n```html\n<p class="em_media">（文章来源：新华社）</p>\n文章来源：新华社\n```'
    )
    path.write_text(text[: outlet.start()] + sample_markup + text[outlet.end() :], encoding="utf-8")
    assert codes_at(lint(sample, relpath, select=SRC)) == [("SRC001", *end_of_body(path))]
    path.write_text(
        text[: outlet.end()] + sample_markup + text[outlet.end() :], encoding="utf-8"
    )  # the outlet closes the text before the code: the code is no paragraph of the article
    assert lint(sample, relpath, select=SRC) == []


def test_a_source_link_with_spaces_inside_its_brackets_loses_them(sample: Path) -> None:
    """`< http://… >` is text to kramdown; carrying the article's id, it is the source
    link, and writing it without the spaces is safe."""
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8")
    link = re.search(r"\n<(http[^>]+)>\n", text)
    assert link is not None
    spaced = f"< {link.group(1)} >"
    path.write_text(text.replace(link.group(0), f"\n{spaced}\n"), encoding="utf-8")
    assert codes_at(lint(sample, REFERENCE, select=SRC)) == [("SRC002", *at(path, spaced))]
    assert apply_fixes(sample, REFERENCE, SRC) == text
