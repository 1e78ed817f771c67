"""LNK001-LNK003 on the real sample and on planted defects in its good posts and pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import REFERENCE, SAMPLE, codes_at, lint, replace_in, run_cli
from tests.linkhelpers import apply_fixes, apply_fixes_everywhere, at, end_of_body, position

LNK = ["LNK001", "LNK002", "LNK003"]
GOOD_EMNEWS = (
    "_posts/2021-12-08-202112082206945215.md"  # footer on //finews.withounder.com, one line
)
GOOD_TWO_LINES = "_posts/2021-12-08-202112082206891339.md"  # footer on two lines
OLD_PAGE = "old_post/2021-12-08-202112082206672930.md"  # a page, footer on //finews.zning.me
REF_CATEGORY = "(//finews.withounder.com/category/dazhongribao.html)"


def _posts(site: Path) -> list[Path]:
    """Every post: Jekyll publishes those without front matter too (the whole file is the body)."""
    return sorted((site / "_posts").iterdir())


def test_relative_return_links_of_the_sample_are_each_broken(sample: Path) -> None:
    expected = set()
    for post in _posts(sample):
        for number, line in enumerate(post.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"\]\((\.\./[^)]*)\)", line):
                expected.add((post.relative_to(sample).as_posix(), number, match.start(1) + 1))
    found = lint(sample, "_posts", select=["LNK002"])
    assert len(expected) == 170
    assert {(f.code, f.line, f.column) for f in found} == {
        ("LNK002", line, col) for _, line, col in expected
    }
    assert len(found) == len(expected)
    messages = {f.message for f in found}
    assert any("resolves to /emnews/2021/12/emnews/" in m for m in messages)


def test_posts_without_return_links_are_missing_them(sample: Path) -> None:
    lacking = [p for p in _posts(sample) if "[返回" not in p.read_text(encoding="utf-8")]
    found = lint(sample, "_posts", select=["LNK001"])
    assert len(found) == len(lacking) == 12
    assert [(f.line, f.column) for f in found] == [end_of_body(p) for p in lacking]


def test_good_posts_and_pages_of_the_sample_have_no_link_findings(sample: Path) -> None:
    good = [
        p.relative_to(sample).as_posix()
        for folder in ("_posts", "old_post")
        for p in sorted((sample / folder).iterdir())
        if "](//finews." in p.read_text(encoding="utf-8")
    ]
    assert len(good) == 15 and REFERENCE in good
    assert lint(sample, *good, select=LNK) == []


@pytest.mark.parametrize("post", [REFERENCE, GOOD_EMNEWS, GOOD_TWO_LINES])
def test_removed_return_links_are_missing(sample: Path, post: str) -> None:
    path = sample / post
    text = path.read_text(encoding="utf-8")
    footer_at = text.index("[返回")
    path.write_text(text[:footer_at].rstrip() + "\n", encoding="utf-8")
    assert codes_at(lint(sample, post, select=LNK)) == [("LNK001", *end_of_body(path))]
    assert apply_fixes(sample, post, LNK) == path.read_text(encoding="utf-8")  # not a safe fix
    fixed = apply_fixes(sample, post, LNK, unsafe=True)
    assert fixed.rstrip().endswith("｜[返回首页](//finews.withounder.com/)")
    assert "\n\n[返回" in fixed
    assert lint(sample, post, select=LNK) == []


def test_removed_home_link_alone_is_missing_and_fixed(sample: Path) -> None:
    replace_in(sample / REFERENCE, "｜[返回首页](//finews.withounder.com/)", "")
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [
        ("LNK001", *end_of_body(sample / REFERENCE))
    ]
    fixed = apply_fixes(sample, REFERENCE, LNK, unsafe=True)
    assert fixed.endswith(f"[返回大众日报新闻]{REF_CATEGORY}｜[返回首页](//finews.withounder.com/)")


@pytest.mark.parametrize("text", ["返回主页", "返回首頁"])
def test_a_home_link_worded_otherwise_is_the_home_link(sample: Path, text: str) -> None:
    replace_in(sample / REFERENCE, "[返回首页]", f"[{text}]")
    assert lint(sample, REFERENCE, select=LNK) == []
    replace_in(
        sample / REFERENCE, "(//finews.withounder.com/)", "(//finews.withounder.com/index2.html)"
    )
    where = at(sample / REFERENCE, "//finews.withounder.com/index2.html")
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [("LNK002", *where)]
    fixed = apply_fixes(sample, REFERENCE, LNK)
    assert fixed.rstrip().endswith(f"｜[{text}](//finews.withounder.com/)")


def test_fixed_missing_links_name_the_post_category_and_tag(sample: Path) -> None:
    post = "_posts/2021-12-08-202112082206672930.md"
    fixed = apply_fixes(sample, post, ["LNK001"], unsafe=True)
    assert fixed.endswith(
        ".html>\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)\n"
    )
    assert lint(sample, post, select=LNK) == []


def test_a_category_no_page_lists_is_reported_at_the_return_link(sample: Path) -> None:
    """`categories: nosuchcat` with the link to dazhongribao's page: the post is on no
    category page (checked with jekyll build), and the link goes to another outlet's list."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", "categories: nosuchcat")
    found = lint(sample, REFERENCE)
    where = at(sample / REFERENCE, "[返回大众日报新闻]")
    assert [(f.code, f.line, f.column, f.message) for f in found] == [
        (
            "LNK003",
            *where,
            "the category return link does not match the post: it goes to"
            " category/dazhongribao.html, the page of category 'dazhongribao', and no page"
            " lists the post's categories (nosuchcat)",
        )
    ]
    assert apply_fixes(sample, REFERENCE, LNK, unsafe=True) == (sample / REFERENCE).read_text(
        encoding="utf-8"
    )


