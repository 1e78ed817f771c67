"""The cache folder itself: created on first write, with a ``.gitignore`` that keeps it out
of the content repository (whichever of the result cache, the post index, the kept
listings or the quick replay writes first)."""

from __future__ import annotations

import os


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
