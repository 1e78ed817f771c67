"""Tag balance: which elements of a body are never closed, closed by nothing, or out of order.

Works on the body model's tags (code, comments, autolinks and raw text are already left
out). Void elements and self-closing tags (`<br/>`, `<img ... />`) stand alone.

Liquid control flow (`{% if %}`, `{% for %}`, ...) can split an element between
branches. Each Liquid block is judged on its own: when every branch opens and closes
the same elements (say both branches open one `<a>`), the first branch stands for the
block; a loop or capture must be balanced inside. Otherwise the balance of the body
cannot be judged, and :func:`judge` says where instead of guessing.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .record import field, record

if TYPE_CHECKING:
    from .body import Body, Span, Tag

# HTML's optional end tags: an open element of the key's kind ends implicitly when an
# element of one of these kinds starts (and when its parent ends).
_P_CLOSERS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
IMPLIED_END = {
    "p": _P_CLOSERS,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"}),
    "th": frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"}),
    "tr": frozenset({"tr", "tbody", "thead", "tfoot"}),
    "thead": frozenset({"tbody", "tfoot"}),
    "tbody": frozenset({"tbody", "tfoot"}),
    "tfoot": frozenset({"tbody"}),
    "option": frozenset({"option", "optgroup"}),
    "optgroup": frozenset({"optgroup"}),
    "colgroup": frozenset({"colgroup", "thead", "tbody", "tfoot", "tr"}),
    "caption": frozenset({"colgroup", "thead", "tbody", "tfoot", "tr"}),
    "rt": frozenset({"rt", "rp", "rb", "rtc"}),
    "rp": frozenset({"rt", "rp", "rb", "rtc"}),
    "rb": frozenset({"rt", "rp", "rb", "rtc"}),
    "rtc": frozenset({"rb", "rtc", "rp"}),
    "html": frozenset(),
    "head": frozenset({"body"}),
    "body": frozenset(),
}


@record(frozen=True, slots=True)
class Imbalance:
    """One finding. ``kind``: ``unclosed`` (at the start tag), ``stray`` (at the end
    tag), ``misnested`` (at the end tag; ``expected`` is the start tag that had to close
    first, ``expected_end`` the end tag that closes it later). For ``unclosed``,
    ``parent_end`` is the end tag that closed the enclosing element while this one
    stayed open."""

    kind: str
    tag: Tag
    expected: Tag | None = None
    expected_end: Tag | None = None
    parent_end: Tag | None = None


@record(slots=True)
class _Open:
    tag: Tag
    parent_end: Tag | None = None


@record(slots=True)
class _Candidate:
    end: Tag
    above: list[_Open] = field(default_factory=list)


def check_balance(tags: list[Tag], optional_end_tags: bool = False) -> list[Imbalance]:
    """The imbalances of ``tags`` in document order of the tags they are reported at."""
    found: list[Imbalance] = []
    stack: list[_Open] = []
    candidates: list[_Candidate] = []
    closed_late: dict[int, Tag] = {}  # start offset of a left-behind element -> its end tag
    for tag in tags:
        if tag.is_void or tag.self_closing:
            continue
        if not tag.is_end:
            if optional_end_tags:
                while stack and tag.name in IMPLIED_END.get(stack[-1].tag.name, ()):
                    stack.pop()
            stack.append(_Open(tag))
            continue
        index = _find_open(stack, tag.name)
        if index is None:
            found.append(Imbalance("stray", tag))
            continue
        above = stack[index + 1 :]
        if optional_end_tags:
            above = [entry for entry in above if entry.tag.name not in IMPLIED_END]
        if stack[index].parent_end is not None:
            closed_late[stack[index].tag.start] = tag
        del stack[index:]
        if above:
            for entry in above:
                if entry.parent_end is None:
                    entry.parent_end = tag
            stack.extend(above)
            candidates.append(_Candidate(tag, list(above)))
    for entry in stack:
        if optional_end_tags and entry.tag.name in IMPLIED_END:
            continue
        found.append(Imbalance("unclosed", entry.tag, parent_end=entry.parent_end))
    for candidate in candidates:
        late = [entry for entry in candidate.above if entry.tag.start in closed_late]
        if late:  # the innermost of them had to close first
            first = late[-1]
            found.append(
                Imbalance("misnested", candidate.end, first.tag, closed_late[first.tag.start])
            )
    found.sort(key=lambda item: item.tag.start)
    return found


def _find_open(stack: list[_Open], name: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].tag.name == name:
            return index
    return None


def signature(tags: list[Tag]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a run of tags does to the elements around it: (names it closes, names it leaves
    open)."""
    closes: list[str] = []
    opened: list[str] = []
    for tag in tags:
        if tag.is_void or tag.self_closing:
            continue
        if not tag.is_end:
            opened.append(tag.name)
        elif opened and opened[-1] == tag.name:
            opened.pop()
        elif tag.name in opened:
            del opened[len(opened) - 1 - opened[::-1].index(tag.name) :]
        else:
            closes.append(tag.name)
    return tuple(closes), tuple(opened)


