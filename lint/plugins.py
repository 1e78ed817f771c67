"""Local plugin rules named in the configuration (``plugins = ["rules/my_rule.py"]``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .config import Config
from .rule import Registry, Rule


def load_local_plugins(registry: Registry, config: Config) -> None:
    base = config.source.parent if config.source else Path.cwd()
    for entry in config.plugins:
        path = (base / entry).resolve()
        spec = importlib.util.spec_from_file_location(f"finews_lint_plugin_{path.stem}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"plugin {entry}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        members = getattr(module, "RULES", [module])
        for member in members:
            registry.add(Rule.from_module(member, origin=f"local plugin {entry}"))
