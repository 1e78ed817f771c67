"""Find a file's YAML front matter and parse it with the position of every key and value.

Jekyll reads front matter only when the file's very first line is ``---``; the block
ends at the next line that is ``---`` or ``...``. Values are loaded safely (no YAML
tags that build objects), aliases are bounded, and dates stay the strings they were
written as, so rules judge them the way Jekyll would rather than the way PyYAML does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .plaintime import PSYCH_TIME, PlainTimestamp
from .quickyaml import read_flat_spans
from .record import field, record

if TYPE_CHECKING:
    import yaml

# Like Jekyll's YAML_FRONT_MATTER_REGEXP: lines end in \n (or \r\n); a lone \r does not count.
_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.MULTILINE)
MAX_EXPANDED_NODES = 10_000


# PyYAML is imported on first use: flat front matter (nearly every generated post) is read
# without it (finews_lint.quickyaml), and importing it costs a one-file run ~15 ms.
def _yaml() -> Any:
    import yaml

    return yaml


def _safe_loader() -> Any:
    """libyaml's safe loader when PyYAML has it (5-10x faster a line), else the Python one."""
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_PLAIN_TIME_TAG = "tag:finews-lint,2026:plain-timestamp"


@lru_cache(maxsize=1)
def _loader() -> Any:
    """A safe loader that keeps timestamps as strings: dates are judged by our own rules.
    A plain scalar Jekyll's YAML reads as a time is a
    :class:`~finews_lint.plaintime.PlainTimestamp` (see :mod:`finews_lint.plaintime`)."""
    base = _safe_loader()
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in base.yaml_implicit_resolvers.items()
    }
    timestamp = re.compile(rf"^(?:{PSYCH_TIME.pattern})$")
    for first in "-0123456789":
        resolvers[first] = [*resolvers.get(first, []), (_PLAIN_TIME_TAG, timestamp)]
    loader: Any = type("_Loader", (base,), {"yaml_implicit_resolvers": resolvers})
    loader.add_constructor(
        _PLAIN_TIME_TAG, lambda self, node: PlainTimestamp(self.construct_scalar(node))
    )
    return loader


def safe_load(text: str) -> Any:
    """``yaml.safe_load``, with libyaml's parser when PyYAML has it."""
    return _yaml().load(text, Loader=_safe_loader())  # a safe loader


def expands_beyond_limit(root: Any) -> bool:
    """Whether the composed YAML ``root`` expands, aliases followed, to more than
    ``MAX_EXPANDED_NODES`` values (a "billion laughs" document)."""
    return root is not None and _expanded_size(root, {}, set()) > MAX_EXPANDED_NODES


def yaml_errors() -> type[Exception]:
    """PyYAML's base error (for callers that catch what :func:`safe_load` raises)."""
    return _yaml().YAMLError  # type: ignore[no-any-return]


def implicit_resolvers() -> dict[Any, list[tuple[str, Any]]]:
    """How the loader types plain scalars (by first character; None: any): for the fast reader."""
    return {  # plain timestamps the fast reader types itself
        first: [(tag, regexp) for tag, regexp in found if tag != _PLAIN_TIME_TAG]
        for first, found in _loader().yaml_implicit_resolvers.items()
    }


@record(frozen=True, slots=True)
class Span:
    start: int
    end: int


@record(slots=True)
class FrontMatterError:
    message: str
    start: int
    end: int


@record(slots=True)
class FrontMatter:
    """The front matter block of a document, with offsets into the document's text."""

    start: int  # offset of the opening ``---``
    yaml_start: int  # offset of the first YAML line
    yaml_end: int  # offset of the closing line
    end: int  # offset just past the closing line (where the body starts)
    data: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, Span] = field(default_factory=dict)
    values: dict[str, Span] = field(default_factory=dict)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)
    #: Front matter read without the YAML parser (no ``nodes``): the items of its lists.
    flat_items: dict[str, list[Span]] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, Span]] = field(default_factory=list)
    error: FrontMatterError | None = None
    closed: bool = True  # False: no line ends the block

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def dropped_by_jekyll(self) -> bool:
        """Whether Jekyll fails to read this block (invalid YAML, not a mapping) and
        publishes the post without it: no title, no categories, and a URL of the date of
        the build (checked with Jekyll 4.3.1). A block never closed is no front matter to
        Jekyll: the post is dated by its file name."""
        return self.error is not None and self.closed

    def value_span(self, key: str) -> Span | None:
        return self.values.get(key)

    def key_span(self, key: str) -> Span | None:
        return self.keys.get(key)

    def item_spans(self, key: str) -> list[tuple[Any, Span]]:
        """The items of a list value with their spans (a scalar value is one item)."""
        node = self.nodes.get(key)
        if node is None:
            return self._flat_item_spans(key)
        base = self.yaml_start
        yaml = _yaml()
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        return [
            (
                getattr(item, "value", None),
                Span(base + item.start_mark.index, base + item.end_mark.index),
            )
            for item in items
            if isinstance(item, yaml.ScalarNode)
        ]

    def _flat_item_spans(self, key: str) -> list[tuple[Any, Span]]:
        """:meth:`item_spans` of front matter read without the YAML parser."""
        value, span = self.data.get(key), self.values.get(key)
        if value is None or span is None:
            return []
        if isinstance(value, list):
            return list(zip(value, self.flat_items.get(key, []), strict=True))
        return [(value, span)]


