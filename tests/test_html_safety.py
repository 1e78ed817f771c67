"""HTML in a post is data: no entity is expanded, no file is read, nothing is fetched."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

from tests.fix_posts import body, front_matter, post, write_post
from tests.helpers import run_cli

NAME = "2022-02-11-TEST0001.md"
SECRET = "finews-secret-content-7f3a"


def _post_with(site: Path, markup: str) -> None:
    lines = front_matter() + body()
    lines[len(front_matter())] = markup + lines[len(front_matter())]
    write_post(site, NAME, post(lines, final_newline=True))


def test_entities_and_doctype_are_never_expanded_or_resolved(sample: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    _post_with(
        sample,
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}"><!ENTITY p SYSTEM "file:///etc/passwd">'
        '<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;">]>'
        '<p hidden title="&e;">&e;&p;&l2;</p>',
    )
    for args in (("check", "--format", "json"), ("check",), ("fix", "--diff")):
        _, out = run_cli(*args, f"_posts/{NAME}", cwd=sample)
        assert SECRET not in out and "root:x:0" not in out and "lollol" not in out
    _, out = run_cli("check", "--format", "json", f"_posts/{NAME}", "--select", "HT005", cwd=sample)
    (hidden,) = json.loads(out)["diagnostics"]
    assert "'&e;&p;&l2;'" in hidden["message"]  # the text as written, entities untouched


def test_check_never_connects_to_a_linked_server(sample: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    connections: list[object] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connections.append(server.accept())
            except OSError:
                continue

    listener = threading.Thread(target=accept)
    listener.start()
    try:
        url = f"http://127.0.0.1:{port}/"
        _post_with(
            sample,
            f'<img src="{url}a.png" alt="图"><iframe src="{url}f"></iframe>'
            f'<link rel="stylesheet" href="{url}s.css"><a href="{url}x">链接</a>'
            f'<!DOCTYPE y SYSTEM "{url}dtd"><p>&ext;</p>',
        )
        run_cli("check", f"_posts/{NAME}", cwd=sample)
        run_cli("fix", f"_posts/{NAME}", cwd=sample)
    finally:
        done.set()
        listener.join()
        server.close()
    assert connections == []
