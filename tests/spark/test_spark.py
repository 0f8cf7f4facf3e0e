"""The Spark path end to end in local mode: `make test-spark` (needs pyspark and Java).

The same corpus through ``run_spark`` + ``load_nquads_dir`` and through ``ingest_paths``
must give the same store, quad for quad, and the same failures.
"""

from __future__ import annotations

import io
import json
import shutil
import time

import pytest

pytest.importorskip("pyspark", reason="the Spark path needs `pip install 'newskg[spark]'`")
if shutil.which("java") is None:
    pytest.skip("the Spark path needs a Java runtime", allow_module_level=True)

from graph.distributed import extract_partition, load_nquads_dir, run_spark
from graph.errors import ConfigError
from graph.pipeline import ingest_paths
from graph.store import open_store

RECORDS = [
    {
        "title": "Talks in Vienna",
        "text": "Sergei Lavrov met Antony Blinken in Vienna on Monday. Lavrov said the talks "
        "were useful, according to the Russian foreign ministry.",
        "url": "https://example.org/vienna",
        "published": "2025-03-04",
    },
    {"headline": "Strike", "body": "Dockworkers in Rotterdam went on strike, the union said."},
    {"title": "Bad", "text": 3},  # not an article
    {  # the same URL as the first record: it replaces it, as in `kg ingest`
        "title": "Talks in Vienna (updated)",
        "text": "Sergei Lavrov met Antony Blinken in Vienna on Monday. Blinken said nothing.",
        "url": "https://example.org/vienna/",
    },
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, samples_dir):
    folder = tmp_path_factory.mktemp("corpus")
    feed = folder / "feed.jsonl"
    lines = [json.dumps(r) for r in RECORDS]
    feed.write_text("\n".join([*lines[:2], "", *lines[2:]]) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("")
    return [str(samples_dir), str(feed), str(folder / "empty.txt"), str(folder / "gone.jsonl")]


@pytest.fixture(scope="module")
def spark_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark") / "nquads"
    started = time.perf_counter()
    report = run_spark(corpus, str(out), master="local[2]")
    print(f"run_spark local[2]: {time.perf_counter() - started:.1f} s")  # shown with -s
    return report, out


def _dump(store) -> list[str]:
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    return sorted(buf.getvalue().decode("utf-8").splitlines())


def test_spark_gives_the_store_kg_ingest_gives(corpus, spark_run, extractor, tmp_path):
    report, out = spark_run
    with open_store("memory") as expected:
        normal = ingest_paths(expected, corpus, extractor)
        with open_store(str(tmp_path / "kg")) as store:
            loaded = load_nquads_dir(store, out)
            graphs = sorted(expected.graphs())
            assert sorted(store.graphs()) == graphs and len(graphs) == 6
            assert [store.quad_count(g) for g in graphs] == [expected.quad_count(g) for g in graphs]
            assert _dump(store) == _dump(expected)
            assert (loaded.graphs, loaded.replaced) == (6, 0)
            assert report.quads == store.quad_count()
    assert report.articles == 6 and report.superseded == 1
    assert len(normal.ingested) == 7  # the superseded record was stored, then replaced
    assert [str(e) for e in report.failed] == [str(e) for e in normal.failed]
    assert [str(e) for e in report.failed] == [
        f'{corpus[1]}:4: "text" is a number, not a string',
        f"{corpus[2]}: the file is empty",
        f"{corpus[3]}: no such file or folder",
    ]


def test_output_is_part_files_of_nquads(spark_run):
    report, out = spark_run
    parts = sorted(out.glob("part-*"))
    assert (out / "_SUCCESS").exists() and len(parts) == report.partitions >= 2
    lines = [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == report.quads
    assert all(line.endswith(" .") for line in lines)


def test_a_model_that_cannot_load_fails_the_job_in_one_line(corpus, tmp_path):
    with pytest.raises(ConfigError, match=r"^the Spark job failed: no spaCy English model"):
        run_spark(corpus[1:2], str(tmp_path / "out"), master="local[1]", model="no_such_model")


def test_extract_partition_in_map_partitions():
    from pyspark.sql import SparkSession

    records = [{"text": "Ann Lee met Bo Chen in Vienna.", "source": "r"} for _ in range(3)]
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
    session = spark.getOrCreate()
    try:
        rdd = session.sparkContext.parallelize([*records, {"source": "bad"}], 2)
        texts = rdd.mapPartitions(extract_partition).collect()
    finally:
        session.stop()
    assert len(texts) == 3 and len(set(texts)) == 1  # same text, same graph; bad one dropped
