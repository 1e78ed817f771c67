"""The category return link points at another category, or names another source.

## What it does
Checks the link `[返回<outlet>新闻](<category page>)` of a post against the post's
front matter: the page it resolves to must be the page of one of the post's categories
(the page whose `category:` equals it, else the page whose permalink holds the category
slug, as `/emnews/` for `categories: emnews`), and its text must name the
post's `tags` (`返回大众日报新闻` for `tags: 大众日报新闻`; a trailing `新闻` is
optional). A link to another category's page is reported also when no page lists the
post's own category (`categories: nosuchcat`): then the category or the page is missing,
which is for an editor to say. Where links that resolve to no page go is LNK002's
business; their text is still checked here.

## Why is this bad?
The link promises "back to this outlet's news" and lands on another outlet's list, or
names an outlet the post is not filed under.

## Example
```markdown
---
categories: dazhongribao
tags: 大众日报新闻
---
[返回大众日报新闻](//finews.example.com/category/36ke.html)｜[返回首页](//finews.example.com/)
```

## Use instead
```markdown
[返回大众日报新闻](//finews.example.com/category/dazhongribao.html)｜[返回首页](//finews.example.com/)
```

## Fix safety
Safe: when only the target is wrong, it is pointed at the post's category page in the
site's canonical form; the text a reader sees does not change. A text that names
another outlet is reported, not rewritten: which of the two is right (the text or the
post's `tags`) is an editor's call, and the fixer never rewrites visible text.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import footer, returns
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.site import Page
from finews_lint.urls import canonical, is_published, page_at

CODE = "LNK003"
NAME = "return-link-mismatch"
TARGET = "links"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if doc.front_matter is not None and not doc.front_matter.ok:
        return
    link = footer.find(doc.body).category
    if link is None:
        return
    resolved = returns.resolve_link(doc, link)
    # Where a link that reaches no page goes is LNK002's to say; what its text names is
    # this rule's either way (a fix of the target must not bring it up only then).
    reaches = resolved is not None and resolved.internal and is_published(doc.site, resolved)
    expected = returns.expected_category(doc)
    tags = returns.outlet_tags(doc)
    reasons = []
    if reaches:
        assert resolved is not None
        reasons += _wrong_target(doc, page_at(doc.site, resolved.path), resolved.path, expected)
    if tags and not returns.names_the_tags(doc, link):
        named = returns.named_outlet(link)
        reasons.append(f"its text names {named}, not the post's tags {'、'.join(tags)}")
    if not reasons:
        return
    page = expected if reasons and reasons[0].startswith("it goes to") else None
    fix = None
    if page is not None and len(reasons) == 1:
        # Only the target is wrong: point it at the category page; the text a reader sees stays.
        url = canonical(doc.site, page.url)
        fix = Fix.replace(
            link.target_start, link.target_end, url, description="link to the post's category page"
        )
    yield Problem(
        link.start,
        link.end,
        "the category return link does not match the post: " + "; ".join(reasons),
        fix,
    )


def _wrong_target(
    doc: Document, landed: Page | None, path: str, expected: Page | None
) -> list[str]:
    """Why the page the link reaches is not the post's category page, if it is not."""
    if expected is not None and not _lists_one_of(doc, landed):
        where = landed.relpath if landed is not None else path
        return [f"it goes to {where}, not to the post's category page {expected.relpath}"]
    if expected is None and _another_category(doc, landed):
        assert landed is not None
        categories = ", ".join(doc.categories) or "none"
        return [
            f"it goes to {landed.relpath}, the page of category '{landed.category}', and no"
            f" page lists the post's categories ({categories})"
        ]
    return []


def _another_category(doc: Document, page: Page | None) -> bool:
    """Whether ``page`` lists a category the post does not have, in any case and with any
    comma a generator left on it (those are FM008's to report)."""
    if page is None or page.category is None:
        return False
    written = doc.data.get("categories")
    if isinstance(written, str) and len(written.split()) > 1:
        return False  # `dazhong ribao`: FM008 reports the split, and names the page meant
    return all(category.strip(",").lower() != page.category.lower() for category in doc.categories)


def _lists_one_of(doc: Document, page: Page | None) -> bool:
    """Whether ``page`` is the category page of one of the post's categories. A comma a
    generator left on a category (``categories: dazhongribao, kuaixun``) is no part of
    the category meant: FM008 reports it, and the link to that category's page stays."""
    if page is None:
        return False
    for category in doc.categories:
        listing = doc.site.category_page(category) or doc.site.category_page(category.strip(","))
        if listing is not None and listing.relpath == page.relpath:
            return True
    return False
