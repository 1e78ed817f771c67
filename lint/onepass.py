"""Lint every post of a site in one pass, building the post index from the posts as they
are linted, instead of reading every post once for the index and once more to lint it.

A cold run over a whole site read each post twice. The index pass took ~15% of its CPU,
most of it computing URLs the lint then reused; one pass saves the second read and parse
of every post and the index's pool (~3% of CPU, ~5% of wall time). File rules ask the
index two things only (``Site.offset_style`` and, through ``Site.url_exists``, whether
another post is published at a URL), and a site can record what they asked as facts
(``Site.reads``, which the result cache checks the same way). So the posts are linted
while the site answers with guesses (the offset style most of a sample of posts use; no
other post at any URL), each file's facts are kept, and each post sends back its index
row, made from the front matter its lint parsed. Once every row is in, the index is
installed, each file's facts are checked against it, and the few files whose facts do not
hold (a link to another post, a wrong guess) are linted again. Any other use of the index
while guessing raises :class:`~finews_lint.site.NeedsPostIndex`, and that file is linted
again too: the report is the two-pass report, exactly.

Used for runs over every post of their sites when no active rule reads other posts in ways
facts do not describe: without a result cache (``--no-cache``), and with the cache when the
cache folder holds no post index yet (a first run, as in a fresh clone in CI). There each
file's cache entry keeps the facts its lint read, the guesses among them checked like the
rest, and the index is saved with the stamps the posts had before they were read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .cache import digest as cache_digest
from .cache import facts_hold
from .diagnostic import holding_path
from .findings import Findings, count_errors
from .memo import OneCopy
from .reader import Unreadable, read_content
from .site import NeedsPostIndex

if TYPE_CHECKING:
    from .cache import Stamp
    from .diagnostic import Diagnostic
    from .discover import Target
    from .document import Document
    from .engine import Linter
    from .parallel import Packed
    from .site import Site

#: Whether runs may lint in one pass (tests turn it off to compare with two passes).
ENABLED = True
#: Sites with fewer posts gain nothing worth the guessing.
MIN_POSTS = 64
Result = TypeVar("Result")
#: What the parent reads of a file linted while guessing, as its chunk comes back: (whether
#: it must be linted again, the facts its lint read, its index facts, for a post; the digest
#: of its content, for the post index, when the index is kept; how many findings, and how
#: many errors, for the report's counts).
Light = tuple[bool, tuple[Any, ...], tuple[Any, ...] | None, str | None, int, int]
#: A file linted while guessing: what the parent reads at once, and its result (None when it
#: must be linted again), which the parent keeps packed until every file is linted.
Guessed = tuple[Light, Result | None]
#: What a lint while guessing gives: (diagnostics or None, facts read, index facts).
Attempt = tuple[list["Diagnostic"] | None, tuple[Any, ...], tuple[Any, ...] | None]
#: The facts a file's lint read (see ``Site.facts_read_by``).
Facts = tuple[Any, ...]
#: The most distinct sets of facts a run keeps one copy of (a site whose posts each read
#: facts of their own gains nothing from sharing them).
SHARED_FACTS = 4096
#: What ``Linter.lint_for_cache`` gives: (diagnostics, stamp, content hash, facts).
CacheResult = tuple[list["Diagnostic"], "Stamp | None", str | None, tuple[Any, ...]]


def applies(linter: Linter, targets: list[Target], *, first_index: bool = False) -> bool:
    """Whether ``targets`` hold every post of their sites, none of which has an index yet
    (with ``first_index``, none kept in the cache folder either: a kept index is cheaper)."""
    if not ENABLED or linter.reads_posts or not targets:
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
        and not (first_index and site.has_kept_index())
        and len(site.post_paths) >= MIN_POSTS
        and posts.get(root, set()).issuperset(site.post_paths)
        for root, site in sites.items()
    )


def lint(linter: Linter, targets: list[Target], jobs: int) -> Findings:
    """The diagnostics of ``targets`` (as ``Linter.lint_for_report`` gives them), the sites'
    post indexes built on the way, read from the packed results as the report is written."""
    run = _in_one_pass(
        linter, targets, jobs, _lint_guessing, linter.lint_for_report, _sharing_diagnostics, _same
    )
    return Findings([t.display for t in targets], run.results, run.total, run.errors)


def lint_for_cache(linter: Linter, targets: list[Target], jobs: int) -> InOnePass[CacheResult]:
    """``Linter.lint_for_cache`` of each target, the sites' post indexes built on the way
    (and saved with the cache): a first run with the cache, as in a fresh clone in CI."""
    return _in_one_pass(
        linter,
        targets,
        jobs,
        _cache_guessing,
        linter.lint_for_cache,
        _sharing_cache_result,
        _diagnostics_of,
    )


class InOnePass(Generic[Result]):
    """The results of a run in one pass, made anew from the packed chunks by each call of
    :meth:`results`; ``total`` and ``errors`` count the findings of them all."""

    def __init__(
        self,
        linter: Linter,
        targets: list[Target],
        chunks: list[Packed[Facts, Result | None]],
        redone: dict[int, Result],
        sharing: Callable[[Linter, Result, Target, Facts], Result],
        counts: tuple[int, int],
    ) -> None:
        self.linter = linter
        self.targets = targets
        self.chunks = chunks
        self.redone = redone
        self.sharing = sharing
        self.total, self.errors = counts

    def results(self, start: int, stop: int) -> Iterator[Result]:
        """The result of each target of ``targets[start:stop]``, in order (only the chunks
        that hold them are unpacked)."""
        linter, targets, redone, sharing = self.linter, self.targets, self.redone, self.sharing
        first = 0  # the number of the chunk's first target
        for chunk in self.chunks:
            if first >= stop:
                return
            after = first + len(chunk)
            if after > start:
                pairs = zip(chunk.light, chunk.heavy(), strict=True)
                for n, (facts, result) in enumerate(pairs, first):
                    if n < start or n >= stop:
                        continue
                    if n in redone:
                        yield redone[n]
                    else:
                        assert result is not None  # None: linted again
                        yield sharing(linter, result, targets[n], facts)
            first = after


def _in_one_pass(
    linter: Linter,
    targets: list[Target],
    jobs: int,
    guessing: Callable[[Linter, Target], Guessed[Result]],
    again: Callable[[Target], Result],
    sharing: Callable[[Linter, Result, Target, Facts], Result],
    found_of: Callable[[Result], list[Diagnostic]],
) -> InOnePass[Result]:
    """``guessing`` over the targets while their sites guess, then ``again`` for the targets
    whose facts do not hold once the post index is in. ``sharing(linter, result, target,
    facts)`` is a worker's result made to hold the parent's objects where it has copies
    (the display string of the file in each of its findings: ~95 bytes a post);
    ``found_of(result)`` its findings."""
    sites = list({str(t.site.root): t.site for t in targets}.values())
    for site in sites:
        if site.index_folder is not None:
            _ = site.post_stat_columns  # the index's stamps: taken before the posts are read
        site.guessed_offset_style = site.guess_offset_style()
        site.guessing = True
    try:
        chunks = linter.map_packed(
            lambda target: guessing(linter, target), targets, jobs, _settling()
        )
    finally:
        for site in sites:
            site.guessing = False
    outcomes = [light for chunk in chunks for light in chunk.light]
    for site in sites:
        mine = [
            (t, outcome) for t, outcome in zip(targets, outcomes, strict=True) if t.site is site
        ]
        site.install_post_table(
            {t.relpath: light[2] for t, light in mine if light[2] is not None},
            {t.relpath: light[3] for t, light in mine if light[3] is not None},
        )
    answers: dict[str, dict[str, bool]] = {str(site.root): {} for site in sites}
    redo = [
        n
        for n, (target, (guessed_wrong, facts, *_)) in enumerate(
            zip(targets, outcomes, strict=True)
        )
        if guessed_wrong or not facts_hold(target.site, facts, answers[str(target.site.root)])
    ]
    redone = dict(zip(redo, linter.map(again, [targets[n] for n in redo], jobs), strict=True))
    total = errors = 0
    for n, light in enumerate(outcomes):
        if n in redone:
            found = found_of(redone[n])
            total += len(found)
            errors += count_errors(found)
        else:
            total += light[4]
            errors += light[5]
    del outcomes
    for chunk in chunks:  # the rest of each file's light part is in the index now
        chunk.light = [light[1] for light in chunk.light]
    return InOnePass(linter, targets, chunks, redone, sharing, (total, errors))


def _settling() -> Callable[[int, list[Light]], None]:
    """What the parent does with each chunk of outcomes as it comes back from a worker: the
    parent keeps them all until the post index is in, and unpickled they hold copies of
    what they repeat. Facts are a few tuples a post, and most posts read the same ones
    (20,000 generated posts read 981 distinct sets: the guessed offset style, and whether
    their month's folder is published): each distinct set is kept once (~225 bytes a post).
    """
    shared: OneCopy[Facts] = OneCopy(SHARED_FACTS)

    def settle(first: int, outcomes: list[Light]) -> None:
        for n, (guessed_wrong, facts, row, digest, total, errors) in enumerate(outcomes):
            outcomes[n] = (guessed_wrong, shared(facts), row, digest, total, errors)

    return settle


def _sharing_diagnostics(
    linter: Linter, found: list[Diagnostic], target: Target, facts: Facts
) -> list[Diagnostic]:
    """The findings of ``target``, holding its display string, not a copy each file."""
    return holding_path(found, target.display)


def _same(found: list[Diagnostic]) -> list[Diagnostic]:
    return found


def _diagnostics_of(result: CacheResult) -> list[Diagnostic]:
    return result[0]


def _sharing_cache_result(
    linter: Linter, result: CacheResult, target: Target, facts: Facts
) -> CacheResult:
    """Also the file's stamp: the parent took it before the workers forked (~200 bytes a
    post as a copy)."""
    found, stamp, digest, _ = result  # the same facts (see _cache_guessing)
    taken = linter.known_stamp(target)
    return (
        _sharing_diagnostics(linter, found, target, facts),
        taken if taken == stamp else stamp,
        digest,
        facts,
    )


def _lint_guessing(linter: Linter, target: Target) -> Guessed[list[Diagnostic]]:
    """((whether it must be linted again, the facts it read, its index facts, no digest: no
    index is kept), its diagnostics or None)."""
    loaded = linter.load(target)
    if isinstance(loaded, list):  # unreadable or undecodable: the index reads it as empty
        found = linter.for_report(loaded)
        return _light(False, (), _empty_row(target), None, found), found
    attempt, facts, row = _lint_loaded_guessing(linter, target, loaded)
    return _light(attempt is None, facts, row, None, attempt), attempt


def _cache_guessing(linter: Linter, target: Target) -> Guessed[CacheResult]:
    """((whether it must be linted again, the facts the lint read, its index facts, its
    content's digest: known even when it is linted again, so the index kept for the next
    run need not read it), ``Linter.lint_for_cache``'s answer or None)."""
    stamp = linter.stamp_of(target)
    try:
        raw = read_content(target.path)
    except Unreadable:
        found = linter.lint_target(target)
        return _light(False, (), _empty_row(target), None, found), (found, None, None, ())
    loaded = linter.load(target, raw)
    digest = cache_digest(raw)
    if isinstance(loaded, list):  # undecodable: the index reads it as empty
        found = linter.for_report(loaded)
        return _light(False, (), _empty_row(target), digest, found), (found, stamp, digest, ())
    attempt, facts, row = _lint_loaded_guessing(linter, target, loaded)
    light = _light(attempt is None, facts, row, digest, attempt)
    return light, (None if attempt is None else (attempt, stamp, digest, facts))


def _light(
    guessed_wrong: bool,
    facts: Facts,
    row: tuple[Any, ...] | None,
    digest: str | None,
    found: list[Diagnostic] | None,
) -> Light:
    """What the parent reads of a file as its chunk comes back (see :data:`Light`)."""
    if not found:
        return guessed_wrong, facts, row, digest, 0, 0
    return guessed_wrong, facts, row, digest, len(found), count_errors(found)


def _lint_loaded_guessing(linter: Linter, target: Target, loaded: Document) -> Attempt:
    def attempt() -> list[Diagnostic] | None:
        try:
            return linter.for_report(linter.lint_in_budget(loaded))
        except NeedsPostIndex:
            return None

    found, facts = target.site.facts_read_by(attempt)
    row = target.site.index_row(target.relpath, loaded.jekyll_data)[0] if loaded.is_post else None
    return found, facts, row


def _empty_row(target: Target) -> tuple[Any, ...] | None:
    """The index facts of a post that cannot be read (as the index reads it: empty)."""
    return target.site.index_row(target.relpath, {})[0] if target.kind == "post" else None
