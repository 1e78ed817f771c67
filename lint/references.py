"""Reference-style Markdown links, as kramdown reads them.

A definition ``[label]: URL "title"`` stands on a line of its own and shows nothing; a
link names it as ``[text][label]``, ``[text] [label]``, ``[label][]`` or just
``[label]``. Labels match case-insensitively with runs of whitespace made one space.
A reference whose label has no definition is text, and ``[^1]`` is a footnote.

:func:`definitions` finds the definitions outside the given code spans;
:func:`references` pairs each reference with its definition, so a link's target (and
the offsets a fix rewrites) is the URL on the definition's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

_DEFINITION = re.compile(
    r"""^[ ]{0,3}\[(?P<label>[^\n\]]+)\]:[ \t]*
    (?:<(?P<angled>[^>\n]*)>|(?P<bare>\S[^\n]*?))
    (?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\r?$""",
    re.MULTILINE | re.VERBOSE,
)
_REFERENCE = re.compile(
    r"(?P<image>!)?\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\](?:[ ]?\[(?P<label>[^\[\]\n]*)\])?"
)


class Definition(NamedTuple):
    label: str  # normalised
    target: str
    target_start: int
    start: int
    end: int


class Reference(NamedTuple):
    image: bool
    text: str
    start: int
    end: int
    definition: Definition


def normalise(label: str) -> str:
    return " ".join(label.split()).lower()


def definitions(text: str, start: int, inside_code: Callable[[int], bool]) -> list[Definition]:
    """The link definitions of ``text[start:]`` that are not inside code."""
    found = []
    for match in _DEFINITION.finditer(text, start):
        label = match.group("label")
        if label.startswith("^") or inside_code(match.start()):
            continue
        group = "angled" if match.group("angled") is not None else "bare"
        found.append(
            Definition(
                normalise(label), match.group(group), match.start(group), match.start(), match.end()
            )
        )
    return found


def references(
    text: str, start: int, known: list[Definition], skip: Callable[[int], bool]
) -> Iterator[Reference]:
    """The references of ``text[start:]`` to ``known`` definitions (the last of a label
    wins, as in kramdown), leaving out those that start where ``skip`` says."""
    by_label = {definition.label: definition for definition in known}
    at = text.find("[", start)
    while at >= 0:
        begin = at - 1 if at > start and text[at - 1] == "!" else at
        match = _REFERENCE.match(text, begin)
        if match is None or skip(begin) or text.startswith("(", match.end()):
            at = text.find("[", at + 1)
            continue
        label = match.group("label")
        named = by_label.get(normalise(label or match.group("text")))
        if named is None:
            at = text.find("[", at + 1)
            continue
        yield Reference(
            bool(match.group("image")), match.group("text"), match.start(), match.end(), named
        )
        at = text.find("[", match.end())
