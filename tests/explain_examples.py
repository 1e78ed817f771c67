"""Run a rule's `explain` examples: the "## Example" blocks must fail, "## Use instead" pass.

A rule's docstring holds fenced blocks (two or more backticks). How a block becomes a
post of the example site:

- ``yaml``: front matter. A block with `layout:` is the whole front matter; otherwise
  its keys replace those keys of a good post's front matter (a repeated key stays
  repeated), and keys it adds are appended.
- ``markdown``: the whole file.
- any other language except ``text``: the body's article, followed by the good post's
  source link and return links.
- ``text`` blocks are illustrations (file listings, output) and are not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import EXAMPLE_SITE, Finding, lint

GOOD_POST = "_posts/2024-03-05-EX202403050001.md"
_FENCE = re.compile(
    r"^(?P<fence>`{2,})(?P<lang>[\w-]*)\n(?P<code>.*?)^(?P=fence)$", re.MULTILINE | re.DOTALL
)
_SECTION = re.compile(r"^## (?P<title>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    section: str  # "Example" (must fail) or "Use instead" (must pass)
    lang: str
    code: str

    @property
    def must_fail(self) -> bool:
        return self.section == "Example"


def examples(doc: str) -> list[Example]:
    """The runnable fenced blocks under "## Example" and "## Use instead"."""
    found = []
    titles = list(_SECTION.finditer(doc))
    for index, title in enumerate(titles):
        name = title.group("title").strip()
        if name not in ("Example", "Use instead"):
            continue
        end = titles[index + 1].start() if index + 1 < len(titles) else len(doc)
        for block in _FENCE.finditer(doc, title.end(), end):
            if block.group("lang") != "text":
                found.append(Example(name, block.group("lang") or "html", block.group("code")))
    return found


def _split(post: str) -> tuple[list[str], str]:
    _, front, body = post.split("---\n", 2)
    return front.splitlines(), body


def post_text(example: Example) -> str:
    """The text of a post of the example site built around ``example``."""
    good = (EXAMPLE_SITE / GOOD_POST).read_text(encoding="utf-8")
    front, body = _split(good)
    if example.lang == "markdown":
        return example.code
    if example.lang == "yaml":
        lines = example.code.splitlines()
        front = lines if any(line.startswith("layout:") for line in lines) else _merge(front, lines)
        return "---\n" + "\n".join(front) + "\n---\n" + body
    tail = body[body.index("\n\n<http") :]
    return "---\n" + "\n".join(front) + "\n---\n" + example.code.rstrip("\n") + tail


def _merge(front: list[str], snippet: list[str]) -> list[str]:
    keys = [line.split(":", 1)[0] for line in snippet if re.match(r"^[\w-]+:", line)]
    merged = []
    inserted = False
    for line in front:
        if line.split(":", 1)[0] in keys:
            if not inserted:
                merged.extend(snippet)
                inserted = True
            continue
        merged.append(line)
    if not inserted:
        merged.extend(snippet)
    return merged


def lint_example(site: Path, code: str, example: Example) -> list[Finding]:
    """Write ``example`` as a post into ``site`` (a copy of the example site); lint it for ``code``."""
    path = site / GOOD_POST
    path.write_text(post_text(example), encoding="utf-8")
    return [f for f in lint(site, GOOD_POST, select=[code]) if f.code == code]
