"""The built-in rules, registered explicitly (no discovery by scanning folders).

Registered by module name, in this order: ``BUILTIN_RULES`` (the modules) imports them
on first use, so a run served by the result cache, which knows the rules from a stored
catalogue (finews_lint.catalog), imports none of them.
"""

from __future__ import annotations

import importlib
from typing import Any

BUILTIN_RULE_MODULES = (
    # FM: front matter
    "front_matter_missing",
    "yaml_syntax",
    "required_field",
    "unknown_layout",
    "date_timezone",
    "date_invalid",
    "date_filename_mismatch",
    "category_format",
    "duplicate_key",
    "unknown_key",
    "tag_format",
    # HT: HTML body
    "unbalanced_tags",
    "duplicate_attribute",
    "img_alt",
    "unsafe_markup",
    "hidden_content",
    "empty_paragraph",
    "liquid_tag_balance",
    "invalid_nesting",
    "obsolete_element",
    "duplicate_id",
    "empty_link",
    "liquid_syntax",
    # SRC: source attribution
    "missing_attribution",
    "missing_source_link",
    "attribution_mismatch",
    "source_link_mismatch",
    # LNK: links
    "missing_return_links",
    "broken_return_link",
    "return_link_mismatch",
    "missing_post_link",
    "broken_internal_link",
    "insecure_internal_link",
    "unescaped_link",
    "broken_external_link",
    # REPO: whole-site checks
    "category_title_mismatch",
    "duplicate_post",
    "url_collision",
    # engine-reported
    "unreadable_file",
    "undecodable_file",
    "unused_suppression",
    "internal_error",
)


def __getattr__(name: str) -> Any:
    """``BUILTIN_RULES`` and the rule modules as attributes, imported when first asked for."""
    if name == "BUILTIN_RULES":
        modules = tuple(importlib.import_module(f"{__name__}.{m}") for m in BUILTIN_RULE_MODULES)
        globals()[name] = modules
        return modules
    if name in BUILTIN_RULE_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
