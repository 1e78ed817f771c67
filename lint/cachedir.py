"""The cache folder itself: created on first write, with a ``.gitignore`` that keeps it out
of the content repository, and written to one whole file at a time.

The result cache, the post index, the kept listings, the report replays, the quick
records and the rule catalogue all live in it and write through :func:`write`.
"""

from __future__ import annotations

import os
from pathlib import Path


def make(folder: str, inside: str = "") -> str:
    """Create ``folder`` (the cache folder) and ``folder/inside``; return the latter.

    Raises OSError like :func:`os.makedirs`.
    """
    target = os.path.join(folder, inside) if inside else folder
    os.makedirs(target, exist_ok=True)
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as handle:
            handle.write("*\n")
    return target


def write(folder: str | Path, name: str, data: bytes) -> None:
    """Write ``folder/name`` whole or not at all: a temporary file beside it, then a rename
    (a run reading it meanwhile sees the old file or the new one). ``name`` may hold a
    sub-folder; the cache folder and that sub-folder are created first. Raises OSError."""
    inside, base = os.path.split(name)
    target = os.path.join(make(str(folder), inside), base)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        try:  # noqa: SIM105 (contextlib is not needed for one call)
            os.unlink(temporary)
        except OSError:
            pass
        raise


def keep_newest(folder: str | Path, count: int, pattern: str = "*") -> None:
    """Remove all but the ``count`` most recently modified entries of ``folder`` that match
    ``pattern`` (files, or folders with what is in them). Raises OSError."""
    entries = sorted(Path(folder).glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[count:]:
        if stale.is_dir():
            import shutil

            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
