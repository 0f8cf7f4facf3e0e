"""The named queries: headers, columns, rows, parameters, hostile values, user folders.

Two hand-made extractions are built into article graphs and loaded into a memory store:
article A (roles, a dated meeting, sanctions, a denial and a relayed speculation) and
article B (attendance, leadership, a former post without an organization, a statement
about nothing). Both name Sergei Lavrov, spelled differently, so he is one entity with two
labels. :func:`sample_extractions` is shared with tests/test_validate.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from graph.errors import ConfigError, NotFoundError, QueryError
from graph.model import model
from graph.queries import (
    QUERY_DIR,
    NamedQuery,
    Param,
    expand_iri,
    get_query,
    load_queries,
    parse_query,
    run_named,
)
from graph.rdf import build_graph
from graph.records import (
    Article,
    Extraction,
    Relation,
    Role,
    Statement,
)
from graph.resolve import article_iri, entity_iri
from graph.store import Store, open_store
from tests.fixtures.queries import (
    assert_engines_agree,
    attribution,
    entity,
    memory_store,
    rows,
    sentence,
)

NK = "https://w3id.org/newskg/ontology#"
SCHEMA = "https://schema.org/"
HOSTILE = '"} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #'

TEXT_A = (
    "Sergei Lavrov, Foreign Minister of Russia, met Marco Rubio in Budapest. "
    "Dmitry Peskov said there was nothing true in the reports about Lavrov. "
    "A person familiar with the matter told the Financial Times that Lavrov may resign. "
    "Russia has been sanctioned by the European Union since 2022."
)
TEXT_B = (
    "Lavrov attended the G20 summit in Johannesburg. "
    "Maxim Oreshkin leads the Russian delegation. "
    "Oreshkin, a former economy minister and deputy head of the Presidential Administration, "
    "said the talks would be useful."
)


# ------------------------------------------------------------------------------ data


def extraction_a() -> Extraction:
    t = TEXT_A
    art = Article(
        t,
        title="Lavrov out of favor?",
        published=date(2025, 11, 7),
        url="https://example.org/2025/11/07/lavrov",
        publisher="Example Times",
        source="a.txt",
    )
    return Extraction(
        art,
        entities=[
            entity("lavrov", "Sergei Lavrov", "Person", t, "Sergei Lavrov", "Lavrov"),
            entity("russia", "Russia", "Country", t),
            entity("rubio", "Marco Rubio", "Person", t),
            entity("budapest", "Budapest", "Place", t),
            entity("peskov", "Dmitry Peskov", "Person", t),
            entity("ft", "Financial Times", "NewsMediaOrganization", t),
            entity("eu", "European Union", "GovernmentOrganization", t),
        ],
        roles=[
            Role(
                sentence(t, "Foreign Minister"),
                0.9,
                start="2004",
                person="lavrov",
                role="Foreign Minister",
                org="russia",
            )
        ],
        relations=[
            Relation(
                sentence(t, "met Marco"),
                0.8,
                when="2025-10",
                subject="lavrov",
                predicate="met_with",
                object="rubio",
            ),
            Relation(
                sentence(t, "sanctioned"),
                0.7,
                start="2022",
                subject="russia",
                predicate="sanctioned_by",
                object="eu",
            ),
        ],
        statements=[
            Statement(
                sentence(t, "Peskov said"),
                0.85,
                speaker="peskov",
                cue="said",
                stance="deny",
                quote="there was nothing true in the reports",
                about=["lavrov"],
                **attribution(t, "Dmitry Peskov", "said", "there was nothing true in the reports"),
            ),
            Statement(
                sentence(t, "familiar"),
                0.6,
                speaker="ft",
                cue="told",
                stance="speculate",
                quote="Lavrov may resign",
                via="A person familiar with the matter",
                about=["russia", "lavrov"],
                **attribution(t, "A person familiar with the matter", "told", "Lavrov may resign"),
            ),
        ],
        extractor="newskg-test",
        extractor_version="1.2",
    )


def extraction_b() -> Extraction:
    t = TEXT_B
    art = Article(
        t,
        title="G20 delegation",
        published=date(2025, 11, 8),
        url="https://example.org/2025/11/08/g20",
        source="b.txt",
    )
    return Extraction(
        art,
        entities=[
            # the same IRI as in article A (same slug), spelled differently, with aliases
            entity(
                "lavrov",
                "Sergéi Lavrov",
                "Person",
                t,
                "Lavrov",
                aliases={"S. Lavrov", "Foreign Minister Lavrov"},
            ),
            entity("g20", "G20 summit", "Event", t),
            entity("jhb", "Johannesburg", "Place", t),
            entity("oreshkin", "Maxim Oreshkin", "Person", t, "Maxim Oreshkin", "Oreshkin"),
            entity("delegation", "Russian delegation", "Delegation", t),
            entity("pa", "Presidential Administration", "GovernmentOrganization", t),
        ],
        roles=[
            Role(
                sentence(t, "deputy head"),
                0.75,
                person="oreshkin",
                role="deputy head",
                org="pa",
            ),
            Role(
                sentence(t, "economy minister"),
                0.7,
                ended=True,
                person="oreshkin",
                role="economy minister",
            ),
        ],
        relations=[
            Relation(
                sentence(t, "attended"),
                0.9,
                when="2025-11",
                subject="lavrov",
                predicate="attended",
                object="g20",
            ),
            Relation(
                sentence(t, "leads"),
                0.8,
                start="2025-11",
                subject="oreshkin",
                predicate="leads",
                object="delegation",
            ),
        ],
        statements=[
            Statement(
                sentence(t, "talks would"),
                0.5,
                speaker="oreshkin",
                cue="said",
                stance="assert",
                quote="the talks would be useful",
                **attribution(
                    t,
                    "Oreshkin, a former economy minister and deputy head of the Presidential "
                    "Administration",
                    "said",
                    "the talks would be useful",
                ),
            ),
        ],
    )


def sample_extractions() -> list[Extraction]:
    return [extraction_a(), extraction_b()]


def sample_graphs() -> list[Graph]:
    return [build_graph(x) for x in sample_extractions()]


ART_A = article_iri(extraction_a().article)
ART_B = article_iri(extraction_b().article)
LAVROV = entity_iri("Person", "Sergei Lavrov")
RUSSIA = entity_iri("Country", "Russia")
RUBIO = entity_iri("Person", "Marco Rubio")
PESKOV = entity_iri("Person", "Dmitry Peskov")
ORESHKIN = entity_iri("Person", "Maxim Oreshkin")
FT = entity_iri("NewsMediaOrganization", "Financial Times")


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    yield from memory_store(sample_graphs())


def text_of(article: URIRef) -> str:
    return TEXT_A if article == ART_A else TEXT_B


# ------------------------------------------------------------------- headers, files
def test_the_twelve_named_queries_are_shipped_with_headers() -> None:
    queries = load_queries()
    names = [
        "about",
        "anonymous_claims",
        "claims",
        "comentions",
        "contradictions",
        "entities",
        "posts",
        "provenance",
        "relations",
        "replacements",
        "roles",
        "statements",
    ]
    assert list(queries) == names
    for q in queries.values():
        assert isinstance(q, NamedQuery)
        assert q.path == QUERY_DIR / f"{q.name}.rq"
        assert q.description and q.columns
        assert q.text.startswith(f"# name: {q.name}\n# description: ")
    assert queries["about"].required == ["entity"]
    assert queries["provenance"].params == [Param("fact", True, "IRI of the fact node")]
    assert [p.name for p in queries["statements"].params] == ["entity", "speaker"]
    assert not any(p.required for p in queries["roles"].params)


def test_prefixes_are_those_of_the_model() -> None:
    prefixes = model().prefixes()
    for q in load_queries().values():
        declared = re.findall(r"^PREFIX (\w*): <([^>]*)>$", q.text, re.MULTILINE)
        assert declared, q.name
        for prefix, ns in declared:
            assert prefixes.get(prefix) == ns, (q.name, prefix)
        used = set(re.findall(r"(?<![\w?$<#])([A-Za-z]\w*):\w", q.text.split("SELECT", 1)[1]))
        assert used <= {p for p, _ in declared}, (q.name, used)


def _bgps(node: Any, in_graph: bool, out: list[tuple[bool, Any]]) -> None:
    """Every non-empty basic graph pattern of a query's algebra, and whether a GRAPH holds it."""
    if isinstance(node, CompValue):
        if node.name == "BGP" and node.get("triples"):
            out.append((in_graph, node["triples"]))
        in_graph = in_graph or node.name == "Graph"
        for value in node.values():
            _bgps(value, in_graph, out)
    elif isinstance(node, list | tuple):
        for value in node:
            _bgps(value, in_graph, out)


