"""A stored catalogue of the built-in rules, so a run served by the cache imports no rule.

Which rules are active, which read other posts and which run once per site is known
from a few constants of each rule module; importing the 39 modules (and the body, link
and attribution models they use) costs a one-file run 30-50 ms. The catalogue keeps those
constants in the cache folder, keyed by the identity of the tool's code
(:mod:`finews_lint.codestamp`), so any change to the code makes a new one. A rule's
module is imported when the run needs its ``check``, options or documentation.
"""

from __future__ import annotations

import importlib
import marshal
from pathlib import Path
from typing import Any

from .codestamp import code_identity
from .diagnostic import Severity
from .digest import blake2b

FORMAT = 1
#: What the catalogue keeps of each rule, besides the name of its module.
FIELDS = (
    "code",
    "name",
    "target",
    "scope",
    "fixable",
    "origin",
    "reads_posts",
    "reports_on",
    "focused",
)


class CataloguedRule:
    """A built-in rule known from the catalogue; its module is imported on first real use."""

    def __init__(self, module_name: str, severity: str, values: tuple[Any, ...]) -> None:
        self.module_name = module_name
        self.severity = Severity(severity)
        for name, value in zip(FIELDS, values, strict=True):
            setattr(self, name, value)
        self._loaded: Any = None

    def __getattr__(self, name: str) -> Any:  # check, options_model, doc, summary
        if name.startswith("__") or name == "_loaded":
            raise AttributeError(name)
        if self._loaded is None:
            from .rule import Rule

            self._loaded = Rule.from_module(importlib.import_module(self.module_name))
        return getattr(self._loaded, name)


def _source_key() -> str:
    """The catalogue's format and the identity of the tool's code."""
    hasher = blake2b(digest_size=12)
    hasher.update(f"{FORMAT}|{code_identity()}".encode())
    return hasher.hexdigest()


def _path(folder: Path) -> Path:
    return folder / f"rules-{_source_key()}.marshal"


def load(folder: Path) -> list[CataloguedRule] | None:
    """The built-in rules from the catalogue in ``folder``; None when none matches the code."""
    path = _path(folder)
    try:
        from . import cachedir

        rows = marshal.loads(cachedir.read(path) or b"")
        return [CataloguedRule(module, severity, tuple(row)) for module, severity, row in rows]
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(folder: Path, rules: list[Any], modules: list[str]) -> None:
    """Write the catalogue into an existing cache folder (checks create it); errors are ignored."""
    if not folder.is_dir():
        return
    path = _path(folder)
    rows = [
        (module, rule.severity.value, tuple(getattr(rule, name) for name in FIELDS))
        for module, rule in zip(modules, rules, strict=True)
    ]
    try:
        from . import cachedir

        cachedir.write(folder, path.name, marshal.dumps(rows))
        for stale in folder.glob("rules-*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, ValueError):
        return


def remember(folder: Path) -> None:
    """After a run that created the cache folder: store the catalogue if there is none yet."""
    path = _path(folder)
    if path is None or path.exists() or not folder.is_dir():
        return
    from finews_lint.rules import BUILTIN_RULES

    from .rule import Rule

    store(folder, [Rule.from_module(m) for m in BUILTIN_RULES], [m.__name__ for m in BUILTIN_RULES])
