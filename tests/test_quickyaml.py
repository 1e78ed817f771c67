"""The fast reader of flat front matter gives exactly what the YAML loader gives, or declines."""

from __future__ import annotations

import pytest
from finews_lint.frontmatter import find_block
from finews_lint.frontmatter import parse as parse_front_matter
from finews_lint.quickyaml import read_flat
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLE_SITE, SAMPLE


def _yaml(source: str) -> dict | None:
    fm = parse_front_matter("---\n" + source + "---\n", fast=False)
    return fm.data if fm is not None and fm.ok else None


def _sources() -> list[str]:
    found = []
    for folder in (SAMPLE, EXAMPLE_SITE):
        for path in sorted(folder.rglob("*.md")) + sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            block = find_block(text)
            if block is not None and block[1] >= 0:
                found.append(text[block[0] : block[1]])
    return found


def _same_as_yaml(source: str) -> None:
    """Whenever the fast reader answers, data and every key and value span are YAML's."""
    text = "---\n" + source + "---\nbody\n"
    fast = parse_front_matter(text)
    slow = parse_front_matter(text, fast=False)
    assert fast is not None and slow is not None
    if read_flat(source) is None:
        return
    assert slow.ok, source
    assert fast.data == slow.data
    assert {k: type(v) for k, v in fast.data.items()} == {k: type(v) for k, v in slow.data.items()}
    assert fast.keys == slow.keys
    assert fast.values == slow.values


@pytest.mark.parametrize("source", _sources())
def test_real_front_matter_reads_the_same_as_yaml(source: str) -> None:
    _same_as_yaml(source)


def test_most_real_front_matter_takes_the_fast_path() -> None:
    sources = _sources()
    assert sum(read_flat(s) is not None for s in sources) >= len(sources) * 0.9


@pytest.mark.parametrize(
    "source",
    [
        "title: yes\n",  # a boolean to YAML
        "title: 0123\n",  # an octal number
        "title: 0b101\n",  # a binary number
        "title: -0x1F\n",
        "title: 1_000.5_0\n",  # a float
        "title: =\n",  # YAML 1.1's value key
        "title: ~\n",  # null
        "yes: title\n",  # a boolean key
        "null: title\n",
        "title: a # comment\n",
        "title: a: b\n",
        "title: a:\tb\n",
        "title: ends with:\n",
        'title: "escaped \\" quote"\n',
        "title: 'it''s'\n",
        "tags:\n  - a\n  - b\n",
        "title: &a x\nother: *a\n",
        "title: !!str x\n",
        "title: a\ntitle: b\n",
        "categories: [a, 1]\n",
        "title: |\n  block\n",
        "title: 12:30\n",
        "title: a\rb: c\n",  # a lone carriage return is a line break to YAML
        "title: a\u2028b\n",
        "\u3000\ntitle: a\n",  # an ideographic space is not YAML white space
    ],
)
def test_anything_not_plainly_a_string_is_left_to_yaml(source: str) -> None:
    assert read_flat(source) is None
    _same_as_yaml(source)


def test_flat_values_and_lists() -> None:
    source = 'layout: post\ntitle: "山东：数字"\ndate: 2021-12-08 10:39:01\ncategories: [a, b c]\ntags:\nslug: x\n'
    assert read_flat(source) == {
        "layout": "post",
        "title": "山东：数字",
        "date": "2021-12-08 10:39:01",
        "categories": ["a", "b c"],
        "tags": None,
        "slug": "x",
    }
    _same_as_yaml(source)
    _same_as_yaml(source.replace("\n", "\r\n"))
    _same_as_yaml(source.replace(": ", ":\t  ").replace("\n", "  \n"))


@pytest.mark.parametrize("value, number", [("404", 404), ("-0", 0), ("+1_000", 1000), ("0", 0)])
def test_a_decimal_integer_is_read_as_yaml_reads_it(value: str, number: int) -> None:
    data = read_flat(f"title: {value}\n")  # a "404" page's title: no YAML parser needed
    assert data == {"title": number} and type(data["title"]) is int
    _same_as_yaml(f"title: {value}\n")


@pytest.mark.parametrize(
    "source",
    ["categories: [dazhongribao\u3000]\n", "categories: [\u00a0a, b]\n", "tags: [\u3000]\n"],
)
def test_a_full_width_or_no_break_space_stays_in_a_list_item_as_in_yaml(source: str) -> None:
    """YAML trims spaces and tabs around a flow list's items, not U+3000 or U+00A0: an item
    typed with an input method's space keeps it, and so does the category's URL."""
    _same_as_yaml(source)
    assert read_flat(source) in (None, _yaml(source))
    assert read_flat("categories: [dazhongribao\u3000]\n") == {"categories": ["dazhongribao\u3000"]}


def test_a_value_that_only_looks_like_a_number_is_a_string_as_in_yaml() -> None:
    assert read_flat("title: 1e5\n") == {"title": "1e5"}  # YAML 1.1 floats need a dot
    _same_as_yaml("title: 1e5\n")


_KEY = st.sampled_from(
    ["title", "date", "tags", "categories", "slug", "layout", "on", "x_y", "a-b", "Null"]
)
_VALUE = st.one_of(
    st.text(
        alphabet=st.sampled_from(list("ab 1:#-_.,[]{}'\"\\!&*|>%@`~=+\t\u3000山东：\u00a0\x85")),
        max_size=12,
    ),
    st.from_regex(r"\[[a-z1 ,\u3000\u00a0]{0,8}\]", fullmatch=True),
    st.from_regex(r"[\"'][a-z 山]{0,6}[\"']", fullmatch=True),
    st.sampled_from(
        [
            "2022-02-11 09:00:14 +0800",
            "0x1f",
            "0o17",
            "1:20",
            "-.inf",
            ".NaN",
            "No",
            "off",
            "",
            "404",
            "-12",
            "1_0",
            "010",
            "36Kr",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            _KEY,
            _VALUE,
            st.sampled_from([": ", ":", ":\t", " : "]),
            st.sampled_from(["\n", "\r\n", "  \n"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_generated_front_matter_reads_the_same_as_yaml(
    lines: list[tuple[str, str, str, str]],
) -> None:
    _same_as_yaml("".join(key + sep + value + end for key, value, sep, end in lines))


def _typed_scalars() -> st.SearchStrategy[str]:
    """Plain scalars each of the YAML loader's implicit resolvers reads as a non-string."""
    from finews_lint.frontmatter import implicit_resolvers

    patterns = {
        regexp.pattern: regexp
        for resolvers in implicit_resolvers().values()
        for _, regexp in resolvers
    }
    return st.one_of([st.from_regex(regexp, fullmatch=True) for regexp in patterns.values()])


@settings(max_examples=2000, deadline=None)
@given(_typed_scalars())
def test_every_value_yaml_types_is_left_to_yaml(value: str) -> None:
    """The YAML-free test that a plain value is a string never claims a value YAML would type."""
    from finews_lint.quickyaml import surely_string

    assert not surely_string(value), value


def test_titles_and_dates_with_a_time_need_no_yaml() -> None:
    from finews_lint.quickyaml import surely_string

    for value in (
        "央行发布公告",
        "2022-02-11 22:37:00 +0800",
        "post",
        "Asia/Shanghai",
        "yesterday",
    ):
        assert surely_string(value), value