def test_every_triple_pattern_is_inside_a_graph_pattern() -> None:
    for q in load_queries().values():
        found: list[tuple[bool, Any]] = []
        _bgps(prepareQuery(q.text).algebra, False, found)
        assert found, q.name
        assert [t for inside, t in found if not inside] == [], q.name
    # the check itself sees a pattern outside GRAPH
    found = []
    _bgps(prepareQuery("SELECT * { ?s ?p ?o GRAPH ?g { ?a ?b ?c } }").algebra, False, found)
    assert sorted(inside for inside, _ in found) == [False, True]


def test_entity_classes_and_ranks_match_the_ontology() -> None:
    text = get_query("entities").text
    prefixes = model().prefixes()

    def iri(curie: str) -> str:
        prefix, local = curie.split(":")
        return prefixes[prefix] + local

    m = model()
    ranks = {iri(c): int(r) for c, r in re.findall(r"\((\w+:\w+) (\d+)\)", text)}
    assert set(ranks) == {str(c) for c in m.entity_classes.values()}
    for key, cls in m.entity_classes.items():
        # deeper classes rank lower, so MIN picks the most specific one
        assert ranks[str(cls)] == 10 - len(m.superclasses(key)), key
    pairs = {(iri(a), iri(b)) for a, b in re.findall(r"\((\w+:\w+) (\w+:\w+)\)", text)}
    expected = {
        (str(cls), str(up)) for key, cls in m.entity_classes.items() for up in m.superclasses(key)
    }
    assert pairs == expected


