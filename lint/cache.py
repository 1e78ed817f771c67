"""A content-addressed cache of each file's diagnostics: a re-run with nothing changed is instant.

An entry is keyed by the file's path and the hash of its bytes. The cache folder itself
is keyed by the tool's code (its version and :mod:`finews_lint.codestamp`), the resolved
configuration and a fingerprint of the site parts that change rarely (`_config.yml`,
`CNAME`, layouts, pages, static files): any change to those starts a fresh cache.

Posts change all the time (a scrape adds thousands), so they are not in that key.
Instead each entry records the facts about other posts its check read (`Site.reads`:
"URL /x/ is published: no", "the site writes offsets as +0800") with the state of the
site's posts at the time. A hit is served as it is when the posts are unchanged, and
otherwise only when every recorded fact still holds; else the file is linted again.

Validation of an entry is by a stat stamp first (size, mtime, inode, ctime), as git's
index does, so an unchanged file is not even read; a file whose stamp changed is hashed,
and a touched-but-identical file is still a hit. Stamps younger than `statall.RACY_NS` are not
trusted (the file could change again within the same clock tick).
"""

from __future__ import annotations

import marshal
import os
import stat as stat_module
import sys
import time
import zlib
from array import array
from pathlib import Path
from typing import Any

from . import __version__, cachedir, statall
from .codestamp import code_identity
from .diagnostic import Diagnostic, Severity
from .digest import blake2b, content_digest

FORMAT = 5
KEEP_FILES = 4
SUFFIX = ".marshal"
META = "site" + SUFFIX

Stamp = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns
Fact = tuple[str, str, Any]  # (kind, argument, value) as Site.reads records it
Row = tuple[Any, ...]
_SEVERITY = {s.value: s for s in Severity}


def digest(raw: bytes) -> str:
    return content_digest(raw).hex()


