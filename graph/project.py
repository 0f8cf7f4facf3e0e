"""networkx projections of the store, built with SPARQL (Python never walks the quads).

:func:`actor_graph` projects the article graphs onto who is connected to whom:

* **nodes** are entities (IRI string as node id) with ``label`` (``skos:prefLabel``),
  ``type`` (the ontology class key: ``Person``, ``Organization``, ``Country``, ...) and
  ``articles`` (how many articles name it). An organization that only appears as the
  ``schema:publisher`` of articles (never mentioned, never part of a fact) is not a node;
* **edges** carry ``predicate`` (a relation key), ``label``, ``articles`` (sorted article
  IRIs supporting it) and ``evidence`` (at most :data:`MAX_EVIDENCE` dicts with ``sentence``,
  ``title``, ``date``, ``url`` and ``article``, newest article first). They come from

  - the facts of every relation property of ``model().relations`` except ``spoke_about``
    and ``holds`` (``met_with``, ``leads``, ``member_of``, ...): their fact nodes, and any
    truthy triple that has none;
  - posts, collapsed: a person ``org:holds`` a post that is ``org:postIn`` an organization
    or country gives a ``holds`` edge person -> organization labelled with the role name(s)
    (also in ``roles``; one spelling per role whatever the case, the smallest);
  - statements: speaker -> each entity it is about, predicate ``spoke_about``, with
    ``stance`` (the most frequent stance of the statements merged into the edge; ties go to
    ``assert``, then ``deny``) and ``stances`` (count per stance).

Edges of the same predicate between the same pair are merged (the multigraph's edge key is
the predicate key), their articles unioned; for symmetric properties (``met_with``,
``communicated_with``) both directions are one edge, stored from the smaller IRI to the
larger, with ``symmetric=True``.

Filters (:func:`actor_graph` and :func:`ego_graph`), all applied inside the SPARQL queries:

* ``types``: ontology class keys; a node is kept when its class is one of them or a subclass
  (``Organization`` keeps government bodies, media outlets and delegations; ``Place`` keeps
  countries). Edges need both ends kept.
* ``predicates``: relation keys (``leads``, ``member_of``, ``holds``, ``spoke_about``, ...);
  only those edges. Nodes are not dropped for having no edge left.
* ``as_of``: a date D. **A fact is valid on D** when its article was published on or before
  D, its ``schema:startDate`` (if any) is on or before D, its ``schema:endDate`` (if any) is
  on or after D, and it is not marked ``nk:ended`` by an article published on or before D
  (so, with the first condition, an ended fact is never valid). Partial dates compare at
  their own precision: a start of ``2004`` is on or before every day of 2004, an end of
  ``2022-03`` on or after every day of March 2022. ``nk:when`` (the day of a one-off event)
  is not part of the rule. Only valid facts make edges; nodes are the entities named in
  articles published on or before D (``articles`` counts those), and an article without a
  publication date counts as not yet published.
* ``entities`` (:func:`actor_graph` only): the subgraph these entities induce.

:func:`ego_graph` expands an entity's neighbourhood hop by hop with queries bound by a
``VALUES`` block of the frontier, never projecting the whole store: per hop one query for the
edges touching the frontier (relations, posts and statements, either direction) and one for
the nodes it reaches; at the end one query for the edges among the last ring (start in a
``VALUES`` block, end checked by ``FILTER ... IN``), one for the articles' titles and dates
and one for the evidence sentences (each of these once per 250 terms: Oxigraph plans larger
``VALUES`` blocks badly). On a 1M-quad store the 1-hop ego graph of an entity named in 276
articles (293 nodes, 1,355 edges) takes about 0.55 s (``benchmarks/bench_project.py``).
Its result equals the ego network, taken on the undirected view, of :func:`actor_graph` with
the same filters (the center is always kept and has ``center=True``).

:func:`statement_graph` shows who said what: speaker -> statement node -> each entity it is
about. :func:`comention_graph` links entities named in the same articles, weighted by how many.

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
>>> [d["predicate"] for _, _, d in actor_graph(store, predicates=["met_with"]).edges(data=True)]
['met_with']
>>> lee = "https://w3id.org/newskg/person/ann-lee"
>>> eg = ego_graph(store, URIRef(lee), hops=1)
>>> sorted(eg.nodes), eg.nodes[lee]["center"]
(['https://w3id.org/newskg/person/ann-lee', 'https://w3id.org/newskg/person/bo-chen'], True)
>>> sg = statement_graph(store)
>>> sorted(d["type"] for _, d in sg.nodes(data=True))
['Person', 'Person', 'Statement']
>>> comention_graph(store).number_of_edges()  # no mentions in this hand-made article
0
>>> store.close()
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from .errors import ConfigError, NotFoundError
from .model import Model, model
from .store.base import Store, term_to_sparql

__all__ = [
    "MAX_EVIDENCE",
    "actor_graph",
    "comention_graph",
    "ego_graph",
    "statement_graph",
]

#: At most this many evidence sentences are kept per edge.
MAX_EVIDENCE = 5

_STANCE_ORDER = ("assert", "deny", "speculate")  # tie-break order for an edge's stance
# At most this many terms in one VALUES block: Oxigraph's plan for a larger block can turn
# quadratic (measured on 1M quads: 400 facts' sentences in 0.05 s, 1,600 in 6 s).
_CHUNK = 250


def _iri(key: str) -> str:
    """A term of the ontology, serialized for SPARQL (``<...>``)."""
    return model().term(key).n3()


def _select(
    store: Store, sparql: str, bindings: dict[str, Node] | None = None
) -> list[dict[str, Node]]:
    """Run a SELECT query; rows as ``{variable: term}`` with unbound variables left out."""
    res = store.query(sparql, bindings)
    return [{str(k): v for k, v in b.items() if v is not None} for b in res.bindings]


def _text(row: dict[str, Node], var: str) -> str | None:
    v = row.get(var)
    return None if v is None else str(v)


def _values(var: str, terms: Iterable[str | Node]) -> str:
    """A ``VALUES ?var { ... }`` block of IRIs, each serialized by
    :func:`~graph.store.base.term_to_sparql` (checked and escaped, never pasted as text).

    >>> _values("e", ["https://example.org/a", URIRef("https://example.org/b")])
    'VALUES ?e { <https://example.org/a> <https://example.org/b> }'
    """
    body = " ".join(term_to_sparql(t if isinstance(t, Node) else URIRef(t)) for t in terms)
    return f"VALUES ?{var} {{ {body} }}"


def _among(var: str, terms: Iterable[str | Node]) -> str:
    """A ``FILTER (?var IN (...))`` of IRIs, serialized like :func:`_values`.

    Oxigraph evaluates a ``VALUES`` block joined to a bound pattern as a nested loop over
    the block, so a second block (classes, predicates, the other end of an edge) multiplies
    the work; a ``FILTER ... IN`` checks each row instead (measured on 1M quads: the
    entities of 250 IRIs in 41 ms instead of 266 ms).

    >>> _among("o", ["https://example.org/a", URIRef("https://example.org/b")])
    'FILTER (?o IN (<https://example.org/a>, <https://example.org/b>))'
    """
    body = ", ".join(term_to_sparql(t if isinstance(t, Node) else URIRef(t)) for t in terms)
    return f"FILTER (?{var} IN ({body}))"


def _chunks(items: Iterable[str], size: int = _CHUNK) -> list[list[str]]:
    ordered = sorted(set(items))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


# ------------------------------------------------------------------------------ validity
# The date D is bound as ?asOf through Store.query's VALUES block, at the start of the
# outermost WHERE group. The patterns below bind ?_pub, ?_start, ?_end and ?_ended inside the
# article's GRAPH group; the FILTERs stay at the outer level, where ?asOf is in scope.
def _at_precision(var: str) -> str:
    """``?asOf`` cut to the precision of ``var`` (``2025-11-07`` -> ``2025`` for a gYear)."""
    return f"SUBSTR(STR(?asOf), 1, STRLEN(STR({var})))"


_PUBLISHED_FILTER = f"FILTER ({_at_precision('?_pub')} >= STR(?_pub))"

_VALID_FILTER = f"""
  {_PUBLISHED_FILTER}
  FILTER (!BOUND(?_start) || {_at_precision("?_start")} >= STR(?_start))
  FILTER (!BOUND(?_end) || {_at_precision("?_end")} <= STR(?_end))
  FILTER (!(COALESCE(?_ended = true, false) && {_at_precision("?_pub")} >= STR(?_pub)))
