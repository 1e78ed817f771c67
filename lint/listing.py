"""Each folder's entries, read once per run: discovery and the site model walk the same trees.

Listing a folder of 36,000 posts costs tens of milliseconds; a run over a whole site used
to pay it twice (once to find the files to lint, once to learn the site's pages and posts).

With a store (a file in the cache folder), the listings of large folders are also kept
between runs with the folder's stat stamp: a folder's modification time changes whenever
an entry is added, removed or renamed, so an unchanged stamp means unchanged entries. A
listing is kept only when its folder had not changed for the racy window before it was
read (an entry added in the same clock tick could go unseen).
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable, Iterator

from . import statall

Entries = tuple[list[str], list[str], frozenset[str]]  # folders, other names, symlinked folders
#: The same with the other names NUL-separated in one string, as kept: the names of a folder
#: of 40,000 posts load in ~0.3 ms as one string, ~7 ms as 40,000.
Listed = tuple[list[str], str, frozenset[str]]
FolderStamp = tuple[int, int, int, int, int]  # mode, size, mtime_ns, inode, ctime_ns
#: Folders with at least this many entries are kept in the store.
KEPT_FROM = 500
STORE_NAME = "listings-2.marshal"


def folder_stamp(path: str) -> FolderStamp | None:
    """The stat stamp of a folder (or of whatever is at ``path``); None when missing."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


class Listing:
    """Sorted folder entries, memoized for the life of one run (one linter)."""

    def __init__(self) -> None:
        self._listed: dict[str, Listed] = {}
        self._entries: dict[str, Entries] = {}
        self._store: str | None = None
        self._stored: dict[str, tuple[FolderStamp, list[str], str, list[str]]] | None = None

    def keep_in(self, store: str) -> None:
        """Keep the listings of large folders in the file ``store`` between runs."""
        self._store = store

    def entries(self, folder: str) -> Entries:
        """(sub-folders, other names, symlinked sub-folders) of ``folder``; empty if unreadable."""
        found = self._entries.get(folder)
        if found is None:
            folders, names, links = self.listed(folder)
            found = self._entries[folder] = folders, names.split("\0") if names else [], links
        return found

    def joined_names(self, folder: str) -> str:
        """The names in ``folder`` that are not sub-folders, sorted and NUL-separated."""
        return self.listed(folder)[1]

    def listed(self, folder: str) -> Listed:
        """:meth:`entries` with the names as :meth:`joined_names` gives them."""
        found = self._listed.get(folder)
        if found is None:
            found = self._listed[folder] = self._read(folder)
        return found

    def _read(self, folder: str) -> Listed:
        if self._store is None:
            return _scan(folder)
        stamp = folder_stamp(folder)  # before the listing: a later change shows in the next stamp
        stored = self._kept().get(folder)
        if (
            stamp is not None
            and isinstance(stored, tuple)
            and len(stored) == 4
            and stored[0] == stamp
        ):
            folders, names, links = stored[1:]
            if type(folders) is list and type(names) is str and type(links) is list:
                return folders, names, frozenset(links)
        found = _scan(folder)
        if (
            stamp is not None  # settled: unchanged for the racy window before it was read
            and max(stamp[2], stamp[4]) < time.time_ns() - statall.RACY_NS
            and len(found[0]) + found[1].count("\0") + 1 >= KEPT_FROM
        ):
            self._kept()[folder] = (stamp, found[0], found[1], sorted(found[2]))
            self._save()
        return found

    def _kept(self) -> dict[str, tuple[FolderStamp, list[str], str, list[str]]]:
        if self._stored is None:
            self._stored = {}
            from . import cachedir

            try:
                loaded = marshal.loads(cachedir.read(self._store or "") or b"")
                if isinstance(loaded, dict):
                    self._stored = loaded
            except (OSError, EOFError, ValueError, TypeError):
                pass
        return self._stored

    def _save(self) -> None:
        store = self._store or ""
        try:
            from . import cachedir

            folder, name = os.path.split(store)
            cachedir.write(folder, name, marshal.dumps(self._stored))
        except (OSError, ValueError):
            return

    def folders(self) -> list[str]:
        """The folders listed so far."""
        return list(self._listed)

    def walk(
        self, top: str, keep: Callable[[str], bool]
    ) -> Iterator[tuple[str, list[str], list[str]]]:
        """Like ``os.walk(top)``, top-down, into the sub-folders ``keep`` accepts (not symlinks).

        Yields (folder, kept sub-folders, other names), each list sorted. The names are
        split for the caller, not kept: a run walks a tree once, and the names of a folder
        of 100,000 posts, kept as strings for the rest of the run, held ~10 MB.
        """
        for folder, kept in self.folders_under(top, keep):
            names = self.joined_names(folder)
            yield folder, kept, names.split("\0") if names else []

    def folders_under(
        self, top: str, keep: Callable[[str], bool]
    ) -> Iterator[tuple[str, list[str]]]:
        """:meth:`walk` without the names (ask :meth:`joined_names` or :meth:`entries`)."""
        stack = [top]
        while stack:
            folder = stack.pop()
            folders, _, links = self.listed(folder)
            kept = [name for name in folders if keep(name)]
            yield folder, kept
            stack.extend(os.path.join(folder, name) for name in reversed(kept) if name not in links)


def _scan(folder: str) -> Listed:
    folders: list[str] = []
    names: list[str] = []
    links: list[str] = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if not is_folder:
                    names.append(entry.name)
                    continue
                folders.append(entry.name)
                if entry.is_symlink():
                    links.append(entry.name)
    except OSError:
        pass
    folders.sort()
    names.sort()
    return folders, "\0".join(names), frozenset(links)
