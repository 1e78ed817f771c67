"""Markup broken before its tags can be balanced: an attribute value that lost its closing
quote (it swallows the text and tags up to the next quote), a tag that lost its ``>``,
and a comment never closed (kramdown prints ``<!--`` and the rest of its paragraph as
text). HT001 reports them.
"""

from __future__ import annotations

import re

from .body import ARTICLE_ELEMENTS, ATTRIBUTE, BLOCK_ELEMENTS, VOID_ELEMENTS, Body
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
        name, attribute = match.group("name").lower(), match.group("attribute").lower()
        meant_end = match.end() - 1
        if closing < 0:
            return _never_closed_value(doc, match, name, attribute, quote)
        if "<" not in text[match.end() : closing]:
            continue
        return Problem(
            match.start("attribute"),
            meant_end,
            f"the value of {attribute}= on <{name}> has no closing {quote}: it runs on to"
            f" {doc.lines.where(closing)}, and the browser hides the text and tags in between",
            None
            if _silences_markdown(text, match.start(), name)
            else Fix.replace(
                meant_end,
                meant_end,
                quote,
                safe=False,
                description="close the value before the first >",
                changes_visible_text=True,
            ),
        )
    return None


def _never_closed_value(
    doc: Document, match: re.Match[str], name: str, attribute: str, quote: str
) -> Problem:
    """``<p class="em_media>（文章来源：大众日报）</p>``, with no quote of its kind after it:
    kramdown does not take it for a tag and publishes it as text (its end tag then closes
    nothing). No value can run on to the end of the post, so the quote was surely meant
    before the ``>``: the fix is safe, unless the tag then starts an HTML block in which
    the paragraph's Markdown would show as written (see :func:`_silences_markdown`)."""
    meant_end = match.end() - 1
    written = doc.text[match.start() : match.end()]
    unpaired = "" if name in VOID_ELEMENTS else ", and the end tag meant for it closes nothing"
    return Problem(
        match.start("attribute"),
        meant_end,
        f"the value of {attribute}= on <{name}> has no closing {quote}: kramdown publishes"
        f" {written} as text{unpaired}",
        None
        if _silences_markdown(doc.text, match.start(), name)
        else Fix.replace(
            meant_end,
            meant_end,
            quote,
            description="close the value before the >",
            changes_visible_text=True,
        ),
    )


#: Markdown that kramdown shows as written inside an HTML block: a link, an image,
#: emphasis, a code span.
_MARKDOWN = re.compile(r"\]\(|\]\[|!\[|\*\*|__|(?<![\w*])\*(?=[^\s*])|`")


def _silences_markdown(text: str, start: int, name: str) -> bool:
    """Whether a repaired tag at ``start`` would begin an HTML block (a block element's
    tag at the start of a line, after at most three spaces) whose paragraph holds
    Markdown: kramdown read the paragraph as Markdown while the tag was text, and would
    show its links and emphasis as written once the tag is one. Such a tag is not fixed."""
    line_start = text.rfind("\n", 0, start) + 1
    if name not in BLOCK_ELEMENTS or start - line_start > 3 or text[line_start:start].strip():
        return False
    end = text.find("\n\n", start)
    return _MARKDOWN.search(text, start, len(text) if end < 0 else end) is not None


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


#: ``< p>``, ``< /p>``, ``</ p>``: a tag with whitespace after its ``<`` or ``</``, then a
#: name and attributes as a tag has them (``a < b 时`` is a comparison, not this).
_SPACED_TAG = re.compile(
    rf"""<(?:(?P<space>[ \t]+)/?|/(?P<after_slash>[ \t]+))(?P<name>[a-z][a-z0-9]*)
    (?:[ \t]+{ATTRIBUTE})*/?>""",
    re.VERBOSE,
)