def file_stamp(path: str) -> Stamp | None:
    """The stat stamp of a regular file, or None (missing, not a regular file)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat_module.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


def file_stamps(paths: list[str]) -> list[Stamp | None]:
    """:func:`file_stamp` of each path (many paths are stat-ed on two cores)."""
    columns = statall.stamps("", paths)
    return [None if stamp[0] < 0 else stamp for stamp in zip(*columns, strict=True)]


def trusted(stamp: Stamp | None, now: int | None = None) -> Stamp | None:
    """``stamp``, unless the file changed so recently that it could change again unseen."""
    if stamp is None:
        return None
    newest = max(stamp[1], stamp[3])
    return None if (now or time.time_ns()) - newest < statall.RACY_NS else stamp


def _bytes_stamp(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


def _file_key(path: Path) -> str:
    stamp = file_stamp(str(path))
    return "missing" if stamp is None else f"{stamp[0]}:{stamp[1]}:{stamp[2]}:{stamp[3]}"


def site_fingerprint(site: Any) -> str:
    """What changes rarely and every rule may read: config, CNAME, layouts, pages, static files.

    Posts are left out: their state is checked per entry (see the module doc).
    """
    hasher = blake2b(digest_size=16)
    hasher.update(str(site.root).encode())
    for name in ("_config.yml", "CNAME"):
        hasher.update(f"{name}={_bytes_stamp(site.root / name)}".encode())
    hasher.update(repr(sorted(site.layouts)).encode())
    for page in site.pages:
        hasher.update(f"{page.relpath}={_bytes_stamp(site.root / page.relpath)}".encode())
    hasher.update(repr(sorted(site.static_urls)).encode())
    return hasher.hexdigest()


def posts_state(site: Any, known: dict[str, Stamp | None]) -> str:
    """A fingerprint of every post's path and stamp; ``known`` holds stamps already taken.

    When the run has not stat-ed most posts itself (a one-file run), the site stats them
    all at once (on two cores for a large site). Hashed column by column: no tuple per post.
    """
    prefix = str(site.root) + os.sep
    paths = site.post_paths
    hasher = blake2b(site.post_paths_digest, digest_size=16)  # while the helpers still stat
    columns = None
    if len(known) * 2 >= len(paths):  # a run over most posts has stat-ed them already
        fulls = [prefix + relpath for relpath in paths]
        if sum(1 for full in fulls if full in known) * 2 >= len(paths):
            columns = statall.columns_with(fulls, known)
            # The site's own stamps of its posts (the post index keeps them): taken before
            # the posts are read, as the index needs; a first run stat-ed every post twice.
            site.__dict__.setdefault("post_stat_columns", columns)
    if columns is None:
        columns = site.post_stat_columns
    for column in columns:
        try:
            hasher.update(array("q", column))
        except OverflowError:  # an inode beyond 63 bits
            hasher.update(marshal.dumps(column, 2))  # version 2: no reference flags (see replay)
    return hasher.hexdigest()


def facts_hold(site: Any, facts: tuple[Fact, ...], answers: dict[str, bool] | None = None) -> bool:
    """Whether every recorded fact about the site's posts is still true.

    ``answers``, when given, keeps the site's answer to each URL asked, for a caller that
    checks the facts of many files against one site: 20,000 generated posts ask ~33,000
    times about the same few hundred URLs (their broken return links).
    """
    for kind, argument, value in facts:
        if kind == "url":
            if answers is None:
                exists = site.url_exists(argument)
            elif (exists := answers.get(argument)) is None:
                exists = answers[argument] = site.url_exists(argument)
            if exists != value:
                return False
        elif kind == "offset":
            if site.offset_style != value:
                return False
        elif kind == "source":
            from .sourcelinks import fact_holds  # only for a post with an empty source link

            if not fact_holds(site, argument, value):
                return False
        else:  # "posts": the check read the posts in a way no single fact describes
            return False
    return True


class Shard:
    """The entries of a slice of the paths, with one table of the strings their rows repeat.

    A row is ``(line, column, end_line, end_column, code, name, severity, message, fix safety,
    snippet)`` with message and snippet as indices into ``strings``: the 70,000 findings of a
    20,000-post site hold 33,000 distinct messages and 100 distinct snippets.

    An entry put this run keeps the run's own diagnostics (a list) until the shard is
    written: packing them at once kept a second copy of every finding of a first run over
    40,000 posts (~28 MB) beside the report's.
    """

    __slots__ = ("_index", "entries", "strings")

    def __init__(self, strings: list[str], entries: dict[str, list[Any]]) -> None:
        self.strings = strings
        self.entries = entries
        self._index: dict[str, int] | None = None

    @classmethod
    def from_stored(cls, loaded: Any) -> Shard:
        if (
            isinstance(loaded, tuple)
            and len(loaded) == 2
            and isinstance(loaded[0], list)
            and isinstance(loaded[1], dict)
        ):
            return cls(loaded[0], loaded[1])
        return cls([], {})

    def _number(self, text: str) -> int:
        index = self._index
        if index is None:
            index = self._index = {text: number for number, text in enumerate(self.strings)}
        number = index.get(text)
        if number is None:
            number = index[text] = len(self.strings)
            self.strings.append(text)
        return number

    def pack(self, diagnostics: list[Diagnostic]) -> tuple[Row, ...]:
        number = self._number
        return tuple(
            (
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                sys.intern(d.code),
                sys.intern(d.name),
                d.severity.value,
                number(d.message),
                d.fix_safety,
                number(d.snippet),
            )
            for d in diagnostics
        )

    def unpack(self, path: str, rows: tuple[Row, ...] | list[Diagnostic]) -> list[Diagnostic]:
        if isinstance(rows, list):  # put this run, not packed yet: copies, as a stored entry gives
            rows = self.pack(rows)
        strings, severity = self.strings, _SEVERITY
        return [
            Diagnostic(
                path,
                line,
                column,
                end_line,
                end_column,
                code,
                name,
                severity[level],
                strings[message],
                None,
                0,
                0,
                strings[snippet],
                fix,
            )
            for line, column, end_line, end_column, code, name, level, message, fix, snippet in rows
        ]

    def stored(self) -> tuple[list[str], dict[str, list[Any]]]:
        """What to write: the entries packed against the table of strings.

        The table is kept as it is while at least half of its strings are still used: a
        one-file run then packs its own entry, not the ~600 others of the shard again
        (~12 ms). Else every entry is re-packed against a table of only the strings used.
        """
        used: set[int] = set()
        for entry in self.entries.values():
            rows = entry[Entry.ROWS]
            if not isinstance(rows, list):
                for row in rows:  # its message and snippet (see pack)
                    used.add(row[7])
                    used.add(row[9])
        fresh = self if 2 * len(used) >= len(self.strings) else Shard([], {})
        entries = {}
        for path, entry in self.entries.items():
            rows = entry[Entry.ROWS]
            if fresh is not self or isinstance(rows, list):
                found = rows if isinstance(rows, list) else self.unpack(path, rows)
                rows = fresh.pack(found)
            entries[path] = [entry[0], entry[1], rows, entry[3], entry[4]]
        return fresh.strings, entries


class Entry:
    """Indices of one file's cached result: ``[stamp, content hash, rows, facts, posts state]``."""

    __slots__ = ()
    STAMP, CONTENT, ROWS, FACTS, STATE = range(5)