def test_parse_query_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# name: bad\n# param: x required\nSELECT ?x { ?x ?p ?o }\n")
    with pytest.raises(QueryError, match=r"bad\.rq:2: cannot read the parameter line"):
        load_queries(tmp_path)
    bad.write_text("# name: other\nSELECT ?x { ?x ?p ?o }\n")
    with pytest.raises(QueryError, match=r"names the query 'other' but the file is bad\.rq"):
        load_queries(tmp_path)
    q = parse_query("# param: x (optional) - an IRI\nSELECT ?x { ?x ?p ?o }", tmp_path / "n.rq")
    assert (q.name, q.params) == ("n", [Param("x", False, "an IRI")])


# --------------------------------------------------------------------------- columns
@pytest.mark.parametrize("name", ["entities", "roles", "relations", "statements"])
def test_columns_are_the_documented_ones(store: Store, name: str) -> None:
    res = run_named(store, name, {})
    assert [str(v) for v in res.vars or []] == get_query(name).columns
    assert len(res) > 0


def test_columns_of_queries_with_required_parameters(store: Store) -> None:
    res = run_named(store, "about", {"entity": LAVROV})
    assert [str(v) for v in res.vars or []] == get_query("about").columns
    fact = next(iter(res))[0]  # type: ignore[index]
    res = run_named(store, "provenance", {"fact": fact})
    assert [str(v) for v in res.vars or []] == get_query("provenance").columns
    assert len(res) == 1


# ------------------------------------------------------------------------------ rows
def test_entities(store: Store) -> None:
    got = rows(store, "entities")
    by = {r["entity"]: r for r in got}
    assert len(got) == len(by) == 13  # 12 extracted + the publisher
    lav = by[LAVROV]
    # two spellings in two articles: the smallest label, one row
    assert str(lav["label"]) == "Sergei Lavrov"
    assert lav["type"] == URIRef(SCHEMA + "Person")
    assert (int(lav["articles"]), int(lav["mentions"])) == (2, 4)
    aliases = str(lav["aliases"]).split("; ")
    assert aliases == sorted(set(aliases))
    assert {"Foreign Minister Lavrov", "Lavrov", "S. Lavrov"} <= set(aliases)
    # most specific type, although the data also says schema:Organization / schema:Place
    assert by[entity_iri("Delegation", "Russian delegation")]["type"] == URIRef(NK + "Delegation")
    assert by[RUSSIA]["type"] == URIRef(SCHEMA + "Country")
    assert by[FT]["type"] == URIRef(SCHEMA + "NewsMediaOrganization")
    publisher = by[entity_iri("NewsMediaOrganization", "Example Times")]
    assert (int(publisher["mentions"]), str(publisher["aliases"])) == (0, "")
    # most mentioned first
    assert got[0]["entity"] == LAVROV
    counts = [(int(r["mentions"]), int(r["articles"])) for r in got]
    assert counts == sorted(counts, reverse=True)


