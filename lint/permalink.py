"""The URLs Jekyll gives posts and pages, from the site's ``permalink`` setting.

Mirrors Jekyll 4's ``UrlDrop`` and ``URL``: built-in styles, placeholders, slugs taken
from the file name, categories lower-cased and joined by ``/``, then ``//`` collapsed.
URLs are kept unescaped (``/category/a b.html``); :func:`escape_path` gives the form
Jekyll writes into the built site.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
POST_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")
_SLASHES = re.compile(r"/{2,}")
#: Jekyll's default `markdown_ext` ("markdown,mkdown,mkdn,mkd,md"): converted to .html.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mkdown")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SLUG_PRETTY = re.compile(r"[^\w._~!$&'()+,;=@]+", re.UNICODE)
_SLUG_DEFAULT = re.compile(r"[\W_]+", re.UNICODE)  # all but letters, marks and digits


def template_for(permalink: str | None) -> str:
    """The post URL template for the site's ``permalink`` setting (a style or a pattern)."""
    style = (permalink or "date").strip()
    return STYLES.get(style, style)


def slugify(text: str) -> str:
    """Jekyll's ``slugify(mode: "pretty", cased: true)``: runs of anything but letters,
    marks, decimal digits and ``._~!$&'()+,;=@`` become ``-``."""
    slug = _SLUG_PRETTY.sub("-", text) if text.isascii() else _ruby_slug(text, _PRETTY_KEPT)
    return slug.strip("-")


def slugify_default(text: str) -> str:
    """Jekyll's ``slugify(text)`` (mode ``default``): runs of anything but letters, marks
    and decimal digits become ``-``, lower-cased (``Test_Slug`` -> ``test-slug``)."""
    slug = _SLUG_DEFAULT.sub("-", text) if text.isascii() else _ruby_slug(text, "")
    return slug.strip("-").lower()


_PRETTY_KEPT = "._~!$&'()+,;=@"


def _ruby_slug(text: str, kept: str) -> str:
    """Ruby's classes ``\\p{M}``, ``\\p{L}`` and ``\\p{Nd}``, char by char: Python's ``\\w``
    also keeps other numbers (``①``, ``²``), which Jekyll replaces."""
    pieces = [
        char
        if char in kept
        or unicodedata.category(char)[0] in "LM"
        or unicodedata.category(char) == "Nd"
        else "\0"
        for char in text
    ]
    return re.sub("\0+", "-", "".join(pieces))


