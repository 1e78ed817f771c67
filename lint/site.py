"""The site model: what Jekyll knows from the site root, built once per run.

It answers the questions rules ask of the whole site: which layouts exist, what URL
a page or post is published at, which page serves a URL, which page lists a category,
and which hosts are the site's own.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, tzinfo
from functools import cached_property
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

from . import configyaml, permalink
from .dates import file_date, parse_date, site_zone
from .digest import content_digest
from .frontmatter import find_block, yaml_errors
from .frontmatter import parse as parse_front_matter
from .jekyllfields import as_list, breaks_front_matter, categories_of
from .listing import Listing
from .memo import OneCopy
from .posttable import PostTable
from .quickyaml import read_flat
from .reader import Unreadable, read_content
from .record import field, record
from .source import DecodeError, decode
from .statall import Columns

T = TypeVar("T")
#: Up to this many edited posts, the post index is patched in memory, not written again.
KEEP_INDEX_UP_TO = 64
#: URLs computed while linting are memoized for this many posts at a time: a post's own
#: rules and its index row ask for its URL, later posts do not. An unbounded memo grew each
#: worker by ~0.5 KB a post it linted (36 MB of 350 at 80,000 posts).
RECENT_URLS = 512
#: The most distinct lists of categories or tags :meth:`Site.index_row` keeps one copy of.
SHARED_LISTS = 4096
#: A run asks the post index's packed URLs this many times before it builds the set of URLs.
SEARCHED_URLS = 16
_OFFSET_STYLE = re.compile(r"[-+]\d{2}(:)?\d{2}\s*$")
# Markdown is converted to .html; .html and .htm pass through as they are (a .htm post is
# published as .htm).
MARKDOWN_SUFFIXES = permalink.MARKDOWN_SUFFIXES
CONTENT_SUFFIXES = (*MARKDOWN_SUFFIXES, ".html", ".htm")
POST_SUFFIXES = CONTENT_SUFFIXES
ALWAYS_SKIPPED_DIRS = frozenset({"_site", ".git", "node_modules", ".jekyll-cache", ".sass-cache"})
JEKYLL_DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``_config.yml`` (a folder or a
    dangling link of that name too: it is the site's, and :class:`Site` says it cannot be
    read, where taking a folder further up, or none, would judge every post wrongly)."""
    current = start if start.is_dir() else start.parent
    for folder in (current, *current.parents):
        if os.path.lexists(folder / "_config.yml"):
            return folder
    return None


def url_candidates(path: str) -> list[str]:
    """The URLs a server may answer ``path`` from, as Jekyll writes them: a folder's
    ``index.html``, a name without extension as ``.html`` or as a folder, and a ``.html``
    file for the page whose URL has no extension."""
    candidates = [path]
    if path.endswith("/"):
        candidates.append(path + "index.html")
    elif path.endswith("/index.html"):
        candidates.append(path[: -len("index.html")])
    elif not PurePosixPath(path).suffix:
        candidates += [path + ".html", path + "/"]
    elif path.endswith(".html"):  # a URL without extension is written as a .html file
        candidates.append(path[: -len(".html")])
    return candidates


@record(slots=True)
class SiteConfig:
    """The parts of ``_config.yml`` the linter needs."""

    raw: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def _get(self, key: str, default: Any = None) -> Any:
        value = self.raw.get(key, default)
        return default if value is None else value

    @property
    def url(self) -> str:
        return str(self._get("url", ""))

    @property
    def baseurl(self) -> str:
        """``/blog``: ``blog`` and ``/blog/`` as Jekyll's URL filters write them (a leading
        slash, none at the end); empty for none."""
        value = str(self._get("baseurl", "")).strip().strip("/")
        return "/" + value if value else ""

    @property
    def timezone(self) -> str | None:
        value = self._get("timezone")
        return str(value) if value else None

    @property
    def permalink(self) -> str:
        return str(self._get("permalink", "date"))

    @property
    def encoding(self) -> str:
        return str(self._get("encoding", "utf-8"))

    @property
    def exclude(self) -> list[str]:
        value = self._get("exclude", [])
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]

    @property
    def include(self) -> list[str]:
        value = self._get("include", [])
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]


#: What a post's URL depends on (``published: false``: that it has none).
_URL_KEYS = ("date", "permalink", "slug", "categories", "category", "published")


def _url_key(relpath: str, data: dict[str, Any]) -> tuple[str, ...]:
    return (relpath, *(repr(data[key]) if key in data else "" for key in _URL_KEYS))


