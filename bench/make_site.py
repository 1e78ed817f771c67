"""Build a benchmark site of N posts from the real sample, like a real backlog.

The posts are the sample's posts varied in name, title and text; about a quarter get
one planted defect of the kinds generators produce. The site's config, layouts and
category pages are the sample's own.

    python bench/make_site.py OUT [--posts 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "finews-sample"


def _plant(text: str, rng: random.Random) -> str:
    """One defect of a kind the scrapers really produce."""
    kind = rng.randrange(8)
    if kind == 0:
        return re.sub(r"^(date: .*?) [+-]\d{4}$", r"\1", text, count=1, flags=re.M)
    if kind == 1:
        return (
            text.replace("</strong>", "", 1)
            if "</strong>" in text
            else text.replace("</p>", "</div></p>", 1)
        )
    if kind == 2:
        return text.replace("</p><p>", "</p></div><p>", 1)
    if kind == 3:
        return re.sub(r"\]\(//[^/)]+/", "](../", text)
    if kind == 4:
        return re.sub(
            r"<p class=\"em_media\">.*?</p>|（[^（）]{2,16}）(?=\s*\n)", "", text, count=1
        )
    if kind == 5:
        return re.sub(r"^<https?://[^>]*>$", "<>", text, count=1, flags=re.M)
    if kind == 6:
        return re.sub(r'^title: "(.{2})', r'title: "\1"引号"', text, count=1, flags=re.M)
    return re.sub(r"^categories: (\S+)$", r"categories: \1 extra", text, count=1, flags=re.M)


def build(out: Path, posts: int, seed: int) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SAMPLE, out, ignore=shutil.ignore_patterns("_posts", "old_post", "MANIFEST-*"))
    for path in [out, *out.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (out / "_posts").mkdir()
    templates = []
    for path in sorted((SAMPLE / "_posts").iterdir()):
        text = path.read_text(encoding="utf-8")
        if path.name[:4].isdigit() and text.startswith("---\n"):
            templates.append((path.name, text))
    for index in range(posts):
        name, text = templates[index % len(templates)]
        text = text.replace('title: "', f'title: "{index} ', 1)
        text = (
            re.sub(r"(\n---\n)", rf"\1<!-- {index} -->", text, count=1)
            if rng.random() < 0.1
            else text
        )
        text = text.replace("。", f"（{index}）。", 1)
        if rng.random() < 0.25:
            text = _plant(text, rng)
        (out / "_posts" / f"{name[:11]}B{index:06d}-{name[11:]}").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    build(args.out, args.posts, args.seed)
    print(f"{args.posts} posts in {args.out}")


if __name__ == "__main__":
    main()
