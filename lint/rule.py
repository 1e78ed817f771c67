"""The shape of a rule, and the registry that holds the rules of a run.

A rule is a module (or any object) with these attributes:

- ``CODE`` (``"HT001"``) and ``NAME`` (``"unbalanced-tags"``);
- ``TARGET``: the part of a file it reads, one of ``front-matter``, ``body``, ``links``,
  ``text`` or ``site``;
- ``SCOPE``: ``"post"`` for post-only rules, ``"any"`` for posts and pages;
- ``SEVERITY``: the default severity (``"error"`` or ``"warning"``);
- ``FIXABLE``: ``"safe"``, ``"unsafe"`` or ``None``;
- ``Options``: a :class:`RuleOptions` subclass declaring its options (validated by
  pydantic with ``extra="forbid"`` when a configuration sets them);
- ``check(document, options)``: yields :class:`~finews_lint.diagnostic.Problem`;
- ``REPORTS_ON`` (optional, site rules): ``"pages"`` when the rule only reports on pages,
  so a run over posts alone skips it;
- ``FOCUSED`` (optional, site rules, default False): True when ``check`` accepts
  ``only=`` (the site-relative paths the run reports on) and then need not check the
  rest of the site, so a one-file run of a large site stays fast;
- ``READS_POSTS`` (optional, default False): True when the rule reads other posts of the
  site, so cached results are dropped whenever any post changes;
- its docstring: the documentation ``finews-lint explain`` prints, with the sections
  *What it does*, *Why is this bad?*, *Example*, *Use instead* and *Fix safety*.

Rules never open files, print or decide exit codes.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from .diagnostic import Severity
from .record import record

CODE_PATTERN = re.compile(r"^[A-Z]{2,5}\d{3}$")
ENTRY_POINT_GROUP = "finews_lint.rules"


_MISSING: Any = object()


class OptionField:
    """One declared option: its default, its TOML alias and pydantic constraints (``gt=0``)."""

    __slots__ = ("alias", "constraints", "default", "default_factory")

    def __init__(
        self,
        default: Any,
        default_factory: Callable[[], Any] | None,
        alias: str | None,
        constraints: dict[str, Any],
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.alias = alias
        self.constraints = constraints

    def initial(self) -> Any:
        if self.default_factory is not None:
            return self.default_factory()
        return None if self.default is _MISSING else self.default

    def pydantic_field(self) -> Any:
        from pydantic import Field as PydanticField

        if self.default_factory is not None:
            return PydanticField(
                default_factory=self.default_factory, alias=self.alias, **self.constraints
            )
        if self.default is _MISSING:  # a required option
            return PydanticField(alias=self.alias, **self.constraints)
        return PydanticField(default=self.default, alias=self.alias, **self.constraints)


def Field(
    default: Any = _MISSING,
    *,
    default_factory: Callable[[], Any] | None = None,
    alias: str | None = None,
    **constraints: Any,
) -> Any:
    """Declare an option like pydantic's ``Field``, without importing pydantic."""
    return OptionField(default, default_factory, alias, constraints)


