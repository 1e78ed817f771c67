"""Rules that skip the lxml tree when it cannot matter find exactly what the tree finds.

The nesting walk gives every element the ancestors the tree gives it; the empty
paragraph and hidden content rules' pre-checks never skip a post the tree would flag.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from finews_lint.body import Body
from finews_lint.nesting import start_tags_with_ancestors
from finews_lint.rules import empty_paragraph, hidden_content
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import SAMPLE


def _walk(body: Body) -> list[tuple[int, list[str]]]:
    return [
        (tag.start, list(ancestors))
        for tag, _name, ancestors, _parent in start_tags_with_ancestors(body)
    ]


def _tree(body: Body) -> list[tuple[int, list[str]]]:
    tree = body.tree
    found = []
    for element in tree.iter():
        names = [a.tag for a in element.iterancestors()][::-1][
            1:
        ]  # outermost first, without <body>
        found.append((tree.start_tag(element).start, names))
    return found


def test_the_sample_nests_the_same_without_the_tree() -> None:
    for path in sorted((SAMPLE / "_posts").glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        body = Body.parse(text, 0)
        assert _walk(body) == _tree(body), path.name


_PIECES = st.sampled_from(
    [
        "<p>",
        "<p >",
        "<p>&nbsp;",
        "<p>\x01",
        "<p><br>",
        "<p>{{ x }}",
        " ",
        "<p hidden>",
        "<b style='display:none'>",
        "<p style='a'>",
        "</p>",
        "<div>",
        "</div>",
        "<a href=x>",
        "</a>",
        "<span>",
        "</span>",
        "<br>",
        "<img/>",
        "<ul><li>",
        "</li></ul>",
        "</b>",
        "<x:y>",
        "<9>",
        "text",
        "<!-- c -->",
        "{% raw %}",
        "\n\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25))
def test_mis_nested_markup_nests_the_same_without_the_tree(pieces: list[str]) -> None:
    body = Body.parse("".join(pieces), 0)
    assert _walk(body) == _tree(body)


def _problems(rule: object, text: str) -> list[tuple[int, int, str]]:
    doc = SimpleNamespace(body=Body.parse(text, 0), text=text)
    return [(p.start, p.end, p.message) for p in rule.check(doc, None)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("rule", "shortcut"),
    [(empty_paragraph, "_may_have_empty_paragraph"), (hidden_content, "_may_hide")],
)
@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_the_rule_finds_the_same_with_or_without_its_shortcut(
    rule: object, shortcut: str, pieces: list[str]
) -> None:
    text = "".join(pieces)
    quick = _problems(rule, text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rule, shortcut, lambda body: True)
        assert _problems(rule, text) == quick
