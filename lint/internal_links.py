"""The body's links into the site, other than the return links, resolved from the file's URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from . import footer
from .body import Body, Link
from .document import Document
from .footer import is_return_link
from .returns import resolve_link
from .urls import Resolved, is_checkable, rendered_target

_PLACEHOLDERS = {
    "categories": "(?:[^/]+/)*?",
    "year": r"\d{4}",
    "month": r"\d{2}",
    "i_month": r"\d{1,2}",
    "day": r"\d{2}",
    "i_day": r"\d{1,2}",
    "y_day": r"\d{3}",
    "output_ext": r"(?:\.html)?",
}


def image_sources(body: Body) -> list[Link]:
    """``<img src>`` of the body as links of kind ``image``, with the offsets of the value."""
    found = []
    for tag in body.tags:
        if tag.name != "img" or tag.is_end:
            continue
        for attribute in tag.attributes:
            if attribute.name != "src" or attribute.value is None:
                continue
            raw = body.text[attribute.start : attribute.end]
            at = attribute.start + raw.index("=") + 1
            while at < attribute.end and body.text[at] in " \t\"'":
                at += 1
            found.append(
                Link(
                    "image", "", attribute.value, tag.start, tag.end, at, at + len(attribute.value)
                )
            )
    return found


def links(doc: Document) -> list[tuple[Link, Resolved]]:
    """Every link of the body that points into the site, with where it resolves (once per body)."""
    return doc.body.memo(links, lambda: list(_links(doc)))


def _links(doc: Document) -> Iterator[tuple[Link, Resolved]]:
    body = doc.body
    footer_links = footer.find(body).return_links  # `<a>` ones too: LNK002's to check
    for link in sorted([*body.links, *image_sources(body)], key=lambda item: item.start):
        if (
            body.is_opaque(link.start)
            or is_return_link(link)
            or any(link is returning for returning in footer_links)
        ):
            continue
        target = rendered_target(doc.site, link.target) if "{" in link.target else link.target
        if target is None or not is_checkable(target):
            continue
        resolved = resolve_link(doc, link)
        if resolved is not None and resolved.internal:
            yield link, resolved


@lru_cache(maxsize=16)
def _post_pattern(template: str) -> re.Pattern[str]:
    pattern = ""
    for piece in re.split(r"(:[a-z_]+)", template):
        if piece.startswith(":"):
            name = piece[1:]
            pattern += _PLACEHOLDERS.get(name, "[^/]+")
        else:
            pattern += re.escape(piece)
    pattern = pattern.replace("/(?:[^/]+/)*?/", "/(?:[^/]+/)*?")
    return re.compile(pattern + "/?$")


def looks_like_post(template: str, path: str) -> bool:
    """True when ``path`` has the shape of a post URL under the site's permalink template."""
    if not any(token in template for token in (":year", ":month", ":day", ":y_day")):
        return False
    return _post_pattern(template).fullmatch(path) is not None
