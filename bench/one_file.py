"""Time a one-file `check` right after an edit, as pre-commit meets it, for several installs.

    python bench/one_file.py SITE PYTHON [PYTHON...] [--rounds 10]

Each PYTHON is the interpreter of an environment with finews-lint installed (two versions
to compare, say). Before every run a line is appended to the site's middle post, then
`finews-lint check` of that post runs; the installs take turns, in alternating order
round by round, so both meet the VM's slow and quiet spells alike. Prints, per install,
the median and best wall time, the main process's CPU time and the whole tree's (the
main process and the helpers it forks to stat the posts). The post is restored at the end.
With several installs, each runs on its own copy of SITE (a scratch folder, removed at the
end): installs of the same version share the cache's file names, and one install's post
index or cache, written in another format, would send the other to rebuild it every run.
A first run of each install (not timed) makes its cache and post index.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

# The main process reports its own CPU time as it leaves (the console script ends with
# os._exit, so the report is hooked there).
_RUN = """
import os, resource, sys
leave = os._exit
def report_and_leave(code):
    used = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"MAIN-CPU {used.ru_utime + used.ru_stime}\\n")
    sys.stderr.flush()
    leave(code)
os._exit = report_and_leave
sys.argv = ["finews-lint", "check", sys.argv[1]]
from finews_lint.entry import console
console()
"""


def _run(python: str, site: Path, post: str) -> tuple[float, float, float]:
    """(wall, main process CPU, whole tree CPU) of one run, in seconds."""
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(
        [python, "-c", _RUN, post],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = os.times()
    tree = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    main = float(done.stderr.split("MAIN-CPU")[1].split()[0])
    return wall, main, tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pythons", nargs="+")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    posts = sorted(os.listdir(args.site / "_posts"))
    post = "_posts/" + posts[len(posts) // 2]
    original = (args.site / post).read_bytes()
    results: dict[str, list[tuple[float, float, float]]] = {python: [] for python in args.pythons}
    scratch = Path(tempfile.mkdtemp(prefix="one-file-")) if len(args.pythons) > 1 else None
    sites = {python: args.site for python in args.pythons}
    edits = 0
    try:
        for number, python in enumerate(args.pythons):
            if scratch is not None:
                sites[python] = scratch / f"site-{number}"
                shutil.copytree(
                    args.site, sites[python], ignore=shutil.ignore_patterns(".finews-lint-cache")
                )
        time.sleep(2.5)  # the copies' files older than the racy window, as in a real checkout
        for python in args.pythons:
            _run(python, sites[python], post)
        for number in range(args.rounds):
            order = args.pythons if number % 2 == 0 else args.pythons[::-1]
            for python in order:
                edits += 1
                (sites[python] / post).write_bytes(original + b"\n" * edits)
                results[python].append(_run(python, sites[python], post))
    finally:
        (args.site / post).write_bytes(original)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    for python, runs in results.items():
        walls, mains, trees = (sorted(values) for values in zip(*runs, strict=True))
        print(
            f"{python}: wall median {statistics.median(walls) * 1e3:.0f} ms"
            f" (best {walls[0] * 1e3:.0f}),"
            f" main process CPU {statistics.median(mains) * 1e3:.0f} ms,"
            f" all processes {statistics.median(trees) * 1e3:.0f} ms"
        )


if __name__ == "__main__":
    main()
