"""networkx projections of the store, built with SPARQL (Python never walks the quads).

:func:`actor_graph` projects the article graphs onto who is connected to whom:

* **nodes** are entities (IRI string as node id) with ``label`` (``skos:prefLabel``),
  ``type`` (the ontology class key: ``Person``, ``Organization``, ``Country``, ...) and
  ``articles`` (how many articles name it). An organization that only appears as the
  ``schema:publisher`` of articles (never mentioned, never part of a fact) is not a node;
* **edges** carry ``predicate`` (a relation key), ``label``, ``articles`` (sorted article
  IRIs supporting it) and ``evidence`` (at most :data:`MAX_EVIDENCE` dicts with ``sentence``,
  ``title``, ``date``, ``url`` and ``article``, newest article first). They come from

  - the truthy triples of every relation property of ``model().relations`` except
    ``spoke_about`` and ``holds`` (``met_with``, ``leads``, ``member_of``, ...);
  - posts, collapsed: a person ``org:holds`` a post that is ``org:postIn`` an organization
    or country gives a ``holds`` edge person -> organization labelled with the role name(s)
    (also in ``roles``);
  - statements: speaker -> each entity it is about, predicate ``spoke_about``, with
    ``stance`` (the most frequent stance of the statements merged into the edge; ties go to
    ``assert``, then ``deny``) and ``stances`` (count per stance).

Edges of the same predicate between the same pair are merged (the multigraph's edge key is
the predicate key), their articles unioned; for symmetric properties (``met_with``,
``communicated_with``) both directions are one edge, stored from the smaller IRI to the
larger, with ``symmetric=True``.

Examples
--------
>>> from graph.records import Article, Entity, Evidence, Extraction, Relation, Statement
>>> from graph.rdf.build import build_graph
>>> from graph.store import open_store
>>> text = "Ann Lee met Bo Chen. Lee denied the talks failed."
>>> a = Article(text=text, title="Talks", url="https://example.org/talks")
>>> people = [Entity("a", "Ann Lee", "Person"), Entity("b", "Bo Chen", "Person")]
>>> met = Relation(Evidence.of(text, 0, 20), subject="a", predicate="met_with", object="b")
>>> x = Extraction(a, entities=people, relations=[met],
...     statements=[Statement(Evidence.of(text, 21, 49), speaker="a", stance="deny",
...                           quote="the talks failed", about=["b"])])
>>> store = open_store("memory")
>>> g = build_graph(x)
>>> store.replace_graph(g.identifier, g)
>>> ag = actor_graph(store)
>>> sorted(d["label"] for _, d in ag.nodes(data=True))
['Ann Lee', 'Bo Chen']
>>> sorted((d["predicate"], d["label"]) for _, _, d in ag.edges(data=True))
[('met_with', 'met with'), ('spoke_about', 'spoke about')]
>>> [d["stance"] for _, _, d in ag.edges(data=True) if d["predicate"] == "spoke_about"]
['deny']
>>> e = next(d for _, _, d in ag.edges(data=True) if d["predicate"] == "met_with")
>>> e["evidence"][0]["sentence"], e["evidence"][0]["title"]
('Ann Lee met Bo Chen.', 'Talks')
>>> store.close()
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from .model import Model, model
from .store.base import Store

__all__ = ["MAX_EVIDENCE", "actor_graph"]

#: At most this many evidence sentences are kept per edge.
MAX_EVIDENCE = 5

_STANCE_ORDER = ("assert", "deny", "speculate")  # tie-break order for an edge's stance


def _iri(key: str) -> str:
    """A term of the ontology, serialized for SPARQL (``<...>``)."""
    return model().term(key).n3()


def _select(store: Store, sparql: str) -> list[dict[str, Node]]:
    """Run a SELECT query; rows as ``{variable: term}`` with unbound variables left out."""
    res = store.query(sparql)
    return [{str(k): v for k, v in b.items() if v is not None} for b in res.bindings]


def _text(row: dict[str, Node], var: str) -> str | None:
    v = row.get(var)
    return None if v is None else str(v)


def _quote(fact: str, var: str) -> str:
    """A pattern binding ``var`` to the exact sentence of ``fact``'s evidence."""
    return (
        f"{fact} {_iri('evidence')}/{_iri('has_selector')} ?_q{var} . "
        f"?_q{var} a {_iri('TextQuoteSelector')} ; {_iri('exact')} ?{var} ."
    )


