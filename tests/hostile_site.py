"""One site holding every hostile file of issue 8 at once, plus good and fixable posts.

Built on a copy of the real sample (so the good posts' category pages and return links
exist), with our own short texts. `HOSTILE` maps each planted file to the code its
diagnostic must carry; `UNPARSABLE` lists the files `fix` must leave byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.fix_posts import DATE, PARAGRAPHS, body, front_matter, post

GOOD = "2022-02-11-good.md"
FIXABLE = ("2022-02-11-fixable-a.md", "2022-02-11-fixable-b.md")


def _unique_body(seed: str) -> list[str]:
    """A body no other post shares (REPO002 reports copies)."""
    return body([f"{seed}：{PARAGRAPHS[0]}", PARAGRAPHS[1]], info=f"HOSTILE{seed}")


def _good(seed: str, **kwargs: str) -> bytes:
    return post(
        front_matter(title=f"示例{seed}", **kwargs) + _unique_body(seed), final_newline=True
    )


def _with_body(seed: str, extra: str) -> bytes:
    lines = front_matter(title=f"示例{seed}") + _unique_body(seed)
    lines[len(front_matter())] = extra + lines[len(front_matter())]
    return post(lines, final_newline=True)


def _front(lines: list[str]) -> bytes:
    return post(["---", *lines, "---", *body()], final_newline=True)


def _bomb() -> bytes:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        levels.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return _front(["layout: post", *levels])


def _planted() -> dict[str, tuple[str, bytes]]:
    """name -> (expected code, bytes) for the regular hostile files."""
    good = _good("编码")
    text = good.decode("utf-8")
    middle = len(text) // 2
    return {
        "2022-02-11-h401-nested.md": (
            "HT",
            _with_body("深", "<div>" * 50_000 + "深" + "</div>" * 49_999),
        ),
        "2022-02-11-h402-huge.md": (
            "HT",
            _with_body("大", ("<p>市场平稳运行，" + "资金面" * 40 + "</p>\n") * 80_000 + "<p><b>"),
        ),
        "2022-02-11-h403-long-line.md": ("HT", _with_body("长", "<p>" + "长" * 350_000 + "<b>")),
        "2022-02-11-h404-tabs.md": (
            "FM",
            _front(["layout: post", 'title:\t"a"', "\tdate: 2022-02-11"]),
        ),
        "2022-02-11-h405-scalar.md": (
            "FM",
            post(["---", "just a string", "---", *body()], final_newline=True),
        ),
        "2022-02-11-h406-unterminated.md": (
            "FM",
            post(front_matter()[:-1] + body(), final_newline=True),
        ),
        "2022-02-11-h407-duplicate-keys.md": (
            "FM",
            post(
                [*front_matter()[:3], 'title: "又一个标题"', *front_matter()[3:], *body()],
                final_newline=True,
            ),
        ),
        "2022-02-11-h408-python-tag.md": (
            "FM",
            _front(
                [
                    "layout: post",
                    "title: !!python/object/apply:os.system ['touch /tmp/finews-pwned']",
                ]
            ),
        ),
        "2022-02-11-h409-alias-bomb.md": ("FM", _bomb()),
        "2022-02-11-h410-gbk.md": ("IO002", text.encode("gbk")),
        "2022-02-11-h411-invalid-middle.md": (
            "IO002",
            text[:middle].encode() + b"\xff\xfe\xc3" + text[middle:].encode(),
        ),
        "2022-02-11-h412-nul.md": ("IO002", good[:40] + b"\x00" + good[40:]),
        "2022-02-11-h413-binary.md": ("IO002", bytes(range(256)) * 64),
        "2022-02-11-h414-empty.md": ("FM001", b""),
        "2022-02-11-h417-comments.md": ("HT", _with_body("注", "<p>段<!-- 注 -->" * 20_000)),
        "2022-02-11-h415-list.md": (
            "FM",
            post(["---", "- a", "- b", "---", *body()], final_newline=True),
        ),
    }


# Lint-clean apart from their line endings or BOM: read like Jekyll would, no finding.
CLEAN_VARIANTS = {
    "2022-02-11-bom.md": post(
        front_matter(title="示例BOM") + _unique_body("BOM"), final_newline=True, bom=True
    ),
    "2022-02-11-crlf.md": post(
        front_matter(title="示例CRLF") + _unique_body("CRLF"), final_newline=True, newline="\r\n"
    ),
}
LONE_CR = "2022-02-11-h416-lone-cr.md"


def build(site: Path) -> dict[str, str]:
    """Plant the files in ``site`` (a sample copy); return {relpath: expected code prefix}."""
    posts = site / "_posts"
    expected: dict[str, str] = {}
    (posts / GOOD).write_bytes(_good("好"))
    for name in FIXABLE:
        (posts / name).write_bytes(_good(name, date=DATE))  # no offset: FM005, fixable
    for name, data in CLEAN_VARIANTS.items():
        (posts / name).write_bytes(data)
    for name, (code, data) in _planted().items():
        (posts / name).write_bytes(data)
        expected[f"_posts/{name}"] = code
    (posts / LONE_CR).write_bytes(post(front_matter() + body(), newline="\r", final_newline=True))
    expected[f"_posts/{LONE_CR}"] = "FM001"
    (posts / "2022-02-11-h501-folder.md").mkdir()
    (posts / "2022-02-11-h502-dangling.md").symlink_to(posts / "missing.md")
    (posts / "2022-02-11-h503-loop.md").symlink_to(posts / "2022-02-11-h503-loop.md")
    os.mkfifo(posts / "2022-02-11-h504-pipe.md")
    for name in (
        "2022-02-11-h502-dangling.md",
        "2022-02-11-h503-loop.md",
        "2022-02-11-h504-pipe.md",
    ):
        expected[f"_posts/{name}"] = "IO001"
    if os.geteuid() != 0:
        unreadable = posts / "2022-02-11-h505-unreadable.md"
        unreadable.write_bytes(_good("读"))
        unreadable.chmod(0)
        expected["_posts/2022-05-05-unreadable.md"] = "IO001"
    return expected


def unparsable(site: Path) -> dict[Path, bytes]:
    """The regular hostile files `fix` must leave byte for byte, with their bytes."""
    return {
        site / "_posts" / name: data
        for name, (code, data) in _planted().items()
        if code in ("FM", "FM001", "IO002") and name != "2022-02-11-h407-duplicate-keys.md"
    } | {site / "_posts" / LONE_CR: post(front_matter() + body(), newline="\r", final_newline=True)}
