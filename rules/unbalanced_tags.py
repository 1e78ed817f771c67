"""An HTML element in the body is never closed, closed by nothing, or closed out of order.

## What it does
Matches the start and end tags of the raw HTML in a post's body and reports:

- an element that is never closed, at its start tag (`<strong>` with no `</strong>`);
- an end tag that closes nothing, at the end tag (a stray `</div>`);
- end tags out of order, at the end tag that comes too early, naming the element that
  had to close first (`<strong><em>x</strong></em>`: `</em>` was expected);
- a comment never closed (`<!--` without `-->`), which kramdown publishes as text;
- an attribute value whose closing quote is missing (`<p class="x>…`): it runs on to
  the next quote, and the browser hides the text in between (the tags after it are then
  not judged: they are what the value swallowed); with no quote after it at all,
  kramdown publishes the tag as text (`<p class="em_media>（文章来源：…）</p>`);
- a tag with a space after its `<` (`< p>`, `< /p>`, `</ p>`): kramdown publishes it
  as text, which the page shows (the balance is then not judged: the paragraph it meant
  to open or close would be reported instead);
- a tag that lost its `>` (`<strong加速…`, `</strong</p>`, `<p class="em_media"（…`):
  the browser reads what follows, up to the next `>`, as part of the tag (the balance
  is then not judged: an end tag it hid would be reported as missing, and its stray
  partner removed);
- an end tag that lost its `<` just where its element closes (`…之举。/p><p>`): the
  element is never closed, and the page shows `/p>`; reported at the element's start tag.
- words in angle brackets, as scraped text writes titles (`<一带一路>` for《一带一路》):
  kramdown reads any name XML allows, Chinese included, as a tag, so the page loses the
  words, and in an HTML block the element, never closed, runs to the end of the post;
- an inline element opened in one Markdown paragraph and closed in a later one
  (`<strong>…` / blank line / `…</strong>`): kramdown closes it at its paragraph's end
  and shows the end tag as text; reported at the start tag.

An end tag of a void element (`</br>`, `</img>`) is reported too: browsers read `</br>`
as `<br>` and drop the others. So is a self-closed element that is not void (`<div/>`) in
raw HTML: browsers ignore the `/` and open it.

Void elements (`<br>`, `<img ...>`), self-closing tags (`<br/>`), comments, the
doctype, the contents of `<script>` and `<style>`, Markdown autolinks (`<http://...>`,
`<>`), code spans and fenced code are not tags. Every element must be closed
explicitly; with the option `allow-optional-end-tags = true` the end tags HTML lets
you leave out (`</p>`, `</li>`, `</td>`, `</tr>`, `</option>`, ...) may be left out.

A tag split by a Liquid conditional is judged per block: when every branch opens and
closes the same elements, the balance is judged as if the first branch were taken.
When the branches disagree, this rule says nothing and HT007 reports, once, that the
balance cannot be judged.

## Why is this bad?
Browsers repair unbalanced markup each in their own way: an unclosed `<a>` or
`<strong>` runs on into the following paragraphs, the source line and the return links
become part of a link, a stray `</p>` inserts an empty paragraph. Scraped bodies lose
tags when a generator cuts them at a length limit.

## Example
```html
<p>沪指收涨<strong>0.8%，成交额放大。</p>
<p>两市<strong><em>北向资金</strong></em>净买入。</p>
</div>
```

## Use instead
```html
<p>沪指收涨<strong>0.8%</strong>，成交额放大。</p>
<p>两市<strong><em>北向资金</em></strong>净买入。</p>
```

## Fix safety
Safe, and never deletes text: a stray end tag is removed; two end tags in the wrong
order with nothing between them (`</strong></em>`) are swapped; an inline element left
open when its parent closes (`<p>…<span>…</p>`) is closed just before the parent's end
tag (more than 50 left open at one end tag are not: the fix closes one a pass, and a
post that broken is for an editor). What a reader sees of the text does not change; only
where the browser would have let a formatting element run on does it stop at the end of
its paragraph. A `<p>` never closed is closed where the browser ends it: before the next
block element or before its parent's end tag. A `<p>`, `<div>` or other block element
left open at the end of the body is closed at the end of its HTML block (the line before
the blank line that precedes the source link), when all it holds is closed: kramdown,
finding no end tag, would run it to the end of the post and publish the source link and
the return links as plain text. Other elements left open at the end of the body, and
other block elements, are not fixed: where they should end is a guess. A comment never
closed is not fixed either. A missing closing quote is added before the first `>` of the
value: unsafe (the text it hid appears), but safe when no quote follows at all (no value
runs to the end of a post; the tag kramdown showed as text becomes the element meant).
The space after the `<` of `< p>` is removed: safe (the stray `< p>` leaves the page).
Neither repair is made when the tag would then open an HTML block (a block element at
the start of a line) whose paragraph holds Markdown (a link, emphasis, code): kramdown
published that paragraph as Markdown while the tag was text, and would show `[公告](…)`
and `**…**` as written inside the block.
`</br>` becomes `<br>` and `</img>` is removed: safe, that is what browsers render.
`<div/>` becomes `<div></div>`: safe, it is what the author wrote it for. A
tag that lost its `>` gets it back where its name and attributes end: safe, the tag and
the text are the ones written. An end tag that lost its `<` gets it back: safe, only the
`/p>` the page showed goes. The `<` of words kramdown reads as a tag is written `&lt;`:
safe, the page shows the words as they were written.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator

from finews_lint import malformed
from finews_lint.balance import IMPLIED_END, Imbalance, judge
from finews_lint.body import BLOCK_ELEMENTS, INLINE_ELEMENTS, Body, Tag
from finews_lint.diagnostic import Edit, Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import Field, RuleOptions

P_CLOSERS = IMPLIED_END["p"]
#: How many later tags are read to find where an element left open should end (a sample
#: post has 118 in all): past that, where it ends is left to an editor, and a post of
#: thousands of elements left open is not read to its end once for each of them.
WALK_LIMIT = 2000
#: How many elements left open at one end tag the fix closes there. It closes one a pass
#: (the innermost first), and the fixer gives up on a file that has not settled after a
#: hundred passes: past this many, they are reported without a fix, and the file's other
#: fixes are still made.
CLOSE_AT_ONE_END_TAG = 50
#: How many tags all of a body's walks may read together: 50,000 ``<div>`` left open in a
#: row made 50,000 walks of 2,000 tags each. Once it is spent, the rest are reported
#: without a fix, like an element whose end is too far to find.
WALK_BUDGET = 200_000

CODE = "HT001"
NAME = "unbalanced-tags"
TARGET = "body"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = "safe"


class Options(RuleOptions):
    allow_optional_end_tags: bool = Field(default=False, alias="allow-optional-end-tags")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    runaway = malformed.runaway_attribute(doc)
    if runaway is not None:
        yield runaway  # what follows it is markup swallowed into the value: not judged
        return
    broken = malformed.unterminated_tags(doc) + malformed.spaced_tags(doc)
    if broken:
        yield from broken  # the balance of what they swallowed or missed is not judged
        return
    opened = malformed.unclosed_comment(doc)
    if opened is not None:
        yield opened
    yield from malformed.words_read_as_tags(doc)
    verdict = judge(doc.body, options.allow_optional_end_tags)
    # elements left open at one end tag are closed innermost first, one per pass, so
    # two insertions at one offset never race: `<p><b><i>x</p>` -> `</i>`, then `</b>`
    innermost: dict[int, int] = {}
    left_open = Counter[int]()  # end tag offset -> how many elements it leaves open
    for item in verdict.problems:
        if item.kind == "unclosed" and item.parent_end is not None:
            at = item.parent_end.start
            innermost[at] = max(innermost.get(at, -1), item.tag.start)
            left_open[at] += 1
    for item in verdict.problems:
        fixable = item.parent_end is None or (
            innermost.get(item.parent_end.start) == item.tag.start
            and left_open[item.parent_end.start] <= CLOSE_AT_ONE_END_TAG
        )
        yield _problem(doc, item, fixable)
    yield from _void_end_tags(doc)
    yield from _self_closed_elements(doc)
    reported = {item.tag.start for item in verdict.problems}
    yield from _spans_across_paragraphs(doc, reported)


def _spans_across_paragraphs(doc: Document, reported: set[int]) -> Iterator[Problem]:
    """An inline element opened in one Markdown paragraph and closed in a later one
    (``<strong>…`` / blank line / ``…</strong>``): kramdown parses inline HTML within its
    paragraph, closes the element at the paragraph's end and publishes the end tag in the
    next one as text (checked with kramdown). The tags pair up as HTML, so the balance
    alone does not show it. Not fixed: where the element was meant to end is a guess."""
    body = doc.body
    inline = [tag for tag in body.tags if tag.name in INLINE_ELEMENTS and not tag.self_closing]
    if len(inline) < 2:
        return
    blanks = _blank_lines(doc)
    if bisect.bisect_left(blanks, inline[0].end) == bisect.bisect_left(blanks, inline[-1].start):
        return  # no paragraph break between them (a generated post's one line of HTML)
    breaks = [at for at in blanks if not body.is_opaque(at)]
    # by name, in document order: inline elements earlier paragraphs left open, and the
    # ones open in the current paragraph
    left_open: dict[str, list[Tag]] = {}
    open_here: dict[str, list[Tag]] = {}
    paragraph: tuple[int, int] = (-1, 0)
    for tag in inline:
        block = body.block_at(tag.start)
        if block is None or block.kind != "markdown":
            continue
        here = (block.start, bisect.bisect_left(breaks, tag.start))
        if here != paragraph:
            paragraph = here
            for name, tags in open_here.items():
                left_open.setdefault(name, []).extend(tags)
            open_here = {}
        if not tag.is_end:
            open_here.setdefault(tag.name, []).append(tag)
            continue
        if open_here.get(tag.name):
            open_here[tag.name].pop()
            continue
        if not left_open.get(tag.name):
            continue
        opener = left_open[tag.name].pop()
        if opener.start in reported or tag.start in reported:
            continue
        yield Problem(
            opener.start,
            opener.end,
            f"<{opener.name}> is not closed in its paragraph: kramdown closes it at the"
            f" paragraph's end, and shows the </{tag.name}> of {doc.lines.where(tag.start)}"
            " as text",
        )


def _self_closed_elements(doc: Document) -> Iterator[Problem]:
    """``<div/>`` in raw HTML: kramdown passes it on as written, and HTML has no self-closing
    elements but the void ones (outside SVG and MathML): the browser opens a ``<div>`` that
    runs to the end of its parent. (In a Markdown paragraph kramdown writes ``<div></div>``.)
    The fix writes the end tag the author meant."""
    tags = [t for t in doc.body.tags if t.self_closing and not t.is_void and not t.is_end]
    if not tags or "<svg" in doc.text or "<math" in doc.text:
        return
    for tag in tags:
        block = doc.body.block_at(tag.start)
        if block is None or block.kind != "html":
            continue
        written = doc.text[tag.start : tag.end]
        meant = written[:-2].rstrip() + f"></{tag.name}>"
        yield Problem(
            tag.start,
            tag.end,
            f"{written} does not close <{tag.name}> in HTML (only void elements such as"
            f" <br/> close themselves): the browser opens it and it runs to the end of its"
            f" parent; write {meant}",
            Fix.replace(tag.start, tag.end, meant, description=f"write {meant}"),
        )


def _void_end_tags(doc: Document) -> Iterator[Problem]:
    """``</br>``, ``</img>``: end tags of elements that have none. Browsers read ``</br>``
    as ``<br>`` and drop the others, so the fix writes what they render."""
    for tag in doc.body.tags:
        if not (tag.is_end and tag.is_void):
            continue
        meant = "<br>" if tag.name == "br" else ""
        reading = "as <br>" if meant else "as nothing"
        yield Problem(
            tag.start,
            tag.end,
            f"end tag </{tag.name}> closes nothing: <{tag.name}> has no end tag (browsers read"
            f" it {reading})",
            Fix.replace(
                tag.start,
                tag.end,
                meant,
                description=f"write {meant}" if meant else f"remove </{tag.name}>",
            ),
        )


def _problem(doc: Document, item: Imbalance, fixable: bool = True) -> Problem:
    tag = item.tag
    if item.kind == "stray":
        return Problem(
            tag.start,
            tag.end,
            f"end tag </{tag.name}> closes nothing: no <{tag.name}> is open here",
            Fix.replace(tag.start, tag.end, "", description=f"remove the stray </{tag.name}>"),
        )
    if item.kind == "misnested":
        assert item.expected is not None and item.expected_end is not None
        expected, later = item.expected, item.expected_end
        fix = None
        if later.start == tag.end:
            fix = Fix(
                (
                    Edit(tag.start, tag.end, doc.text[later.start : later.end]),
                    Edit(later.start, later.end, doc.text[tag.start : tag.end]),
                ),
                description=f"swap </{tag.name}> and </{expected.name}>",
            )
        return Problem(
            tag.start,
            tag.end,
            f"end tag </{tag.name}> is out of order: </{expected.name}> was expected first"
            f" (<{expected.name}> opened at {doc.lines.where(expected.start)})",
            fix,
        )
    message = f"<{tag.name}> is never closed"
    fix = None
    if item.parent_end is None and tag.name in BLOCK_ELEMENTS:
        return _unclosed_block(doc, tag, message)
    if item.parent_end is not None:
        parent = item.parent_end
        lost = _lost_bracket(doc, tag, message, parent.start)
        if lost is not None:
            return lost
        message += (
            f": expected </{tag.name}> before </{parent.name}> at {doc.lines.where(parent.start)}"
        )
        if fixable and (tag.name not in BLOCK_ELEMENTS or tag.name == "p"):
            fix = Fix.replace(
                parent.start,
                parent.start,
                f"</{tag.name}>",
                description=f"close <{tag.name}> before </{parent.name}>",
            )
    return Problem(tag.start, tag.end, message, fix)


_BLANK_LINE = re.compile(r"\r?\n[ \t]*(?:\r?\n|$)")
_LOST_LT = re.compile(r"(?<!<)/([A-Za-z][A-Za-z0-9]*)>[ \t]*$")


def _blank_lines(doc: Document) -> list[int]:
    """Where the blank lines of the text start, in order (once per body: a hostile post may
    leave thousands of <p> open)."""
    text = doc.text
    return doc.body.memo(_BLANK_LINE, lambda: [m.start() for m in _BLANK_LINE.finditer(text)])


def _before_comments(body: Body, at: int) -> int:
    """``at``, moved back over the comments just before it (``</a><!-- EM_StockImg_End
    --><p>``): a paragraph's end tag goes before the markers that sit between blocks."""
    start_of = body.memo(_before_comments, lambda: {c.end: c.start for c in body.comments})
    while at in start_of:
        at = start_of[at]
    return at


