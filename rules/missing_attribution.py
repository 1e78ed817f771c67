"""The article names no source.

## What it does
Looks for the outlet the article came from, in the forms the generators write:
(a) an element with the class `em_media` (option `attribution-class`), as in
`<p class="em_media">（文章来源：大众日报）</p>`, read through inline markup, so
`（文章来源：上海<span><a>证券</a></span>报）` names 上海证券报; (b) `文章来源：X`,
`本文来源：X`, `稿件来源：X` or `来源：X` in the text (option `prefixes`, written with
or without the colon: either colon matches, with spaces around it), but not
image or video credits such as `图片来源：` (option `credit-prefixes`), which name no
source in any of these forms; (c) a
parenthesised outlet closing the last text paragraph, as in `…增长8.4%。（央视新闻）`.
Only the very last group counts, and only when it has 2 to 16 characters, is not only
digits and is not a byline or marker (option `not-outlets`, regular expressions:
`完`, `记者…`, `编辑…`, `责任编辑…`, `参与采写…`). Reported at the end of the body.

## Why is this bad?
A news aggregator republishes other outlets' articles; a post that does not say whose
article it is misleads readers and breaks the outlets' terms of reuse.

## Example
```markdown
北向资金净流入超40亿元。(完)

<http://finance.example.com/news/1.html>
```

## Use instead
```markdown
北向资金净流入超40亿元。(完)
<p class="em_media">（文章来源：证券时报）</p>

<http://finance.example.com/news/1.html>
```

## Fix safety
Unsafe: when the outlet can be derived, from the post's `tags` minus a trailing `新闻`
(unless the tag names an aggregator, option `aggregator-tags`) or from the host of the
source link (option `source-hosts`, a map of hosts to outlet names), inserts
`<p class="em_media">（文章来源：X）</p>` before the source link (without one: before the
return links, else at the end of the body). Unsafe because the
derived outlet may be wrong: a person should confirm it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from finews_lint import attribution, footer
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.jekyllfields import as_list
from finews_lint.rule import Field, RuleOptions

CODE = "SRC001"
NAME = "missing-attribution"
TARGET = "body"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "unsafe"


class Options(RuleOptions):
    attribution_class: str = Field(default=attribution.DEFAULT_CLASS, alias="attribution-class")
    prefixes: tuple[str, ...] = attribution.DEFAULT_PREFIXES
    credit_prefixes: tuple[str, ...] = Field(
        default=attribution.DEFAULT_CREDIT_PREFIXES, alias="credit-prefixes"
    )
    not_outlets: tuple[str, ...] = Field(
        default=attribution.DEFAULT_NOT_OUTLETS, alias="not-outlets"
    )
    aggregator_tags: tuple[str, ...] = Field(default=("东财滚动新闻",), alias="aggregator-tags")
    source_hosts: dict[str, str] = Field(default_factory=dict, alias="source-hosts")


def find(doc: Document, options: Options) -> attribution.Attribution | None:
    return attribution.find(
        doc.body,
        footer.find(doc.body),
        css_class=options.attribution_class,
        prefixes=options.prefixes,
        credits=options.credit_prefixes,
        not_outlets=options.not_outlets,
    )


def derived_outlet(doc: Document, options: Options) -> str | None:
    for tag in as_list(doc.data.get("tags")):
        name = "".join(tag.split())  # `大众日报 新闻`: the words FM011 joins
        if name and name not in options.aggregator_tags:
            return name.removesuffix("新闻") or name
    source = footer.find(doc.body).source
    if source is not None and source.target:
        host = (urlsplit(source.target).hostname or "").lower()
        for known, outlet in options.source_hosts.items():
            if host == known.lower() or host.endswith("." + known.lower()):
                return outlet
    return None


def _footer_line(doc: Document) -> int | None:
    """Where the line of the return links starts, when they stand on lines of their own
    (the attribution goes before them: the article, its source, then the footer)."""
    links = footer.find(doc.body).return_links
    if not links:
        return None
    first = min(link.start for link in links)
    text = doc.body.text
    line_start = text.rfind("\n", 0, first) + 1
    if line_start <= doc.body.start or text[line_start:first].strip():
        return None
    return line_start


def check(doc: Document, options: Options) -> Iterator[Problem]:
    if find(doc, options) is not None:
        return
    outlet = derived_outlet(doc, options)
    empty = attribution.empty_attribution(doc.body, options.prefixes)
    if empty is not None:
        start, end, after_colon = empty
        yield Problem(
            start,
            end,
            f"the attribution {doc.text[start:end]} names no source",
            None
            if not outlet
            else Fix.replace(
                after_colon,
                after_colon,
                outlet,
                safe=False,
                description=f"name {outlet} as the source",
                changes_visible_text=True,
            ),
        )
        return
    end = footer.content_end(doc.body)
    fix = None
    if outlet:
        source = footer.find(doc.body).source
        element = f'<p class="{options.attribution_class}">（文章来源：{outlet}）</p>'
        if source is not None:
            fix = Fix.replace(
                source.start,
                source.start,
                element + "\n\n",
                safe=False,
                description=f"name {outlet} as the source",
                changes_visible_text=True,
            )
        else:
            at = _footer_line(doc)
            fix = Fix.replace(
                end if at is None else at,
                end if at is None else at,
                "\n\n" + element if at is None else element + "\n\n",
                safe=False,
                description=f"name {outlet} as the source",
                changes_visible_text=True,
            )
    yield Problem(
        end,
        end,
        "the article names no source (no `文章来源：…`, no em_media element, "
        "no outlet in parentheses closing the last paragraph)",
        fix,
    )
