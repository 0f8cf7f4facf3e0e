"""The provenance contract end to end: ingest, re-ingest, remove, offsets, all-or-nothing."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.pipeline import ingest_articles, store_extraction
from graph.rdf.extraction_json import sparql_prefixes
from graph.read import iter_articles, read_path
from graph.records import Article
from graph.resolve import article_iri
from graph.store import open_store
from graph.store.base import rows

EVIDENCE = """
SELECT ?node ?start ?end ?exact ?text WHERE { GRAPH ?g {
  ?node oa:hasTarget|nk:evidence ?res .
  ?res oa:hasSource ?a ; oa:hasSelector ?pos , ?q .
  ?pos oa:start ?start ; oa:end ?end . ?q oa:exact ?exact . ?a schema:text ?text } }"""


@pytest.fixture()
def disk_store(tmp_path):
    with open_store(str(tmp_path / "kg")) as store:
        yield store


def test_reingest_is_idempotent_and_remove_is_clean(
    disk_store, extractor, seed_article_path, samples_dir
):
    seed = read_path(seed_article_path)[0]
    other = read_path(samples_dir / "baltic-energy-talks.txt")[0]
    g1, _ = store_extraction(disk_store, extractor.extract(seed))
    store_extraction(disk_store, extractor.extract(other))
    first = disk_store.quad_count()
    per_graph = disk_store.quad_count(g1)
    assert per_graph > 500
    store_extraction(disk_store, extractor.extract(seed))
    assert disk_store.quad_count() == first
    assert disk_store.quad_count(g1) == per_graph
    assert disk_store.remove_graph(g1)
    assert disk_store.quad_count(g1) == 0
    assert disk_store.quad_count() == first - per_graph  # the other article is untouched
    assert g1 not in disk_store.graphs()


def test_every_offset_slices_the_stored_text(disk_store, extractor, seed_article_path):
    store_extraction(disk_store, extractor.extract(read_path(seed_article_path)[0]))
    checked = 0
    for r in rows(disk_store.query(sparql_prefixes() + EVIDENCE)):
        assert str(r.text)[int(r.start) : int(r.end)] == str(r.exact), r.node
        checked += 1
    assert checked > 100  # mentions and facts


def test_graph_iri_comes_from_the_url_or_the_content():
    a = Article(text="x", url="https://Example.org/a/?utm_source=feed")
    b = Article(text="y", url="https://example.org/a")
    assert article_iri(a) == article_iri(b)
    c = Article(text="same text")
    assert article_iri(c) == article_iri(Article(text="same text"))
    assert article_iri(c) != article_iri(Article(text="other text"))


def test_one_failing_article_does_not_stop_or_corrupt(
    disk_store, extractor, seed_article_path, monkeypatch
):
    good = read_path(seed_article_path)[0]
    store_extraction(disk_store, extractor.extract(good))
    before = disk_store.quad_count()

    class Boom(Exception):
        pass

    real = extractor.extract

    def flaky(article):
        if article.title == "bad":
            raise ValueError("cannot parse this one")
        return real(article)

    monkeypatch.setattr(extractor, "extract", flaky)
    items = [
        Article(text="A bad one.", title="bad", source="bad.txt"),
        InputError("missing.txt", "no such file or folder"),
        Article(
            text="Minister Jane Roe met Ambassador John Doe in Oslo on Monday.",
            title="ok",
            source="ok.txt",
        ),
    ]
    report = ingest_articles(disk_store, items, extractor)
    assert [e.source for e in report.failed] == ["bad.txt", "missing.txt"]
    assert len(report.ingested) == 1
    assert disk_store.quad_count() > before  # the good one landed, the first is intact
    assert disk_store.has_graph(article_iri(good))


def test_hostile_corpus_keeps_text_as_literals(disk_store, extractor, hostile_dir):
    items = list(iter_articles([hostile_dir]))
    report = ingest_articles(disk_store, items, extractor)
    assert len(report.ingested) >= 10
    q = (
        sparql_prefixes()
        + "SELECT ?t WHERE { GRAPH ?g { ?a schema:text ?t } FILTER(CONTAINS(?t, '<script>')) }"
    )
    texts = [str(r.t) for r in rows(disk_store.query(q))]
    assert any('"I reject this <script>alert(1)</script>,"' in t for t in texts)  # verbatim
    q = (
        sparql_prefixes()
        + "SELECT ?l WHERE { GRAPH ?g { ?e skos:prefLabel ?l } FILTER(CONTAINS(?l, 'DROP TABLE')) }"
    )
    assert [str(r.l) for r in rows(disk_store.query(q))]  # a literal, not a statement
    # the IRI of an entity named with markup is a plain slug
    q = (
        sparql_prefixes()
        + "SELECT ?e WHERE { GRAPH ?g { ?e skos:prefLabel ?l } FILTER(CONTAINS(?l, 'DROP')) }"
    )
    for r in rows(disk_store.query(q)):
        assert all(ch not in str(r.e) for ch in '<>"{} ')
