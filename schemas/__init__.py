"""Pydantic models of the front matter of posts and pages."""
