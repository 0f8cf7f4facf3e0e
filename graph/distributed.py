r"""The distributed path: extraction on Apache Spark, N-Quads files, then one bulk load.

For corpora that outgrow one machine. Extraction is a pure function from an article to the
N-Quads of its named graph (:func:`article_to_nquads`), so it runs anywhere: Spark runs it
with ``mapPartitions`` (:func:`extract_partition`, one spaCy pipeline per Python worker,
loaded on the first record of its first partition), writes the N-Quads as part files
(``saveAsTextFile``), and :func:`load_nquads_dir` bulk-loads them into the embedded store or
a remote SPARQL endpoint. pyspark (a 435 MB download) and a Java runtime are only needed
here: ``pip install 'newskg[spark]'`` (pyspark 4 needs Java 17 or 21).

What travels through Spark
--------------------------
Plain rows (dicts of strings), never Python objects of this package:

* an article read on the driver, as :func:`article_to_record` writes it: ``text``,
  ``title``, ``published`` (ISO date), ``url``, ``publisher``, ``source``, ``language``,
  ``dateline``, ``agency``, and the lists of strings ``authors`` and ``editors``;
  :func:`article_from_record` gives back the same :class:`~graph.records.Article`, exactly;
* a line of JSON Lines read by the executors: ``{"jsonl": LINE, "source": "PATH:N"}``, which
  :func:`article_from_record` reads with the rules of ``kg ingest``
  (:func:`graph.read.jsonl.parse_record`: field aliases, text normalization, dates).

Inputs of :func:`run_spark`: a path ending in ``.jsonl``, ``.ndjson`` or ``.jsonlines``, and
any URI (``hdfs://``, ``s3a://``, ``gs://``, ``file://``; folders and globs too), is read by
the *executors* as UTF-8 JSON Lines, so the corpus never passes through the driver;
records are named ``PATH:N``, the line number, which counts across the files when the path
is a folder or a glob. Any other path (text, Markdown, HTML, JSON files, local folders) is
read *on the driver* by :func:`graph.read.iter_articles`, exactly as ``kg ingest`` reads it,
and shipped as records.

Failures
--------
One bad article never stops the job. :func:`extract_partition` (the plain N-Quads
function) logs a failure as a warning and yields nothing for it. :func:`run_spark` uses
:func:`extract_outcomes` instead, which yields an :class:`Outcome` per record, failures
included, keeps them with the RDD (persisted, so nothing is extracted twice) and reports
them in :attr:`SparkReport.failed`, with those of the driver's reading, in input order.

Same result as ``kg ingest``
----------------------------
Each article graph is the one :func:`graph.pipeline.ingest_paths` stores: same IRIs, same
triples. When two records give the same article IRI (the same URL), the later one in input
order wins, as in a normal ingest where it replaces the earlier graph
(:attr:`SparkReport.superseded` counts the others). Two things are *not* done here:

* **cross-article entity resolution**: entity IRIs are the per-article ones minted from the
  names (``person/sergei-lavrov``); run the resolution on the store after loading
  (``kg resolve``);
* skipping unchanged articles: every record is extracted; loading replaces the graphs.

Cluster use
-----------
Every executor needs the same Python with newskg and a spaCy model installed (the package
reads its ontology, queries and word lists from files beside its modules, so a zip in
``--py-files`` is not enough). Either install ``newskg[model]`` on every node, or ship a
packed virtual environment::

    python -m venv env && env/bin/pip install 'newskg[model,spark]' venv-pack
    env/bin/venv-pack -o env.tar.gz
    PYSPARK_PYTHON=./env/bin/python spark-submit --master yarn --deploy-mode cluster \
        --archives env.tar.gz#env \
        "$(env/bin/python -c 'import graph.distributed as d; print(d.__file__)')" \
        s3a://corpus/2025/*.jsonl --output s3a://kg/nquads/2025 --partitions 400

(``--model NAME`` picks another spaCy model, installed on the executors; without it the
driver's ``NEWSKG_SPACY_MODEL`` is used, else the default.) Then, on a machine that sees the
output, load it: ``aws s3 sync``/``hdfs dfs -get`` it to a local folder and run
``python -m graph.distributed --load-only DIR --store kg-data`` (or ``--store
http://host:7878/query`` for an endpoint), then ``kg resolve``. Each task loads the model
once per Python worker (about 1 s for ``en_core_web_sm``), so give a partition many
articles: a few partitions per executor core.

Examples
--------
>>> import json
>>> from datetime import date
>>> a = Article(text="Ann Lee met Bo Chen in Vienna.", title="Talks",
...             published=date(2025, 3, 4), url="https://example.org/talks", source="t.txt")
>>> record = article_to_record(a)
>>> record["published"]
'2025-03-04'
>>> article_from_record(json.loads(json.dumps(record))) == a
True
>>> raw = article_from_record({"jsonl": '{"headline": "T", "body": "Talks  resumed."}',
...                            "source": "feed.jsonl:7"})
>>> raw.title, raw.text, raw.source
('T', 'Talks resumed.', 'feed.jsonl:7')
>>> article_from_record({"jsonl": '{"body": 3}', "source": "feed.jsonl:8"})
Traceback (most recent call last):
...
graph.errors.InputError: feed.jsonl:8: "body" is a number, not a string
>>> class Fake:  # any object with .extract(article) -> Extraction; the real one is Extractor
...     def extract(self, article):
...         return Extraction(article, extractor="fake", extractor_version="0")
>>> lines = article_to_nquads(a, Fake()).splitlines()
>>> lines[0].endswith(f"<{article_iri(a)}> .")
True
>>> lines == sorted(lines) and len(lines) == len(build_graph(Fake().extract(a)))
True
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import pyoxigraph as ox
from rdflib import URIRef

from graph.errors import ConfigError, InputError, NewsKGError
from graph.rdf.build import build_graph
from graph.read import FORMATS, iter_articles
from graph.read.jsonl import _position, parse_record
from graph.records import Article, Extraction
from graph.resolve import article_iri
from graph.store.base import Store
from graph.store.oxigraph import to_ox_quads

__all__ = [
    "RECORD_FIELDS",
    "SPARK_HINT",
    "LoadReport",
    "Outcome",
    "SparkReport",
    "article_from_record",
    "article_to_nquads",
    "article_to_record",
    "extract_outcomes",
    "extract_partition",
    "load_nquads_dir",
    "main",
    "run_spark",
]

logger = logging.getLogger(__name__)

#: The keys of an article record (:func:`article_to_record`).
RECORD_FIELDS = ("text", "title", "published", "url", "publisher", "source", "language")

#: What the Spark path needs, for error messages.
SPARK_HINT = "the Spark path needs `pip install 'newskg[spark]'` and a Java runtime (17 or 21)"

_JSONL_SUFFIXES = frozenset(s for s, kind in FORMATS.items() if kind == "jsonl")

#: Position of a record in the input: (index of the input, index of the record in it).
Seq = tuple[int, int]


class ExtractorLike(Protocol):
    """What :func:`article_to_nquads` needs: :class:`graph.extract.Extractor` or a double."""

    def extract(self, article: Article) -> Extraction: ...


# -- records -----------------------------------------------------------------------------
def article_to_record(article: Article) -> dict[str, Any]:
    """The article as a JSON-safe dict of strings and lists of strings (see "What travels
    through Spark")."""
    return {
        "text": article.text,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "publisher": article.publisher,
        "source": article.source,
        "language": article.language,
        "dateline": article.dateline,
        "agency": article.agency,
        "authors": list(article.authors),
        "editors": list(article.editors),
    }


def article_from_record(record: dict[str, Any]) -> Article:
    """The :class:`Article` of a record: exact for :func:`article_to_record` rows, by the
    JSON Lines rules of ``kg ingest`` for ``{"jsonl": LINE, "source": NAME}`` rows.

    Raises :class:`InputError` (named by the record's ``source``) for a record that is not
    an article.
    """
    source = str(record.get("source") or "<record>")
    if "jsonl" in record:
        line = record["jsonl"]
        if isinstance(line, bytes | bytearray):
            try:
                line = bytes(line).decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(
                    source, f"not valid UTF-8 (byte {e.start}); JSON Lines read by Spark must be"
                ) from None
        try:
            value = json.loads(str(line).lstrip("\ufeff"), strict=False)
        except json.JSONDecodeError as e:
            raise InputError(source, _position(e, with_line=False)) from None
        except RecursionError:
            raise InputError(source, "invalid JSON: nested too deeply") from None
        return parse_record(value, source)
    text = record.get("text")
    if not isinstance(text, str) or not text:
        raise InputError(source, "not an article record: no text")
    published = record.get("published")
    try:
        day = date.fromisoformat(published) if published else None
    except (TypeError, ValueError):
        raise InputError(source, f"not an ISO date: {published!r}") from None
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "publisher", "language", "dateline", "agency"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"{key!r} is not a string")
        fields[key] = value
    people: dict[str, tuple[str, ...]] = {}
    for key in ("authors", "editors"):
        value = record.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(source, f"{key!r} is not a list of strings")
        people[key] = tuple(value)
    return Article(
        text=text,
        published=day,
        source=source,
        title=fields["title"],
        url=fields["url"],
        publisher=fields["publisher"],
        language=fields["language"],
        dateline=fields["dateline"],
        agency=fields["agency"],
        authors=people["authors"],
        editors=people["editors"],
    )


