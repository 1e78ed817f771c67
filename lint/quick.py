"""The quick replay: ``check FILE...`` with nothing changed answers before the linter is imported.

The replay of :mod:`finews_lint.replay` computes its key from the site model: walking the
site and reading its configuration costs imports, YAML and listings, most of a one-file
run. So a plain run (``check`` and paths, what pre-commit runs) also writes down every input
it read, with its stat stamp:

- files: the targets; every post and page of their sites, and every other file a walk
  looked into for front matter (it becomes a page when it gains some); ``_config.yml``
  and ``CNAME``; each ``_config.yml`` looked for between a target and its site root
  (up to ``/`` when there was none); the configuration files looked for from the
  working folder up, found or not; the tool's own source files;
- folders, and whatever the paths on the command line name (even what was missing):
  every folder the run listed (a folder's stamp changes when an entry is added, removed
  or renamed), ``_layouts``, and the folders of ``sys.path`` (a plugin or a dependency
  installed or upgraded).

The next plain run with the same paths, working folder and kind of terminal stats those
inputs (no reading, no parsing, two cores for many files) and, when every stamp is the
same, writes the same report and exits with the same code. Any difference, or anything
unexpected, falls through to the normal run.

Inputs are written down only when each was last changed before the racy window that
precedes the run's start: a file edited while the run read it must not pass for the file
it read. The record lives in ``.finews-lint-cache/quick/`` of the working folder (the
default cache folder; with another ``cache-dir`` there is no quick replay); the newest
few are kept.

Replaying needs nothing but this module, :mod:`finews_lint.statall` and
:mod:`finews_lint.listing` (``os``, ``stat``, ``marshal``, ``zlib``, ``array``); the linter is
imported only when a record has to be written.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from array import array
from stat import S_ISREG

from . import statall
from .codestamp import code_identity
from .listing import folder_stamp
from .statall import SPLIT_FROM, Columns

TYPE_CHECKING = False  # not typing's: importing typing costs a quick replay ~10 ms
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any, BinaryIO

    from .discover import Target
    from .engine import Linter

FORMAT = 3  # 3: the report follows the record
QUICK = "quick"  # the records' folder inside the cache folder
FOLDER = os.path.join(statall.DEFAULT_CACHE_FOLDER, QUICK)
KEEP = 8
#: This many inputs (the targets first) are checked before the rest: one stat finds an edit.
FIRST = 16


def takes_utf8_bytes(stream: Any) -> bool:
    """Whether a stored report (UTF-8 bytes) can go straight to ``stream``'s buffer and read
    exactly as its text would have (a UTF-8 stream that does not translate line ends)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding == "utf8" and os.linesep == "\n" and hasattr(stream, "buffer")


def key(args: list[str], cwd: str, terminal: bool) -> str:
    """What the report of a plain run depends on besides its inputs' stamps (kept whole in
    the record and compared, so the record's file name needs no cryptographic hash)."""
    return "\0".join([str(FORMAT), code_identity(), cwd, str(terminal), sys.executable, *args])


def _file_name(run_key: str) -> str:
    encoded = run_key.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(encoded):08x}-{zlib.adler32(encoded):08x}"


def _same(paths: list[bytes], expected: Any, start: int, end: int) -> bool:
    """Whether ``paths[start:end]`` have the stamps ``expected`` (columns, as statall gives)."""
    sizes, times, inodes, changes = expected
    stat = os.stat
    for i in range(start, end):
        try:
            info = stat(paths[i])
        except OSError:
            if sizes[i] != -1:
                return False
            continue
        if not S_ISREG(info.st_mode):
            if sizes[i] != -1:
                return False
        elif (
            info.st_size != sizes[i]
            or info.st_mtime_ns != times[i]
            or info.st_ino != inodes[i]
            or info.st_ctime_ns != changes[i]
        ):
            return False
    return True


def _all_same(paths: list[bytes], expected: Any) -> bool:
    """:func:`_same` for all paths: the targets first, then the rest on two cores if many."""
    count = len(paths)
    if not _same(paths, expected, 0, min(FIRST, count)):
        return False
    if count - FIRST >= SPLIT_FROM:
        halves = statall.in_two(lambda lo, hi: _same(paths, expected, lo, hi), FIRST, count)
        if halves is not None:
            return halves == (True, True)
    return _same(paths, expected, FIRST, count)


