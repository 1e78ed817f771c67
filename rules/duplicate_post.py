"""Two posts with the same title and body.

## What it does
Compares every post of the site with the others, and with pages that use the `post`
layout (copies kept in folders such as `old_post/`, which Jekyll publishes too): files
whose `title` and article are the same are duplicates. The article is the body's
visible text without the source link and the return links, whitespace aside, so two
copies of one article fetched from two URLs are duplicates. Runs once per site; each
duplicate after the first (posts first, then in path order) is reported on its
`title`, naming the first.

## Why is this bad?
The generator fetched the same article twice: the site lists it twice, and search
engines rank pages with duplicate content lower.

## Example
```text
_posts/2021-12-08-1.md and _posts/2021-12-08-2.md: same title, same text
```

## Use instead
Keep one of them (and redirect the other's URL if it was already published).

## Fix safety
Not fixable: which copy to keep is the user's choice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from finews_lint import sitetext
from finews_lint.diagnostic import Problem
from finews_lint.posttable import positions
from finews_lint.rule import NoOptions
from finews_lint.site import Site

CODE = "REPO002"
NAME = "duplicate-post"
TARGET = "site"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


FOCUSED = True  # check(site, options, only=...) reports on the run's files alone


def _groups(site: Site, only: frozenset[str] | None) -> list[list[str]]:
    """Paths sharing a title: posts, then pages, each in path order (groups with a file of only)."""
    table = site.post_table
    relpaths = table.relpaths
    pages = [(p.relpath, p.title) for p in site.pages if p.layout == "post"]
    if only is None:  # all of them: zipped each time they are read, not kept as a list

        def posts() -> Iterable[tuple[str, Any]]:
            return zip(relpaths, table.column("title"), strict=True)

    else:  # the titles of the run's files, then the files with those titles
        own = [table.value("title", i) for i in positions(relpaths, only)]
        wanted = {t.strip() for t in own + [t for r, t in pages if r in only] if t and t.strip()}
        if not wanted:
            return []
        chosen = [(relpaths[i], table.value("title", i)) for i in table.rows_where("title", wanted)]
        pages = [(relpath, t) for relpath, t in pages if t and t.strip() in wanted]

        def posts() -> Iterable[tuple[str, Any]]:
            return chosen

    shared = _shared_titles(posts(), pages)
    by_title: dict[str, tuple[list[str], list[str]]] = {}
    for kind, files in enumerate((posts(), pages)):
        for relpath, title in files:
            key = title.strip() if title else ""
            if key in shared:
                by_title.setdefault(key, ([], []))[kind].append(relpath)
    return [sorted(in_posts) + sorted(in_pages) for in_posts, in_pages in by_title.values()]


def _shared_titles(*files: Iterable[tuple[str, Any]]) -> set[str]:
    """The titles (stripped) that more than one of ``files`` have: only they can make a group
    of duplicates. Grouping every title of 100,000 posts took ~37 MB for a moment."""
    counts = Counter(title.strip() for group in files for _, title in group if title)
    return {title for title, count in counts.items() if count > 1 and title}


def check(
    site: Site, options: NoOptions, only: frozenset[str] | None = None
) -> Iterator[tuple[str, Problem]]:
    # Only files that share a title can be duplicates: read just those (titles come from
    # the site model), not every post of a 36,000-post site; with ``only``, just the
    # titles of those files.
    for relpaths in _groups(site, only):
        if len(relpaths) < 2:
            continue
        first_of: dict[str, str] = {}
        for relpath in relpaths:
            found = sitetext.read(site, relpath)
            if found is None or found.front_matter is None:
                continue
            article = sitetext.article_text(found)
            if not article:
                continue
            original = first_of.setdefault(article, relpath)
            if original != relpath:
                start, end = found.value_span("title")
                yield (
                    relpath,
                    Problem(start, end, f"this file has the same title and article as {original}"),
                )
