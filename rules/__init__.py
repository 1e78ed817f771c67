"""The built-in rules, registered explicitly (no discovery by scanning folders)."""

from __future__ import annotations

from finews_lint.rules import (
    category_format,
    date_filename_mismatch,
    date_invalid,
    date_timezone,
    duplicate_attribute,
    duplicate_id,
    duplicate_key,
    empty_link,
    empty_paragraph,
    front_matter_missing,
    hidden_content,
    img_alt,
    internal_error,
    invalid_nesting,
    liquid_tag_balance,
    obsolete_element,
    required_field,
    unbalanced_tags,
    undecodable_file,
    unknown_key,
    unknown_layout,
    unreadable_file,
    unsafe_markup,
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
    duplicate_attribute,
    img_alt,
    unsafe_markup,
    hidden_content,
    empty_paragraph,
    liquid_tag_balance,
    invalid_nesting,
    obsolete_element,
    duplicate_id,
    empty_link,
    # engine-reported
    unreadable_file,
    undecodable_file,
    unused_suppression,
    internal_error,
)