def _unchanged(files: Any, file_stamps: Any, folders: Any, folder_stamps: Any) -> bool:
    try:
        if [folder_stamp(folder) for folder in folders] != folder_stamps:
            return False
        paths = files.split(b"\0") if files else []
        columns = [array("q", column) for column in file_stamps]
        if len(columns) != 4 or any(len(column) != len(paths) for column in columns):
            return False
        return _all_same(paths, columns)
    except (TypeError, ValueError, AttributeError):  # not what remember() writes
        return False


def replay(run_key: str, cwd: str, out: BinaryIO) -> int | None:
    """Write the stored report of ``run_key`` to ``out`` if no input changed; its exit code."""
    try:
        from . import cachedir

        data = cachedir.read(os.path.join(cwd, FOLDER, _file_name(run_key)))
        if data is None:
            return None
        stored = marshal.loads(data)  # the report's bytes follow the record (see remember)
        version, stored_key, files, file_stamps, folders, folder_stamps, code, size = stored
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        version != FORMAT
        or stored_key != run_key
        or type(files) is not bytes
        or type(size) is not int
        or not 0 <= size <= len(data)
        or type(code) is not int
    ):
        return None
    report = data[len(data) - size :]
    if not _unchanged(files, file_stamps, folders, folder_stamps):
        return None
    out.write(report)
    out.flush()
    return code


def _inputs(
    linter: Linter, targets: list[Target], arguments: list[str]
) -> tuple[list[str], list[str]]:
    """The files and folders a run with ``linter`` over ``targets`` read (see the module doc)."""
    from pathlib import Path

    from .site import CONTENT_SUFFIXES

    files = dict.fromkeys(target.path for target in targets)
    # Whatever the arguments name, even what was missing or not linted, and every file a
    # walk looked into (a page without front matter becomes one when it gains it). Those of
    # a posts folder are the site's posts, written down on their own (see _post_blocks).
    folders = dict.fromkeys(os.path.abspath(linter.cwd / argument) for argument in arguments)
    post_folders = {f for site in linter.sites.sites for f in site.listed_post_folders}
    for listed in linter.sites.listing.folders():
        folders[listed] = None
        if listed in post_folders:
            continue
        _, names, _ = linter.sites.listing.entries(listed)
        prefix = listed if listed.endswith(os.sep) else listed + os.sep
        files.update(
            dict.fromkeys(
                prefix + name for name in names if name.lower().endswith(CONTENT_SUFFIXES)
            )
        )
    # Where the site root was looked for: a new _config.yml moves it. Once per folder of
    # targets (Path.parents and a stat for each of 20,000 posts took 1.4 s of every plain run).
    rooted_of: dict[Path, bool] = {}
    looked_from: set[str] = set()
    for target in targets:
        parent = os.path.dirname(target.path)
        if parent in looked_from:
            continue
        looked_from.add(parent)
        site_root = target.site.root
        rooted = rooted_of.get(site_root)
        if rooted is None:  # else it was looked for up to /
            rooted = rooted_of[site_root] = (site_root / "_config.yml").is_file()
        for above in Path(target.path).parents:
            files[str(above / "_config.yml")] = None
            if rooted and (above == site_root or site_root not in above.parents):
                break
    for site in linter.sites.sites:
        root = str(site.root) + os.sep
        if "post_stat_columns" not in site.__dict__:  # else they are a block of their own
            files.update(dict.fromkeys(root + relpath for relpath in site.post_paths))
        files.update(dict.fromkeys(root + page.relpath for page in site.pages))
        files.update(dict.fromkeys([root + "_config.yml", root + "CNAME"]))
        folders[root + "_layouts"] = None
    found = linter.settings.config.source
    for folder in (linter.cwd, *linter.cwd.parents):  # as config.discover looks
        files.update(
            dict.fromkeys([str(folder / ".finews-lint.toml"), str(folder / "pyproject.toml")])
        )
        if found is not None and found.parent == folder:
            break
    for package in (
        "finews_lint",
        "finews_lint.rules",
        "finews_lint.schemas",
        "finews_lint.output",
    ):
        for source_folder in sys.modules[package].__path__ if package in sys.modules else ():
            folders[source_folder] = None
            for name in sorted(os.listdir(source_folder)):
                if name.endswith(".py"):
                    files[os.path.join(source_folder, name)] = None
    folders.update(dict.fromkeys(path for path in sys.path if path and os.path.isdir(path)))
    return list(files), list(folders)


