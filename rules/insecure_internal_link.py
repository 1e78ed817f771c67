"""An `http://` link to the site's own pages.

## What it does
Reports links (return links included) that name the site's own host (the host of
`url` or of `CNAME`) with the `http:` scheme.

## Why is this bad?
The site is served over HTTPS; an `http://` link costs a redirect, and on a site
without one it downgrades the reader to an unencrypted connection.

## Example
```markdown
[返回首页](http://finews.example.com/)
```

## Use instead
```markdown
[返回首页](//finews.example.com/)
```

## Fix safety
Safe: drops the `http:` so the link becomes protocol-relative, the site's canonical
form; it then follows the scheme of the page, which is HTTPS. An autolink
(`<http://…>`) needs its scheme to stay a link, so there the fix writes `https:`.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.urls import is_checkable, resolve

CODE = "LNK006"
NAME = "insecure-internal-link"
TARGET = "links"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    body = doc.body
    for link in body.links:
        target = link.target
        if (
            body.is_opaque(link.start)
            or not target.lower().startswith("http://")
            or not is_checkable(target)
        ):
            continue
        resolved = resolve(doc.site, target, doc.url or "/")
        if not resolved.internal:
            continue
        if link.kind == "autolink":  # `<//host/…>` would no longer be a link
            fix = Fix.replace(
                link.target_start,
                link.target_start + len("http:"),
                "https:",
                description="use https:",
                changes_visible_text=True,  # the address is the link's text: it gains an "s"
            )
        else:
            fix = Fix.replace(
                link.target_start,
                link.target_start + len("http:"),
                "",
                description="make the link protocol-relative",
            )
        yield Problem(
            link.target_start,
            link.target_end,
            f"link '{target}' uses http:// to the site's own host {resolved.host}",
            fix,
        )
