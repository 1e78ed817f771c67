"""The shape of a rule, and the registry that holds the rules of a run.

A rule is a module (or any object) with these attributes:

- ``CODE`` (``"HT001"``) and ``NAME`` (``"unbalanced-tags"``);
- ``TARGET``: the part of a file it reads, one of ``front-matter``, ``body``, ``links``,
  ``text`` or ``site``;
- ``SCOPE``: ``"post"`` for post-only rules, ``"any"`` for posts and pages;
- ``SEVERITY``: the default severity (``"error"`` or ``"warning"``);
- ``FIXABLE``: ``"safe"``, ``"unsafe"`` or ``None``;
- ``Options``: a pydantic model of its options (``extra="forbid"``);
- ``check(document, options)``: yields :class:`~finews_lint.diagnostic.Problem`;
- ``REPORTS_ON`` (optional, site rules): ``"pages"`` when the rule only reports on pages,
  so a run over posts alone skips it;
- ``READS_POSTS`` (optional, default False): True when the rule reads other posts of the
  site, so cached results are dropped whenever any post changes;
- its docstring: the documentation ``finews-lint explain`` prints, with the sections
  *What it does*, *Why is this bad?*, *Example*, *Use instead* and *Fix safety*.

Rules never open files, print or decide exit codes.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from pydantic import BaseModel, ConfigDict

from .diagnostic import Problem, Severity

CODE_PATTERN = re.compile(r"^[A-Z]{2,5}\d{3}$")
ENTRY_POINT_GROUP = "finews_lint.rules"


class RuleOptions(BaseModel):
    """Base for a rule's options: unknown keys are an error, names use dashes."""

    # defer_build: a model's validator is built the first time a config sets its options,
    # not when the rule module is imported (most runs use every rule's defaults).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)


class NoOptions(RuleOptions):
    pass


class RegistryError(ValueError):
    """Two rules claim one code, or a rule is malformed."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    target: str
    scope: str
    severity: Severity
    fixable: str | None
    options_model: type[RuleOptions]
    check: Callable[[Any, Any], Iterable[Any]]  # Problem, or (relpath, Problem) for site rules
    doc: str
    origin: str
    reads_posts: bool = False  # reads other posts of the site (cache keys then cover every post)
    reports_on: str = "any"  # site rules: "pages" when they only ever report on pages

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @classmethod
    def from_module(cls, module: Any, origin: str = "") -> Rule:
        try:
            code = str(module.CODE)
            name = str(module.NAME)
            check = module.check
        except AttributeError as exc:
            raise RegistryError(f"rule {module!r} lacks {exc.name}") from None
        if not CODE_PATTERN.match(code):
            raise RegistryError(f"rule code {code!r} is not letters and three digits (like HT001)")
        return cls(
            code=code,
            name=name,
            target=str(getattr(module, "TARGET", "body")),
            scope=str(getattr(module, "SCOPE", "any")),
            severity=Severity(getattr(module, "SEVERITY", "warning")),
            fixable=getattr(module, "FIXABLE", None),
            options_model=getattr(module, "Options", NoOptions),
            check=check,
            doc=inspect.cleandoc(module.__doc__ or ""),
            origin=origin or getattr(module, "__name__", repr(module)),
            reads_posts=bool(getattr(module, "READS_POSTS", False)) or getattr(module, "TARGET", "") == "site",
            reports_on=str(getattr(module, "REPORTS_ON", "any")),
        )


class Registry:
    """The rules of a run, by code; a code clash is an error."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> None:
        existing = self._rules.get(rule.code)
        if existing is not None:
            raise RegistryError(
                f"rule code {rule.code} is claimed by both {existing.origin} and {rule.origin}"
            )
        self._rules[rule.code] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, code: str) -> Rule | None:
        return self._rules.get(code.upper())

    def by_name(self, name: str) -> Rule | None:
        return next((r for r in self._rules.values() if r.name == name), None)

    def codes(self) -> list[str]:
        return sorted(self._rules)


def load_plugins(registry: Registry) -> None:
    """Add third-party rules from the ``finews_lint.rules`` entry-point group."""
    for point in entry_points(group=ENTRY_POINT_GROUP):
        loaded = point.load()
        modules = loaded if isinstance(loaded, list | tuple) else [loaded]
        for module in modules:
            registry.add(Rule.from_module(module, origin=f"plugin {point.name} ({point.value})"))


def default_registry(*, plugins: bool = True) -> Registry:
    from finews_lint.rules import BUILTIN_RULES

    registry = Registry()
    for module in BUILTIN_RULES:
        registry.add(Rule.from_module(module))
    if plugins:
        load_plugins(registry)
    return registry
