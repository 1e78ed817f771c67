"""Which files a run lints, and as what: post, page, or not at all."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .site import ALWAYS_SKIPPED_DIRS, CONTENT_SUFFIXES, Site

SKIPPED_DIRS = ALWAYS_SKIPPED_DIRS | {".finews-lint-cache", "__pycache__", ".venv", "venv"}


@dataclass(frozen=True, slots=True)
class Target:
    path: Path  # as found (absolute)
    display: str  # as the user should see it
    site: Site
    relpath: str
    kind: str  # "post" or "page"


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return str(path)


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to the site root, resolving only the folder (a symlinked file stays put)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return (path.parent.resolve() / path.name).relative_to(root).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.name


def _looks_like_content(path: Path) -> bool:
    """A page candidate: its first non-blank line is ``---`` (blank lines are FM001's)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        return True  # let the engine report why it cannot be read
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---")


def walk(path: Path) -> Iterator[Path]:
    """Content files under ``path``, skipping build output, VCS and dependency folders."""
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        # A folder named like a post (`x.md/`) is reported, not silently passed over.
        for name in sorted([*files, *(d for d in dirs if d.lower().endswith(CONTENT_SUFFIXES))]):
            if name.lower().endswith(CONTENT_SUFFIXES):
                yield Path(folder) / name


class Discovery:
    """Resolve PATH arguments into targets, grouped by the site each belongs to."""

    def __init__(self, site_for: SiteLookup, cwd: Path, exclude: list[str]) -> None:
        self.site_for = site_for
        self.cwd = cwd
        self.exclude = exclude

    def _excluded(self, display: str, relpath: str) -> bool:
        return any(
            fnmatch.fnmatch(display, pattern) or fnmatch.fnmatch(relpath, pattern) for pattern in self.exclude
        )

    def classify(self, path: Path, *, explicit: bool) -> Target | None:
        absolute = path if path.is_absolute() else self.cwd / path
        site = self.site_for(absolute)
        relpath = _relative(absolute, site.root)
        display = path.as_posix() if explicit and not path.is_absolute() else _display(absolute, self.cwd)
        if self._excluded(display, relpath):
            return None
        if site.is_post_path(relpath):
            return Target(absolute, display, site, relpath, "post")
        if site.is_excluded(relpath):
            return None
        if not relpath.lower().endswith(CONTENT_SUFFIXES) and not explicit:
            return None
        if absolute.is_file() and not _looks_like_content(absolute):
            return None
        return Target(absolute, display, site, relpath, "page")

    def targets(self, paths: list[Path]) -> tuple[list[Target], list[str]]:
        """Targets to lint, and PATH arguments that do not exist."""
        found: list[Target] = []
        missing: list[str] = []
        seen: set[Path] = set()
        for path in paths:
            absolute = path if path.is_absolute() else self.cwd / path
            if absolute.is_dir():
                candidates = list(walk(absolute))
                explicit = False
            elif absolute.exists() or absolute.is_symlink():
                candidates = [path]
                explicit = True
            else:
                missing.append(str(path))
                continue
            for candidate in candidates:
                key = (candidate if candidate.is_absolute() else self.cwd / candidate).absolute()
                if key in seen:
                    continue
                seen.add(key)
                target = self.classify(candidate, explicit=explicit)
                if target is not None:
                    found.append(target)
        return found, missing


class SiteLookup:
    """Build each site once: by ``--site`` or the nearest ``_config.yml`` upward."""

    def __init__(self, site_dir: Path | None, post_folders: tuple[str, ...] = ()) -> None:
        self.site_dir = site_dir
        self.post_folders = post_folders
        self._sites: dict[Path, Site] = {}
        self._root_of_folder: dict[Path, Path] = {}

    def _root(self, path: Path) -> Path:
        from .site import find_root

        if self.site_dir is not None:
            return self.site_dir.resolve()
        folder = path if path.is_dir() else path.parent
        root = self._root_of_folder.get(folder)  # posts share folders: look each one up once
        if root is None:
            root = (find_root(folder) or folder).resolve()
            self._root_of_folder[folder] = root
        return root

    def __call__(self, path: Path) -> Site:
        root = self._root(path)
        site = self._sites.get(root)
        if site is None:
            site = Site(root, post_folders=self.post_folders)
            self._sites[root] = site
        return site

    @property
    def sites(self) -> list[Site]:
        return list(self._sites.values())
