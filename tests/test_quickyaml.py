"""The fast reader of flat front matter gives exactly what the YAML loader gives, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_lint.frontmatter import find_block
from finews_lint.frontmatter import parse as parse_front_matter
from finews_lint.quickyaml import read_flat
from tests.helpers import EXAMPLE_SITE, SAMPLE


def _yaml(source: str) -> dict | None:
    fm = parse_front_matter("---\n" + source + "---\n")
    return fm.data if fm is not None and fm.ok else None


def _as_strings(data: dict) -> dict:
    return {k: (None if v is None else [str(i) for i in v] if isinstance(v, list) else str(v)) for k, v in data.items()}


def _sources() -> list[str]:
    found = []
    for folder in (SAMPLE, EXAMPLE_SITE):
        for path in sorted(folder.rglob("*.md")) + sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            block = find_block(text)
            if block is not None and block[1] >= 0:
                found.append(text[block[0] : block[1]])
    return found


@pytest.mark.parametrize("source", _sources())
def test_real_front_matter_reads_the_same_as_yaml(source: str) -> None:
    quick = read_flat(source)
    expected = _yaml(source)
    if quick is not None:
        assert expected is not None and quick == _as_strings(expected)


def test_most_real_front_matter_takes_the_fast_path() -> None:
    sources = _sources()
    assert sum(read_flat(s) is not None for s in sources) >= len(sources) * 0.9


@pytest.mark.parametrize(
    "source",
    [
        "title: yes\n",  # a boolean to YAML
        "title: 123\n",  # a number
        "title: ~\n",  # null
        "title: a # comment\n",
        "title: a: b\n",
        "title: ends with:\n",
        'title: "escaped \\" quote"\n',
        "title: 'it''s'\n",
        "tags:\n  - a\n  - b\n",
        "title: &a x\nother: *a\n",
        "title: !!str x\n",
        "title: a\ntitle: b\n",
        "categories: [a, 1]\n",
        "title: |\n  block\n",
        "title: 1e5\n",
        "title: 12:30\n",
    ],
)
def test_anything_not_plainly_a_string_is_left_to_yaml(source: str) -> None:
    assert read_flat(source) is None


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
    assert _as_strings(_yaml(source) or {}) == read_flat(source)