class RuleOptions:
    """Base for a rule's options: unknown keys are an error, names use dashes.

    Declared like a pydantic model (annotated class attributes, :func:`Field` for aliases
    and constraints). Defaults need no pydantic: most runs use every rule's defaults, and
    importing pydantic costs a one-file run about 150 ms. The first time a configuration
    sets a rule's options, a pydantic model with the same fields validates them, so the
    messages are pydantic's.
    """

    option_fields: ClassVar[dict[str, OptionField]] = {}
    _validator: ClassVar[Any] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = dict(cls.option_fields)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            if name.startswith("_") or "ClassVar" in str(annotation):
                continue
            value = cls.__dict__.get(name, _MISSING)
            if not isinstance(value, OptionField):
                value = OptionField(value, None, None, {})
            fields[name] = value
        cls.option_fields = fields
        cls._validator = None

    def __init__(self, **values: Any) -> None:
        for name, option in self.option_fields.items():
            object.__setattr__(self, name, values[name] if name in values else option.initial())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash(tuple(repr(value) for value in vars(self).values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    @classmethod
    def model_construct(cls) -> RuleOptions:
        """The defaults: nothing to validate."""
        return cls()

    @classmethod
    def pydantic_model(cls) -> Any:
        """A pydantic model with the same fields (built once, on first use)."""
        if cls.__dict__.get("_validator") is None:
            import typing

            from pydantic import ConfigDict, create_model

            hints = typing.get_type_hints(cls)
            fields = {
                name: (hints[name], option.pydantic_field())
                for name, option in cls.option_fields.items()
            }
            config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
            cls._validator = create_model(  # type: ignore[call-overload]
                cls.__name__, __config__=config, **fields
            )
        return cls._validator

    @classmethod
    def model_validate(cls, values: Any) -> RuleOptions:
        """Validate ``values`` (raises pydantic's ValidationError) into an instance of ``cls``."""
        validated = cls.pydantic_model().model_validate(values)
        return cls(**{name: getattr(validated, name) for name in cls.option_fields})


class NoOptions(RuleOptions):
    pass


class RegistryError(ValueError):
    """Two rules claim one code, or a rule is malformed."""


@record(frozen=True)
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
    focused: bool = False  # site rules: check(site, options, only=relpaths) is supported

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
            doc=_cleandoc(module.__doc__ or ""),
            origin=origin or getattr(module, "__name__", repr(module)),
            reads_posts=bool(getattr(module, "READS_POSTS", False))
            or getattr(module, "TARGET", "") == "site",
            reports_on=str(getattr(module, "REPORTS_ON", "any")),
            focused=bool(getattr(module, "FOCUSED", False)),
        )


def _cleandoc(doc: str) -> str:
    """``inspect.cleandoc`` without importing ``inspect`` (~8 ms of a one-file run) for the
    usual module docstring: no tabs, and a line after the first that is not indented, so
    there is no margin to remove, only the first line's indent and blank lines at the ends."""
    lines = doc.split("\n")
    if "\t" in doc or not any(line and not line[0].isspace() for line in lines[1:]):
        import inspect

        return inspect.cleandoc(doc)
    lines[0] = lines[0].lstrip()
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


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

    def code_of_name(self, name: str) -> str | None:
        """The code of the rule named ``name`` (``unbalanced-tags`` -> ``HT001``), any case."""
        rule = self.by_name(name.lower())
        return rule.code if rule is not None else None

    def codes(self) -> list[str]:
        return sorted(self._rules)


def _may_declare_plugins() -> bool:
    """Whether an installed distribution names the entry-point group at all.

    Reading the few ``entry_points.txt`` files is cheap; importing importlib.metadata
    and asking it costs a one-file run 15-30 ms when (as usual) there is no plugin.
    """
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except NotADirectoryError:  # a zip archive: let importlib.metadata look inside
            return True
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder or ".", name, "entry_points.txt"), "rb") as handle:
                    if ENTRY_POINT_GROUP.encode() in handle.read():
                        return True
            except OSError:
                continue
    return False


def load_plugins(registry: Registry) -> None:
    """Add third-party rules from the ``finews_lint.rules`` entry-point group."""
    if not _may_declare_plugins():
        return
    from importlib.metadata import entry_points

    for point in entry_points(group=ENTRY_POINT_GROUP):
        loaded = point.load()
        modules = loaded if isinstance(loaded, list | tuple) else [loaded]
        for module in modules:
            registry.add(Rule.from_module(module, origin=f"plugin {point.name} ({point.value})"))


def default_registry(*, plugins: bool = True, catalogue: Path | None = None) -> Registry:
    """The built-in rules (and installed plugins).

    With ``catalogue`` (the cache folder), the built-in rules come from the stored
    catalogue when the code did not change, and their modules are imported on first use.
    """
    registry = Registry()
    builtins: list[Any] | None = None
    if catalogue is not None:
        from .catalog import load

        builtins = load(catalogue)
    if builtins is None:
        from finews_lint.rules import BUILTIN_RULES

        builtins = [Rule.from_module(module) for module in BUILTIN_RULES]
        if catalogue is not None:
            from .catalog import store

            store(catalogue, builtins, [module.__name__ for module in BUILTIN_RULES])
    for rule in builtins:
        registry.add(rule)  # type: ignore[arg-type]
    if plugins:
        load_plugins(registry)
    return registry
