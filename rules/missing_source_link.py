"""The body has no source link, or an empty one: `<>`.

## What it does
Looks for the source link: a Markdown autolink such as
`<http://finance.example.com/news/1.html>` standing alone on its own line, outside code
and comments. Links inside the article's HTML (stock quotes, images) are not the source
link. Reported on the empty `<>` (or `<http://>`, an address with no host) when there
is one; on a source link kramdown would not publish as a link of its own: `< >`, a bare
URL and `< http://… >` (shown as text), an autolink at the end of the article's last
line when that line is Markdown text (published inside that paragraph; after the end tag
of an HTML article, `…</p> <http://…>`, kramdown starts a paragraph of its own, which is
fine); on a web link written as a Markdown link alone
on its line (`[原文链接](http://…)`, not the form posts use); else at the end of the
body.

## Why is this bad?
Readers and the original outlet expect a link to the article a post republishes; the
generator writes `<>` when it had no URL, which renders as nothing.

## Example
```markdown
北向资金净流入超40亿元。（证券时报）

<>
```

## Use instead
```markdown
北向资金净流入超40亿元。（证券时报）

<http://finance.example.com/news/1.html>
```

## Fix safety
Safe for an autolink sharing the article's line that carries the article's id (the
post's file name, as in `?infoCode=NW2022…`): it is given a paragraph of its own, and the
text a reader sees stays the same; unsafe for another autolink there (it may be a link
the article's last sentence gives). A bare URL on a line of its own is written as an
autolink: safe when it carries the article's id, unsafe otherwise (whether it is the
article's address is then for an editor to see); a bare URL inside a paragraph or an
HTML block is reported, not rewritten. `< http://… >` loses its spaces, as safely. An empty `<>` is given the address the category's newest
other posts (up to 24, at least 3) all link to with their own article id
(`…?infoCode={id}`), written with this post's id: unsafe, the address is inferred (an
editor should open it once; `extend-safe-fixes` can trust it). A missing link is added
the same way (unsafe), on a line of its own before the return links (or at the end of the
body when there are none). When the category's posts do not agree on one address, it is
not fixable: only the generator knows the article's URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from finews_lint import footer
from finews_lint.body import Body
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.footer import is_return_link, stands_alone
from finews_lint.rule import NoOptions
from finews_lint.sourcelinks import ID_FIELD, article_id, category_template

CODE = "SRC002"
NAME = "missing-source-link"
TARGET = "links"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    body = doc.body
    source = footer.find(body).source
    if source is not None and source.target:
        if not urlsplit(source.target).netloc and source.target.lower().startswith("http"):
            yield Problem(
                source.start,
                source.end,
                f"the source link `<{source.target}>` has no address: it links to nothing",
            )
        return
    if source is not None:
        yield _empty(doc, source.start, source.end)
        return
    yield _near_miss(body, article_id(doc.name)) or _missing(doc)


_SPACED_EMPTY = re.compile(r"^[ \t]*(<[ \t]+>)[ \t]*\r?$", re.MULTILINE)
_SPACED_URL = re.compile(
    r"^[ \t]*(<(?:[ \t]+https?://[^\s<>]+[ \t]*|https?://[^\s<>]+[ \t]+)>)[ \t]*\r?$", re.MULTILINE
)
_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>]+)[ \t]*\r?$", re.MULTILINE)
#: Source links kramdown shows as text, and what to say of them.
_SHOWN_AS_TEXT = (
    (_SPACED_EMPTY, "the source link is empty: `< >` is shown as text"),
    (
        _SPACED_URL,
        "the source link has spaces inside its `<…>`: kramdown shows it as text; write `<{url}>`",
    ),
)
_WEB_URL = re.compile(r"\s*https?://[^\s/]", re.IGNORECASE)
_JOINED = re.compile(r"(?<=\S)([ \t]*)(<https?://[^\s<>]*>)[ \t]*\r?$", re.MULTILINE)


def _inferred(doc: Document) -> tuple[str, str] | None:
    """The post's source address as the category's other posts give theirs, and what the
    message says of it; None when they do not agree or the file name holds no id."""
    ident, categories = article_id(doc.name), doc.categories
    found = (
        category_template(doc.site, categories[0], doc.relpath) if ident and categories else None
    )
    if found is None:
        return None
    template, count = found
    return (
        template.replace(ID_FIELD, ident),
        f"; the {count} newest other posts of '{categories[0]}' link to their article"
        f" as {template}",
    )


def _empty(doc: Document, start: int, end: int) -> Problem:
    """The empty ``<>``, with the link the category's other posts would have given it."""
    message = "the source link is empty: `<>` links to nothing"
    inferred = _inferred(doc)
    if inferred is None:
        return Problem(start, end, message)
    url, why = inferred
    return Problem(
        start,
        end,
        message + why,
        Fix.replace(
            start,
            end,
            f"<{url}>",
            safe=False,  # an address inferred, not known: an editor should open it once
            description=f"link to {url}",
            changes_visible_text=True,
        ),
    )