def test_a_category_split_by_a_space_is_reported_once(sample: Path) -> None:
    replace_in(sample / REFERENCE, "categories: dazhongribao", "categories: dazhong ribao")
    assert [f.code for f in lint(sample, REFERENCE)] == ["FM008"]


def test_return_link_to_a_missing_category_is_broken(sample: Path) -> None:
    replace_in(sample / REFERENCE, "category/dazhongribao.html", "category/nosuch.html")
    where = at(sample / REFERENCE, "//finews.withounder.com/category/nosuch.html")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK002", *where)]
    assert "/category/nosuch.html" in found[0].message


def test_return_link_to_another_category_is_a_mismatch(sample: Path) -> None:
    replace_in(sample / REFERENCE, "category/dazhongribao.html", "category/36ke.html")
    where = at(sample / REFERENCE, "[返回大众日报新闻]")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK003", *where)]
    assert "category/36ke.html" in found[0].message
    fixed = apply_fixes(sample, REFERENCE, LNK)
    assert f"[返回大众日报新闻]{REF_CATEGORY}｜" in fixed
    assert lint(sample, REFERENCE, select=LNK) == []


def test_a_site_permalink_without_an_extension_keeps_the_html_links_to_its_pages(
    sample: Path,
) -> None:
    """Under `permalink: /:year/:month/:day/:title.html` Jekyll gives pages URLs without an
    extension (`/category/dazhongribao`), and still writes `category/dazhongribao.html`:
    the sample's links to that file reach the page, and a fix links to the file too."""
    with (sample / "_config.yml").open("a", encoding="utf-8") as config:
        config.write("permalink: /:year/:month/:day/:title.html\n")
    assert lint(sample, REFERENCE, select=LNK) == []
    replace_in(sample / REFERENCE, "category/dazhongribao.html", "category/36ke.html")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK003", *at(sample / REFERENCE, "[返回大众日报新闻]"))]
    assert "goes to category/36ke.html, not to the post's category page" in found[0].message
    assert f"[返回大众日报新闻]{REF_CATEGORY}｜" in apply_fixes(sample, REFERENCE, LNK)
    assert lint(sample, REFERENCE, select=LNK) == []


def test_return_link_to_the_page_of_the_post_s_second_category_is_no_mismatch(
    sample: Path,
) -> None:
    """A post filed under two categories may link back to either one's page."""
    replace_in(sample / REFERENCE, "categories: dazhongribao", "categories: [36ke, dazhongribao]")
    assert lint(sample, REFERENCE, select=LNK) == []
    replace_in(sample / REFERENCE, "categories: [36ke, dazhongribao]", "categories: [36ke, wind]")
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [
        ("LNK003", *at(sample / REFERENCE, "[返回大众日报新闻]"))
    ]


def test_return_link_text_naming_another_outlet_is_a_mismatch(sample: Path) -> None:
    replace_in(sample / REFERENCE, "[返回大众日报新闻]", "[返回新华社新闻]")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK003", *at(sample / REFERENCE, "[返回新华社新闻]"))]
    assert "新华社" in found[0].message
    # Which is right, the text or the tags, is an editor's call: reported, never rewritten.
    assert apply_fixes(sample, REFERENCE, LNK, unsafe=True).count("[返回新华社新闻]") == 1
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == codes_at(found)


def test_the_text_of_a_broken_return_link_is_checked_too(sample: Path) -> None:
    """LNK002 says where the link goes; LNK003 still says whom its text names, so fixing the
    target does not bring a finding up only afterwards (and `fix` does not refuse it)."""
    replace_in(
        sample / REFERENCE,
        f"[返回大众日报新闻]{REF_CATEGORY}",
        "[返回新华社新闻](../dazhongribao/)",
    )
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [
        ("LNK003", *at(sample / REFERENCE, "[返回新华社新闻]")),
        ("LNK002", *at(sample / REFERENCE, "../dazhongribao/")),
    ]
    assert found[0].message.endswith("its text names 新华社新闻, not the post's tags 大众日报新闻")
    code, _ = run_cli("fix", REFERENCE, "--select", ",".join(LNK), cwd=sample)
    assert code == 1
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [
        ("LNK003", *at(sample / REFERENCE, "[返回新华社新闻]"))
    ]
    assert "[返回新华社新闻](//finews.withounder.com/category/dazhongribao.html)" in (
        sample / REFERENCE
    ).read_text(encoding="utf-8")


