"""What a post's return links should be, from its `categories`, `tags` and the site model."""

from __future__ import annotations

from .attribution import same_outlet
from .body import Link
from .document import Document
from .footer import RETURN_PREFIX
from .jekyllfields import as_list
from .site import Page
from .urls import Resolved, canonical, category_page, rendered_target, resolve


def expected_category(doc: Document) -> Page | None:
    return category_page(doc.site, doc.categories)


def outlet_tags(doc: Document) -> list[str]:
    return [tag.strip() for tag in as_list(doc.data.get("tags")) if tag.strip()]


def named_outlet(link: Link) -> str:
    """The outlet a category return link's text names (``返回大众日报新闻``: ``大众日报新闻``)."""
    return link.text.strip().removeprefix(RETURN_PREFIX)


def names_the_tags(doc: Document, link: Link) -> bool:
    """Whether a category return link's text names one of the post's ``tags``."""
    named = named_outlet(link)
    return any(same_outlet(named, tag) for tag in outlet_tags(doc))


def category_link_markdown(doc: Document) -> str | None:
    """``[返回<tag>](//host/category page)``, or None when it cannot be derived."""
    tags = outlet_tags(doc)
    page = expected_category(doc)
    if not tags or page is None:
        return None
    return f"[{RETURN_PREFIX}{tags[0]}]({canonical(doc.site, page.url)})"


def home_link_markdown(doc: Document) -> str | None:
    home = doc.site.home
    if home is None:
        return None
    return f"[返回首页]({canonical(doc.site, home.url)})"


def resolve_link(doc: Document, link: Link) -> Resolved | None:
    """``link`` resolved from the document's URL.

    None for a relative link in a file Jekyll does not publish (it has no URL to resolve from),
    and for a target whose Liquid gives what the site model does not know.
    """
    target = link.target.strip()
    if "{" in target:  # Liquid, rendered as Jekyll does before kramdown reads the link
        rendered = rendered_target(doc.site, target)
        if rendered is None:
            return None
        target = rendered.strip()
    relative = not target.startswith("/") and "://" not in target
    if doc.url is None and relative:
        return None
    return resolve(doc.site, target, doc.url or "/")


def is_relative(target: str) -> bool:
    target = target.strip()
    return not target.startswith("/") and ":" not in target.split("/", 1)[0]
