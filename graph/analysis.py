"""Questions asked of the knowledge graph: neighbourhoods, paths, rankings, communities, who
claims what, what happened when, who held which post on a day, and which entity a name means.

Two kinds of functions:

* on an in-memory projection (a networkx graph from :mod:`graph.project`, or any graph whose
  nodes have ``label`` and ``type`` and whose edges have ``predicate``): :func:`ego`,
  :func:`shortest_paths`, :func:`simple_paths`, :func:`centrality`, :func:`communities`.
  Paths, centrality and communities use the undirected simple view of the graph, whose edge
  ``weight`` is the sum over the merged edges of their ``weight`` or, failing that, their
  number of supporting ``articles`` (at least 1);
* on the store, with SPARQL whose parameters are bound, never pasted: :func:`contested_claims`,
  :func:`timeline`, :func:`posts_as_of`, :func:`resolve_entity`.

Examples
--------
A hand-made projection:

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, t in [("ann", "Person"), ("bo", "Person"), ("eu", "Organization"), ("fr", "Country")]:
...     g.add_node(n, label=n.title(), type=t)
>>> g.add_edge("ann", "eu", key="member_of", predicate="member_of", label="member of",
...            articles=["a1"], evidence=[])
'member_of'
>>> g.add_edge("bo", "eu", key="leads", predicate="leads", label="leads", articles=["a1", "a2"],
...            evidence=[{"sentence": "Bo leads the EU."}])
'leads'
>>> g.add_edge("bo", "fr", key="holds", predicate="holds", label="minister", articles=["a2"],
...            evidence=[])
'holds'
>>> sorted(ego(g, "ann", hops=2))
['ann', 'bo', 'eu']
>>> sorted(ego(g, "bo", predicates=["leads"]))
['bo', 'eu']
>>> [format_path(p) for p in shortest_paths(g, "ann", "fr")]
['Ann -[member of]- Eu -[leads]- Bo -[minister]- Fr']
>>> [(node, score) for node, _, score in centrality(g, "degree", top=2)]
[('bo', 0.6666666666666666), ('eu', 0.6666666666666666)]

The store-side functions, on a memory store with one hand-made article:

>>> from datetime import date
>>> from graph.rdf.build import build_graph
>>> from graph.records import Article, Entity, Evidence, Extraction, Mention, Role, Statement
>>> from graph.store import open_store
>>> text = "Ann Lee, the former minister, denied it. Officials said Lee resigned."
>>> art = Article(text=text, title="Lee", url="https://example.org/lee",
...               published=date(2025, 3, 1))
>>> x = Extraction(art, entities=[
...     Entity("a", "Ann Lee", "Person", [Mention(0, 7, "Ann Lee", "PERSON")], {"Lee"}),
...     Entity("o", "Freedonia", "Country")],
...     roles=[Role(Evidence.of(text, 0, 40), person="a", role="minister", org="o",
...                 ended=True)],
...     statements=[
...         Statement(Evidence.of(text, 0, 40), speaker="a", cue="denied", stance="deny",
...                   quote="it", about=["a"]),
...         Statement(Evidence.of(text, 41, 69), speaker="o", cue="said", stance="assert",
...                   quote="Lee resigned", via="Officials", about=["a"])])
>>> store = open_store("memory")
>>> built = build_graph(x)
>>> store.replace_graph(built.identifier, built)
>>> lee = resolve_entity(store, "lee")  # an alias, case-insensitive
>>> str(lee)
'https://w3id.org/newskg/person/ann-lee'
>>> claims = contested_claims(store, lee)
>>> claims.counts, claims.contested
({'assert': 1, 'deny': 1, 'speculate': 0}, True)
>>> [(c.speaker_label, c.via, c.named) for c in claims.by_stance["assert"]]
[('Freedonia', 'Officials', False)]
>>> [(e.kind, e.date, e.date_kind) for e in timeline(store, lee)][:2]
[('PostHolding', '2025-03-01', 'published'), ('Statement', '2025-03-01', 'published')]
>>> posts_as_of(store, date(2025, 3, 2))  # the post is marked ended ("former")
[]
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, pairwise
from typing import Any, Literal

import networkx as nx
from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.term import Node

from .errors import ConfigError, NotFoundError, QueryError
from .model import Model, model
from .project import (
    _VALID_FILTER,
    MAX_EVIDENCE,
    _articles,
    _as_of_binding,
    _chunks,
    _dates,
    _Filters,
    _iri,
    _nodes,
    _select,
    _sentences,
    _statement_rows,
    _text,
    _values,
)
from .store.base import Store

__all__ = [
    "Claim",
    "Claims",
    "PathFact",
    "PathStep",
    "PostHeld",
    "TimelineEntry",
    "centrality",
    "communities",
    "contested_claims",
    "ego",
    "format_path",
    "posts_as_of",
    "resolve_entity",
    "shortest_paths",
    "simple_paths",
    "timeline",
]

_STANCES = ("assert", "deny", "speculate")


# ------------------------------------------------------------------------------ helpers
def _label(g: nx.Graph, node: Any) -> str:
    return str(g.nodes[node].get("label") or node) if node in g else str(node)


def _need(g: nx.Graph, *nodes: Any) -> None:
    for n in nodes:
        if n not in g:
            raise NotFoundError(f"{n} is not a node of the graph")


def _type_keys(m: Model, types: Iterable[str]) -> list[URIRef]:
    keys = [types] if isinstance(types, str) else list(types)
    out = []
    for k in keys:
        try:
            out.append(m.term(k))
        except ConfigError:
            known = ", ".join(sorted(m.entity_classes))
            raise ConfigError(f"{k!r} is not a type; the entity types are: {known}") from None
    return out


def _is_a(m: Model, type_key: Any, wanted: list[URIRef]) -> bool:
    try:
        cls = m.term(str(type_key))
    except ConfigError:  # "Thing", or no type
        return False
    return any(m.is_subclass(cls, w) for w in wanted)


def _weight(data: dict[str, Any]) -> float:
    if isinstance(data.get("weight"), int | float):
        return float(data["weight"])
    return float(max(1, len(data.get("articles") or [])))


def _simple(g: nx.Graph) -> nx.Graph:
    """The undirected simple view: one edge per pair, ``weight`` summed over merged edges."""
    out: nx.Graph = nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        if u == v:
            continue
        w = _weight(data)
        if out.has_edge(u, v):
            out[u][v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    return out


# ------------------------------------------------------------------------------ projections
def ego(
    g: nx.Graph,
    center: Any,
    hops: int = 1,
    *,
    types: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
) -> nx.Graph:
    """The nodes within ``hops`` steps of ``center`` (edges followed in either direction) and
    the edges among them, as a copy of the same graph class; the center gets ``center=True``.

    ``types`` keeps the other nodes whose ``type`` is one of these ontology class keys or a
    subclass (the center is always kept); ``predicates`` keeps the edges whose ``predicate``
    is one of these. On :func:`graph.project.actor_graph` with the same filters this gives
    what :func:`graph.project.ego_graph` reads from the store.
    """
    _need(g, center)
    m = model()
    wanted = _type_keys(m, types) if types is not None else None
    preds: set[str] | None = None
    if predicates is not None:
        preds = {predicates} if isinstance(predicates, str) else set(predicates)

    def keep_node(n: Any) -> bool:
        return wanted is None or n == center or _is_a(m, g.nodes[n].get("type"), wanted)

    def keep_edge(u: Any, v: Any, k: Any = None) -> bool:
        data = g.edges[u, v, k] if g.is_multigraph() else g.edges[u, v]
        return preds is None or data.get("predicate") in preds

    view = nx.subgraph_view(g, filter_node=keep_node, filter_edge=keep_edge)
    near = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), center, hops)
    out = view.subgraph(near).copy()
    out.nodes[center]["center"] = True
    return out


# ------------------------------------------------------------------------------ paths
@dataclass(frozen=True)
class PathFact:
    """One edge between two steps of a path, as the projection stores it."""

    predicate: str
    label: str
    source: Any  # the edge's direction in the graph
    target: Any
    articles: list[str] = field(default_factory=list, repr=False)
    evidence: list[dict[str, Any]] = field(default_factory=list, repr=False)
    stance: str | None = None


@dataclass(frozen=True)
class PathStep:
    """A node of a path and the facts joining it to the previous node (none for the first)."""

    node: Any
    label: str
    facts: list[PathFact] = field(default_factory=list)


def _facts(g: nx.Graph, u: Any, v: Any) -> list[PathFact]:
    out = []
    for s, o in ((u, v), (v, u)) if g.is_directed() else ((u, v),):
        data = g.get_edge_data(s, o)
        if not data:
            continue
        edges = data.values() if g.is_multigraph() else [data]
        for d in edges:
            out.append(
                PathFact(
                    predicate=str(d.get("predicate", "")),
                    label=str(d.get("label", d.get("predicate", ""))),
                    source=s,
                    target=o,
                    articles=list(d.get("articles") or []),
                    evidence=list(d.get("evidence") or []),
                    stance=d.get("stance"),
                )
            )
    return sorted(out, key=lambda f: (f.predicate, str(f.source)))


def _steps(g: nx.Graph, path: list[Any]) -> list[PathStep]:
    steps = [PathStep(path[0], _label(g, path[0]))]
    for prev, node in pairwise(path):
        steps.append(PathStep(node, _label(g, node), _facts(g, prev, node)))
    return steps


def format_path(path: list[PathStep]) -> str:
    """One line: labels joined by the labels of the facts between them."""
    out = path[0].label if path else ""
    for step in path[1:]:
        out += f" -[{'; '.join(sorted({f.label for f in step.facts}))}]- {step.label}"
    return out


def shortest_paths(g: nx.Graph, a: Any, b: Any, *, max_paths: int = 5) -> list[list[PathStep]]:
    """Up to ``max_paths`` shortest paths from ``a`` to ``b`` on the undirected view, each a
    list of :class:`PathStep` (the facts along every edge); ``[]`` if they are not
    connected."""
    _need(g, a, b)
    und = _simple(g)
    try:
        paths = list(islice(nx.all_shortest_paths(und, a, b), max_paths))
    except nx.NetworkXNoPath:
        return []
    return [_steps(g, p) for p in paths]


def simple_paths(
    g: nx.Graph, a: Any, b: Any, *, cutoff: int = 3, max_paths: int = 50
) -> list[list[PathStep]]:
    """Up to ``max_paths`` paths without repeated nodes from ``a`` to ``b`` of at most
    ``cutoff`` edges on the undirected view, shortest first (Yen's algorithm)."""
    _need(g, a, b)
    und = _simple(g)
    out: list[list[Any]] = []
    try:
        for p in nx.shortest_simple_paths(und, a, b):
            if len(p) - 1 > cutoff or len(out) >= max_paths:
                break
            out.append(p)
    except nx.NetworkXNoPath:
        return []
    return [_steps(g, p) for p in out]


# ------------------------------------------------------------------------------ rankings
def centrality(
    g: nx.Graph,
    kind: Literal["degree", "betweenness", "pagerank"] = "pagerank",
    top: int = 20,
) -> list[tuple[Any, str, float]]:
    """The ``top`` nodes by centrality on the undirected simple view, as ``(node, label,
    score)``, highest first (ties by label, then node). ``degree`` and ``betweenness`` are
    networkx's normalized, unweighted measures; ``pagerank`` uses the edge weights."""
    und = _simple(g)
    if kind == "degree":
        scores = nx.degree_centrality(und)
    elif kind == "betweenness":
        scores = nx.betweenness_centrality(und)
    elif kind == "pagerank":
        scores = nx.pagerank(und, weight="weight") if und.number_of_nodes() else {}
    else:
        raise ValueError(f"unknown centrality {kind!r}; use degree, betweenness or pagerank")
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _label(g, kv[0]), str(kv[0])))
    return [(n, _label(g, n), float(s)) for n, s in ranked[:top]]


