"""A file is not text in the site's encoding, or holds NUL bytes.

## What it does
Decodes each file with the `encoding:` of `_config.yml` (UTF-8 by default, a
UTF-8 byte order mark allowed) and reports the line and column of the first byte that
is not valid, or of the first NUL byte.

## Why is this bad?
Jekyll stops with "invalid byte sequence in UTF-8" on such a post, and a scraper
that saved a GBK page as UTF-8 has garbled it.

## Example
A post saved as GBK in a UTF-8 site.

## Use instead
Save it as UTF-8, or set `encoding: gbk` for a site that really is GBK.

## Fix safety
Not fixable: guessing an encoding can garble text.
"""

from __future__ import annotations

from collections.abc import Iterator

from finews_lint.diagnostic import Problem
from finews_lint.rule import NoOptions

CODE = "IO002"
NAME = "undecodable-file"
TARGET = "engine"
SCOPE = "any"
SEVERITY = "error"
FIXABLE = None
Options = NoOptions


def check(doc: object, options: NoOptions) -> Iterator[Problem]:
    """Emitted by the engine when it decodes files."""
    return iter(())
