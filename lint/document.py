"""One file being linted: its text, its front matter, its body, and the site it belongs to."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import frontmatter
from .memo import cached_property
from .record import record
from .source import Decoded, LineIndex

if TYPE_CHECKING:
    from .body import Body
    from .site import Site

Kind = Literal["post", "page"]


@record(eq=False)
class Document:
    """A decoded post or page. ``text`` excludes a UTF-8 BOM; offsets index ``text``."""

    path: Path
    display_path: str
    relpath: str  # relative to the site root, ``/``-separated
    kind: Kind
    decoded: Decoded
    site: Site

    @property
    def text(self) -> str:
        return self.decoded.text

    @property
    def is_post(self) -> bool:
        return self.kind == "post"

    @property
    def name(self) -> str:
        return self.relpath.rpartition("/")[2]

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def front_matter(self) -> frontmatter.FrontMatter | None:
        return frontmatter.parse(self.text)

    @property
    def data(self) -> dict[str, Any]:
        """Front matter values, empty when there is none or it does not parse."""
        fm = self.front_matter
        return fm.data if fm is not None and fm.ok else {}

    @cached_property
    def categories(self) -> list[str]:
        """The post's categories as Jekyll reads them (see ``jekyllfields.categories_of``);
        several rules ask, once each per post. Not to be changed."""
        from .jekyllfields import categories_of

        return categories_of(self.data, self.relpath)

    @property
    def jekyll_data(self) -> dict[str, Any] | None:
        """:attr:`data`, or None when Jekyll cannot read the front matter (it publishes the
        post without it, at a URL of the date of the build)."""
        fm = self.front_matter
        return None if fm is not None and fm.dropped_by_jekyll else self.data

    @property
    def body_start(self) -> int:
        fm = self.front_matter
        if fm is None:
            return 0
        return fm.end

    @cached_property
    def body(self) -> Body:
        from .body import Body

        return Body.parse(self.text, self.body_start)

    @cached_property
    def url(self) -> str | None:
        """The URL Jekyll publishes this file at, or None when it would not publish it."""
        if self.is_post:
            data = self.jekyll_data  # from this text: it may differ from disk
            return None if data is None else self.site.post_url(self.relpath, data)
        page = next((p for p in self.site.pages if p.relpath == self.relpath), None)
        if page is not None:
            return page.url
        from .permalink import page_url

        link = self.data.get("permalink")
        return page_url(self.relpath, str(link) if link else None, self.site.config.permalink)
