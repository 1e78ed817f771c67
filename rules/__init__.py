"""The built-in rules, registered explicitly (no discovery by scanning folders)."""

from __future__ import annotations

from finews_lint.rules import (
    category_format,
    date_filename_mismatch,
    date_invalid,
    date_timezone,
    duplicate_key,
    front_matter_missing,
    internal_error,
    liquid_tag_balance,
    required_field,
    unbalanced_tags,
    undecodable_file,
    unknown_key,
    unknown_layout,
    unreadable_file,
    unused_suppression,
    yaml_syntax,
)

BUILTIN_RULES = (
    # FM: front matter
    front_matter_missing,
    yaml_syntax,
    required_field,
    unknown_layout,
    date_timezone,
    date_invalid,
    date_filename_mismatch,
    category_format,
    duplicate_key,
    unknown_key,
    # HT: HTML body
    unbalanced_tags,
    liquid_tag_balance,
    # engine-reported
    unreadable_file,
    undecodable_file,
    unused_suppression,
    internal_error,
)
