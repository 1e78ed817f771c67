"""An image has no `alt` text.

## What it does
Reports `<img>` tags without an `alt` attribute, and Markdown images `![](url)` with
empty brackets. An empty `alt=""` is accepted: it marks an image as decoration.

## Why is this bad?
Screen readers read the file name instead, search engines index nothing, and when the
image host is down (scraped posts hotlink stock charts) the reader sees an empty box
where a caption would have said what was there.

## Example
```html
<p><img src="https://img.example.com/kline/600160.png" width="578" /></p>
```

## Use instead
```html
<p><img src="https://img.example.com/kline/600160.png" alt="巨化股份K线图" width="578" /></p>
```

## Fix safety
Not fixable: only the author knows what the image shows.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT003"
NAME = "img-alt"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    for tag in doc.body.tags:
        if tag.name == "img" and not tag.is_end and tag.attribute("alt") is None:
            src = tag.attribute("src") or ""
            yield Problem(
                tag.start, tag.end, f"<img> has no `alt` text{f' (src {src})' if src else ''}"
            )
    for link in doc.body.markdown_links:
        if link.kind == "image" and not link.text.strip():
            yield Problem(
                link.start, link.end, f"Markdown image has no alt text (src {link.target})"
            )
