"""LNK008: external links are fetched only on request, from a local server, with a cache."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.helpers import REFERENCE, codes_at, lint, replace_in, run_cli
from tests.linkhelpers import at


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def _answer(self) -> None:
        type(self).hits.append(f"{self.command} {self.path}")
        if self.path.startswith("/nohead") and self.command == "HEAD":
            self.send_response(405)
        elif self.path.startswith(("/ok", "/nohead")):
            self.send_response(200)
        else:
            self.send_response(404)
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _plant(sample: Path, server: str) -> Path:
    path = sample / REFERENCE
    text = path.read_text(encoding="utf-8")
    source = text[
        text.index("<http://finews.zning.xyz") : text.index(
            ">", text.index("<http://finews.zning.xyz")
        )
        + 1
    ]
    replace_in(path, source, f"<{server}/gone.html>")
    replace_in(
        path,
        "（文章来源：大众日报）",
        f"（文章来源：[大众日报]({server}/ok.html)、[图]({server}/nohead.png)）",
    )
    return path


def test_external_links_are_not_fetched_by_default(sample: Path, server: str) -> None:
    _plant(sample, server)
    assert lint(sample, REFERENCE, select=["LNK008"]) == []
    assert _Handler.hits == []


def test_check_external_reports_dead_links_and_caches_answers(sample: Path, server: str) -> None:
    path = _plant(sample, server)
    (sample / ".finews-lint.toml").write_text(
        "[rules.LNK008]\ncheck-external = true\ntimeout = 5\n", encoding="utf-8"
    )
    found = lint(sample, REFERENCE, select=["LNK008"])
    assert codes_at(found) == [("LNK008", *at(path, f"{server}/gone.html"))]
    assert "HTTP 404" in found[0].message
    assert sorted(_Handler.hits) == [
        "GET /nohead.png",
        "HEAD /gone.html",
        "HEAD /nohead.png",
        "HEAD /ok.html",
    ]
    assert (sample / ".finews-lint-cache" / "external-links.json").is_file()
    _Handler.hits.clear()
    assert codes_at(lint(sample, REFERENCE, select=["LNK008"])) == codes_at(found)
    assert _Handler.hits == []


def test_check_external_flag_of_the_cli(sample: Path, server: str) -> None:
    _plant(sample, server)
    code, out = run_cli("check", "--select", "LNK008", REFERENCE, cwd=sample)
    assert (code, _Handler.hits) == (0, [])
    code, out = run_cli("check", "--select", "LNK008", "--check-external", REFERENCE, cwd=sample)
    assert "LNK008" in out and "gone.html" in out
    assert code == 0  # a warning


def test_no_cache_fetches_again_and_keeps_no_answers(sample: Path, server: str) -> None:
    _plant(sample, server)
    args = ("check", "--select", "LNK008", "--check-external", REFERENCE)
    run_cli(*args, cwd=sample)
    assert (sample / ".finews-lint-cache" / "external-links.json").is_file()
    _Handler.hits.clear()
    _, out = run_cli(*args, "--no-cache", cwd=sample)
    assert "gone.html" in out
    assert "HEAD /gone.html" in _Handler.hits  # asked again, not taken from the kept answers
    (sample / ".finews-lint-cache" / "external-links.json").unlink()
    run_cli(*args, "--no-cache", cwd=sample)
    assert not (sample / ".finews-lint-cache" / "external-links.json").exists()