"""


def _dates(fact: str) -> str:
    """Inside ``GRAPH ?g``: bind the article's date and the fact's time qualifiers."""
    return (
        f"?g {_iri('date_published')} ?_pub . "
        f"OPTIONAL {{ {fact} {_iri('start_date')} ?_start }} "
        f"OPTIONAL {{ {fact} {_iri('end_date')} ?_end }} "
        f"OPTIONAL {{ {fact} {_iri('ended')} ?_ended }}"
    )


def _as_of_binding(as_of: date | None) -> dict[str, Node] | None:
    if as_of is None:
        return None
    return {"asOf": Literal(as_of.isoformat(), datatype=XSD.date)}


# ------------------------------------------------------------------------------ filters
@dataclass(frozen=True)
class _Filters:
    """What a projection keeps: entity classes, relation keys, and the day facts hold."""

    classes: tuple[URIRef, ...]  # allowed entity classes (subclasses included)
    typed: bool  # whether ``types`` was given (untyped edge ends are then dropped)
    predicates: frozenset[str] | None
    as_of: date | None

    @classmethod
    def make(
        cls,
        m: Model,
        types: Iterable[str] | None = None,
        predicates: Iterable[str] | None = None,
        as_of: date | None = None,
    ) -> _Filters:
        classes = tuple(m.entity_classes.values())
        typed = types is not None
        if types is not None:
            keys = [types] if isinstance(types, str) else list(types)
            for k in keys:
                if k not in m.entity_classes:
                    known = ", ".join(sorted(m.entity_classes))
                    raise ConfigError(f"{k!r} is not an entity type; the types are: {known}")
            wanted = [m.term(k) for k in keys]
            classes = tuple(c for c in classes if any(m.is_subclass(c, w) for w in wanted))
        preds = None
        if predicates is not None:
            pkeys = [predicates] if isinstance(predicates, str) else list(predicates)
            for k in pkeys:
                if k not in m.relations:
                    known = ", ".join(sorted(m.relations))
                    raise ConfigError(f"{k!r} is not a relation; the relations are: {known}")
            preds = frozenset(pkeys)
        return cls(classes, typed, preds, as_of)

    def wants(self, predicate: str) -> bool:
        return self.predicates is None or predicate in self.predicates

    @property
    def bindings(self) -> dict[str, Node] | None:
        return _as_of_binding(self.as_of)


# ------------------------------------------------------------------------------ queries
def _entity_query(classes: Iterable[URIRef], restrict: str = "", dated: bool = False) -> str:
    """Entities with their article count, smallest label and classes (GROUP BY ?e).

    The classes are a ``VALUES`` block over the whole store, a ``FILTER ... IN`` when
    ``restrict`` binds the entities (see :func:`_among`: each is faster in its case).
    """
    if restrict:
        is_entity = f"?e a ?cls . {_among('cls', classes)}"
    else:
        is_entity = f"VALUES ?cls {{ {' '.join(c.n3() for c in classes)} }} ?e a ?cls ."
    in_fact = "|".join(_iri(k) for k in ("subject", "object", "speaker", "about", "post_in"))
    pub = f"?g {_iri('date_published')} ?_pub ." if dated else ""
    return f"""