def test_return_link_to_a_foreign_host_is_broken(sample: Path) -> None:
    replace_in(
        sample / GOOD_EMNEWS, "//finews.withounder.com/emnews/", "//finews.example.org/emnews/"
    )
    found = lint(sample, GOOD_EMNEWS, select=LNK)
    assert codes_at(found) == [("LNK002", *at(sample / GOOD_EMNEWS, "//finews.example.org/"))]
    assert "finews.example.org" in found[0].message
    broken = (sample / GOOD_EMNEWS).read_text(encoding="utf-8")
    assert apply_fixes(sample, GOOD_EMNEWS, LNK) == broken  # a mirror, perhaps: unsafe
    fixed = apply_fixes(sample, GOOD_EMNEWS, LNK, unsafe=True)
    assert fixed == broken.replace(
        "//finews.example.org/emnews/", "//finews.withounder.com/emnews/"
    )


@pytest.mark.parametrize(
    ("port", "broken"), [(":8080", True), (":4000", True), (":443", False), ("", False)]
)
def test_a_return_link_to_another_port_of_the_site_s_host_is_broken(
    sample: Path, port: str, broken: bool
) -> None:
    replace_in(
        sample / REFERENCE, "(//finews.withounder.com/)", f"(//finews.withounder.com{port}/)"
    )
    found = lint(sample, REFERENCE, select=LNK)
    if not broken:
        assert found == []
        return
    where = at(sample / REFERENCE, f"//finews.withounder.com{port}/)")
    assert codes_at(found) == [("LNK002", *where)]
    assert f"goes to host 'finews.withounder.com{port}'" in found[0].message


def test_a_home_link_to_the_source_s_host_goes_home_with_unsafe_fixes(sample: Path) -> None:
    replace_in(sample / REFERENCE, "(//finews.withounder.com/)", "(//finews.zning.xyz/)")
    broken = (sample / REFERENCE).read_text(encoding="utf-8")
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [
        ("LNK002", *at(sample / REFERENCE, "//finews.zning.xyz/)"))
    ]
    fixed = apply_fixes(sample, REFERENCE, LNK, unsafe=True)
    assert fixed == broken.replace("(//finews.zning.xyz/)", "(//finews.withounder.com/)")


def test_https_and_cname_host_are_the_site(sample: Path) -> None:
    replace_in(
        sample / REFERENCE, REF_CATEGORY, "(https://finews.zning.me/category/dazhongribao.html)"
    )
    replace_in(sample / REFERENCE, "(//finews.withounder.com/)", "(/)")
    assert lint(sample, REFERENCE, select=LNK) == []


def test_return_link_made_relative_is_broken_and_fixed(sample: Path) -> None:
    replace_in(sample / REFERENCE, REF_CATEGORY, "(../category/dazhongribao.html)")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK002", *at(sample / REFERENCE, "../category/"))]
    assert "/dazhongribao/2022/02/category/dazhongribao.html" in found[0].message
    fixed = apply_fixes(sample, REFERENCE, LNK)
    assert f"[返回大众日报新闻]{REF_CATEGORY}" in fixed
    assert lint(sample, REFERENCE, select=LNK) == []


def _reference_style_footer(site: Path, category_url: str) -> Path:
    path = site / REFERENCE
    replace_in(path, f"[返回大众日报新闻]{REF_CATEGORY}", "[返回大众日报新闻][cat]")
    replace_in(path, "[返回首页](//finews.withounder.com/)", "[返回首页][]")
    with path.open("a", encoding="utf-8") as appended:
        appended.write(f"\n\n[cat]: {category_url}\n[返回首页]: //finews.withounder.com/\n")
    return path


def test_reference_style_return_links_are_return_links(sample: Path) -> None:
    """kramdown publishes `[返回首页][]` with its definition as a link: no LNK001."""
    _reference_style_footer(sample, "//finews.withounder.com/category/dazhongribao.html")
    assert lint(sample, REFERENCE, select=LNK + OTHER) == []


def test_reference_style_return_link_is_checked_and_fixed_at_its_definition(sample: Path) -> None:
    path = _reference_style_footer(sample, "../category/dazhongribao.html")
    found = lint(sample, REFERENCE, select=LNK + OTHER)
    assert codes_at(found) == [("LNK002", *at(path, "../category/"))]
    fixed = apply_fixes(sample, REFERENCE, LNK)
    assert "[返回大众日报新闻][cat]｜[返回首页][]" in fixed
    assert "\n[cat]: //finews.withounder.com/category/dazhongribao.html\n" in fixed
    assert lint(sample, REFERENCE, select=LNK + OTHER) == []


