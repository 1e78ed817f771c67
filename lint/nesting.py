"""How the body's elements nest, without building the lxml tree.

:class:`~finews_lint.tree.SourceTree` repairs mis-nested markup the simple way: an end
tag closes the nearest open element of its name and everything opened inside it, an
end tag with nothing to close is ignored, void and self-closed elements hold nothing.
This walks the tags with the same rules and only a stack of names, for rules that need
an element's ancestors but not its text (a tree costs more than the rest of a post's
lint). Both honour one implied end tag: a ``<p>`` ends a paragraph left open before it
(:func:`paragraph_left_open`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .body import Body, Tag

_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def element_name(tag_name: str) -> str:
    """The element name a tag gets in the tree (``unknown`` when XML cannot name it)."""
    name = tag_name.replace(":", "-")
    return name if _XML_NAME.match(name) else "unknown"


def start_tags_with_ancestors(body: Body) -> Iterator[tuple[Tag, str, list[str], int]]:
    """Each start tag, its element name, the names of its open ancestors (outermost first)
    and the start offset of its parent (-1 for a child of the body itself).

    The list is the walk's own stack: read it before asking for the next tag.
    """
    stack: list[str] = []
    starts: list[int] = []
    for tag in body.tags:
        name = element_name(tag.name)
        if tag.is_end:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth] == name:
                    del stack[depth:], starts[depth:]
                    break
            continue
        if name == "p":
            left_open = paragraph_left_open(body, stack, starts)
            if left_open is not None:
                del stack[left_open:], starts[left_open:]
        yield tag, name, stack, starts[-1] if starts else -1
        if not (tag.is_void or tag.self_closing):
            stack.append(name)
            starts.append(tag.start)


# Where HTML stops looking for an open <p> to close ("button scope").
_SCOPE_BOUNDARIES = frozenset(
    ["applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th"]
)


def paragraph_left_open(body: Body, names: Sequence[str], starts: Sequence[int]) -> int | None:
    """Where a new ``<p>`` ends the open elements: at the depth of a ``<p>`` open before
    it that no ``</p>`` of its own ever closes, as a browser ends it (a lost ``</p>`` does
    not put the rest of the article inside that paragraph); None otherwise. A ``<p>``
    that its own ``</p>`` closes later keeps the new one inside (HT008 reports that)."""
    for depth in range(len(names) - 1, -1, -1):
        if names[depth] == "p":
            return None if starts[depth] in closed_by_own_end_tag(body) else depth
        if names[depth] in _SCOPE_BOUNDARIES:
            return None
    return None


def closed_by_own_end_tag(body: Body) -> set[int]:
    """The start offsets of the elements an end tag of their own name closes (``</p>``),
    not only an outer element's end or the body's (once per body)."""
    return body.memo(closed_by_own_end_tag, lambda: _closed_by_own_end_tag(body))


def _closed_by_own_end_tag(body: Body) -> set[int]:
    closed: set[int] = set()
    stack: list[tuple[str, int]] = []
    for tag in body.tags:
        name = element_name(tag.name)
        if tag.is_end:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    closed.add(stack[depth][1])
                    del stack[depth:]
                    break
        elif not (tag.is_void or tag.self_closing):
            stack.append((name, tag.start))
    return closed