def test_entities_parameters(store: Store) -> None:
    assert [r["entity"] for r in rows(store, "entities", entity="person:sergei-lavrov")] == [LAVROV]
    orgs = {r["entity"] for r in rows(store, "entities", **{"class": "schema:Organization"})}
    assert orgs == {
        entity_iri("GovernmentOrganization", "European Union"),
        entity_iri("GovernmentOrganization", "Presidential Administration"),
        entity_iri("Delegation", "Russian delegation"),
        FT,
        entity_iri("NewsMediaOrganization", "Example Times"),
    }
    places = {r["entity"] for r in rows(store, "entities", **{"class": "schema:Place"})}
    assert places == {RUSSIA, entity_iri("Place", "Budapest"), entity_iri("Place", "Johannesburg")}


def test_roles(store: Store) -> None:
    got = rows(store, "roles")
    assert [(str(r["personLabel"]), str(r["role"])) for r in got] == [
        ("Maxim Oreshkin", "deputy head"),
        ("Maxim Oreshkin", "economy minister"),
        ("Sergei Lavrov", "Foreign Minister"),
    ]
    deputy, former, minister = got
    assert minister["person"] == LAVROV
    assert (minister["org"], str(minister["orgLabel"])) == (RUSSIA, "Russia")
    assert minister["startDate"] == Literal("2004", datatype=XSD.gYear)
    assert minister["ended"].toPython() is False
    assert minister["confidence"].toPython() == Decimal("0.9")
    assert minister["post"] == URIRef("https://w3id.org/newskg/post/foreign-minister-russia")
    assert str(deputy["orgLabel"]) == "Presidential Administration"
    # a former post without an organization: no org, no org label, ended
    assert former["org"] is None and former["orgLabel"] is None
    assert former["ended"].toPython() is True
    for r in got:
        begin, end = int(r["begin"]), int(r["end"])
        assert text_of(r["article"])[begin:end] == str(r["sentence"])
    assert [str(r["role"]) for r in rows(store, "roles", entity=LAVROV)] == ["Foreign Minister"]
    assert rows(store, "roles", entity=RUSSIA) == []


def test_relations(store: Store) -> None:
    got = rows(store, "relations")
    triples = [
        (str(r["subjectLabel"]), str(r["predicate"]).rsplit("#", 1)[-1], str(r["objectLabel"]))
        for r in got
    ]
    assert triples == [
        ("Maxim Oreshkin", "headOf", "Russian delegation"),
        ("Russia", "sanctionedBy", "European Union"),
        ("Sergei Lavrov", "attended", "G20 summit"),
        ("Sergei Lavrov", "metWith", "Marco Rubio"),
    ]
    met = got[3]
    assert str(met["when"]) == "2025-10" and met["startDate"] is None
    assert str(got[1]["startDate"]) == "2022"
    assert met["article"] == ART_A
    assert TEXT_A[int(met["begin"]) : int(met["end"])] == str(met["sentence"])
    # entity as subject or object; predicate as a prefixed name
    assert [r["fact"] for r in rows(store, "relations", entity=RUBIO)] == [met["fact"]]
    assert len(rows(store, "relations", entity=LAVROV)) == 2
    heads = rows(store, "relations", predicate="org:headOf")
    assert [r["subject"] for r in heads] == [ORESHKIN]
    assert rows(store, "relations", entity=LAVROV, predicate="org:headOf") == []


