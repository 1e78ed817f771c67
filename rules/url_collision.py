"""Two files that Jekyll would publish at the same URL.

## What it does
Computes the URL of every page (by `permalink:` or path) and post (by the site's
`permalink` pattern, dates in the site's `timezone`) and reports files that share one.
Runs once per site; each file after the first (in path order) is reported, on its
`permalink` when it sets one, naming the first.

## Why is this bad?
Jekyll writes both files to the same place in `_site/`: one silently replaces the
other, and which one wins depends on the build order.

## Example
```text
about.md with permalink: /emnews/   and   emnews.md with permalink: /emnews/
```

## Use instead
Give each file its own `permalink`, or delete one.

## Fix safety
Not fixable.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import sitetext
from finews_lint.diagnostic import Problem
from finews_lint.posttable import positions
from finews_lint.rule import NoOptions
from finews_lint.site import Site

CODE = "REPO003"
NAME = "url-collision"
TARGET = "site"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions


def _same_place(url: str) -> str:
    """``/a/`` and ``/a/index.html`` are the same file in ``_site/``."""
    return url + "index.html" if url.endswith("/") else url


FOCUSED = True  # check(site, options, only=...) reports on the run's files alone


def _urls(site: Site, only: frozenset[str] | None) -> list[tuple[str, str]]:
    """(url, relpath) of the site's files; with ``only``, of those sharing a place with them."""
    if only is None:
        return list(site.iter_urls())
    table = site.post_table
    relpaths = table.relpaths
    pages = [(page.url, page.relpath) for page in site.pages if page.published]
    own = [(table.value("url", i), relpaths[i]) for i in positions(relpaths, only)]
    places = {_same_place(url) for url, relpath in own + pages if url and relpath in only}
    # A file is at one of these places when its URL is the place, or the place less index.html.
    wanted = places | {p[: -len("index.html")] for p in places if p.endswith("/index.html")}
    posts = [(table.value("url", i), relpaths[i]) for i in table.rows_where("url", wanted)]
    return [(url, relpath) for url, relpath in pages if url in wanted] + posts


def _first_at(urls: list[tuple[str, str]]) -> dict[str, str]:
    """The first file in path order published at each place."""
    first_at: dict[str, str] = {}
    for url, relpath in urls:
        place = _same_place(url)
        if place not in first_at or relpath < first_at[place]:
            first_at[place] = relpath
    return first_at


def check(
    site: Site, options: NoOptions, only: frozenset[str] | None = None
) -> Iterator[tuple[str, Problem]]:
    urls = _urls(site, only)
    first_at = _first_at(urls)
    reported = urls if only is None else [(u, relpath) for u, relpath in urls if relpath in only]
    for url, relpath in sorted(reported, key=lambda item: item[1]):
        original = first_at[_same_place(url)]
        if original == relpath:
            continue
        found = sitetext.read(site, relpath)
        start, end = found.value_span("permalink") if found is not None else (0, 0)
        yield (
            relpath,
            Problem(start, end, f"Jekyll publishes this file at {url}, as it does {original}"),
        )
