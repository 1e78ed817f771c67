"""The body has no source link, or an empty one: `<>`.

## What it does
Looks for the source link: a Markdown autolink such as
`<http://finance.example.com/news/1.html>` standing alone on its own line, outside code
and comments. Links inside the article's HTML (stock quotes, images) are not the source
link. Reported on the empty `<>` when there is one, else at the end of the body.

## Why is this bad?
Readers and the original outlet expect a link to the article a post republishes; the
generator writes `<>` when it had no URL, which renders as nothing.

## Example
```markdown
北向资金净流入超40亿元。（证券时报）

<>
```

## Use instead
```markdown
北向资金净流入超40亿元。（证券时报）

<http://finance.example.com/news/1.html>
```

## Fix safety
Not fixable: only the generator knows the article's URL.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import footer
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "SRC002"
NAME = "missing-source-link"
TARGET = "links"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if doc.front_matter is not None and not doc.front_matter.ok:
        return
    source = footer.source_link(doc.body)
    if source is not None and source.target:
        return
    if source is not None:
        yield Problem(source.start, source.end, "the source link is empty: `<>` links to nothing")
        return
    end = footer.content_end(doc.body)
    yield Problem(
        end, end, "the body has no source link (an autolink `<http://…>` on its own line)"
    )
