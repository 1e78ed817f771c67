"""`categories` is one string with spaces, or a category would break URLs.

## What it does
Reports `categories: a b` (one string with whitespace, which Jekyll splits into the
categories `a` and `b`), `categories: 2022` (a number, boolean or date, which Jekyll
cannot merge: it logs "could not read file" and drops the whole front matter) and any
category holding characters that break or need
escaping in URLs: `? # % \\ " < > /`, control characters or spaces in a list item or
in a singular `category: a b` (which Jekyll keeps whole: the URL holds `a%20b`).
Also a category written in another case than the page that lists it (`Dazhongribao`
when `category/dazhongribao.html` has `category: dazhongribao`).

## Why is this bad?
The post lands at `/a/b/2021/...` and in two categories no page lists, instead of
the one category the generator meant (several categories are written as a YAML list).
A category in another case keeps its URL (Jekyll writes URLs in lower case) but drops
off its page: `site.categories` is case-sensitive.

## Example
```yaml
categories: 21shijijingjibaodao 21caijingAPP
```

## Use instead
```yaml
categories: 21shijijingjibaodao-21caijingAPP
```
or, when two categories are meant, `categories: [21shijijingjibaodao, 21caijingAPP]`.

A list written with commas (`categories: dazhongribao, kuaixun`, or a stray
`dazhongribao,`) is reported too: YAML reads it as text, Jekyll splits it at whitespace
only and keeps the commas in the categories and in the post's URL.

## Fix safety
Safe:
- a number, boolean or date is quoted (`categories: "2022"`): the category is what was
  written (a mapping is left to the editor);
- a category in another case than its page's is written as the page writes it: the
  post's URL stays and the page lists it again.

Unsafe, applied only with `--unsafe-fixes`, because only an editor knows the category
meant (and, but for the list, the post's URL moves):
- words split by a space are joined into the category the site has a page for when
  there is one (`dazhong ribao` becomes `dazhongribao` when a page lists `dazhongribao`,
  the typical scraper slip);
- else, when some of the words have pages (`dazhongribao extra`), they become the list
  Jekyll reads now, `[dazhongribao, extra]`: the URL and the return link to
  `dazhongribao`'s page stay right, and the editor sees what the post is filed under;
- else they are joined with `-` (then the category page must be made);
- a list item or a singular `category:` with spaces is joined only into a category the
  site has a page for (`[dazhong ribao]` becomes `[dazhongribao]`);
- a list written with commas becomes a YAML list (`[dazhongribao, kuaixun]`; a stray
  comma is dropped).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.frontmatter import FrontMatter, requoted, value_kind
from finews_lint.jekyllfields import breaks_front_matter, ruby_words
from finews_lint.rule import NoOptions

CODE = "FM008"
NAME = "category-format"
TARGET = "front-matter"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "safe"  # quoting a number; joining words is unsafe (see Fix safety)
Options = NoOptions

_BREAKS_URL = re.compile(r"[\s?#%\\\"<>/\x00-\x1f\x7f]")
_ASCII_SPACE = " \t\n\r\f\v"


def _repair(doc: Document, words: list[str]) -> tuple[str, str, str]:
    """What the split words become: the joined category the site has a page for; else, when
    some words have pages, the list of categories Jekyll reads now (the URL stays and the
    return link to those pages stays right); else the words joined with ``-``. With the
    message's hint and the fix's description. (Pages are in the cache key: no fact to
    record.)"""
    joined = _page_for_the_words(doc, words)
    if joined is not None:
        return joined, f" (the site has a page for '{joined}')", f"join the words: {joined}"
    listed = [word for word in words if doc.site.category_page(word) is not None]
    written = f"[{', '.join(words)}]"
    if listed and _reads_as(written, words):
        pages = ", ".join(f"'{word}'" for word in listed)
        return (
            written,
            f" (the site has a page for {pages}, none for the words joined)",
            f"write the categories Jekyll reads as a list: {written}",
        )
    joined = "-".join(words)
    return joined, "", f"join the words: {joined}"


def _reads_as(written: str, words: list[str]) -> bool:
    """Whether YAML reads the flow list ``written`` as ``words``, all text (not `2022`,
    `yes` or `a,b`)."""
    import yaml  # only when a fix is made

    try:
        return bool(yaml.safe_load(written) == words)
    except yaml.YAMLError:
        return False


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or not fm.ok:
        return
    if "category" in fm.data:  # Jekyll keeps a singular `category:` whole: `a b` is one
        yield from _bad_items(doc, fm, "category")
    if "categories" not in fm.data:
        return
    value = fm.data["categories"]
    span = fm.value_span("categories")
    assert span is not None
    if breaks_front_matter(value):
        written = doc.text[span.start : span.end]
        yield Problem(
            span.start,
            span.end,
            f"categories {written} is {value_kind(value)}, not text: Jekyll cannot read this"
            " front matter and publishes the post without its layout, title and date;"
            " quote it",
            None
            if isinstance(value, dict) or '"' in written or "\n" in written
            else Fix.replace(span.start, span.end, f'"{written}"', description="quote it"),
        )
        return
    if isinstance(value, str) and "," in value:
        listed = _comma_list(doc, value, span.start, span.end)
        if listed is not None:
            yield listed
            return
    words = ruby_words(value) if isinstance(value, str) else []
    if len(words) > 1:  # split as Jekyll splits: a full-width space is no separator
        repaired, hint, description = _repair(doc, words)
        if not repaired.startswith("["):  # a list is written plain
            repaired = requoted(doc.text[span.start : span.end], repaired)
        yield Problem(
            span.start,
            span.end,
            f"categories '{value}' holds whitespace: Jekyll splits it into "
            f"{len(words)} categories ({', '.join(words)}); "
            f"write one slug or a YAML list{hint}",
            Fix.replace(
                span.start,
                span.end,
                repaired,
                safe=False,
                description=description,
            ),
        )
        return
    yield from _bad_items(doc, fm, "categories")
    yield from _other_case(doc, fm)


def _other_case(doc: Document, fm: FrontMatter) -> Iterator[Problem]:
    """A category its page names in another case (``Dazhongribao``, the page lists
    ``dazhongribao``): Liquid's ``site.categories[...]`` is case-sensitive, so no page lists
    the post, while its URL, which Jekyll writes in lower case, is the same."""
    for item, span in fm.item_spans("categories"):
        if not isinstance(item, str) or doc.site.category_page(item) is not None:
            continue
        page = doc.site.page_for_case(item)
        if page is None or page.category is None:
            continue
        yield Problem(
            span.start,
            span.end,
            f"category '{item}' is on no category page: {page.relpath} lists"
            f" '{page.category}', and Jekyll's categories keep their case",
            Fix.replace(
                span.start,
                span.end,
                requoted(doc.text[span.start : span.end], page.category),
                description=f"write {page.category}, as its page does",
            ),
        )


def _comma_list(doc: Document, value: str, start: int, end: int) -> Problem | None:
    """``categories: a, b`` or ``categories: a,``: a list written with commas, which Jekyll
    does not read as one (it splits at whitespace only, and keeps the commas in the
    categories and the URL). None when an item holds whitespace (the words are the issue)."""
    items = [item.strip() for item in value.split(",")]
    meant = [item for item in items if item]
    if not meant or any(ruby_words(item) != [item] for item in meant):
        return None
    read = ruby_words(value)
    as_read = ", ".join(f"'{category}'" for category in read)
    if len(meant) == 1:
        message = (
            f"categories '{value}' holds a stray comma: Jekyll publishes the post in the"
            f" category {as_read}, under that URL and on no category page; write '{meant[0]}'"
        )
        replacement = requoted(doc.text[start:end], meant[0])
    else:
        message = (
            f"categories '{value}' is a list written with commas, which YAML reads as text:"
            f" Jekyll makes {len(read)} {'category' if len(read) == 1 else 'categories'} of it"
            f" ({as_read}); write a YAML list [{', '.join(meant)}]"
        )
        replacement = f"[{', '.join(meant)}]"
    return Problem(
        start,
        end,
        message,
        Fix.replace(
            start, end, replacement, safe=False, description=f"write {replacement}"
        ),  # the post's URL and category change
    )


def _bad_items(doc: Document, fm: FrontMatter, key: str) -> Iterator[Problem]:
    """The items of ``key`` holding a character that breaks or must be escaped in URLs."""
    for item, item_span in fm.item_spans(key):
        if item is None:
            continue
        # Only ASCII whitespace is trimmed, as YAML trims it: a full-width or no-break space
        # typed after the slug stays in the category and in the post's URL.
        bad = _BREAKS_URL.search(str(item).strip(_ASCII_SPACE))
        if bad:
            words = str(item).split()
            joined = _page_for_the_words(doc, words) or _page_for_the_word(doc, words)
            how = "join the words" if len(words) > 1 else "drop the spaces around it"
            yield Problem(
                item_span.start,
                item_span.end,
                f"category '{item}' holds {bad.group(0)!r}, "
                "which breaks or must be escaped in URLs"
                + (f" (the site has a page for '{joined}')" if joined else ""),
                Fix.replace(
                    item_span.start,
                    item_span.end,
                    requoted(doc.text[item_span.start : item_span.end], joined),
                    safe=False,  # the post's URL moves
                    description=f"{how}: {joined}",
                )
                if joined
                else None,
            )


def _page_for_the_word(doc: Document, words: list[str]) -> str | None:
    """The one word left of a category once the spaces around it go, if the site has a
    page for it (`dazhongribao　` -> `dazhongribao`)."""
    if len(words) != 1 or _BREAKS_URL.search(words[0]):
        return None
    return words[0] if doc.site.category_page(words[0]) is not None else None


def _page_for_the_words(doc: Document, words: list[str]) -> str | None:
    """The category the site has a page for that the words make joined
    (`dazhong ribao` -> `dazhongribao`), or None."""
    if len(words) < 2:
        return None
    for joined in ("".join(words), "-".join(words), "_".join(words)):
        if not _BREAKS_URL.search(joined) and doc.site.category_page(joined) is not None:
            return joined
    return None
