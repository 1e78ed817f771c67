"""Report formats: each module renders a Report for one audience."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..config import ConfigError
from ..engine import Report
from ..rule import Registry

Renderer = Callable[[Report, Registry, TextIO, bool], None]


FORMATS = ("text", "json", "github", "sarif", "junit")


def renderer(name: str) -> Renderer:
    """The renderer for ``--format NAME`` (imported lazily: a one-file run pays for one)."""
    if name == "text":
        from .text import render
    elif name == "json":
        from .json import render
    elif name == "github":
        from .github import render
    elif name == "sarif":
        from .sarif import render
    elif name == "junit":
        from .junit import render
    else:
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
    return render


def write_report(
    render: Renderer, report: Report, registry: Registry, output_file: Path | None, terminal: TextIO
) -> None:
    """Render to ``terminal``, or to ``output_file`` with a short summary on the terminal."""
    if output_file is None:
        render(report, registry, terminal, terminal.isatty())
        return
    from .text import summary

    try:
        with output_file.open("w", encoding="utf-8") as handle:
            render(report, registry, handle, False)
    except OSError as exc:
        raise ConfigError(
            f"cannot write --output-file {output_file}: {exc.strerror or exc}"
        ) from None
    terminal.write(summary(report))
    terminal.write(f"Report written to {output_file}.\n")
