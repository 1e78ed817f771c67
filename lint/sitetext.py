"""Front matter and body of a site's file, read through the site model, for whole-site rules."""

from __future__ import annotations

import re

from .frontmatter import FrontMatter
from .frontmatter import parse as parse_front_matter
from .record import record
from .site import Site


@record(frozen=True, slots=True)
class FileText:
    relpath: str
    text: str
    front_matter: FrontMatter | None

    @property
    def body(self) -> str:
        return self.text[self.front_matter.end :] if self.front_matter is not None else self.text

    def value_span(self, key: str) -> tuple[int, int]:
        """Where ``key``'s value is in the text; the file's start when it has none."""
        fm = self.front_matter
        span = fm.value_span(key) if fm is not None and fm.ok else None
        return (span.start, span.end) if span is not None else (0, 0)


def read(site: Site, relpath: str) -> FileText | None:
    text = site.read_text(relpath)
    if text is None:
        return None
    return FileText(relpath, text, parse_front_matter(text))


def article_text(file: FileText) -> str:
    """The article's visible text: the body without its source link and return links."""
    from . import attribution, footer
    from .body import Body

    body = Body.parse(file.text, file.front_matter.end if file.front_matter is not None else 0)
    paragraphs = attribution.text_paragraphs(body, footer.find(body))
    return normalized(" ".join(p.text for p in paragraphs))


def normalized(text: str) -> str:
    """Text with runs of whitespace collapsed, for comparing bodies."""
    return re.sub(r"\s+", " ", text).strip()