# -- extraction as a pure function ----------------------------------------------------------
def article_to_nquads(article: Article, extractor: ExtractorLike) -> str:
    """The N-Quads of the article's named graph (its IRI is the article IRI), one line per
    quad, sorted, without a final newline; the same triples ``kg ingest`` stores for it.

    Raises what extraction raises (:class:`InputError` for a text over the size limit,
    :class:`~graph.errors.StoreError` for a term that cannot be written).
    """
    graph = build_graph(extractor.extract(article))
    quads = to_ox_quads(URIRef(graph.identifier), iter(graph))
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert text is not None
    return "\n".join(sorted(text.decode("utf-8").splitlines()))


class Outcome(NamedTuple):
    """What became of one record: its N-Quads, or why it has none."""

    seq: Seq
    source: str
    graph: str | None = None  # the article IRI
    nquads: str | None = None
    quads: int = 0
    error: str | None = None  # the reason, as in InputError(source, reason)

    @property
    def ok(self) -> bool:
        return self.error is None


def _outcome(seq: Seq, record: dict[str, Any], extractor: ExtractorLike) -> Outcome:
    source = str(record.get("source") or "<record>")
    try:
        article = article_from_record(record)
        source = article.source
        nquads = article_to_nquads(article, extractor)
    except InputError as e:
        return Outcome(seq, e.source, error=e.reason)
    except NewsKGError as e:
        return Outcome(seq, source, error=str(e))
    except Exception as e:  # one article must never fail the task (and, retried, the job)
        logger.warning("%s: extraction failed", source, exc_info=True)
        return Outcome(seq, source, error=f"could not be extracted ({type(e).__name__}: {e})")
    return Outcome(seq, source, str(article_iri(article)), nquads, nquads.count("\n") + 1)


