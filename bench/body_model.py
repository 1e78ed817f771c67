"""Time the body model on a post: microseconds per parse (scan only, and with the lxml tree).

Usage: python bench/body_model.py [POST] [ROUNDS]
Default POST: the sample's reference post.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from finews_lint.body import Body
from finews_lint.frontmatter import parse

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (
    ROOT.parent
    / "shared"
    / "corpus"
    / "finews-sample"
    / "_posts"
    / "2022-02-11-NW202202112273370064.md"
)


def per_parse(text: str, start: int, rounds: int, with_tree: bool) -> float:
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(rounds):
            body = Body.parse(text, start)
            if with_tree:
                body.tree  # noqa: B018 - built on first use
        best = min(best, (time.perf_counter() - began) / rounds)
    return best * 1e6


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    text = path.read_text(encoding="utf-8")
    front = parse(text)
    start = front.end if front is not None else 0
    print(f"{path.name}: {len(text) - start} body characters")
    print(f"body model (scan): {per_parse(text, start, rounds, False):8.1f} µs per parse")
    print(f"with lxml tree:    {per_parse(text, start, rounds, True):8.1f} µs per parse")


if __name__ == "__main__":
    main()
