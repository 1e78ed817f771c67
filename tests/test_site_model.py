"""The site model against Jekyll: the files it publishes for the real sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from finews_lint.site import Site
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import ROOT

DATA = ROOT / "tests" / "data"


def published_files(site: Site) -> set[str]:
    """The files of ``_site/`` the model predicts: URLs ending in / become index.html."""
    urls = {page.url for page in site.pages}
    urls |= {post.url for post in site.posts if post.url}
    urls |= set(site.static_urls)
    return {url + "index.html" if url.endswith("/") else url for url in urls}


def jekyll_files(name: str) -> set[str]:
    return set((DATA / name).read_text(encoding="utf-8").split("\n")) - {""}


@pytest.mark.parametrize(
    ("permalink", "recorded"),
    [
        (None, "jekyll-4.3.1-sample-urls.txt"),
        ("pretty", "jekyll-4.3.1-sample-urls-permalink-pretty.txt"),
        ("none", "jekyll-4.3.1-sample-urls-permalink-none.txt"),
        ("ordinal", "jekyll-4.3.1-sample-urls-permalink-ordinal.txt"),
        (
            "/:categories/:year/:month/:title:output_ext",
            "jekyll-4.3.1-sample-urls-permalink-custom.txt",
        ),
    ],
)
def test_model_publishes_what_jekyll_publishes(
    sample: Path, permalink: str | None, recorded: str
) -> None:
    if permalink is not None:
        with (sample / "_config.yml").open("a", encoding="utf-8") as config:
            config.write(f"\npermalink: {permalink}\n")
    assert published_files(Site(sample)) == jekyll_files(recorded)


def write_date_cases(site: Path) -> None:
    """The posts of ``tests/data/plain-dates-cases.txt`` in place of the site's posts."""
    for post in (site / "_posts").iterdir():
        post.unlink()
    cases = (DATA / "plain-dates-cases.txt").read_text(encoding="utf-8").splitlines()
    for name, date_line in (case.split("|") for case in cases):
        extra = "extra: {a: 1}\n" if "flow" in name else ""
        (site / "_posts" / name).write_text(
            f"---\nlayout: post\ntitle: t\n{date_line}\ncategories: [kuaixun]\ntags: x\n"
            f"{extra}---\nbody\n",
            encoding="utf-8",
        )


def test_a_plain_date_without_offset_is_utc_as_jekyll_reads_it(example: Path) -> None:
    """Psych reads `date: 2024-04-01 17:30:00` as 17:30 UTC: the 2nd in Shanghai. Quoted,
    without seconds or as a bare date, the text is local time."""
    write_date_cases(example)
    urls = {post.url for post in Site(example).posts}
    assert urls == jekyll_files("jekyll-4.3.1-plain-dates-urls.txt")
    assert "/kuaixun/2024/04/02/plain-1730.html" in urls
    assert "/kuaixun/2024/04/01/quoted-1730.html" in urls


def test_post_without_date_prefix_is_not_published(sample: Path) -> None:
    site = Site(sample)
    entry = next(p for p in site.posts if p.relpath == "_posts/-202205262391921712.md")
    assert entry.url is None


def test_reference_post_url_and_category_page(sample: Path) -> None:
    site = Site(sample)
    assert (
        site.post_url(
            "_posts/2022-02-11-NW202202112273370064.md",
            {"date": "2022-02-11 09:00:14 +0800", "categories": "dazhongribao"},
        )
        == "/dazhongribao/2022/02/11/NW202202112273370064.html"
    )
    page = site.category_page("dazhongribao")
    assert page is not None and page.relpath == "category/dazhongribao.html"
    emnews = site.category_page("emnews")
    assert emnews is not None and emnews.url == "/emnews/"
    assert site.home is not None and site.home.relpath == "README.md"


def test_hosts_are_url_and_cname(sample: Path) -> None:
    assert Site(sample).hosts == {"finews.withounder.com", "finews.zning.me"}


def test_a_date_with_offset_is_filed_under_the_site_timezone_day(sample: Path) -> None:
    site = Site(sample)
    url = site.post_url(
        "_posts/2021-12-08-x.md", {"date": "2021-12-07 23:30:00 -0500", "categories": "a b"}
    )
    assert url == "/a/b/2021/12/08/x.html"  # 23:30 at -0500 is 12:30 next day in Shanghai


