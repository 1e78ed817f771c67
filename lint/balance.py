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

from .nesting import OpenElements
from .record import field, record

if TYPE_CHECKING:
    from collections.abc import Iterator

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


def check_balance(tags: list[Tag], optional_end_tags: bool = False) -> list[Imbalance]:
    """The imbalances of ``tags`` in document order of the tags they are reported at.

    Each element opened gets an index, in order. An end tag closes the innermost open
    element of its name, found at once however deep the nesting; elements still open
    inside it are left behind (their ``parent_end``) and stay open. Whether such an end
    tag is out of order depends on what happens later, so it is settled at the end.
    """
    found: list[Imbalance] = []
    opened: list[Tag] = []  # every element opened, by index
    parent_end: list[Tag | None] = []
    alive: list[bool] = []
    open_at: dict[str, list[int]] = {}  # name -> indexes of its open elements, ascending
    innermost: list[int] = []  # indexes opened, ascending; the closed dropped as they surface
    orphans: list[int] = []  # indexes of open elements not yet left behind, ascending
    left: list[tuple[int, Tag, int, int]] = []  # (when, end tag, index closed, innermost open)
    late: list[tuple[int, int, Tag]] = []  # (when, index, end tag): closed after left behind

    def top() -> int:
        while innermost and not alive[innermost[-1]]:
            innermost.pop()
        return innermost[-1] if innermost else -1

    def close(index: int) -> None:  # the innermost open element of its name
        alive[index] = False
        open_at[opened[index].name].pop()

    for when, tag in enumerate(tags):
        if tag.is_void or tag.self_closing:
            continue
        if not tag.is_end:
            if optional_end_tags:
                while (at := top()) >= 0 and tag.name in IMPLIED_END.get(opened[at].name, ()):
                    close(at)
                    while orphans and orphans[-1] >= at:
                        orphans.pop()
            index = len(opened)
            opened.append(tag)
            parent_end.append(None)
            alive.append(True)
            open_at.setdefault(tag.name, []).append(index)
            innermost.append(index)
            orphans.append(index)
            continue
        depths = open_at.get(tag.name)
        if not depths:
            found.append(Imbalance("stray", tag))
            continue
        index = depths[-1]
        if optional_end_tags:  # elements with optional end tags end with their parent
            for name in IMPLIED_END:
                inside = open_at.get(name)
                while inside and inside[-1] > index:
                    alive[inside.pop()] = False
        while orphans and orphans[-1] > index:
            parent_end[orphans.pop()] = tag
        if orphans and orphans[-1] == index:
            orphans.pop()
        if parent_end[index] is not None:
            late.append((when, index, tag))
        close(index)
        if (deepest := top()) > index:
            left.append((when, tag, index, deepest))
    for index, still_open in enumerate(alive):
        if not still_open:
            continue
        if optional_end_tags and opened[index].name in IMPLIED_END:
            continue
        found.append(Imbalance("unclosed", opened[index], parent_end=parent_end[index]))
    found.extend(_misnested(left, late, opened))
    found.sort(key=lambda item: item.tag.start)
    return found


def _misnested(
    left: list[tuple[int, Tag, int, int]], late: list[tuple[int, int, Tag]], opened: list[Tag]
) -> Iterator[Imbalance]:
    """The end tags that left elements behind which an end tag of their own closed later:
    out of order, and the innermost of those elements had to close first.

    Taken from the last such end tag back, so that the elements closed after each one are
    known by then: the innermost is the highest index between the end tag's element and the
    innermost element open at it, among those closed late after it.
    """
    closed_after: list[int] = []  # indexes, ascending
    end_of: dict[int, Tag] = {}
    next_late = len(late) - 1
    for when, end, index, deepest in reversed(left):
        while next_late >= 0 and late[next_late][0] > when:
            _, closed, closing = late[next_late]
            bisect.insort(closed_after, closed)
            end_of[closed] = closing
            next_late -= 1
        position = bisect.bisect_right(closed_after, deepest) - 1
        if position >= 0 and closed_after[position] > index:
            first = closed_after[position]
            yield Imbalance("misnested", end, opened[first], end_of[first])


def signature(tags: list[Tag]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a run of tags does to the elements around it: (names it closes, names it leaves
    open)."""
    closes: list[str] = []
    opened = OpenElements()  # finds an end tag's element at once, however deep the nesting
    for tag in tags:
        if tag.is_void or tag.self_closing:
            continue
        if not tag.is_end:
            opened.open(tag.name, tag.start)
        elif (depth := opened.innermost(tag.name)) is not None:
            opened.close_from(depth)
        else:
            closes.append(tag.name)
    return tuple(closes), tuple(opened.names)


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
