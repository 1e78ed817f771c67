"""Lint every post of a site in one pass, building the post index from the posts as they
are linted, instead of reading every post once for the index and once more to lint it.

A cold run over a whole site read each post twice. The index pass took ~15% of its CPU,
most of it computing URLs the lint then reused; one pass saves the second read and parse
of every post and the index's pool (~3% of CPU, ~5% of wall time). File rules ask the index two things only (``Site.offset_style`` and, through
``Site.url_exists``, whether another post is published at a URL), and a site can record
what they asked as facts (``Site.reads``, which the result cache checks the same way). So
the posts are linted while the site answers with guesses (the offset style most of a
sample of posts use; no other post at any URL), each file's facts are kept, and each post
sends back its index row, made from the front matter its lint parsed. Once every row is
in, the index is installed, each file's facts are checked against it, and the few files
whose facts do not hold (a link to another post, a wrong guess) are linted again. Any
other use of the index while guessing raises :class:`~finews_lint.site.NeedsPostIndex`,
and that file is linted again too: the report is the two-pass report, exactly.

Used for runs without a result cache (``--no-cache``) over every post of their sites, when
no active rule reads other posts in ways facts do not describe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cache import facts_hold
from .site import NeedsPostIndex

if TYPE_CHECKING:
    from .diagnostic import Diagnostic
    from .discover import Target
    from .engine import Linter
    from .site import Site

#: Whether runs may lint in one pass (tests turn it off to compare with two passes).
ENABLED = True
#: Sites with fewer posts gain nothing worth the guessing.
MIN_POSTS = 64
Outcome = tuple[list["Diagnostic"] | None, tuple[Any, ...], tuple[Any, ...] | None]


def applies(linter: Linter, targets: list[Target]) -> bool:
    """Whether ``targets`` hold every post of their sites, none of which has an index yet."""
    if not ENABLED or linter.reads_posts:
        return False
    posts: dict[str, set[str]] = {}
    sites: dict[str, Site] = {}
    for target in targets:
        root = str(target.site.root)
        sites[root] = target.site
        if target.kind == "post":
            posts.setdefault(root, set()).add(target.relpath)
    return all(
        "post_table" not in site.__dict__
        and len(site.post_paths) >= MIN_POSTS
        and posts.get(root, set()).issuperset(site.post_paths)
        for root, site in sites.items()
    )


def lint(linter: Linter, targets: list[Target], jobs: int) -> list[Diagnostic]:
    """The diagnostics of ``targets`` (as ``Linter.lint_for_report`` gives them), the sites'
    post indexes built on the way."""
    sites = list({str(t.site.root): t.site for t in targets}.values())
    for site in sites:
        site.guessed_offset_style = site.guess_offset_style()
        site.guessing = True
    try:
        outcomes = linter.map(lambda target: _lint_guessing(linter, target), targets, jobs)
    finally:
        for site in sites:
            site.guessing = False
    for site in sites:
        site.install_post_table(
            {
                t.relpath: row
                for t, (_, _, row) in zip(targets, outcomes, strict=True)
                if row is not None and t.site is site
            }
        )
    again = [
        n
        for n, (target, (found, facts, _)) in enumerate(zip(targets, outcomes, strict=True))
        if found is None or not facts_hold(target.site, facts)
    ]
    redone = linter.map(linter.lint_for_report, [targets[n] for n in again], jobs) if again else []
    diagnostics: list[list[Diagnostic] | None] = [found for found, _, _ in outcomes]
    for n, found in zip(again, redone, strict=True):
        diagnostics[n] = found
    return [d for found in diagnostics if found is not None for d in found]


def _lint_guessing(linter: Linter, target: Target) -> Outcome:
    """(diagnostics or None when it must be linted again, the facts it read, its index facts)."""
    site = target.site
    loaded = linter.load(target)
    if isinstance(loaded, list):  # unreadable or undecodable: the index reads it as empty
        return (
            linter.for_report(loaded),
            (),
            site.index_row(target.relpath, {})[0] if target.kind == "post" else None,
        )

    def attempt() -> list[Diagnostic] | None:
        try:
            return linter.for_report(linter.lint_loaded(target, loaded))
        except NeedsPostIndex:
            return None

    found, facts = site.facts_read_by(attempt)
    return found, facts, site.index_row(target.relpath, loaded.data)[0] if loaded.is_post else None
