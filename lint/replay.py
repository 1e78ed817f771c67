"""Replay of a whole run's report when nothing the run reads has changed since it was made.

A warm re-run of a large site is mostly unchanged files; serving each file's findings from
the result cache still rebuilds and renders every finding (70,000 for 20,000 posts). When
every input of the run is as it was, the report is the same text, so it is kept once
rendered and written again as it is.

The key of a report holds everything its text depends on:

- the result cache's key (tool version, configuration, rules, the rarely changing site
  parts: `_config.yml`, pages, layouts, static files) and the tool's source files;
- each target's displayed path, absolute path and stat stamp (size, mtime, inode, ctime),
  in order, and the paths that do not exist (posts and pages are in the states below as
  well; the targets' own stamps keep the key right whatever the site model makes of a file);
- the state of every post of each site the targets belong to (the stamps of all posts:
  links, duplicate titles and URL collisions read other posts);
- how the report is rendered (format, colour) and the working folder.

A stamp younger than the cache's racy window is not trusted (the file could change again
within the same clock tick), so a run that just wrote a file neither stores nor replays.
Reports live in the result cache's folder (``finews-lint clean`` removes them); the
newest few are kept.
"""

from __future__ import annotations

import marshal
import time
from codecs import getincrementaldecoder
from io import RawIOBase
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .cache import trusted
from .digest import blake2b

if TYPE_CHECKING:
    from collections.abc import Iterator

    from _typeshed import ReadableBuffer

    from .cachedir import Writer
    from .discover import Target
    from .engine import Linter

FORMAT = 1
FOLDER = "reports"
KEEP = 8


def run_key(
    linter: Linter, targets: list[Target], missing: list[str], rendering: str
) -> str | None:
    """The key of this run's report, or None when the run cannot be replayed (a racy stamp)."""
    from .catalog import _source_key

    cache = linter.cache
    if cache is None:
        return None
    stamps = linter.stamp_targets(targets)
    now = time.time_ns()
    hasher = blake2b(digest_size=16)
    hasher.update(
        f"{FORMAT}\0{cache.directory}\0{_source_key()}\0{linter.cwd}\0{rendering}".encode()
    )
    taken = [stamps[target.path] for target in targets]
    if any(stamp is not None and trusted(stamp, now) is None for stamp in taken):
        return None
    names = "\0".join(f"{target.display}\0{target.path}" for target in targets)
    hasher.update(names.encode("utf-8", "surrogateescape"))
    # Version 2: later versions flag objects by their reference count (an int shared by two
    # stamps, or merely referenced twice, is written differently), so equal stamps could
    # give another key and the second run after a cache was built missed its report.
    hasher.update(marshal.dumps(taken, 2))
    hasher.update(repr(missing).encode("utf-8", "surrogateescape"))
    for site in {str(t.site.root): t.site for t in targets}.values():
        hasher.update(linter.posts_state(site).encode())
    return hasher.hexdigest()


def _folder(linter: Linter) -> Path:
    assert linter.cache is not None
    return linter.cache.directory / FOLDER


def _header(key: str, code: int) -> bytes:
    return f"finews-lint report {FORMAT} {key} {code}\n".encode()


def load(linter: Linter, key: str) -> tuple[memoryview, int] | None:
    """The report (UTF-8, a view of the file's bytes) and exit code stored under ``key``, if
    any."""
    from . import cachedir

    stored = cachedir.read(_folder(linter) / key)
    if stored is None:
        return None
    for code in (0, 1):
        header = _header(key, code)
        if stored[: len(header)] == header:
            return stored[len(header) :], code
    return None


def load_in_pieces(linter: Linter, key: str, code: int) -> tuple[int, Iterator[bytes]] | None:
    """The report stored under ``key`` with exit status ``code``, as its size and its pieces
    (see :func:`finews_lint.cachedir.read_in_pieces`): copied into the quick record, the
    report of a 100,000-post site (~60 MB) was read whole, the peak of a first run."""
    from . import cachedir

    return cachedir.read_in_pieces(_folder(linter) / key, _header(key, code))


def write(terminal: TextIO, report: bytes | memoryview) -> None:
    """Write a stored report as the terminal would have written its text."""
    recording = Recording(terminal, None)
    recording.write(report)
    recording.finish()


class Recording(RawIOBase):
    """Where a run that may be replayed writes its report (UTF-8, through a text wrapper):
    to the terminal, as it would have written the text, and to the file kept under the
    run's key, as the report is rendered. Rendered into memory first, the report of a
    100,000-post site (~55 MB) sat beside the findings it was made of, the run's peak.

    Storing is best effort: a failure to write the file drops it, the terminal gets the
    whole report all the same. :meth:`finish` puts the file in place; :meth:`stop` (after
    an error) leaves no file behind and writes nothing more."""

    def __init__(self, terminal: TextIO, store: Writer | None) -> None:
        from .quick import takes_utf8_bytes

        super().__init__()
        self._terminal = terminal
        self._decoder = None
        if takes_utf8_bytes(terminal):  # as bytes: no decoding and encoding of megabytes
            terminal.flush()  # what it was given as text comes first
        else:
            self._decoder = getincrementaldecoder("utf-8")("surrogateescape")
        self._store = store
        self._stopped = False

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        data = memoryview(data)
        if self._stopped:
            return data.nbytes
        if self._decoder is None:
            self._terminal.buffer.write(data)
        else:
            self._terminal.write(self._decoder.decode(data))
        if self._store is not None:
            try:
                self._store.write(data)
            except OSError:
                self.abandon()
        return data.nbytes

    def finish(self) -> bool:
        """Flush the terminal and put the report's file in place; whether it was kept."""
        if self._decoder is None:
            self._terminal.buffer.flush()
        else:
            self._terminal.write(self._decoder.decode(b"", final=True))
        store, self._store = self._store, None
        if store is None:
            return False
        try:
            store.commit()
        except OSError:
            return False
        return True

    def abandon(self) -> None:
        """Drop the report's file (the terminal still gets the report)."""
        store, self._store = self._store, None
        if store is not None:
            store.abandon()

    def stop(self) -> None:
        """After an error while rendering: no file, and nothing more to the terminal (what
        is still buffered, flushed as the run unwinds, would fail the same way)."""
        self.abandon()
        self._stopped = True


def recording(linter: Linter, key: str | None, code: int, terminal: TextIO) -> Recording:
    """A :class:`Recording` of the report of the run under ``key`` (exit status ``code``);
    with no key, or no file to keep it in, it writes to the terminal alone."""
    store = None
    if key is not None and linter.cache is not None:
        from .cachedir import Writer

        try:
            store = Writer(linter.cache.folder, f"{linter.cache.directory.name}/{FOLDER}/{key}")
            store.write(_header(key, code))
        except OSError:
            if store is not None:
                store.abandon()
            store = None
    return Recording(terminal, store)


def keep_newest(linter: Linter) -> None:
    """Drop all but the newest few reports. Failures are not errors."""
    from . import cachedir

    try:
        cachedir.keep_newest(_folder(linter), KEEP)
    except OSError:
        return