class ResultCache:
    """Diagnostics by (path, content hash), for one configuration and site state.

    Entries are spread over shards by path, so a one-file run of a 36,000-post site
    loads and writes one small shard, not every post's results. Shards are marshalled
    lists and tuples of plain values: loading them is several times faster than pickle.
    """

    SHARDS = 256  # ~160 entries each at 40,000 posts: a one-file run loads and writes one

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.directory = folder / f"v{FORMAT}-{__version__}-{key}"
        self._shards: dict[int, Shard] = {}
        self._changed: set[int] = set()
        self._meta: dict[str, Any] | None = None
        self._meta_changed = False
        self._last: Shard | None = None  # the shard of the latest entry() (diagnostics() follows)
        self._written = False  # a shard was written before save() (see release)

    def shard_of(self, path: str) -> int:
        """The number of the shard that holds the entry of ``path``."""
        return zlib.crc32(path.encode()) % self.SHARDS

    def release(self, number: int) -> None:
        """Let go of shard ``number``, written first if it changed: a run over every post
        served from the cache held each shard's entries beside the findings made of them
        until the end (~140 MB at 100,000 posts). A later lookup loads it again. Failures
        are not errors: the shard stays, for :meth:`save` to try again."""
        if number in self._changed:
            try:
                self._write_shard(number)
            except (OSError, ValueError, TypeError, IndexError):
                return
        shard = self._shards.pop(number, None)
        if shard is not None and shard is self._last:
            self._last = None

    def _write_shard(self, number: int) -> None:
        """Write changed shard ``number`` and let it go (raises as :func:`cachedir.write`)."""
        self._write(f"{number:03d}{SUFFIX}", self._shards[number].stored())
        # On disk now: a later lookup loads it again; the run's findings it held (see
        # Shard) can go when the report is written.
        del self._shards[number]
        self._last = None
        self._changed.discard(number)
        self._written = True

    def _load(self, name: str) -> Any:
        try:
            return marshal.loads(cachedir.read(self.directory / name) or b"")
        except (EOFError, ValueError, TypeError):
            return None

    def _shard(self, number: int) -> Shard:
        shard = self._shards.get(number)
        if shard is None:
            shard = self._shards[number] = Shard.from_stored(self._load(f"{number:03d}{SUFFIX}"))
        return shard

    def entry(self, path: str) -> list[Any] | None:
        """The stored entry of ``path`` (see :class:`Entry`), whatever its content."""
        shard = self._last = self._shard(self.shard_of(path))
        entry = shard.entries.get(path)
        return entry if isinstance(entry, list) and len(entry) == 5 else None

    def lookup(self, path: str, stamp: Stamp | None) -> list[Any] | None:
        """The entry of ``path`` if its stamp says the file is unchanged."""
        if stamp is None:
            return None
        entry = self.entry(path)
        if entry is None or entry[Entry.STAMP] != stamp:
            return None
        return entry

    def diagnostics(self, path: str, entry: list[Any]) -> list[Diagnostic]:
        """The diagnostics an entry of ``path`` holds."""
        shard = self._last
        if shard is None or shard.entries.get(path) is not entry:
            shard = self._shard(self.shard_of(path))
        return shard.unpack(path, entry[Entry.ROWS])

    def restamp(
        self, path: str, entry: list[Any], stamp: Stamp | None, state: str | None = None
    ) -> None:
        """Record that ``entry`` holds for the file as stamped now (and the posts in ``state``)."""
        stamp = trusted(stamp)
        if entry[Entry.STAMP] == stamp and (state is None or entry[Entry.STATE] == state):
            return
        entry[Entry.STAMP] = stamp
        if state is not None:
            entry[Entry.STATE] = state
        self._changed.add(self.shard_of(path))

    def get(self, path: str, content: str) -> list[Diagnostic] | None:
        entry = self.entry(path)
        if entry is None or entry[Entry.CONTENT] != content:
            return None
        return self.diagnostics(path, entry)

    def put(
        self,
        path: str,
        content: str,
        diagnostics: list[Diagnostic],
        stamp: Stamp | None = None,
        facts: tuple[Fact, ...] = (),
        state: str | None = None,
    ) -> None:
        if any(d.path != path for d in diagnostics):
            return  # rows do not store the path: such a result is not cached
        number = self.shard_of(path)
        shard = self._shard(number)
        rows = list(diagnostics)  # packed when the shard is written (see Shard)
        shard.entries[path] = [trusted(stamp), content, rows, tuple(facts), state]
        self._changed.add(number)

    # -- site-wide results --------------------------------------------------------
    def _site_meta(self) -> dict[str, Any]:
        if self._meta is None:
            loaded = self._load(META)
            self._meta = loaded if isinstance(loaded, dict) else {}
        return self._meta

    def site_results(self, root: str, state: str) -> dict[str, Any]:
        """Stored whole-site rule results of the site at ``root`` in posts ``state``."""
        stored: Any = self._site_meta().get(root)
        valid = isinstance(stored, list) and len(stored) == 2 and isinstance(stored[1], dict)
        if valid and stored[0] == state:
            return stored[1]
        fresh: dict[str, Any] = {}
        self._site_meta()[root] = [state, fresh]
        return fresh

    def put_site_results(self, root: str, code: str, rows: list[Row]) -> None:
        stored = self._site_meta().get(root)
        if isinstance(stored, list) and len(stored) == 2:
            stored[1][code] = rows
            self._meta_changed = True

    @property
    def changed(self) -> bool:
        return bool(self._changed) or self._meta_changed

    def _write(self, name: str, data: Any) -> None:
        cachedir.write(self.folder, f"{self.directory.name}/{name}", marshal.dumps(data))

    def save(self) -> None:
        """Write changed shards atomically; keep the newest few caches. Failures are not errors."""
        if not self.changed and not self._written:
            return
        try:
            for number in sorted(self._changed):
                self._write_shard(number)
            if self._meta_changed and self._meta is not None:
                self._write(META, self._meta)
                self._meta_changed = False
            os.utime(self.directory)
            from .cachedir import keep_newest

            keep_newest(self.folder, KEEP_FILES, "v*-*")
        except (OSError, ValueError, TypeError, IndexError):  # a damaged shard is not written
            return


