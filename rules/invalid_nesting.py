"""A block element sits inside a paragraph or inside an inline element, or a link in a link.

## What it does
Reports, at the inner element's start tag:

- a block element (`<div>`, `<p>`, `<ul>`, `<table>`, `<h2>`, `<blockquote>`, ...)
  inside a `<p>` that its own `</p>` closes later (a `<p>` never closed just ends there,
  as HTML lets it: HT001 reports the missing `</p>`, once);
- a block element inside an inline element (`<span>`, `<a>`, `<strong>`, `<em>`, ...);
- an `<a>` inside another `<a>`.

## Why is this bad?
HTML cannot express these: the browser closes the paragraph (or the link) where the
inner element starts and the rest of the markup ends up somewhere else, so the page
shows an empty paragraph, text outside its styling, or a link split in two. The
source of the post and the page then disagree about its structure.

## Example
```html
<p>据悉，<div class="note">公司公告</div>如下。</p>
```

## Use instead
```html
<p>据悉，<span class="note">公司公告</span>如下。</p>
```

## Fix safety
Not fixable: which element should change depends on what the author meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.body import INLINE_ELEMENTS
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.nesting import closed_by_own_end_tag, start_tags_with_ancestors
from finews_lint.rule import NoOptions

CODE = "HT008"
NAME = "invalid-nesting"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions

BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
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
        "li",
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


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    body = doc.body
    for tag, name, ancestors, parent_start in start_tags_with_ancestors(body):
        if not ancestors:
            continue  # a child of the body itself
        parent = ancestors[-1]
        problem = None
        # A <p> never closed ends where the next block starts, as the author meant: that
        # missing </p> is HT001's (one finding, not one for every paragraph after it).
        if name in BLOCKS and parent == "p" and parent_start in closed_by_own_end_tag(body):
            problem = f"<{name}> cannot be inside <p>: the browser ends the paragraph here"
        elif name in BLOCKS and parent in INLINE_ELEMENTS:
            problem = f"block <{name}> inside inline <{parent}>"
        elif name == "a" and "a" in ancestors:
            problem = "<a> inside another <a>: the browser splits the links"
        if problem:
            yield Problem(tag.start, tag.end, problem)
