"""The user's configuration: ``[tool.finews-lint]`` in pyproject.toml or ``.finews-lint.toml``.

Unknown keys, unknown rule codes and bad option values are errors (exit 2), never
silence: a typo in a CI gate's configuration must not switch a check off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .diagnostic import Severity
from .record import asdict, field, field_names, record
from .rule import Registry, RuleOptions
from .statall import DEFAULT_CACHE_FOLDER

CONFIG_FILE = ".finews-lint.toml"


class ConfigError(Exception):
    """The configuration cannot be used; the CLI exits with code 2."""


@record
class Config:
    """Settings of a run. Keys use dashes in TOML (``post-folders``).

    A plain object, so a run without a configuration file never imports pydantic
    (about 150 ms of a one-file run); :func:`pydantic_model` validates files.
    """

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    extend_safe_fixes: list[str] = field(default_factory=list)
    extend_unsafe_fixes: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    post_folders: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    jobs: int | None = None
    file_timeout: float = 20.0
    cache_dir: str = DEFAULT_CACHE_FOLDER
    source: Path | None = None

    def cache_text(self, *, exclude: set[str] | frozenset[str] = frozenset()) -> str:
        """The settings as one text for cache keys, mappings sorted at every level (not JSON:
        importing :mod:`json` for this one string cost a one-file run ~3 ms)."""
        values = {k: v for k, v in asdict(self).items() if k not in exclude}
        return repr(_canonical(values))


def _canonical(value: Any) -> Any:
    """``value`` with every mapping as sorted pairs and every sequence as a tuple."""
    if isinstance(value, dict):
        return tuple(sorted((str(key), _canonical(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(item) for item in value)
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


@cache
def pydantic_model() -> Any:
    """The pydantic model that validates configuration files (built on first use)."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field

    class Config(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)

        select: list[str] = Field(
            default_factory=list, description="Codes or prefixes to run (default: all)."
        )
        ignore: list[str] = Field(default_factory=list, description="Codes or prefixes to skip.")
        extend_select: list[str] = Field(default_factory=list, alias="extend-select")
        extend_safe_fixes: list[str] = Field(
            default_factory=list,
            alias="extend-safe-fixes",
            description="Codes or prefixes whose unsafe fixes a plain `fix` applies.",
        )
        extend_unsafe_fixes: list[str] = Field(
            default_factory=list,
            alias="extend-unsafe-fixes",
            description="Codes or prefixes whose safe fixes need --unsafe-fixes.",
        )
        exclude: list[str] = Field(
            default_factory=list, description="Glob patterns of paths not to lint."
        )
        post_folders: list[str] = Field(default_factory=list, alias="post-folders")
        severity: dict[str, Literal["error", "warning"]] = Field(default_factory=dict)
        rules: dict[str, dict[str, Any]] = Field(
            default_factory=dict, description="Options per rule code or name."
        )
        plugins: list[str] = Field(
            default_factory=list, description="Local rule modules: 'path/to/file.py'."
        )
        jobs: int | None = Field(default=None, ge=1, description="Worker processes.")
        file_timeout: float = Field(
            default=20.0,
            alias="file-timeout",
            ge=0,
            le=MAX_FILE_TIMEOUT,
            allow_inf_nan=False,
            description="Seconds per file; 0: none.",
        )
        cache_dir: str = Field(default=DEFAULT_CACHE_FOLDER, alias="cache-dir")

    return Config


#: The longest budget for one file, in seconds (a day): the timer takes no more.
MAX_FILE_TIMEOUT = 86_400

_ALIASES = {
    "extend-select": "extend_select",
    "extend-safe-fixes": "extend_safe_fixes",
    "extend-unsafe-fixes": "extend_unsafe_fixes",
    "post-folders": "post_folders",
    "file-timeout": "file_timeout",
    "cache-dir": "cache_dir",
}
#: The settings that list rule codes, prefixes or names.
_SELECTOR_LISTS = (
    "select",
    "ignore",
    "extend_select",
    "extend_safe_fixes",
    "extend_unsafe_fixes",
)
_LISTS = frozenset({*_SELECTOR_LISTS, "exclude", "post_folders", "plugins"})


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _plain_value(name: str, value: Any) -> bool:
    """Whether ``value`` is exactly what pydantic would keep as it is for field ``name``."""
    if name in _LISTS:
        return _strings(value)
    if name == "severity":
        return type(value) is dict and all(
            type(k) is str and type(v) is str and v in ("error", "warning")
            for k, v in value.items()
        )
    if name == "rules":
        return type(value) is dict and all(
            type(k) is str and type(v) is dict and all(type(key) is str for key in v)
            for k, v in value.items()
        )
    if name == "jobs":
        return type(value) is int and value >= 1
    if name == "file_timeout":
        return type(value) in (int, float) and 0 <= value <= MAX_FILE_TIMEOUT
    return name == "cache_dir" and type(value) is str


def _plain_config(data: Any) -> Config | None:
    """The config of a table of plainly valid values, or None: pydantic decides (and explains)."""
    if type(data) is not dict:
        return None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if type(key) is not str:
            return None
        name = _ALIASES.get(key, key)
        if name in values or not _plain_value(name, value):
            return None
        values[name] = value
    if "file_timeout" in values:
        values["file_timeout"] = float(values["file_timeout"])
    return Config(**values)


