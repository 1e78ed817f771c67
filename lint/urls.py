"""Links resolved the way a browser resolves them, then looked up in the site model.

A link in a post is resolved from the URL the post is published at (its permalink under
the site's ``url`` and ``baseurl``): protocol-relative ``//host/path``, absolute
``https://host/path``, root-relative ``/path`` and relative ``../path`` all end up as a
host and an unescaped path, which the site model then finds (or not).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit

from .permalink import escape_path
from .record import record
from .site import Page, Site, url_candidates

PLACEHOLDER_HOST = "site.invalid"
NOT_CHECKED_SCHEMES = frozenset(
    {"mailto", "tel", "javascript", "data", "ftp", "news", "irc", "sms"}
)
_NEEDS_ESCAPING = re.compile(r"[\s<>\"{}|\\^`]")


def escape_link(target: str) -> str:
    """``target`` with the characters a URL cannot hold percent-encoded, as a browser sends
    it: spaces and ``<>"{}|\\^`` become ``%XX``; what a URL may hold stays (Chinese too),
    an escape already written (``%20``), the query (``?``) and the fragment (``#``)
    included."""
    return _NEEDS_ESCAPING.sub(lambda m: quote(m.group(0), safe=""), target)


@record(frozen=True, slots=True)
class Resolved:
    target: str  # as written
    url: str  # absolute, as a browser would request it
    scheme: str
    host: str  # lower-cased; empty for a scheme without host
    path: str  # unescaped, without the site's baseurl
    internal: bool  # on one of the site's hosts
    valid: bool = True  # False when no browser could follow it (``http://[::1``)
    outside_baseurl: bool = False  # on the site's host, but not under its ``baseurl``

    @property
    def needs_escaping(self) -> bool:
        """True when the target has characters a URL must percent-encode (spaces, ...)."""
        return bool(_NEEDS_ESCAPING.search(self.target))


def is_checkable(target: str) -> bool:
    """False for anchors, Liquid, empty targets and schemes that name no web page."""
    target = target.strip()
    if not target or target.startswith("#") or "{{" in target or "{%" in target:
        return False
    try:
        scheme = urlsplit(target).scheme.lower() if ":" in target else ""
    except ValueError:
        return True  # resolve() reports it as invalid
    return scheme not in NOT_CHECKED_SCHEMES


_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
_URL_FILTERED = re.compile(
    r"""(?P<quote>["'])(?P<value>[^"']*)(?P=quote)\s*\|\s*(?P<filter>relative_url|absolute_url)"""
)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def rendered_target(site: Site, target: str) -> str | None:
    """``target`` as Jekyll's Liquid renders it before kramdown reads the link: the outputs
    a hand-written link uses (``{{ site.url }}``, ``{{ site.baseurl }}``, and a quoted path
    through ``relative_url`` or ``absolute_url``) take the site's values; None when other
    Liquid is left (what it gives is not known here)."""
    if "{{" not in target:
        return None if "{%" in target else target
    unknown = False

    def render(match: re.Match[str]) -> str:
        nonlocal unknown
        expression = match.group(1)
        if expression in ("site.url", "site.baseurl"):
            return str(site.config.raw.get(expression[5:]) or "")
        filtered = _URL_FILTERED.fullmatch(expression)
        if filtered is None:
            unknown = True
            return ""
        return _url_filter(site, filtered.group("value"), filtered.group("filter"))

    rendered = _LIQUID_OUTPUT.sub(render, target)
    return None if unknown or "{{" in rendered or "{%" in rendered else rendered


def _url_filter(site: Site, value: str, name: str) -> str:
    """Jekyll's ``relative_url`` (the baseurl before the path) and ``absolute_url`` (the
    site's url before that); an absolute URL passes through both."""
    if _ABSOLUTE.match(value):
        return value
    baseurl = site.config.baseurl
    relative = "".join(
        part if not part or part.startswith("/") else "/" + part for part in (baseurl, value)
    )
    url = site.config.url
    return url + relative if name == "absolute_url" and url else relative


def base_url(site: Site, url: str) -> str:
    host = site.host or PLACEHOLDER_HOST
    return f"https://{host}{site.config.baseurl}{escape_path(url)}"


def resolve(site: Site, target: str, from_url: str) -> Resolved:
    """Resolve ``target`` from the page published at ``from_url`` (unescaped, no baseurl).

    Memoized: several link rules resolve the same links of a file, and generated posts
    repeat the same few return links. A relative reference resolves the same from every
    page of one folder, so the cache is keyed by the folder when the page's name cannot matter.
    """
    written = target.strip()
    if written and written[0] not in "?#" and not any(c in from_url for c in "?#;"):
        from_url = from_url[: from_url.rfind("/") + 1] or "/"
    return _resolve(site, written, from_url)


@lru_cache(maxsize=64)
def _site_ports(site: Site) -> frozenset[int | None]:
    """The ports a link may name and stay on the site: none, the default ones, the url's."""
    try:
        own = urlsplit(site.config.url).port
    except ValueError:
        own = None
    return frozenset({None, 80, 443, own})


@lru_cache(maxsize=8192)
def _resolve(site: Site, written: str, from_url: str) -> Resolved:
    escaped = escape_link(written) if _NEEDS_ESCAPING.search(written) else written
    try:
        absolute = urljoin(base_url(site, from_url), escaped)
        parts = urlsplit(absolute)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return Resolved(written, written, "", "", "", internal=False, valid=False)
    # Another port is another server (`//example.com:8080/`), unless the site's url has it.
    internal = host in site.hosts or host == PLACEHOLDER_HOST
    if port not in _site_ports(site):
        internal, host = False, f"{host}:{port}"
    path = unquote(parts.path or "/")
    baseurl = site.config.baseurl
    outside = False
    if internal and baseurl:
        if path == baseurl or path.startswith(baseurl + "/"):
            path = path[len(baseurl) :] or "/"
        else:
            outside = True
    return Resolved(
        written, absolute, parts.scheme.lower(), host, path, internal, outside_baseurl=outside
    )


def page_at(site: Site, path: str) -> Page | None:
    """The page the site publishes at ``path``, if any (posts are not pages)."""
    for candidate in url_candidates(path):
        page = site.page_by_url.get(candidate)
        if page is not None:
            return page
    return None


def is_published(site: Site, resolved: Resolved) -> bool:
    """Whether the site publishes something where ``resolved`` points."""
    return not resolved.outside_baseurl and site.url_exists(resolved.path)


def as_written(url: str) -> str:
    """The path of the file Jekyll writes for a page at ``url``: a URL without an extension
    (a site whose ``permalink`` ends neither in ``/`` nor ``:output_ext`` gives its pages
    such URLs, as ``/category/news``) is written as ``.html``, which every server serves;
    the bare URL only works where the server tries ``.html`` itself (GitHub Pages)."""
    last = url.rsplit("/", 1)[-1]
    return url + ".html" if last and "." not in last else url


def canonical(site: Site, path: str) -> str:
    """The site's canonical form of a link to ``path``: protocol-relative on the host of ``url``."""
    host = site.host or next(iter(sorted(site.hosts)), "")
    escaped = escape_path(site.config.baseurl + as_written(path))
    return f"//{host}{escaped}" if host else escaped


def category_page(site: Site, categories: list[str]) -> Page | None:
    """The page listing the post's category (the first category that has one)."""
    for category in categories:
        page = site.category_page(category)
        if page is not None:
            return page
    return None
