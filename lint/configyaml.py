"""``_config.yml`` as YAML reads it, remembered in the cache folder so most runs skip PyYAML.

Every run reads the site's ``_config.yml``, and parsing it needs PyYAML, whose import
costs a one-file run ~15 ms, though the file rarely changes. The last parse is kept in
the default cache folder of the working folder, with the text it was parsed from, and
used again while the text is the same. The cache folder is never created for it, and
values marshal cannot keep (dates) are not remembered.
"""

from __future__ import annotations

import marshal
import os
from contextlib import suppress
from typing import Any

from .statall import DEFAULT_CACHE_FOLDER

NAME = "config-yaml"
_LOAD_ERRORS = (OSError, ValueError, EOFError, TypeError)


def load(text: str) -> Any:
    """``yaml.safe_load(text)``; raises what it raises."""
    kept = os.path.join(DEFAULT_CACHE_FOLDER, NAME)
    try:
        from . import cachedir

        kept_text, data = marshal.loads(cachedir.read(kept) or b"")
        if kept_text == text:
            return data
    except _LOAD_ERRORS:
        pass
    import yaml

    if "*" in text:  # aliases: refused when they expand to more than a post may hold
        from .frontmatter import MAX_EXPANDED_NODES, expands_beyond_limit

        if expands_beyond_limit(yaml.compose(text, Loader=yaml.SafeLoader)):
            raise yaml.YAMLError(
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES} values; refusing to load it"
            )
    data = yaml.safe_load(text)
    try:
        blob = marshal.dumps((text, data))
    except ValueError:  # a value marshal cannot keep
        return data
    if os.path.isdir(DEFAULT_CACHE_FOLDER):
        from . import cachedir

        with suppress(OSError):  # not remembered: parsed again next time
            cachedir.write(DEFAULT_CACHE_FOLDER, NAME, blob)
    return data