@pytest.mark.parametrize(
    "broken", ["//finews.withounder.com/category/Dazhongribao.html", "/category/nosuch.html"]
)
def test_missing_category_page_by_absolute_path_is_fixed_when_the_text_names_the_tags(
    sample: Path, broken: str
) -> None:
    replace_in(sample / REFERENCE, REF_CATEGORY, f"({broken})")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK002", *at(sample / REFERENCE, broken))]
    assert apply_fixes(sample, REFERENCE, LNK) == (SAMPLE / REFERENCE).read_text(encoding="utf-8")


def test_a_post_of_a_category_without_a_page_is_told_which_page_is_missing(
    sample: Path,
) -> None:
    path = sample / REFERENCE
    replace_in(path, "categories: dazhongribao", "categories: xinhuashe")
    replace_in(path, REF_CATEGORY, "(//finews.withounder.com/category/xinhuashe.html)")
    found = lint(sample, REFERENCE, select=["LNK002"])
    assert codes_at(found) == [("LNK002", *at(path, "//finews.withounder.com/category/xin"))]
    assert found[0].message.endswith(
        "; the site has no page for the post's category 'xinhuashe' yet (a page with"
        " `category: xinhuashe` in its front matter, such as category/xinhuashe.html, would"
        " be the one)"
    )


def test_missing_page_is_not_guessed_when_the_text_names_another_outlet(sample: Path) -> None:
    replace_in(
        sample / REFERENCE,
        f"[返回大众日报新闻]{REF_CATEGORY}",
        "[返回新华社新闻](/category/nosuch.html)",
    )
    found = lint(sample, REFERENCE, select=["LNK002"])
    assert codes_at(found) == [("LNK002", *at(sample / REFERENCE, "/category/nosuch.html"))]
    planted = (sample / REFERENCE).read_text(encoding="utf-8")
    assert apply_fixes(sample, REFERENCE, ["LNK002"], unsafe=True) == planted


def test_relative_link_that_resolves_to_the_category_is_accepted(sample: Path) -> None:
    replace_in(sample / REFERENCE, REF_CATEGORY, "(../../../../category/dazhongribao.html)")
    assert lint(sample, REFERENCE, select=LNK) == []


def test_relative_sample_footer_is_fixed_to_the_canonical_form(sample: Path) -> None:
    post = "_posts/2021-12-08-202112082206735975.md"
    fixed = apply_fixes(sample, post, LNK)
    assert fixed.endswith(
        "[返回东财滚动新闻](//finews.withounder.com/emnews/)\n[返回首页](//finews.withounder.com/)"
    )
    assert lint(sample, post, select=LNK) == []


def test_category_page_names_with_spaces_and_parentheses(sample: Path) -> None:
    replace_in(
        sample / REFERENCE,
        "categories: dazhongribao",
        'categories: ["21shijijingjibaodao 21caijingAPP"]',
    )
    replace_in(
        sample / REFERENCE, REF_CATEGORY, "(//finews.withounder.com/category/dazhongribao.html)"
    )
    found = lint(sample, REFERENCE, select=["LNK003"])
    assert codes_at(found) == [("LNK003", *at(sample / REFERENCE, "[返回大众日报新闻]"))]
    fixed = apply_fixes(sample, REFERENCE, ["LNK003"])
    assert "(//finews.withounder.com/category/21shijijingjibaodao%2021caijingAPP.html)" in fixed
    assert lint(sample, REFERENCE, select=LNK) == []
    replace_in(
        sample / REFERENCE,
        'categories: ["21shijijingjibaodao 21caijingAPP"]',
        'categories: ["anxinguojizhengquan(xianggang)"]',
    )
    replace_in(
        sample / REFERENCE,
        "21shijijingjibaodao%2021caijingAPP.html",
        "anxinguojizhengquan(xianggang).html",
    )
    assert lint(sample, REFERENCE, select=LNK) == []


def test_pages_resolve_relative_links_from_their_own_url(sample: Path) -> None:
    replace_in(sample / OLD_PAGE, "(//finews.zning.me/emnews/)", "(../emnews/)")
    replace_in(sample / OLD_PAGE, "(//finews.zning.me/)", "(../nowhere/)")
    found = lint(sample, OLD_PAGE, select=LNK)
    assert codes_at(found) == [("LNK002", *at(sample / OLD_PAGE, "../nowhere/"))]