def test_statements(store: Store) -> None:
    got = rows(store, "statements")
    assert [(str(r["speakerLabel"]), str(r["stance"])) for r in got] == [
        ("Dmitry Peskov", "deny"),
        ("Financial Times", "speculate"),
        ("Maxim Oreshkin", "assert"),
    ]
    peskov, ft, oreshkin = got
    assert (str(peskov["cue"]), peskov["via"]) == ("said", None)
    assert str(peskov["quote"]) == "there was nothing true in the reports"
    assert str(ft["via"]) == "A person familiar with the matter"
    assert str(ft["about"]) == "Russia; Sergei Lavrov"  # labels, sorted
    assert str(oreshkin["about"]) == ""
    for r in got:
        assert text_of(r["article"])[int(r["begin"]) : int(r["end"])] == str(r["sentence"])
    # about an entity: the statement about nothing is not among them
    assert [r["speaker"] for r in rows(store, "statements", entity=LAVROV)] == [PESKOV, FT]
    assert [r["speaker"] for r in rows(store, "statements", entity=RUSSIA)] == [FT]
    assert [str(r["quote"]) for r in rows(store, "statements", speaker=ORESHKIN)] == [
        "the talks would be useful"
    ]
    assert rows(store, "statements", speaker=PESKOV, entity=RUSSIA) == []


def test_statement_stance_from_the_ontology_when_it_is_loaded() -> None:
    with open_store("memory") as s:
        for g in sample_graphs():
            s.replace_graph(URIRef(str(g.identifier)), g)
        s.replace_graph(URIRef("urn:x-newskg:ontology"), model().graph)
        assert [str(r["stance"]) for r in rows(s, "statements")] == [
            "deny",
            "speculate",
            "assert",
        ]


def test_about(store: Store) -> None:
    got = rows(store, "about", entity="person:sergei-lavrov")
    seen = sorted((str(r["position"]), str(r["kind"]).rsplit("#", 1)[-1]) for r in got)
    assert seen == [
        ("about", "Statement"),
        ("about", "Statement"),
        ("subject", "Attendance"),
        ("subject", "Encounter"),
        ("subject", "PostHolding"),
    ]
    # newest article first
    assert got[0]["article"] == ART_B and str(got[0]["published"]) == "2025-11-08"
    assert str(got[0]["headline"]) == "G20 delegation"
    for r in got:
        assert text_of(r["article"])[int(r["begin"]) : int(r["end"])] == str(r["sentence"])
        if str(r["position"]) == "about":
            assert r["quote"] is not None and r["object"] is None
    speaker = rows(store, "about", entity=PESKOV)
    assert [str(r["position"]) for r in speaker] == ["speaker"]
    assert [str(r["position"]) for r in rows(store, "about", entity=RUBIO)] == ["object"]
    assert rows(store, "about", entity="person:nobody") == []


def test_provenance(store: Store) -> None:
    fact = rows(store, "roles", entity=LAVROV)[0]["fact"]
    (row,) = rows(store, "provenance", fact=fact)
    assert row["kind"] == URIRef(NK + "PostHolding")
    assert (row["subject"], str(row["subjectLabel"])) == (LAVROV, "Sergei Lavrov")
    assert str(row["objectLabel"]) == "Foreign Minister (Russia)"
    assert (str(row["extractor"]), str(row["extractorVersion"])) == ("newskg-test", "1.2")
    assert row["article"] == ART_A and str(row["headline"]) == "Lavrov out of favor?"
    assert str(row["date"]) == "2025-11-07"
    assert row["url"] == URIRef("https://example.org/2025/11/07/lavrov")
    assert TEXT_A[int(row["begin"]) : int(row["end"])] == str(row["sentence"])
    assert row["confidence"].toPython() == Decimal("0.9")
    statement = rows(store, "statements", speaker=PESKOV)[0]["fact"]
    (srow,) = rows(store, "provenance", fact=statement)
    assert srow["kind"] == URIRef(NK + "Statement") and srow["object"] is None
    assert rows(store, "provenance", fact="fact:nothing-here") == []


# ------------------------------------------------------------------ engines agree


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_same_answers_without_a_union_default_graph(store: Store) -> None:
    cases: list[tuple[str, dict[str, Node]]] = [
        ("entities", {}),
        ("roles", {}),
        ("relations", {}),
        ("statements", {}),
        ("statements", {"entity": LAVROV}),
        ("about", {"entity": LAVROV}),
        ("relations", {"entity": RUBIO}),
    ]
    # provenance binds its parameter inside a sub-select (#@parameters): a fact with an
    # object, and a statement (no object)
    relation = rows(store, "relations", entity=RUBIO)[0]["fact"]
    statement = rows(store, "statements", entity=LAVROV)[0]["fact"]
    cases += [("provenance", {"fact": relation}), ("provenance", {"fact": statement})]
    assert_engines_agree(store, sample_graphs(), cases)