SELECT ?e (COUNT(DISTINCT ?g) AS ?n) (MIN(STR(?lab)) AS ?label)
       (GROUP_CONCAT(DISTINCT STR(?cls); separator=" ") AS ?classes)
WHERE {{
  GRAPH ?g {{
    {restrict}
    {is_entity}
    {pub}
    OPTIONAL {{ ?e {_iri("pref_label")} ?lab }}
    FILTER (NOT EXISTS {{ ?g {_iri("publisher")} ?e }}
            || EXISTS {{ ?_m {_iri("has_body")} ?e }}
            || EXISTS {{ ?_f {in_fact} ?e }})
  }}
  {_PUBLISHED_FILTER if dated else ""}
}}
GROUP BY ?e"""


def _edge_branches(m: Model, f: _Filters, restrict: str) -> list[str]:
    """The UNION branches of an edge query: relations, posts, statements, each restricted.

    Written for Oxigraph's planner, which evaluates an OPTIONAL of more than one triple
    pattern (or a property path) without the bindings of its left side: an edge comes from
    the fact node (``rdf:subject``/``rdf:predicate``/``rdf:object``, about three times
    faster than joining it to the truthy triple on a 1M-quad store), and a truthy triple
    without a fact node (never written by :mod:`graph.rdf.build`, but possible in loaded
    data) has its own ``NOT EXISTS`` branch. Roles are the facts' ``schema:roleName`` (the
    same words as the role's label).
    """
    dated = f.as_of is not None
    subj, pred, obj = _iri("subject"), _iri("predicate"), _iri("object")
    out = []

    def with_and_without_fact(truthy: str, fact: str, reified: str, extra: str, kind: str) -> None:
        dates = _dates("?f") if dated else ""
        out.append(
            f"""{{ GRAPH ?g {{ {restrict} {fact} {extra} {dates} }}
    BIND("{kind}" AS ?kind) }}"""
        )
        if not dated:  # a truthy triple without a fact node cannot be dated
            out.append(
                f"""{{ GRAPH ?g {{ {restrict} {truthy} FILTER NOT EXISTS {{ {reified} }} }}
    BIND("{kind}" AS ?kind) }}"""
            )

    rels = [r for k, r in m.relations.items() if k not in ("spoke_about", "holds") and f.wants(k)]
    if rels:
        # the fact's predicate: a VALUES block over the whole store, a FILTER once restricted
        values = f"VALUES ?p {{ {' '.join(r.iri.n3() for r in rels)} }}"
        truthy = f"{values} ?s ?p ?o ."
        if restrict:
            fact = f"?f {subj} ?s ; {pred} ?p ; {obj} ?o . {_among('p', [r.iri for r in rels])}"
        else:
            fact = f"{values} ?f {subj} ?s ; {pred} ?p ; {obj} ?o ."
        with_and_without_fact(
            truthy,
            fact,
            f"?_x {subj} ?s ; {pred} ?p ; {obj} ?o .",
            "",
            "rel",
        )
    if f.wants("holds"):
        holds = _iri("holds")
        post_in = f"?post {_iri('post_in')} ?o ."
        with_and_without_fact(
            f"?s {holds} ?post . {post_in}",
            f"?f {subj} ?s ; {pred} {holds} ; {obj} ?post . {post_in}",
            f"?_x {subj} ?s ; {pred} {holds} ; {obj} ?post .",
            f"OPTIONAL {{ ?f {_iri('role_name')} ?role }}",
            "holds",
        )
    if f.wants("spoke_about"):
        out.append(
            f"""{{
    GRAPH ?g {{
      {restrict}
      ?f {_iri("speaker")} ?s ; {_iri("about")} ?o .
      {_dates("?f") if dated else ""}
      OPTIONAL {{ ?f {_iri("stance")} ?stance }}
    }}
    BIND("said" AS ?kind) }}"""
        )
    return out


def _edge_query(m: Model, f: _Filters, restricts: Sequence[str]) -> str | None:
    """One query for every edge kind under each restriction (a ``VALUES`` snippet), or None
    when the filters leave no edge kind."""
    branches = [b for r in restricts for b in _edge_branches(m, f, r)]
    if not branches:
        return None
    body = "\n  UNION\n  ".join(branches)
    return f"""