def test_pretty_permalinks_resolve_relative_links_differently(sample: Path) -> None:
    config = sample / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "permalink: pretty\n", encoding="utf-8")
    replace_in(sample / OLD_PAGE, "(//finews.zning.me/emnews/)", "(../emnews/)")
    found = lint(sample, OLD_PAGE, select=LNK)
    assert codes_at(found) == [("LNK002", *at(sample / OLD_PAGE, "../emnews/"))]
    assert (
        "resolves to /old_post/emnews/ from /old_post/2021-12-08-202112082206672930/"
        in found[0].message
    )
    post = "_posts/2021-12-08-202112082206735975.md"
    messages = [f.message for f in lint(sample, post, select=LNK)]
    assert len(messages) == 2
    assert (
        "resolves to /emnews/2021/12/08/emnews/ from /emnews/2021/12/08/202112082206735975/"
        in messages[0]
    )
    # Pages are published as folders too: the .html link of the reference post no longer works.
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [
        ("LNK002", *at(sample / REFERENCE, REF_CATEGORY, 1))
    ]
    replace_in(sample / REFERENCE, REF_CATEGORY, "(../../../../../category/dazhongribao/)")
    assert lint(sample, REFERENCE, select=LNK) == []


OTHER = ["LNK004", "LNK005", "LNK006", "LNK007"]
EXISTING_POST = "/emnews/2021/12/08/202112082206672930.html"


def _add_paragraph(site: Path, post: str, paragraph: str) -> Path:
    path = site / post
    replace_in(path, "\n\n<http://", f"\n\n{paragraph}\n\n<http://")
    return path


def test_the_sample_has_no_other_link_findings(sample: Path) -> None:
    assert lint(sample, ".", select=OTHER) == []


def test_link_to_a_post_that_does_not_exist(sample: Path) -> None:
    path = _add_paragraph(
        sample, REFERENCE, f"另见[旧闻]({EXISTING_POST})和[新闻](/emnews/2021/12/07/1.html)。"
    )
    found = lint(sample, REFERENCE, select=OTHER)
    assert codes_at(found) == [("LNK004", *at(path, "/emnews/2021/12/07/1.html"))]


def test_a_post_or_page_marked_unpublished_is_not_there_to_link_to(sample: Path) -> None:
    """Jekyll writes no file for `published: false`: a link to it is broken."""
    path = _add_paragraph(sample, REFERENCE, f"另见[旧闻]({EXISTING_POST})和[关于](/404.html)。")
    assert lint(sample, REFERENCE, select=OTHER) == []
    linked = next(
        p for p in (sample / "_posts").iterdir() if EXISTING_POST.rsplit("/", 1)[1][:-5] in p.name
    )
    replace_in(linked, "\nlayout:", "\npublished: false\nlayout:")
    replace_in(sample / "404.md", "\n---", "\npublished: false\n---")
    found = lint(sample, REFERENCE, select=OTHER)
    assert codes_at(found) == [
        ("LNK004", *at(path, EXISTING_POST)),
        ("LNK005", *at(path, "/404.html")),
    ]


def test_a_mail_address_autolink_is_no_link_into_the_site(sample: Path) -> None:
    _add_paragraph(sample, REFERENCE, "来信请寄 <editor@example.com>。")
    assert lint(sample, REFERENCE, select=[*LNK, *OTHER]) == []


def test_relative_link_to_a_post_resolves_from_the_post(sample: Path) -> None:
    path = _add_paragraph(sample, GOOD_EMNEWS, "[旧闻](202112082206672930.html)，[无此文](1.html)")
    assert codes_at(lint(sample, GOOD_EMNEWS, select=OTHER)) == [("LNK004", *at(path, "1.html)"))]


def test_broken_internal_links_of_every_kind(sample: Path) -> None:
    path = _add_paragraph(
        sample,
        REFERENCE,
        '![图](/assets/chart.png) <a href="https://finews.zning.me/about.html">关于</a> '
        '<img src="/logo.png"> '
        "[首页](/#top) [邮件](mailto:a@example.com) [外链](http://example.com/none.html) "
        "[404](/404.html)",
    )
    found = lint(sample, REFERENCE, select=OTHER)
    assert codes_at(found) == [
        ("LNK005", *at(path, "/assets/chart.png")),
        ("LNK005", *at(path, "https://finews.zning.me/about.html")),
        ("LNK005", *at(path, "/logo.png")),
    ]
    (sample / "assets").mkdir()
    (sample / "assets" / "chart.png").write_bytes(b"\x89PNG")
    (sample / "logo.png").write_bytes(b"\x89PNG")
    assert [f.column for f in lint(sample, REFERENCE, select=OTHER)] == [found[1].column]


def test_http_link_to_the_site_is_insecure_and_fixed(sample: Path) -> None:
    replace_in(sample / REFERENCE, "(//finews.withounder.com/)", "(http://finews.withounder.com/)")
    found = lint(sample, REFERENCE, select=LNK + OTHER)
    assert codes_at(found) == [("LNK006", *at(sample / REFERENCE, "http://finews.withounder.com/"))]
    fixed = apply_fixes(sample, REFERENCE, OTHER)
    assert fixed.endswith("[返回首页](//finews.withounder.com/)")
    assert lint(sample, REFERENCE, select=LNK + OTHER) == []