# -- Liquid control flow ---------------------------------------------------------------
_CONTROL = re.compile(r"\{%-?\s*(?P<word>[a-z]+)")
_OPENERS = {"if", "unless", "case", "for", "tablerow", "capture"}
_BRANCHES = {"elsif", "else", "when"}


@record(slots=True)
class LiquidBlock:
    """A Liquid block: its opening tag and the [start, end) ranges of its branches."""

    kind: str
    opening: Span
    branches: list[tuple[int, int]] = field(default_factory=list)
    has_else: bool = False
    end: int = 0


def liquid_blocks(liquid: list[Span], text: str) -> list[LiquidBlock]:
    """The outermost Liquid blocks of the body (nested ones are inside their branches)."""
    outer: list[LiquidBlock] = []
    stack: list[tuple[LiquidBlock, int]] = []  # block, start of the current branch
    for span in liquid:
        match = _CONTROL.match(text, span.start)
        if match is None:
            continue
        word = match.group("word")
        if word in _OPENERS:
            stack.append((LiquidBlock(word, span), span.end))
        elif word in _BRANCHES and stack:
            block, branch_start = stack[-1]
            block.branches.append((branch_start, span.start))
            block.has_else = block.has_else or word == "else"
            stack[-1] = (block, span.end)
        elif word.startswith("end") and stack and word[3:] == stack[-1][0].kind:
            block, branch_start = stack.pop()
            block.branches.append((branch_start, span.start))
            block.end = span.end
            if not stack:
                outer.append(block)
    while stack:  # never closed: runs to the end of the text
        block, branch_start = stack.pop()
        block.branches.append((branch_start, len(text)))
        block.end = len(text)
        if not stack:
            outer.append(block)
    return outer


@record(frozen=True, slots=True)
class Verdict:
    problems: list[Imbalance]
    unjudgeable: LiquidBlock | None = None


def judge(body: Body, optional_end_tags: bool = False) -> Verdict:
    """The tag balance of a body, once per body and option (cached on the body)."""
    return body.memo(("balance", optional_end_tags), lambda: _judge(body, optional_end_tags))


def _judge(body: Body, optional_end_tags: bool) -> Verdict:
    tags = body.tags
    if not body.liquid:
        return Verdict(check_balance(tags, optional_end_tags))
    starts = [t.start for t in tags]
    liquid_starts = [s.start for s in body.liquid]
    judged: list[Tag] = []
    cursor = 0
    for block in liquid_blocks(body.liquid, body.text):
        low = bisect.bisect_left(starts, block.opening.start, cursor)
        high = bisect.bisect_left(starts, block.end, low)
        if low == high:
            continue
        chosen = _resolve(block, tags[low:high], body, liquid_starts)
        if chosen is None:
            return Verdict([], block)
        judged.extend(tags[cursor:low])
        judged.extend(chosen)
        cursor = high
    judged.extend(tags[cursor:])
    return Verdict(check_balance(judged, optional_end_tags))


def _within(items: list[Tag], begin: int, end: int) -> list[Tag]:
    starts = [t.start for t in items]
    return items[bisect.bisect_left(starts, begin) : bisect.bisect_left(starts, end)]


_MAX_LIQUID_DEPTH = 40


def _resolve(
    block: LiquidBlock, inside: list[Tag], body: Body, liquid_starts: list[int], depth: int = 0
) -> list[Tag] | None:
    """The tags that stand for ``block``, or None when its branches disagree (or the
    blocks nest too deep to judge)."""
    if depth > _MAX_LIQUID_DEPTH:
        return None
    branch_tags = []
    for begin, end in block.branches:
        tags = _within(inside, begin, end)
        low = bisect.bisect_left(liquid_starts, begin)
        high = bisect.bisect_left(liquid_starts, end)
        if tags and high > low:
            resolved: list[Tag] = []
            cursor = 0
            for inner in liquid_blocks(body.liquid[low:high], body.text):
                inner_tags = _within(tags, inner.opening.start, inner.end)
                if not inner_tags:
                    continue
                chosen = _resolve(inner, inner_tags, body, liquid_starts, depth + 1)
                if chosen is None:
                    return None
                first = tags.index(inner_tags[0], cursor)
                resolved.extend(tags[cursor:first])
                resolved.extend(chosen)
                cursor = first + len(inner_tags)
            tags = resolved + tags[cursor:]
        branch_tags.append(tags)
    signatures = {signature(tags) for tags in branch_tags}
    may_be_skipped = block.kind in {"for", "tablerow", "capture"} or (
        block.kind in {"if", "unless", "case"} and not block.has_else
    )
    if may_be_skipped:
        signatures.add(((), ()))
    if len(signatures) != 1:
        return None
    return branch_tags[0]
