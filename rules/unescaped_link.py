"""A link into the site with characters that must be percent-encoded.

## What it does
Reports links into the site whose target has a raw space or another character a URL
cannot hold (`<`, `>`, `"`, `{`, `}`, `|`, `^`, a backslash or a backquote), as links to the
category pages with spaces in their names (`category/21shijijingjibaodao 21caijingAPP.html`)
tend to have. Kramdown reads an inline link's URL up to its closing `)`, spaces and all,
so `[返回新闻](/category/a b.html)` is such a link, as is `[返回新闻](</category/a b.html>)`.

## Why is this bad?
Kramdown writes the space into the `href` as it is. Browsers escape it when the link is
followed, but feeds, crawlers and link checkers may cut the URL at the space or send it
unescaped to servers that reject it, and other Markdown processors (CommonMark) publish
the link as text. Escaped, it works everywhere.

## Example
```markdown
[返回新闻](/category/a b.html)
```

## Use instead
```markdown
[返回新闻](/category/a%20b.html)
```

## Fix safety
Safe: percent-encodes the characters a URL cannot hold, as a browser does when it
follows the link (a space becomes `%20`); escapes already written, the query (`?…`) and
the fragment (`#…`) are kept as they are. For a Markdown link written as `<…>` the angle
brackets are dropped. The URL it resolves to is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.urls import escape_link, is_checkable, resolve

CODE = "LNK007"
NAME = "unescaped-link"
TARGET = "links"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    body = doc.body
    text = doc.text
    for link in body.links:
        if body.is_opaque(link.start) or link.kind == "autolink" or not is_checkable(link.target):
            continue
        resolved = resolve(doc.site, link.target, doc.url or "/")
        if not resolved.internal or not resolved.needs_escaping:
            continue
        start, end = link.target_start, link.target_end
        escaped = escape_link(link.target.strip())
        if (
            link.kind == "markdown"
            and text[start - 1 : start] == "<"
            and text[end : end + 1] == ">"
        ):
            start, end = start - 1, end + 1
        fix = Fix.replace(start, end, escaped, description="percent-encode the link")
        yield Problem(
            link.target_start,
            link.target_end,
            f"link '{link.target}' has characters that must be percent-encoded",
            fix,
        )
