"""The identity of the tool's own code, for the keys of everything a run keeps.

The version alone is not enough: a tool installed again from a newer commit of the same
version (a pre-commit hook's new `rev`, `pip install -U` from git) must not replay the
findings, reports or post URLs of the code before it.

- An installed copy is identified by the hashes pip wrote for the package's files in its
  `RECORD`: one small read, and the same code installed anew (as in each CI run, into a
  fresh environment) has the same identity, so a cache restored into CI still serves.
- Without a `RECORD` beside the package (an editable install, a source checkout), the name,
  size and modification time of each module stand for it: an edit makes a new identity.

Computed once per process.
"""

from __future__ import annotations

import os
import sys
import zlib

from . import __version__

_PACKAGE = "finews_lint"
_known: str | None = None


def code_identity() -> str:
    """The version and a digest of the code (see the module's documentation)."""
    global _known
    if _known is None:
        package = _package_folder()
        found = recorded_hashes(package) or module_stamps(_module_folders(package))
        _known = f"{__version__}+{_digest(found)}"
    return _known


def _digest(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"  # zlib: no hashlib to import


def _package_folder() -> str:
    return os.path.dirname(os.path.abspath(sys.modules[_PACKAGE].__file__ or ""))


def recorded_hashes(package: str) -> bytes:
    """The lines of the `RECORD` installed beside ``package`` (its folder) that give the
    hash of one of its files; empty when the package was not installed from a wheel."""
    record = os.path.join(os.path.dirname(package), f"{_PACKAGE}-{__version__}.dist-info", "RECORD")
    try:
        with open(record, "rb") as stream:
            lines = stream.read().splitlines()
    except OSError:
        return b""
    prefix = f"{_PACKAGE}/".encode()
    return b"\n".join(sorted(line for line in lines if line.startswith(prefix) and b",sha" in line))


def _module_folders(package: str) -> list[str]:
    """The package's folder and its subpackages' (elsewhere in an editable install)."""
    from importlib.util import find_spec

    folders = [package]
    for name in ("rules", "schemas", "output"):
        try:
            spec = find_spec(f"{_PACKAGE}.{name}")
        except (ImportError, ValueError):
            spec = None
        if spec is not None:
            folders.extend(spec.submodule_search_locations or [])
    return list(dict.fromkeys(folders))


def module_stamps(folders: list[str]) -> bytes:
    """The (folder, name, size, modification time) of every module in ``folders``."""
    stamps = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                stamps.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(stamps).encode("utf-8", "surrogateescape")