SELECT ?kind ?s ?p ?o ?g ?f ?stance ?role WHERE {{
  {body}
  {_VALID_FILTER if f.as_of is not None else ""}
}}"""


def _article_query(restrict: str = "") -> str:
    return f"""
SELECT ?g ?title ?date ?url WHERE {{
  GRAPH ?g {{
    {restrict}
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
    facts: set[tuple[str, str]] = field(default_factory=set)  # (article, fact node)
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


def _evidence(
    e: _Edge, articles: dict[str, dict[str, str | None]], sentences: dict[str, str]
) -> list[dict[str, Any]]:
    def order(item: tuple[str, str]) -> tuple[str, str, str]:
        meta = articles.get(item[0], {})
        return (meta.get("date") or "", meta.get("title") or "", item[1])

    out: list[dict[str, Any]] = []
    # newest first; equal dates by title, then sentence (stable, reproducible output)
    said = {(art, sentences[f]) for art, f in e.facts if f in sentences}
    by_date = sorted(said, key=order)
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


def _node_attrs(m: Model, row: dict[str, Node]) -> dict[str, Any]:
    iri = str(row["e"])
    n = row.get("n")
    return {
        "label": _text(row, "label") or iri.rsplit("/", 1)[-1],
        "type": _entity_type(m, _text(row, "classes") or ""),
        "articles": int(n.toPython()) if isinstance(n, Literal) else 0,
    }


def _thing(iri: str) -> dict[str, Any]:
    """Attributes of an edge end no entity query typed (kept visible as a ``Thing``)."""
    return {"label": iri.rsplit("/", 1)[-1], "type": "Thing", "articles": 0}


def _nodes(
    store: Store, m: Model, f: _Filters, iris: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Node attributes of the entities the filters keep: all of them, or those in ``iris``
    (one query per :data:`_CHUNK` IRIs)."""
    dated = f.as_of is not None
    if iris is None:
        queries = [_entity_query(f.classes, "", dated)]
    else:
        queries = [_entity_query(f.classes, _values("e", c), dated) for c in _chunks(iris)]
    out: dict[str, dict[str, Any]] = {}
    for q in queries:
        for row in _select(store, q, f.bindings):
            out[str(row["e"])] = _node_attrs(m, row)
    return out


def _sentence_query(restrict: str = "") -> str:
    ev, sel = _iri("evidence"), _iri("has_selector")
    return f"""
SELECT ?f ?sentence WHERE {{
  GRAPH ?g {{
    {restrict}
    ?f {ev} ?_ev . ?_ev {sel} ?_q . ?_q {_iri("exact")} ?sentence .
  }}
}}"""


def _sentences(store: Store, facts: Iterable[str] | None = None) -> dict[str, str]:
    """The evidence sentence of every fact node, or of those in ``facts``.

    Fetched apart from the edges: an OPTIONAL evidence path inside the edge queries is
    planned badly by Oxigraph (measured 25x slower than this lookup by ``VALUES``).
    """
    if facts is None:
        queries = [_sentence_query()]
    else:
        queries = [_sentence_query(_values("f", c)) for c in _chunks(facts)]
    out: dict[str, str] = {}
    for q in queries:
        for row in _select(store, q):
            f = str(row["f"])
            out[f] = min(out.get(f, str(row["sentence"])), str(row["sentence"]))
    return out


def _articles(store: Store, graphs: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Title, date and URL of every article, or of those in ``graphs``."""
    if graphs is None:
        queries = [_article_query()]
    else:
        queries = [_article_query(_values("g", c)) for c in _chunks(graphs)]
    out: dict[str, dict[str, Any]] = {}
    for q in queries:
        for row in _select(store, q):
            out[str(row["g"])] = {
                "title": _text(row, "title"),
                "date": _text(row, "date"),
                "url": _text(row, "url"),
            }
    return out


class _Edges:
    """Edges merged from the rows of :func:`_edge_query` (adding a row twice changes nothing)."""

    def __init__(self, m: Model) -> None:
        self.m = m
        self.rels = {r.iri: r for k, r in m.relations.items() if k not in ("spoke_about", "holds")}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
        self.voted: set[tuple[str, str]] = set()  # (statement, about): one stance vote each

    def _edge(self, s: str, o: str, key: str, symmetric: bool = False) -> _Edge:
        if symmetric and o < s:
            s, o = o, s
        k = (s, o, key)
        if k not in self.edges:
            rel = self.m.relations.get(key)
            self.edges[k] = _Edge(key, rel.label if rel else key, symmetric)
        return self.edges[k]

    def add(self, row: dict[str, Node]) -> None:
        s, o, kind = str(row["s"]), str(row["o"]), str(row["kind"])
        if kind == "rel":
            rel = self.rels[URIRef(str(row["p"]))]
            e = self._edge(s, o, rel.key, rel.symmetric)
        elif kind == "holds":
            e = self._edge(s, o, "holds")
            role = _text(row, "role")
            if role:  # one spelling per role, the same whatever the row order
                k = role.casefold()
                e.roles[k] = min(e.roles.get(k, role), role)
        else:
            e = self._edge(s, o, "spoke_about")
            vote = (str(row["f"]), o)
            if "stance" in row and vote not in self.voted:
                self.voted.add(vote)
                stance = self.m.key(URIRef(str(row["stance"])))
                if stance:
                    e.stances[stance] += 1
        art = str(row["g"])
        e.articles.add(art)
        if "f" in row:
            e.facts.add((art, str(row["f"])))

    def articles(self) -> set[str]:
        return {a for e in self.edges.values() for a in e.articles}

    def evidence_facts(self, articles: dict[str, dict[str, Any]]) -> set[str]:
        """The facts whose sentences can be among an edge's :data:`MAX_EVIDENCE` newest.

        Evidence is ordered by article date (newest first), then title, then sentence. An
        article gives an edge at least one sentence, so the newest ``MAX_EVIDENCE``
        articles, with every article tied with the last of them on date and title, hold
        all the sentences that can make the cut.
        """

        def key(art: str) -> tuple[str, str]:
            meta = articles.get(art, {})
            return (meta.get("date") or "", meta.get("title") or "")

        out: set[str] = set()
        for e in self.edges.values():
            arts = sorted({a for a, _ in e.facts}, key=key)  # by title, then newest first
            arts.sort(key=lambda a: key(a)[0], reverse=True)
            if len(arts) > MAX_EVIDENCE:
                last = key(arts[MAX_EVIDENCE - 1])
                arts = arts[:MAX_EVIDENCE] + [a for a in arts[MAX_EVIDENCE:] if key(a) == last]
            keep = set(arts)
            out.update(f for a, f in e.facts if a in keep)
        return out

    def sentences(self, store: Store, articles: dict[str, dict[str, Any]]) -> dict[str, str]:
        """Evidence sentences of the facts :meth:`evidence_facts` picks; then, for an edge
        left with fewer than :data:`MAX_EVIDENCE` (facts without a sentence), of all its
        facts."""
        out = _sentences(store, self.evidence_facts(articles))
        more: set[str] = set()
        for e in self.edges.values():
            if len({(a, out[f]) for a, f in e.facts if f in out}) < MAX_EVIDENCE:
                more.update(f for _, f in e.facts if f not in out)
        if more:
            out.update(_sentences(store, more))
        return out

    def into(
        self,
        g: nx.MultiDiGraph,
        articles: dict[str, dict[str, Any]],
        sentences: dict[str, str],
    ) -> None:
        """Add the merged edges to ``g`` (sorted, so the graph is the same run after run)."""
        for (s, o, key), e in sorted(self.edges.items()):
            for node in (s, o):
                if node not in g:  # an end the entity query did not type: keep it visible
                    g.add_node(node, **_thing(node))
            attrs: dict[str, Any] = {
                "predicate": key,
                "label": e.label,
                "articles": sorted(e.articles),
                "evidence": _evidence(e, articles, sentences),
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


def _ends(row: dict[str, Node]) -> tuple[str, str]:
    return str(row["s"]), str(row["o"])


def _edge_rows(
    store: Store,
    m: Model,
    f: _Filters,
    restricts: Callable[[list[str]], list[str]],
    iris: Iterable[str],
) -> list[dict[str, Node]]:
    """Edge rows under restrictions built from chunks of ``iris``."""
    out: list[dict[str, Node]] = []
    for chunk in _chunks(iris):
        q = _edge_query(m, f, restricts(chunk))
        if q is not None:
            out.extend(_select(store, q, f.bindings))
    return out


# ------------------------------------------------------------------------------ projections
def actor_graph(
    store: Store,
    *,
    types: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    as_of: date | None = None,
    entities: Iterable[URIRef | str] | None = None,
) -> nx.MultiDiGraph:
    """Project the store onto entities and the relations, posts and statements between them.

    See the module docstring for the node and edge attributes and the filters. Without
    ``entities`` it runs four queries (entities, edges, article metadata, evidence
    sentences) over the whole store; with ``entities`` every query is bound by ``VALUES``
    blocks of them. The work done in Python is proportional to the number of facts, not of
    quads.
    """
    m = model()
    f = _Filters.make(m, types, predicates, as_of)
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    acc = _Edges(m)
    if entities is None:
        nodes = _nodes(store, m, f)
        q = _edge_query(m, f, [""])
        rows = _select(store, q, f.bindings) if q is not None else []
    else:
        wanted = sorted({str(e) for e in entities})
        nodes = _nodes(store, m, f, wanted)
        # the induced subgraph: edges from the entities, kept when they end among them
        among = _among("o", wanted)
        rows = _edge_rows(store, m, f, lambda c: [f"{_values('s', c)} {among}"], wanted)
    for iri in sorted(nodes):
        g.add_node(iri, **nodes[iri])
    for row in rows:
        s, o = _ends(row)
        if f.typed and (s not in nodes or o not in nodes):
            continue
        acc.add(row)
    if entities is None:
        acc.into(g, _articles(store), _sentences(store))
    else:
        articles = _articles(store, acc.articles())
        acc.into(g, articles, acc.sentences(store, articles))
    return g


def ego_graph(
    store: Store,
    entity: URIRef | str,
    hops: int = 1,
    *,
    types: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    as_of: date | None = None,
) -> nx.MultiDiGraph:
    """The entities within ``hops`` steps of ``entity`` (either direction) and the edges
    among them, with :func:`actor_graph`'s attributes; the center has ``center=True``.

    Expands hop by hop: per hop one edge query and one node query bound by ``VALUES`` of the
    frontier (one of each per 250 frontier nodes); then one query for the edges among the
    last ring, one for article metadata and one for the evidence sentences of the facts that
    can be among an edge's :data:`MAX_EVIDENCE` newest (again per 250). ``types`` filters
    the other nodes (the center is always kept), ``predicates`` the edges followed,
    ``as_of`` the facts (see the module docstring). Raises
    :class:`~graph.errors.NotFoundError` if ``entity`` is not an entity of the store.
    """
    if hops < 0:
        raise ValueError(f"hops must be 0 or more, not {hops}")
    m = model()
    f = _Filters.make(m, types, predicates, as_of)
    center = str(entity)
    anytype = _Filters.make(m, None, None, as_of)
    found = _nodes(store, m, anytype, [center]) or _nodes(store, m, _Filters.make(m), [center])
    if center not in found:
        raise NotFoundError(
            f"{center} is not an entity of the store; look one up with "
            "graph.analysis.resolve_entity or `kg query --named entities`"
        )
    nodes: dict[str, dict[str, Any]] = {center: {**found[center], "center": True}}
    acc = _Edges(m)
    frontier = [center]

    def either(chunk: list[str]) -> list[str]:
        return [_values("s", chunk), _values("o", chunk)]

    for _ in range(hops):
        rows = _edge_rows(store, m, f, either, frontier)
        new = {x for row in rows for x in _ends(row)} - nodes.keys()
        reached = _nodes(store, m, f, new) if new else {}
        if not f.typed:
            reached.update({x: _thing(x) for x in new - reached.keys()})
        nodes.update(reached)
        for row in rows:
            s, o = _ends(row)
            if s in nodes and o in nodes:
                acc.add(row)
        frontier = sorted(reached)
        if not frontier:
            break
    if frontier and hops > 0:  # the edges among the last ring, not yet expanded
        # both ends in the ring: a VALUES block of the start, a FILTER on the end (a second
        # VALUES block was slower than fetching every edge leaving the ring; see _among)
        among = _among("o", frontier)
        for row in _edge_rows(store, m, f, lambda c: [f"{_values('s', c)} {among}"], frontier):
            acc.add(row)
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for iri in sorted(nodes):
        g.add_node(iri, **nodes[iri])
    articles = _articles(store, acc.articles())
    acc.into(g, articles, acc.sentences(store, articles))
    return g


def _statement_rows(store: Store, entity: URIRef | None = None) -> list[dict[str, Node]]:
    """Statements (``f``, speaker ``s``, article ``g``, ``stance``, ``cue``, ``via``,
    ``quote``), one row per entity ``o`` it is about; only those about ``entity`` if given
    (bound as a parameter). Sentences and article metadata are fetched apart
    (:func:`_sentences`, :func:`_articles`)."""
    about = f"?f {_iri('about')} ?entity ." if entity is not None else ""
    opt = "".join(
        f"OPTIONAL {{ GRAPH ?g {{ ?f {_iri(k)} ?{k} }} }}\n  "
        for k in ("about", "stance", "cue", "via", "quote")
    ).replace("?about }", "?o }")
    q = f"""
SELECT ?f ?s ?o ?g ?stance ?cue ?via ?quote WHERE {{
  GRAPH ?g {{ {about} ?f {_iri("speaker")} ?s . }}
  {opt}
}}"""
    return _select(store, q, {"entity": entity} if entity is not None else None)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def statement_graph(store: Store, entity: URIRef | str | None = None) -> nx.MultiDiGraph:
    """Who said what: speaker -> statement -> each entity the statement is about.

    * entity nodes as in :func:`actor_graph` (``label``, ``type``, ``articles``);
    * one node per statement (its fact IRI): ``type="Statement"``, ``label`` (the cue and
      the start of the quote), ``stance``, ``cue``, ``via`` (the relayed or anonymous
      source, when there is one), ``quote``, ``sentence``, ``article``, ``title``, ``date``,
      ``url``, ``articles=1``;
    * a ``said`` edge speaker -> statement with ``stance``, and an ``about`` edge statement
      -> entity; both with ``predicate``, ``label``, ``articles`` and ``evidence``.

    With ``entity``, only the statements about it (bound as a parameter). Four queries
    (statements, entities, sentences, articles; the last three per 250 terms).
    """
    m = model()
    rows = _statement_rows(store, URIRef(str(entity)) if entity is not None else None)
    rows.sort(key=lambda r: (str(r["f"]), str(r.get("o", ""))))
    articles = _articles(store, {str(r["g"]) for r in rows}) if rows else {}
    sentences = _sentences(store, {str(r["f"]) for r in rows}) if rows else {}
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    entities = {str(r["s"]) for r in rows} | {str(r["o"]) for r in rows if "o" in r}
    info = _nodes(store, m, _Filters.make(m), entities) if entities else {}
    for iri in sorted(entities):
        g.add_node(iri, **info.get(iri, _thing(iri)))
    for row in rows:
        fact, speaker, art = str(row["f"]), str(row["s"]), str(row["g"])
        meta = articles.get(art, {})
        evidence = [{"sentence": sentences.get(fact), **meta, "article": art}]
        if fact not in g:
            stance = m.key(URIRef(str(row["stance"]))) if "stance" in row else None
            cue, quote = _text(row, "cue"), _text(row, "quote") or ""
            attrs = {
                "label": f"{cue}: “{_short(quote)}”" if cue else f"“{_short(quote)}”",
                "type": "Statement",
                "articles": 1,
                "stance": stance or "assert",
                "cue": cue,
                "via": _text(row, "via"),
                "quote": quote,
                "sentence": sentences.get(fact),
                "article": art,
                "title": meta.get("title"),
                "date": meta.get("date"),
                "url": meta.get("url"),
            }
            g.add_node(fact, **{k: v for k, v in attrs.items() if v is not None})
            g.add_edge(
                speaker,
                fact,
                key="said",
                predicate="said",
                label="said",
                stance=stance or "assert",
                articles=[art],
                evidence=evidence,
            )
        if "o" in row and not g.has_edge(fact, str(row["o"]), key="about"):
            g.add_edge(
                fact,
                str(row["o"]),
                key="about",
                predicate="about",
                label="about",
                articles=[art],
                evidence=evidence,
            )
    return g


def _comention_query() -> str:
    body = _iri("has_body")
    return f"""
SELECT ?a ?b (COUNT(?g) AS ?n) (GROUP_CONCAT(STR(?g); separator=" ") AS ?arts) WHERE {{
  {{ SELECT DISTINCT ?g ?a WHERE {{ GRAPH ?g {{ ?_m1 {body} ?a }} }} }}
  {{ SELECT DISTINCT ?g ?b WHERE {{ GRAPH ?g {{ ?_m2 {body} ?b }} }} }}
  FILTER (STR(?a) < STR(?b))
}}
GROUP BY ?a ?b ?minArticles
HAVING (COUNT(?g) >= ?minArticles)"""


def comention_graph(store: Store, *, min_articles: int = 1) -> nx.Graph:
    """Entities named in the same articles: an undirected graph whose edges have ``weight``
    (the number of articles naming both) and ``articles`` (those articles, sorted).

    Nodes are the entities of :func:`actor_graph` (``label``, ``type``, ``articles``);
    pairs named together in fewer than ``min_articles`` articles get no edge. The pairs are
    counted by one SPARQL aggregate (``min_articles`` is bound as a parameter).
    """
    if min_articles < 1:
        raise ValueError(f"min_articles must be 1 or more, not {min_articles}")
    m = model()
    g: nx.Graph = nx.Graph()
    nodes = _nodes(store, m, _Filters.make(m))
    for iri in sorted(nodes):
        g.add_node(iri, **nodes[iri])
    rows = _select(store, _comention_query(), {"minArticles": Literal(min_articles)})
    for row in sorted(rows, key=lambda r: (str(r["a"]), str(r["b"]))):
        a, b = str(row["a"]), str(row["b"])
        for node in (a, b):
            if node not in g:
                g.add_node(node, **_thing(node))
        n = row["n"]
        weight = int(n.toPython()) if isinstance(n, Literal) else 0
        arts = sorted(set((_text(row, "arts") or "").split()))
        g.add_edge(a, b, weight=weight, articles=arts)
    return g
