"""A category page's `title` names another outlet than the posts it lists.

## What it does
For each category of the site's posts, finds its category page (the page whose
`category:` is the category, else whose permalink holds the category slug) and
compares the page's `title` with the `tags` of the posts in that category: the title
must name the outlet most of them are tagged with (`大众日报新闻` and `大众日报` agree).
Runs once per site; reported on the page's `title`.

## Why is this bad?
The page's title is the heading readers see over the list: a page titled
`光大证券研究新闻` that lists `大众日报` articles credits them to the wrong outlet.

## Example
```yaml
title: 光大证券研究新闻
category: dazhongribao   # its posts are tagged 大众日报新闻
```

## Use instead
```yaml
title: 大众日报新闻
category: dazhongribao
```

## Fix safety
Not fixable: either the title or the posts' tags may be wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from finews_lint import sitetext
from finews_lint.attribution import same_outlet
from finews_lint.diagnostic import Problem
from finews_lint.rule import NoOptions
from finews_lint.site import Site

CODE = "REPO001"
NAME = "category-title-mismatch"
TARGET = "site"
SCOPE = "any"
SEVERITY = "warning"
REPORTS_ON = "pages"
FIXABLE = None
Options = NoOptions


def check(site: Site, options: NoOptions) -> Iterator[tuple[str, Problem]]:
    tags_by_category: dict[str, Counter[str]] = {}
    for post in site.posts:
        for category in post.categories:
            tags_by_category.setdefault(category, Counter()).update(
                t.strip() for t in post.tags if t.strip()
            )
    reported: set[str] = set()
    for category, tags in sorted(tags_by_category.items()):
        page = site.category_page(category)
        if page is None or not page.title or not tags or page.relpath in reported:
            continue
        if any(same_outlet(page.title.strip(), tag) for tag in tags):
            continue
        found = sitetext.read(site, page.relpath)
        if found is None:
            continue
        reported.add(page.relpath)
        start, end = found.value_span("title")
        outlet, count = tags.most_common(1)[0]
        yield (
            page.relpath,
            Problem(
                start,
                end,
                f"the page of category '{category}' is titled {page.title.strip()}, "
                f"but its {sum(tags.values())} post(s) are tagged {outlet}"
                + ("" if count == sum(tags.values()) else " and others"),
            ),
        )
