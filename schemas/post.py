"""The front matter of a post, as a pydantic v2 model and as JSON Schema.

``finews-lint schema`` prints :func:`json_schema`, so editors (VS Code's YAML
extension, for one) can check front matter while it is typed. The rules report in
their own words; this model is the machine-readable contract for the same fields.
"""

from __future__ import annotations

from typing import Annotated, Any

from finews_lint.dates import parse_date
from finews_lint.schemas.keys import KNOWN_KEYS, REQUIRED_FIELDS
from pydantic import BaseModel, ConfigDict, Field, field_validator

#: A Jekyll date with a UTC offset: ``2022-02-11 09:00:14 +0800``, ``2022-02-11T09:00:14+08:00``.
DATE_WITH_OFFSET = (
    r"^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?:Z|UTC|GMT|[-+]\d{2}(?::?\d{2})?)$"
)
CATEGORY = r"^[^\s?#%\\\"<>/]+$"

NonEmpty = Annotated[str, Field(min_length=1, pattern=r"\S")]
Category = Annotated[str, Field(min_length=1, pattern=CATEGORY)]


class PostFrontMatter(BaseModel):
    """Front matter of a post of a finews site."""

    model_config = ConfigDict(extra="allow", title="finews post front matter")

    layout: NonEmpty = Field(description="A file of _layouts/ without its extension, e.g. post.")
    title: NonEmpty = Field(description="The headline, as shown on the page.")
    date: Annotated[str, Field(pattern=DATE_WITH_OFFSET)] = Field(
        description="Publication time with a UTC offset, e.g. '2022-02-11 09:00:14 +0800'."
    )
    categories: Category | list[Category] = Field(
        description="One category slug (no spaces: Jekyll splits on them) or a list of them."
    )
    tags: NonEmpty | list[NonEmpty] = Field(description="The source outlet, e.g. 大众日报新闻.")

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        return value if isinstance(value, str) else str(value)

    @field_validator("date")
    @classmethod
    def _date_readable(cls, value: str) -> str:
        if parse_date(value) is None:
            raise ValueError(f"'{value}' is not a date Jekyll can read")
        return value


__all__ = ["KNOWN_KEYS", "REQUIRED_FIELDS", "PostFrontMatter", "json_schema"]


def json_schema() -> dict[str, Any]:
    schema = PostFrontMatter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
