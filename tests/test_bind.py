"""Parameters are bound with a VALUES block at the right place, never pasted as text."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Literal, URIRef

from graph.errors import QueryError
from graph.store import open_store
from graph.store.base import bind_values


def test_values_go_inside_the_outer_where_before_aggregation():
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    out = bind_values(q, {"g": URIRef("urn:g")})
    assert out.startswith("SELECT (COUNT(*) AS ?n) WHERE { VALUES (?g) { (<urn:g>) } GRAPH")


@pytest.mark.parametrize(
    "query",
    [
        '# a comment with WHERE { braces }\nSELECT ?s WHERE { ?s ?p "WHERE {" }',
        "SELECT ?s WHERE { <urn:x#WHERE> ?p ?o . ?s ?p ?o }",
        "SELECT ?s { ?s ?p ?o }",
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
    ],
)
def test_values_block_position_keeps_the_query_valid(query):
    with open_store("memory") as store:
        store.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))])
        res = store.query(query, {"s": URIRef("urn:a")})
        assert res is not None


def test_aggregate_respects_the_parameter():
    with open_store("memory") as store:
        for g in ("urn:g1", "urn:g2"):
            store.replace_graph(URIRef(g), [(URIRef("urn:a"), URIRef("urn:p"), Literal(g))])
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert int(next(iter(store.query(q, {"g": URIRef("urn:g1")})))[0]) == 1
        assert int(next(iter(store.query(q)))[0]) == 2


def test_bad_variable_name_and_iri_are_refused():
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?s ?p ?o }", {"s) } DROP ALL": URIRef("urn:x")})
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?s ?p ?o }", {"s": URIRef("urn:x> } ; DROP ALL ; <urn:y")})


def test_parameters_marker_puts_the_block_inside_each_marked_sub_select():
    q = (
        "SELECT ?s ?n WHERE {\n"
        "  { SELECT ?s WHERE {\n#@parameters\n ?s ?p ?o } }\n"
        "  { SELECT ?s (COUNT(*) AS ?n) WHERE {\n  #@parameters  \n ?s ?q ?r } GROUP BY ?s }\n"
        '  FILTER (?s != "#@parameters")\n'
        "}"
    )
    out = bind_values(q, {"s": URIRef("urn:x")})
    assert out.count("VALUES (?s) { (<urn:x>) }") == 2
    assert '"#@parameters"' in out  # inside a string: text, not a marker
    assert out.startswith("SELECT ?s ?n WHERE {\n  { SELECT")  # nothing at the outer WHERE
    with open_store("memory") as store:
        assert list(store.query(out)) == []  # parses and runs


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_marked_sub_select_is_restricted_by_the_parameter():
    ds = Dataset(default_union=True)
    g = ds.graph(URIRef("urn:g"))
    for s in ("urn:a", "urn:b"):
        g.add((URIRef(s), URIRef("urn:p"), Literal(s)))
    q = (
        "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n)"
        " WHERE {\n#@parameters\n?s ?p ?o } GROUP BY ?s } }"
    )
    rows = list(ds.query(bind_values(q, {"s": URIRef("urn:b")})))
    assert [(str(r[0]), int(r[1])) for r in rows] == [("urn:b", 1)]