def _extractor(model: str | None) -> ExtractorLike:
    from graph.extract import Extractor  # the spaCy pipeline is cached per process (load_nlp)

    return Extractor(model=model)


def extract_outcomes(
    items: Iterable[tuple[Seq, dict[str, Any]]], model: str | None = None
) -> Iterator[Outcome]:
    """An :class:`Outcome` for each ``(seq, record)``: the Spark task of :func:`run_spark`.

    The extractor is made on the first record (none for an empty partition); its spaCy
    pipeline is loaded once per Python process.
    """
    extractor: ExtractorLike | None = None
    for seq, record in items:
        if extractor is None:
            extractor = _extractor(model)
        yield _outcome(seq, record, extractor)


def extract_partition(records: Iterable[dict[str, Any]], model: str | None = None) -> Iterator[str]:
    """The N-Quads text of each record's article, for ``rdd.mapPartitions``.

    A record that fails yields nothing; the failure is logged (``graph.distributed``,
    WARNING). Use :func:`extract_outcomes` to keep the failures.
    """
    items = (((0, i), r) for i, r in enumerate(records))
    for outcome in extract_outcomes(items, model):
        if outcome.nquads is not None:
            yield outcome.nquads
        else:
            logger.warning("%s: %s", outcome.source, outcome.error)