def test_categories_are_lower_cased_in_urls_like_jekyll(sample: Path) -> None:
    site = Site(sample)
    url = site.post_url(
        "_posts/2021-12-08-x.md", {"date": "2021-12-08 10:00:00 +0800", "categories": ["Wind"]}
    )
    assert url == "/wind/2021/12/08/x.html"


def test_slug_list_categories_and_offsets_match_a_jekyll_build(sample: Path) -> None:
    # Built with Jekyll 4.3.1: these two posts were published at exactly these paths.
    site = Site(sample)
    listed = site.post_url(
        "_posts/2021-12-08-Test_Slug.md",
        {"date": "2021-12-07 23:30:00 -0500", "categories": ["Wind", "a b"]},
    )
    assert listed == "/wind/a b/2021/12/08/Test_Slug.html"
    slugged = site.post_url(
        "_posts/2021-12-08-y.md",
        {"date": "2021-12-08 10:00:00", "categories": "Foo Bar", "slug": "my slug!"},
    )
    assert slugged == "/foo/bar/2021/12/08/my-slug!.html"


def test_a_posts_folder_keeps_its_posts_of_any_suffix_case_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    posts = tmp_path / "_posts"
    posts.mkdir()
    names = [
        "2022-01-01-a.md",
        "2022-01-02-b.HTML",
        "2022-01-03-c.markdown",
        "notes.txt",
        "img.png",
    ]
    for name in names:
        (posts / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    site = Site(tmp_path)
    assert sorted(site.post_paths) == [f"_posts/{n}" for n in sorted(names[:3])]
    only_posts = Site(tmp_path)
    for name in names[3:]:
        (posts / name).unlink()
    assert sorted(only_posts.post_paths) == [f"_posts/{n}" for n in sorted(names[:3])]


def test_the_posts_of_several_folders_are_hashed_and_compared_as_listed(tmp_path: Path) -> None:
    from finews_lint.postindex import packed_paths

    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for folder in ("_posts", "news/_posts", "empty/_posts"):
        (tmp_path / folder).mkdir(parents=True)
    for relpath in (
        "_posts/2022-01-01-a.md",
        "news/_posts/2022-01-02-b.md",
        "news/_posts/2022-01-03-c.md",
        "news/_posts/readme.txt",
    ):
        (tmp_path / relpath).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    site = Site(tmp_path)
    assert site.post_paths == [
        "_posts/2022-01-01-a.md",
        "news/_posts/2022-01-02-b.md",
        "news/_posts/2022-01-03-c.md",
    ]
    assert site.packed_post_paths == packed_paths(site.post_paths)


@given(
    values=st.lists(st.one_of(st.none(), st.sampled_from(["/a.html", "/b/", "/c.html", "x"]))),
    wanted=st.frozensets(st.sampled_from(["/a.html", "/b/", "/c.html", "/d.html", "x"])),
    few=st.sampled_from([0, 2, 16]),
)
def test_positions_finds_what_a_scan_finds(
    values: list[str | None], wanted: frozenset[str], few: int
) -> None:
    """The one-file site rules find their own rows with list.index; a scan is the reference."""
    from finews_lint.posttable import positions

    assert positions(values, wanted, few) == [i for i, v in enumerate(values) if v in wanted]


def test_urls_memoized_while_linting_stay_few_and_right(sample: Path) -> None:
    """A worker linting 40,000 posts must not keep every post's URL (it grew by ~0.5 KB a
    post); URLs asked again after the memo let them go are computed again, the same."""
    from finews_lint.site import RECENT_URLS

    site = Site(sample)
    posts = [
        (f"_posts/2021-12-{1 + n % 28:02d}-post{n}.md", {"title": str(n), "categories": "emnews"})
        for n in range(3 * RECENT_URLS)
    ]
    first = [site.post_url(relpath, data) for relpath, data in posts]
    again = [site.post_url(relpath, data) for relpath, data in posts]

    assert first == again == [Site(sample).post_url(relpath, data) for relpath, data in posts]
    assert first[0] == "/emnews/2021/12/01/post0.html"
    assert len(site._recent_urls) <= RECENT_URLS


@pytest.mark.parametrize(
    ("front_matter", "url"),
    [  # each published at exactly this path by a Jekyll 4.3.1 build
        ("category: Single Two", "/single two/2024/04/01/x.html"),
        ("categories: a b\ncategory: Market News", "/a/b/market news/2024/04/01/x.html"),
        ("categories: [a, a, b]", "/a/b/2024/04/01/x.html"),
        ("category: [x, y]", "/x/y/2024/04/01/x.html"),
    ],
)
def test_category_and_categories_as_jekyll_merges_them(
    example: Path, front_matter: str, url: str
) -> None:
    """`categories` splits a string, the singular `category` does not, and each counts once."""
    (example / "_posts" / "2024-04-01-x.md").write_text(
        f"---\nlayout: post\ntitle: t\ndate: 2024-04-01 10:00:00 +0800\n{front_matter}\n"
        "tags: x\n---\nbody\n",
        encoding="utf-8",
    )
    posts = {post.relpath: post.url for post in Site(example).posts}
    assert posts["_posts/2024-04-01-x.md"] == url


PLACEHOLDER_POSTS = {  # file name: (date, categories, extra front matter)
    "2024-04-01-Test_Slug.md": ("2024-04-01 10:00:00 +0800", "[Market News, A_b]", ""),
    "2024-04-02-a.b.c.md": ("2024-04-02 10:00:00 +0800", "kuaixun", ""),
    "2024-04-03-NW2024.md": ("2024-12-30 10:00:00 +0800", "kuaixun", ""),
    "2024-04-04-x.md": ("2024-04-04 10:00:00 +0800", "kuaixun", "slug: My Slug!\n"),
    "2024-04-05-中文标题.md": ("2024-04-05 10:00:00 +0800", "财经", ""),
}


@pytest.mark.parametrize(
    ("permalink", "urls"),
    [  # each list is what a Jekyll 4.3.1 build published
        ("/:slug/", ["/a-b-c/", "/my-slug/", "/nw2024/", "/test-slug/", "/中文标题/"]),
        (
            "/:slugified_categories/:name:output_ext",
            [
                "/kuaixun/2024-04-02-a-b-c.html",
                "/kuaixun/2024-04-03-nw2024.html",
                "/kuaixun/2024-04-04-x.html",
                "/market-news/a-b/2024-04-01-test-slug.html",
                "/财经/2024-04-05-中文标题.html",
            ],
        ),
        (
            "/:w_year/:w_day/:title:output_ext",
            [
                "/2024/1/Test_Slug.html",
                "/2024/2/a.b.c.html",
                "/2024/4/My-Slug!.html",
                "/2024/5/中文标题.html",
                "/2025/1/NW2024.html",
            ],
        ),
    ],
)
def test_slug_name_and_week_placeholders_fill_as_jekyll_fills_them(
    example: Path, permalink: str, urls: list[str]
) -> None:
    for post in (example / "_posts").iterdir():
        post.unlink()
    for name, (date, categories, extra) in PLACEHOLDER_POSTS.items():
        (example / "_posts" / name).write_text(
            f"---\nlayout: post\ntitle: t\ndate: {date}\ncategories: {categories}\ntags: x\n"
            f"{extra}---\nbody\n",
            encoding="utf-8",
        )
    with (example / "_config.yml").open("a", encoding="utf-8") as config:
        config.write(f"permalink: {permalink}\n")
    assert sorted(post.url for post in Site(example).posts) == urls


def test_without_a_site_timezone_posts_are_filed_in_utc(example: Path) -> None:
    """Jekyll then uses the build machine's zone; on a UTC machine a Jekyll 4.3.1 build put
    `2024-04-01 07:30:00 +0800` under March 31st and a quoted local time on its own day."""
    config = example / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("timezone: Asia/Shanghai\n", ""),
        encoding="utf-8",
    )
    for post in (example / "_posts").iterdir():
        post.unlink()
    for name, date in (("early", "2024-04-01 07:30:00 +0800"), ("quoted", '"2024-04-01 23:30:00"')):
        (example / "_posts" / f"2024-04-01-{name}.md").write_text(
            f"---\nlayout: post\ntitle: t\ndate: {date}\ncategories: kuaixun\ntags: x\n---\nx\n",
            encoding="utf-8",
        )
    assert sorted(post.url for post in Site(example).posts) == [
        "/kuaixun/2024/03/31/early.html",
        "/kuaixun/2024/04/01/quoted.html",
    ]