def _post_blocks(linter: Linter) -> list[tuple[str, Columns]]:
    """The posts of each site whose stamps the run took (before it read them: if a post
    changed after, its next stamp differs and the record is not replayed), as their full
    paths NUL-separated and their stamps: joined in C, not a Python step for each of
    100,000 posts (listing, joining, stamping and encoding them took ~180 ms)."""
    blocks = []
    for site in linter.sites.sites:
        columns = site.__dict__.get("post_stat_columns")  # taken if the run needed them
        if columns is not None and site.post_paths:
            root = str(site.root) + os.sep
            blocks.append((root + site.joined_post_paths.replace("\0", "\0" + root), columns))
    return blocks


def _default_cache_folder(linter: Linter) -> Path | None:
    """The run's cache folder when it is the default one of the working folder, where a
    plain run looks for its record and its stat list before the linter is imported."""
    if linter.cache is None or linter.cache.folder != linter.cwd / statall.DEFAULT_CACHE_FOLDER:
        return None
    return linter.cache.folder


def remember_posts(linter: Linter) -> None:
    """Keep the list of the posts this run stat-ed, for the next plain run's helper
    (:func:`finews_lint.statall.prefetch`); only in the default cache folder, where it looks."""
    folder = _default_cache_folder(linter)
    if folder is None:
        return
    sites = [
        site
        for site in linter.sites.sites
        if "post_stat_columns" in site.__dict__ and site.post_paths
    ]
    key = None
    if len(sites) == 1:  # one site's posts: named by a key the next run compares at once
        prefix = str(sites[0].root) + os.sep
        if statall.served_whole(prefix, sites[0].post_paths):
            return  # the helpers stat-ed exactly this site's posts: the kept list is right
        key = statall.list_key(prefix, sites[0].post_paths_digest)
    stat_ed = [statall.joined(str(site.root) + os.sep, site.post_paths) for site in sites]
    statall.remember_list(str(folder), "\0".join(stat_ed), key)


def remember(
    linter: Linter,
    targets: list[Target],
    arguments: list[str],
    run_key: str,
    report: tuple[int, Iterable[bytes | memoryview]],
    code: int,
    started_ns: int,
) -> None:
    """Write down the inputs of a plain run and its ``report`` (its size and its pieces), if
    they all predate the run."""
    if not all(rule.origin.startswith("finews_lint.rules.") for rule in linter.settings.registry):
        return  # plugins: their code and data are not inputs this module knows
    folder = _default_cache_folder(linter)
    if folder is None:
        return  # another cache folder: the quick replay would not look there
    limit = started_ns - statall.RACY_NS
    known = linter.known_stamps()
    for target in targets:  # a file just edited (pre-commit's case) ends it here, before the
        stamp = known.get(target.path)  # inputs of a 40,000-post site are listed and stamped
        if stamp is not None and max(stamp[1], stamp[3]) >= limit:
            return
    try:
        files, folders = _inputs(linter, targets, arguments)
    except OSError:  # a source folder could not be listed: nothing is written down
        return
    blocks = _post_blocks(linter)
    try:  # the stamps as machine integers: the record loads ~10x faster
        taken = linter.known_stamps()  # the files' stamps the run took; the others are stat-ed
        columns = [array("q", column) for column in statall.columns_with(files, taken)]
        for _, block_columns in blocks:
            for column, more in zip(columns, block_columns, strict=True):
                column.extend(array("q", more))
    except OverflowError:  # an inode number beyond 63 bits
        return
    folder_stamps = [folder_stamp(path) for path in folders]
    if max(columns[1], default=-1) >= limit or max(columns[3], default=-1) >= limit:
        return
    if any(stamp is not None and max(stamp[2], stamp[4]) >= limit for stamp in folder_stamps):
        return
    # The paths as one string, in the order of the stamps.
    joined = "\0".join([*files, *(paths for paths, _ in blocks)])
    encoded = joined.encode(sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
    packed = [column.tobytes() for column in columns]
    # The report (38 MB at 40,000 posts) follows the record as it is, not inside it: no
    # marshalled copy when it is written, and a replay writes it from the file's bytes.
    size, pieces = report
    record = (FORMAT, run_key, encoded, packed, folders, folder_stamps, code, size)
    try:
        from itertools import chain

        from . import cachedir

        name = f"{QUICK}/{_file_name(run_key)}"
        cachedir.write(folder, name, chain([marshal.dumps(record)], pieces))
        cachedir.keep_newest(folder / QUICK, KEEP)
    except (OSError, ValueError):
        return
