"""What a store holds: articles, entities by type, facts by kind, statements by stance.

Every number is one SPARQL aggregate run in the store's engine; nothing is counted in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import model
from .store.base import Store, rows

__all__ = ["Stats", "store_stats"]

_ENTITIES = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n)
WHERE { GRAPH ?g { ?m a nk:Mention ; oa:hasBody ?e . ?e a ?type } }
GROUP BY ?type"""
_FACTS = """
SELECT ?type (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f nk:evidence ?ev ; a ?type } }
GROUP BY ?type"""
_STANCES = """
SELECT ?s (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f a nk:Statement ; nk:stance ?s } }
GROUP BY ?s"""
_ARTICLES = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }"
_MENTIONS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a nk:Mention } }"


@dataclass
class Stats:
    """Counts of one store."""

    articles: int = 0
    quads: int = 0
    mentions: int = 0
    entities: dict[str, int] = field(default_factory=dict)  # class key -> count
    facts: dict[str, int] = field(default_factory=dict)  # fact class key -> count
    stances: dict[str, int] = field(default_factory=dict)  # stance key -> count

    @property
    def statements(self) -> int:
        return self.facts.get("Statement", 0)

    def format_text(self) -> str:
        """A short human-readable summary."""
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())) or "none"
        facts = ", ".join(f"{k} {v}" for k, v in sorted(self.facts.items())) or "none"
        stances = ", ".join(f"{k} {v}" for k, v in sorted(self.stances.items())) or "none"
        return (
            f"articles:   {self.articles}\n"
            f"quads:      {self.quads}\n"
            f"entities:   {sum(self.entities.values())} ({ents})\n"
            f"mentions:   {self.mentions}\n"
            f"facts:      {sum(self.facts.values())} ({facts})\n"
            f"statements: {self.statements} ({stances})"
        )


def _prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(model().prefixes().items()))


def store_stats(store: Store) -> Stats:
    """Count what the store holds."""
    m, pre = model(), _prefixes()
    s = Stats(quads=store.quad_count())
    for row in rows(store.query(pre + _ARTICLES)):
        s.articles = int(row[0])
    for row in rows(store.query(pre + _MENTIONS)):
        s.mentions = int(row[0])
    # entities carry their superclasses too: count each under its most specific class by
    # subtracting the counts of the direct subclasses from the inclusive counts
    inclusive: dict[str, int] = {}
    for row in rows(store.query(pre + _ENTITIES)):
        key = m.key(row[0])
        if key in m.entity_classes:
            inclusive[key] = int(row[1])
    for key, n in inclusive.items():
        direct = [k for k in inclusive if k != key and m.superclasses(k)[1:2] == [m.term(key)]]
        s.entities[key] = n - sum(inclusive[k] for k in direct)
    for row in rows(store.query(pre + _FACTS)):
        key = m.key(row[0])
        if key and m.is_subclass(row[0], m.term("Fact")) and key != "Fact":
            s.facts[key] = int(row[1])
    for row in rows(store.query(pre + _STANCES)):
        s.stances[m.key(row[0]) or str(row[0])] = int(row[1])
    return s