def test_http_autolink_to_the_site_is_fixed_to_https_and_stays_a_link(sample: Path) -> None:
    """`<//host/x>` is no autolink (kramdown prints it as text): the fix keeps a scheme."""
    path = _add_paragraph(sample, REFERENCE, f"<http://finews.withounder.com{EXISTING_POST}>")
    found = lint(sample, REFERENCE, select=LNK + OTHER)
    assert codes_at(found) == [
        ("LNK006", *at(path, f"http://finews.withounder.com{EXISTING_POST}"))
    ]
    run_cli("fix", "--no-cache", "--select", "LNK006", REFERENCE, cwd=sample)  # the fixer itself
    fixed = path.read_text(encoding="utf-8")
    assert f"\n\n<https://finews.withounder.com{EXISTING_POST}>\n\n" in fixed
    assert lint(sample, REFERENCE, select=LNK + OTHER) == []


@pytest.mark.parametrize(
    "written",
    [
        "</category/21shijijingjibaodao 21caijingAPP.html>",
        "/category/21shijijingjibaodao 21caijingAPP.html",  # kramdown reads it to the `)`
    ],
)
def test_link_with_a_raw_space_needs_escaping(sample: Path, written: str) -> None:
    path = _add_paragraph(sample, REFERENCE, f"[21财经]({written})")
    found = lint(sample, REFERENCE, select=OTHER)
    assert codes_at(found) == [("LNK007", *at(path, "/category/21shijijingjibaodao 21caijingAPP"))]
    fixed = apply_fixes(sample, REFERENCE, OTHER)
    assert "[21财经](/category/21shijijingjibaodao%2021caijingAPP.html)" in fixed
    assert lint(sample, REFERENCE, select=OTHER) == []


def test_a_return_link_with_a_raw_space_is_still_the_return_link(sample: Path) -> None:
    """kramdown links `(…/dazhong ribao.html)` with the space: the post has its return link,
    one to a page that does not exist, and the fix gives it back its page."""
    path = sample / REFERENCE
    original = path.read_text(encoding="utf-8")
    replace_in(path, "category/dazhongribao.html", "category/dazhong ribao.html")
    found = lint(sample, REFERENCE, select=[*LNK, *OTHER])
    target = at(path, "//finews.withounder.com/category/dazhong ribao")
    assert codes_at(found) == [("LNK002", *target), ("LNK007", *target)]
    run_cli("fix", "--no-cache", REFERENCE, cwd=sample)  # the fixer: the two fixes overlap
    assert path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        (
            '<a href="/category/Career%20In touxingPEVC.html">职业</a>',
            '<a href="/category/Career%20In%20touxingPEVC.html">职业</a>',
        ),
        (
            '<a href="/category/Career In touxingPEVC.html?from=post">职业</a>',
            '<a href="/category/Career%20In%20touxingPEVC.html?from=post">职业</a>',
        ),
        (
            "[职业](</category/Career In touxingPEVC.html#latest>)",
            "[职业](/category/Career%20In%20touxingPEVC.html#latest)",
        ),
    ],
)
def test_escaping_a_link_keeps_its_escapes_query_and_fragment(
    sample: Path, written: str, fixed: str
) -> None:
    """A browser follows these links to the page; the fix must leave them leading there."""
    path = _add_paragraph(sample, REFERENCE, written)
    found = lint(sample, REFERENCE, select=[*LNK, *OTHER])
    assert [f.code for f in found] == ["LNK007"]  # not broken: the page exists
    assert fixed in apply_fixes(sample, REFERENCE, OTHER)
    assert lint(sample, REFERENCE, select=[*LNK, *OTHER]) == []
    assert path.is_file()


def test_return_links_no_browser_can_follow(sample: Path) -> None:
    replace_in(sample / REFERENCE, "(//finews.withounder.com/)", "()")
    replace_in(sample / REFERENCE, REF_CATEGORY, "(http://[::1/category/)")
    found = lint(sample, REFERENCE, select=[*LNK, "INT001"])
    assert codes_at(found) == [
        ("LNK002", *at(sample / REFERENCE, "http://[::1")),
        ("LNK002", *at(sample / REFERENCE, "[返回首页]")),
    ]
    assert "not a valid URL" in found[0].message and "no target" in found[1].message
    replace_in(sample / REFERENCE, "[返回首页]()", "[返回首页](javascript:history.back())")
    found = lint(sample, REFERENCE, select=["LNK002"])
    assert "not a link to a web page" in found[1].message


def test_broken_front_matter_is_left_to_the_front_matter_rules(sample: Path) -> None:
    replace_in(sample / REFERENCE, "tags: 大众日报新闻", 'tags: "大众日报新闻')
    replace_in(sample / REFERENCE, REF_CATEGORY, "(../nowhere/)")
    assert lint(sample, REFERENCE, select=["SRC", "LNK", "INT001"]) == []


