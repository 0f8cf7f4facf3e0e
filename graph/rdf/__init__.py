"""From extraction records to RDF: one named graph per article, and back to extraction JSON."""

from .build import build_graph, date_literal, entity_iris

__all__ = ["build_graph", "date_literal", "entity_iris"]
