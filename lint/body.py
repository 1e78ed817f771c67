"""The body model: a post's body split into what Markdown, HTML and Liquid make of it.

The body is parsed once per file into spans with exact offsets in the document's text:
fenced and indented code, code spans, Liquid tags and blocks, HTML comments, HTML tags
(with their attributes), Markdown autolinks (``<http://...>`` and the empty ``<>``),
Markdown links, and reference links (``[text][label]``, whose target offsets are those
of the URL on the definition's line; the definitions themselves are opaque). Rules read
these lists instead of re-parsing; every offset maps back to a line and column of the
file on disk through ``Document.lines``.

As kramdown reads a body: Liquid is blanked out before tags are matched (so
``<a href={{ url }}>`` and ``<p {% if x %}class="a"{% endif %}>`` are tags), an
indented line inside a block-level HTML element is HTML rather than code, a code span
ends with its paragraph, ``\\<`` is text, and only ``http``, ``https``, ``ftp``,
``mailto`` and mail addresses make autolinks. Built on first use and cached:
``blocks`` (HTML, code and Markdown blocks), ``paragraphs`` with their visible text,
``html_links`` and ``links``, and ``tree``, an lxml element tree built from the tags
(no second parse) whose elements map back to their tags. ``memo`` caches results
derived from the body (such as the tag balance) for every rule of the run.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from . import references
from .memo import cached_property
from .record import field, record

if TYPE_CHECKING:
    from .tree import SourceTree

T = TypeVar("T")

# fmt: off
VOID_ELEMENTS = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
])
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title"})
BLOCK_ELEMENTS = frozenset([
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "br",
])
# fmt: on

_WHITESPACE = re.compile(r"\s+")
_ANY_TAG = re.compile(r"<[^>]*>")
_FENCE_OPEN = re.compile(
    r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$", re.MULTILINE
)
# As a browser reads a start tag: an attribute may follow a quoted value without a space
# (`class="x>…</p><p class="y"`: a value whose closing quote was lost runs on to the next
# quote, and everything up to there is inside the tag). An attribute name holds no `<`:
# a browser would take `<p class="x"（来源<span id="y">` as one tag, but that is a tag that
# lost its `>` before text and the next tag (see ``_BROKEN_TAG``).
_TAG = re.compile(
    r"""<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)
    (?P<attrs>(?:(?:\s+|(?<=["']))[^\s"'>/=<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)
    \s*(?P<selfclose>/)?>""",
    re.VERBOSE,
)
#: One attribute as a well-formed tag writes it: a name, then maybe ``=`` and a value,
#: quoted (without ``<`` or ``>`` inside) or bare. For patterns compiled with re.VERBOSE.
ATTRIBUTE = r"""[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?"""
#: A tag that lost its ``>``: an element's name and whole attributes, then, instead of
#: ``>``, the article's text, another ``<`` or the end of the line: ``<strong加速``,
#: ``</strong</p>``, ``<p class="em_media"（文章来源``. (``<p class="x>`` is a value that
#: lost its quote, not this: ``=`` follows the name.)
_BROKEN_TAG = re.compile(
    rf"""<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s+{ATTRIBUTE})*
    (?=\s*(?:<|[^\x00-\x7f]|$))""",
    re.VERBOSE | re.MULTILINE,
)
#: Inline elements with text inside: kramdown parses them within a paragraph.
INLINE_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "dfn",
        "em",
        "font",
        "i",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
    ]
)

#: The elements articles are written with, whose broken tags are looked for (``<A股`` in
#: a sentence is text).
ARTICLE_ELEMENTS = (BLOCK_ELEMENTS | VOID_ELEMENTS) | frozenset(
    ["a", "b", "big", "code", "em", "font", "i", "s", "small", "span", "strong", "sub", "sup", "u"]
)
_ATTR = re.compile(r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# kramdown's autolinks: only these schemes (``<st1:place>`` from Word is a tag), or a
# mail address; ``<>`` is the empty source link the generators write.
_AUTOLINK = re.compile(
    r"<(?:(?P<url>(?i:mailto|https?|ftps?):[^\s<>]*)|(?P<mail>[-.\w]+@[-\w]+(?:\.[-\w]+)*\.[A-Za-z]+))?>"
)
# An inline link's URL as kramdown reads it: up to the ``)`` that balances the ``(``,
# spaces included (``[返回](/category/a b.html)`` is a link to ``/category/a b.html``),
# until a space before a quote starts the title; the spaces around it are not part of it.
# The space runs are possessive (``*+``, ``++``): a run is never given back to be tried
# again in pieces, which took minutes on a ``(`` followed by 200,000 spaces.
_MD_LINK = re.compile(
    r"""(?P<image>!)?\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]
    \([ \t]*+(?P<target><[^>\n]*>|(?:\{\{[^{}\n]*\}\}|[^\s()]++|[ \t]++(?=[^\s)"'])|\([^()\n]*\))*+)
    (?:\s++(?:"[^"\n]*"|'[^'\n]*'))?\s*+\)""",
    re.VERBOSE,
)
_LIQUID_BLOCK = re.compile(
    r"(?P<open>\{%-?\s*(?P<kind>raw|comment)\s*-?%\})"
    r".*?(?P<close>\{%-?\s*end(?P=kind)\s*-?%\})",
    re.DOTALL,
)
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# Only a closed comment hides its text: kramdown prints a `<!--` never closed as text.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
#: kramdown's comment extension, `{::comment}…{:/comment}` (or `{:/}`): published as an
#: HTML comment, so nothing in it is text or markup.
_KRAMDOWN_COMMENT = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}", re.DOTALL)
_DECLARATION = re.compile(r"<![A-Za-z][^>]*>|<\?.*?\?>|<!\[CDATA\[.*?\]\]>", re.DOTALL)
_DECLARATION_OPENER = re.compile(r"<[!?]")
_BACKTICKS = re.compile(r"`+")
_NOT_SPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")


class Attribute(NamedTuple):
    name: str  # lower-cased
    value: str | None  # unquoted, entities decoded
    start: int
    end: int


class Tag(NamedTuple):
    """An HTML start or end tag in the body (a named tuple: cheap to make, immutable)."""

    name: str  # lower-cased
    is_end: bool
    self_closing: bool
    start: int
    end: int
    attributes: tuple[Attribute, ...] = ()

    @property
    def is_void(self) -> bool:
        return self.name in VOID_ELEMENTS

    def attribute(self, name: str) -> str | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute.value if attribute.value is not None else ""
        return None

    @property
    def classes(self) -> list[str]:
        return (self.attribute("class") or "").split()


@record(frozen=True, slots=True)
class Link:
    """A link in the body: ``kind`` is ``markdown``, ``image``, ``autolink`` or ``html``."""

    kind: str
    text: str
    target: str
    start: int
    end: int
    target_start: int
    target_end: int


@record(frozen=True, slots=True)
class Span:
    kind: str  # "code", "liquid", "comment", "declaration", "raw-text", "link-definition",
    # "broken-tag" (a tag's start that lost its `>`)
    start: int
    end: int


@record(frozen=True, slots=True)
class Block:
    """A block of the body: ``html`` (raw HTML kramdown passes through), ``code``
    (fenced or indented) or ``markdown`` (text, where tags are inline HTML)."""

    kind: str
    start: int
    end: int


@record(frozen=True, slots=True)
class Paragraph:
    """A block of visible text: a Markdown paragraph or an HTML block element's text."""

    text: str
    start: int
    end: int


@record
class Body:
    text: str  # the whole document text
    start: int  # where the body starts in ``text``
    opaque: list[Span] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    autolinks: list[Link] = field(default_factory=list)
    markdown_links: list[Link] = field(default_factory=list)
    _memo: dict[object, object] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, text: str, start: int) -> Body:
        body = cls(text, start)
        body._scan()
        return body

    # -- parsing ------------------------------------------------------------------
    def _scan(self) -> None:
        text, start = self.text, self.start
        fenced = _fenced_code(text, start)
        indented = _indented_code(text, start, fenced)
        defined = _definitions(text, start, fenced + indented)
        hidden = [Span("link-definition", d.start, d.end) for d in defined]
        opaque, tags, autolinks = _scan_markup(text, start, fenced + indented + hidden)
        if indented:
            # An indented line inside an HTML block is HTML, not code (kramdown leaves
            # the content of block-level HTML alone): drop such code and scan again.
            html = _Coverage([Span("html", b, e) for b, e in _html_block_regions(text, tags)])
            kept = [s for s in indented if not html.contains(s.start)]
            if len(kept) != len(indented):
                opaque, tags, autolinks = _scan_markup(text, start, fenced + kept + hidden)
        self.tags, self.autolinks = tags, autolinks
        covered = _Coverage(opaque)
        tag_starts = [tag.start for tag in tags]
        for match in _md_links(text, start):
            if covered.contains(match.start()) or _inside(tags, tag_starts, match.start()):
                continue
            target = match.group("target")
            target_start = match.start("target")
            if target.startswith("<") and target.endswith(">"):
                target, target_start = target[1:-1], target_start + 1
            self.markdown_links.append(
                Link(
                    "image" if match.group("image") else "markdown",
                    match.group("text"),
                    target,
                    match.start(),
                    match.end(),
                    target_start,
                    target_start + len(target),
                )
            )
        if defined:
            self._add_references(defined, covered, tag_starts)
        opaque.sort(key=lambda s: s.start)
        self.opaque = opaque

    def _add_references(
        self, defined: list[references.Definition], covered: _Coverage, tag_starts: list[int]
    ) -> None:
        inline = [(link.start, link.end) for link in self.markdown_links]

        def skip(offset: int) -> bool:
            return (
                covered.contains(offset)
                or _inside(self.tags, tag_starts, offset)
                or any(begin <= offset < end for begin, end in inline)
            )

        for ref in references.references(self.text, self.start, defined, skip):
            target = ref.definition.target
            self.markdown_links.append(
                Link(
                    "image" if ref.image else "markdown",
                    ref.text,
                    target,
                    ref.start,
                    ref.end,
                    ref.definition.target_start,
                    ref.definition.target_start + len(target),
                )
            )
        self.markdown_links.sort(key=lambda link: link.start)

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """Compute a derived result once per body (rules share it instead of redoing it)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    # -- queries ------------------------------------------------------------------
    @cached_property
    def tree(self) -> SourceTree:
        """The raw HTML as an lxml element tree with source positions (built on first use)."""
        from .tree import SourceTree

        return SourceTree(self)

    @cached_property
    def blocks(self) -> list[Block]:
        """The body split into HTML blocks, code blocks and Markdown blocks, in order.

        An HTML block starts at a line that begins (after at most three spaces) with a
        block-level start tag or a comment, or right after another HTML block on its line,
        and runs to its matching end tag: to the end of that line when nothing else is on
        it (else to the next blank line)."""
        text, end_of_text = self.text, len(self.text)
        code = [s for s in self.opaque if s.kind == "code" and "\n" in text[s.start : s.end]]
        in_code = _Coverage(code)
        fixed = [Block("code", s.start, s.end) for s in code]
        line_end = -1  # the end of the line the last region ended on
        for begin, end in _html_block_regions(text, self.tags, self.comments):
            if in_code.contains(begin):
                continue
            if line_end < end:  # a region on a later line (one search a line, not a region)
                line_end = text.find("\n", end - 1)
                line_end = end_of_text if line_end < 0 else line_end
            rest = _NOT_SPACE.search(text, end, line_end)
            fixed.append(Block("html", begin, end if rest else line_end))
        fixed.sort(key=lambda b: b.start)
        merged: list[Block] = []
        for block in fixed:
            if merged and block.start < merged[-1].end:
                if block.end > merged[-1].end:
                    merged[-1] = Block(merged[-1].kind, merged[-1].start, block.end)
                continue
            merged.append(block)
        blocks: list[Block] = []
        position = self.start
        for block in [*merged, Block("end", end_of_text, end_of_text)]:
            for piece in re.split(r"(\n[ \t]*\n)", text[position : block.start]):
                if piece.strip():
                    blocks.append(Block("markdown", position, position + len(piece)))
                position += len(piece)
            if block.kind != "end":
                blocks.append(block)
            position = max(position, block.end)
        return blocks

    def block_at(self, offset: int) -> Block | None:
        """The block holding ``offset``. In an ``html`` block kramdown leaves Markdown
        alone: a `[text](url)` there is literal text, not a link."""
        blocks = self.blocks
        index = bisect.bisect_right(self._block_starts, offset) - 1
        if index >= 0 and offset < blocks[index].end:
            return blocks[index]
        return None

    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    def in_tag(self, offset: int) -> bool:
        """Whether ``offset`` is inside a tag, past its ``<`` (in an attribute's value)."""
        return _inside(self.tags, self._tag_starts, offset)

    @cached_property
    def _tag_starts(self) -> list[int]:
        return [tag.start for tag in self.tags]

    @cached_property
    def html_links(self) -> list[Link]:
        """``<a href>`` links, with the text up to the matching ``</a>``."""
        links = []
        anchors = [tag for tag in self.tags if tag.name == "a"]
        for index, tag in enumerate(anchors):
            if tag.is_end:
                continue
            href = next((a for a in tag.attributes if a.name == "href"), None)
            if href is None or href.value is None:
                continue
            closing = anchors[index + 1] if index + 1 < len(anchors) else None
            end = closing.start if closing is not None and closing.is_end else tag.end
            inner = _strip_markup(self.text[tag.end : end]) if end > tag.end else ""
            raw = self.text[href.start : href.end]
            value_at = href.start + raw.index("=") + 1 if "=" in raw else href.end
            while value_at < href.end and self.text[value_at] in " \t\"'":
                value_at += 1
            links.append(
                Link(
                    "html",
                    inner,
                    href.value,
                    tag.start,
                    tag.end,
                    value_at,
                    value_at + len(href.value),
                )
            )
        return links

    @property
    def links(self) -> list[Link]:
        """Every link of the body, in document order."""
        return sorted(
            [*self.markdown_links, *self.autolinks, *self.html_links], key=lambda link: link.start
        )

    def is_opaque(self, offset: int) -> bool:
        """True inside code, Liquid, comments and raw text, where nothing is markup."""
        return self._opaque_union.contains(offset)

    @cached_property
    def _opaque_union(self) -> _Coverage:
        """The opaque spans as sorted disjoint intervals: a lookup by bisection, where
        scanning every span made a post of 20,000 comments take seconds."""
        return _Coverage(self.opaque)

    @cached_property
    def liquid(self) -> list[Span]:
        return [span for span in self.opaque if span.kind == "liquid"]

    @cached_property
    def comments(self) -> list[Span]:
        return [span for span in self.opaque if span.kind == "comment"]

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Visible text split at blank lines and at HTML block elements."""
        cuts = {self.start, len(self.text)}
        for match in _BLANK_LINE.finditer(self.text, self.start):
            if not self.is_opaque(match.start()):
                cuts.add(match.start())
        for tag in self.tags:
            if tag.name in BLOCK_ELEMENTS:
                cuts.update((tag.start, tag.end))
        points = sorted(cuts)
        paragraphs = []
        for begin, end in itertools.pairwise(points):
            visible = self.visible_text(begin, end)
            if visible:
                paragraphs.append(Paragraph(visible, begin, end))
        return paragraphs

    @cached_property
    def _hidden(self) -> tuple[list[tuple[int, int, str]], list[int]]:
        """What a reader does not see, sorted: (start, end, what of the inside is shown:
        "" nothing, "code" a code span's text, "autolink" an autolink's address)."""
        hidden = sorted(
            [(s.start, s.end, "code" if s.kind == "code" else "") for s in self.opaque]
            + [(t.start, t.end, "") for t in self.tags]
            + [(a.start, a.end, "autolink") for a in self.autolinks]
        )
        return hidden, [item[0] for item in hidden]

    def visible_text(
        self, begin: int | None = None, end: int | None = None, addresses: bool = False
    ) -> str:
        """What a reader sees of ``text[begin:end]``: markup, Liquid and comments removed;
        with ``addresses``, an autolink's address too (it is the link's text)."""
        begin = self.start if begin is None else begin
        end = len(self.text) if end is None else end
        pieces: list[str] = []
        hidden, starts = self._hidden
        index = bisect.bisect_left(starts, begin)
        position = begin
        if index > 0 and hidden[index - 1][1] > begin:  # a span running into ``begin``
            position = min(hidden[index - 1][1], end)
        while index < len(hidden) and hidden[index][0] < end:
            hide_start, hide_end, shown = hidden[index]
            index += 1
            if hide_start < position:
                continue
            pieces.append(self.text[position:hide_start])
            if shown == "code":
                pieces.append(self.text[hide_start : min(hide_end, end)].strip("`"))
            elif shown and addresses:
                pieces.append(self.text[hide_start + 1 : min(hide_end - 1, end)])
            position = min(max(position, hide_end), end)
        pieces.append(self.text[position:end])
        joined = "".join(pieces)
        if "](" in joined:
            joined = _MD_LINK.sub(lambda m: m.group("text"), joined)
        joined = html.unescape(joined)
        return _WHITESPACE.sub(" ", joined).strip()


def _scan_markup(
    text: str, start: int, code: list[Span]
) -> tuple[list[Span], list[Tag], list[Link]]:
    """Opaque spans, tags and autolinks of the body, given its code blocks."""
    opaque: list[Span] = list(code)
    covered = _Coverage(opaque)

    def add(span: Span) -> None:
        opaque.append(span)
        covered.add(span)

    has_blocks = "{%" in text and ("endraw" in text or "endcomment" in text)
    # Inside `{% raw %}` nothing is Liquid, but the text and its HTML are published as
    # written: only the two tags are opaque, and Liquid is looked for with the inside blanked.
    liquid_source = text
    for match in _LIQUID_BLOCK.finditer(text, start) if has_blocks else ():
        if covered.contains(match.start()):
            continue
        if match.group("kind") == "comment":
            add(Span("liquid", match.start(), match.end()))
            continue
        inside_start, inside_end = match.end("open"), match.start("close")
        add(Span("liquid", match.start(), inside_start))
        add(Span("liquid", inside_end, match.end()))
        liquid_source = (
            liquid_source[:inside_start]
            + " " * (inside_end - inside_start)
            + liquid_source[inside_end:]
        )
    # no comment ends after the last `-->`: an opener past it is not read to the end of
    # the text (20,000 of them made 20,000 reads)
    comments_end = text.rfind("-->") + 3 if "<!--" in text else 0
    for match in _COMMENT.finditer(text, start, comments_end) if comments_end > 3 else ():
        if not covered.contains(match.start()):
            add(Span("comment", match.start(), match.end()))
    for match in _KRAMDOWN_COMMENT.finditer(text, start) if "{::comment}" in text else ():
        if not covered.contains(match.start()):
            add(Span("comment", match.start(), match.end()))
    for begin, end in _liquid_tags(liquid_source, start):
        if not covered.contains(begin):
            add(Span("liquid", begin, end))
    for span in _code_spans(text, start, covered):
        add(span)
    if "<!" in text or "<?" in text:
        for match in _declarations(text, start):
            if not covered.contains(match.start()):
                add(Span("declaration", match.start(), match.end()))
    masked = _mask_liquid(
        text, sorted((s for s in opaque if s.kind == "liquid"), key=lambda s: s.start)
    )
    tags: list[Tag] = []
    autolinks: list[Link] = []
    position = start
    raw_until: str | None = None
    raw_start = 0
    at = text.find("<", start)
    next_gt = -1
    given_up_at = -1  # a `>` that a whole-text attempt could not reach as a tag's end
    while at >= 0:
        if next_gt < at:
            next_gt = text.find(">", at)
            if next_gt < 0:
                break  # no `>` left: neither a tag nor an autolink can end
        if at >= position and not covered.contains(at) and not _escaped(text, at):
            autolink = _AUTOLINK.match(text, at) if raw_until is None else None
            if autolink is not None:
                mail = autolink.group("mail")  # kramdown links it with mailto:
                target = autolink.group("url") or (f"mailto:{mail}" if mail else "")
                autolinks.append(
                    Link("autolink", target, target, at, autolink.end(), at + 1, autolink.end() - 1)
                )
                position = autolink.end()
            elif (tag_match := _match_tag(masked, at, next_gt, given_up_at)) is None:
                if next_gt - at >= _TAG_WINDOW:
                    given_up_at = next_gt
                broken = _broken_tag(masked, at)
                if broken is not None and raw_until is None:
                    add(broken)
            else:
                tag = _make_tag(tag_match, text)
                position = tag.end
                if raw_until is None:
                    tags.append(tag)
                    if not tag.is_end and not tag.self_closing and tag.name in RAW_TEXT_ELEMENTS:
                        raw_until, raw_start = tag.name, tag.end
                elif tag.is_end and tag.name == raw_until:
                    add(Span("raw-text", raw_start, tag.start))
                    raw_until = None
                    tags.append(tag)
        at = text.find("<", at + 1)
    while at >= 0 and raw_until is None:  # no `>` left: what looks like a tag lost its `>`
        broken = _broken_tag(masked, at) if not covered.contains(at) else None
        if broken is not None:
            add(broken)
        at = text.find("<", at + 1)
    if raw_until is not None:
        add(Span("raw-text", raw_start, len(text)))
    return opaque, tags, autolinks


def _declarations(text: str, start: int) -> Iterator[re.Match[str]]:
    """Declarations (``<!DOCTYPE html>``), processing instructions (``<?xml ?>``) and CDATA
    sections, left to right, as ``_DECLARATION.finditer`` finds them. Each opener is tried
    only if its end marker still follows: 20,000 ``<?`` never closed read the rest of the
    text once for each of them."""
    last_end = {
        "?": text.rfind("?>"),
        "[": text.rfind("]]>"),
        "!": text.rfind(">"),
    }
    resume = start
    for opener in _DECLARATION_OPENER.finditer(text, start):
        at = opener.start()
        if at < resume:
            continue
        kind = "[" if text.startswith("<![CDATA[", at) else text[at + 1]
        if at > last_end[kind]:
            continue
        match = _DECLARATION.match(text, at)
        if match is not None:
            resume = match.end()
            yield match


def _broken_tag(masked: str, at: int) -> Span | None:
    """The start of a tag that lost its ``>`` at ``at``, as a ``broken-tag`` span (what a
    reader does not see: the tag's name and attributes), or None."""
    match = _BROKEN_TAG.match(masked, at, at + _TAG_WINDOW)  # linear on hostile text
    # Names as scrapers write them, in lower case: `H股<A股`, `<B股` are share classes.
    if (
        match is None
        or match.group("name") not in ARTICLE_ELEMENTS
        or masked.startswith("股", match.end())
    ):
        return None
    return Span("broken-tag", at, match.end())


_TAG_WINDOW = 4096


def _match_tag(masked: str, at: int, next_gt: int, given_up_at: int) -> re.Match[str] | None:
    """``_TAG.match`` at ``at`` without going quadratic on hostile text: a tag whose
    first ``>`` is far away (a long quoted attribute, say a data URI) is tried on the
    whole text only once per such ``>``."""
    if next_gt - at < _TAG_WINDOW:
        return _TAG.match(masked, at, at + _TAG_WINDOW)
    if next_gt == given_up_at:
        return None
    return _TAG.match(masked, at)


def _liquid_tags(text: str, start: int) -> Iterator[tuple[int, int]]:
    """``{{ ... }}`` and ``{% ... %}`` spans, in order, in linear time."""
    closers = {"{{": "}}", "{%": "%}"}
    found = {opener: text.find(opener, start) for opener in closers}
    position = start
    while True:
        for opener, at in found.items():
            if 0 <= at < position:
                found[opener] = text.find(opener, position)
        candidates = [(at, opener) for opener, at in found.items() if at >= 0]
        if not candidates:
            return
        begin, opener = min(candidates)
        close = text.find(closers[opener], begin + 2)
        if close < 0:
            found[opener] = -1  # nothing later can close this kind either
            continue
        yield begin, close + 2
        position = close + 2


def _escaped(text: str, at: int) -> bool:
    """A Markdown backslash escape: ``\\<div>`` is the text ``<div>``, ``\\[a](/b)`` no link."""
    backslashes = 0
    while at - backslashes > 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _inside(tags: list[Tag], starts: list[int], offset: int) -> bool:
    index = bisect.bisect_left(starts, offset) - 1
    return index >= 0 and tags[index].start < offset < tags[index].end


def _html_block_regions(
    text: str, tags: list[Tag], comments: list[Span] | tuple[Span, ...] = ()
) -> list[tuple[int, int]]:
    """Where block-level HTML runs: from a block-level start tag (or a comment) that begins
    a block, up to its matching end tag (the comment's end). A block begins a line (after
    at most three spaces), or follows such a region on its line: kramdown reads on after
    the end tag, so `<p>…</p><p>…</p>` is two HTML blocks and `<p>…</p>[a](/b)` an HTML
    block and a Markdown paragraph."""
    matching: dict[int, int] = {}
    open_by_name: dict[str, list[int]] = {}
    for index, tag in enumerate(tags):
        if tag.self_closing or tag.is_void:
            continue
        if not tag.is_end:
            open_by_name.setdefault(tag.name, []).append(index)
        elif open_by_name.get(tag.name):
            matching[open_by_name[tag.name].pop()] = index
    starts = [
        (tag.start, tags[matching[index]].end)
        for index, tag in enumerate(tags)
        if index in matching and tag.name in BLOCK_ELEMENTS
    ]
    starts += [(comment.start, comment.end) for comment in comments]
    # `<div/>` begins a block too: kramdown passes it on as written (`<div />`)
    starts += [
        (tag.start, tag.end)
        for tag in tags
        if tag.self_closing and not tag.is_void and tag.name in BLOCK_ELEMENTS
    ]
    starts.sort()
    regions: list[tuple[int, int]] = []
    covered_until = -1
    line_start = previous = 0
    for begin, end in starts:
        newline = text.rfind("\n", previous, begin)  # each stretch of text searched once
        if newline >= 0:
            line_start = newline + 1
        previous = begin
        if begin < covered_until:
            continue
        before = text[line_start:begin]
        after_region = (
            bool(regions)
            and begin - regions[-1][1] <= 3
            and not text[regions[-1][1] : begin].strip(" ")
        )
        if (len(before) <= 3 and not before.strip()) or after_region:
            regions.append((begin, end))
            covered_until = end
    return regions


class _Coverage:
    """The union of spans, kept as sorted disjoint intervals, with a fast ``contains``."""

    def __init__(self, spans: list[Span]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        if span.end <= span.start:
            return
        first = bisect.bisect_left(self._ends, span.start)  # first interval ending at/after start
        last = bisect.bisect_right(self._starts, span.end)  # intervals starting at/before end
        start, end = span.start, span.end
        if first < last:
            start = min(start, self._starts[first])
            end = max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def contains(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]


def _mask_liquid(text: str, liquid: list[Span]) -> str:
    """``text`` with Liquid blanked out, offsets kept: ``{{ x }}`` becomes a run of ``x``
    (it stands for a value), ``{% ... %}`` a run of spaces (it stands for nothing)."""
    if not liquid:
        return text
    pieces = []
    position = 0
    for span in liquid:
        pieces.append(text[position : span.start])
        filler = "x" if text.startswith("{{", span.start) else " "
        pieces.append(re.sub(r"[^\r\n]", filler, text[span.start : span.end]))
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def _make_tag(match: re.Match[str], text: str) -> Tag:
    attributes = []
    attrs_text = match.group("attrs")
    base = match.start("attrs")
    for attr in _ATTR.finditer(attrs_text) if attrs_text else ():
        value = attr.group("value")
        if value is not None:
            value = text[base + attr.start("value") : base + attr.end("value")]
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            if "&" in value:
                value = html.unescape(value)
        attributes.append(
            Attribute(attr.group("name").lower(), value, base + attr.start(), base + attr.end())
        )
    close, name, selfclose = match.group("close", "name", "selfclose")
    return Tag(
        name.lower(), bool(close), bool(selfclose), match.start(), match.end(), tuple(attributes)
    )


def _md_links(text: str, start: int) -> Iterator[re.Match[str]]:
    """``_MD_LINK.finditer``, but trying only where a ``[`` is (much faster on long bodies).
    A backslash-escaped ``\\[`` starts no link and an escaped ``\\!`` no image, as in kramdown."""
    if "](" not in text:
        return
    at = text.find("[", start)
    while at >= 0:
        if _escaped(text, at):
            at = text.find("[", at + 1)
            continue
        image = at > start and text[at - 1] == "!" and not _escaped(text, at - 1)
        begin = at - 1 if image else at
        match = _MD_LINK.match(text, begin)
        if match is None and begin != at:
            match = _MD_LINK.match(text, at)
        if match is not None:
            yield match
            yield from _images_in(text, match)
            at = text.find("[", match.end())
        else:
            at = text.find("[", at + 1)


def _images_in(text: str, link: re.Match[str]) -> Iterator[re.Match[str]]:
    """The images in a link's text (``[![图](/a.png)](/b)``): kramdown publishes them inside
    the link. A link in a link's text stays text (kramdown nests no links)."""
    end = link.end("text")
    at = text.find("![", link.start("text"), end)
    while at >= 0:
        image = None if _escaped(text, at) else _MD_LINK.match(text, at, end)
        if image is not None and image.group("image"):
            yield image
            at = text.find("![", image.end(), end)
        else:
            at = text.find("![", at + 1, end)


def _definitions(text: str, start: int, code: list[Span]) -> list[references.Definition]:
    """Reference-link definitions outside code (kramdown shows none of them)."""
    if "]:" not in text:
        return []
    return references.definitions(text, start, lambda at: any(s.start <= at < s.end for s in code))


def _fenced_code(text: str, start: int) -> list[Span]:
    if "```" not in text and "~~~" not in text:
        return []
    spans: list[Span] = []
    position = start
    while True:
        opening = _FENCE_OPEN.search(text, position)
        if opening is None:
            return spans
        fence = opening.group("fence")
        if fence[0] == "`" and "`" in opening.group("info"):
            position = opening.end()
            continue
        closing = re.compile(
            rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\r?$", re.MULTILINE
        )
        end_match = closing.search(text, opening.end())
        end = end_match.end() if end_match else len(text)
        spans.append(Span("code", opening.start(), end))
        position = end


#: A list item's marker (``- ``, ``1. ``): its text, and what continues it, is indented
#: by the marker's width.
_LIST_ITEM = re.compile(r"( {0,3}(?:[-*+]|\d+[.)])[ \t]+)\S")


def _indented_code(text: str, start: int, fenced: list[Span]) -> list[Span]:
    """Indented code blocks: 4-space lines after a blank line, outside fences. In a list,
    kramdown reads a line indented less than the item's text plus 4 spaces as more of the
    item (``- 列表\n\n    续``), not as code."""
    if "\n    " not in text and "\n\t" not in text:
        return []
    spans: list[Span] = []
    previous_blank = True
    offset = start
    block_start = -1
    item_indent = -1  # the text indent of the list item being continued; -1: no list
    fences = sorted(fenced, key=lambda span: span.start)
    fence = 0  # the first fence that does not end before the current line
    for line in text[start:].splitlines(keepends=True):
        content = line.rstrip("\r\n")
        while fence < len(fences) and fences[fence].end <= offset:
            fence += 1
        inside_fence = fence < len(fences) and fences[fence].start <= offset
        blank = not content.strip()
        inner = content
        if item_indent > 0:  # a list item's lines, less the indent of its text
            inner = content[item_indent:] if content[:item_indent].isspace() else ""
        is_code = not inside_fence and not blank and inner.startswith(("    ", "\t"))
        if is_code and (previous_blank or block_start >= 0):
            if block_start < 0:
                block_start = offset
        elif not blank and block_start >= 0:
            spans.append(Span("code", block_start, offset))
            block_start = -1
        if not blank and block_start < 0:
            item = _LIST_ITEM.match(content)
            if item is not None:
                item_indent = len(item.group(1))
            elif previous_blank and not content[: max(item_indent, 1)].isspace():
                item_indent = -1  # a paragraph after a blank line, not indented, ends the list
        previous_blank = blank
        offset += len(line)
    if block_start >= 0:
        spans.append(Span("code", block_start, offset))
    return spans


def _code_spans(text: str, start: int, covered: _Coverage) -> list[Span]:
    """Code spans as kramdown finds them: a run of backticks opens one, and the next
    occurrence of the same backticks in its paragraph closes it (even at the start of a
    longer run, unlike CommonMark); with none, the run is text. A lone backtick with
    space on both sides is text too, as is an escaped one."""
    if "`" not in text:
        return []
    blank_lines = [m.start() for m in _BLANK_LINE.finditer(text, start)]
    spans: list[Span] = []
    at = text.find("`", start)
    while at >= 0:
        if covered.contains(at) or _escaped(text, at):
            at = text.find("`", at + 1)
            continue
        run = _BACKTICKS.match(text, at)
        assert run is not None
        run_end = run.end()
        delimiter = text[at:run_end]
        spaced = (at == start or text[at - 1].isspace()) and (
            run_end < len(text) and text[run_end].isspace()
        )
        if len(delimiter) == 1 and spaced:
            at = text.find("`", run_end)
            continue
        paragraph_end = bisect.bisect_left(blank_lines, run_end)
        limit = blank_lines[paragraph_end] if paragraph_end < len(blank_lines) else len(text)
        close = text.find(delimiter, run_end, limit)
        if close < 0:
            at = text.find("`", run_end)
            continue
        spans.append(Span("code", at, close + len(delimiter)))
        at = text.find("`", close + len(delimiter))
    return spans


def _strip_markup(fragment: str) -> str:
    return _WHITESPACE.sub(" ", html.unescape(_ANY_TAG.sub("", fragment))).strip()