def communities(g: nx.Graph, seed: int = 7) -> list[set[Any]]:
    """Louvain communities of the undirected simple weighted view, largest first (ties by
    their smallest node); the same ``seed`` gives the same communities."""
    und = _simple(g)
    if und.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(und, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


# ------------------------------------------------------------------------------ claims
@dataclass(frozen=True)
class Claim:
    """One statement about the entity: who said it, how, where."""

    stance: str
    speaker: str
    speaker_label: str
    via: str | None  # the relayed or anonymous source, as the text describes it
    cue: str | None
    quote: str
    article: str
    title: str | None
    date: str | None
    url: str | None
    sentence: str | None
    fact: str

    @property
    def named(self) -> bool:
        """Whether the speaker is the source (no relayed or anonymous ``via``)."""
        return self.via is None

    @property
    def source(self) -> str:
        return self.speaker_label if self.named else f"{self.speaker_label} (via {self.via})"


@dataclass
class Claims:
    """The statements about one entity, grouped by stance (``assert``, ``deny``,
    ``speculate``), each group newest first."""

    entity: str
    label: str
    by_stance: dict[str, list[Claim]]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(cs) for s, cs in self.by_stance.items()}

    @property
    def speakers(self) -> dict[str, list[str]]:
        """The speakers on each side (labels, sorted, each once)."""
        return {s: sorted({c.speaker_label for c in cs}) for s, cs in self.by_stance.items()}

    @property
    def named(self) -> int:
        return sum(c.named for cs in self.by_stance.values() for c in cs)

    @property
    def anonymous(self) -> int:
        return sum(not c.named for cs in self.by_stance.values() for c in cs)

    @property
    def contested(self) -> bool:
        """Whether some assert and some deny."""
        return bool(self.by_stance.get("assert")) and bool(self.by_stance.get("deny"))

    @property
    def summary(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "speakers": self.speakers,
            "named": self.named,
            "anonymous": self.anonymous,
            "contested": self.contested,
        }

    def format_text(self) -> str:
        """A plain-text report: the summary, then each stance's claims with their sources."""
        total = sum(self.counts.values())
        lines = [
            f"Claims about {self.label} ({self.entity}): {total} statement(s), "
            + ", ".join(f"{n} {s}" for s, n in self.counts.items())
            + f"; {self.named} from named sources, {self.anonymous} relayed or anonymous"
            + ("; contested" if self.contested else "")
        ]
        for stance, claims in self.by_stance.items():
            if not claims:
                continue
            lines.append("")
            lines.append(f"{stance.upper()} ({len(claims)}): {', '.join(self.speakers[stance])}")
            for c in claims:
                lines.append(f"- {c.source} {c.cue or 'said'}: “{c.quote}”")
                where = ", ".join(x for x in (c.title, c.date) if x)
                if where:
                    lines.append(f"    {where}")
        return "\n".join(lines)