# -- the Spark driver --------------------------------------------------------------------
@dataclass
class SparkReport:
    """What :func:`run_spark` did."""

    output_dir: str
    articles: int = 0  # article graphs written
    quads: int = 0
    superseded: int = 0  # records dropped because a later one has the same article IRI
    failed: list[InputError] = field(default_factory=list)  # in input order
    partitions: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def _is_uri(path: str) -> bool:
    return "://" in path


def _read_by_spark(path: str) -> bool:
    return _is_uri(path) or Path(path).suffix.lower() in _JSONL_SUFFIXES


def _local_dir(output_dir: str) -> Path | None:
    if output_dir.startswith("file://"):
        return Path(output_dir[len("file://") :])
    return None if _is_uri(output_dir) else Path(output_dir)


def _session(master: str | None, app_name: str) -> tuple[Any, bool]:
    """(SparkSession, whether this call started it); ConfigError without pyspark or Java."""
    try:
        from pyspark.sql import SparkSession  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ConfigError(f"pyspark is not installed: {SPARK_HINT}") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise ConfigError(f"no Java runtime (no `java` on PATH, no JAVA_HOME): {SPARK_HINT}")
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            # local workers must run this interpreter (the one with spaCy), not `python3`
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            builder = builder.config("spark.ui.enabled", "false").config(
                "spark.ui.showConsoleProgress", "false"
            )
    try:
        return builder.getOrCreate(), True
    except Exception as e:  # the JVM did not start (Java missing or too old, ...)
        detail = " ".join(str(e).split())[:300]
        raise ConfigError(f"Spark could not start ({detail}); {SPARK_HINT}") from None


def run_spark(
    inputs: Sequence[str],
    output_dir: str,
    master: str | None = "local[2]",
    partitions: int | None = None,
    model: str | None = None,
    *,
    overwrite: bool = False,
    spark: Any = None,
) -> SparkReport:
    """Extract ``inputs`` on Spark and write their N-Quads to ``output_dir`` (part files).

    ``master`` is Spark's (``local[2]``, ``spark://host:7077``, ``yarn``; None: what
    ``spark-submit`` or the Spark defaults say); ``partitions`` the number of extraction
    tasks (default: Spark's default parallelism); ``model`` the spaCy model (default:
    ``NEWSKG_SPACY_MODEL`` on the driver, else the package default). A local ``output_dir``
    that exists is a :class:`ConfigError` unless ``overwrite``. ``spark`` is a SparkSession
    to use (else the active one, else a new one, stopped at the end).
    """
    started = time.perf_counter()
    model = model or os.environ.get("NEWSKG_SPACY_MODEL") or None
    local = _local_dir(output_dir)
    if local is not None and local.exists():
        if not overwrite:
            raise ConfigError(f"the output folder {output_dir} exists; remove it or pass overwrite")
        shutil.rmtree(local)
    report = SparkReport(output_dir)
    read_errors_missing: list[tuple[Seq, InputError]] = []
    for i, path in enumerate(inputs):
        if _read_by_spark(path) and not _is_uri(path) and not Path(path).exists():
            read_errors_missing.append(((i, 0), InputError(path, "no such file or folder")))
    driver_records: list[tuple[Seq, dict[str, Any]]] = []
    read_errors: list[tuple[Seq, InputError]] = read_errors_missing
    for i, path in enumerate(inputs):
        if not _read_by_spark(path):
            for k, item in enumerate(iter_articles([path])):
                if isinstance(item, InputError):
                    read_errors.append(((i, k), item))
                else:
                    driver_records.append(((i, k), article_to_record(item)))

    session, started_here = (spark, False) if spark is not None else _session(master, "newskg")
    try:
        sc = session.sparkContext
        target = partitions or sc.defaultParallelism
        rdds = []
        if driver_records:
            rdds.append(sc.parallelize(driver_records, max(1, min(target, len(driver_records)))))
        for i, path in enumerate(inputs):
            if _read_by_spark(path) and (_is_uri(path) or Path(path).exists()):
                lines = sc.textFile(path, use_unicode=False).zipWithIndex()
                rdds.append(
                    lines.filter(lambda li: li[0].strip())
                    # i=i, path=path: bind this input's values, not the loop's last
                    .map(lambda li, i=i, path=path: ((i, li[1]), _jsonl_record(path, li)))
                )
        rdd = sc.union(rdds) if len(rdds) > 1 else (rdds[0] if rdds else sc.emptyRDD())
        if len(rdds) > bool(driver_records) and rdd.getNumPartitions() < target:
            rdd = rdd.repartition(target)  # a small JSON Lines file is one or two splits
        report.partitions = rdd.getNumPartitions()
        outcomes = rdd.mapPartitions(lambda it: extract_outcomes(it, model))
        from pyspark import StorageLevel  # type: ignore[import-not-found,unused-ignore]

        outcomes.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            report.failed = _write(outcomes, output_dir, read_errors, report)
        except Exception as e:  # a Py4J or Python worker error: say what it was, in one line
            raise ConfigError(f"the Spark job failed: {_job_error(e)}") from e
        finally:
            outcomes.unpersist()
    finally:
        if started_here:
            session.stop()
    report.seconds = time.perf_counter() - started
    return report


