"""The footer lacks the return links.

## What it does
Looks for the return links that close every post: `[返回<outlet>新闻](<category page>)`
and `[返回首页](<home>)`, on one line joined by `｜` or on two lines. Return links an
editor wrote as `<a href>` elements count too when they make up the body's last line (a
`返回…` link inside the article does not). Reports a post that lacks either, at the end
of its body.

## Why is this bad?
A reader who arrives on a post from a search engine has no way into the rest of the
site: the outlet's news list and the home page are one click away only through these
links.

## Example
```markdown
<http://finance.example.com/news/1.html>
```

## Use instead
```markdown
<http://finance.example.com/news/1.html>

[返回大众日报新闻](//finews.example.com/category/dazhongribao.html)｜[返回首页](//finews.example.com/)
```

## Fix safety
Unsafe (applied with `--unsafe-fixes`): it adds text readers see, so a run of the safe
fixes after a scrape never grows a post. It adds the missing links in the site's canonical
form (protocol-relative on the host of `url`): the category link to the post's category page (the page whose
`category:` is the post's category, else whose permalink holds the category slug), with
the text `返回` and the post's first tag, and the home link to the page published at
`/`. When both are missing they are added on one line joined by `｜`, after a blank
line. Not fixed when the post has no tag or the site no such page.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint import footer, returns
from finews_lint.diagnostic import Fix, Problem
from finews_lint.document import Document
from finews_lint.rule import NoOptions

CODE = "LNK001"
NAME = "missing-return-links"
TARGET = "links"
SCOPE = "post"
SEVERITY = "error"
FIXABLE = "unsafe"
Options = NoOptions


def check(doc: Document, options: NoOptions) -> Iterator[Problem]:
    if doc.front_matter is not None and not doc.front_matter.ok:
        return
    found = footer.find(doc.body)
    if found.category is not None and found.home is not None:
        return
    end = footer.content_end(doc.body)
    category = returns.category_link_markdown(doc)
    home = returns.home_link_markdown(doc)
    fix = None
    if found.category is None and found.home is None:
        message = "the post has no return links (to its category page and to the home page)"
        if category and home:
            fix = Fix.replace(
                end,
                end,
                f"\n\n{category}｜{home}",
                description="add the return links",
                changes_visible_text=True,
                safe=False,
            )
    elif found.category is None:
        message = "the post has no return link to its category page"
        assert found.home is not None
        if category:
            fix = Fix.replace(
                found.home.start,
                found.home.start,
                category + "｜",
                description="add the category return link",
                changes_visible_text=True,
                safe=False,
            )
    else:
        message = "the post has no return link to the home page"
        assert found.category is not None
        if home:
            fix = Fix.replace(
                found.category.end,
                found.category.end,
                "｜" + home,
                description="add the home return link",
                changes_visible_text=True,
                safe=False,
            )
    yield Problem(end, end, message, fix)
