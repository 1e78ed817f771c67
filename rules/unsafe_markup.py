"""The body holds markup that runs code or embeds another site.

## What it does
Reports, as errors:

- elements that run code or pull in other documents: `<script>`, `<iframe>`,
  `<frame>`, `<frameset>`, `<object>`, `<embed>`, `<applet>`, `<base>`, and
  `<meta http-equiv="refresh">`;
- event-handler attributes (`onclick`, `onerror`, `onload`, any `on…`);
- URLs with the `javascript:`, `vbscript:` or `data:text/html` scheme in `href`,
  `src`, `action`, `formaction`, `xlink:href` or a Markdown link;
- a `srcdoc` attribute (a whole document inline), and a `style` attribute with a
  script URL or an old IE `expression(...)`.

Comparison ignores case, and the whitespace and control characters browsers skip in a
URL scheme (`java script:` with a tab still runs).

Posts only by default: pages are the site's own code (a `404.md` that redirects with a
script is deliberate); set the option `include-pages = true` to check them too.

## Why is this bad?
The posts are scraped from other sites and published on a static news site: scraped
markup that runs code is a cross-site scripting hole on every page it lands on, and
nothing in a news article needs it.

## Example
```html
<p onclick="track()">正文<a href="javascript:void(0)">行情</a></p>
<script src="http://ads.example.com/a.js"></script>
```

## Use instead
```html
<p>正文<a href="http://quote.example.com/1.600160">行情</a></p>
```

## Fix safety
Not fixable: removing a script can remove content a post relies on; review it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import Field, RuleOptions

CODE = "HT004"
NAME = "unsafe-markup"
TARGET = "body"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = None


class Options(RuleOptions):
    include_pages: bool = Field(default=False, alias="include-pages")


UNSAFE_ELEMENTS = frozenset(
    ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"]
)
URL_ATTRIBUTES = frozenset(
    ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"]
)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")
_UNSAFE_STYLE = re.compile(r"expression\(|(?:java|vb)script:", re.IGNORECASE)


def is_unsafe_url(url: str) -> bool:
    squeezed = _IGNORED_IN_SCHEME.sub("", url).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))


def check(doc: Document, options: Options) -> Iterator[Problem]:
    if not doc.is_post and not options.include_pages:
        return
    for tag in doc.body.tags:
        if tag.is_end:
            continue
        if tag.name in UNSAFE_ELEMENTS:
            yield Problem(
                tag.start,
                tag.end,
                f"<{tag.name}> must not appear in a post: it runs code or embeds another page",
            )
        elif tag.name == "meta" and (tag.attribute("http-equiv") or "").lower() == "refresh":
            yield Problem(
                tag.start,
                tag.end,
                '<meta http-equiv="refresh"> redirects the reader away from the post',
            )
        for attribute in tag.attributes:
            if attribute.name.startswith("on") and len(attribute.name) > 2:
                yield Problem(
                    attribute.start,
                    attribute.end,
                    f"event handler `{attribute.name}` runs code in the page",
                )
            elif (
                attribute.name in URL_ATTRIBUTES
                and attribute.value
                and is_unsafe_url(attribute.value)
            ):
                yield Problem(
                    attribute.start, attribute.end, f"`{attribute.name}` holds a script URL"
                )
            elif attribute.name == "srcdoc":
                yield Problem(attribute.start, attribute.end, "`srcdoc` embeds a whole document")
            elif attribute.name == "style" and _UNSAFE_STYLE.search(
                _IGNORED_IN_SCHEME.sub("", attribute.value or "")
            ):
                yield Problem(attribute.start, attribute.end, "`style` runs a script")
    for link in doc.body.markdown_links:
        if is_unsafe_url(link.target):
            yield Problem(link.target_start, link.target_end, "Markdown link to a script URL")
