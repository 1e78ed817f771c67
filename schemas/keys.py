"""The front matter keys of a post, without the pydantic model (rules import these at start-up)."""

from __future__ import annotations

REQUIRED_FIELDS = ("layout", "title", "date", "categories", "tags")

#: Keys Jekyll or common plugins give a meaning to; others are the site's own.
KNOWN_KEYS = frozenset(
    {
        "layout", "title", "date", "categories", "category", "tags", "tag", "permalink",
        "published", "slug", "excerpt", "excerpt_separator", "author", "description",
        "image", "lang", "last_modified_at", "redirect_from", "redirect_to", "sitemap",
        "comments", "render_with_liquid", "finews-lint",
    }
)  # fmt: skip
