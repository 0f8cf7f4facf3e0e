"""The store contract: every backend (oxigraph on disk, memory, remote SPARQL) behaves alike.

Each test runs once per backend through the ``any_store`` fixture (tests/fixtures/stores.py),
which gives a fresh, empty, writable store. Queries use ``GRAPH ?g { }`` explicitly, as
every query sent to a store must (a remote endpoint's default graph need not be the union).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import XSD, BNode, Dataset, Literal, Namespace, URIRef
from rdflib.query import Result

from graph.errors import ConfigError, InputError, QueryError, StoreError
from graph.store import Store, Triple

EX = Namespace("https://example.org/")
A1 = URIRef("https://example.org/article/1")
A2 = URIRef("https://example.org/article/2")
A3 = URIRef("https://example.org/article/3")

HOSTILE = [
    'say "hello"',
    "it's",
    "{ } }",
    "} ; DROP ALL ; INSERT DATA {",
    '" } ; DROP ALL ; INSERT DATA { <x> <y> "',
    "line one\nline two\r\nthree",
    "tab\tand\\backslash",
    '"""triple quoted"""',
    "# not a comment",
    "?s ?p ?o",
    "Łódź, 東京, Zürich 🙂",
    "<script>alert('x')</script>",
    "",
]


def people(n: int, prefix: str = "p") -> list[Triple]:
    """``n`` people with a name and an age."""
    out: list[Triple] = []
    for i in range(n):
        s = EX[f"{prefix}{i}"]
        out.append((s, EX.name, Literal(f"Person {prefix}{i}")))
        out.append((s, EX.age, Literal(i, datatype=XSD.integer)))
    return out


def rows(res: Result) -> set[tuple[object, ...]]:
    return {tuple(r) for r in res}  # type: ignore[arg-type]


def objects(store: Store, subject: URIRef) -> set[object]:
    q = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    return {r[0] for r in store.query(q, {"s": subject})}  # type: ignore[index]


# -- writing ---------------------------------------------------------------------------
def test_replace_graph_then_query_back(any_store: Store) -> None:
    any_store.replace_graph(A1, people(3))
    res = any_store.query(
        "SELECT ?s ?name ?g WHERE { GRAPH ?g { ?s <https://example.org/name> ?name } }"
    )
    assert res.type == "SELECT"
    assert [str(v) for v in res.vars or []] == ["s", "name", "g"]
    assert rows(res) == {(EX[f"p{i}"], Literal(f"Person p{i}"), A1) for i in range(3)}


def test_replace_graph_is_idempotent_and_replaces(any_store: Store) -> None:
    any_store.replace_graph(A1, people(5))
    first = any_store.quad_count(A1)
    any_store.replace_graph(A1, people(5))
    assert first == 10
    assert any_store.quad_count(A1) == first
    any_store.replace_graph(A1, people(2, prefix="q"))
    assert any_store.quad_count(A1) == 4
    assert objects(any_store, EX.p0) == set()  # the old content is gone
    assert objects(any_store, EX.q0) == {Literal("Person q0"), Literal(0, datatype=XSD.integer)}


def test_replace_graph_with_empty_content_removes_it(any_store: Store) -> None:
    any_store.replace_graph(A1, people(1))
    any_store.replace_graph(A1, [])
    assert any_store.quad_count(A1) == 0
    assert not any_store.has_graph(A1)


def test_replace_graph_is_all_or_nothing(any_store: Store) -> None:
    before = people(3)
    any_store.replace_graph(A1, before)
    any_store.replace_graph(A2, people(1, prefix="other"))

    def failing() -> Iterator[Triple]:
        yield from people(50, prefix="new")
        raise RuntimeError("extraction failed halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        any_store.replace_graph(A1, failing())
    res = any_store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": A1})
    assert rows(res) == set(before)
    assert any_store.quad_count() == 6 + 2


def test_replace_graph_with_invalid_iri_changes_nothing(any_store: Store) -> None:
    any_store.replace_graph(A1, people(1))
    bad = URIRef("https://example.org/has space")
    with pytest.raises(StoreError, match="has space"):
        any_store.replace_graph(A1, [*people(3, prefix="x"), (bad, EX.name, Literal("x"))])
    with pytest.raises(StoreError, match="predicate"):
        any_store.replace_graph(A1, [(EX.a, Literal("not a predicate"), EX.b)])
    with pytest.raises(StoreError, match="graph name"):
        any_store.replace_graph(URIRef("not an iri"), people(1))
    assert any_store.quad_count() == 2
    assert any_store.graphs() == [A1]


def test_blank_nodes_are_stored(any_store: Store) -> None:
    b = BNode()
    any_store.replace_graph(
        A1, [(EX.doc, EX.mentions, b), (b, EX.name, Literal("someone")), (b, EX.age, Literal(3))]
    )
    res = any_store.query(
        "SELECT ?name ?age WHERE { GRAPH ?g { ?d <https://example.org/mentions> ?x . "
        "?x <https://example.org/name> ?name ; <https://example.org/age> ?age } }"
    )
    assert rows(res) == {(Literal("someone"), Literal(3))}
    assert any_store.quad_count(A1) == 3


def test_remove_graph_removes_only_that_graph(any_store: Store) -> None:
    any_store.replace_graph(A1, people(2))
    any_store.replace_graph(A2, people(3, prefix="b"))
    assert any_store.remove_graph(A1) is True
    assert any_store.graphs() == [A2]
    assert any_store.quad_count(A1) == 0
    assert any_store.quad_count(A2) == 6
    assert any_store.remove_graph(A1) is False


def test_graphs_and_has_graph(any_store: Store) -> None:
    assert any_store.graphs() == []
    any_store.replace_graph(A2, people(1))
    any_store.replace_graph(A1, people(1))
    assert any_store.graphs() == [A1, A2]
    assert all(isinstance(g, URIRef) for g in any_store.graphs())
    assert any_store.has_graph(A1)
    assert not any_store.has_graph(A3)


def test_quad_count_per_graph_and_total(any_store: Store) -> None:
    assert any_store.quad_count() == 0
    any_store.replace_graph(A1, people(4))
    any_store.replace_graph(A2, people(1))
    assert any_store.quad_count(A1) == 8
    assert any_store.quad_count(A2) == 2
    assert any_store.quad_count(A3) == 0
    assert any_store.quad_count() == 10


# -- querying ---------------------------------------------------------------------------
def test_hostile_literal_bindings_match_exactly_and_change_nothing(any_store: Store) -> None:
    triples: list[Triple] = [(EX[f"h{i}"], EX.name, Literal(v)) for i, v in enumerate(HOSTILE)]
    triples.append((EX.decoy, EX.name, Literal("DROP ALL")))
    any_store.replace_graph(A1, triples)
    any_store.replace_graph(A2, people(2))
    count, graphs = any_store.quad_count(), any_store.graphs()
    q = "SELECT ?s WHERE { GRAPH ?g { ?s <https://example.org/name> ?name } }"
    for i, value in enumerate(HOSTILE):
        found = [r[0] for r in any_store.query(q, {"name": Literal(value)})]  # type: ignore[index]
        assert found == [EX[f"h{i}"]], f"binding {value!r} matched {found}"
    assert any_store.quad_count() == count
    assert any_store.graphs() == graphs


def test_hostile_language_literal_binding(any_store: Store) -> None:
    value = Literal('} ; DROP ALL ; INSERT DATA { "x', lang="en")
    any_store.replace_graph(A1, [(EX.a, EX.name, value), (EX.b, EX.name, Literal(str(value)))])
    q = "SELECT ?s WHERE { GRAPH ?g { ?s <https://example.org/name> ?name } }"
    assert [r[0] for r in any_store.query(q, {"name": value})] == [EX.a]  # type: ignore[index]
    assert any_store.quad_count() == 2


@pytest.mark.parametrize(
    "iri", ["https://example.org/a b", "https://example.org/> } ; DROP ALL ; { <x", "no-scheme"]
)
def test_invalid_iri_binding_is_a_query_error(any_store: Store, iri: str) -> None:
    any_store.replace_graph(A1, people(1))
    with pytest.raises(QueryError, match="not a valid IRI"):
        any_store.query("SELECT ?p WHERE { GRAPH ?g { ?s ?p ?o } }", {"s": URIRef(iri)})
    assert any_store.quad_count() == 2


def test_invalid_sparql_is_a_query_error(any_store: Store) -> None:
    with pytest.raises(QueryError) as info:
        any_store.query("SELEKT ?s WHERE { ?s ?p ?o }")
    assert "error" in str(info.value).lower()
    with pytest.raises(QueryError):
        any_store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o }", {"s": EX.a})


def test_construct_and_ask(any_store: Store) -> None:
    any_store.replace_graph(A1, people(2))
    res = any_store.query(
        "CONSTRUCT { ?s <https://example.org/label> ?n } "
        "WHERE { GRAPH ?g { ?s <https://example.org/name> ?n } }"
    )
    assert res.type == "CONSTRUCT"
    assert res.graph is not None
    assert set(res.graph) == {(EX[f"p{i}"], EX.label, Literal(f"Person p{i}")) for i in range(2)}
    ask = "ASK { GRAPH ?g { ?s <https://example.org/name> ?n } }"
    assert any_store.query(ask, {"n": Literal("Person p1")}).askAnswer is True
    assert any_store.query(ask, {"n": Literal("Nobody")}).askAnswer is False


def test_literals_round_trip(any_store: Store) -> None:
    values = {
        Literal("plain"),
        Literal("Grüße", lang="de"),
        Literal("colour", lang="en-gb"),
        Literal("2024-03-01", datatype=XSD.date),
        Literal("2024-03-01T10:20:30Z", datatype=XSD.dateTime),
        Literal("42", datatype=XSD.integer),
        Literal("-7", datatype=XSD.integer),
        Literal("3.25", datatype=XSD.decimal),
        Literal("true", datatype=XSD.boolean),
    }
    any_store.replace_graph(A1, [(EX.s, EX.v, v) for v in values])
    back = objects(any_store, EX.s)
    assert back == values
    by_type = {(getattr(v, "datatype", None), getattr(v, "language", None)) for v in back}
    assert (XSD.date, None) in by_type and (None, "de") in by_type


def test_dataset_is_an_rdflib_dataset_that_queries(any_store: Store) -> None:
    any_store.replace_graph(A1, people(2))
    ds = any_store.dataset()
    assert isinstance(ds, Dataset)
    res = ds.query("SELECT ?n WHERE { GRAPH ?g { ?s <https://example.org/name> ?n } }")
    assert {str(r[0]) for r in res} == {"Person p0", "Person p1"}  # type: ignore[index]


# -- load and dump ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_and_load_round_trip(any_store: Store, fmt: str) -> None:
    b = BNode()
    any_store.replace_graph(A1, [*people(3), (EX.p0, EX.knows, b), (b, EX.name, Literal("?"))])
    any_store.replace_graph(A2, [(EX.x, EX.name, Literal('tricky "}" \n', lang="en"))])
    count, graphs = any_store.quad_count(), any_store.graphs()
    out = io.BytesIO()
    any_store.dump(out, fmt)
    assert out.getvalue()
    for g in graphs:
        any_store.remove_graph(g)
    assert any_store.quad_count() == 0
    any_store.load(io.BytesIO(out.getvalue()), fmt)
    assert any_store.quad_count() == count == 9
    assert any_store.graphs() == graphs
    assert objects(any_store, EX.x) == {Literal('tricky "}" \n', lang="en")}


def test_dump_one_graph_keeps_its_name(any_store: Store, tmp_path: Path) -> None:
    any_store.replace_graph(A1, people(2))
    any_store.replace_graph(A2, people(5, prefix="z"))
    path = tmp_path / "one.nq"
    with path.open("wb") as f:
        any_store.dump(f, "nquads", graph=A1)
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 4
    assert all(line.endswith(f"<{A1}> .") for line in text.splitlines())
    any_store.remove_graph(A1)
    any_store.load(str(path), "nquads")  # a path works as well as a stream
    assert any_store.quad_count(A1) == 4
    assert any_store.quad_count() == 14


def test_load_rejects_bad_input(any_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text(f'<{EX.a}> <{EX.b}> "ok" <{A1}> .\nthis is not n-quads\n', encoding="utf-8")
    with pytest.raises(InputError, match="not valid nquads"):
        any_store.load(str(bad), "nquads")
    with pytest.raises(InputError, match="no such file"):
        any_store.load(str(tmp_path / "missing.nq"), "nquads")
    with pytest.raises(ConfigError, match="unknown RDF format"):
        any_store.load(io.BytesIO(b""), "rdfxml")
    with pytest.raises(ConfigError, match="unknown RDF format"):
        any_store.dump(io.BytesIO(), "turtle")


# -- lifecycle --------------------------------------------------------------------------
def test_closed_store_refuses_work_and_close_is_idempotent(any_store: Store) -> None:
    any_store.replace_graph(A1, people(1))
    any_store.close()
    any_store.close()
    with pytest.raises(StoreError, match="closed"):
        any_store.query("ASK {}")
    with pytest.raises(StoreError, match="closed"):
        any_store.replace_graph(A1, people(1))


def test_write_nquads_adds_new_graphs_and_replaces_old_ones(any_store: Store) -> None:
    a2 = URIRef("https://example.org/article/2")

    def nq(graph: URIRef, *objects: str) -> bytes:
        return "".join(f"<{EX.s}> <{EX.p}> <{EX[o]}> <{graph}> .\n" for o in objects).encode()

    any_store.write_nquads([(A1, nq(A1, "a", "b")), (a2, nq(a2, "c"))])
    assert any_store.quad_count(A1) == 2 and any_store.quad_count(a2) == 1
    any_store.write_nquads([(A1, nq(A1, "z"))])  # an existing graph: replaced, not added to
    assert any_store.quad_count(A1) == 1 and any_store.quad_count(a2) == 1
    assert any_store.has_graph(A1)
    any_store.flush()  # a no-op or a real flush, never an error
    assert any_store.quad_count() == 2


def test_reopen_keeps_the_data_and_the_lock(any_store: Store, tmp_path: Path) -> None:
    any_store.replace_graph(A1, [(EX.s, EX.p, EX.o)])
    any_store.reopen()
    assert any_store.quad_count(A1) == 1
    any_store.replace_graph(A1, [(EX.s, EX.p, EX.o2)])  # still writable
    assert any_store.quad_count(A1) == 1
