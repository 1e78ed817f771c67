"""CPU time of a cold check per post, in one process: what a change to the models or the
rules costs, without the noise of workers and wall time.

    python bench/per_post.py SITE [ROUNDS]

Lints every post of SITE (with `--no-cache` semantics, the post index included) with
`jobs=1` ROUNDS times (default 3) and prints the best round's CPU milliseconds a post.
Run it alternately with the code before a change: this VM's speed drifts by tens of
percent within minutes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    site = Path(sys.argv[1]).resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    os.chdir(site)
    from finews_lint.app import RunRequest, make_linter

    best, posts, findings = float("inf"), 0, 0
    for _ in range(rounds):
        linter = make_linter(RunRequest(use_cache=False, cwd=site))
        linter.keep_fixes = linter.keep_snippets = False  # as `check` does for its report
        started = time.process_time()
        report = linter.check([Path("_posts")], jobs=1)
        best = min(best, time.process_time() - started)
        posts, findings = report.files, len(report.diagnostics)
    print(
        f"{best * 1000 / posts:.3f} ms CPU a post "
        f"({posts} posts, {findings} findings, best of {rounds})"
    )


if __name__ == "__main__":
    main()