def contested_claims(store: Store, entity: URIRef | str) -> Claims:
    """The statements about ``entity`` grouped by stance, with speaker, source, cue, quote,
    sentence and article (see :class:`Claims`). Bound parameters only."""
    m = model()
    iri = URIRef(str(entity))
    rows = _statement_rows(store, iri)
    facts = {str(r["f"]): r for r in rows}  # one row per statement
    arts = _articles(store, {str(r["g"]) for r in facts.values()}) if facts else {}
    said = _sentences(store, facts) if facts else {}
    people = _nodes(store, m, _Filters.make(m), {str(r["s"]) for r in facts.values()} | {str(iri)})
    groups: dict[str, list[Claim]] = {s: [] for s in _STANCES}
    for fact, r in facts.items():
        stance = m.key(URIRef(str(r["stance"]))) if "stance" in r else None
        meta = arts.get(str(r["g"]), {})
        speaker = str(r["s"])
        claim = Claim(
            stance=stance or "assert",
            speaker=speaker,
            speaker_label=people.get(speaker, {}).get("label") or speaker.rsplit("/", 1)[-1],
            via=_text(r, "via"),
            cue=_text(r, "cue"),
            quote=_text(r, "quote") or "",
            article=str(r["g"]),
            title=meta.get("title"),
            date=meta.get("date"),
            url=meta.get("url"),
            sentence=said.get(fact),
            fact=fact,
        )
        groups.setdefault(claim.stance, []).append(claim)
    for claims in groups.values():
        claims.sort(key=lambda c: (c.speaker_label, c.article, c.sentence or "", c.fact))
        claims.sort(key=lambda c: c.date or "", reverse=True)
    label = people.get(str(iri), {}).get("label") or str(iri).rsplit("/", 1)[-1]
    return Claims(str(iri), label, groups)


