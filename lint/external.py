"""Opt-in checks of links to other sites: fetched with a timeout, a concurrency limit and a cache.

Nothing here runs unless the user asks for it (``--check-external`` or the option
``check-external`` of LNK008). Each URL is asked for with ``HEAD`` (``GET`` when the
server refuses ``HEAD``); answers are kept in a JSON file so that a second run within
the cache's lifetime fetches nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .record import asdict, record

USER_AGENT = "finews-lint (link check)"


@record(frozen=True, slots=True)
class Answer:
    ok: bool
    status: int | None
    reason: str
    checked: float


def fetch(url: str, timeout: float) -> Answer:
    """Ask for ``url`` once; a status below 400 is success."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(True, response.status, "", time.time())
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (405, 501):
                continue
            return Answer(False, exc.code, f"HTTP {exc.code} {exc.reason}", time.time())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Answer(False, None, f"cannot be fetched: {reason}", time.time())
    return Answer(False, None, "cannot be fetched", time.time())


class Cache:
    """Answers by URL in a JSON file; entries older than ``ttl`` seconds are stale."""

    def __init__(self, path: Path | None, ttl: float) -> None:
        self.path = path
        self.ttl = ttl
        self.answers: dict[str, Answer] = {}
        if path is not None:
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.answers = {url: Answer(**item) for url, item in raw.items()}
            except (OSError, ValueError, TypeError):
                self.answers = {}

    def get(self, url: str) -> Answer | None:
        answer = self.answers.get(url)
        if answer is None or time.time() - answer.checked > self.ttl:
            return None
        return answer

    def save(self, fresh: dict[str, Answer]) -> None:
        if self.path is None or not fresh:
            return
        self.answers.update(fresh)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({url: asdict(a) for url, a in self.answers.items()}, out)
            os.replace(name, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def check_urls(
    urls: list[str], *, timeout: float, concurrency: int, cache: Cache
) -> dict[str, Answer]:
    """The answer for each URL: from the cache when fresh, else fetched.

    At most ``concurrency`` requests run at once.
    """
    answers = {url: cached for url in urls if (cached := cache.get(url)) is not None}
    missing = sorted({url for url in urls if url not in answers})
    if missing:
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            fresh = dict(zip(missing, pool.map(lambda u: fetch(u, timeout), missing), strict=True))
        cache.save(fresh)
        answers.update(fresh)
    return answers