# ------------------------------------------------------------------------------ queries
def _entity_query(m: Model) -> str:
    classes = " ".join(c.n3() for c in m.entity_classes.values())
    in_fact = "|".join(_iri(k) for k in ("subject", "object", "speaker", "about", "post_in"))
    return f"""
SELECT ?e (COUNT(DISTINCT ?g) AS ?n) (MIN(STR(?lab)) AS ?label)
       (GROUP_CONCAT(DISTINCT STR(?cls); separator=" ") AS ?classes)
WHERE {{
  VALUES ?cls {{ {classes} }}
  GRAPH ?g {{
    ?e a ?cls .
    OPTIONAL {{ ?e {_iri("pref_label")} ?lab }}
    FILTER (NOT EXISTS {{ ?g {_iri("publisher")} ?e }}
            || EXISTS {{ ?_m {_iri("has_body")} ?e }}
            || EXISTS {{ ?_f {in_fact} ?e }})
  }}
}}
GROUP BY ?e"""


def _relation_query(preds: Iterable[URIRef]) -> str:
    values = " ".join(p.n3() for p in preds)
    fact = f"?f {_iri('subject')} ?s ; {_iri('predicate')} ?p ; {_iri('object')} ?o . " + _quote(
        "?f", "sentence"
    )
    return f"""
SELECT ?s ?p ?o ?g ?sentence WHERE {{
  VALUES ?p {{ {values} }}
  GRAPH ?g {{
    ?s ?p ?o .
    OPTIONAL {{ {fact} }}
  }}
}}"""


def _holds_query() -> str:
    holds = _iri("holds")
    fact = (
        f"?f {_iri('subject')} ?s ; {_iri('predicate')} {holds} ; {_iri('object')} ?post . "
        + _quote("?f", "sentence")
    )
    return f"""
SELECT ?s ?o ?g ?role ?sentence WHERE {{
  GRAPH ?g {{
    ?s {holds} ?post .
    ?post {_iri("post_in")} ?o .
    OPTIONAL {{ ?post {_iri("role")}/{_iri("pref_label")} ?role }}
    OPTIONAL {{ {fact} }}
  }}
}}"""


def _statement_query() -> str:
    return f"""
SELECT ?f ?s ?o ?g ?stance ?sentence WHERE {{
  GRAPH ?g {{
    ?f a {_iri("Statement")} ; {_iri("speaker")} ?s ; {_iri("about")} ?o .
    OPTIONAL {{ ?f {_iri("stance")} ?stance }}
    OPTIONAL {{ {_quote("?f", "sentence")} }}
  }}
}}"""


def _article_query() -> str:
    return f"""
SELECT ?g ?title ?date ?url WHERE {{
  GRAPH ?g {{
    ?g a {_iri("NewsArticle")} .
    OPTIONAL {{ ?g {_iri("headline")} ?title }}
    OPTIONAL {{ ?g {_iri("date_published")} ?date }}
    OPTIONAL {{ ?g {_iri("url")} ?url }}
  }}
}}"""


# ------------------------------------------------------------------------------ building
@dataclass
class _Edge:
    """An edge being merged: its articles, sentences, and per-kind extras."""

    predicate: str
    label: str
    symmetric: bool = False
    articles: set[str] = field(default_factory=set)
    sentences: set[tuple[str, str]] = field(default_factory=set)  # (article, sentence)
    roles: dict[str, str] = field(default_factory=dict)  # casefolded -> as written
    stances: Counter[str] = field(default_factory=Counter)


def _entity_type(m: Model, classes: str) -> str:
    """The most specific class key among ``classes`` (IRIs separated by spaces)."""
    keys = sorted(k for k in (m.key(URIRef(c)) for c in classes.split()) if k)
    if not keys:
        return "Thing"
    # a class that is a subclass of more of the others is more specific
    return max(
        keys,
        key=lambda k: sum(m.is_subclass(m.term(k), m.term(o)) for o in keys),
    )


