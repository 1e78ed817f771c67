"""A link has nothing to click: no text and no image with `alt` text.

## What it does
Reports `<a href>` elements whose content shows no text and holds no image with
`alt` text, and Markdown links with empty brackets (`[](url)`). Links whose content is
Liquid (`{{ ... }}`) are left alone.

## Why is this bad?
An empty link is invisible on the page, yet screen readers announce it by its URL and
search engines follow it. Scraped stock quotes leave them behind when the quote text
was filled in by a script on the source site.

## Example
```html
<p>据悉，<a href="http://quote.example.com/1.600160"></a>发布公告。</p>
```

## Use instead
```html
<p>据悉，<a href="http://quote.example.com/1.600160">巨化股份</a>发布公告。</p>
```

## Fix safety
Not fixable: the link's text is for the author to write (or the link to remove).
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT011"
NAME = "empty-link"
TARGET = "body"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    body = doc.body
    if any(tag.name == "a" for tag in body.tags):
        tree = body.tree
        for element in tree.iter("a"):
            if element.get("href") is None or element.text_content().strip():
                continue
            if any((img.get("alt") or "").strip() for img in element.iter("img")):
                continue
            start, end = tree.span(element)
            if "{{" in doc.text[start:end] or "{%" in doc.text[start:end]:
                continue
            tag = tree.start_tag(element)
            yield Problem(tag.start, tag.end, f"link to {element.get('href')} has no text")
    for link in body.markdown_links:
        if link.kind == "markdown" and not link.text.strip():
            yield Problem(link.start, link.end, f"link to {link.target} has no text")
