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
import tempfile
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
    if with_posts:
        hasher.update(repr(sorted(site.post_stamps.items())).encode())
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
    """Diagnostics by (path, content hash), for one configuration and site state."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.file = folder / f"v{FORMAT}-{__version__}-{key}.pickle"
        self.entries: dict[str, tuple[str, list[tuple[Any, ...]]]] = {}
        self.changed = False
        try:
            with self.file.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            self.entries = {}

    def get(self, path: str, content: str) -> list[Diagnostic] | None:
        entry = self.entries.get(path)
        if entry is None or entry[0] != content:
            return None
        return _unpack(entry[1])

    def put(self, path: str, content: str, diagnostics: list[Diagnostic]) -> None:
        self.entries[path] = (content, _pack(diagnostics))
        self.changed = True

    def save(self) -> None:
        """Write atomically; keep only the newest few cache files. Failure to write is not an error."""
        if not self.changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(self.entries, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
            older = sorted(self.folder.glob("v*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in older[KEEP_FILES:]:
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
    """Remove the cache folder's files; return how many were removed."""
    removed = 0
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file():
                path.unlink()
                removed += 1
        try:
            folder.rmdir()
        except OSError:
            pass
    return removed
