"""Which files a run lints, and as what: post, page, or not at all.

Folder walks work on strings, one site lookup per folder: a run over 36,000 posts
spends its time linting, not building path objects.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from .listing import Listing
from .record import record
from .site import ALWAYS_SKIPPED_DIRS, CONTENT_SUFFIXES, POST_SUFFIXES, Site, find_root
from .statall import DEFAULT_CACHE_FOLDER

SKIPPED_DIRS = ALWAYS_SKIPPED_DIRS | {DEFAULT_CACHE_FOLDER, "__pycache__", ".venv", "venv"}


@record(frozen=True, slots=True)
class Target:
    path: str  # absolute
    display: str  # as the user should see it
    site: Site
    relpath: str  # from the site root, "/"-separated
    kind: str  # "post" or "page"


def _looks_like_content(path: str) -> bool:
    """A page candidate: its first non-blank line is ``---`` (blank lines are FM001's)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return True  # let the engine report why it cannot be read
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---")


def _walked_into(name: str) -> bool:
    return name not in SKIPPED_DIRS and not name.startswith(".")


def walk(folder: str, listing: Listing | None = None) -> Iterator[tuple[str, list[str]]]:
    """(folder, content names) under ``folder``, skipping build output, VCS and dependencies.

    A folder named like a post (``x.md/``) is listed too: it is reported, not passed over.
    """
    for current, dirs, files in (listing or Listing()).walk(folder, _walked_into):
        names = [n for n in files if n.lower().endswith(CONTENT_SUFFIXES)]
        names += [d for d in dirs if d.lower().endswith(CONTENT_SUFFIXES)]
        if names:
            yield current, sorted(names)


class SiteLookup:
    """Build each site once: by ``--site`` or the nearest ``_config.yml`` upward."""

    def __init__(self, site_dir: Path | None, post_folders: tuple[str, ...] = ()) -> None:
        self.site_dir = site_dir
        self.post_folders = post_folders
        self._sites: dict[str, Site] = {}
        self._site_of_folder: dict[str, Site] = {}
        self.listing = Listing()  # one listing of each folder for discovery and the sites

    def for_folder(self, folder: str) -> Site:
        site = self._site_of_folder.get(folder)
        if site is None:
            if self.site_dir is not None:
                root = self.site_dir.resolve()
            else:
                root = (find_root(Path(folder)) or Path(folder)).resolve()
            site = self._sites.get(str(root))
            if site is None:
                site = Site(root, post_folders=self.post_folders, listing=self.listing)
                self._sites[str(root)] = site
            self._site_of_folder[folder] = site
        return site

    def __call__(self, path: Path) -> Site:
        return self.for_folder(str(path if path.is_dir() else path.parent))

    @property
    def sites(self) -> list[Site]:
        return list(self._sites.values())


def relative_to_root(path: str, root: str) -> str:
    """``path`` from the site root; only the folder is resolved (a symlinked file stays put)."""
    if path.startswith(root + os.sep):
        return path[len(root) + 1 :].replace(os.sep, "/")
    folder, name = os.path.split(path)
    real = os.path.realpath(folder)
    if real == root:
        return name
    if real.startswith(root + os.sep):
        return real[len(root) + 1 :].replace(os.sep, "/") + "/" + name
    return name


def folder_prefix(folder: str, root: str) -> str:
    """The site-relative prefix of files in ``folder``: "" at the root, "_posts/" below it."""
    for candidate in (folder, os.path.realpath(folder)):
        if candidate == root:
            return ""
        if candidate.startswith(root + os.sep):
            return candidate[len(root) + 1 :].replace(os.sep, "/") + "/"
    return ""


class Discovery:
    """Resolve PATH arguments into targets, grouped by the site each belongs to."""

    def __init__(self, site_for: SiteLookup, cwd: Path, exclude: list[str]) -> None:
        self.site_for = site_for
        self.cwd = cwd
        self.cwd_prefix = str(cwd) + os.sep
        self.exclude = exclude

    def _display(self, path: str) -> str:
        return path[len(self.cwd_prefix) :] if path.startswith(self.cwd_prefix) else path

    def _folder_display(self, folder: str, absolute: str, given: Path) -> str:
        """How to show ``folder`` (inside the folder ``given``, at ``absolute``): relative to
        the working folder, or, outside it, from the path as given (``../category/``)."""
        shown = self._display(folder + os.sep)
        if shown != folder + os.sep or given.is_absolute():
            return shown
        inner = os.path.relpath(folder, absolute)
        base = given.as_posix().rstrip("/")
        return (base if inner == "." else f"{base}/{Path(inner).as_posix()}") + "/"

    def _excluded(self, display: str, relpath: str) -> bool:
        return any(fnmatch.fnmatch(display, p) or fnmatch.fnmatch(relpath, p) for p in self.exclude)

    def _target(
        self, path: str, display: str, site: Site, relpath: str, explicit: bool
    ) -> Target | None:
        if self.exclude and self._excluded(display, relpath):
            return None
        if site.is_post_path(relpath):
            return Target(path, display, site, relpath, "post")
        if site.is_excluded(relpath):
            return None
        if not explicit and not relpath.lower().endswith(CONTENT_SUFFIXES):
            return None
        if os.path.isfile(path) and not _looks_like_content(path):
            return None
        return Target(path, display, site, relpath, "page")

    def classify(self, path: Path, *, explicit: bool) -> Target | None:
        absolute = os.path.abspath(self.cwd / path)
        site = self.site_for.for_folder(os.path.dirname(absolute))
        relpath = relative_to_root(absolute, str(site.root))
        display = (
            path.as_posix() if explicit and not path.is_absolute() else self._display(absolute)
        )
        return self._target(absolute, display, site, relpath, explicit)

    def targets(self, paths: list[Path]) -> tuple[list[Target], list[str]]:
        """Targets to lint, and PATH arguments that do not exist."""
        found: list[Target] = []
        missing: list[str] = []
        seen: set[str] = set()
        for path in paths:
            absolute = os.path.abspath(self.cwd / path)
            # A folder named like a post or page is a file to report (IO001), as a walk
            # over its parent finds it, not a folder to walk.
            if os.path.isdir(absolute) and not absolute.lower().endswith(CONTENT_SUFFIXES):
                for folder, names in walk(absolute, self.site_for.listing):
                    site = self.site_for.for_folder(folder)
                    rel_folder = folder_prefix(folder, str(site.root))
                    display_folder = self._folder_display(folder, absolute, path)
                    # In a post folder, with no exclude patterns, every post-named file is a post.
                    posts_here = not self.exclude and site.is_post_path(rel_folder + "post.md")
                    same_prefix = display_folder == rel_folder
                    for name in names:
                        full = folder + os.sep + name
                        if full in seen:
                            continue
                        seen.add(full)
                        if posts_here and name.lower().endswith(POST_SUFFIXES):
                            relpath = rel_folder + name
                            # One string for both when they read the same (a run from the
                            # site's root): ~9 MB of a run over 100,000 posts.
                            shown = relpath if same_prefix else display_folder + name
                            found.append(Target(full, shown, site, relpath, "post"))
                            continue
                        target = self._target(
                            full, display_folder + name, site, rel_folder + name, False
                        )
                        if target is not None:
                            found.append(target)
            elif os.path.lexists(absolute):
                if absolute in seen:
                    continue
                seen.add(absolute)
                target = self.classify(path, explicit=True)
                if target is not None:
                    found.append(target)
            else:
                missing.append(str(path))
        return found, missing
