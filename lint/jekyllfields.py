"""How Jekyll reads a post's `categories`, `category` and `tags`: the site model, the rules
and the fixes must all split and merge them as Jekyll does."""

from __future__ import annotations

import re
from typing import Any


def breaks_front_matter(categories: object) -> bool:
    """Whether a ``categories`` value makes Jekyll drop the whole front matter: a number,
    boolean, date or mapping cannot be merged with the folder categories ("could not read
    file ...: no implicit conversion of Integer into Array"); the post is published
    without its layout, title and date, under the date of the build."""
    return categories is not None and not isinstance(categories, (str, list))


_RUBY_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")


def ruby_words(text: str) -> list[str]:
    """``text.split`` as Ruby (Jekyll) splits it: on ASCII whitespace only. A full-width
    space (U+3000) or a no-break space stays inside a word, where Python's split cuts."""
    return [word for word in _RUBY_WHITESPACE.split(text) if word]


def categories_of(data: dict[str, Any], relpath: str = "") -> list[str]:
    """A post's categories as Jekyll reads them: folders above ``_posts``, then front matter,
    each once.

    A ``categories`` string is split on whitespace (``"a b"`` is two categories); a
    ``category`` value is one category as written (``category: Market News`` is one), and
    comes after the ``categories``, as in Jekyll's ``Document#populate_categories``.
    """
    found: list[str] = []
    parts = relpath.split("/")
    if "_posts" in parts[:-1]:
        found.extend(part for part in parts[: parts.index("_posts")] if part)
    plural = data.get("categories")
    if isinstance(plural, str):
        found.extend(ruby_words(plural))
    elif isinstance(plural, list):
        found.extend(str(item) for item in plural if item is not None)
    elif plural is not None:
        found.append(str(plural))
    singular = data.get("category")
    if isinstance(singular, list):
        found.extend(str(item) for item in singular if item is not None)
    elif singular is not None:
        found.append(str(singular))
    return list(dict.fromkeys(found)) if len(found) > 1 else found


def as_list(value: Any) -> list[str]:
    """``tags`` and similar fields: a string is one item, a list its items."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return [str(value)]