def _lost_bracket(doc: Document, tag: Tag, message: str, closing_at: int) -> Problem | None:
    """The element's end tag written without its ``<`` just where it should close
    (``…之举。/p><p>``): the page shows ``/p>`` as text, and the fix gives it its ``<``."""
    window = doc.text[max(doc.body.start, closing_at - len(tag.name) - 16) : closing_at]
    lost = _LOST_LT.search(window)
    if lost is None or lost.group(1).lower() != tag.name:
        return None
    slash = closing_at - len(window) + lost.start()
    return Problem(
        tag.start,
        tag.end,
        f"{message}: its end tag lost its `<`, and `/{lost.group(1)}>`"
        f" ({doc.lines.where(slash)}) is shown as text",
        Fix.replace(
            slash,
            slash,
            "<",
            description=f"give /{lost.group(1)}> back its <",
            changes_visible_text=True,
        ),
    )


def _unclosed_block(doc: Document, tag: Tag, message: str) -> Problem:
    """A block element never closed (``<p>``, ``<div>``): a ``<p>`` ends where the next
    block element starts (the browser closes it there); any of them where its HTML block
    ends (the blank line before the source link), when what it holds is balanced. kramdown
    finds no end tag and runs the element to the end of the post: the source link and the
    return links after it are published as plain text (checked with kramdown 2.4)."""
    body, text = doc.body, doc.text
    blanks = _blank_lines(doc)
    starts = body.memo(_unclosed_block, lambda: [t.start for t in body.tags])
    after = bisect.bisect_left(blanks, tag.end)
    block_end = blanks[after] if after < len(blanks) else len(text.rstrip())
    index = bisect.bisect_left(starts, tag.start)
    depth = 0
    tags = body.tags
    budget = body.memo("unclosed-block walks", lambda: [WALK_BUDGET])  # what is left of it
    limit = index + min(WALK_LIMIT, budget[0])
    for position in range(index + 1, len(tags)):
        later = tags[position]
        if later.start >= block_end:
            break
        if position > limit:  # too far to say where it ends (or too much read): no fix
            return Problem(tag.start, tag.end, message)
        budget[0] -= 1
        if tag.name == "p" and not later.is_end and later.name in P_CLOSERS and depth == 0:
            lost = _lost_bracket(doc, tag, message, later.start)
            if lost is not None:
                return lost
            closing = _before_comments(body, later.start)
            return Problem(
                tag.start,
                tag.end,
                f"{message}: the browser ends it at <{later.name}> ({doc.lines.where(later.start)})",
                Fix.replace(
                    closing,
                    closing,
                    "</p>",
                    description=f"close <p> before <{later.name}>",
                ),
            )
        if not (later.is_void or later.self_closing):
            depth += -1 if later.is_end else 1
        if depth < 0:
            return Problem(tag.start, tag.end, message)
    if depth != 0 or body.is_opaque(block_end - 1):
        return Problem(tag.start, tag.end, message)
    if text[block_end:].strip():
        message += (
            ": kramdown runs it to the end of the post, so what follows (the source link,"
            " the return links) is published as plain text"
        )
    return Problem(
        tag.start,
        tag.end,
        message,
        Fix.replace(
            block_end,
            block_end,
            f"</{tag.name}>",
            description=f"close <{tag.name}> where its block ends",
        ),
    )
