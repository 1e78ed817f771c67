"""``cached_property`` without a lock: the body and document models compute a dozen
properties once each for every post; and :class:`OneCopy`, one object for equal values.

Python 3.11's :func:`functools.cached_property` takes a lock on every first access (about
5 us, ~45 us a post); these objects are never shared between threads. Like the standard
one, the value is stored in the instance's ``__dict__``, which then answers every later
access without calling the descriptor.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
H = TypeVar("H", bound=Hashable)


class cached_property(Generic[T]):  # named after the functools original
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


class OneCopy(Generic[H]):
    """The first object seen of each value, for values many records repeat (the categories
    of a site's posts, the facts their lint read): one object held, not one per record.
    Keeps at most ``limit`` distinct values, so values that do not repeat cost no more than
    a bounded table."""

    def __init__(self, limit: int) -> None:
        self._kept: dict[H, H] = {}
        self._limit = limit

    def __call__(self, value: H) -> H:
        kept = self._kept.get(value)
        if kept is not None:
            return kept
        if len(self._kept) < self._limit:
            self._kept[value] = value
        return value
