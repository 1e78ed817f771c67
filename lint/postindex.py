"""A persistent index of a site's posts, so a one-file run does not re-read 36,000 posts.

Whole-site questions (which URLs exist, which posts share a title, how the site writes
offsets) need a few facts from every post's front matter. The index keeps those facts
with each post's stat stamp (size, modification time, inode, change time: a file
edited and given back its old size and time, as ``cp -p`` and rsync do, has a new change
time); a run re-reads only the posts whose stamp changed since the index was written.
The index is keyed by the identity of the tool's code (:mod:`finews_lint.codestamp`) and
the bytes of `_config.yml`, since post URLs depend on `permalink` and `timezone`.

It is stored in parts, each read only when asked for: paths and stamps as bytes (when no
post changed, checking the index is one comparison of bytes), the digest of each post's
content, one :mod:`marshal` blob per fact, and the titles and URLs packed
(:mod:`finews_lint.packedcolumn`). The digests keep the index good where stamps change but
contents do not: in a fresh clone of the site with the cache folder restored (a CI job),
every post has a new stamp, and the posts are hashed, not read again as front matter. A one-file run
over 40,000 posts reads ~8 of the index's 16 MB and decodes no column of strings: reading
and unmarshalling the whole file took ~30 ms of its time, decoding the titles ~20 ms
more (a pickle of 20,000 entries took ~200 ms to load).
"""

from __future__ import annotations

import contextlib
import marshal
import os
from array import array
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any
from zlib import crc32

from . import statall
from .codestamp import code_identity
from .digest import blake2b
from .packedcolumn import PackedColumn

FORMAT = 10
#: The index file starts with these bytes, then the parts, then the header (marshalled: the
#: format and each part's name, length and CRC-32) and the header's length (8 bytes, little
#: endian). A part whose bytes do not have their CRC is unusable, as if the index had none.
MAGIC = b"finews-lint post index\n"
#: The facts kept per post, in the order of :func:`finews_lint.site.Site.post_facts`. The
#: last is how the post's date writes its UTC offset (``+0800``, ``+08:00`` or None), so the
#: site's style is a count over one column, not a pattern matched against 36,000 dates.
FIELDS = ("url", "title", "categories", "tags", "date", "offset")
#: Columns also kept packed (see :mod:`finews_lint.packedcolumn`), titles stripped, for a
#: one-file run's searches.
PACKED = ("url", "title")
_LOAD_ERRORS = (OSError, ValueError, EOFError, TypeError)
#: Bytes of a post's content digest (:func:`finews_lint.digest.content_digest`); a row of
#: zeros is a digest the index does not know.
DIGEST_SIZE = 16
#: Post indexes kept in a cache folder: the newest few (one per site and tool build).
KEEP_INDEXES = 4
UNKNOWN_DIGEST = bytes(DIGEST_SIZE)


def index_path(folder: Path, root: Path) -> Path:
    hasher = blake2b(digest_size=10)
    hasher.update(f"{code_identity()}|{root}".encode())
    with contextlib.suppress(OSError):
        hasher.update((root / "_config.yml").read_bytes())
    return folder / f"posts-{hasher.hexdigest()}.index"


def packed_paths(relpaths: list[str] | str) -> bytes:
    """Paths NUL-separated (no file name holds NUL) as bytes, compared as a whole;
    ``relpaths`` may be joined already."""
    joined = relpaths if isinstance(relpaths, str) else "\0".join(relpaths)
    return joined.encode("utf-8", "surrogateescape")


#: The stamp columns: size, mtime_ns, inode, ctime_ns (as :mod:`finews_lint.statall` takes them).
Stamps = Sequence[Sequence[int]]
#: How many stamp columns there are.
STAMP_COLUMNS = 4
#: The time kept for a post whose stamp was too young to trust: no file has it.
UNTRUSTED = -2


def _stamp_bytes(stamps: Stamps) -> bytes:
    """The stamp columns one after the other, as machine integers (copied at once from arrays)."""
    return b"".join(_column_bytes(column) for column in stamps)


def _column_bytes(column: Sequence[int]) -> bytes:
    try:
        return array("q", column).tobytes()
    except OverflowError:  # an inode beyond 63 bits: kept as its two's complement
        return array("q", [v - (1 << 64) if v >= 1 << 63 else v for v in column]).tobytes()