def _missing(doc: Document) -> Problem:
    """No source link at all, reported at the end of the body. With the link the category's
    other posts would have given it, added where posts have it: on its own line before the
    return links (when they stand on lines of their own), else at the end."""
    body = doc.body
    end = footer.content_end(body)
    message = "the body has no source link (an autolink `<http://…>` on its own line)"
    inferred = _inferred(doc)
    if inferred is None:
        return Problem(end, end, message)
    url, why = inferred
    links = footer.find(body).return_links
    first = min(links, key=lambda link: link.start) if links else None
    if first is None:
        at, text = end, f"\n\n<{url}>"
    else:
        at = body.text.rfind("\n", 0, first.start) + 1
        if body.text[at : first.start].strip() or at <= body.start:
            return Problem(end, end, message + why)  # the links share a line with the article
        text = f"<{url}>\n\n"
    return Problem(
        end,
        end,
        message + why,
        Fix.replace(
            at,
            at,
            text,
            safe=False,  # an address inferred, not known: an editor should open it once
            description=f"add the source link {url}",
            changes_visible_text=True,
        ),
    )


def _carries(url: str, article_id: str) -> bool:
    """Whether ``url`` names the post's article (its id from the file name): then it is the
    source link, and making it one is safe."""
    return bool(article_id) and article_id in url


def _near_miss(body: Body, article_id: str) -> Problem | None:
    """A source link written so that kramdown publishes no autolink on a line of its own:
    ``< >``, ``< http://… >`` and a bare URL (text), a Markdown link, an autolink at the
    end of the article's line (inside its paragraph). The last such line of the body is
    the one meant. Moving an autolink out of the article is safe only when it carries
    the article's id: else it may be a link the article's last sentence gives."""
    text, start = body.text, body.start
    misses: list[Problem] = []
    for pattern, message in _SHOWN_AS_TEXT:
        for match in pattern.finditer(text, start):
            at, end = match.span(1)
            url = text[at + 1 : end - 1].strip()
            fix = None
            if url:  # `< http://… >`: the link meant, without the spaces
                fix = Fix.replace(
                    at,
                    end,
                    f"<{url}>",
                    safe=_carries(url, article_id),
                    description="write the source link without the spaces",
                    changes_visible_text=True,
                )
            misses.append(Problem(at, end, message.format(url=url), fix))
    for match in _BARE_URL.finditer(text, start):
        at, end = match.span(1)
        misses.append(
            Problem(
                at,
                end,
                "the source URL is not a link: kramdown shows it as plain text; write it as"
                " an autolink `<…>`",
                _autolink(body, at, end, article_id),
            )
        )
    for link in body.markdown_links:
        if _WEB_URL.match(link.target) and not is_return_link(link) and stands_alone(body, link):
            misses.append(
                Problem(
                    link.start,
                    link.end,
                    f"the source link is written as a Markdown link: the site's posts give it as"
                    f" an autolink, `<{link.target.strip()}>` on its own line",
                )
            )
    for match in _JOINED.finditer(text, start):
        at, end = match.span(2)
        misses.append(
            Problem(
                at,
                end,
                "the source link shares a line with the article: kramdown publishes it inside"
                " the last paragraph; give it a paragraph of its own",
                Fix.replace(
                    match.start(1),
                    at,
                    "\n\n",
                    safe=_carries(text[at:end], article_id),
                    description="put a blank line before the source link",
                ),
            )
        )
    return max(
        (m for m in misses if not body.is_opaque(m.start)),
        key=lambda problem: problem.start,
        default=None,
    )


def _autolink(body: Body, at: int, end: int, article_id: str) -> Fix | None:
    """``<URL>`` for a bare URL that is a Markdown paragraph of its own (in an HTML block
    kramdown would read ``<http:…>`` as a tag; inside a paragraph, the link would stay in
    it). The text is the same; it becomes a link (a change a reader sees, declared)."""
    block = body.block_at(at)
    if (
        block is None
        or block.kind != "markdown"
        or body.text[block.start : block.end].strip() != body.text[at:end]
    ):
        return None
    return Fix.replace(
        at,
        end,
        f"<{body.text[at:end]}>",
        safe=_carries(body.text[at:end], article_id),
        description="write the source URL as an autolink",
        changes_visible_text=True,
    )