def cache_key(settings: Any, sites: list[Any]) -> str:
    """The cache folder's key: configuration, rules and the rarely changing site parts."""
    hasher = blake2b(digest_size=12)
    hasher.update(code_identity().encode())  # a new commit of the same version too
    hasher.update(settings.config.cache_text(exclude={"source"}).encode())
    hasher.update(repr([(r.code, r.origin) for r in settings.registry]).encode())
    for source in sorted(_plugin_sources(settings.registry)):  # a plugin edited in place
        hasher.update(f"{source}={_bytes_stamp(Path(source))}".encode())
    for site in sorted(sites, key=lambda s: str(s.root)):
        hasher.update(site_fingerprint(site).encode())
    return hasher.hexdigest()


def _plugin_sources(registry: Any) -> set[str]:
    """The source files of the rules that are not built in (local and installed plugins)."""
    found = set()
    for rule in registry:
        if rule.origin.startswith("finews_lint.rules."):
            continue
        code = getattr(rule.check, "__code__", None)
        if code is not None and os.path.isfile(code.co_filename):
            found.add(code.co_filename)
    return found


def clean(folder: Path) -> int:
    """Remove the cache folder; return how many files were in it."""
    if not folder.is_dir():
        return 0
    removed = sum(1 for path in folder.rglob("*") if path.is_file())
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return removed
