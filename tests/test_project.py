"""Tests of the networkx projections (graph.project) and their file exports (graph.nxexport)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import URIRef

from graph.analysis import ego
from graph.errors import ConfigError, NotFoundError
from graph.nxexport import write_gexf, write_graphml, write_node_link
from graph.project import actor_graph, comention_graph, ego_graph, statement_graph
from graph.queries import run_named
from graph.rdf.build import build_graph
from graph.records import Article, Entity, Evidence, Extraction, Mention, Relation, Role
from graph.resolve import article_iri
from graph.store import Store, open_store
from graph.store.base import rows

PERSON = "https://w3id.org/newskg/person/"
LAVROV = PERSON + "sergei-lavrov"


# ------------------------------------------------------------------------------ fixtures
def _span(text: str, part: str) -> Evidence:
    begin = text.index(part)
    return Evidence.of(text, begin, begin + len(part))


def _ingest(store: Store, *extractions: Extraction) -> None:
    for x in extractions:
        store.replace_graph(article_iri(x.article), build_graph(x))


def _dated_articles() -> list[Extraction]:
    """Two articles whose facts test the as_of rule, one case per fact."""
    text = (
        "Ann Lee has been Freedonia's foreign minister since 2020. "
        "Ann Lee, the former trade minister, met Bo Chen. "
        "Bo Chen was envoy until December 2024. "
        "Cy Dunn will be envoy from 2026. "
        "Bo Chen has chaired the Union since 2025. "
        "Cy Dunn was Union treasurer until March 2025."
    )
    first = Article(
        text=text, title="Early", url="https://example.org/early", published=date(2025, 1, 10)
    )
    ents = [
        Entity("ann", "Ann Lee", "Person", [Mention(0, 7, "Ann Lee", "PERSON")]),
        Entity("bo", "Bo Chen", "Person"),
        Entity("cy", "Cy Dunn", "Person"),
        Entity("fre", "Freedonia", "Country"),
        Entity("uni", "Union", "Organization"),
    ]
    s1 = _span(text, "Ann Lee has been Freedonia's foreign minister since 2020.")
    s2 = _span(text, "Ann Lee, the former trade minister, met Bo Chen.")
    s3 = _span(text, "Bo Chen was envoy until December 2024.")
    s4 = _span(text, "Cy Dunn will be envoy from 2026.")
    s5 = _span(text, "Bo Chen has chaired the Union since 2025.")
    s6 = _span(text, "Cy Dunn was Union treasurer until March 2025.")
    early = Extraction(
        first,
        entities=ents,
        roles=[
            Role(s1, person="ann", role="foreign minister", org="fre", start="2020"),
            Role(s2, person="ann", role="trade minister", org="fre", ended=True),
            Role(s3, person="bo", role="envoy", org="fre", end="2024-12"),
            Role(s4, person="cy", role="envoy", org="fre", start="2026"),
            Role(s6, person="cy", role="treasurer", org="uni", end="2025-03"),
        ],
        relations=[
            Relation(s2, subject="ann", predicate="met_with", object="bo"),
            Relation(s5, subject="bo", predicate="leads", object="uni", start="2025"),
        ],
    )
    text2 = "Bo Chen met Cy Dunn."
    second = Article(
        text=text2, title="Late", url="https://example.org/late", published=date(2025, 6, 1)
    )
    late = Extraction(
        second,
        entities=[Entity("bo", "Bo Chen", "Person"), Entity("cy", "Cy Dunn", "Person")],
        relations=[
            Relation(Evidence.of(text2, 0, 20), subject="bo", predicate="met_with", object="cy")
        ],
    )
    return [early, late]


@pytest.fixture
def dated_store() -> Iterator[Store]:
    store = open_store("memory")
    _ingest(store, *_dated_articles())
    yield store
    store.close()


def _edges(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    labels = nx.get_node_attributes(g, "label")
    return {(labels[u], labels[v], k) for u, v, k in g.edges(keys=True)}


def _label_of(g: nx.Graph, label: str) -> str:
    found = [n for n, d in g.nodes(data=True) if d.get("label") == label]
    assert len(found) == 1, (label, found)
    return found[0]


# ------------------------------------------------------------------------------ actor_graph
def test_actor_graph_contract_on_the_samples(sample_store: Store) -> None:
    g = actor_graph(sample_store)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes[LAVROV]["label"] == "Sergei Lavrov"
    assert g.nodes[LAVROV]["type"] == "Person"
    assert g.nodes[LAVROV]["articles"] == 2  # the sample and the seed article both name him
    for _, _, key, d in g.edges(keys=True, data=True):
        assert key == d["predicate"]
        assert d["articles"] == sorted(d["articles"]) and d["articles"]
        assert all(ev["sentence"] and ev["article"] in d["articles"] for ev in d["evidence"])
    holds = g.edges[LAVROV, "https://w3id.org/newskg/country/russia", "holds"]
    assert "foreign minister" in {r.casefold() for r in holds["roles"]}


def test_types_filter_keeps_subclasses_and_drops_edges_to_others(sample_store: Store) -> None:
    people = actor_graph(sample_store, types=["Person"])
    assert people.number_of_nodes() > 10
    assert {d["type"] for _, d in people.nodes(data=True)} == {"Person"}
    assert {d["predicate"] for _, _, d in people.edges(data=True)} <= {
        "met_with",
        "communicated_with",
        "spoke_about",
    }
    orgs = actor_graph(sample_store, types=["Organization"])
    kinds = {d["type"] for _, d in orgs.nodes(data=True)}
    assert {"GovernmentOrganization", "NewsMediaOrganization", "Delegation"} <= kinds
    assert "Person" not in kinds and "Country" not in kinds
    places = actor_graph(sample_store, types=["Place"])
    assert "Country" in {d["type"] for _, d in places.nodes(data=True)}
    with pytest.raises(ConfigError, match="not an entity type"):
        actor_graph(sample_store, types=["Persn"])


def test_predicates_filter(sample_store: Store) -> None:
    g = actor_graph(sample_store, predicates=["leads", "formerly_led"])
    preds = {d["predicate"] for _, _, d in g.edges(data=True)}
    assert preds == {"leads", "formerly_led"}
    # the nodes stay: a predicate filter does not drop entities
    assert g.number_of_nodes() == actor_graph(sample_store).number_of_nodes()
    with pytest.raises(ConfigError, match="not a relation"):
        actor_graph(sample_store, predicates=["knows"])


def test_entities_filter_is_the_induced_subgraph(sample_store: Store) -> None:
    full = actor_graph(sample_store)
    some = [LAVROV, PERSON + "vladimir-putin", PERSON + "marco-rubio", PERSON + "dmitry-peskov"]
    sub = actor_graph(sample_store, entities=[URIRef(x) for x in some])
    expected = full.subgraph(some)
    assert dict(sub.nodes(data=True)) == dict(expected.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in sub.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)
    }
    assert sub.number_of_edges() >= 2


def test_as_of_keeps_only_facts_valid_on_the_day(dated_store: Store) -> None:
    everything = _edges(actor_graph(dated_store))
    assert ("Cy Dunn", "Freedonia", "holds") in everything  # starts in 2026
    assert ("Bo Chen", "Cy Dunn", "met_with") in everything  # article of June

    march = _edges(actor_graph(dated_store, as_of=date(2025, 3, 1)))
    assert ("Ann Lee", "Freedonia", "holds") in march  # since 2020; the ended post is not
    assert ("Ann Lee", "Bo Chen", "met_with") in march  # no dates: holds from publication
    assert ("Bo Chen", "Union", "leads") in march  # since 2025, compared at year precision
    assert ("Cy Dunn", "Union", "holds") in march  # until March 2025, month precision
    assert ("Bo Chen", "Freedonia", "holds") not in march  # ended December 2024
    assert ("Cy Dunn", "Freedonia", "holds") not in march  # starts after the day
    assert ("Bo Chen", "Cy Dunn", "met_with") not in march  # published after the day
    g = actor_graph(dated_store, as_of=date(2025, 3, 1))
    ann_post = g.edges[PERSON + "ann-lee", "https://w3id.org/newskg/country/freedonia", "holds"]
    assert ann_post["roles"] == ["foreign minister"]  # not the former trade minister

    april = _edges(actor_graph(dated_store, as_of=date(2025, 4, 1)))
    assert ("Cy Dunn", "Union", "holds") not in april
    assert ("Bo Chen", "Cy Dunn", "met_with") not in april

    before = actor_graph(dated_store, as_of=date(2025, 1, 9))  # before any article
    assert before.number_of_nodes() == 0 and before.number_of_edges() == 0


def test_as_of_on_the_samples(sample_store: Store) -> None:
    later = {"2025-11-12", "2025-11-14", "2025-11-19"}
    full = actor_graph(sample_store)
    dated = actor_graph(sample_store, as_of=date(2025, 11, 10))
    assert dated.number_of_edges() < full.number_of_edges()
    dates = {ev["date"] for _, _, d in dated.edges(data=True) for ev in d["evidence"]}
    assert dates == {"2025-11-07"}
    assert {ev["date"] for _, _, d in full.edges(data=True) for ev in d["evidence"]} >= later
    bondarev = PERSON + "boris-bondarev"  # "former diplomat": ended
    assert any(k == "holds" for _, _, k in full.out_edges(bondarev, keys=True))
    assert not any(k == "holds" for _, _, k in dated.out_edges(bondarev, keys=True))
    assert PERSON + "ana-kovac" in full and PERSON + "ana-kovac" not in dated


# ------------------------------------------------------------------------------ ego_graph
def test_ego_of_lavrov_at_one_hop(sample_store: Store) -> None:
    g = ego_graph(sample_store, URIRef(LAVROV), 1)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    # neighbours the sample articles give him (checked in the data: a call with Rubio,
    # a conversation with Putin, Peskov's and Bondarev's statements, sanctions, posts)
    assert {"Vladimir Putin", "Marco Rubio", "Dmitry Peskov", "Boris Bondarev"} <= labels
    assert {"Russia", "Security Council", "European Union"} <= labels
    assert "Ana Kovač" not in labels and "Maxim Oreshkin" not in labels  # two hops away
    assert g.nodes[LAVROV]["center"] is True
    assert sum(1 for _, d in g.nodes(data=True) if d.get("center")) == 1
    rubio = g.edges[PERSON + "marco-rubio", LAVROV, "communicated_with"]  # smaller IRI first
    assert rubio["symmetric"] is True and "Rubio" in rubio["evidence"][0]["sentence"]
    two = ego_graph(sample_store, URIRef(LAVROV), 2)
    assert "Maxim Oreshkin" in {d["label"] for _, d in two.nodes(data=True)}


@pytest.mark.parametrize(
    ("hops", "filters"),
    [
        (1, {}),
        (2, {}),
        (2, {"types": ["Person"]}),
        (2, {"predicates": ["spoke_about", "holds"]}),
        (2, {"as_of": date(2025, 11, 10)}),
        (3, {"types": ["Person", "Organization"], "predicates": ["spoke_about", "leads"]}),
    ],
)
def test_ego_graph_equals_the_ego_of_the_actor_graph(
    sample_store: Store, hops: int, filters: dict[str, Any]
) -> None:
    from_store = ego_graph(sample_store, URIRef(LAVROV), hops, **filters)
    in_memory = ego(actor_graph(sample_store, **filters), LAVROV, hops)
    assert dict(from_store.nodes(data=True)) == dict(in_memory.nodes(data=True))
    edges_store = {(u, v, k): d for u, v, k, d in from_store.edges(keys=True, data=True)}
    edges_mem = {(u, v, k): d for u, v, k, d in in_memory.edges(keys=True, data=True)}
    assert edges_store == edges_mem
    assert from_store.number_of_edges() > 0


def test_ego_graph_queries_are_bound_to_the_frontier(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    query = sample_store.query

    def spy(sparql: str, bindings: Any = None) -> Any:
        seen.append(sparql)
        return query(sparql, bindings)

    monkeypatch.setattr(sample_store, "query", spy)
    ego_graph(sample_store, URIRef(LAVROV), 1)
    one = list(seen)
    # center, then per hop: edges + nodes; then: last ring, articles, sentences
    assert len(one) == 6
    assert all("VALUES ?" in q and "<https://w3id.org/newskg/person/" in q for q in one[:3])
    assert all("VALUES ?" in q for q in one)
    seen.clear()
    ego_graph(sample_store, URIRef(LAVROV), 2)
    assert len(seen) == len(one) + 2  # one more edge query and node query


def test_ego_graph_of_an_unknown_entity(sample_store: Store) -> None:
    with pytest.raises(NotFoundError, match="not an entity"):
        ego_graph(sample_store, URIRef(PERSON + "nobody-at-all"))
    with pytest.raises(ValueError, match="hops"):
        ego_graph(sample_store, URIRef(LAVROV), -1)
    alone = ego_graph(sample_store, URIRef(LAVROV), 0)
    assert list(alone.nodes) == [LAVROV] and alone.number_of_edges() == 0


def test_ego_graph_as_of_and_types_keep_the_center(dated_store: Store) -> None:
    march = ego_graph(dated_store, URIRef(PERSON + "bo-chen"), 1, as_of=date(2025, 3, 1))
    assert _edges(march) == {("Ann Lee", "Bo Chen", "met_with"), ("Bo Chen", "Union", "leads")}
    june = ego_graph(dated_store, URIRef(PERSON + "bo-chen"), 1, as_of=date(2025, 6, 1))
    assert ("Bo Chen", "Cy Dunn", "met_with") in _edges(june)
    only_orgs = ego_graph(dated_store, URIRef(PERSON + "bo-chen"), 1, types=["Organization"])
    assert {d["label"] for _, d in only_orgs.nodes(data=True)} == {"Bo Chen", "Union"}


# ------------------------------------------------------------------------------ statements
def test_statement_graph_about_lavrov(sample_store: Store) -> None:
    g = statement_graph(sample_store, URIRef(LAVROV))
    statements = [n for n, d in g.nodes(data=True) if d["type"] == "Statement"]
    expected = {
        str(r.fact)
        for r in rows(run_named(sample_store, "statements", {"entity": "person:sergei-lavrov"}))
    }
    assert set(statements) == expected and len(expected) > 10
    stances = Counter(g.nodes[st]["stance"] for st in statements)
    assert stances["deny"] >= 3 and stances["assert"] >= 5
    for st in statements:
        said = list(g.in_edges(st, keys=True, data=True))
        assert len(said) == 1 and said[0][2] == "said"
        assert said[0][3]["stance"] == g.nodes[st]["stance"]
        assert g.has_edge(st, LAVROV, key="about")
        assert g.nodes[st]["sentence"] and g.nodes[st]["title"] and g.nodes[st]["date"]
    peskov = PERSON + "dmitry-peskov"
    denials = [st for _, st, d in g.out_edges(peskov, data=True) if d["stance"] == "deny"]
    assert denials
    relayed = [d["via"] for n, d in g.nodes(data=True) if d.get("via")]
    assert "a person familiar with the matter" in relayed


def test_statement_graph_of_the_whole_store(sample_store: Store) -> None:
    g = statement_graph(sample_store)
    statements = [n for n, d in g.nodes(data=True) if d["type"] == "Statement"]
    everything = {str(r.fact) for r in rows(run_named(sample_store, "statements"))}
    assert set(statements) == everything
    about = statement_graph(sample_store, URIRef(LAVROV))
    assert about.number_of_nodes() < g.number_of_nodes()


# ------------------------------------------------------------------------------ co-mentions
def test_comention_weights_count_articles() -> None:
    def article(url: str, names: list[str]) -> Extraction:
        text = " and ".join(names) + "."
        ents, at = [], 0
        for i, name in enumerate(names):
            ents.append(Entity(f"e{i}", name, "Person", [Mention(at, at + len(name), name, "P")]))
            at += len(name) + len(" and ")
        return Extraction(Article(text=text, title=url, url=url), entities=ents)

    store = open_store("memory")
    _ingest(
        store,
        article("https://example.org/1", ["Ann", "Bo", "Cy"]),
        article("https://example.org/2", ["Ann", "Bo"]),
        article("https://example.org/3", ["Bo", "Di"]),
    )
    g = comention_graph(store)
    w = {(g.nodes[a]["label"], g.nodes[b]["label"]): d["weight"] for a, b, d in g.edges(data=True)}
    w = {tuple(sorted(k)): v for k, v in w.items()}
    assert w == {("Ann", "Bo"): 2, ("Ann", "Cy"): 1, ("Bo", "Cy"): 1, ("Bo", "Di"): 1}
    ann_bo = g.edges[PERSON + "ann", PERSON + "bo"]
    assert len(ann_bo["articles"]) == 2
    strong = comention_graph(store, min_articles=2)
    assert [
        tuple(sorted((strong.nodes[a]["label"], strong.nodes[b]["label"]))) for a, b in strong.edges
    ] == [("Ann", "Bo")]
    assert strong.number_of_nodes() == 4  # the nodes stay
    with pytest.raises(ValueError):
        comention_graph(store, min_articles=0)
    store.close()


def test_comention_on_the_samples(sample_store: Store) -> None:
    g = comention_graph(sample_store)
    assert g.number_of_edges() > 100
    n_articles = len(sample_store.graphs())
    for a, b, d in g.edges(data=True):
        assert 1 <= d["weight"] == len(d["articles"]) <= n_articles
        assert d["weight"] <= min(g.nodes[a]["articles"], g.nodes[b]["articles"])
    # Lavrov and Putin are both named in the sample and in the seed article
    assert g.edges[PERSON + "sergei-lavrov", PERSON + "vladimir-putin"]["weight"] == 2


# ------------------------------------------------------------------------------ exports
def _sample_graph(sample_store: Store) -> nx.MultiDiGraph:
    g = actor_graph(sample_store)
    g.nodes[LAVROV]["note"] = None  # None is dropped
    g.graph["title"] = "samples"
    return g


def test_graphml_round_trip(sample_store: Store, tmp_path: Path) -> None:
    g = _sample_graph(sample_store)
    path = write_graphml(g, tmp_path / "out" / "g.graphml")
    assert path == tmp_path / "out" / "g.graphml" and path.is_file()
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    assert set(back.edges(keys=True)) == set(g.edges(keys=True))
    assert back.nodes[LAVROV]["label"] == "Sergei Lavrov"
    assert back.nodes[LAVROV]["articles"] == 2
    assert "note" not in back.nodes[LAVROV]
    for u, v, k, d in g.edges(keys=True, data=True):
        assert json.loads(back.edges[u, v, k]["articles"]) == d["articles"]
        assert json.loads(back.edges[u, v, k]["evidence"]) == d["evidence"]
    assert "note" not in g.nodes[LAVROV] or g.nodes[LAVROV]["note"] is None  # not changed


def test_gexf_round_trip(sample_store: Store, tmp_path: Path) -> None:
    g = _sample_graph(sample_store)
    back = nx.read_gexf(write_gexf(g, tmp_path / "g.gexf"))
    assert set(back.nodes) == set(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[LAVROV]["label"] == "Sergei Lavrov"
    pairs = {(u, v, d["predicate"]) for u, v, d in back.edges(data=True)}
    assert pairs == {(u, v, k) for u, v, k in g.edges(keys=True)}
    spoke = [d for _, _, d in back.edges(data=True) if d["predicate"] == "spoke_about"]
    assert spoke and all(isinstance(json.loads(d["stances"]), dict) for d in spoke)


def test_node_link_round_trip_keeps_structure(sample_store: Store, tmp_path: Path) -> None:
    g = _sample_graph(sample_store)
    path = write_node_link(g, tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_multigraph() and back.is_directed()
    assert set(back.nodes) == set(g.nodes)
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)
    }
    assert "note" not in back.nodes[LAVROV]
    assert back.graph["title"] == "samples"


def test_exports_of_the_statement_graph(sample_store: Store, tmp_path: Path) -> None:
    g = statement_graph(sample_store, URIRef(LAVROV))
    back = nx.read_graphml(write_graphml(g, tmp_path / "s.graphml"), force_multigraph=True)
    kinds = {d["type"] for _, d in back.nodes(data=True)}
    assert "Statement" in kinds
    vias = {d.get("via") for _, d in back.nodes(data=True)} - {None}
    assert "a person familiar with the matter" in vias


def test_projections_on_every_backend(any_store: Store) -> None:
    """The same queries answer alike on Oxigraph on disk, in memory and over HTTP."""
    _ingest(any_store, *_dated_articles())
    bo = PERSON + "bo-chen"
    march = ego_graph(any_store, URIRef(bo), 1, as_of=date(2025, 3, 1))
    assert _edges(march) == {("Ann Lee", "Bo Chen", "met_with"), ("Bo Chen", "Union", "leads")}
    two = ego_graph(any_store, URIRef(bo), 2)
    assert two.nodes[bo]["center"] is True
    assert {d["label"] for _, d in two.nodes(data=True)} == {
        "Ann Lee",
        "Bo Chen",
        "Cy Dunn",
        "Freedonia",
        "Union",
    }
    assert _edges(actor_graph(any_store, as_of=date(2025, 3, 1), types=["Person"])) == {
        ("Ann Lee", "Bo Chen", "met_with")
    }
    co = comention_graph(any_store)
    assert co.number_of_nodes() == 5 and co.number_of_edges() == 0  # one mention: Ann Lee
    assert statement_graph(any_store).number_of_nodes() == 0