def _job_error(e: Exception) -> str:
    """The useful line of a Spark job failure (a newskg error raised on an executor, a
    missing input, ...), else its first line."""
    text = str(e)
    for pattern in (
        r"graph\.errors\.\w+: ([^\n]+)",
        r"(?:InvalidInputException|FileNotFoundException|FileAlreadyExistsException)[^:]*: "
        r"([^\n]+)",
    ):
        if found := re.search(pattern, text):
            return found[1].strip()[:500]
    first = next((line.strip() for line in text.splitlines() if line.strip()), type(e).__name__)
    return first[:500]


def _jsonl_record(path: str, line_index: tuple[bytes, int]) -> dict[str, Any]:
    line, index = line_index
    return {"jsonl": line, "source": f"{path}:{index + 1}"}


def _write(
    outcomes: Any,
    output_dir: str,
    read_errors: list[tuple[Seq, InputError]],
    report: SparkReport,
) -> list[InputError]:
    """Write the winning graphs; fill the counts of ``report``; return the failures."""
    ok = outcomes.filter(lambda o: o.error is None)
    # the same article IRI twice: the later record in input order wins, as in `kg ingest`
    dupes = (
        ok.map(lambda o: (o.graph, (1, o.seq)))
        .reduceByKey(lambda a, b: (a[0] + b[0], max(a[1], b[1])))
        .filter(lambda kv: kv[1][0] > 1)
        .collectAsMap()
    )
    winners = {g: tuple(seq) for g, (_, seq) in dupes.items()}
    keep = ok.filter(lambda o: o.graph not in winners or tuple(o.seq) == winners[o.graph])
    keep.map(lambda o: o.nquads).saveAsTextFile(output_dir)
    report.articles, report.quads = keep.map(lambda o: (1, o.quads)).fold(
        (0, 0), lambda a, b: (a[0] + b[0], a[1] + b[1])
    )
    report.superseded = sum(n - 1 for n, _ in dupes.values())
    failed = outcomes.filter(lambda o: o.error is not None).map(
        lambda o: (tuple(o.seq), o.source, o.error)
    )
    errors = [(seq, InputError(src, why)) for seq, src, why in failed.collect()]
    return [e for _, e in sorted([*read_errors, *errors], key=lambda se: se[0])]


