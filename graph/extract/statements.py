"""Attributed statements (being written)."""

from __future__ import annotations

from ..records import Statement
from .context import ArticleContext

__all__ = ["find_statements"]


def find_statements(ctx: ArticleContext) -> list[Statement]:
    return []