def validate(data: Any) -> Config:
    """A Config from a TOML table; raises pydantic's ValidationError."""
    config = _plain_config(data)
    if config is not None:
        return config
    model = pydantic_model().model_validate(data)
    # ``source`` is where the file was found, not a key of it (an unknown key: an error)
    return Config(
        **{name: getattr(model, name) for name in field_names(Config) if name != "source"}
    )


def _describe(error: Any) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            parts.append(f"unknown key '{where}'")
        else:
            parts.append(f"'{where}': {item['msg']}")
    return "; ".join(parts)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except UnicodeDecodeError as exc:  # TOML is UTF-8; tomllib says so without the file
        raise ConfigError(
            f"{path}: cannot read configuration: not UTF-8 (byte {exc.start}: {exc.reason})"
        ) from None


def load(path: Path) -> Config:
    """Load a configuration file (``.finews-lint.toml`` or a pyproject.toml)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("finews-lint", {})
    try:
        config = validate(data)
    except ValueError as exc:  # pydantic's ValidationError
        if not hasattr(exc, "errors"):
            raise
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
        if pyproject.is_file() and _configures_us(pyproject):
            return pyproject
    return None


def _configures_us(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.finews-lint]`` table. One that cannot be read
    or parsed configures us when its text names the table (``tool.finews-lint``, as a
    table header or a dotted key: ConfigError, the run must not go on without the
    configuration its user wrote); else it is someone else's file."""
    try:
        data = _read_toml(pyproject)
    except ConfigError:
        try:
            text = pyproject.read_bytes()
        except OSError:
            raise ConfigError(
                f"{pyproject}: cannot read it to look for [tool.finews-lint]"
            ) from None
        import re

        if re.search(rb"""tool\s*\.\s*["']?finews-lint""", text):  # [tool.finews-lint...]
            raise
        return False
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "finews-lint" in tool


def matches(code: str, selectors: list[str]) -> bool:
    return any(code.startswith(selector.upper()) for selector in selectors)


def _chosen(code: str, selectors: list[str]) -> bool:
    """Whether ``selectors`` name ``code``: by its code or a prefix of it, or as ``ALL``."""
    return matches(code, selectors) or any(s.upper() == "ALL" for s in selectors)


def resolve_selectors(selectors: list[str], registry: Registry, where: str) -> list[str]:
    """The selectors as codes or code prefixes: a rule's name (``unbalanced-tags``) stands
    for its code, as in a suppression comment; one that matches nothing is an error."""
    resolved = []
    for selector in selectors:
        code = registry.code_of_name(selector)
        if code is not None:
            resolved.append(code)
            continue
        if selector.upper() != "ALL" and not any(
            code.startswith(selector.upper()) for code in registry.codes()
        ):
            raise ConfigError(
                f"{where}: '{selector}' matches no rule code or name (see `finews-lint rules`)"
            )
        resolved.append(selector)
    return resolved


class Settings:
    """The configuration resolved against the registry: active rules, severities, options."""

    def __init__(self, config: Config, registry: Registry) -> None:
        self.config = config
        self.registry = registry
        where = str(config.source or "command line")
        for key in _SELECTOR_LISTS:
            setattr(config, key, resolve_selectors(getattr(config, key), registry, where))
        severities = {}
        for code, severity in config.severity.items():
            # codes are matched without case, as everywhere; a rule's name will do
            rule = registry.get(code) or registry.by_name(code.lower())
            if rule is None:
                raise ConfigError(f"{where}: severity for unknown rule '{code}'")
            severities[rule.code] = severity
        config.severity = severities
        self.options: dict[str, RuleOptions] = {}
        for key, values in config.rules.items():
            rule = registry.get(key) or registry.by_name(key)
            if rule is None:
                raise ConfigError(f"{where}: options for unknown rule '{key}'")
            try:
                self.options[rule.code] = rule.options_model.model_validate(values)
            except ValueError as exc:  # pydantic's ValidationError
                if not hasattr(exc, "errors"):
                    raise
                raise ConfigError(f"{where}: rules.{key}: {_describe(exc)}") from None

    def is_active(self, code: str) -> bool:
        select = [s for s in self.config.select if s.upper() != "ALL"]
        chosen = not select or matches(code, select) or matches(code, self.config.extend_select)
        return chosen and not _chosen(code, self.config.ignore)

    def fix_safety(self, code: str) -> bool | None:
        """Whether the configuration makes the fixes of ``code`` safe (True) or unsafe
        (False), as ruff's ``extend-safe-fixes``; None leaves each fix as its rule made it.
        A code in both lists is unsafe: the careful choice wins."""
        if _chosen(code, self.config.extend_unsafe_fixes):
            return False
        if _chosen(code, self.config.extend_safe_fixes):
            return True
        return None

    def severity(self, code: str) -> Severity:
        override = self.config.severity.get(code) or self.config.severity.get(code.upper())
        if override:
            return Severity(override)
        rule = self.registry.get(code)
        return rule.severity if rule else Severity.ERROR

    def override_options(self, code: str, **values: object) -> None:
        """Set options of ``code`` on top of the configured ones, by their Python names.
        For values the tool itself chose: they are not validated, as building the rule's
        pydantic model costs a run ~80 ms (every `--no-cache` run sets LNK008's cache)."""
        current = self.options_for(code)
        self.options[code] = type(current)(**{**vars(current), **values})

    def options_for(self, code: str) -> RuleOptions:
        if code in self.options:
            return self.options[code]
        rule = self.registry.get(code)
        assert rule is not None
        options = rule.options_model.model_construct()  # the defaults: nothing to validate
        self.options[code] = options
        return options