# -- loading -----------------------------------------------------------------------------
@dataclass
class LoadReport:
    """What :func:`load_nquads_dir` loaded."""

    files: int = 0
    graphs: int = 0  # article graphs in the files
    replaced: int = 0  # of which were in the store before (dropped, then loaded)


def load_nquads_dir(store: Store, directory: str | os.PathLike[str]) -> LoadReport:
    """Bulk-load the ``part-*`` files of a :func:`run_spark` output into ``store``.

    The files are parsed once first (an invalid file is an :class:`InputError` before
    anything is written); article graphs already in the store are dropped, so loading
    replaces them as ``kg ingest`` does; then each file goes to ``store.load(path,
    "nquads")`` (Oxigraph's bulk loader on disk, ``INSERT DATA`` on an endpoint). An output
    without Spark's ``_SUCCESS`` marker (a job that did not finish) is refused.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(str(directory), "no such folder")
    if not (folder / "_SUCCESS").exists():
        raise InputError(
            str(directory), "no _SUCCESS file: the Spark job did not finish; run it again"
        )
    parts = sorted(p for p in folder.glob("part-*") if p.is_file() and not p.name.endswith(".crc"))
    graphs: set[str] = set()
    for part in parts:
        try:
            for quad in ox.parse(path=str(part), format=ox.RdfFormat.N_QUADS):
                if isinstance(quad.graph_name, ox.NamedNode):
                    graphs.add(quad.graph_name.value)
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(str(part), f"not valid N-Quads: {e}; nothing was loaded") from None
    existing = {str(g) for g in store.graphs()} & graphs
    for g in sorted(existing):
        store.remove_graph(URIRef(g))
    for part in parts:
        if part.stat().st_size:
            store.load(str(part), "nquads")
    return LoadReport(files=len(parts), graphs=len(graphs), replaced=len(existing))


# -- command line ------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """``python -m graph.distributed`` / ``spark-submit graph/distributed.py``."""
    p = argparse.ArgumentParser(
        prog="python -m graph.distributed",
        description="Extract articles on Spark into N-Quads part files, and load them.",
    )
    p.add_argument("inputs", nargs="*", help="files, folders, JSON Lines paths or URIs")
    p.add_argument("-o", "--output", help="the output folder (local, hdfs://, s3a://...)")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=int, help="extraction tasks")
    p.add_argument("--model", help="spaCy model (default: NEWSKG_SPACY_MODEL or the default)")
    p.add_argument("--overwrite", action="store_true", help="replace a local output folder")
    p.add_argument("--store", help="after the job, load the output into this store")
    p.add_argument("--load-only", metavar="DIR", help="only load DIR (a finished output)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.load_only:
            return _load(args.store, args.load_only)
        if not args.inputs or not args.output:
            p.error("give INPUTS and --output (or --load-only DIR --store STORE)")
        r = run_spark(
            args.inputs,
            args.output,
            master=args.master,
            partitions=args.partitions,
            model=args.model,
            overwrite=args.overwrite,
        )
        for e in r.failed:
            print(f"error: {e}", file=sys.stderr)
        print(
            f"extracted {r.articles} article(s), {r.quads} quads, in {r.partitions} "
            f"partition(s), {r.seconds:.1f} s; {len(r.failed)} input(s) failed; "
            f"{r.superseded} superseded; wrote {r.output_dir}"
        )
        if args.store:
            _load(args.store, args.output)
        return 0 if r.ok else 1
    except NewsKGError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code


def _load(spec: str | None, directory: str) -> int:
    from graph.store import open_store

    with open_store(spec) as store:
        r = load_nquads_dir(store, directory)
        print(
            f"loaded {r.graphs} article graph(s) from {r.files} file(s) ({r.replaced} "
            f"replaced); the store now holds {store.quad_count()} quads"
        )
    return 0


if __name__ == "__main__":  # `spark-submit .../graph/distributed.py`: run the package's copy
    from graph.distributed import main as _main

    sys.exit(_main())
