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
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .body import Body, Tag

#: A name lxml accepts for an element or an attribute (it refuses others).
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_ELEMENT_NAMES: dict[str, str] = {}  # tag name -> element name, as worked out before


def element_name(tag_name: str) -> str:
    """The element name a tag gets in the tree (``unknown`` when XML cannot name it)."""
    name = _ELEMENT_NAMES.get(tag_name)
    if name is None:
        name = tag_name.replace(":", "-")
        name = name if XML_NAME.match(name) else "unknown"
        if len(_ELEMENT_NAMES) < 4096:  # a hostile post's made-up names do not grow it forever
            _ELEMENT_NAMES[tag_name] = name
    return name


class OpenElements:
    """The names of the open elements, outermost first, and the offsets of their start
    tags, that know where each name was last opened: finding the innermost open element of
    a name costs the same however deep the nesting. A hostile post that opens 50,000
    ``<div>`` and then closes ``<span>`` that were never open made each of those end tags
    walk the whole stack."""

    __slots__ = ("_depths", "names", "starts")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.starts: list[int] = []
        self._depths: dict[str, list[int]] = {}  # name -> the depths it is open at

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __getitem__(self, depth: int) -> str:
        return self.names[depth]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._depths.get(name))

    def open(self, name: str, start: int) -> None:
        """Open an element of ``name`` whose start tag is at offset ``start``."""
        depths = self._depths.get(name)
        if depths is None:
            self._depths[name] = [len(self.names)]
        else:
            depths.append(len(self.names))
        self.names.append(name)
        self.starts.append(start)

    def innermost(self, name: str) -> int | None:
        """The depth of the innermost open element of ``name``, or None."""
        depths = self._depths.get(name)
        return depths[-1] if depths else None

    def innermost_of(self, names: frozenset[str]) -> int:
        """The depth of the innermost open element of any of ``names``, or -1."""
        depths = self._depths
        found = -1
        for name in names:
            at = depths.get(name)
            if at and at[-1] > found:
                found = at[-1]
        return found

    def close_from(self, depth: int) -> None:
        """Close the element at ``depth`` and everything opened inside it."""
        names, depths = self.names, self._depths
        for at in range(len(names) - 1, depth - 1, -1):
            depths[names[at]].pop()
        del names[depth:], self.starts[depth:]


def start_tags_with_ancestors(body: Body) -> Iterator[tuple[Tag, str, OpenElements, int]]:
    """Each start tag, its element name, its open ancestors (outermost first) and the start
    offset of its parent (-1 for a child of the body itself).

    The ancestors are the walk's own stack: read them before asking for the next tag.
    """
    stack = OpenElements()
    for tag in body.tags:
        name = element_name(tag.name)
        if tag.is_end:
            depth = stack.innermost(name)
            if depth is not None:
                stack.close_from(depth)
            continue
        if name == "p":
            left_open = paragraph_left_open(body, stack)
            if left_open is not None:
                stack.close_from(left_open)
        yield tag, name, stack, stack.starts[-1] if stack.starts else -1
        if not (tag.is_void or tag.self_closing):
            stack.open(name, tag.start)


# Where HTML stops looking for an open <p> to close ("button scope").
_SCOPE_BOUNDARIES = frozenset(
    ["applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th"]
)


def paragraph_left_open(body: Body, stack: OpenElements) -> int | None:
    """Where a new ``<p>`` ends the open elements: at the depth of a ``<p>`` open before
    it that no ``</p>`` of its own ever closes, as a browser ends it (a lost ``</p>`` does
    not put the rest of the article inside that paragraph); None otherwise. A ``<p>``
    that its own ``</p>`` closes later keeps the new one inside (HT008 reports that)."""
    depth = stack.innermost("p")
    if depth is None or stack.innermost_of(_SCOPE_BOUNDARIES) > depth:
        return None
    return None if stack.starts[depth] in closed_by_own_end_tag(body) else depth


def closed_by_own_end_tag(body: Body) -> set[int]:
    """The start offsets of the elements an end tag of their own name closes (``</p>``),
    not only an outer element's end or the body's (once per body)."""
    return body.memo(closed_by_own_end_tag, lambda: _closed_by_own_end_tag(body))


def _closed_by_own_end_tag(body: Body) -> set[int]:
    closed: set[int] = set()
    stack = OpenElements()
    for tag in body.tags:
        name = element_name(tag.name)
        if tag.is_end:
            depth = stack.innermost(name)
            if depth is not None:
                closed.add(stack.starts[depth])
                stack.close_from(depth)
        elif not (tag.is_void or tag.self_closing):
            stack.open(name, tag.start)
    return closed