#: Names and front matter Jekyll reads in its own way (file name: front matter lines).
EDGE_POSTS = {
    "22-02-11-short-year.md": "categories: kuaixun",
    "2022-2-1-single-digits.md": "categories: kuaixun",
    "2022-02-11-trail..md": "categories: kuaixun",
    "2022-02-11-a.b.md": "categories: kuaixun",
    "2022-02-11-htm-post.htm": "categories: kuaixun",
    "2022-02-11-mkd-post.mkd": "categories: kuaixun",
    "2022-02-11-upper.MD": "categories: kuaixun",
    "2022-02-11-dots.md": 'categories: "..  x"',
    "2022-02-11-evening.md": "date: 2022-02-11 23:30:00 -0500\ncategories: kuaixun",
    "2022-02-11-number.md": "categories: 2022",
    "2022-02-11-bad-yaml.md": 'categories: kuaixun\nsubtitle: "央行"降准',
}
EDGE_PAGES = {
    "htm-page.htm": "",
    "mkd-page.mkd": "",
    "no-slash.md": "permalink: /no-slash",
    "sub/index.markdown": "",
}


def test_names_and_suffixes_publish_where_jekyll_publishes_them(example: Path) -> None:
    """A Jekyll 4.3.1 build of these posts and pages (tests/data/README.md): a two-digit
    year is 20xx, trailing dots leave the slug, `..` in a URL becomes `/`, .mkd is
    Markdown and .htm stays .htm. `categories: 2022` and invalid YAML make Jekyll drop the
    front matter (it files the post under the build's date, by its whole file name): the
    model gives them no URL."""
    for post in (example / "_posts").iterdir():
        post.unlink()
    for name, lines in EDGE_POSTS.items():
        (example / "_posts" / name).write_text(
            f"---\nlayout: post\ntitle: t\n{lines}\n---\nbody\n", encoding="utf-8"
        )
    for name, lines in EDGE_PAGES.items():
        (example / name).parent.mkdir(exist_ok=True)
        (example / name).write_text(f"---\ntitle: p\n{lines}\n---\nx\n", encoding="utf-8")
    site = Site(example)
    # Jekyll writes the page whose permalink has no extension to no-slash.html
    published = (published_files(site) - {"/no-slash"}) | {"/no-slash.html"}
    assert published == jekyll_files("jekyll-4.3.1-edge-names-urls.txt")
    assert site.url_exists("/no-slash") and site.url_exists("/no-slash.html")
    dropped = [post for post in site.posts if post.relpath.endswith(("number.md", "yaml.md"))]
    assert [(post.url, post.title, post.categories) for post in dropped] == [(None, None, [])] * 2