# ------------------------------------------------------------------------------ timeline
@dataclass(frozen=True)
class TimelineEntry:
    """One fact involving the entity, with the date it is placed at.

    ``date_kind`` says which date that is: ``when`` (the day of a one-off event),
    ``start`` (when it began to hold) or ``published`` (the article's date, as a fallback);
    ``date`` is ``None`` when there is none. ``position`` is the entity's place in the fact:
    ``subject``, ``object``, ``speaker``, ``about`` or ``post_in`` (a post in it).
    """

    date: str | None
    date_kind: str | None
    kind: str  # the fact class key: Leadership, PostHolding, Statement, ...
    position: str
    predicate: str | None  # the relation key (holds, leads, spoke_about, ...)
    subject: str
    subject_label: str
    object: str | None
    object_label: str | None
    text: str  # one line saying the fact
    start: str | None
    end: str | None
    ended: bool
    stance: str | None
    quote: str | None
    article: str
    title: str | None
    published: str | None
    url: str | None
    sentence: str | None
    fact: str

    def __str__(self) -> str:
        return f"{self.date or 'undated'} ({self.date_kind or 'no date'}) {self.text}"


def _timeline_query() -> str:
    subj, obj, holds = _iri("subject"), _iri("object"), _iri("holds")
    branches = [
        f'GRAPH ?g {{ ?f {subj} ?entity }} BIND("subject" AS ?position)',
        f'GRAPH ?g {{ ?f {obj} ?entity }} BIND("object" AS ?position)',
        f'GRAPH ?g {{ ?f {_iri("speaker")} ?entity }} BIND("speaker" AS ?position)',
        f'GRAPH ?g {{ ?f {_iri("about")} ?entity }} BIND("about" AS ?position)',
        f"GRAPH ?g {{ ?_post {_iri('post_in')} ?entity . ?f {obj} ?_post ; "
        f'{_iri("predicate")} {holds} }} BIND("post_in" AS ?position)',
    ]
    union = "\n  UNION ".join(f"{{ {b} }}" for b in branches)
    opts = "".join(
        f"  OPTIONAL {{ GRAPH ?g {{ ?f {_iri(k)} ?{v} }} }}\n"
        for k, v in (
            ("subject", "s"),
            ("predicate", "p"),
            ("object", "o"),
            ("when", "when"),
            ("start_date", "start"),
            ("end_date", "end"),
            ("ended", "ended"),
            ("stance", "stance"),
            ("quote", "quote"),
            ("role_name", "role"),
        )
    )
    return f"""
SELECT ?f ?position ?cls ?s ?p ?o ?when ?start ?end ?ended ?stance ?quote ?role ?g WHERE {{
  {union}
  GRAPH ?g {{ ?f a ?cls . FILTER (?cls != {_iri("Fact")}) }}
{opts}}}"""


