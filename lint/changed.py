"""``--changed-since REF``: the files to lint after a change, from git.

The changed files are what ``git diff --name-only`` lists from where the current branch
left REF (their merge base) to the working tree: committed, staged and unstaged changes,
plus untracked files that are not ignored. Content files among them
are linted, and so is what depends on them through the site model:

- a change to ``_config.yml``, ``CNAME`` or a layout (URLs, hosts, layout names) can
  change the verdict on every file: the whole site is linted;
- a changed or removed page can break the return links of posts: the posts whose
  category page it is are linted, and the posts whose category page it may have been
  before the change (its version at the merge base, read with ``git show``: a page whose
  ``category:`` or permalink changed no longer lists them); every post when it is or was
  the home page, or was removed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .config import ConfigError
from .site import CONTENT_SUFFIXES, Site

SITE_FILES = ("_config.yml", "CNAME")
SITE_FOLDERS = ("_layouts/",)


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ConfigError(f"--changed-since needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise ConfigError(
            f"--changed-since: git {' '.join(args[:2])} failed: {done.stderr.strip()}"
        )
    return done.stdout


def _base(top: Path, ref: str) -> str:
    """Where this branch left ``ref``: changes made on ``ref`` since then are not ours."""
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ConfigError:
        raise ConfigError(f"--changed-since: '{ref}' names no commit of {top}") from None
    try:
        return _git(top, "merge-base", ref, "HEAD").strip() or ref
    except ConfigError:  # no common history (or no commit yet): compare with ref itself
        return ref


def _top(cwd: Path) -> Path:
    return Path(_git(cwd, "rev-parse", "--show-toplevel").strip())


def _changed_since(top: Path, base: str) -> list[Path]:
    """Absolute paths changed since commit ``base`` (existing or removed), sorted."""
    names = _git(top, "diff", "--name-only", "--no-renames", "-z", base, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return sorted({top / name for name in names if name})


def _old_version(top: Path, base: str, path: Path) -> bytes | None:
    """The bytes of ``path`` at commit ``base``; None when it was not there."""
    try:
        name = path.relative_to(top).as_posix()
        done = subprocess.run(
            ["git", "show", f"{base}:{name}"], cwd=top, capture_output=True, check=False
        )
    except (ValueError, OSError):
        return None
    return done.stdout if done.returncode == 0 else None


def _within(path: Path, scopes: list[Path]) -> bool:
    return any(path == scope or scope in path.parents for scope in scopes)


HOME_URLS = ("/", "/index.html")


def _dependents(
    site: Site, relpath: str, removed: bool, old: Callable[[], bytes | None]
) -> list[Path]:
    """Files of ``site`` whose verdict may change when ``relpath`` changes; ``old()`` gives
    the file's bytes before the change (None when it is new)."""
    if relpath in SITE_FILES or relpath.startswith(SITE_FOLDERS):
        return [site.root]
    if not relpath.lower().endswith(CONTENT_SUFFIXES) or site.is_post_path(relpath):
        return []
    home = site.home
    if removed or (home is not None and home.relpath == relpath):
        return [site.root / post.relpath for post in site.posts]
    raw = old()
    was = site.page_of_bytes(relpath, raw) if raw is not None else None
    if was is not None and was.url in HOME_URLS:
        return [site.root / post.relpath for post in site.posts]
    affected = []
    for post in site.posts:
        for category in post.categories:
            page = site.category_page(category)
            if (page is not None and page.relpath == relpath) or (
                was is not None and site.may_list(was, category)
            ):
                affected.append(site.root / post.relpath)
                break
    return affected


def _in_scope(path: Path, scopes: list[Path]) -> list[Path]:
    """``path`` if the scopes cover it; for a folder, also the scopes inside it."""
    if _within(path, scopes):
        return [path]
    return [scope for scope in scopes if path in scope.parents]


def _as_seen_from(path: Path, cwd: Path) -> Path:
    """Paths from git are real paths; show them relative to the folder the user is in."""
    try:
        return cwd / path.relative_to(cwd.resolve())
    except ValueError:
        return path


def paths_to_lint(
    cwd: Path, ref: str, scopes: list[Path], site_for: Callable[[Path], Site]
) -> list[Path]:
    """Changed content files under ``scopes``, plus the files under them that depend on them."""
    absolute_scopes = [(s if s.is_absolute() else cwd / s).resolve() for s in scopes]
    wanted: dict[Path, None] = {}
    top = _top(cwd)
    base = _base(top, ref)
    for path in _changed_since(top, base):
        removed = not path.exists()
        resolved = path.resolve()
        is_content = resolved.suffix.lower() in CONTENT_SUFFIXES
        if not is_content and resolved.name not in SITE_FILES and "_layouts" not in resolved.parts:
            continue  # neither content nor a site file: nothing to lint
        affected = [resolved] if is_content and not removed else []
        site = site_for(resolved)
        try:
            relpath = resolved.relative_to(site.root).as_posix()
        except ValueError:
            relpath = None
        if relpath is not None:
            affected += _dependents(site, relpath, removed, partial(_old_version, top, base, path))
        for item in affected:
            for kept in _in_scope(item.resolve(), absolute_scopes):
                wanted[kept] = None
    return [_as_seen_from(path, cwd) for path in wanted]
