"""Report formats: each module renders a Report for one audience."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..engine import Report
from ..rule import Registry

Renderer = Callable[[Report, Registry, TextIO, bool], None]


def renderer(name: str) -> Renderer:
    """The renderer for ``--format NAME`` (imported lazily: a one-file run pays for one)."""
    if name == "text":
        from .text import render
    elif name == "json":
        from .json import render
    else:
        raise ValueError(f"unknown format '{name}'")
    return render
