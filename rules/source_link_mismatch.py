"""The source link names another article than the post's file name.

## What it does
The generators name a post after its article's id (`2024-03-05-EX202403050001.md`) and
write the same id into its source link (`…/news/EX202403050001.html`,
`…?infoCode=NW2022…`). This rule looks in the source link (the autolink SRC002 finds)
for an id written like the file name's: the same length, with letters and digits in the
same places (`EX202403050002` is written like `EX202403050001`; `11060` and `NewsShare`
are not). When the link holds such an id and not the file name's, it is reported, on
the id. Links that hold no id like it say nothing either way and are not reported, nor
are posts whose file name holds no id of at least 8 digits.

## Why is this bad?
A scraper that mixes up two articles' addresses sends readers, and the credit, to
another article: the post republishes one story and links to the source of another.

## Example
In `_posts/2024-03-05-EX202403050001.md`:
```markdown
<p>某市商务局近日发布细则。</p>

<http://source.example.com/news/EX202403050002.html>
```

## Use instead
```markdown
<p>某市商务局近日发布细则。</p>

<http://source.example.com/news/EX202403050001.html>
```

## Fix safety
Not fixable: the link may belong to another post, or the file may be misnamed; which
one is wrong only the generator's records tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from finews_lint import footer
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions
from finews_lint.sourcelinks import article_id

CODE = "SRC004"
NAME = "source-link-mismatch"
TARGET = "links"
SCOPE = "post"
SEVERITY = "warning"
FIXABLE = None
Options = NoOptions

#: Fewer digits than this and a file name's last part is a slug, not an article id.
MIN_ID_DIGITS = 8
_ID = re.compile(r"[A-Za-z0-9]+")
_RUN = re.compile(r"[A-Za-z]+|[0-9]+")


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    ident = article_id(doc.name)
    if not _ID.fullmatch(ident) or sum(c.isdigit() for c in ident) < MIN_ID_DIGITS:
        return
    if doc.front_matter is not None and not doc.front_matter.ok:
        return
    link = footer.find(doc.body).source
    if link is None or not link.target or ident.lower() in link.target.lower():
        return
    address = urlsplit(link.target)
    after_host = link.target.find(address.netloc) + len(address.netloc) if address.netloc else 0
    other = _written_like(ident).search(link.target, after_host)
    if other is not None:
        start = link.target_start + other.start()
        yield Problem(
            start,
            start + len(other.group()),
            f"the source link names article {other.group()}, but the file name names"
            f" {ident}: the link, or the file's name, belongs to another article",
        )


def _written_like(ident: str) -> re.Pattern[str]:
    """A whole token with letters and digits in the places ``ident`` has them
    (``NW202202112273370064``: two letters, then eighteen digits). Built only for a
    link that lacks the post's own id; ``re`` keeps the compiled patterns."""
    runs = "".join(
        f"[A-Za-z]{{{len(run)}}}" if run.isalpha() else f"[0-9]{{{len(run)}}}"
        for run in _RUN.findall(ident)
    )
    return re.compile(f"(?<![A-Za-z0-9]){runs}(?![A-Za-z0-9])")
