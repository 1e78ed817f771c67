"""A return link goes to no page of the site, or to another host.

## What it does
Resolves each return link (`[返回…](…)`) the way a browser does from the URL the post
or page is published at: `//host/path`, `https://host/path`, `/path` and relative
`../emnews/` alike. Under Jekyll's default permalinks `../emnews/` in
`/emnews/2021/12/08/1.html` resolves to `/emnews/2021/12/emnews/`, which does not
exist. The host must be the site's: the host of `url` in `_config.yml` or the one in
`CNAME`. The path must be published by the site: a page by its permalink or path, a
post, or a static file.

## Why is this bad?
Return links are how readers leave a post for the rest of the site; a broken one is a
404 page at the end of every post that has it.

## Example
```markdown
[返回东财滚动新闻](../emnews/)
[返回首页](../)
```

## Use instead
```markdown
[返回东财滚动新闻](//finews.example.com/emnews/)
[返回首页](//finews.example.com/)
```

## Fix safety
Safe: the link is rewritten to the site's canonical form (protocol-relative on the host
of `url`) of the page it is meant for: the home page for `[返回首页]`, the post's
category page for the category link. A relative link is always rewritten; a missing
page by absolute path (`/category/Dazhongribao.html`) only when the link's text names
the post's outlet (its `tags`), so the page it promises is known. A link to a foreign
host (the source's host, an old domain) is pointed at the same page only with
`--unsafe-fixes`: it may be a mirror the editors meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import footer, returns
from finews_lint.body import Link
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.urls import canonical, is_published

CODE = "LNK002"
NAME = "broken-return-link"
TARGET = "links"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions


def _intended(doc: Document, link_is_home: bool) -> str | None:
    page = doc.site.home if link_is_home else returns.expected_category(doc)
    return canonical(doc.site, page.url) if page is not None else None


def _names_the_post_s_outlet(doc: Document, link: Link, found: footer.Footer) -> bool:
    """Whether the link's text promises the page the fix would link to: the home link, or
    a category link naming the post's tags (`返回大众日报新闻` for `tags: 大众日报新闻`)."""
    return link is found.home or returns.names_the_tags(doc, link)


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if doc.front_matter is not None and not doc.front_matter.ok:
        return
    found = footer.find(doc.body)
    for link in found.return_links:
        resolved = returns.resolve_link(doc, link)
        if resolved is None:
            continue
        target = link.target.strip() or "(empty)"
        if not link.target.strip():
            yield Problem(
                link.start, link.end, "return link has no target: it links to the post itself"
            )
            continue
        if not resolved.valid:
            yield Problem(
                link.target_start, link.target_end, f"return link '{target}' is not a valid URL"
            )
            continue
        if not resolved.host and resolved.scheme not in ("http", "https", ""):
            yield Problem(
                link.target_start,
                link.target_end,
                f"return link '{target}' is not a link to a web page",
            )
            continue
        if not resolved.internal:
            hosts = " or ".join(sorted(doc.site.hosts)) or "the site's"
            intended = (
                _intended(doc, link is found.home)
                if _names_the_post_s_outlet(doc, link, found)
                else None
            )
            yield Problem(
                link.target_start,
                link.target_end,
                f"return link '{target}' goes to host '{resolved.host}', not to {hosts}",
                Fix.replace(
                    link.target_start,
                    link.target_end,
                    intended,
                    safe=False,  # readers were sent elsewhere: an editor confirms the move
                    description=f"link to {intended}",
                )
                if intended
                else None,
            )
            continue
        if is_published(doc.site, resolved):
            continue
        fix = None
        if returns.is_relative(link.target) or _names_the_post_s_outlet(doc, link, found):
            intended = _intended(doc, link is found.home)
            if intended:
                fix = Fix.replace(
                    link.target_start, link.target_end, intended, description=f"link to {intended}"
                )
        # As a reader's browser shows them: with the site's baseurl.
        baseurl = doc.site.config.baseurl
        where = resolved.path if resolved.outside_baseurl else baseurl + resolved.path
        yield Problem(
            link.target_start,
            link.target_end,
            f"return link '{target}' resolves to {where} from {baseurl}{doc.url}, "
            f"which the site does not publish{_no_category_page(doc, link, found)}",
            fix,
        )


def _no_category_page(doc: Document, link: Link, found: footer.Footer) -> str:
    """A hint when the post's category has no page at all (a new outlet): the link cannot
    be right until one is made."""
    if link is found.home or returns.expected_category(doc) is not None:
        return ""
    categories = doc.categories
    if not categories:
        return ""
    return (
        f"; the site has no page for the post's category '{categories[0]}' yet (a page with"
        f" `category: {categories[0]}` in its front matter, such as"
        f" category/{categories[0]}.html, would be the one)"
    )
