"""Markup broken before its tags can be balanced: an attribute value that lost its closing
quote (it swallows the text and tags up to the next quote), a tag that lost its ``>``,
and a comment never closed (kramdown prints ``<!--`` and the rest of its paragraph as
text). HT001 reports them.
"""

from __future__ import annotations

import re

from .diagnostic import Fix, Problem
from .document import Document

#: A start tag whose quoted attribute value meets a ``>`` before its closing quote.
_OPEN_VALUE = re.compile(
    r"""<(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:\s+[^\s"'>/=<]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'=<>`]+))?)*
    \s+(?P<attribute>[^\s"'>/=<]+)\s*=\s*(?P<quote>["'])(?P<value>[^"'<>\r\n]*)>""",
    re.VERBOSE,
)


def runaway_attribute(doc: Document) -> Problem | None:
    """The first start tag whose quoted attribute value has no closing quote before markup
    (``<p class="x>text</p><p class="y">``): the value runs on to the next quote of its
    kind, and the browser hides the text and tags in between."""
    text, body = doc.text, doc.body
    if '="' not in text and "='" not in text:
        return None
    for match in _OPEN_VALUE.finditer(text, body.start):
        if body.is_opaque(match.start()):
            continue
        quote = match.group("quote")
        closing = text.find(quote, match.end())
        if closing < 0 or "<" not in text[match.end() : closing]:
            continue
        name, attribute = match.group("name").lower(), match.group("attribute").lower()
        meant_end = match.end() - 1
        return Problem(
            match.start("attribute"),
            meant_end,
            f"the value of {attribute}= on <{name}> has no closing {quote}: it runs on to"
            f" {doc.lines.where(closing)}, and the browser hides the text and tags in between",
            Fix.replace(
                meant_end,
                meant_end,
                quote,
                safe=False,
                description="close the value before the first >",
                changes_visible_text=True,
            ),
        )
    return None


def unclosed_comment(doc: Document) -> Problem | None:
    """The first ``<!--`` that no ``-->`` closes (closed comments are opaque spans)."""
    text, body = doc.text, doc.body
    at = text.find("<!--", body.start)
    while at >= 0:
        if not body.is_opaque(at):
            return Problem(
                at,
                at + 4,
                "comment is never closed: kramdown publishes `<!--` and the rest of its"
                " paragraph as text (close it with `-->`)",
            )
        at = text.find("<!--", at + 4)
    return None


def unterminated_tags(doc: Document) -> list[Problem]:
    """Tags that lost their ``>`` (``<strong加速``, ``</strong</p>``, ``</p`` at the end of
    a line): the browser reads what follows, up to the next ``>``, as part of the tag, so
    the text in between is lost and the element is never opened or closed. The fix ends
    the tag where its name and attributes end, as it was evidently meant to."""
    text = doc.text
    problems = []
    for span in doc.body.opaque:
        if span.kind != "broken-tag":
            continue
        written = text[span.start : span.end]
        problems.append(
            Problem(
                span.start,
                span.end,
                f"the tag {written} has no closing >: the browser reads what follows, up to"
                " the next >, as part of the tag",
                Fix.replace(span.end, span.end, ">", description=f"close {written} with >"),
            )
        )
    return problems
