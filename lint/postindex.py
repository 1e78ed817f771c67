"""A persistent index of a site's posts, so a one-file run does not re-read 36,000 posts.

Whole-site questions (which URLs exist, which posts share a title, how the site writes
offsets) need a few facts from every post's front matter. The index keeps those facts
per post with the post's size and modification time; a run re-reads only the posts
that changed since the index was written. The index is keyed by the tool's version and
the bytes of `_config.yml`, since post URLs depend on `permalink` and `timezone`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from . import __version__

Stamp = tuple[int, int]  # (size, mtime_ns)


def stamp(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def index_path(folder: Path, root: Path) -> Path:
    hasher = hashlib.blake2b(digest_size=10)
    hasher.update(f"{__version__}|{root}".encode())
    try:
        hasher.update((root / "_config.yml").read_bytes())
    except OSError:
        pass
    return folder / f"posts-{hasher.hexdigest()}.pickle"


class PostIndex:
    """Stored facts per post: ``relpath -> (stamp, facts)``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[Stamp, Any]] = {}
        self.changed = False
        if path is None:
            return
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
            self.entries = {}

    def get(self, relpath: str, current: Stamp | None) -> Any | None:
        entry = self.entries.get(relpath)
        if entry is None or current is None or entry[0] != current:
            return None
        return entry[1]

    def put(self, relpath: str, current: Stamp | None, facts: Any) -> None:
        if current is not None:
            self.entries[relpath] = (current, facts)
            self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write the entries of the posts in ``keep`` (the others were removed); errors are ignored."""
        if self.path is None or not (self.changed or set(self.entries) - keep):
            return
        entries = {relpath: entry for relpath, entry in self.entries.items() if relpath in keep}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            return