def _labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """The smallest ``skos:prefLabel`` of each IRI (entities, posts, roles)."""
    out: dict[str, str] = {}
    for chunk in _chunks(iris):
        q = f"""
SELECT ?e (MIN(STR(?l)) AS ?label) WHERE {{
  GRAPH ?g {{ {_values("e", chunk)} ?e {_iri("pref_label")} ?l }}
}} GROUP BY ?e"""
        for row in _select(store, q):
            out[str(row["e"])] = str(row["label"])
    return out


def timeline(store: Store, entity: URIRef | str) -> list[TimelineEntry]:
    """Every fact involving ``entity`` (posts it holds or that are in it, relations either
    way, statements by or about it), each placed at its ``nk:when``, else its start date,
    else its article's publication date, sorted by that date (undated facts last; then by
    article date, article and sentence)."""
    m = model()
    iri = URIRef(str(entity))
    rows = _select(store, _timeline_query(), {"entity": iri})
    by_fact: dict[tuple[str, str], dict[str, Node]] = {}
    for r in rows:
        by_fact[(str(r["f"]), str(r["position"]))] = r
    # a statement's speaker is also its rdf:subject: keep it as the speaker only
    for fact, position in list(by_fact):
        if position == "subject" and (fact, "speaker") in by_fact:
            del by_fact[(fact, position)]
    arts = _articles(store, {str(r["g"]) for r in by_fact.values()}) if by_fact else {}
    said = _sentences(store, {f for f, _ in by_fact}) if by_fact else {}
    names = {str(r[v]) for r in by_fact.values() for v in ("s", "o") if v in r}
    labels = _labels(store, names) if names else {}
    holds = m.relations["holds"].iri
    out = []
    for (fact, position), r in by_fact.items():
        meta = arts.get(str(r["g"]), {})
        kind = m.key(URIRef(str(r["cls"]))) or str(r["cls"])
        subject = str(r.get("s", iri))
        obj = _text(r, "o")
        pred = m.key(URIRef(str(r["p"]))) if "p" in r else None
        if kind == "Statement":
            pred = "spoke_about"
        when, start, published = _text(r, "when"), _text(r, "start"), meta.get("date")
        day, day_kind = (
            (when, "when")
            if when
            else (start, "start")
            if start
            else (published, "published")
            if published
            else (None, None)
        )
        s_label = labels.get(subject, subject.rsplit("/", 1)[-1])
        o_label = labels.get(obj, obj.rsplit("/", 1)[-1]) if obj else None
        stance = m.key(URIRef(str(r["stance"]))) if "stance" in r else None
        quote = _text(r, "quote")
        if kind == "Statement":
            text = f"{s_label} ({stance or 'assert'}): “{quote or ''}”"
        elif "p" in r and URIRef(str(r["p"])) == holds:
            text = f"{s_label} holds post {o_label}"
        else:
            rel = m.relations.get(pred or "")
            text = f"{s_label} {rel.label if rel else pred} {o_label}"
        ended = r.get("ended")
        out.append(
            TimelineEntry(
                date=day,
                date_kind=day_kind,
                kind=kind,
                position=position,
                predicate=pred,
                subject=subject,
                subject_label=s_label,
                object=obj,
                object_label=o_label,
                text=text,
                start=start,
                end=_text(r, "end"),
                ended=bool(ended.toPython()) if isinstance(ended, RDFLiteral) else False,
                stance=stance,
                quote=quote,
                article=str(r["g"]),
                title=meta.get("title"),
                published=published,
                url=meta.get("url"),
                sentence=said.get(fact),
                fact=fact,
            )
        )
    out.sort(
        key=lambda e: (
            e.date is None,
            e.date or "",
            e.published or "",
            e.article,
            e.sentence or "",
            e.fact,
            e.position,
        )
    )
    return out