def _among_tags(text: str, start: int, end: int) -> bool:
    """Whether the text at ``start:end`` stands where a tag would: right after another tag
    or at the start of a line, or right before another tag or the end of a line."""
    at = start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at == 0 or text[at - 1] in ">\n" or text[end : end + 1] in ("<", "\n", "\r", "")


def _in_html(body: Body, match: re.Match[str]) -> bool:
    """Whether a spaced tag stands inside an HTML block (``<p>正文< p>第二段</p>``): raw
    HTML, where ``< p>`` among the text is a tag gone wrong, not a comparison."""
    block = body.block_at(match.start())
    return block is not None and block.kind == "html"


def spaced_tags(doc: Document) -> list[Problem]:
    """Tags written with a space after ``<`` or ``</`` (``< p>``, ``</ p>``): kramdown
    publishes them as text (``&lt; p&gt;``), which the page shows, and the paragraph they
    meant to open or close is left unbalanced. The fix removes the space."""
    text, body = doc.text, doc.body
    if "< " not in text and "</ " not in text and "<\t" not in text:
        return []
    problems = []
    for match in _SPACED_TAG.finditer(text, body.start):
        if (
            match.group("name") not in ARTICLE_ELEMENTS
            or body.is_opaque(match.start())
            or not (_among_tags(text, match.start(), match.end()) or _in_html(body, match))
        ):
            continue
        start, end = match.span("space" if match.group("space") is not None else "after_slash")
        written = match.group(0)
        meant = text[match.start() : start] + text[end : match.end()]
        silences = _silences_markdown(text, match.start(), match.group("name"))
        problems.append(
            Problem(
                match.start(),
                match.end(),
                f"{written} is no tag: with a space after < kramdown publishes it as text;"
                f" write {meant}",
                None
                if silences
                else Fix.replace(
                    start, end, "", description=f"write {meant}", changes_visible_text=True
                ),
            )
        )
    return problems


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


#: XML's name characters, which kramdown (through REXML) allows in a tag's name: Chinese
#: characters and full-width punctuation among them.
_NAME_START = (
    "A-Za-z_:\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME = rf"[{_NAME_START}][{_NAME_START}\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
#: A tag as kramdown reads one (its HTML_TAG_RE), whose name is not plain ASCII.
_WORDS_AS_TAG = re.compile(
    rf"""<(?P<close>/)?(?P<name>{_NAME})
    (?:\s+{_NAME}(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>'"]+))?)*\s*/?>""",
    re.VERBOSE,
)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_MAYBE = re.compile(r"</?[A-Za-z_:]*[^\x00-\x7f]")


def words_read_as_tags(doc: Document) -> list[Problem]:
    """Words in angle brackets, as scraped text writes titles (``<一带一路>`` for
    《一带一路》): kramdown takes them for an element named 一带一路, so the page loses the
    words, and in an HTML block the element, never closed, runs to the end of the post (the
    source link and return links are published as text). The fix escapes the ``<``."""
    text, body = doc.text, doc.body
    if _MAYBE.search(text, body.start) is None:
        return []
    problems = []
    for match in _WORDS_AS_TAG.finditer(text, body.start):
        name = match.group("name")
        if _NOT_ASCII.search(name) is None or body.is_opaque(match.start()):
            continue
        if body.in_tag(match.start()):
            continue  # in an attribute's value: `<img alt="<图>">`
        block = body.block_at(match.start())
        in_html = block is not None and block.kind == "html"
        closed = match.group("close") or text.find(f"</{name}>", match.end()) >= 0
        effect = (
            "the element runs to the end of the post, and the source link and return links"
            " after it are published as text"
            if in_html and not closed
            else "the page does not show them"
        )
        problems.append(
            Problem(
                match.start(),
                match.end(),
                f"{match.group(0)} is read by kramdown as an element named {name}, not as"
                f" text: {effect}; write &lt; for its <",
                Fix.replace(
                    match.start(),
                    match.start() + 1,
                    "&lt;",
                    description="write &lt; for <",
                    changes_visible_text=True,
                ),
            )
        )
    return problems
