"""Local plugin rules named in the configuration (``plugins = ["rules/my_rule.py"]``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .config import Config
from .rule import Registry, Rule


def load_local_plugins(registry: Registry, config: Config) -> None:
    """Add the rules of each module ``plugins`` names (relative to the configuration file);
    ImportError, saying which entry of which file, when one cannot be loaded."""
    base = config.source.parent if config.source else Path.cwd()
    for entry in config.plugins:
        path = (base / entry).resolve()
        where = f"{config.source or 'configuration'}: plugins: '{entry}'"
        if not path.is_file():
            raise ImportError(f"{where}: no such file ({path})")
        spec = importlib.util.spec_from_file_location(f"finews_lint_plugin_{path.stem}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{where}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # the plugin's own code: any error it raises
            raise ImportError(
                f"{where}: importing it failed: {type(exc).__name__}: {exc}"
            ) from None
        members = getattr(module, "RULES", [module])
        for member in members:
            registry.add(Rule.from_module(member, origin=f"local plugin {entry}"))
