"""A post has no front matter block starting on its first line.

## What it does
Reports a file whose first line is not `---`. A front matter block preceded by blank
lines counts as missing, because Jekyll only reads front matter that starts on the
file's very first line.

## Why is this bad?
Without front matter Jekyll publishes the post with no title, no layout and no
categories (and at a URL without its category), and a page is copied as a raw file.

## Example
```markdown

---
layout: post
title: "示例标题"
---
```

## Use instead
```markdown
---
layout: post
title: "示例标题"
---
```

## Fix safety
Safe: blank lines before a front matter block are removed; nothing else changes.
A file whose lines end in a lone CR (classic Mac) gets them converted to LF: unsafe,
since it rewrites every line ending. A file with no block at all is not fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "FM001"
NAME = "front-matter-missing"
TARGET = "front-matter"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions

_LEADING_BLANK = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))+(?=---[ \t]*(?:\r\n|\r|\n))")


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if doc.front_matter is not None:
        return
    text = doc.text
    first_line_end = doc.lines.line_end(1)
    if text.startswith("---\r") and not text.startswith("---\r\n"):
        yield Problem(
            0,
            3,
            "lines end in a lone carriage return (CR): Jekyll does not see the front matter;"
            " convert the file to LF line endings",
            Fix.replace(
                0,
                len(text),
                text.replace("\r", "\n"),
                safe=False,
                description="convert CR line endings to LF",
            ),
        )
        return
    leading = _LEADING_BLANK.match(text)
    if leading is not None:
        lines = (
            leading.group(0).count("\n")
            + leading.group(0).count("\r")
            - leading.group(0).count("\r\n")
        )
        yield Problem(
            0,
            leading.end(),
            f"front matter must start on line 1; {lines} blank line(s) come before `---`, "
            "so Jekyll ignores the block",
            Fix.replace(0, leading.end(), "", description="remove the blank lines before `---`"),
        )
        return
    yield Problem(0, first_line_end, "no front matter: the file must start with a `---` line")
