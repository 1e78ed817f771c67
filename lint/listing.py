"""Each folder's entries, read once per run: discovery and the site model walk the same trees.

Listing a folder of 36,000 posts costs tens of milliseconds; a run over a whole site used
to pay it twice (once to find the files to lint, once to learn the site's pages and posts).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

Entries = tuple[list[str], list[str], frozenset[str]]  # folders, other names, symlinked folders


class Listing:
    """Sorted folder entries, memoized for the life of one run (one linter)."""

    def __init__(self) -> None:
        self._entries: dict[str, Entries] = {}

    def entries(self, folder: str) -> Entries:
        """(sub-folders, other names, symlinked sub-folders) of ``folder``; empty if unreadable."""
        found = self._entries.get(folder)
        if found is None:
            found = self._entries[folder] = _scan(folder)
        return found

    def folders(self) -> list[str]:
        """The folders listed so far."""
        return list(self._entries)

    def walk(
        self, top: str, keep: Callable[[str], bool]
    ) -> Iterator[tuple[str, list[str], list[str]]]:
        """Like ``os.walk(top)``, top-down, into the sub-folders ``keep`` accepts (not symlinks).

        Yields (folder, kept sub-folders, other names), each list sorted.
        """
        stack = [top]
        while stack:
            folder = stack.pop()
            folders, names, links = self.entries(folder)
            kept = [name for name in folders if keep(name)]
            yield folder, kept, names
            stack.extend(os.path.join(folder, name) for name in reversed(kept) if name not in links)


def _scan(folder: str) -> Entries:
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
    return folders, names, frozenset(links)