@lru_cache(maxsize=256)
def _plan(template: str, names: tuple[str, ...]) -> tuple[str | tuple[str, str], ...]:
    """``template`` cut into literal text and (placeholder, trailing text) pieces."""
    longest_first = sorted(names, key=len, reverse=True)  # Jekyll matches the longest name first
    pieces: list[str | tuple[str, str]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        name = match.group(1)
        known = next((k for k in longest_first if name.startswith(k)), None)
        if known is None:
            continue  # not a placeholder: stays as written
        pieces.append(template[position : match.start()])
        pieces.append((known, name[len(known) :]))
        position = match.end()
    pieces.append(template[position:])
    return tuple(pieces)


def _fill(template: str, names: tuple[str, ...], value_of: Callable[[str], str]) -> str:
    """Replace the ``:name`` placeholders of ``names``; ``value_of(name)`` is asked only for
    the names the template uses."""
    out = []
    for piece in _plan(template, names):
        if isinstance(piece, str):
            out.append(piece)
        else:
            out.append(value_of(piece[0]) + piece[1])
    return "".join(out)


def sanitize(url: str) -> str:
    """Jekyll's ``URL#sanitize_url``: ``/`` in front, every ``..`` made ``/``, every ``./``
    dropped, repeated slashes collapsed (categories ``..  x`` file a post under ``/x/``)."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return _SLASHES.sub("/", url)


# A post URL's placeholders: (date in the site's zone, slug, lower-cased categories, ext),
# as Jekyll 4's UrlDrop fills them (``:name`` is the file's name with its date; Jekyll's
# own categories, not lower-cased, are what ``:slugified_categories`` slugifies: the same).
_POST_PLACEHOLDERS: dict[str, Callable[[datetime, str, list[str], str], str]] = {
    "year": lambda date, slug, cats, ext: f"{date.year:04d}",
    "month": lambda date, slug, cats, ext: f"{date.month:02d}",
    "i_month": lambda date, slug, cats, ext: str(date.month),
    "short_month": lambda date, slug, cats, ext: date.strftime("%b"),
    "long_month": lambda date, slug, cats, ext: date.strftime("%B"),
    "day": lambda date, slug, cats, ext: f"{date.day:02d}",
    "i_day": lambda date, slug, cats, ext: str(date.day),
    "y_day": lambda date, slug, cats, ext: date.strftime("%j"),
    "short_year": lambda date, slug, cats, ext: date.strftime("%y"),
    "week": lambda date, slug, cats, ext: date.strftime("%V"),
    "w_year": lambda date, slug, cats, ext: date.strftime("%G"),
    "w_day": lambda date, slug, cats, ext: date.strftime("%u"),
    "short_day": lambda date, slug, cats, ext: date.strftime("%a"),
    "long_day": lambda date, slug, cats, ext: date.strftime("%A"),
    "hour": lambda date, slug, cats, ext: date.strftime("%H"),
    "minute": lambda date, slug, cats, ext: date.strftime("%M"),
    "second": lambda date, slug, cats, ext: date.strftime("%S"),
    "title": lambda date, slug, cats, ext: slugify(slug),
    "slug": lambda date, slug, cats, ext: slugify_default(slug),
    "categories": lambda date, slug, cats, ext: "/".join(cats),
    "slugified_categories": lambda date, slug, cats, ext: "/".join(
        slugify_default(category) for category in cats
    ),
    "output_ext": lambda date, slug, cats, ext: ext,
}
_POST_NAMES = (*_POST_PLACEHOLDERS, "name")


def post_url(
    template: str,
    *,
    date: datetime,
    slug: str,
    categories: list[str],
    output_ext: str = ".html",
    name: str = "",
) -> str:
    """The URL of a post: ``date`` must already be in the site's timezone; ``name`` is the
    file's name without its suffix (``2021-12-01-init``), for ``:name``.

    Computed for every post of a site without a post index: the placeholders are
    functions made once, each called only if the template uses it.
    """
    cats: list[str] = []
    for category in categories:
        lowered = str(category).lower()
        if lowered not in cats:
            cats.append(lowered)

    def value_of(placeholder: str) -> str:
        if placeholder == "name":
            return slugify_default(name)
        return _POST_PLACEHOLDERS[placeholder](date, slug, cats, output_ext)

    return sanitize(_fill(template, _POST_NAMES, value_of))


def output_ext(suffix: str) -> str:
    """What Jekyll's converters make of a file suffix: Markdown (its default
    ``markdown_ext``, any case) becomes ``.html``; anything else is kept as written."""
    return ".html" if suffix.lower() in MARKDOWN_SUFFIXES else suffix


def page_url(relpath: str, permalink: str | None, site_permalink: str | None) -> str:
    """The URL of a page at ``relpath`` (relative to the site root, ``/``-separated)."""
    folder, _, name = relpath.rpartition("/")
    basename, dot, ext = name.rpartition(".")
    if not dot:
        basename, ext = name, ""
    converted_ext = output_ext(dot + ext)
    if permalink:
        template = str(permalink)
    elif converted_ext not in (".html", ".xhtml", ".htm"):  # Jekyll's Page#html?
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = "/:path/:basename" + _page_suffix(site_permalink)
    values = {"path": folder, "basename": basename, "output_ext": converted_ext}
    url = _fill(template, tuple(values), values.__getitem__)
    return sanitize(url)


def _page_suffix(site_permalink: str | None) -> str:
    """Jekyll's ``add_permalink_suffix``: pages follow the trailing form of the post style
    (a pattern ending in neither ``/`` nor ``:output_ext``, or ``weekdate``, adds nothing:
    ``/about``, which Jekyll writes to ``about.html``)."""
    style = str(site_permalink or "date").strip()
    if style == "pretty":
        return "/"
    if style in ("date", "ordinal", "none"):
        return ":output_ext"
    return ("/" if style.endswith("/") else "") + (
        ":output_ext" if style.endswith(":output_ext") else ""
    )


def escape_path(path: str) -> str:
    """Percent-encode a URL path the way Jekyll writes it (``/a b.html`` -> ``/a%20b.html``)."""
    return quote(path, safe="/!$&'()*+,;=:@-._~")
