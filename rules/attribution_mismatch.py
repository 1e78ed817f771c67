"""The attribution names another outlet than the post's `tags`.

## What it does
Compares the outlet the article names (found as SRC001 finds it) with the post's
`tags`: `tags: 大众日报新闻` and `（文章来源：大众日报）` agree (a trailing `新闻` is
ignored). Tags that name an aggregator rather than an outlet (option `aggregator-tags`,
by default `东财滚动新闻`) are not compared. Reported on the attribution.

## Why is this bad?
The tag files the post under an outlet's news list; an article from another outlet is
then listed, and credited, under the wrong name.

## Example
```markdown
---
tags: 大众日报新闻
---
<p class="em_media">（文章来源：新华社）</p>
```

## Use instead
```markdown
---
tags: 大众日报新闻
---
<p class="em_media">（文章来源：大众日报）</p>
```

## Fix safety
Not fixable: either the tag or the attribution may be the wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import attribution
from finews_lint.diagnostic import Problem
from finews_lint.document import Document
from finews_lint.jekyllfields import as_list
from finews_lint.rules.missing_attribution import Options as AttributionOptions
from finews_lint.rules.missing_attribution import find

CODE = "SRC003"
NAME = "attribution-mismatch"
TARGET = "body"
SCOPE = "post"
SEVERITY = "warning"
FIXABLE = None


class Options(AttributionOptions):
    pass


def check(doc: Document, options: Options) -> Iterator[Problem]:
    tags = [t.strip() for t in as_list(doc.data.get("tags")) if t.strip()]
    outlets = [t for t in tags if t not in options.aggregator_tags]
    if not outlets:
        return
    found = find(doc, options)
    if found is None or any(attribution.same_outlet(found.outlet, tag) for tag in outlets):
        return
    yield Problem(
        found.start,
        found.end,
        f"the article names {found.outlet} as its source, but its tags say {'、'.join(outlets)}",
    )
