"""A Liquid tag Jekyll cannot render: one such tag stops the whole site's build.

## What it does
Reads the Liquid tags of a post or page as Jekyll renders them, before Markdown (so in
code blocks and HTML comments too), and reports:
- a tag Liquid and Jekyll do not know (`{% foo %}`; tags of the site's known `plugins`,
  such as jekyll-seo-tag's `seo`, count as known, and the check is skipped when the site
  uses a plugin whose tags it cannot know);
- a block tag never closed (`{% if %}` without `{% endif %}`, `{% raw %}` without
  `{% endraw %}`), an end tag that closes no open block or another kind of block, and
  `{% else %}`, `{% elsif %}` or `{% when %}` outside the blocks that take them;
- a `{%` never closed by `%}`, and a `{{` whose first `}` after it is not `}}` (`{{ 价格`,
  `{{ a }`): Liquid reads an output from `{{` to the first `}`;
- `{% include name %}` of a file `_includes/` does not hold (only when the site has no
  theme, whose includes cannot be seen here).

Text inside `{% raw %}` and `{% comment %}` is not read.

## Why is this bad?
Jekyll stops with a Liquid syntax error, and no page of the site is published, not just
this one. Generated posts meet it when the article quotes template code or text such as
`{%` from the source site.

## Example
```markdown
公式写作 {% 增长率 %} 的说明。
```

## Use instead
```markdown
公式写作 {% raw %}{% 增长率 %}{% endraw %} 的说明。
```

## Fix safety
Not fixable: whether the text is meant as Liquid or as text is for the author to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "HT012"
NAME = "liquid-syntax"
TARGET = "body"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions

#: Block tags and the tags allowed directly inside them besides their end tag.
BLOCKS = {
    "if": {"elsif", "else"},
    "unless": {"elsif", "else"},
    "case": {"when", "else"},
    "for": {"else", "break", "continue"},
    "tablerow": set(),
    "capture": set(),
    "ifchanged": set(),
    "highlight": set(),  # Jekyll
}
#: Tags read raw to their end tag.
RAW_BLOCKS = ("raw", "comment")
#: Tags that take no end tag: Liquid's and Jekyll's own.
INLINE = frozenset(
    {
        "assign",
        "increment",
        "decrement",
        "cycle",
        "include",
        "render",
        "echo",
        "liquid",
        "break",
        "continue",
        # Jekyll
        "include_relative",
        "link",
        "post_url",
    }
)
#: The tags of plugins Jekyll sites commonly list; a plugin not here may add any tag.
PLUGIN_TAGS = {
    "jekyll-seo-tag": {"seo"},
    "jekyll-feed": {"feed_meta"},
    "jekyll-sitemap": set(),
    "jekyll-github-metadata": set(),
    "jekyll-paginate": set(),
    "jekyll-redirect-from": set(),
    "jekyll-mentions": set(),
    "jemoji": set(),
    "jekyll-relative-links": set(),
    "jekyll-optional-front-matter": set(),
    "jekyll-default-layout": set(),
    "jekyll-titles-from-headings": set(),
    "jekyll-readme-index": set(),
    "jekyll-remote-theme": set(),
    "jekyll-gist": {"gist"},
    "jekyll-avatar": {"avatar"},
    "jekyll-include-cache": {"include_cached"},
}
_TAG = re.compile(r"\{%-?\s*(?P<name>[^\s%}-]*)(?P<rest>.*?)-?%\}", re.DOTALL)
_OPEN = re.compile(r"\{[%{]")
_OUTPUT = re.compile(r"\{\{.*?\}\}?", re.DOTALL)  # as Liquid cuts its template in tokens
_RAW_ENDS = {name: re.compile(rf"\{{%-?\s*end{name}\s*-?%\}}") for name in RAW_BLOCKS}
_LITERAL_INCLUDE = re.compile(r"\s*([\w./-]+\.\w+)\s*(?:$|\s)")


def _plugin_tags(doc: Document) -> set[str] | None:
    """The tags the site's plugins add; None when a plugin may add tags not known here."""
    plugins = doc.site.config.raw.get("plugins") or doc.site.config.raw.get("gems") or []
    if isinstance(plugins, str):
        plugins = [plugins]
    if not isinstance(plugins, list):
        return None
    tags: set[str] = set()
    for plugin in plugins:
        known = PLUGIN_TAGS.get(str(plugin))
        if known is None:
            return None
        tags |= known
    return tags


def _stops(start: int, end: int, what: str) -> Problem:
    return Problem(start, end, f"{what}: Jekyll stops the whole site's build on it")


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    text = doc.text
    start = doc.body_start
    if text.find("{%", start) < 0 and text.find("{{", start) < 0:
        return
    plugin_tags = _plugin_tags(doc)
    raw = doc.site.config.raw
    includes_visible = not raw.get("theme") and not raw.get("remote_theme")
    open_blocks: list[tuple[str, int, int]] = []  # (name, start, end)
    position = start
    while True:
        found = _OPEN.search(text, position)
        if found is None:
            break
        if found.group() == "{{":
            output = _OUTPUT.match(text, found.start())
            if output is None or not output.group().endswith("}}"):
                yield _stops(found.start(), found.end(), "`{{` is never closed by `}}`")
                return
            position = output.end()
            continue
        tag = _TAG.match(text, found.start())
        if tag is None:
            yield _stops(found.start(), found.end(), "`{%` is never closed by `%}`")
            return
        name, rest = tag.group("name"), tag.group("rest")
        position = tag.end()
        if name in RAW_BLOCKS:
            closing = _RAW_ENDS[name].search(text, position)
            if closing is None:
                yield _stops(tag.start(), tag.end(), f"`{{% {name} %}}` is never closed")
                return
            position = closing.end()
        elif name in BLOCKS:
            open_blocks.append((name, tag.start(), tag.end()))
        elif name.startswith("end") and name[3:] in BLOCKS:
            if not open_blocks:
                yield _stops(tag.start(), tag.end(), f"`{{% {name} %}}` closes no open block")
            elif open_blocks[-1][0] != name[3:]:
                opened = open_blocks.pop()
                yield _stops(
                    tag.start(),
                    tag.end(),
                    f"`{{% {name} %}}` closes the `{{% {opened[0]} %}}` opened before it",
                )
            else:
                open_blocks.pop()
        elif name in ("else", "elsif", "when"):
            inner = open_blocks[-1][0] if open_blocks else None
            if inner is None or name not in BLOCKS[inner]:
                yield _stops(tag.start(), tag.end(), f"`{{% {name} %}}` outside a block taking it")
        elif name in ("include",) and includes_visible:
            literal = _LITERAL_INCLUDE.match(rest)
            if literal and not (doc.site.root / "_includes" / literal.group(1)).is_file():
                yield _stops(
                    tag.start(),
                    tag.end(),
                    f"`{{% include {literal.group(1)} %}}`: _includes/ holds no such file",
                )
        elif name not in INLINE and plugin_tags is not None and name not in plugin_tags:
            yield _stops(
                tag.start(),
                tag.end(),
                f"`{{% {name} %}}` is no Liquid or Jekyll tag",
            )
    for name, opened_at, opened_end in open_blocks:
        yield _stops(
            opened_at, opened_end, f"`{{% {name} %}}` is never closed by `{{% end{name} %}}`"
        )