def test_categories_split_on_ascii_whitespace_only_as_ruby_splits() -> None:
    """Ruby's String#split (Jekyll's) keeps U+3000 and U+00A0 inside a word."""
    from finews_lint.jekyllfields import categories_of

    assert categories_of({"categories": "a b\tc"}) == ["a", "b", "c"]
    assert categories_of({"categories": "大众\u3000日报 x\u00a0y"}) == [
        "大众\u3000日报",
        "x\u00a0y",
    ]


@pytest.mark.parametrize(
    ("name", "pretty", "default"),
    [  # Jekyll 4.3.1's Utils.slugify(name, mode: "pretty", cased: true) and slugify(name)
        ("a①b²c٣d_e", "a-b-c٣d_e", "a-b-c٣d-e"),
        ("My Slug!.x", "My-Slug!.x", "my-slug-x"),
        ("中文 标题-x", "中文-标题-x", "中文-标题-x"),
        ("-a-", "a", "a"),
        ("Test_Slug", "Test_Slug", "test-slug"),
    ],
)
def test_slugs_keep_what_ruby_s_letter_and_digit_classes_keep(
    name: str, pretty: str, default: str
) -> None:
    from finews_lint.permalink import slugify, slugify_default

    assert (slugify(name), slugify_default(name)) == (pretty, default)


def test_front_matter_jekyll_cannot_read_leaves_the_post_no_url_a_block_never_closed_does(
    example: Path,
) -> None:
    """Jekyll 4.3.1: a list or a lone word as front matter is "could not read file": the post
    goes under the build's date (/2026/11/27/2022-02-11-list.html); a block never closed is
    no front matter, and the post is dated by its name (/2022/02/11/open.html)."""
    for post in (example / "_posts").iterdir():
        post.unlink()
    written = {"list": "---\n- a\n- b\n---\nbody\n", "scalar": "---\nhello\n---\nbody\n"}
    written["open"] = "---\nlayout: post\n"
    for name, text in written.items():
        (example / "_posts" / f"2022-02-11-{name}.md").write_text(text, encoding="utf-8")
    site = Site(example)
    assert {post.relpath: post.url for post in site.posts} == {
        "_posts/2022-02-11-list.md": None,
        "_posts/2022-02-11-open.md": "/2022/02/11/open.html",
        "_posts/2022-02-11-scalar.md": None,
    }
