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
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .cache import trusted
from .digest import blake2b

if TYPE_CHECKING:
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


def write(terminal: TextIO, report: bytes | memoryview) -> None:
    """Write a stored report as the terminal would have written its text."""
    from .quick import takes_utf8_bytes

    if takes_utf8_bytes(terminal):
        terminal.flush()
        terminal.buffer.write(report)  # as bytes: no decoding and encoding of megabytes
        terminal.buffer.flush()
    else:
        terminal.write(str(report, "utf-8", "surrogateescape"))


def store(linter: Linter, key: str, report: bytes | memoryview, code: int) -> None:
    """Keep ``report`` (UTF-8) and ``code`` under ``key``; drop all but the newest few.
    Failures are not errors."""
    assert linter.cache is not None
    cache = linter.cache
    try:
        from . import cachedir

        name = f"{cache.directory.name}/{FOLDER}/{key}"
        cachedir.write(cache.folder, name, [_header(key, code), report])  # no joined copy
        cachedir.keep_newest(_folder(linter), KEEP)
    except (OSError, ValueError):
        return
