"""An HTML element in the body is never closed, closed by nothing, or closed out of order.

## What it does
Matches the start and end tags of the raw HTML in a post's body and reports:

- an element that is never closed, at its start tag (`<strong>` with no `</strong>`);
- an end tag that closes nothing, at the end tag (a stray `</div>`);
- end tags out of order, at the end tag that comes too early, naming the element that
  had to close first (`<strong><em>x</strong></em>`: `</em>` was expected).

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
tag. What a reader sees of the text does not change; only where the browser would have
let a formatting element run on does it stop at the end of its paragraph. Elements left
open at the end of the body, and block elements, are not fixed: where they should end
is a guess.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.balance import Imbalance, judge
from finews_lint.body import BLOCK_ELEMENTS
from finews_lint.diagnostic import Edit, Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import Field, RuleOptions

CODE = "HT001"
NAME = "unbalanced-tags"
TARGET = "body"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = "safe"


class Options(RuleOptions):
    allow_optional_end_tags: bool = Field(default=False, alias="allow-optional-end-tags")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    verdict = judge(doc.body, options.allow_optional_end_tags)
    # elements left open at one end tag are closed innermost first, one per pass, so
    # two insertions at one offset never race: `<p><b><i>x</p>` -> `</i>`, then `</b>`
    innermost: dict[int, int] = {}
    for item in verdict.problems:
        if item.kind == "unclosed" and item.parent_end is not None:
            at = item.parent_end.start
            innermost[at] = max(innermost.get(at, -1), item.tag.start)
    for item in verdict.problems:
        fixable = item.parent_end is None or innermost.get(item.parent_end.start) == item.tag.start
        yield _problem(doc, item, fixable)


def _where(doc: Document, offset: int) -> str:
    line, column = doc.lines.position(offset)
    return f"line {line}, column {column}"


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
            f" (<{expected.name}> opened at {_where(doc, expected.start)})",
            fix,
        )
    message = f"<{tag.name}> is never closed"
    fix = None
    if item.parent_end is not None:
        parent = item.parent_end
        message += (
            f": expected </{tag.name}> before </{parent.name}> at {_where(doc, parent.start)}"
        )
        if fixable and tag.name not in BLOCK_ELEMENTS:
            fix = Fix.replace(
                parent.start,
                parent.start,
                f"</{tag.name}>",
                description=f"close <{tag.name}> before </{parent.name}>",
            )
    return Problem(tag.start, tag.end, message, fix)
