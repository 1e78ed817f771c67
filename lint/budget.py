"""A time budget per file: a rule that runs away on hostile input is stopped, not waited on."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class FileTimeout(Exception):
    """Raised inside a rule when the file's time budget is spent."""


def _on_alarm(signum: int, frame: object) -> None:
    raise FileTimeout


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this thread after ``seconds`` (no-op off the main thread)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
