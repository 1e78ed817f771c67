"""finews-lint: lint and fix the posts of a Jekyll finance-news site."""

__version__ = "0.2.0"
