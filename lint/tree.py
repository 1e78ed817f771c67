"""The body's HTML as an lxml element tree whose elements know their source tags.

The tree is built from the body model's tags, not by parsing the text again: nothing
is fetched, no entity or DTD is resolved, and every element maps back to its exact
start tag (and end tag, when there is one) in the file. Mis-nested markup is repaired
the simple way: an end tag closes the nearest open element of its name and everything
opened inside it; an end tag with no open element is ignored. Text between tags is
the body's text with comments, Liquid and autolinks left out and entities decoded.
A ``<p>`` ends a paragraph left open before it that no ``</p>`` of its own closes, as
browsers end it. The root is a ``body`` element. An element gets the first
``MAX_ATTRIBUTES`` attributes of its tag (the rules that read attributes from the tag
itself, such as HT004, see them all).
"""

from __future__ import annotations

import bisect
import html
import re
from typing import TYPE_CHECKING

from lxml import etree
from lxml import html as lxml_html

from .nesting import XML_NAME, OpenElements, element_name, paragraph_left_open
from .record import record

if TYPE_CHECKING:
    from .body import Body, Tag

#: lxml's time to give an element its attributes grows with the square of their number
#: (50,000 on one tag: 9 s); no real tag comes near this many.
MAX_ATTRIBUTES = 1000


@record(frozen=True, slots=True)
class Located:
    start: Tag
    end: Tag | None


class SourceTree:
    """``root`` (an lxml ``body`` element) and where each element came from.

    The tree holds its elements' proxies in ``_alive`` only, in document order, which
    Python releases from the end: innermost first. lxml frees a proxy by walking up to the
    nearest ancestor that still has one, so proxies released outermost first (as a dict of
    them is) made 20,000 nested links walk up 20,000 times, ~1 s after the lint was done.
    """

    def __init__(self, body: Body) -> None:
        self.root = lxml_html.Element("body")
        self._where: dict[int, Located] = {}
        self._alive: list[etree._Element] = []  # keeps lxml proxies (and their ids) stable
        self._build(body)

    def start_tag(self, element: etree._Element) -> Tag:
        return self._where[id(element)].start

    def end_tag(self, element: etree._Element) -> Tag | None:
        return self._where[id(element)].end

    def span(self, element: etree._Element) -> tuple[int, int]:
        """Offsets from the start of the start tag to the end of the end tag (or start tag)."""
        located = self._where[id(element)]
        end = located.end.end if located.end is not None else located.start.end
        return located.start.start, end

    def iter(self, *names: str) -> list[etree._Element]:
        """Elements of the body (not the root), in document order, optionally by name."""
        return [el for el in self._alive if not names or el.tag in names]

    def _build(self, body: Body) -> None:
        stack = [self.root]
        position = body.start
        hidden = _merged(
            sorted(
                [
                    (s.start, s.end)
                    for s in body.opaque
                    if s.kind in ("liquid", "comment", "declaration")
                ]
                + [(a.start, a.end) for a in body.autolinks]
            )
        )
        # The last child of each open element: lxml's len() and [-1] walk every child,
        # which is quadratic on a body of 100,000 sibling paragraphs. Kept for the build
        # only: the tree must hold its elements in ``_alive`` alone, innermost last (see
        # the class).
        last_child: dict[int, etree._Element] = {}
        open_names = OpenElements()  # the open elements below the root, by name
        for tag in body.tags:
            _add_text(last_child, stack[-1], _text_between(body.text, position, tag.start, hidden))
            position = tag.end
            if tag.is_end:
                depth = open_names.innermost(element_name(tag.name))
                if depth is not None:
                    closed = stack[depth + 1]
                    self._where[id(closed)] = Located(self._where[id(closed)].start, tag)
                    open_names.close_from(depth)
                    del stack[depth + 1 :]
                continue
            name = element_name(tag.name)
            if name == "p":  # names are lower case
                depth = paragraph_left_open(body, open_names)
                if depth is not None:
                    open_names.close_from(depth)
                    del stack[depth + 1 :]
            attributes: dict[str, str] = {}  # given all at once: lxml's set reads those before
            for attribute in tag.attributes[:MAX_ATTRIBUTES]:
                if attribute.name not in attributes and XML_NAME.match(attribute.name):
                    attributes[attribute.name] = _xml_safe(attribute.value or "")
            element = etree.SubElement(stack[-1], name, attributes)
            last_child[id(stack[-1])] = element
            self._where[id(element)] = Located(tag, None)
            self._alive.append(element)
            if not (tag.is_void or tag.self_closing):
                stack.append(element)
                open_names.open(name, tag.start)
        _add_text(last_child, stack[-1], _text_between(body.text, position, len(body.text), hidden))


def _add_text(last_child: dict[int, etree._Element], parent: etree._Element, text: str) -> None:
    if not text:
        return
    last = last_child.get(id(parent))
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _merged(spans: list[tuple[int, int]]) -> _Hidden:
    """Sorted spans joined where they overlap, with their starts for bisection."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return _Hidden(joined, [start for start, _ in joined])


@record(frozen=True, slots=True)
class _Hidden:
    spans: list[tuple[int, int]]
    starts: list[int]


def _text_between(text: str, begin: int, end: int, hidden: _Hidden) -> str:
    if begin >= end:
        return ""
    pieces = []
    position = begin
    first = max(bisect.bisect_right(hidden.starts, begin) - 1, 0)  # only the spans that can touch
    for index in range(first, len(hidden.spans)):
        hide_start, hide_end = hidden.spans[index]
        if hide_start >= end:
            break
        if hide_end <= position:
            continue
        pieces.append(text[position:hide_start])
        position = max(position, hide_end)
    if position < end:
        pieces.append(text[position:end])
    return _xml_safe(html.unescape("".join(pieces)))


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    """lxml refuses control characters and lone surrogates; a reader never sees them."""
    return _CONTROL.sub("", value)
