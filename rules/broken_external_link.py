"""A link to another site that does not answer (opt-in: `--check-external`).

## What it does
Only when asked (`finews-lint check --check-external`, or the option `check-external`
in the config): fetches every `http://` and `https://` link of the body that points to
another host (the source link included), with a `HEAD` request (`GET` when `HEAD` is
refused), and reports links that answer with an HTTP error or not at all. Requests
time out after `timeout` seconds; at most `concurrency` run at once; answers are
cached in `cache` (relative to the site root) for `cache-hours` hours. Nothing is
fetched by default.

## Why is this bad?
Source links rot: outlets move and delete articles. A dead source link leaves the
reader no way to check the article.

## Example
```markdown
<http://finance.example.com/news/deleted.html>
```

## Use instead
```markdown
<http://finance.example.com/news/1.html>
```

## Fix safety
Not fixable: only the outlet knows where its article went.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import Field, RuleOptions
from finews_lint.urls import resolve

CODE = "LNK008"
NAME = "broken-external-link"
TARGET = "links"
SCOPE = "any"
SEVERITY = "warning"
FIXABLE = None


class Options(RuleOptions):
    check_external: bool = Field(default=False, alias="check-external")
    timeout: float = Field(default=10.0, gt=0)
    concurrency: int = Field(default=8, ge=1, le=64)
    cache: str | None = ".finews-lint-cache/external-links.json"
    cache_hours: float = Field(default=24.0, ge=0, alias="cache-hours")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    if not options.check_external:
        return
    body = doc.body
    found = []
    for link in body.links:
        target = link.target.strip()
        if body.is_opaque(link.start) or not target.lower().startswith(("http://", "https://")):
            continue
        if not resolve(doc.site, target, doc.url or "/").internal:
            found.append((link, target))
    if not found:
        return
    from finews_lint import external  # urllib and threads: loaded only when links are fetched

    cache_path = doc.site.root / options.cache if options.cache else None
    cache = external.Cache(cache_path, options.cache_hours * 3600)
    answers = external.check_urls(
        [target for _, target in found],
        timeout=options.timeout,
        concurrency=options.concurrency,
        cache=cache,
    )
    for link, target in found:
        answer = answers[target]
        if not answer.ok:
            yield Problem(link.target_start, link.target_end, f"link '{target}' {answer.reason}")