def test_safe_fixes_repair_the_sample_footers_once_and_for_all(sample: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in _posts(sample)]
    relative = sum("](../" in text for text in texts)
    derivable = sum("[返回" not in text and text.startswith("---\n") for text in texts)
    assert apply_fixes_everywhere(sample, "_posts", LNK) == relative == 85
    assert apply_fixes_everywhere(sample, "_posts", LNK, unsafe=True) == derivable == 11
    left = lint(sample, "_posts", select=LNK)
    assert [(f.code, f.message) for f in left] == [
        ("LNK001", "the post has no return links (to its category page and to the home page)")
    ]
    assert "[返回站长消息](//finews.withounder.com/category/sitenews.html)｜" in (
        sample / "_posts" / "2021-12-01-init.md"
    ).read_text(encoding="utf-8")
    assert apply_fixes_everywhere(sample, "_posts", LNK, unsafe=True) == 0


def _good_files() -> list[str]:
    return [
        p.relative_to(SAMPLE).as_posix()
        for folder in ("_posts", "old_post")
        for p in sorted((SAMPLE / folder).iterdir())
        if "](//finews." in p.read_text(encoding="utf-8")
    ]


def _category_target(path: Path) -> str:
    match = re.search(r"\[返回(?!首页)[^\]]*\]\(([^)]*)\)", path.read_text(encoding="utf-8"))
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("relpath", _good_files())
def test_planted_return_link_defects_in_every_good_file(sample: Path, relpath: str) -> None:
    path = sample / relpath
    original = path.read_text(encoding="utf-8")
    is_post = relpath.startswith("_posts/")
    target = _category_target(path)
    host = target[: target.index("/", 2)]  # //finews.withounder.com or //finews.zning.me

    replace_in(path, f"({target})", f"({host}/category/nosuch.html)")
    assert codes_at(lint(sample, relpath, select=LNK)) == [
        ("LNK002", *at(path, f"{host}/category/nosuch"))
    ]

    path.write_text(original, encoding="utf-8")
    replace_in(path, f"({target})", f"({host}/category/36ke.html)")
    expected = [("LNK003", *at(path, "[返回", 0))] if is_post else []
    assert codes_at(lint(sample, relpath, select=LNK)) == expected

    path.write_text(original, encoding="utf-8")
    replace_in(path, f"({target})", f"(//finews.example.net{target[len(host) :]})")
    assert codes_at(lint(sample, relpath, select=LNK)) == [
        ("LNK002", *at(path, "//finews.example.net"))
    ]

    path.write_text(original, encoding="utf-8")
    relative = original.replace(f"]({host}/", "](../")
    path.write_text(relative, encoding="utf-8")
    found = codes_at(lint(sample, relpath, select=LNK))
    if not re.match(r"\d{4}-\d{2}-\d{2}-", Path(relpath).name):  # Jekyll skips it: no URL
        assert found == []
    elif is_post:  # from /<category>/yyyy/mm/dd/x.html, ../ stays inside the date folders
        starts = [m.start() + 2 for m in re.finditer(r"\]\(\.\./", relative)]
        assert found == [("LNK002", *position(relative, s)) for s in starts]
    else:  # from /old_post/x.html, ../emnews/ is /emnews/: it works
        assert found == []

    path.write_text(original[: original.index("[返回")].rstrip() + "\n", encoding="utf-8")
    expected = [("LNK001", *end_of_body(path))] if is_post else []
    assert codes_at(lint(sample, relpath, select=LNK)) == expected


def test_links_must_stay_under_the_baseurl(sample: Path) -> None:
    config = sample / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "baseurl: /news\n", encoding="utf-8")
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [
        ("LNK002", *at(sample / REFERENCE, REF_CATEGORY, 1)),
        ("LNK002", *at(sample / REFERENCE, "(//finews.withounder.com/)", 1)),
    ]
    replace_in(
        sample / REFERENCE,
        "//finews.withounder.com/category/",
        "//finews.withounder.com/news/category/",
    )
    replace_in(
        sample / REFERENCE, "(//finews.withounder.com/)", "(../../../../)"
    )  # /news/ from the post
    assert lint(sample, REFERENCE, select=LNK) == []
    replace_in(sample / REFERENCE, "(../../../../)", "(../../../../../)")  # / is above the site
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK002", *at(sample / REFERENCE, "../../../../../"))]
    assert found[0].message.startswith(  # the paths as the reader's browser has them
        "return link '../../../../../' resolves to / from /news/dazhongribao/2022/02/11/"
    )
    replace_in(sample / REFERENCE, "(../../../../../)", "(../../../../nowhere/)")
    assert lint(sample, REFERENCE, select=LNK)[0].message.startswith(
        "return link '../../../../nowhere/' resolves to /news/nowhere/ from /news/dazhongribao/"
    )
    replace_in(sample / REFERENCE, "(../../../../nowhere/)", "(../../../../../)")
    apply_fixes(sample, REFERENCE, LNK)
    assert "[返回首页](//finews.withounder.com/news/)" in (sample / REFERENCE).read_text(
        encoding="utf-8"
    )
    assert lint(sample, REFERENCE, select=LNK) == []