def _trusted_stamps(stamps: Stamps, now: int) -> Stamps:
    """``stamps`` with the time of each post changed within ``RACY_NS`` of ``now`` replaced
    by ``UNTRUSTED``: such a post could change again within the same clock tick and keep its
    stamp, so the next run must look at it again."""
    sizes, times, inodes, changes = stamps
    limit = now - statall.RACY_NS
    young = [
        n
        for n, (mtime, ctime) in enumerate(zip(times, changes, strict=True))
        if mtime >= limit or ctime >= limit
    ]
    if not young:
        return stamps
    kept = list(times)
    for n in young:
        kept[n] = UNTRUSTED
    return sizes, kept, inodes, changes


_GONE = array("q", [-1]).tobytes()


def _gone_rows(sizes: bytes) -> list[int]:
    """The rows whose size (8 bytes each in ``sizes``) is -1: the post is gone."""
    found = []
    at = sizes.find(_GONE)
    while at >= 0:
        if at % 8 == 0:
            found.append(at // 8)
        at = sizes.find(_GONE, at + 1)
    return found


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
    """The stored paths, stamps and fact columns; empty when missing or unreadable.

    Only the header is read when the index is opened; each part is read when asked for,
    from the file as it was opened (a run that replaces it meanwhile writes a new file).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fd = -1
        self._sections: dict[str, tuple[int, int, int]] = {}
        self._paths = b""
        self._stamps = b""
        if path is None:
            return
        try:
            self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            self._sections = _read_header(self._fd)
            self._paths = self._section("paths")
            self._stamps = self._section("stamps")
        except (*_LOAD_ERRORS, KeyError, IndexError):
            self._sections = {}
            self._paths = self._stamps = b""
        if not self._sections:
            self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self) -> None:
        # Not contextlib.suppress: module globals may be gone at interpreter exit.
        try:  # noqa: SIM105
            self.close()
        except (OSError, TypeError):
            pass

    def _section(self, name: str) -> bytes:
        """The bytes of part ``name``; KeyError when the index has none, OSError when they
        cannot be read whole or are damaged (their CRC-32 is not the header's)."""
        offset, length, checksum = self._sections[name]
        data = _pread(self._fd, length, offset)
        if len(data) != length:
            raise OSError(f"the post index ends inside its part {name}")
        if crc32(data) != checksum:
            raise OSError(f"the post index's part {name} is damaged")
        return data

    def edited_rows(
        self,
        relpaths: list[str],
        stamps: Stamps,
        joined: bytes | None = None,
    ) -> list[int] | None:
        """The positions of the posts whose stamp differs from the index's (or that are
        gone: size -1), when the index was written for exactly these paths; else None.

        Compared as bytes, a block at a time: a one-file run over 40,000 posts looks at
        the few rows that changed, not at every row. ``joined`` is :func:`packed_paths` of
        ``relpaths``, when the caller has it.
        """
        if not self._sections:
            return None
        if (packed_paths(relpaths) if joined is None else joined) != self._paths:
            return None
        now = _stamp_bytes(stamps)
        if len(now) != len(self._stamps):
            return None
        count = len(relpaths)
        rows = {n % count for n in _differing(now, self._stamps, 0, STAMP_COLUMNS * count)}
        rows.update(_gone_rows(now[: 8 * count]))
        return sorted(rows)

    @cached_property
    def rows(self) -> int:
        """How many posts the index holds (counted, not split: ~6 ms for 40,000 paths)."""
        return self._paths.count(b"\0") + 1 if self._sections else 0

    @cached_property
    def relpaths(self) -> list[str]:
        if not self._sections:
            return []
        return self._paths.decode("utf-8", "surrogateescape").split("\0")

    @cached_property
    def stamps(self) -> list[tuple[int, ...]]:
        """The stored stamp of each post, in ``relpaths`` order (inodes beyond 63 bits as
        :func:`_stamp_bytes` keeps them); empty when they do not fit the paths."""
        values = array("q")
        values.frombytes(self._stamps[: len(self._stamps) // 8 * 8])
        count = self.rows
        if len(values) != STAMP_COLUMNS * count:
            return []
        columns = [values[n * count : (n + 1) * count] for n in range(STAMP_COLUMNS)]
        return list(zip(*columns, strict=True))

    @cached_property
    def digests(self) -> bytes:
        """The content digest of each post (``DIGEST_SIZE`` bytes each, in ``relpaths`` order;
        ``UNKNOWN_DIGEST`` when not known); empty when the index has none that fit."""
        try:
            data = self._section("digests")
        except (*_LOAD_ERRORS, KeyError):
            return b""
        return data if len(data) == DIGEST_SIZE * self.rows else b""

    def column(self, name: str) -> list[Any] | None:
        """The stored values of one fact, in the order of ``relpaths``; None when unusable."""
        try:
            column = marshal.loads(self._section(f"column:{name}"))
        except (*_LOAD_ERRORS, KeyError):
            return None
        return column if type(column) is list and len(column) == self.rows else None

    def packed(self, name: str) -> PackedColumn | None:
        """The packed column ``name`` (one of ``PACKED``; titles stripped); None when unusable."""
        try:
            stored = self._section(f"packed:{name}"), self._section(f"starts:{name}")
        except (*_LOAD_ERRORS, KeyError):
            return None
        return PackedColumn.from_stored(stored, self.rows)


def _pread(fd: int, length: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: no pread
    return os.read(fd, length)


def _read_header(fd: int) -> dict[str, tuple[int, int, int]]:
    """Where each part of the index file at ``fd`` is: name -> (offset, length, CRC-32); {} if
    not ours."""
    end = os.fstat(fd).st_size
    if end < len(MAGIC) + 8 or _pread(fd, len(MAGIC), 0) != MAGIC:
        return {}
    size = int.from_bytes(_pread(fd, 8, end - 8), "little")
    if size > end - 8 - len(MAGIC):
        return {}
    version, parts = marshal.loads(_pread(fd, size, end - 8 - size))
    if version != FORMAT or type(parts) is not list:
        return {}
    sections = {}
    offset = len(MAGIC)
    for name, length, checksum in parts:
        sections[str(name)] = (offset, int(length), int(checksum))
        offset += int(length)
    if offset != end - 8 - size:  # the parts do not fill the file up to the header
        return {}
    return sections


def save(
    path: Path,
    relpaths: list[str],
    stamps: Stamps,
    columns: dict[str, list[Any]],
    digests: bytes | bytearray = b"",
    now: int | None = None,
) -> None:
    """Write the index atomically; errors are ignored (the next run reads the posts again).
    ``stamps``: the posts' stamp columns, taken before their facts were read; ``digests``:
    each post's :func:`content_digest` (or ``UNKNOWN_DIGEST``), concatenated; ``now``: when
    the stamps were taken (by default, now)."""
    import time

    trusted = _trusted_stamps(stamps, time.time_ns() if now is None else now)
    try:
        from . import cachedir

        # Each part made as it is written, and let go: made first, the parts (~47 MB at
        # 100,000 posts) were the peak of a first run with the cache.
        written = _with_header(_parts(relpaths, trusted, digests, columns))
        cachedir.write(path.parent, path.name, written, sealed=False)  # its parts are checked
        for legacy in path.parent.glob("posts-*.marshal"):  # the format before parts (~10 MB)
            legacy.unlink(missing_ok=True)
        # Indexes of other code or configurations (~10 MB each at 40,000 posts); several
        # sites may share the cache folder.
        cachedir.keep_newest(path.parent, KEEP_INDEXES, "posts-*.index")
    except (OSError, ValueError):  # ValueError: a value marshal cannot keep
        return


def _parts(
    relpaths: list[str], stamps: Stamps, digests: bytes | bytearray, columns: dict[str, list[Any]]
) -> Iterator[tuple[str, bytes]]:
    """The index's parts, by name, one at a time (marshal raises ValueError on a value it
    cannot keep)."""
    yield "paths", packed_paths(relpaths)
    yield "stamps", _stamp_bytes(stamps)
    if len(digests) == DIGEST_SIZE * len(relpaths):
        yield "digests", bytes(digests)
    for name in FIELDS:
        yield f"column:{name}", marshal.dumps(columns[name])
    for name in PACKED:
        values = columns[name]
        if name == "title":
            values = [value.strip() if type(value) is str else value for value in values]
        packed = PackedColumn.of(values)
        if packed is not None:
            data, starts = packed.stored()
            yield f"packed:{name}", data
            yield f"starts:{name}", starts


def _with_header(parts: Iterator[tuple[str, bytes]]) -> Iterator[bytes]:
    """The bytes of the index file: ``MAGIC``, the parts, then the header that says where
    each is and the header's length (8 bytes, little endian)."""
    yield MAGIC
    table = []
    for name, data in parts:
        table.append((name, len(data), crc32(data)))
        yield data
        del data  # before the next part is made
    header = marshal.dumps([FORMAT, table])
    yield header
    yield len(header).to_bytes(8, "little")