def load_config(root: Path) -> SiteConfig:
    try:
        text = (root / "_config.yml").read_text(encoding="utf-8-sig")
        data = configyaml.load(text)
    except (OSError, UnicodeDecodeError, yaml_errors()) as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:  # PyYAML's long report, in one line
            where = f"line {mark.line + 1}, column {mark.column + 1}"
            return SiteConfig(
                error=f"_config.yml cannot be read: invalid YAML at {where}: "
                f"{getattr(exc, 'problem', None) or exc}"
            )
        return SiteConfig(error=f"_config.yml cannot be read: {exc}")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return SiteConfig(error="_config.yml is not a mapping of settings")
    return SiteConfig(raw={str(k): v for k, v in data.items()})


@record(slots=True)
class Page:
    relpath: str
    url: str
    title: str | None = None
    category: str | None = None
    layout: str | None = None
    published: bool = True  # False: `published: false`, Jekyll does not write it


@record(slots=True)
class PostEntry:
    relpath: str
    url: str | None
    title: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    date: str | None = None  # as written in the front matter


def _facts_by_position(
    rows: Iterable[tuple[int, tuple[tuple[Any, ...], tuple[str, ...]]]],
) -> dict[int, tuple[Any, ...]]:
    """The facts of index rows (as :meth:`Site.index_row` gives them) by position."""
    return {n: facts for n, (facts, _) in rows}


class NeedsPostIndex(BaseException):
    """A check asked for the post index while the posts are linted before it exists (see
    :mod:`finews_lint.onepass`): the file is linted again once the index is built.

    Not an ``Exception``, as ``GeneratorExit`` is not: a rule (or a plugin) that catches
    ``Exception`` to carry on must not swallow it and report on an index it never saw.
    """


def _is_hidden(part: str) -> bool:
    return part.startswith(("_", ".", "#", "~"))