# ------------------------------------------------------------------------ errors
def test_unknown_query_lists_the_known_ones(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"no query is named 'nope'.*about, anonymous_claims"):
        run_named(store, "nope", {})
    with pytest.raises(NotFoundError):
        get_query("roles ")


def test_missing_and_unknown_parameters(store: Store) -> None:
    with pytest.raises(QueryError, match="needs the parameter entity"):
        run_named(store, "about", {})
    with pytest.raises(QueryError, match="needs the parameter fact"):
        run_named(store, "provenance", {"fact": None})
    with pytest.raises(QueryError, match="has no parameter 'person'"):
        run_named(store, "roles", {"person": LAVROV})


def test_string_parameters_are_iris(store: Store) -> None:
    assert expand_iri("person:sergei-lavrov") == LAVROV
    assert expand_iri(f"<{LAVROV}>") == LAVROV
    full = rows(store, "about", entity=str(LAVROV))
    assert full and full == rows(store, "about", entity="person:sergei-lavrov")
    with pytest.raises(QueryError, match=r"parameter entity of query 'about'.*known prefix"):
        run_named(store, "about", {"entity": "persn:sergei-lavrov"})
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_named(store, "about", {"entity": "person:sergei lavrov"})


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("entities", "entity"),
        ("roles", "entity"),
        ("relations", "predicate"),
        ("statements", "entity"),
        ("statements", "speaker"),
        ("about", "entity"),
        ("provenance", "fact"),
    ],
)
def test_hostile_values_change_nothing(store: Store, name: str, param: str) -> None:
    before = store.quad_count()
    graphs = store.graphs()
    # as a literal: bound as data, matches nothing
    assert rows(store, name, **{param: Literal(HOSTILE)}) == []
    # as a string, i.e. an IRI: refused before any query runs
    with pytest.raises(QueryError):
        run_named(store, name, {param: HOSTILE})
    with pytest.raises(QueryError):
        run_named(store, name, {param: URIRef(HOSTILE)})
    assert store.quad_count() == before
    assert store.graphs() == graphs
    assert set(graphs) == {ART_A, ART_B}
    assert before > 400


# ---------------------------------------------------------------- user queries
def test_a_user_folder_adds_and_overrides_queries(store: Store, tmp_path: Path) -> None:
    (tmp_path / "headlines.rq").write_text(
        "# name: headlines\n"
        "# description: Article headlines.\n"
        "# param: article (optional) - IRI of an article\n"
        "# columns: article headline\n"
        "PREFIX schema: <https://schema.org/>\n"
        "SELECT ?article ?headline\n"
        "WHERE { GRAPH ?article { ?article schema:headline ?headline } }\n"
        "ORDER BY ?headline\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a query")
    queries = load_queries(tmp_path)
    assert "headlines" in queries and "roles" in queries and "notes" not in queries
    assert queries["headlines"].columns == ["article", "headline"]
    assert "headlines" not in load_queries()
    got = rows_extra(store, "headlines", tmp_path)
    assert [str(r[1]) for r in got] == ["G20 delegation", "Lavrov out of favor?"]
    one = run_named(store, "headlines", {"article": ART_A}, tmp_path)
    assert [str(r[1]) for r in one] == ["Lavrov out of favor?"]  # type: ignore[index]
    # a user query with a shipped name replaces it
    (tmp_path / "roles.rq").write_text(
        "# name: roles\n# description: mine\nSELECT (1 AS ?one) WHERE {}\n"
    )
    assert get_query("roles", tmp_path).description == "mine"
    with pytest.raises(NotFoundError, match="headlines"):
        get_query("headline", tmp_path)
    with pytest.raises(ConfigError, match="no such folder"):
        load_queries(tmp_path / "missing")


def rows_extra(store: Store, name: str, folder: Path) -> list[Any]:
    return list(run_named(store, name, {}, folder))
