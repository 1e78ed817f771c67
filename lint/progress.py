"""A progress bar on standard error for long runs: files done, rate and time left.

Shown only when a person is watching: standard error is a terminal, no `CI` variable is
set, `--no-progress` was not given, and there are at least `THRESHOLD` files to lint
(a shorter run ends before a bar would help). It is drawn with rich, imported only then,
so short runs and pre-commit hooks do not pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

THRESHOLD = 500


def wanted(stream: TextIO, total: int, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a bar for ``total`` files belongs on ``stream``."""
    environ = os.environ if environ is None else environ
    if total < THRESHOLD or environ.get("CI"):
        return False
    return is_terminal(stream)


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (False for a closed or odd stream)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """Counts files as workers finish them; draws only if :func:`wanted` says so.

    The engine calls :meth:`start` with the number of files it is going to lint,
    :meth:`advance` as results come back, and :meth:`stop` at the end.
    """

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int, description: str = "linting") -> None:
        if not self.enabled or not wanted(self.stream, total):
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        rate = TextColumn("{task.fields[rate]} files/s")
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            rate,
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self._task = self._bar.add_task(description, total=total, rate="-")
        self._bar.start()

    def advance(self, count: int) -> None:
        if self._bar is None:
            return
        self._bar.advance(self._task, count)
        speed = self._bar.tasks[0].speed
        self._bar.update(self._task, rate=f"{speed:,.0f}" if speed else "-")

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