def _evidence(e: _Edge, articles: dict[str, dict[str, str | None]]) -> list[dict[str, Any]]:
    def order(item: tuple[str, str]) -> tuple[str, str, str]:
        meta = articles.get(item[0], {})
        return (meta.get("date") or "", meta.get("title") or "", item[1])

    out: list[dict[str, Any]] = []
    # newest first; equal dates by title, then sentence (stable, reproducible output)
    by_date = sorted(e.sentences, key=order)
    by_date.sort(key=lambda it: order(it)[0], reverse=True)
    for art, sentence in by_date[:MAX_EVIDENCE]:
        meta = articles.get(art, {})
        out.append(
            {
                "sentence": sentence,
                "title": meta.get("title"),
                "date": meta.get("date"),
                "url": meta.get("url"),
                "article": art,
            }
        )
    return out


def _stance(stances: Counter[str]) -> str | None:
    if not stances:
        return None
    return max(
        stances,
        key=lambda s: (stances[s], -(_STANCE_ORDER.index(s) if s in _STANCE_ORDER else 99)),
    )


def actor_graph(store: Store) -> nx.MultiDiGraph:
    """Project the store onto entities and the relations, posts and statements between them.

    See the module docstring for the node and edge attributes. Runs five SPARQL queries
    (entities, relation triples, posts, statements, article metadata); the work done in
    Python is proportional to the number of facts, not of quads.
    """
    m = model()
    g: nx.MultiDiGraph = nx.MultiDiGraph()

    for row in sorted(_select(store, _entity_query(m)), key=lambda r: str(r["e"])):
        iri = str(row["e"])
        n = row.get("n")
        g.add_node(
            iri,
            label=_text(row, "label") or iri.rsplit("/", 1)[-1],
            type=_entity_type(m, _text(row, "classes") or ""),
            articles=int(n.toPython()) if isinstance(n, Literal) else 0,
        )

    articles: dict[str, dict[str, str | None]] = {}
    for row in _select(store, _article_query()):
        articles[str(row["g"])] = {
            "title": _text(row, "title"),
            "date": _text(row, "date"),
            "url": _text(row, "url"),
        }

    edges: dict[tuple[str, str, str], _Edge] = {}

    def edge(s: str, o: str, key: str, symmetric: bool = False) -> _Edge:
        if symmetric and o < s:
            s, o = o, s
        k = (s, o, key)
        if k not in edges:
            rel = m.relations.get(key)
            edges[k] = _Edge(key, rel.label if rel else key, symmetric)
        return edges[k]

    def support(e: _Edge, row: dict[str, Node]) -> None:
        art = str(row["g"])
        e.articles.add(art)
        sentence = _text(row, "sentence")
        if sentence:
            e.sentences.add((art, sentence))

    rels = {r.iri: r for k, r in m.relations.items() if k not in ("spoke_about", "holds")}
    for row in _select(store, _relation_query(rels)):
        rel = rels[URIRef(str(row["p"]))]
        support(edge(str(row["s"]), str(row["o"]), rel.key, rel.symmetric), row)

    for row in _select(store, _holds_query()):
        e = edge(str(row["s"]), str(row["o"]), "holds")
        support(e, row)
        role = _text(row, "role")
        if role:
            e.roles.setdefault(role.casefold(), role)

    voted: set[tuple[str, str]] = set()  # (statement, about): one stance vote each
    for row in _select(store, _statement_query()):
        e = edge(str(row["s"]), str(row["o"]), "spoke_about")
        support(e, row)
        vote = (str(row["f"]), str(row["o"]))
        if "stance" in row and vote not in voted:
            voted.add(vote)
            stance = m.key(URIRef(str(row["stance"])))
            if stance:
                e.stances[stance] += 1

    for (s, o, key), e in sorted(edges.items()):
        for node in (s, o):
            if node not in g:  # an endpoint the entity query did not type: keep it visible
                g.add_node(node, label=node.rsplit("/", 1)[-1], type="Thing", articles=0)
        attrs: dict[str, Any] = {
            "predicate": key,
            "label": e.label,
            "articles": sorted(e.articles),
            "evidence": _evidence(e, articles),
        }
        if e.symmetric:
            attrs["symmetric"] = True
        if key == "holds":
            roles = sorted(e.roles.values(), key=str.casefold)
            attrs["roles"] = roles
            attrs["label"] = "; ".join(roles) if roles else e.label
        if key == "spoke_about":
            attrs["stance"] = _stance(e.stances) or "assert"
            attrs["stances"] = dict(sorted(e.stances.items()))
        g.add_edge(s, o, key=key, **attrs)
    return g
