"""A persistent index of a site's posts, so a one-file run does not re-read 36,000 posts.

Whole-site questions (which URLs exist, which posts share a title, how the site writes
offsets) need a few facts from every post's front matter. The index keeps those facts
with each post's size and modification time; a run re-reads only the posts that
changed since the index was written. The index is keyed by the tool's version and
the bytes of `_config.yml`, since post URLs depend on `permalink` and `timezone`.

It is stored column by column with :mod:`marshal` (paths and stamps as bytes, then one
blob per fact): when no post changed, checking the index is one comparison of bytes,
and a one-file run decodes only the columns its rules read (titles, URLs), not one
object per post (a pickle of 20,000 entries took ~200 ms to load).
"""

from __future__ import annotations

import marshal
from array import array
from functools import cached_property
from pathlib import Path
from typing import Any

from . import __version__
from .digest import blake2b

FORMAT = 4
#: The facts kept per post, in the order of :func:`finews_lint.site.Site.post_facts`. The
#: last is how the post's date writes its UTC offset (``+0800``, ``+08:00`` or None), so the
#: site's style is a count over one column, not a pattern matched against 36,000 dates.
FIELDS = ("url", "title", "categories", "tags", "date", "offset")
_LOAD_ERRORS = (OSError, ValueError, EOFError, TypeError)


def index_path(folder: Path, root: Path) -> Path:
    hasher = blake2b(digest_size=10)
    hasher.update(f"{__version__}|{root}".encode())
    try:
        hasher.update((root / "_config.yml").read_bytes())
    except OSError:
        pass
    return folder / f"posts-{hasher.hexdigest()}.marshal"


def _packed(relpaths: list[str], sizes: list[int], times: list[int]) -> tuple[bytes, bytes]:
    """Paths (NUL-separated: no file name holds NUL) and stamps as bytes, compared as a whole."""
    return "\0".join(relpaths).encode("utf-8", "surrogateescape"), (
        array("q", sizes).tobytes() + array("q", times).tobytes()
    )


def _differing(new: bytes, old: bytes, offset: int, count: int, block: int = 512) -> list[int]:
    """The rows among ``count`` 8-byte values from ``offset`` where ``new`` and ``old`` differ."""
    new_view, old_view = memoryview(new), memoryview(old)
    found = []
    for first in range(0, count, block):
        lo, hi = offset + 8 * first, offset + 8 * min(first + block, count)
        if new_view[lo:hi] != old_view[lo:hi]:
            for n in range(first, min(first + block, count)):
                at = offset + 8 * n
                if new_view[at : at + 8] != old_view[at : at + 8]:
                    found.append(n)
    return found


class PostIndex:
    """The stored paths, stamps and fact columns; empty when missing or unreadable."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._paths = b""
        self._stamps = b""
        self._blobs: list[bytes] = []
        if path is None:
            return
        try:
            version, paths, stamps, blobs = marshal.loads(path.read_bytes())
        except _LOAD_ERRORS:
            return
        if (
            version == FORMAT
            and type(paths) is bytes
            and type(stamps) is bytes
            and type(blobs) is list
            and len(blobs) == len(FIELDS)
        ):
            self._paths, self._stamps, self._blobs = paths, stamps, blobs

    def edited_rows(
        self, relpaths: list[str], sizes: list[int], times: list[int]
    ) -> list[int] | None:
        """The positions of the posts whose size or time differs from the index's (or that
        are gone: size -1), when the index was written for exactly these paths; else None.

        Compared as bytes, a block at a time: a one-file run over 40,000 posts looks at
        the few rows that changed, not at every row.
        """
        if not self._blobs:
            return None
        paths, stamps = _packed(relpaths, sizes, times)
        if paths != self._paths or len(stamps) != len(self._stamps):
            return None
        count = len(relpaths)
        rows = set(_differing(stamps, self._stamps, 0, count))  # sizes
        rows.update(_differing(stamps, self._stamps, 8 * count, count))  # times
        if -1 in sizes:
            rows.update(n for n, size in enumerate(sizes) if size < 0)
        return sorted(rows)

    @cached_property
    def relpaths(self) -> list[str]:
        if not self._blobs:
            return []
        return self._paths.decode("utf-8", "surrogateescape").split("\0")

    @cached_property
    def stamps(self) -> tuple[list[int], list[int]]:
        """Stored (sizes, times) in ``relpaths`` order; empty when they do not fit the paths."""
        values = array("q")
        values.frombytes(self._stamps[: len(self._stamps) // 8 * 8])
        count = len(self.relpaths)
        if len(values) != 2 * count:
            return [], []
        return values[:count].tolist(), values[count:].tolist()

    def column(self, name: str) -> list[Any] | None:
        """The stored values of one fact, in the order of ``relpaths``; None when unusable."""
        try:
            column = marshal.loads(self._blobs[FIELDS.index(name)])
        except (*_LOAD_ERRORS, IndexError):
            return None
        return column if type(column) is list and len(column) == len(self.relpaths) else None


def save(path: Path, relpaths: list[str], sizes: list[int], times: list[int],
         columns: dict[str, list[Any]]) -> None:
    """Write the index atomically; errors are ignored (the next run reads the posts again)."""
    blobs = [marshal.dumps(columns[name]) for name in FIELDS]
    try:
        from . import cachedir

        data = marshal.dumps([FORMAT, *_packed(relpaths, sizes, times), blobs])
        cachedir.write(path.parent, path.name, data)
    except (OSError, ValueError):
        return
