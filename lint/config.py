"""The user's configuration: ``[tool.finews-lint]`` in pyproject.toml or ``.finews-lint.toml``.

Unknown keys, unknown rule codes and bad option values are errors (exit 2), never
silence: a typo in a CI gate's configuration must not switch a check off.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .diagnostic import Severity
from .rule import Registry, RuleOptions

CONFIG_FILE = ".finews-lint.toml"


class ConfigError(Exception):
    """The configuration cannot be used; the CLI exits with code 2."""


class Config(BaseModel):
    """Settings of a run. Keys use dashes in TOML (``post-folders``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list, description="Codes or prefixes to run (default: all).")
    ignore: list[str] = Field(default_factory=list, description="Codes or prefixes to skip.")
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    exclude: list[str] = Field(default_factory=list, description="Glob patterns of paths not to lint.")
    post_folders: list[str] = Field(default_factory=list, alias="post-folders")
    severity: dict[str, Literal["error", "warning"]] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict, description="Options per rule code or name.")
    plugins: list[str] = Field(default_factory=list, description="Local rule modules: 'path/to/file.py'.")
    jobs: int | None = None
    file_timeout: float = Field(default=20.0, alias="file-timeout", ge=0, description="Seconds per file; 0: none.")
    cache_dir: str = Field(default=".finews-lint-cache", alias="cache-dir")
    source: Path | None = Field(default=None, exclude=True)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            parts.append(f"unknown key '{where}'")
        else:
            parts.append(f"'{where}': {item['msg']}")
    return "; ".join(parts)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None


def load(path: Path) -> Config:
    """Load a configuration file (``.finews-lint.toml`` or a pyproject.toml)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("finews-lint", {})
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from None
    config.source = path
    return config


def discover(start: Path) -> Path | None:
    """The nearest ``.finews-lint.toml``, or pyproject.toml with ``[tool.finews-lint]``."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = _read_toml(pyproject)
            except ConfigError:
                continue
            if "finews-lint" in data.get("tool", {}):
                return pyproject
    return None


def matches(code: str, selectors: list[str]) -> bool:
    return any(code.startswith(selector.upper()) for selector in selectors)


def check_selectors(selectors: list[str], registry: Registry, where: str) -> None:
    for selector in selectors:
        if selector.upper() == "ALL":
            continue
        if not any(code.startswith(selector.upper()) for code in registry.codes()):
            raise ConfigError(f"{where}: '{selector}' matches no rule code (see `finews-lint rules`)")


class Settings:
    """The configuration resolved against the registry: active rules, severities, options."""

    def __init__(self, config: Config, registry: Registry) -> None:
        self.config = config
        self.registry = registry
        where = str(config.source or "command line")
        for key in ("select", "ignore", "extend_select"):
            check_selectors(getattr(config, key), registry, where)
        for code in config.severity:
            if registry.get(code) is None:
                raise ConfigError(f"{where}: severity for unknown rule '{code}'")
        self.options: dict[str, RuleOptions] = {}
        for key, values in config.rules.items():
            rule = registry.get(key) or registry.by_name(key)
            if rule is None:
                raise ConfigError(f"{where}: options for unknown rule '{key}'")
            try:
                self.options[rule.code] = rule.options_model.model_validate(values)
            except ValidationError as exc:
                raise ConfigError(f"{where}: rules.{key}: {_describe(exc)}") from None

    def is_active(self, code: str) -> bool:
        select = [s for s in self.config.select if s.upper() != "ALL"]
        chosen = not select or matches(code, select) or matches(code, self.config.extend_select)
        return chosen and not matches(code, self.config.ignore)

    def severity(self, code: str) -> Severity:
        override = self.config.severity.get(code) or self.config.severity.get(code.upper())
        if override:
            return Severity(override)
        rule = self.registry.get(code)
        return rule.severity if rule else Severity.ERROR

    def options_for(self, code: str) -> RuleOptions:
        if code in self.options:
            return self.options[code]
        rule = self.registry.get(code)
        assert rule is not None
        options = rule.options_model.model_construct()  # the defaults: nothing to validate
        self.options[code] = options
        return options