# ------------------------------------------------------------------------------ posts
@dataclass(frozen=True)
class PostHeld:
    """A post a person holds on the day asked, merged over the facts that say so."""

    person: str
    person_label: str
    role: str
    post: str
    post_label: str
    org: str | None
    org_label: str | None
    start: str | None  # the earliest start date given, if any
    end: str | None  # the latest end date given, if any
    articles: list[str]
    evidence: list[dict[str, Any]]  # newest first, at most MAX_EVIDENCE


def _posts_query(entity: bool) -> str:
    subj, pred, obj, holds = _iri("subject"), _iri("predicate"), _iri("object"), _iri("holds")
    post_in = _iri("post_in")
    if entity:
        pick = (
            f"{{ GRAPH ?g {{ ?f {subj} ?entity ; {pred} {holds} }} }} UNION "
            f"{{ GRAPH ?g {{ ?post {post_in} ?entity . ?f {obj} ?post ; {pred} {holds} }} }}"
        )
    else:
        pick = f"GRAPH ?g {{ ?f {pred} {holds} }}"
    return f"""
SELECT ?f ?person ?post ?org ?role ?g ?_start ?_end WHERE {{
  {pick}
  GRAPH ?g {{ ?f {subj} ?person ; {obj} ?post . {_dates("?f")} }}
  OPTIONAL {{ GRAPH ?g {{ ?post {post_in} ?org }} }}
  OPTIONAL {{ GRAPH ?g {{ ?f {_iri("role_name")} ?role }} }}
  {_VALID_FILTER}
}}"""


