"""A link to another post of the site that the site does not publish.

## What it does
Resolves every link of the body into the site (not the return links, which LNK002
checks) from the file's own URL, and reports those whose path has the shape of a post
URL under the site's `permalink` (`/emnews/2021/12/08/1.html` for the default `date`
style) but that no post of the site is published at: a post that was renamed, redated,
recategorised or never published.

## Why is this bad?
"Related news" links that lead to a 404 page; they usually mean a post's date or
category changed after it was linked.

## Example
```markdown
另见[此前报道](/emnews/2021/12/07/1.html)。
```

## Use instead
```markdown
另见[此前报道](/emnews/2021/12/08/202112082206672930.html)。
```

## Fix safety
Not fixable: the intended post is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import internal_links
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.urls import is_published

CODE = "LNK004"
NAME = "missing-post-link"
TARGET = "links"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    template = doc.site.template
    for link, resolved in internal_links.links(doc):
        if internal_links.looks_like_post(template, resolved.path) and not is_published(
            doc.site, resolved
        ):
            yield Problem(
                link.target_start,
                link.target_end,
                f"link '{link.target}' goes to {resolved.path}, where the site publishes no post",
            )