def test_return_links_written_with_liquid_are_resolved_as_jekyll_renders_them(
    sample: Path,
) -> None:
    """Jekyll renders Liquid before kramdown reads the links: `{{ site.url }}`, and a path
    through `relative_url` or `absolute_url`, take the site's values (what Jekyll 4.3
    publishes for these footers, checked with `jekyll build`)."""
    config = sample / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "baseurl: /news\n", encoding="utf-8")
    category = "//finews.withounder.com/category/dazhongribao.html"
    post = sample / REFERENCE
    replace_in(post, f"({category})", '({{ "/category/dazhongribao.html" | relative_url }})')
    replace_in(post, "(//finews.withounder.com/)", '({{ "/" | absolute_url }})')
    assert lint(sample, REFERENCE, select=[*LNK, "SRC001"]) == []
    text = post.read_text(encoding="utf-8")
    footer = text[text.index("[返回") :]
    post.write_text(
        text.replace(
            footer,
            "[返回大众日报新闻]({{ site.url }}{{ site.baseurl }}/category/dazhongribao.html)"
            "｜[返回首页]({{- site.baseurl -}}/nowhere/)\n",
        ),
        encoding="utf-8",
    )
    found = lint(sample, REFERENCE, select=LNK)
    assert codes_at(found) == [("LNK002", *at(post, "{{- site.baseurl"))]
    assert "resolves to /news/nowhere/" in found[0].message
    replace_in(post, "{{- site.baseurl -}}", "{{ page.home }}")  # what it gives is unknown
    assert lint(sample, REFERENCE, select=LNK) == []


def _html_footer(sample: Path, category: str, home: str) -> Path:
    """The reference post with its footer written as `<a>` elements, as an editor may."""
    post = sample / REFERENCE
    text = post.read_text(encoding="utf-8")
    footer = text[text.rstrip("\n").rindex("\n") + 1 :]  # the last line
    html = f'<a href="{category}">返回大众日报新闻</a>｜<a href="{home}">返回首页</a>\n'
    post.write_text(text.replace(footer, html), encoding="utf-8")
    return post


def test_return_links_written_as_html_anchors_are_the_footer(sample: Path) -> None:
    """Jekyll publishes working `<a>` return links: no LNK001 (whose unsafe fix appended
    a second footer); broken ones are LNK002's, fixed in their href."""
    post = _html_footer(
        sample, "//finews.withounder.com/category/dazhongribao.html", "//finews.withounder.com/"
    )
    assert lint(sample, REFERENCE) == []
    _html_footer(sample, "../dazhongribao/", "../../")
    found = lint(sample, REFERENCE, select=[*LNK, "LNK005"])
    assert codes_at(found) == [
        ("LNK002", *at(post, "../dazhongribao/")),
        ("LNK002", *at(post, '../../"')),
    ]
    fixed = apply_fixes(sample, REFERENCE, LNK)
    assert fixed.endswith(
        '<a href="//finews.withounder.com/category/dazhongribao.html">返回大众日报新闻</a>'
        '｜<a href="//finews.withounder.com/">返回首页</a>\n'
    )
    assert lint(sample, REFERENCE) == []


def test_a_return_anchor_inside_the_article_is_not_the_footer(sample: Path) -> None:
    post = sample / REFERENCE
    text = post.read_text(encoding="utf-8")
    footer = text[text.index("[返回") :]
    article_link = '<p><a href="https://www.sohu.com/">返回搜狐，查看更多</a></p>'
    replace_in(post, '<p class="em_media">', article_link + '<p class="em_media">')
    post.write_text(post.read_text(encoding="utf-8").replace(footer, ""), encoding="utf-8")
    assert codes_at(lint(sample, REFERENCE, select=LNK)) == [("LNK001", *end_of_body(post))]


@pytest.mark.parametrize("written", ["news", "/news/", "news/"])
def test_a_baseurl_written_without_its_slashes_is_read_as_jekyll_writes_it(
    sample: Path, written: str
) -> None:
    """`baseurl: news` is /news to Jekyll's URL filters; the safe fix wrote
    `//finews.withounder.comnews/…`, a link to another host."""
    config = sample / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"baseurl: {written}\n", encoding="utf-8"
    )
    assert [f.code for f in lint(sample, REFERENCE, select=LNK)] == ["LNK002", "LNK002"]
    fixed = apply_fixes(sample, REFERENCE, LNK)
    assert fixed.rstrip().endswith(
        "[返回大众日报新闻](//finews.withounder.com/news/category/dazhongribao.html)"
        "｜[返回首页](//finews.withounder.com/news/)"
    )
    assert lint(sample, REFERENCE, select=LNK) == []
