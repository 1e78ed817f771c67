"""Record classes (fields, a constructor, equality, hashing, a repr) that are cheap to define.

``@dataclass`` writes and compiles five or six methods for every class it decorates and
imports ``inspect``: ~0.7 ms a class, ~30 ms of a one-file run (whose budget is 250 ms)
for the forty record classes the linter defines. ``@record`` compiles the constructor
alone; equality, hashing, ``repr`` and pickling are shared functions over the class's
field names. It takes the subset of ``dataclass`` this project uses (``frozen``,
``slots``, ``eq``; :func:`field` with ``default``, ``default_factory``, ``compare`` and
``repr``) and means the same by it; type checkers see it as a dataclass (PEP 681).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "<missing>"})()


class Field:
    """What :func:`field` says of one field."""

    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Any, compare: bool, repr: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | Any = _MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """A field with a default, a factory of defaults, or left out of equality or ``repr``."""
    return Field(default, default_factory, compare, repr)


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


@overload
@dataclass_transform(field_specifiers=(field,))  # on the first overload, where mypy reads it
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(
    *, frozen: bool = False, slots: bool = False, eq: bool = True
) -> Callable[[type[T]], type[T]]: ...


def record(
    cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False, eq: bool = True
) -> Any:
    """Make ``cls`` a record class, as ``dataclass`` with the same arguments would."""

    def build(cls: type[T]) -> type[T]:
        return _build(cls, frozen=frozen, slots=slots, eq=eq)

    return build if cls is None else build(cls)


def _fields(cls: type) -> list[tuple[str, Field]]:
    found = []
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect is what we avoid)
    for name, annotation in annotations.items():
        if "ClassVar" in str(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(value, _MISSING, True, True)
        found.append((name, spec))
    return found


def _constructor(cls: type, fields: list[tuple[str, Field]], frozen: bool) -> Any:
    """``__init__``, the one method compiled: a generic one would slow every instance."""
    scope: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    parameters, lines = ["self"], []
    for name, spec in fields:
        if spec.default_factory is not _MISSING:
            scope[f"_factory_{name}"] = spec.default_factory
            parameters.append(f"{name}=_MISSING")
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        elif spec.default is not _MISSING:
            scope[f"_default_{name}"] = spec.default
            parameters.append(f"{name}=_default_{name}")
            value = name
        else:
            parameters.append(name)
            value = name
        lines.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    source = f"def __init__({', '.join(parameters)}):\n    " + ("\n    ".join(lines) or "pass")
    exec(source, scope)  # our own field names, checked to be identifiers
    constructor = scope["__init__"]
    constructor.__qualname__ = f"{cls.__qualname__}.__init__"
    return constructor


def _build(cls: type[T], *, frozen: bool, slots: bool, eq: bool) -> type[T]:
    fields = _fields(cls)
    names = tuple(name for name, _ in fields)
    if not all(name.isidentifier() for name in names):
        raise TypeError(f"{cls.__name__}: field names must be identifiers")
    namespace = dict(cls.__dict__)
    for name, spec in fields:  # class attributes hold plain defaults, as with dataclasses
        namespace.pop(name, None)
        if not slots and spec.default is not _MISSING:
            namespace[name] = spec.default
    compared = attrgetter(*[name for name, spec in fields if spec.compare] or ["__class__"])
    shown = [name for name, spec in fields if spec.repr]

    def one_or_none(self: Any) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in names)

    everything = attrgetter(*names) if len(names) > 1 else one_or_none  # always a tuple

    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({values})"

    namespace["__init__"] = _constructor(cls, fields, frozen)
    namespace.setdefault("__repr__", __repr__)
    if eq:

        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented

        namespace.setdefault("__eq__", __eq__)
        if frozen:
            namespace.setdefault("__hash__", lambda self: hash(compared(self)))
        elif "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            namespace["__hash__"] = None  # mutable and compared by value: not hashable
    if frozen:

        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        namespace["__setattr__"], namespace["__delattr__"] = __setattr__, __delattr__
    if frozen or slots:  # pickled and copied by its fields (slots have no __dict__ to restore)

        def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
            return type(self), everything(self)

        namespace.setdefault("__reduce__", __reduce__)
    namespace["__record_fields__"] = names
    namespace.pop("__dict__", None)  # the old class's descriptors: the new class makes its own
    namespace.pop("__weakref__", None)
    if slots:
        namespace["__slots__"] = names
    metaclass: Any = type(cls)
    made = metaclass(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    return made  # type: ignore[no-any-return]


def field_names(cls: type) -> tuple[str, ...]:
    """The names of a record class's fields, in order."""
    return cls.__record_fields__  # type: ignore[attr-defined, no-any-return]


def replace(obj: T, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` made (``dataclasses.replace``)."""
    values = {name: getattr(obj, name) for name in field_names(type(obj))}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)


def asdict(obj: Any) -> dict[str, Any]:
    """The fields of the record ``obj`` by name (not recursive: this project's records hold
    plain values)."""
    return {name: getattr(obj, name) for name in field_names(type(obj))}
