"""The ontology is the single source of truth: it loads, has every term the issue names, and
code does not repeat its IRIs."""

from __future__ import annotations

import ast
from pathlib import Path

from rdflib import OWL, RDF, Graph

from graph.model import ONTOLOGY_DIR, model

RELATIONS = {
    "member_of", "leads", "formerly_led", "works_for", "sanctioned_by", "communicated_with",
    "met_with", "attended", "absent_from", "cancelled", "holds", "spoke_about",
}  # fmt: skip
CLASSES = {
    "Person", "Organization", "GovernmentOrganization", "NewsMediaOrganization", "Delegation",
    "Country", "Event", "NewsArticle", "Fact", "Statement", "PostHolding", "Mention",
}  # fmt: skip


def test_ontology_parses_and_declares_itself():
    g = Graph().parse(ONTOLOGY_DIR / "newskg.ttl")
    assert (None, RDF.type, OWL.Ontology) in g
    Graph().parse(ONTOLOGY_DIR / "shapes.ttl")


def test_every_relation_and_class_of_the_issue_is_there():
    m = model()
    assert set(m.relations) >= RELATIONS
    for key in CLASSES:
        assert m.term(key)
    assert set(m.stances) == {"assert", "deny", "speculate"}


def test_standard_vocabularies_are_reused():
    m = model()
    assert str(m.term("Person")) == "https://schema.org/Person"
    assert str(m.relations["member_of"].iri) == "http://www.w3.org/ns/org#memberOf"
    assert str(m.relations["leads"].iri) == "http://www.w3.org/ns/org#headOf"
    assert str(m.term("TextPositionSelector")) == "http://www.w3.org/ns/oa#TextPositionSelector"
    assert str(m.term("attributed_to")).startswith("http://www.w3.org/ns/prov#")
    assert str(m.term("alt_label")) == "http://www.w3.org/2004/02/skos/core#altLabel"


def test_symmetric_relations():
    m = model()
    assert m.relations["met_with"].symmetric and m.relations["communicated_with"].symmetric
    assert not m.relations["leads"].symmetric


def _code_strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants of a module, except docstrings (their examples may show IRIs)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_code_does_not_repeat_ontology_iris():
    """No string in the package's code (docstrings aside) spells a vocabulary namespace:
    graph/model.py reads them from the ontology."""
    pkg = Path(__file__).resolve().parents[1] / "graph"
    rdf_itself = {"rdf", "rdfs", "xsd", "owl"}  # RDF's own vocabulary is not the ontology's
    namespaces = {ns for p, ns in model().prefixes().items() if p not in rdf_itself}
    offenders = []
    for py in pkg.rglob("*.py"):
        if py.name == "model.py":
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for const in _code_strings(tree):
            for ns in namespaces:
                if ns in const.value:
                    offenders.append(f"{py.relative_to(pkg)}:{const.lineno}: {ns}")
    assert offenders == []
