"""graph.distributed without Spark: the pure extraction function, records, partitions, loading."""

from __future__ import annotations

import io
import json
import logging
import sys
from datetime import date

import pytest

from graph.distributed import (
    article_from_record,
    article_to_nquads,
    article_to_record,
    extract_outcomes,
    extract_partition,
    load_nquads_dir,
    run_spark,
)
from graph.errors import ConfigError, InputError
from graph.pipeline import store_extraction
from graph.read import read_path
from graph.records import Article
from graph.resolve import article_iri
from graph.store import open_store

BAD = {"jsonl": '{"title": "no text here"}', "source": "feed.jsonl:2"}


@pytest.fixture(scope="module")
def articles(samples_dir):
    return [a for p in sorted(samples_dir.iterdir()) for a in read_path(p)]


def _dump(store) -> list[str]:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return sorted(out.getvalue().decode("utf-8").splitlines())


def _write_output(folder, texts, success=True):
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"part-{i:05d}").write_text(text + "\n" if text else "", encoding="utf-8")
    if success:
        (folder / "_SUCCESS").write_text("")
    return folder


def test_nquads_are_the_graph_kg_ingest_stores(articles, extractor):
    a = articles[0]
    text = article_to_nquads(a, extractor)
    assert text == article_to_nquads(a, extractor)  # deterministic
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) > 100
    assert all(line.endswith(f"<{article_iri(a)}> .") for line in lines)
    with open_store("memory") as direct, open_store("memory") as loaded:
        store_extraction(direct, extractor.extract(a))
        loaded.load(io.BytesIO(text.encode("utf-8")), "nquads")
        assert _dump(loaded) == _dump(direct)


def test_records_round_trip_through_json(articles):
    for a in [*articles, Article(text="Only text é ✓\n\nTwo.")]:
        record = json.loads(json.dumps(article_to_record(a)))
        assert article_from_record(record) == a
    assert article_to_record(articles[0])["published"] == articles[0].published.isoformat()


def test_a_jsonl_record_follows_the_reader_rules():
    a = article_from_record(
        {
            "jsonl": b'\xef\xbb\xbf{"text": "A\\r\\nb", "date": "2025-03-04T10:00:00Z"}',
            "source": "f:1",
        }
    )
    assert (a.text, a.published, a.source) == ("A b", date(2025, 3, 4), "f:1")
    with pytest.raises(InputError, match=r"^f:2: not valid UTF-8"):
        article_from_record({"jsonl": b'{"text": "\xff"}', "source": "f:2"})
    with pytest.raises(InputError, match="invalid JSON"):
        article_from_record({"jsonl": "{", "source": "f:3"})
    with pytest.raises(InputError, match="no article text"):
        article_from_record(BAD)
    with pytest.raises(InputError, match="not an ISO date"):
        article_from_record({"text": "x", "published": "March", "source": "s"})


def test_a_partition_skips_and_logs_a_bad_record(articles, extractor, caplog):
    records = [article_to_record(articles[0]), BAD, article_to_record(articles[1])]
    with caplog.at_level(logging.WARNING, logger="graph.distributed"):
        out = list(extract_partition(records))
    assert out == [
        article_to_nquads(articles[0], extractor),
        article_to_nquads(articles[1], extractor),
    ]
    assert "feed.jsonl:2: no article text" in caplog.text
    outcomes = list(extract_outcomes([((0, 0), BAD), ((1, 5), records[0])]))
    assert [(o.seq, o.ok, o.source) for o in outcomes] == [
        ((0, 0), False, "feed.jsonl:2"),
        ((1, 5), True, articles[0].source),
    ]
    assert outcomes[1].graph == str(article_iri(articles[0]))
    assert outcomes[1].quads == len(outcomes[1].nquads.splitlines())
    assert list(extract_partition([])) == []


def test_load_replaces_graphs_and_refuses_bad_output(articles, extractor, tmp_path):
    texts = [article_to_nquads(a, extractor) for a in articles[:2]]
    out = _write_output(tmp_path / "out", [texts[0], "", texts[1]])
    with open_store(str(tmp_path / "kg")) as store:
        r = load_nquads_dir(store, out)
        assert (r.files, r.graphs, r.replaced) == (3, 2, 0)
        n = store.quad_count()
        assert n == sum(len(t.splitlines()) for t in texts)
        r = load_nquads_dir(store, out)  # again: the same graphs, replaced
        assert (r.graphs, r.replaced, store.quad_count()) == (2, 2, n)
        with pytest.raises(InputError, match="_SUCCESS"):
            load_nquads_dir(store, _write_output(tmp_path / "partial", texts[:1], success=False))
        bad = _write_output(tmp_path / "bad", [articles[2].text[:40]])
        with pytest.raises(InputError, match=r"not valid N-Quads.*nothing was loaded"):
            load_nquads_dir(store, bad)
        assert store.quad_count() == n


def test_run_spark_says_what_is_missing(tmp_path, monkeypatch, samples_dir):
    (tmp_path / "out").mkdir()
    with pytest.raises(ConfigError, match="exists"):
        run_spark([str(samples_dir)], str(tmp_path / "out"))
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(ConfigError, match=r"pip install 'newskg\[spark\]'.*Java"):
        run_spark([str(samples_dir)], str(tmp_path / "new"))
