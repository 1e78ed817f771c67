"""The body uses an element HTML has made obsolete.

## What it does
Reports start tags of obsolete presentational elements: `<center>`, `<font>`,
`<big>`, `<strike>`, `<tt>`, `<marquee>`, `<blink>`, `<basefont>`, `<acronym>`,
`<dir>`, `<nobr>`, `<spacer>`.

## Why is this bad?
They carry presentation in the content: the site's stylesheet cannot restyle them,
and browsers keep them only for old pages. Scraped posts bring them along from the
source site (`<center><img ...></center>` around charts).

## Example
```html
<center><img src="https://img.example.com/chart.png" alt="走势图" /></center>
```

## Use instead
```html
<p style="text-align:center;"><img src="https://img.example.com/chart.png" alt="走势图" /></p>
```

## Fix safety
Not fixable: the replacement depends on the site's stylesheet.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT009"
NAME = "obsolete-element"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions

OBSOLETE = {
    "center": "a block with `text-align:center`",
    "font": "CSS or <span>",
    "big": "CSS",
    "strike": "<s> or <del>",
    "tt": "<code> or CSS",
    "marquee": "nothing (or CSS animation)",
    "blink": "nothing",
    "basefont": "CSS",
    "acronym": "<abbr>",
    "dir": "<ul>",
    "nobr": "CSS `white-space:nowrap`",
    "spacer": "CSS margins",
}


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    for tag in doc.body.tags:
        if not tag.is_end and tag.name in OBSOLETE:
            yield Problem(tag.start, tag.end, f"<{tag.name}> is obsolete; use {OBSOLETE[tag.name]}")