def quote_of(written: str) -> str:
    """The quote a scalar value is written between (``'`` or ``"``), or ``""`` for a plain
    one: a fix that rewrites the value keeps it."""
    quoted = len(written) >= 2 and written[0] in "\"'" and written[-1] == written[0]
    return written[0] if quoted else ""


def requoted(written: str, value: str) -> str:
    """``value`` between the quotes the scalar ``written`` is between (none for a plain one),
    as a fix that rewrites a value writes it. ``value`` needs no escape inside them."""
    quote = quote_of(written)
    return f"{quote}{value}{quote}"


def value_kind(value: object) -> str:
    """What a front matter value that is not text is, for messages: ``a number``..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a date"


def find_block(text: str) -> tuple[int, int, int] | None:
    """Return (yaml_start, yaml_end, end) of the front matter block, or None.

    ``None`` when the text does not start with ``---``; ``yaml_end == -1`` when the
    block is never closed.
    """
    opening = _OPEN.match(text)
    if opening is None:
        return None
    yaml_start = opening.end()
    closing = _CLOSE.search(text, yaml_start)
    if closing is None:
        return yaml_start, -1, -1
    return yaml_start, closing.start(), closing.end()


def _expanded_size(node: yaml.Node, memo: dict[int, int], active: set[int]) -> int:
    yaml = _yaml()
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:  # a recursive alias: refuse it
        return MAX_EXPANDED_NODES + 1
    active.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, memo, active)
            if size > MAX_EXPANDED_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            size += _expanded_size(key_node, memo, active) + _expanded_size(
                value_node, memo, active
            )
            if size > MAX_EXPANDED_NODES:
                break
    active.discard(key)
    memo[key] = size
    return size


def _describe(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    text = f"{context}: {problem}" if context else problem
    note = getattr(exc, "note", None)
    if note:
        text += f" ({note})"
    return text


def _node_kind(node: yaml.Node) -> str:
    yaml = _yaml()
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.ScalarNode):
        return "a single value"
    return "not a mapping"


def parse(text: str, *, fast: bool = True) -> FrontMatter | None:
    """Parse the front matter of ``text``; None when there is no block at all.

    Flat front matter is read without the YAML parser (``fast=False``: always use it).
    """
    block = find_block(text)
    if block is None:
        return None
    yaml_start, yaml_end, end = block
    if yaml_end < 0:
        fm = FrontMatter(
            start=0, yaml_start=yaml_start, yaml_end=len(text), end=len(text), closed=False
        )
        fm.error = FrontMatterError(
            "front matter is never closed: no line `---` ends the block opened on line 1", 0, 3
        )
        return fm
    fm = FrontMatter(start=0, yaml_start=yaml_start, yaml_end=yaml_end, end=end)
    source = text[yaml_start:yaml_end]
    flat = read_flat_spans(source) if fast else None
    if flat is not None:  # generated posts: no YAML parser needed
        fm.data = flat.data
        fm.keys = {key: Span(yaml_start + a, yaml_start + b) for key, (a, b) in flat.keys.items()}
        fm.values = {
            key: Span(yaml_start + a, yaml_start + b) for key, (a, b) in flat.values.items()
        }
        fm.flat_items = {
            key: [Span(yaml_start + a, yaml_start + b) for a, b in spans]
            for key, spans in flat.items.items()
        }
        return fm
    yaml = _yaml()
    loader = _loader()(source)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            where = yaml_start + (mark.index if mark is not None else 0)
            where = min(where, yaml_end)
            fm.error = FrontMatterError(
                f"invalid YAML: {_describe(exc)}", where, min(where + 1, yaml_end)
            )
            return fm
        if root is None:
            return fm
        if not isinstance(root, yaml.MappingNode):
            start = yaml_start + root.start_mark.index
            fm.error = FrontMatterError(
                f"front matter is {_node_kind(root)}, not a mapping of keys to values",
                start,
                max(start + 1, yaml_start + root.end_mark.index),
            )
            return fm
        if (
            "*" in source and _expanded_size(root, {}, set()) > MAX_EXPANDED_NODES
        ):  # no alias, no bomb
            fm.error = FrontMatterError(
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES} values; "
                "refusing to load it",
                yaml_start,
                yaml_start + 3,
            )
            return fm
        try:
            data = loader.construct_document(root)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = yaml_start + (mark.index if mark is not None else 0)
            fm.error = FrontMatterError(f"invalid YAML: {_describe(exc)}", where, where + 1)
            return fm
        except (TypeError, ValueError, RecursionError) as exc:
            fm.error = FrontMatterError(f"invalid YAML: {exc}", yaml_start, yaml_start + 1)
            return fm
    finally:
        loader.dispose()
    fm.data = {str(k): v for k, v in data.items()} if isinstance(data, dict) else {}
    seen: set[str] = set()
    for key_node, value_node in root.value:
        name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
        key_span = Span(
            yaml_start + key_node.start_mark.index, yaml_start + key_node.end_mark.index
        )
        if name in seen:
            fm.duplicate_keys.append((name, key_span))
        seen.add(name)
        fm.keys[name] = key_span
        fm.values[name] = Span(
            yaml_start + value_node.start_mark.index, yaml_start + value_node.end_mark.index
        )
        fm.nodes[name] = value_node
    return fm