def posts_as_of(store: Store, day: date, entity: URIRef | str | None = None) -> list[PostHeld]:
    """The posts held on ``day``: post-holding facts valid on that day by the rule of
    :func:`graph.project.actor_graph`'s ``as_of`` (article published by then, started by
    then, not ended before then, not marked ended), merged per person and post; only those of
    ``entity`` (the person, or the organization or country the post is in) if given. Sorted
    by person label, then role."""
    bindings: dict[str, Node] = dict(_as_of_binding(day) or {})
    if entity is not None:
        bindings["entity"] = URIRef(str(entity))
    rows = _select(store, _posts_query(entity is not None), bindings)
    arts = _articles(store, {str(r["g"]) for r in rows}) if rows else {}
    said = _sentences(store, {str(r["f"]) for r in rows}) if rows else {}
    names = {str(r[v]) for r in rows for v in ("person", "post", "org") if v in r}
    labels = _labels(store, names) if names else {}
    merged: dict[tuple[str, str], list[dict[str, Node]]] = {}
    for r in rows:
        merged.setdefault((str(r["person"]), str(r["post"])), []).append(r)
    out = []
    for (person, post), rs in merged.items():
        org = next((str(r["org"]) for r in rs if "org" in r), None)
        roles = sorted({str(r["role"]) for r in rs if "role" in r})
        starts = sorted(str(r["_start"]) for r in rs if "_start" in r)
        ends = sorted(str(r["_end"]) for r in rs if "_end" in r)
        ev = []
        for r in rs:
            meta = arts.get(str(r["g"]), {})
            ev.append({"sentence": said.get(str(r["f"])), **meta, "article": str(r["g"])})
        ev = sorted(
            {(e["article"], e["sentence"] or ""): e for e in ev}.values(),
            key=lambda e: (e.get("title") or "", e["sentence"] or ""),
        )
        ev.sort(key=lambda e: e.get("date") or "", reverse=True)
        out.append(
            PostHeld(
                person=person,
                person_label=labels.get(person, person.rsplit("/", 1)[-1]),
                role=roles[0] if roles else labels.get(post, post.rsplit("/", 1)[-1]),
                post=post,
                post_label=labels.get(post, post.rsplit("/", 1)[-1]),
                org=org,
                org_label=labels.get(org) if org else None,
                start=starts[0] if starts else None,
                end=ends[-1] if ends else None,
                articles=sorted({str(r["g"]) for r in rs}),
                evidence=ev[:MAX_EVIDENCE],
            )
        )
    return sorted(out, key=lambda p: (p.person_label, p.person, p.role.casefold(), p.post))


