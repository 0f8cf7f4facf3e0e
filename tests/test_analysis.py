"""Tests of graph.analysis: in-memory analyses of projections, and store-side questions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import URIRef

from graph.analysis import (
    Claims,
    centrality,
    communities,
    contested_claims,
    ego,
    format_path,
    posts_as_of,
    resolve_entity,
    shortest_paths,
    simple_paths,
    timeline,
)
from graph.errors import ConfigError, NotFoundError
from graph.pipeline import ingest_paths
from graph.project import actor_graph
from graph.rdf.build import build_graph
from graph.records import Article, Entity, Evidence, Extraction, Relation, Role, Statement
from graph.resolve import article_iri
from graph.store import Store, open_store

NS = "https://w3id.org/newskg/"
LAVROV = NS + "person/sergei-lavrov"


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def seed_store(extractor: Any, seed_article_path: Path) -> Iterator[Store]:
    store = open_store("memory")
    ingest_paths(store, [str(seed_article_path)], extractor)
    yield store
    store.close()


def _edge(g: nx.MultiDiGraph, u: str, v: str, pred: str, *articles: str) -> None:
    g.add_edge(
        u,
        v,
        key=pred,
        predicate=pred,
        label=pred.replace("_", " "),
        articles=list(articles),
        evidence=[{"sentence": f"{u} {pred} {v}.", "article": a} for a in articles],
    )


@pytest.fixture
def small() -> nx.MultiDiGraph:
    """ann - eu - bo - fr, a second route ann - gov - bo, and cy off gov."""
    g = nx.MultiDiGraph()
    for n, t in [
        ("ann", "Person"),
        ("bo", "Person"),
        ("cy", "Person"),
        ("eu", "Organization"),
        ("gov", "GovernmentOrganization"),
        ("fr", "Country"),
    ]:
        g.add_node(n, label=n.upper(), type=t, articles=1)
    _edge(g, "ann", "eu", "member_of", "a1")
    _edge(g, "bo", "eu", "leads", "a1", "a2")
    _edge(g, "bo", "eu", "spoke_about", "a3")
    _edge(g, "bo", "fr", "holds", "a2")
    _edge(g, "ann", "gov", "holds", "a4")
    _edge(g, "gov", "bo", "sanctioned_by", "a5")
    _edge(g, "cy", "gov", "member_of", "a6")
    return g


# ------------------------------------------------------------------------------ ego
def test_ego_hops_types_predicates(small: nx.MultiDiGraph) -> None:
    assert set(ego(small, "ann", 1)) == {"ann", "eu", "gov"}
    assert set(ego(small, "ann", 2)) == {"ann", "eu", "gov", "bo", "cy"}
    assert set(ego(small, "fr", 0)) == {"fr"}
    # Organization includes its subclass GovernmentOrganization; the center is always kept
    assert set(ego(small, "ann", 3, types=["Organization"])) == {"ann", "eu", "gov"}
    assert set(ego(small, "ann", 3, types=["GovernmentOrganization", "Person"])) == {
        "ann",
        "gov",
        "bo",
        "cy",
    }
    assert set(ego(small, "bo", 2, predicates=["leads", "member_of"])) == {"bo", "eu", "ann"}
    out = ego(small, "bo", 1)
    assert out.nodes["bo"]["center"] is True and "center" not in small.nodes["bo"]
    assert set(out) == {"bo", "eu", "fr", "gov"}
    assert out.number_of_edges() == 4  # the edges among the nodes, parallel ones kept
    assert isinstance(out, nx.MultiDiGraph)
    with pytest.raises(NotFoundError):
        ego(small, "zed")
    with pytest.raises(ConfigError):
        ego(small, "ann", types=["Persn"])


# ------------------------------------------------------------------------------ paths
def test_shortest_paths_carry_the_facts(small: nx.MultiDiGraph) -> None:
    paths = shortest_paths(small, "ann", "fr")
    assert sorted(format_path(p) for p in paths) == [
        "ANN -[holds]- GOV -[sanctioned by]- BO -[holds]- FR",
        "ANN -[member of]- EU -[leads; spoke about]- BO -[holds]- FR",
    ]
    via_eu = next(p for p in paths if p[1].node == "eu")
    assert [s.node for s in via_eu] == ["ann", "eu", "bo", "fr"]
    assert via_eu[0].facts == []
    facts = via_eu[2].facts  # eu -> bo: two edges, stored bo -> eu
    assert [(f.predicate, f.source, f.target) for f in facts] == [
        ("leads", "bo", "eu"),
        ("spoke_about", "bo", "eu"),
    ]
    assert facts[0].articles == ["a1", "a2"]
    assert facts[0].evidence[0]["sentence"] == "bo leads eu."
    assert len(shortest_paths(small, "ann", "fr", max_paths=1)) == 1
    small.add_node("alone", label="ALONE", type="Person")
    assert shortest_paths(small, "ann", "alone") == []
    with pytest.raises(NotFoundError):
        shortest_paths(small, "ann", "zed")


def test_simple_paths_cutoff_and_order(small: nx.MultiDiGraph) -> None:
    paths = simple_paths(small, "ann", "bo", cutoff=3)
    hops = [len(p) - 1 for p in paths]
    assert hops == sorted(hops) and hops[0] == 2 and max(hops) <= 3
    nodes = [[s.node for s in p] for p in paths]
    assert ["ann", "eu", "bo"] in nodes and ["ann", "gov", "bo"] in nodes
    assert all(len(set(p)) == len(p) for p in nodes)  # no repeated node
    assert len(simple_paths(small, "ann", "bo", cutoff=3, max_paths=1)) == 1
    assert simple_paths(small, "ann", "fr", cutoff=2) == []  # needs 3 edges


def test_paths_on_the_samples(sample_store: Store) -> None:
    g = actor_graph(sample_store)
    oreshkin = NS + "person/maxim-oreshkin"
    paths = shortest_paths(g, oreshkin, LAVROV)
    assert paths and all(len(p) == 3 for p in paths)
    via = [p for p in paths if "G20" in p[1].label]
    assert via, [format_path(p) for p in paths]
    lead, former = via[0][1].facts[0], via[0][2].facts[0]
    assert (lead.predicate, former.predicate) == ("leads", "formerly_led")
    assert "Oreshkin" in lead.evidence[0]["sentence"] and lead.articles
    assert former.evidence[0]["title"]


# ------------------------------------------------------------------------------ rankings
def test_centrality_rankings() -> None:
    g = nx.MultiDiGraph()
    # a hub with four leaves, and a bridge from one leaf to a pair
    for n in ["hub", "a", "b", "c", "d", "bridge", "x", "y"]:
        g.add_node(n, label=n, type="Person")
    for leaf in "abcd":
        _edge(g, "hub", leaf, "met_with", "a1")
    _edge(g, "d", "bridge", "met_with", "a1")
    _edge(g, "bridge", "x", "met_with", "a1")
    _edge(g, "x", "y", "met_with", "a1")
    deg = centrality(g, "degree")
    assert deg[0][:2] == ("hub", "hub") and deg[0][2] == pytest.approx(4 / 7)
    btw = centrality(g, "betweenness", top=3)
    # the hub joins the leaves (15 of 21 pairs), d joins the two sides (12), then the bridge
    assert [n for n, _, _ in btw] == ["hub", "d", "bridge"]
    assert btw[0][2] == pytest.approx(15 / 21) and btw[1][2] == pytest.approx(12 / 21)
    pr = centrality(g, "pagerank")
    assert pr[0][0] == "hub" and sum(s for _, _, s in pr) == pytest.approx(1.0)
    ties = [n for n, _, s in deg if s == pytest.approx(1 / 7)]
    assert ties == sorted(ties)  # equal scores ordered by label
    with pytest.raises(ValueError):
        centrality(g, "closeness")  # type: ignore[arg-type]
    assert centrality(nx.MultiDiGraph()) == []


def test_pagerank_uses_the_weights() -> None:
    g = nx.MultiDiGraph()
    for n in "abc":
        g.add_node(n, label=n, type="Person")
    _edge(g, "a", "b", "met_with", *[f"x{i}" for i in range(9)])  # nine articles
    _edge(g, "a", "c", "met_with", "x0")
    ranked = [n for n, _, _ in centrality(g, "pagerank")]
    assert ranked.index("b") < ranked.index("c")


def test_communities_are_deterministic() -> None:
    g = nx.MultiDiGraph()
    left, right = ["l0", "l1", "l2", "l3"], ["r0", "r1", "r2"]
    for n in left + right:
        g.add_node(n, label=n, type="Person")
    for group in (left, right):
        for i, u in enumerate(group):
            for v in group[i + 1 :]:
                _edge(g, u, v, "met_with", "a1", "a2")
    _edge(g, "l0", "r0", "met_with", "a9")  # a weak bridge
    found = communities(g, seed=7)
    assert found == [set(left), set(right)]  # largest first
    assert communities(g, seed=7) == found
    assert communities(nx.MultiDiGraph()) == []


def test_communities_on_the_samples(sample_store: Store) -> None:
    g = actor_graph(sample_store)
    first = communities(g, seed=7)
    assert first == communities(g, seed=7)
    assert set().union(*first) == set(g.nodes)
    assert [len(c) for c in first] == sorted((len(c) for c in first), reverse=True)
    assert len(first) > 3
    # the Baltic energy article and the Kremlin story are different communities
    home = {n: i for i, c in enumerate(first) for n in c}
    assert home[LAVROV] != home[NS + "person/rasa-vaitkeviciene"]


# ------------------------------------------------------------------------------ claims
def test_contested_claims_on_the_seed_article(seed_store: Store) -> None:
    claims = contested_claims(seed_store, URIRef(LAVROV))
    assert isinstance(claims, Claims)
    assert claims.label == "Sergei Lavrov"
    assert list(claims.by_stance) == ["assert", "deny", "speculate"]
    assert claims.contested
    deniers = set(claims.speakers["deny"])
    assert {"Dmitry Peskov", "Boris Bondarev"} <= deniers
    assert claims.counts["deny"] == len(claims.by_stance["deny"]) >= 3
    anonymous = [c for cs in claims.by_stance.values() for c in cs if not c.named]
    assert anonymous and all(c.via for c in anonymous)
    assert "a person familiar with the matter" in {c.via for c in anonymous}
    assert claims.anonymous == len(anonymous)
    assert claims.named + claims.anonymous == sum(claims.counts.values())
    for c in (c for cs in claims.by_stance.values() for c in cs):
        assert c.quote and c.sentence and c.title and c.date == "2025-11-07"
        assert c.article.startswith(NS + "article/") and c.url and c.cue
    peskov = [c for c in claims.by_stance["deny"] if c.speaker_label == "Dmitry Peskov"]
    assert any("nothing true" in c.quote for c in peskov)
    summary = claims.summary
    assert summary["counts"] == claims.counts and summary["contested"] is True
    text = claims.format_text()
    assert "DENY" in text and "Dmitry Peskov" in text and "(via " in text
    assert text.splitlines()[0].startswith("Claims about Sergei Lavrov")


def test_contested_claims_without_statements(sample_store: Store) -> None:
    claims = contested_claims(sample_store, URIRef(NS + "country/australia"))
    assert claims.counts == {"assert": 0, "deny": 0, "speculate": 0}
    assert not claims.contested
    assert "0 statement(s)" in claims.format_text()


# ------------------------------------------------------------------------------ timeline
def test_timeline_of_lavrov(sample_store: Store) -> None:
    entries = timeline(sample_store, URIRef(LAVROV))
    keys = [(e.date is None, e.date or "") for e in entries]
    assert keys == sorted(keys)
    kinds = {e.kind for e in entries}
    assert {"PostHolding", "Sanctioning", "Statement", "Absence"} <= kinds
    first = entries[0]
    assert (first.date, first.date_kind, first.kind) == ("2004", "start", "PostHolding")
    assert "Foreign Minister" in first.text or "foreign minister" in first.text
    absent = [e for e in entries if e.kind == "Absence"]
    assert absent and all(e.date_kind == "when" and e.date == "2025-11-04" for e in absent)
    about = [e for e in entries if e.position == "about"]
    assert about and all(e.kind == "Statement" and e.date_kind == "published" for e in about)
    assert all(e.sentence and e.title and e.published for e in entries)
    # Putin's conversation with Lavrov: Lavrov is the object
    assert any(e.position == "object" and e.subject_label == "Vladimir Putin" for e in entries)


def test_timeline_of_an_organization_lists_posts_in_it(sample_store: Store) -> None:
    entries = timeline(sample_store, URIRef(NS + "organization/kremlin"))
    posts = [e for e in entries if e.position == "post_in"]
    assert any(e.subject_label == "Dmitry Peskov" for e in posts)
    assert all(e.predicate == "holds" for e in posts)


def test_timeline_puts_a_speaker_once() -> None:
    text = "Ann Lee said it rained."
    x = Extraction(
        Article(text=text, title="T", url="https://example.org/t", published=date(2025, 2, 1)),
        entities=[Entity("a", "Ann Lee", "Person")],
        statements=[Statement(Evidence.of(text, 0, 23), speaker="a", cue="said", quote="it")],
    )
    store = open_store("memory")
    g = build_graph(x)
    store.replace_graph(article_iri(x.article), g)
    entries = timeline(store, URIRef(NS + "person/ann-lee"))
    assert [(e.position, e.kind, e.date) for e in entries] == [
        ("speaker", "Statement", "2025-02-01")
    ]
    store.close()


# ------------------------------------------------------------------------------ posts
def test_posts_as_of(sample_store: Store) -> None:
    early = {
        (p.person_label, p.role.casefold()) for p in posts_as_of(sample_store, date(2025, 11, 10))
    }
    assert ("Sergei Lavrov", "foreign minister") in early
    assert ("Vladimir Putin", "president") in early
    assert not any(name == "Boris Bondarev" for name, _ in early)  # a former diplomat
    assert not any(name == "Ana Kovač" for name, _ in early)  # her article is of 14 November
    late = posts_as_of(sample_store, date(2025, 11, 20))
    names = {p.person_label for p in late}
    assert "Ana Kovač" in names
    assert "Mindaugas Rimkus" not in names  # a former deputy energy minister
    lavrov = next(p for p in late if p.person == LAVROV and p.org_label == "Russia")
    assert lavrov.start == "2004" and len(lavrov.articles) == 2
    assert lavrov.evidence and all(e["sentence"] for e in lavrov.evidence)
    assert posts_as_of(sample_store, date(2000, 1, 1)) == []


def test_posts_as_of_one_entity(sample_store: Store) -> None:
    russia = {
        p.person_label for p in posts_as_of(sample_store, date(2025, 11, 10), NS + "country/russia")
    }
    assert {"Vladimir Putin", "Sergei Lavrov"} <= russia and "Marco Rubio" not in russia
    mine = posts_as_of(sample_store, date(2025, 11, 10), URIRef(LAVROV))
    assert {p.org_label for p in mine} == {"Russia", "Security Council"}


def test_posts_as_of_dates_at_their_precision() -> None:
    text = "Ann Lee was envoy until March 2025. Bo Chen is envoy since 2026."
    art = Article(text=text, title="T", url="https://example.org/p", published=date(2025, 1, 1))
    x = Extraction(
        art,
        entities=[
            Entity("a", "Ann Lee", "Person"),
            Entity("b", "Bo Chen", "Person"),
            Entity("f", "Freedonia", "Country"),
        ],
        roles=[
            Role(Evidence.of(text, 0, 35), person="a", role="envoy", org="f", end="2025-03"),
            Role(Evidence.of(text, 36, 64), person="b", role="envoy", org="f", start="2026"),
        ],
        relations=[
            Relation(Evidence.of(text, 0, 35), subject="a", predicate="met_with", object="b")
        ],
    )
    store = open_store("memory")
    g = build_graph(x)
    store.replace_graph(article_iri(art), g)
    assert [p.person_label for p in posts_as_of(store, date(2025, 3, 31))] == ["Ann Lee"]
    assert posts_as_of(store, date(2025, 4, 1)) == []
    assert [p.person_label for p in posts_as_of(store, date(2026, 1, 1))] == ["Bo Chen"]
    store.close()


# ------------------------------------------------------------------------------ lookup
def test_resolve_entity(sample_store: Store) -> None:
    lavrov = URIRef(LAVROV)
    assert resolve_entity(sample_store, "Sergei Lavrov") == lavrov  # label
    assert resolve_entity(sample_store, "Lavrov") == lavrov  # alias
    assert resolve_entity(sample_store, "sergei LAVROV") == lavrov  # any case
    assert resolve_entity(sample_store, "person:sergei-lavrov") == lavrov  # prefixed
    assert resolve_entity(sample_store, LAVROV) == lavrov  # IRI
    assert resolve_entity(sample_store, f"<{LAVROV}>") == lavrov
    assert resolve_entity(sample_store, lavrov) == lavrov
    assert resolve_entity(sample_store, "Moscow") == URIRef(NS + "country/russia")
    assert resolve_entity(sample_store, "EU") == URIRef(NS + "organization/european-union")


def test_resolve_entity_not_found(sample_store: Store) -> None:
    with pytest.raises(NotFoundError, match="no entity is named 'Nobody Atall'"):
        resolve_entity(sample_store, "Nobody Atall")
    with pytest.raises(NotFoundError, match="did you mean Dmitry Peskov"):
        resolve_entity(sample_store, "Peskov Dmitry")
    with pytest.raises(NotFoundError, match="no such entity"):
        resolve_entity(sample_store, "person:nobody-at-all")
    with pytest.raises(NotFoundError):
        resolve_entity(sample_store, "Foreign Minister (Russia)")  # a post, not an entity
    with pytest.raises(NotFoundError):
        resolve_entity(sample_store, "  ")
    # a name with SPARQL syntax in it is a bound literal, not query text
    with pytest.raises(NotFoundError):
        resolve_entity(sample_store, 'x" } ; DROP ALL ; SELECT * { "')
    assert len(sample_store.graphs()) == 5


def test_resolve_entity_ranks_several_matches() -> None:
    def article(url: str, entities: list[Entity]) -> Extraction:
        return Extraction(Article(text="x", title=url, url=url), entities=entities)

    store = open_store("memory")
    for x in (
        # "Lee" is Ann Lee's alias in two articles, and the name of a place in one
        article("https://example.org/1", [Entity("a", "Ann Lee", "Person", aliases={"Lee"})]),
        article("https://example.org/2", [Entity("a", "Ann Lee", "Person", aliases={"Lee"})]),
        article("https://example.org/3", [Entity("p", "Lee", "Place")]),
        # a person and a country called "Georgia": the one named in more articles wins
        article("https://example.org/4", [Entity("g", "Georgia", "Person")]),
        article("https://example.org/5", [Entity("g", "Georgia", "Person")]),
        article("https://example.org/6", [Entity("g", "Georgia", "Country")]),
        # an event and a place called "Summit", each in one article: the smaller IRI wins
        article("https://example.org/7", [Entity("s", "Summit", "Place")]),
        article("https://example.org/8", [Entity("s", "Summit", "Event")]),
    ):
        g = build_graph(x)
        store.replace_graph(article_iri(x.article), g)
    assert resolve_entity(store, "Lee") == URIRef(NS + "place/lee")  # a name beats an alias
    assert resolve_entity(store, "lee") == URIRef(NS + "place/lee")
    assert resolve_entity(store, "Georgia") == URIRef(NS + "person/georgia")
    assert resolve_entity(store, "Summit") == URIRef(NS + "event/summit")
    assert resolve_entity(store, "Ann Lee") == URIRef(NS + "person/ann-lee")
    store.close()
