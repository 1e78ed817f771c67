"""A content-addressed cache of each file's diagnostics, so a re-run with nothing changed is instant.

An entry is keyed by the file's path and the hash of its bytes; the cache file itself
is keyed by the tool's version, the resolved configuration and a fingerprint of the
parts of the site model rules read (config, CNAME, layouts, pages, and the list of
posts with their sizes and times when an active rule reads other posts). Any change
to one of those starts a fresh cache file; a changed post only misses its own entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

from . import __version__
from .diagnostic import Diagnostic, Severity

FORMAT = 1
KEEP_FILES = 4


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _stat_key(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_size}:{info.st_mtime_ns}"


def site_fingerprint(site: Any, with_posts: bool) -> str:
    """What site-dependent rules read, cheaply: file lists with sizes and modification times."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(str(site.root).encode())
    for name in ("_config.yml", "CNAME"):
        hasher.update(f"{name}={_stat_key(site.root / name)}".encode())
    hasher.update(repr(sorted(site.layouts)).encode())
    for page in site.pages:
        hasher.update(f"{page.relpath}={_stat_key(site.root / page.relpath)}".encode())
    hasher.update(repr(sorted(site.static_urls)).encode())
    if with_posts:  # paths, then sizes and times as 64-bit integers: no tuple or repr per post
        sizes, times = site.post_stamp_lists
        hasher.update("\0".join(site.post_paths).encode("utf-8", "surrogateescape"))
        hasher.update(array("q", sizes).tobytes() + array("q", times).tobytes())
    return hasher.hexdigest()


def _pack(diagnostics: list[Diagnostic]) -> list[tuple[Any, ...]]:
    return [
        (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.name, d.severity.value, d.message,
         d.fixable, d.snippet)
        for d in diagnostics
    ]


def _unpack(rows: list[tuple[Any, ...]]) -> list[Diagnostic]:
    found = []
    for path, line, column, end_line, end_column, code, name, severity, message, fixable, snippet in rows:
        found.append(
            Diagnostic(path, line, column, end_line, end_column, code, name, Severity(severity), message,
                       snippet=snippet, cached_fixable=fixable)
        )
    return found


class ResultCache:
    """Diagnostics by (path, content hash), for one configuration and site state.

    Entries are spread over shards by path, so a one-file run of a 36,000-post site
    loads and writes one small shard, not every post's results.
    """

    SHARDS = 64

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.directory = folder / f"v{FORMAT}-{__version__}-{key}"
        self._shards: dict[int, dict[str, tuple[str, list[tuple[Any, ...]]]]] = {}
        self._changed: set[int] = set()

    def _shard_of(self, path: str) -> int:
        return int(hashlib.blake2b(path.encode(), digest_size=2).hexdigest(), 16) % self.SHARDS

    def _shard(self, number: int) -> dict[str, tuple[str, list[tuple[Any, ...]]]]:
        shard = self._shards.get(number)
        if shard is None:
            shard = {}
            try:
                with (self.directory / f"{number:02d}.pickle").open("rb") as handle:
                    loaded = pickle.load(handle)
                if isinstance(loaded, dict):
                    shard = loaded
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
                shard = {}
            self._shards[number] = shard
        return shard

    def get(self, path: str, content: str) -> list[Diagnostic] | None:
        entry = self._shard(self._shard_of(path)).get(path)
        if entry is None or entry[0] != content:
            return None
        return _unpack(entry[1])

    def put(self, path: str, content: str, diagnostics: list[Diagnostic]) -> None:
        number = self._shard_of(path)
        self._shard(number)[path] = (content, _pack(diagnostics))
        self._changed.add(number)

    @property
    def changed(self) -> bool:
        return bool(self._changed)

    def save(self) -> None:
        """Write changed shards atomically; keep only the newest few caches. Failures are not errors."""
        if not self._changed:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            for number in sorted(self._changed):
                handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
                with os.fdopen(handle, "wb") as out:
                    pickle.dump(self._shards[number], out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.directory / f"{number:02d}.pickle")
            self._changed.clear()
            os.utime(self.directory)
            older = sorted(self.folder.glob("v*-*"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in older[KEEP_FILES:]:
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
        except OSError:
            return


def cache_key(settings: Any, sites: list[Any], with_posts: bool) -> str:
    hasher = hashlib.blake2b(digest_size=12)
    hasher.update(settings.config.model_dump_json(exclude={"source"}).encode())
    hasher.update(repr([(r.code, r.origin) for r in settings.registry]).encode())
    for site in sorted(sites, key=lambda s: str(s.root)):
        hasher.update(site_fingerprint(site, with_posts).encode())
    return hasher.hexdigest()


def clean(folder: Path) -> int:
    """Remove the cache folder; return how many files were in it."""
    if not folder.is_dir():
        return 0
    removed = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return removed
