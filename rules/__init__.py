"""The built-in rules, registered explicitly (no discovery by scanning folders)."""

from __future__ import annotations

from finews_lint.rules import (
    attribution_mismatch,
    broken_external_link,
    broken_internal_link,
    broken_return_link,
    category_format,
    category_title_mismatch,
    date_filename_mismatch,
    date_invalid,
    date_timezone,
    duplicate_key,
    duplicate_post,
    front_matter_missing,
    insecure_internal_link,
    internal_error,
    missing_attribution,
    missing_post_link,
    missing_return_links,
    missing_source_link,
    required_field,
    return_link_mismatch,
    undecodable_file,
    unescaped_link,
    unknown_key,
    unknown_layout,
    unreadable_file,
    unused_suppression,
    url_collision,
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
    # SRC: source attribution
    missing_attribution,
    missing_source_link,
    attribution_mismatch,
    # LNK: links
    missing_return_links,
    broken_return_link,
    return_link_mismatch,
    missing_post_link,
    broken_internal_link,
    insecure_internal_link,
    unescaped_link,
    broken_external_link,
    # REPO: whole-site checks
    category_title_mismatch,
    duplicate_post,
    url_collision,
    # engine-reported
    unreadable_file,
    undecodable_file,
    unused_suppression,
    internal_error,
)
