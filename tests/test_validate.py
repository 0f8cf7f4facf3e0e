"""SHACL validation: built graphs conform; each kind of corruption is reported readably.

The article graphs are those of tests/test_queries.py (two hand-made extractions). Each
corruption test changes one thing in a copy of article A's graph, stores it, and checks
that :func:`graph.validate.validate_store` names the article, the node, the path and says
what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result
from rdflib.term import Node

from graph.errors import NotFoundError
from graph.model import model
from graph.store import Store, open_store
from graph.validate import (
    SHAPES_PATH,
    Report,
    Violation,
    shapes_graph,
    validate_graph,
    validate_store,
)
from tests.test_queries import ART_A, ART_B, LAVROV, RUBIO, TEXT_A, sample_graphs

NK = Namespace("https://w3id.org/newskg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
NKS = Namespace("https://w3id.org/newskg/shapes#")


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store("memory") as s:
        for g in sample_graphs():
            s.replace_graph(URIRef(str(g.identifier)), g)
        yield s


def graph_a() -> Graph:
    g = sample_graphs()[0]
    assert g.identifier == ART_A
    return g


def corrupted(change: Callable[[Graph], None]) -> Report:
    """Store article A's graph after ``change`` (and B's, untouched); validate the store."""
    graphs = sample_graphs()
    change(graphs[0])
    with open_store("memory") as s:
        for g in graphs:
            s.replace_graph(URIRef(str(g.identifier)), g)
        return validate_store(s)


def fact_with(g: Graph, p: URIRef, o: Node | None = None) -> URIRef:
    node = next(g.subjects(p, o))
    assert isinstance(node, URIRef)
    return node


def only(report: Report) -> Violation:
    assert not report.conforms
    assert report.graphs_checked == 2
    assert len(report.violations) == 1, report.format_text()
    v = report.violations[0]
    assert v.graph == ART_A
    assert v.severity == "Violation"
    return v


# ------------------------------------------------------------------------ conforming
def test_built_graphs_conform(store: Store) -> None:
    report = validate_store(store)
    assert report.conforms, report.format_text()
    assert (report.graphs_checked, report.violations) == (2, [])
    assert report.format_text().startswith("conforms: 2 article graphs checked")


def test_one_article(store: Store) -> None:
    report = validate_store(store, ART_B)
    assert (report.conforms, report.graphs_checked) == (True, 1)
    with pytest.raises(NotFoundError, match="no article graph"):
        validate_store(store, URIRef("https://w3id.org/newskg/article/nothing"))


def test_validate_graph_leaves_its_input_alone() -> None:
    g = graph_a()
    n = len(g)
    report = validate_graph(g)
    assert report.conforms and report.graphs_checked == 1
    assert len(g) == n  # the ontology was mixed into a copy


class _Recorder(Store):
    """A store that records the queries sent to it (and answers from a real one)."""

    name = "recorder"

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.location = "recorder"
        self.read_only = True
        self.calls: list[tuple[str, dict[str, Node]]] = []

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        self.calls.append((sparql, dict(bindings or {})))
        return self.inner.query(sparql, bindings)

    def graphs(self) -> list[URIRef]:
        return self.inner.graphs()

    def replace_graph(self, graph: URIRef, triples: Any) -> None:
        raise AssertionError("validation must not write")

    def remove_graph(self, graph: URIRef) -> bool:
        raise AssertionError("validation must not write")

    def load(self, source: Any, format: str) -> None:
        raise AssertionError("validation must not write")

    def dump(
        self,
        out: Any,
        format: str,
        graph: URIRef | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        raise AssertionError("validation must not dump the store")

    def dataset(self) -> Any:
        raise AssertionError("validation must not read the whole store")


def test_validation_reads_one_graph_at_a_time(store: Store) -> None:
    rec = _Recorder(store)
    assert validate_store(rec).conforms
    fetched = [b.get("article") for q, b in rec.calls if q.lstrip().startswith("CONSTRUCT")]
    assert sorted(fetched) == sorted([ART_A, ART_B])  # type: ignore[type-var]
    assert all(b for _, b in rec.calls)  # every query is bound to one graph


def test_triple_fact_shape_covers_every_kind_of_fact_but_statements() -> None:
    m = model()
    fact = m.term("Fact")
    kinds = {
        URIRef(str(c)) for c in m.graph.transitive_subjects(RDFS.subClassOf, fact) if c != fact
    }
    targets = set(shapes_graph().objects(NKS.TripleFactShape, SH.targetClass))
    assert targets, SHAPES_PATH
    statement = m.term("Statement")
    for kind in kinds:
        covered = any(m.is_subclass(kind, URIRef(str(t))) for t in targets)
        assert covered == (kind != statement), kind
    assert (URIRef(str(NKS)), RDF.type, OWL.Ontology) in shapes_graph()


# ------------------------------------------------------------------------ corruption
def test_corrupted_offset_is_reported_with_the_offsets() -> None:
    def change(g: Graph) -> None:
        # the evidence of the denial: move its start one character right
        denial = fact_with(g, NK.stance, NK.Deny)
        evidence = g.value(denial, NK.evidence)
        position = next(s for s in g.objects(evidence, OA.hasSelector) if g.value(s, OA.start))
        start = g.value(position, OA.start)
        assert isinstance(start, Literal)
        g.set((position, OA.start, Literal(int(start) + 1)))

    v = only(corrupted(change))
    begin = TEXT_A.index("Dmitry Peskov said")
    end = TEXT_A.index("about Lavrov.") + len("about Lavrov.")
    assert f"offsets {begin + 1}-{end} do not slice the article text" in v.message
    assert f'"{TEXT_A[begin + 1 : end]}"' in v.message
    assert str(v.focus).endswith("-target") and v.path == OA.hasSelector
    line = corrupted(change).format_text().splitlines()[1]
    assert line.startswith(f"article:{ART_A.rsplit('/', 1)[1]} fact:")
    assert "oa:hasSelector: The offsets" in line


@pytest.mark.parametrize("part", ["speakerSpan", "cueSpan", "contentSpan"])
def test_corrupted_statement_part_is_reported(part: str) -> None:
    """The source, cue and content spans of a statement are checked like its evidence."""

    def change(g: Graph) -> None:
        denial = fact_with(g, NK.stance, NK.Deny)
        span = g.value(denial, NK[part])
        position = next(s for s in g.objects(span, OA.hasSelector) if g.value(s, OA.end))
        end = g.value(position, OA.end)
        assert isinstance(end, Literal)
        g.set((position, OA.end, Literal(int(end) - 1)))

    v = only(corrupted(change))
    assert "do not slice the article text" in v.message
    assert str(v.focus).endswith("-target") and v.path == OA.hasSelector


@pytest.mark.parametrize(
    ("part", "words"),
    [("speakerSpan", "naming its source"), ("cueSpan", "of its cue"),
     ("contentSpan", "attributed words")],
)  # fmt: skip
def test_missing_statement_part_is_reported(part: str, words: str) -> None:
    def change(g: Graph) -> None:
        g.remove((fact_with(g, NK.stance, NK.Deny), NK[part], None))

    v = only(corrupted(change))
    assert words in v.message and "re-ingest with --force" in v.message
    assert v.path == NK[part]


def test_statement_parts_slice_the_text() -> None:
    """Each part of a built statement is a SpecificResource typed by its part whose
    selectors give offsets and exactly the text there."""
    g = graph_a()
    text = str(next(g.objects(ART_A, URIRef("https://schema.org/text"))))
    denial = fact_with(g, NK.stance, NK.Deny)
    got = {}
    for part, cls in (("speakerSpan", NK.SpeakerSpan), ("cueSpan", NK.CueSpan),
                      ("contentSpan", NK.ContentSpan)):  # fmt: skip
        span = g.value(denial, NK[part])
        assert (span, RDF.type, cls) in g and (span, RDF.type, OA.SpecificResource) in g
        sels = list(g.objects(span, OA.hasSelector))
        start = next(int(g.value(x, OA.start)) for x in sels if g.value(x, OA.start) is not None)
        end = next(int(g.value(x, OA.end)) for x in sels if g.value(x, OA.end) is not None)
        exact = next(str(g.value(x, OA.exact)) for x in sels if g.value(x, OA.exact) is not None)
        assert text[start:end] == exact
        got[part] = exact
    assert got == {
        "speakerSpan": "Dmitry Peskov",
        "cueSpan": "said",
        "contentSpan": "there was nothing true in the reports",
    }


def test_offsets_past_the_end_of_the_text() -> None:
    def change(g: Graph) -> None:
        last = fact_with(g, RDF.predicate, NK.sanctionedBy)  # the last sentence of A
        position = next(
            s for s in g.objects(g.value(last, NK.evidence), OA.hasSelector) if g.value(s, OA.end)
        )
        g.set((position, OA.end, Literal(len(TEXT_A) + 5)))

    report = corrupted(change)
    messages = [v.message for v in report.violations]
    assert any(
        f"run past the end of the article text ({len(TEXT_A)} characters)" in m for m in messages
    )


def test_start_after_end() -> None:
    def change(g: Graph) -> None:
        position = next(g.subjects(OA.start, Literal(0)))
        g.set((position, OA.start, Literal(80)))

    report = corrupted(change)
    assert not report.conforms
    assert any("comes after the end offset" in v.message for v in report.violations)


def test_confidence_out_of_range() -> None:
    def change(g: Graph) -> None:
        met = fact_with(g, RDF.object, RUBIO)
        g.set((met, NK.confidence, Literal(Decimal("1.5"))))

    v = only(corrupted(change))
    assert v.path == NK.confidence
    assert v.value == Literal(Decimal("1.5"))
    assert "a decimal from 0 to 1" in v.message
    assert '(value: "1.5")' in corrupted(change).format_text()


def test_stance_not_one_of_the_three() -> None:
    def change(g: Graph) -> None:
        g.set((fact_with(g, NK.stance, NK.Deny), NK.stance, NK.Maybe))

    v = only(corrupted(change))
    assert v.path == NK.stance and v.value == NK.Maybe
    assert "nk:Assert, nk:Deny or nk:Speculate" in v.message


def test_missing_truthy_triple() -> None:
    def change(g: Graph) -> None:
        g.remove((LAVROV, NK.metWith, RUBIO))

    v = only(corrupted(change))
    assert v.path == RDF.object and v.value == RUBIO
    assert "plain triple person:sergei-lavrov nk:metWith person:marco-rubio is missing" in v.message


def test_missing_spoke_about_triple() -> None:
    def change(g: Graph) -> None:
        peskov = g.value(fact_with(g, NK.stance, NK.Deny), NK.speaker)
        g.remove((peskov, NK.spokeAbout, LAVROV))

    v = only(corrupted(change))
    assert v.path == NK.about and v.value == LAVROV
    assert "nk:spokeAbout person:sergei-lavrov is missing" in v.message


def test_fact_class_must_match_its_predicate() -> None:
    def change(g: Graph) -> None:
        met = fact_with(g, RDF.object, RUBIO)
        g.remove((met, RDF.type, NK.Encounter))
        g.add((met, RDF.type, NK.Sanctioning))

    v = only(corrupted(change))
    assert v.path == RDF.predicate and v.value == NK.metWith
    assert v.message == "The predicate of a sanctions fact is nk:sanctionedBy."


def test_predicate_shapes_match_the_ontology() -> None:
    sg = shapes_graph()
    allowed: dict[URIRef, set[URIRef]] = {}
    for shape in sg.subjects(RDF.type, SH.NodeShape):
        if not str(shape).startswith(str(NKS.PredicateOf)):
            continue
        (target,) = sg.objects(shape, SH.targetClass)
        prop = sg.value(shape, SH.property)
        (values,) = sg.objects(prop, SH["in"])
        allowed[URIRef(str(target))] = {URIRef(str(v)) for v in Collection(sg, values)}
    m = model()
    for rel in m.relations.values():
        # the fact class of each relation, and each of its superclasses below nk:Fact
        for cls, ok in allowed.items():
            if m.is_subclass(rel.fact_class, cls):
                assert rel.iri in ok, (rel.key, cls)
            else:
                assert rel.iri not in ok, (rel.key, cls)
    assert {rel.fact_class for rel in m.relations.values()} <= set(allowed)


def test_missing_evidence_and_extractor() -> None:
    def change(g: Graph) -> None:
        met = fact_with(g, RDF.object, RUBIO)
        g.remove((met, NK.evidence, None))
        g.remove((met, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"), None))

    report = corrupted(change)
    messages = sorted(v.message for v in report.violations)
    assert len(messages) == 2, report.format_text()
    assert messages[0].startswith("A fact needs exactly one extractor")
    assert messages[1].startswith("A fact needs exactly one piece of evidence")


def test_subclasses_come_from_the_ontology() -> None:
    # typed only with their own class, a meeting is still a fact and a government body still
    # an organization, through the ontology's rdfs:subClassOf (pyshacl's ont_graph)
    eu = URIRef("https://w3id.org/newskg/organization/european-union")
    label = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")

    def change(g: Graph) -> None:
        met = fact_with(g, RDF.object, RUBIO)
        g.remove((met, RDF.type, NK.Fact))
        g.remove((met, NK.confidence, None))
        g.remove((eu, RDF.type, URIRef("https://schema.org/Organization")))
        g.remove((eu, label, None))

    report = corrupted(change)
    found = sorted((str(v.focus), str(v.path)) for v in report.violations)
    assert found == [
        (str(fact_with(graph_a(), RDF.object, RUBIO)), str(NK.confidence)),
        (str(eu), str(label)),
    ], report.format_text()


def test_article_without_text_and_entity_without_label() -> None:
    def change(g: Graph) -> None:
        g.remove((ART_A, URIRef("https://schema.org/text"), None))
        g.remove((RUBIO, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None))

    report = corrupted(change)
    focus = {(v.focus, v.path) for v in report.violations}
    assert (ART_A, URIRef("https://schema.org/text")) in focus
    assert (RUBIO, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) in focus


def test_format_text_limit() -> None:
    def change(g: Graph) -> None:
        for fact in list(g.subjects(NK.confidence, None)):
            g.set((fact, NK.confidence, Literal(Decimal("2"))))

    report = corrupted(change)
    assert len(report.violations) == 5
    text = report.format_text(limit=2)
    assert text.splitlines()[0].startswith("does not conform: 5 violations in 1 of 2")
    assert len(text.splitlines()) == 4 and text.endswith("... and 3 more")
