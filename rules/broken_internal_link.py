"""A link into the site that goes to no page or file of the site.

## What it does
Resolves every link of the body into the site (Markdown links and images, `<a href>`,
`<img src>` and autolinks on the site's hosts, root-relative and relative links; not the return
links, which LNK002 checks, nor post-shaped links, which LNK004 checks) from the
file's own URL, and reports those the site does not publish: no page, post or static
file at that path. Anchors (`#top`), Liquid (`{{ post.url }}`) and `mailto:` links are
not checked.

## Why is this bad?
A broken link inside an article is a 404 page for the reader, and search engines
count it against the site.

## Example
```markdown
![走势图](/assets/missing.png)
```

## Use instead
```markdown
![走势图](/assets/chart.png)
```

## Fix safety
Not fixable: the intended page is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import internal_links
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.urls import is_published

CODE = "LNK005"
NAME = "broken-internal-link"
TARGET = "links"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    template = doc.site.template
    for link, resolved in internal_links.links(doc):
        if internal_links.looks_like_post(template, resolved.path) or is_published(
            doc.site, resolved
        ):
            continue
        yield Problem(
            link.target_start,
            link.target_end,
            f"link '{link.target}' resolves to {resolved.path}, which the site does not publish",
        )