class Site:
    """A Jekyll site rooted at ``root``."""

    def __init__(
        self, root: Path, *, post_folders: tuple[str, ...] = (), listing: Listing | None = None
    ) -> None:
        self.root = root.resolve()
        self._prefix = str(self.root) + os.sep  # to join file names fast (a Path costs ~10 us)
        self.listing = listing or Listing()  # the run's folder listings, shared with discovery
        self.config = load_config(self.root)
        if self.config.error is not None and os.path.lexists(self.root / "_config.yml"):
            from .config import ConfigError

            # Jekyll does not build the site either: every verdict would be on defaults.
            raise ConfigError(f"{self.root}: {self.config.error}")
        self.zone: tzinfo | None = site_zone(self.config.timezone)
        #: What messages say of the site's timezone when Jekyll has none to use.
        self.no_zone = (
            "the site sets no timezone"
            if self.zone is None and not self.config.timezone
            else f"the site's timezone '{self.config.timezone}' is no zone Ruby knows, so"
            " Jekyll uses UTC"
        )
        #: The zone posts are filed in: without ``timezone:`` Jekyll uses the build machine's,
        #: taken as UTC, as on GitHub Pages and most CI runners.
        self.url_zone: tzinfo = self.zone or UTC
        self.template = permalink.template_for(self.config.permalink)
        self.post_folders = post_folders
        self.index_folder: Path | None = None  # where to keep the post index between runs
        #: When the site was opened, about when its posts' stamps are taken: the post index
        #: does not trust a stamp taken within ``statall.RACY_NS`` of the post's last change.
        self.opened_ns = time.time_ns()
        self.jobs = 1  # processes that may read posts for the post index (the run's --jobs)
        # When a list, facts about other posts that checks read are appended to it (the result
        # cache re-validates them when posts change): ("url", path, published),
        # ("offset", "", style), ("source", category and path, template; see sourcelinks).
        self.reads: list[tuple[str, str, Any]] | None = None
        #: While posts are linted before the post index exists (a one-pass run), the offset
        #: style the index will most likely give; other posts' URLs count as unpublished.
        #: Both answers are recorded in ``reads`` and checked once the index is built.
        self.guessing = False
        self.guessed_offset_style: str | None = None
        #: The source link template of each category's posts (see ``finews_lint.sourcelinks``).
        self.source_templates: dict[str, list[tuple[str, str | None]]] = {}
        self._walked = False
        # URLs computed lately, by what they depend on (``_url_key``; ``RECENT_URLS`` at
        # most). Not those of the post index: a worker asking the parent's memo for each
        # post's URL wrote to the memo's objects (their reference counts), so every page of
        # it was copied into every worker (fix workers grew by ~0.8 KB a post they fixed,
        # 447 -> 354 MB for `fix --diff` over 100,000 posts); computing a URL takes ~18 us.
        self._recent_urls: dict[tuple[str, ...], str | None] = {}
        self._url_searches = 0
        #: The content digests (hex, as the result cache writes them) of the posts the post
        #: index read again this run, by path: the cache need not read them once more.
        self.content_digests: dict[str, str] = {}
        self._category_pages: dict[str, Page | None] = {}
        #: One tuple for each list of categories or tags the posts write: a site's posts
        #: share a few, and a copy for each post held ~26 MB of a run over 100,000 posts
        #: (rows sent by one worker's chunk share them when pickled, too).
        self._shared: OneCopy[tuple[Any, ...]] = OneCopy(SHARED_LISTS)
        self._post_paths: list[str] = []
        self._joined_post_paths = ""  # the same, NUL-separated (set by _walk)
        #: The folders whose files with a post's suffix are posts, as the listing names them.
        self.listed_post_folders: list[str] = []
        self._page_paths: list[str] = []
        self._static_paths: list[str] = []

    # -- hosts ---------------------------------------------------------------
    @cached_property
    def host(self) -> str:
        return (urlsplit(self.config.url).hostname or "").lower()

    @cached_property
    def hosts(self) -> frozenset[str]:
        hosts = {self.host} if self.host else set()
        try:
            cname = (self.root / "CNAME").read_text(encoding="utf-8").strip().lower()
        except (OSError, UnicodeDecodeError):
            cname = ""
        if cname:
            hosts.add(cname.split("/")[0])
        return frozenset(hosts)

    # -- files ---------------------------------------------------------------
    def relpath(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def is_post_path(self, relpath: str) -> bool:
        """Files under any `_posts/` folder, or a configured post folder, with a post suffix."""
        if not relpath.lower().endswith(POST_SUFFIXES):
            return False
        if relpath.startswith("_posts/") or "/_posts/" in relpath:
            return True
        return any(relpath.startswith(folder.rstrip("/") + "/") for folder in self.post_folders)

    def is_excluded(self, relpath: str) -> bool:
        """True for files Jekyll does not publish as pages: hidden folders and `exclude:`."""
        if self.is_post_path(relpath):
            return False
        included = self.config.include
        for part in relpath.split("/"):
            if _is_hidden(part) and part not in included:
                return True
        for pattern in (*JEKYLL_DEFAULT_EXCLUDES, *self.config.exclude):
            pattern = pattern.strip("/")
            if relpath == pattern or relpath.startswith(pattern + "/"):
                return True
        return False

    def _walk(self) -> None:
        if self._walked:
            return
        self._walked = True
        included = self.config.include

        def walked_into(name: str) -> bool:
            return name not in ALWAYS_SKIPPED_DIRS and not (
                name.startswith(".") and name not in included
            )

        post_folders = []
        for folder, _ in self.listing.folders_under(str(self.root), walked_into):
            rel_folder = Path(folder).relative_to(self.root).as_posix()
            rel_folder = "" if rel_folder == "." else rel_folder + "/"
            # Whether a post-named file here is a post depends on the folder alone: decide
            # once per folder, not once for each of 36,000 posts.
            if self.is_post_path(rel_folder + "post.md"):
                self.listed_post_folders.append(folder)
                posts, files = _posts_and_others(self.listing.joined_names(folder))
                if posts:  # rel_folder before each name, in C (40,000 names)
                    post_folders.append(rel_folder + posts.replace("\0", "\0" + rel_folder))
            else:
                files = self.listing.entries(folder)[1]
            for name in files:
                relpath = rel_folder + name
                if self.is_excluded(relpath):
                    continue
                elif name.lower().endswith(CONTENT_SUFFIXES) and _has_front_matter(
                    Path(folder) / name
                ):
                    self._page_paths.append(relpath)
                else:
                    self._static_paths.append(relpath)
        self._joined_post_paths = "\0".join(post_folders)
        self._post_paths.extend(self._joined_post_paths.split("\0") if post_folders else ())

    # -- layouts -------------------------------------------------------------
    @cached_property
    def layouts(self) -> frozenset[str]:
        folder = self.root / "_layouts"
        try:
            return frozenset(p.stem for p in folder.iterdir() if p.is_file())
        except OSError:
            return frozenset()

    # -- pages ---------------------------------------------------------------
    @cached_property
    def pages(self) -> list[Page]:
        self._walk()
        encoding = self.config.encoding
        return [
            self.page_of(relpath, _read_front_matter(self.root / relpath, encoding) or {})
            for relpath in self._page_paths
        ]

    def page_of(self, relpath: str, data: dict[str, Any]) -> Page:
        """The page at ``relpath`` whose front matter is ``data``."""
        link = data.get("permalink")
        return Page(
            relpath=relpath,
            url=permalink.page_url(relpath, str(link) if link else None, self.config.permalink),
            title=_text(data.get("title")),
            category=_text(data.get("category")),
            layout=_text(data.get("layout")),
            published=data.get("published") is not False,
        )

    def page_of_bytes(self, relpath: str, raw: bytes) -> Page:
        """The page at ``relpath`` if its file held ``raw`` (another version of it)."""
        return self.page_of(relpath, _front_matter_of(raw, self.config.encoding) or {})

    @cached_property
    def page_by_url(self) -> dict[str, Page]:
        """The pages Jekyll writes, by URL (not those with ``published: false``)."""
        return {page.url: page for page in self.pages if page.published}

    @cached_property
    def static_urls(self) -> frozenset[str]:
        self._walk()
        return frozenset("/" + relpath for relpath in self._static_paths)

    @cached_property
    def home(self) -> Page | None:
        return self.page_by_url.get("/") or self.page_by_url.get("/index.html")

    def category_page(self, category: str) -> Page | None:
        """The page that lists ``category``: by its ``category:``, else by its permalink."""
        try:
            return self._category_pages[category]
        except KeyError:
            page = self._category_pages[category] = self._find_category_page(category)
            return page

    def _find_category_page(self, category: str) -> Page | None:
        """A page whose ``category:`` is ``category`` exactly, as Liquid's
        ``site.categories[page.category]`` looks it up; else one without a ``category:``
        whose URL holds the category's slug (a page that lists the posts another way)."""
        published = [page for page in self.pages if page.published]
        for page in published:
            if page.category is not None and page.category == category:
                return page
        for page in published:
            if page.category is None and _slug_in_url(page, category):
                return page
        return None

    def page_for_case(self, category: str) -> Page | None:
        """The page whose ``category:`` is ``category`` in another case (``dazhongribao`` for
        ``Dazhongribao``): it does not list the post (Jekyll's categories keep their case),
        though the post's URL is the same (Jekyll writes it in lower case)."""
        for page in self.pages:
            if (
                page.published
                and page.category is not None
                and page.category != category
                and page.category.lower() == category.lower()
            ):
                return page
        return None

    @staticmethod
    def may_list(page: Page, category: str) -> bool:
        """Whether ``page`` would be ``category``'s page, were it the only page that could be
        (by its ``category:`` or by its permalink)."""
        return page.category == category or _slug_in_url(page, category)

    # -- posts ---------------------------------------------------------------
    @property
    def post_paths(self) -> list[str]:
        self._walk()
        return self._post_paths

    @cached_property
    def packed_post_paths(self) -> bytes:
        """``post_paths`` NUL-separated, as bytes: what the post index and the posts' state
        compare and hash (from the string the walk joined, not joined again: ~5 ms for
        40,000 posts)."""
        from .postindex import packed_paths

        self._walk()
        return packed_paths(self._joined_post_paths)

    @cached_property
    def post_paths_digest(self) -> bytes:
        """A digest of ``post_paths``: what the posts' state hashes, and what names the list
        of them the next run's helpers stat (:func:`finews_lint.statall.list_key`)."""
        from .digest import blake2b

        return blake2b(self.packed_post_paths, digest_size=16).digest()

    @property
    def joined_post_paths(self) -> str:
        """:attr:`post_paths`, NUL-separated."""
        self._walk()
        return self._joined_post_paths

    @cached_property
    def post_stat_columns(self) -> Columns:
        """Size, mtime_ns, inode and ctime_ns of the posts, in ``post_paths`` order; -1 when
        gone."""
        from .statall import stamps

        return stamps(self._prefix, self.post_paths, self.post_paths_digest)

    def post_facts(self, relpath: str) -> tuple[Any, ...]:
        """What the post index keeps of one post, read from its front matter."""
        return self._read_post(relpath)[0]

    def _read_post(self, relpath: str) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        """A post's index facts from its file, and the key of its URL in the URL memo.

        Run for every post when there is no index (~0.1 ms each): the path is joined as a
        string, not a Path, and the key and categories are computed once.
        """
        data = _read_front_matter(self._prefix + relpath, self.config.encoding)
        return self.index_row(relpath, data)

    def index_row(
        self, relpath: str, data: dict[str, Any] | None
    ) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        """A post's index facts from its front matter values, and the key of its URL.

        ``data`` is None for front matter Jekyll cannot read: it publishes the post without
        title, categories or tags, at a URL of the date of the build (no URL to know), as it
        does when ``categories`` is a number (see :func:`breaks_front_matter`).
        """
        if data is None or breaks_front_matter(data.get("categories")):
            return (None, None, (), (), None, None), (relpath, "dropped")
        date = _text(data.get("date"))
        key = _url_key(relpath, data)
        categories = categories_of(data, relpath)
        facts = (
            self._memoized_url(key, relpath, data, categories),
            _text(data.get("title")),
            self._shared(tuple(categories)),
            self._shared(tuple(as_list(data.get("tags")))),
            date,
            _offset_style_of(date),
        )
        return facts, key

    @cached_property
    def post_table(self) -> PostTable:
        """Every post's facts, column by column, from the post index where posts are unchanged.

        With an index folder (the engine's cache), unchanged posts are not read again; the
        others are read on ``jobs`` processes (a one-file run without an index reads them all).
        """
        if self.guessing:
            raise NeedsPostIndex
        return self._index_posts(self.jobs)

    def install_post_table(
        self, facts: dict[str, tuple[Any, ...]], digests: dict[str, str] | None = None
    ) -> None:
        """Use the index facts of every post, by path (made while the posts were linted), and
        keep them with the posts' content ``digests`` (hex, by path) where known."""
        paths = self.post_paths
        columns = _empty_columns(len(paths))
        _fill_columns(columns, {n: facts[relpath] for n, relpath in enumerate(paths)})
        self.__dict__["post_table"] = PostTable(paths, columns.__getitem__)
        if self.index_folder is not None:  # kept for the next run, with the stamps taken before
            from .postindex import UNKNOWN_DIGEST, index_path, save

            known = digests or {}
            kept = b"".join(
                bytes.fromhex(known[relpath]) if relpath in known else UNKNOWN_DIGEST
                for relpath in paths
            )
            stamps = self.post_stat_columns
            save(
                index_path(self.index_folder, self.root),
                paths,
                stamps,
                columns,
                kept,
                self.opened_ns,
            )

    def has_kept_index(self) -> bool:
        """Whether the cache folder holds a post index of this site (from an earlier run)."""
        from .postindex import index_path

        return self.index_folder is not None and index_path(self.index_folder, self.root).is_file()

    def guess_offset_style(self, sample: int = 64) -> str | None:
        """The offset style most of ``sample`` posts spread over the site use (see ``guessing``)."""
        paths = self.post_paths
        encoding = self.config.encoding
        dates = (
            (_read_front_matter(self._prefix + relpath, encoding) or {}).get("date")
            for relpath in paths[:: max(1, len(paths) // sample)]
        )
        return _most_used_style(_offset_style_of(_text(date)) for date in dates)

    def _index_posts(self, jobs: int) -> PostTable:
        from .postindex import FIELDS, PostIndex, index_path, save

        paths = self.post_paths
        if self.index_folder is None:  # nothing to reuse or to save: no stamps (--no-cache)
            read = _empty_columns(len(paths))
            _fill_columns(read, self._read_rows(list(range(len(paths))), jobs))
            return PostTable(paths, read.__getitem__)
        stamps = self.post_stat_columns
        index = PostIndex(index_path(self.index_folder, self.root))
        # With the same posts as the index: the edited ones (none: the index holds).
        edited = index.edited_rows(paths, stamps, self.packed_post_paths) if paths else None
        if edited == []:
            return PostTable(
                paths, lambda name: index.column(name) or self._fact_column(name), index
            )
        if edited is not None and len(edited) <= KEEP_INDEX_UP_TO:
            return self._patched_table(index, edited, jobs)
        found = {name: index.column(name) for name in FIELDS} if index.relpaths else {}
        stored = {name: column for name, column in found.items() if column is not None}
        usable = len(stored) == len(found)
        if edited is not None and usable:  # many edited: patch the columns and save them
            columns, missing, was = stored, edited, list(range(len(paths)))
        else:
            stored = stored if usable and index.stamps else {}
            columns, missing, was = self._reusable_rows(paths, stamps, index, stored)
        digests = _digests_kept(index.digests if stored else b"", was)
        _fill_columns(columns, self._reread_rows(missing, was, stored, digests, jobs))
        save(
            index_path(self.index_folder, self.root),
            paths,
            stamps,
            columns,
            digests,
            self.opened_ns,
        )
        return PostTable(paths, columns.__getitem__)

    def _patched_table(self, index: Any, edited: list[int], jobs: int) -> PostTable:
        """The index's columns with the rows of a few edited posts read again, loaded as rules
        ask for them; the index is left as it is (rewriting it costs more than re-reading a
        few posts on the next runs)."""
        from .postindex import FIELDS

        fresh = self._read_rows(edited, jobs)

        def column(name: str) -> list[Any]:
            stored = index.column(name)
            if stored is None:
                return self._fact_column(name)
            where = FIELDS.index(name)
            for n, facts in fresh.items():
                stored[n] = facts[where]
            return stored  # type: ignore[no-any-return]

        return PostTable(self.post_paths, column, index, fresh)

    def _read_rows(self, rows: list[int], jobs: int) -> dict[int, tuple[Any, ...]]:
        """The index facts of the posts at positions ``rows`` of ``post_paths``, read from
        their files (on ``jobs`` processes)."""
        from .parallel import map_items

        paths = self.post_paths
        read = map_items(self._read_post, [paths[n] for n in rows], jobs)
        return _facts_by_position(zip(rows, read, strict=True))

    def _reread_rows(
        self,
        rows: list[int],
        was: list[int],
        stored: dict[str, list[Any]],
        digests: bytearray,
        jobs: int,
    ) -> dict[int, tuple[Any, ...]]:
        """The index facts of the posts at positions ``rows`` of ``post_paths``, whose stamps
        the index does not know: the index's row (at position ``was[n]`` of ``stored``) where
        the post's content has the digest the index keeps, else read from the file. Each
        post's digest is put in ``digests`` (and kept in ``content_digests``)."""
        from .parallel import map_items
        from .postindex import DIGEST_SIZE, FIELDS, UNKNOWN_DIGEST

        paths = self.post_paths
        work = [
            (paths[n], bytes(digests[DIGEST_SIZE * n : DIGEST_SIZE * (n + 1)]))
            if was[n] >= 0
            else (paths[n], UNKNOWN_DIGEST)
            for n in rows
        ]
        read = map_items(self._reread_post, work, jobs)
        changed = []
        facts_of: dict[int, tuple[Any, ...]] = {}
        for n, (row, digest) in zip(rows, read, strict=True):
            digests[DIGEST_SIZE * n : DIGEST_SIZE * (n + 1)] = digest or UNKNOWN_DIGEST
            if digest:
                self.content_digests[paths[n]] = digest.hex()
            if row is None:  # the same content: the index's row holds
                facts_of[n] = tuple(stored[name][was[n]] for name in FIELDS)
            else:
                changed.append((n, row))
        facts_of.update(_facts_by_position(changed))
        return facts_of

    def _reread_post(
        self, job: tuple[str, bytes]
    ) -> tuple[tuple[tuple[Any, ...], tuple[str, ...]] | None, bytes]:
        """(:meth:`_read_post` of the post, or None when its content has the digest ``known``;
        the digest of its content, empty when it cannot be read)."""
        relpath, known = job
        try:
            raw = read_content(self._prefix + relpath)
        except Unreadable:
            return self.index_row(relpath, {}), b""
        digest = content_digest(raw)
        if digest == known:
            return None, digest
        return self.index_row(relpath, _front_matter_of(raw, self.config.encoding)), digest

    @staticmethod
    def _reusable_rows(
        paths: list[str],
        stamps: Columns,
        index: Any,
        stored: dict[str, Any],
    ) -> tuple[dict[str, list[Any]], list[int], list[int]]:
        """Fact columns for ``paths`` with the index's rows of unchanged posts filled in (posts
        were added, removed or renamed), the positions of the posts to read, and where each
        post was in the index (-1: not there)."""
        from .postindex import FIELDS

        old_stamps = index.stamps
        position = {relpath: i for i, relpath in enumerate(index.relpaths)} if stored else {}
        columns = _empty_columns(len(paths))
        missing: list[int] = []
        was = [position.get(relpath, -1) for relpath in paths]
        for n, (i, *stamp) in enumerate(zip(was, *stamps, strict=True)):
            if i >= 0 and stamp[0] >= 0 and old_stamps[i] == tuple(stamp):
                for name in FIELDS:
                    columns[name][n] = stored[name][i]
            else:
                missing.append(n)
        return columns, missing, was

    def _fact_column(self, name: str) -> list[Any]:
        """One fact of every post, read from the posts (the index's column was unusable)."""
        from .postindex import FIELDS

        where = FIELDS.index(name)
        return [self.post_facts(relpath)[where] for relpath in self.post_paths]

    @property
    def posts(self) -> Iterator[PostEntry]:
        """Every post's URL and the front matter facts site-wide rules need, made from the
        post index as they are read: a kept list of them held 21 MB of a run over 100,000
        posts, for the few passes over them a run makes."""
        from .postindex import FIELDS

        table = self.post_table
        columns = [table.column(name) for name in FIELDS if name != "offset"]
        for relpath, url, title, categories, tags, date in zip(
            table.relpaths, *columns, strict=True
        ):
            yield PostEntry(relpath, url, title, list(categories), list(tags), date)

    def facts_read_by(self, work: Callable[[], T]) -> tuple[T, tuple[tuple[str, str, Any], ...]]:
        """What ``work()`` returns, and the facts about other posts it read (see ``reads``),
        each once, in the order first read."""
        self.reads = []
        try:
            done = work()
            facts = tuple(dict.fromkeys(self.reads))
        finally:
            self.reads = None
        return done, facts

    @property
    def offset_style(self) -> str | None:
        """How the site's posts write UTC offsets (``+0800``, ``+08:00``: the most used), or
        None."""
        style = self.guessed_offset_style if self.guessing else self._offset_style
        if self.reads is not None:
            self.reads.append(("offset", "", style))
        return style

    @cached_property
    def _offset_style(self) -> str | None:
        return _most_used_style(self.post_table.column("offset"))

    @cached_property
    def post_urls(self) -> frozenset[str]:
        """The URLs of the site's posts (without building an entry per post)."""
        return frozenset(url for url in self.post_table.column("url") if url)

    def post_url(self, relpath: str, data: dict[str, Any]) -> str | None:
        """The URL Jekyll publishes the post at; None when Jekyll would skip or reject it.

        Memoized by what it reads: the site index and the post's own lint ask for each post.
        """
        return self._memoized_url(_url_key(relpath, data), relpath, data)

    def _memoized_url(
        self,
        key: tuple[str, ...],
        relpath: str,
        data: dict[str, Any],
        categories: list[str] | None = None,
    ) -> str | None:
        """The post's URL from the memo under ``key`` (what the URL reads), computed once."""
        recent = self._recent_urls
        try:
            return recent[key]
        except KeyError:
            if len(recent) >= RECENT_URLS:
                recent.clear()
            url = recent[key] = self._compute_post_url(relpath, data, categories)
            return url

    def _compute_post_url(
        self, relpath: str, data: dict[str, Any], categories: list[str] | None = None
    ) -> str | None:
        name = relpath.rpartition("/")[2]
        match = permalink.POST_NAME.match(name)
        if match is None or data.get("published") is False:  # Jekyll skips both
            return None
        if breaks_front_matter(data.get("categories")):
            return None  # Jekyll drops the front matter: a URL of the build's date
        if "date" in data:
            when = parse_date(data["date"])
        else:
            named = file_date(match.group(1))
            when = parse_date(named) if named is not None else None
        if when is None:
            return None
        moment = when.in_zone(self.url_zone)
        link = data.get("permalink")
        template = permalink.template_for(str(link)) if link else self.template
        # Jekyll drops the trailing periods of the name's slug ("trail..md" is "trail")
        slug = str(data.get("slug") or match.group(2).rstrip("."))
        if categories is None:
            categories = categories_of(data, relpath)
        return permalink.post_url(
            template,
            date=moment,
            slug=slug,
            categories=categories,
            output_ext=permalink.output_ext(match.group(3)),
            name=name[: -len(match.group(3))],
        )

    def prepare(self, jobs: int = 1) -> None:
        """Compute the shared state now (the post index on ``jobs`` processes), before
        the workers that lint files fork and share it."""
        _ = self.layouts, self.pages, self.page_by_url, self.static_urls, self.hosts
        if self.guessing:  # the posts are about to be linted without the index (onepass)
            return
        if "post_table" not in self.__dict__:
            self.__dict__["post_table"] = self._index_posts(jobs)
        _ = self.post_urls

    # -- URLs ----------------------------------------------------------------
    def url_exists(self, path: str) -> bool:
        """Whether the site publishes something at ``path`` (unescaped, without baseurl)."""
        candidates = url_candidates(path)
        if any(c in self.page_by_url or c in self.static_urls for c in candidates):
            return True  # pages and static files are in the cache key: no fact to record
        found = False if self.guessing else self._publishes_post_at(candidates)
        if self.reads is not None:
            self.reads.append(("url", path, found))
        return found

    def _publishes_post_at(self, urls: list[str]) -> bool:
        """Whether a post is published at one of ``urls``. The first few questions of a run
        are searched in the post index's packed URLs (~1 ms each): the set of every post's
        URL took a one-file run over 80,000 posts ~60 ms to build."""
        if "post_urls" not in self.__dict__ and self._url_searches < SEARCHED_URLS:
            table = self.post_table
            if table.searchable("url"):
                self._url_searches += 1
                return bool(table.rows_where("url", urls))
        return any(url in self.post_urls for url in urls)

    def read_text(self, relpath: str) -> str | None:
        """The decoded text of a file of the site (for whole-site rules), or None."""
        try:
            return decode(read_content(self.root / relpath), self.config.encoding).text
        except (Unreadable, DecodeError, LookupError):
            return None

    def iter_urls(self) -> Iterator[tuple[str, str]]:
        """Every (url, relpath) the site publishes from pages and posts."""
        for page in self.pages:
            if page.published:
                yield page.url, page.relpath
        table = self.post_table
        for relpath, url in zip(table.relpaths, table.column("url"), strict=True):
            if url:
                yield url, relpath


def _posts_and_others(joined: str) -> tuple[str, list[str]]:
    """The names of a posts folder (NUL-separated) that are posts (by suffix, in any case),
    NUL-separated, and the others.

    A folder of 40,000 posts whose names all end in a lower-case post suffix is told by
    counting the suffixes in the joined names, not by testing each name; the count stops at
    the suffix that makes up the total (``.md``, the first, for most sites: counting all
    seven took a one-file run over 100,000 posts 16 ms, two counts take 5).
    """
    if not joined:
        return "", []
    text = joined + "\0"
    total, counted = joined.count("\0") + 1, 0
    for suffix in POST_SUFFIXES:
        counted += text.count(suffix + "\0")
        if counted == total:
            return joined, []
    names = joined.split("\0")
    posts = [name for name in names if name.lower().endswith(POST_SUFFIXES)]
    others = [name for name in names if not name.lower().endswith(POST_SUFFIXES)]
    return "\0".join(posts), others


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _empty_columns(count: int) -> dict[str, list[Any]]:
    """A column of ``count`` empty rows for each fact the post index keeps."""
    from .postindex import FIELDS

    return {name: [None] * count for name in FIELDS}


def _fill_columns(columns: dict[str, list[Any]], facts_of: dict[int, tuple[Any, ...]]) -> None:
    """Put each row's facts (by position) into the columns."""
    from .postindex import FIELDS

    for n, facts in facts_of.items():
        for where, name in enumerate(FIELDS):
            columns[name][n] = facts[where]


def _digests_kept(old: bytes, was: list[int]) -> bytearray:
    """The index's content digests moved to the posts' new positions (``was[n]``: where post
    ``n`` was in the index, -1 if not there): unknown where the index kept none."""
    from .postindex import DIGEST_SIZE, UNKNOWN_DIGEST

    size = DIGEST_SIZE
    if not old:
        return bytearray(size * len(was))
    if was == list(range(len(was))) and len(old) == size * len(was):
        return bytearray(old)
    return bytearray(
        b"".join(old[size * i : size * (i + 1)] if i >= 0 else UNKNOWN_DIGEST for i in was)
    )


def _most_used_style(styles: Iterable[str | None]) -> str | None:
    """The offset style used most (the first seen of equals), or None without any."""
    counts = Counter(styles)
    counts.pop(None, None)
    return max(counts.items(), key=itemgetter(1))[0] if counts else None  # the first of equals


def _offset_style_of(date: str | None) -> str | None:
    """How a date writes its UTC offset: ``+08:00``, ``+0800``, or None without one."""
    match = _OFFSET_STYLE.search(date) if date else None
    if match is None:
        return None
    return "+08:00" if match.group(1) else "+0800"


def _has_front_matter(path: Path) -> bool:
    if not path.is_file():  # never open a FIFO or a device: it could block the run
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError:
        return False
    return head.startswith((b"---\n", b"---\r", b"--- ", b"\xef\xbb\xbf---"))


def _read_front_matter(path: str | Path, encoding: str) -> dict[str, Any] | None:
    try:
        raw = read_content(path)
    except Unreadable:
        return {}
    return _front_matter_of(raw, encoding)


def _slug_in_url(page: Page, category: str) -> bool:
    """Whether the category's slug is a segment of the page's URL."""
    slug = category.strip("/").lower()
    return bool(slug) and slug in [s.lower() for s in page.url.strip("/").split("/")]


def _front_matter_of(raw: bytes, encoding: str) -> dict[str, Any] | None:
    """The front matter values of a file's bytes: {} when it has none (or an unreadable
    file), None when Jekyll cannot read the block it has (see ``dropped_by_jekyll``)."""
    try:
        text = decode(raw, encoding).text
    except (DecodeError, LookupError):
        return {}
    block = find_block(text)
    if block is None:
        return {}
    yaml_start, yaml_end, _ = block
    if yaml_end >= 0 and (flat := read_flat(text[yaml_start:yaml_end])) is not None:
        return flat  # generated posts: no YAML parser needed
    fm = parse_front_matter(text)
    if fm is not None and fm.dropped_by_jekyll:
        return None
    return fm.data if fm is not None and fm.ok else {}