# ------------------------------------------------------------------------------ lookup
def _named(store: Store, name: str, *, fold: bool) -> dict[str, int]:
    """Things labelled ``name`` (exactly, or ignoring case): IRI -> 1 if by a preferred
    label, 0 if only by an alias. ``name`` is bound as a parameter."""
    pref, alt = _iri("pref_label"), _iri("alt_label")
    if fold:
        q = f"""
SELECT DISTINCT ?e ?isPref WHERE {{
  {{ GRAPH ?g {{ ?e {pref} ?l }} BIND(1 AS ?isPref) }}
  UNION {{ GRAPH ?g {{ ?e {alt} ?l }} BIND(0 AS ?isPref) }}
  FILTER (LCASE(STR(?l)) = LCASE(STR(?name)))
}}"""
    else:
        q = f"""
SELECT DISTINCT ?e ?isPref WHERE {{
  {{ GRAPH ?g {{ ?e {pref} ?name }} BIND(1 AS ?isPref) }}
  UNION {{ GRAPH ?g {{ ?e {alt} ?name }} BIND(0 AS ?isPref) }}
}}"""
    out: dict[str, int] = {}
    for r in _select(store, q, {"name": RDFLiteral(name)}):
        e = str(r["e"])
        out[e] = max(out.get(e, 0), int(str(r["isPref"])))
    return out


def _suggestions(store: Store, text: str) -> list[str]:
    """Up to five entity labels containing the name, or one of its words (3+ letters)."""
    words = [text] + [w for w in text.replace("'", " ").replace("’", " ").split() if len(w) > 2]
    pref = _iri("pref_label")
    q = f"""
SELECT DISTINCT ?label WHERE {{
  GRAPH ?g {{ ?e {pref} ?label }}
  FILTER (CONTAINS(LCASE(STR(?label)), LCASE(STR(?name))))
}} ORDER BY STRLEN(?label) ?label LIMIT 20"""
    m = model()
    found: list[str] = []
    for w in dict.fromkeys(words[:4]):
        rows = _select(store, q, {"name": RDFLiteral(w)})
        labels = {str(r["label"]) for r in rows}
        if not labels:
            continue
        # keep entities only (posts and roles have labels too)
        for label in sorted(labels, key=lambda x: (len(x), x)):
            named = _named(store, label, fold=False)
            if label not in found and _nodes(store, m, _Filters.make(m), named):
                found.append(label)
        if len(found) >= 5:
            break
    return found[:5]


def resolve_entity(store: Store, name_or_iri: URIRef | str) -> URIRef:
    """The entity an IRI, a prefixed name (``person:sergei-lavrov``, with the prefixes of
    :meth:`graph.model.Model.prefixes`) or a name means.

    A name is matched against every entity's ``skos:prefLabel`` and ``skos:altLabel``
    exactly, then case-insensitively; among several matches a preferred label wins over an
    alias, then the entity named in more articles, then the smaller IRI. Raises
    :class:`~graph.errors.NotFoundError` (with close names when some exist) if nothing
    matches. The name is a bound parameter, never pasted into the query.
    """
    from .queries import expand_iri

    m = model()
    text = str(name_or_iri).strip()
    if not text:
        raise NotFoundError("no entity name given")
    iri: URIRef | None = None
    if isinstance(name_or_iri, URIRef):
        iri = name_or_iri
    elif ":" in text and " " not in text:
        try:
            iri = expand_iri(text)
        except QueryError:
            iri = None
    if iri is not None:
        if _nodes(store, m, _Filters.make(m), [str(iri)]):
            return iri
        raise NotFoundError(
            f"{text}: no such entity in the store; give a name, or look one up with "
            "`kg query --named entities`"
        )
    for fold in (False, True):
        named = _named(store, text, fold=fold)
        entities = _nodes(store, m, _Filters.make(m), named) if named else {}
        if entities:
            best = min(entities, key=lambda e: (-named[e], -entities[e]["articles"], e))
            return URIRef(best)
    close = _suggestions(store, text)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFoundError(
        f"no entity is named {text!r}{hint} (names are labels or aliases; "
        "`kg query --named entities` lists them)"
    )
