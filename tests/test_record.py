"""``@record`` behaves as ``@dataclass`` does for what the linter's records use."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError as DataclassFrozen

import pytest
from finews_lint.diagnostic import Diagnostic, Edit, Fix, Problem, Severity
from finews_lint.record import FrozenInstanceError, asdict, field, record, replace


@record(slots=True)
class Row:
    name: str
    items: list[str] = field(default_factory=list)
    count: int = 0
    note: str = field(default="", compare=False, repr=False)


@record(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0


def test_constructor_defaults_and_factories() -> None:
    first, second = Row("a"), Row("b", count=2)
    first.items.append("x")
    assert second.items == [] and second.count == 2 and first.note == ""
    with pytest.raises(TypeError):
        Row()  # type: ignore[call-arg]


def test_equality_repr_and_hashing() -> None:
    assert Row("a", ["x"], 1, note="one") == Row("a", ["x"], 1, note="other")  # note: not compared
    assert Row("a") != Row("b") and Row("a") != ("a", [], 0)
    assert repr(Row("a", ["x"])) == "Row(name='a', items=['x'], count=0)"
    assert Row.__hash__ is None  # mutable and compared by value, as with dataclasses
    assert hash(Point(1, 2)) == hash(Point(1, 2)) and len({Point(1, 2), Point(1, 2)}) == 1


def test_frozen_records_refuse_assignment() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.y  # type: ignore[misc]
    assert not issubclass(FrozenInstanceError, DataclassFrozen)  # only an AttributeError
    with pytest.raises(AttributeError):
        point.other = 1  # type: ignore[attr-defined]  # slots: no other attribute


def test_replace_asdict_pickle_and_copy() -> None:
    point = Point(1, 2)
    assert replace(point, y=5) == Point(1, 5) and point == Point(1, 2)
    with pytest.raises(TypeError):
        replace(point, z=1)
    assert asdict(Row("a", ["x"])) == {"name": "a", "items": ["x"], "count": 0, "note": ""}
    fix = Fix((Edit(0, 1, "x"),), description="d")
    found = Diagnostic("a.md", 1, 2, 1, 3, "HT001", "n", Severity.ERROR, "m", fix=fix, start=4)
    for value in (point, fix, Problem(0, 1, "m", fix), found):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value
    assert pickle.loads(pickle.dumps(found)).start == 4  # fields left out of equality too
