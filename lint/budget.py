"""A time budget per file: a rule that runs away on hostile input is stopped, not waited on.

The budget is a real-time interval timer whose SIGALRM handler raises :class:`FileTimeout`.
A run over many files installs the handler once (:func:`alarm_handler`, inherited by the
workers it forks) so that each file only arms and disarms the timer: installing and
restoring the handler for every post cost ~7 us of ~550.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class FileTimeout(Exception):
    """Raised inside a rule when the file's time budget is spent."""


def _on_alarm(signum: int, frame: object) -> None:
    raise FileTimeout


#: How many :func:`alarm_handler` blocks hold the handler in this process (forked workers
#: inherit the count with the handler). Asking ``signal.getsignal`` costs ~3.5 us.
_held = 0


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm_handler() -> Iterator[None]:
    """Keep the budget's handler installed while many files are linted; restore the old one."""
    global _held
    if not _usable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        signal.signal(signal.SIGALRM, previous)


class _Budget:
    """The budget of one file: a class, not a generator (entered for every post)."""

    __slots__ = ("_armed", "_previous", "_seconds")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._armed = False
        self._previous: Any = None

    def __enter__(self) -> None:
        if not (self._seconds > 0 and _usable()):
            return
        if not _held:
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self._seconds)
        self._armed = True

    def __exit__(self, *exc: object) -> None:
        if not self._armed:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        if not _held:
            signal.signal(signal.SIGALRM, self._previous)


def time_budget(seconds: float) -> _Budget:
    """Raise FileTimeout in this thread after ``seconds`` (no-op off the main thread)."""
    return _Budget(seconds)


#: How an INT001 finding says the file's time budget stopped its lint (:func:`cut_short`).
STOPPED_BY_BUDGET = " s budget for one file and was stopped"


def cut_short(found: list[Any]) -> bool:
    """Whether the time budget stopped the lint that found ``found``: its findings are not
    all there."""
    return any(d.code == "INT001" and STOPPED_BY_BUDGET in d.message for d in found)
