"""Time a whole-site `check` in a fresh clone with the cache folder restored (a CI job).

    python bench/restored_cache.py SITE [--python PYTHON] [--rounds 3]

Copies SITE to a scratch folder and times, on that copy:
- `check --no-cache` (what a CI job without a kept cache does);
- `check` with no cache folder yet (a first run: it writes the cache);
- then, each round, every file of the copy written again with the same bytes (a new inode
  and new times, as a checkout gives them), the cache folder kept, and `check` timed:
  the restored cache. Its report must be the first run's, byte for byte.

Prints each wall time and the median of the restored rounds. PYTHON is the interpreter of
an environment with finews-lint installed (default: this one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = ".finews-lint-cache"


def _check(python: str, site: Path, *options: str) -> tuple[float, bytes]:
    """Wall time and standard output of one `finews-lint check` of ``site``."""
    started = time.perf_counter()
    done = subprocess.run(
        [python, "-c", "from finews_lint.entry import console; console()", "check", *options, "."],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"check failed with exit code {done.returncode}")
    return time.perf_counter() - started, done.stdout


def _as_checked_out(site: Path) -> None:
    """Every file but the cache's written again with the same bytes: new inodes and times."""
    for folder, subfolders, files in os.walk(site):
        subfolders[:] = [name for name in subfolders if name != CACHE]
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                data = handle.read()
            os.unlink(path)
            with open(path, "wb") as handle:
                handle.write(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="finews-restored-") as scratch:
        site = Path(scratch) / "site"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns(CACHE, ".git"))
        posts = sum(1 for _ in (site / "_posts").iterdir())
        cold, expected = _check(args.python, site, "--no-cache")
        print(f"{posts} posts: check --no-cache {cold:.2f} s")
        first, report = _check(args.python, site)
        if report != expected:
            raise SystemExit("the first run with the cache reported otherwise than --no-cache")
        print(f"first run, writing the cache: {first:.2f} s")
        times = []
        for round_number in range(1, args.rounds + 1):
            _as_checked_out(site)
            time.sleep(2.1)  # as after a checkout: the files' times are not a moment ago
            took, report = _check(args.python, site)
            if report != expected:
                raise SystemExit(f"round {round_number}: the restored cache changed the report")
            times.append(took)
            print(f"round {round_number}: fresh checkout, cache restored: {took:.2f} s")
        median = statistics.median(times)
        print(f"restored cache: median {median:.2f} s ({median / cold:.2f}x of --no-cache)")


if __name__ == "__main__":
    main()
