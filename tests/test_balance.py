"""HT001's balance finds what the plain stack walk finds, however the tags come.

`check_balance` keeps an index of open elements by name and settles out-of-order end
tags at the end, so that deep nesting costs no more than shallow. The walk below is the
rule as it reads: an end tag closes the innermost open element of its name, the
elements open inside it are left behind (and stay open), and an end tag that left
behind elements some later end tag of their own closed came too early. The two must
agree on every sequence of tags.
"""

from __future__ import annotations

import time

from finews_lint.balance import IMPLIED_END, Imbalance, check_balance, signature
from finews_lint.body import Body, Tag
from hypothesis import given, settings
from hypothesis import strategies as st


def _walked(tags: list[Tag], optional_end_tags: bool) -> list[Imbalance]:
    found: list[Imbalance] = []
    stack: list[list] = []  # [tag, the end tag that left it behind]
    early: list[tuple[Tag, list[list]]] = []  # end tags that left elements behind, and those
    closed_late: dict[int, Tag] = {}  # start of an element left behind -> its own end tag
    for tag in tags:
        if tag.is_void or tag.self_closing:
            continue
        if not tag.is_end:
            while (
                optional_end_tags and stack and tag.name in IMPLIED_END.get(stack[-1][0].name, ())
            ):
                stack.pop()
            stack.append([tag, None])
            continue
        depth = next(
            (d for d in range(len(stack) - 1, -1, -1) if stack[d][0].name == tag.name), None
        )
        if depth is None:
            found.append(Imbalance("stray", tag))
            continue
        inside = stack[depth + 1 :]
        if optional_end_tags:
            inside = [entry for entry in inside if entry[0].name not in IMPLIED_END]
        if stack[depth][1] is not None:
            closed_late[stack[depth][0].start] = tag
        del stack[depth:]
        for entry in inside:
            entry[1] = entry[1] or tag
        stack.extend(inside)
        if inside:
            early.append((tag, list(inside)))
    for opened, left_by in stack:
        if not (optional_end_tags and opened.name in IMPLIED_END):
            found.append(Imbalance("unclosed", opened, parent_end=left_by))
    for end, inside in early:
        late = [entry[0] for entry in inside if entry[0].start in closed_late]
        if late:
            found.append(Imbalance("misnested", end, late[-1], closed_late[late[-1].start]))
    found.sort(key=lambda item: item.tag.start)
    return found


_PAIRED = ("p", "div", "b", "i", "a", "li", "ul", "tr", "table")
_TAGS = st.sampled_from(
    [f"<{name}>" for name in _PAIRED]
    + [f"</{name}>" for name in _PAIRED]
    + ["<td>", "<dt>", "<dd>", "<option>", "<br>", "</br>", "<img/>", "<span/>", "x"]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_TAGS, max_size=40), optional_end_tags=st.booleans())
def test_the_index_finds_what_the_stack_walk_finds(
    pieces: list[str], optional_end_tags: bool
) -> None:
    tags = Body.parse("".join(pieces), 0).tags
    assert check_balance(tags, optional_end_tags) == _walked(tags, optional_end_tags)


def test_an_end_tag_that_left_two_elements_behind_names_the_innermost_closed_later() -> None:
    text = "<div><b><i></div></i></b>"
    (problem,) = check_balance(Body.parse(text, 0).tags)
    assert problem.kind == "misnested"
    assert (problem.tag.start, problem.expected.start, problem.expected_end.start) == (  # type: ignore[union-attr]
        text.index("</div>"),
        text.index("<i>"),
        text.index("</i>"),
    )


def test_a_liquid_branch_of_stray_end_tags_under_deep_nesting_is_read_once() -> None:
    """What a Liquid branch closes and leaves open: each `</span>` used to look for its
    element through all 40,000 open `<div>` (~10 s); now the open elements know their names."""
    tags = Body.parse("<div>" * 40_000 + "</span>" * 40_000, 0).tags
    started = time.monotonic()
    assert signature(tags) == (("span",) * 40_000, ("div",) * 40_000)
    assert time.monotonic() - started < 5
