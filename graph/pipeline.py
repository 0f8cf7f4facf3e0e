"""The pipeline end to end: read -> extract -> link -> build the article graph -> store it.

Ingestion of one article is all-or-nothing: its graph is built completely in memory, then
written with one atomic :meth:`~graph.store.base.Store.replace_graphs`, which also makes
re-ingest idempotent (the article's graph is replaced, not added to). A failing article is
reported and the run goes on with the next one; a store that fails
(:class:`~graph.errors.StoreUnavailableError`) stops the run, keeping what was stored.

A corpus, not an article (:func:`ingest`):

* **Streaming.** Inputs are read one at a time (folders are walked lazily, big JSON Lines
  files line by line), at most ``batch`` articles wait to be written and at most
  ``4 * workers`` are being extracted, so memory stays flat whatever the corpus size.
* **Parallel extraction.** With ``workers > 1``, articles are parsed, and their graphs built
  and serialized as N-Quads, in that many worker processes (``forkserver``; one spaCy
  pipeline each, loaded once); linking (:func:`graph.linking.apply_links`) and writing stay
  in this process, the one writer. Results are taken in input order, so a run gives the
  same store whatever the number of workers.
* **Batched writes.** Each ``batch`` of new article graphs is one transaction of the store
  (:meth:`~graph.store.base.Store.write_nquads`: Oxigraph's N-Quads ``load``, about five
  times faster than ``INSERT DATA``); an article already stored is replaced by ``DROP`` +
  ``INSERT DATA`` in one update, so its old version is never lost. The store's memory
  tables are flushed every :data:`FLUSH_EVERY` articles and the store reopened every
  :data:`REOPEN_EVERY` (:meth:`~graph.store.base.Store.reopen`), which bounds the memory
  its engine keeps (measured with the linker's compact context: the peak RSS of 10,000
  articles is 1.13-1.17x that of 1,000 in three runs; README).
* **Resumable.** Before extraction, each article's content hash (``nk:contentHash`` of its
  graph, one query per batch) is compared with the store's: an unchanged article is skipped
  (``report.skipped``), unless ``force``. A run that was killed is simply started again: the
  batches written are skipped, the rest is done, and nothing is duplicated because an
  article's graph IRI comes from its URL (or content).
* **Cross-article entity resolution.** A :class:`~graph.linking.Linker` identifies the
  article's entities with the store's before the graph is built (see :mod:`graph.linking`);
  once the run is over, the entities it left as their own nodes are decided again against
  the whole run (:meth:`~graph.linking.Linker.second_look`), so that the result depends
  less on the order of the files.

Examples
--------
>>> from graph.records import Article
>>> from graph.store import open_store
>>> from graph.extract import Extractor
>>> store = open_store("memory")
>>> arts = [Article(text="Ann Lee met Bo Chen in Vienna.", title="Talks",
...                 url="https://example.org/talks")]
>>> ex = Extractor()
>>> r = ingest(store, arts, extractor=ex)
>>> len(r.ingested), len(r.skipped)
(1, 0)
>>> r = ingest(store, arts, extractor=ex)  # unchanged: skipped by content hash
>>> len(r.ingested), len(r.skipped)
(0, 1)
>>> store.close()
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from .errors import ConfigError, InputError, NewsKGError, StoreUnavailableError
from .extract import Extractor
from .linking import apply_links
from .model import model
from .rdf.build import build_graph
from .rdf.extraction_json import extraction_json, input_offsets
from .read import FORMATS, STDIN, display_name, iter_articles
from .records import Article, Entity, Extraction
from .resolve import article_iri
from .store.base import Store
from .store.oxigraph import to_ox_quads

__all__ = [
    "DEFAULT_BATCH",
    "ExtractReport",
    "IngestReport",
    "extract_files",
    "extraction_document",
    "ingest",
    "ingest_articles",
    "ingest_paths",
    "output_name",
    "store_extraction",
]

#: Articles written per transaction.
DEFAULT_BATCH = 16
#: Articles written between two flushes of the store's memory tables.
FLUSH_EVERY = 128
#: Articles written between two reopenings of the store (see Store.reopen).
REOPEN_EVERY = 500

OnItem = Callable[[str, NewsKGError | None], None]


@dataclass
class IngestReport:
    """What an ingest run did."""

    ingested: list[tuple[str, URIRef]] = field(default_factory=list)  # (source, graph)
    skipped: list[tuple[str, URIRef]] = field(default_factory=list)  # unchanged articles
    failed: list[NewsKGError] = field(default_factory=list)
    quads: int = 0
    words: int = 0  # words of the articles extracted
    links: int = 0  # entities identified with an entity of other articles
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def store_extraction(store: Store, extraction: Extraction) -> tuple[URIRef, int]:
    """Write one article's graph atomically (no cross-article linking); its IRI and size."""
    g = build_graph(extraction)
    store.replace_graph(URIRef(g.identifier), iter(g))
    return URIRef(g.identifier), len(g)


# ---------------------------------------------------------------------- skipping unchanged
def _stored_hashes(store: Store, graphs: list[URIRef]) -> dict[str, str]:
    """Content hashes of those article graphs that are in the store (one query)."""
    if not graphs:
        return {}
    from .store.base import term_to_sparql

    m = model()
    values = " ".join(term_to_sparql(g) for g in graphs)
    q = (
        f"SELECT ?g ?h WHERE {{ VALUES ?g {{ {values} }} "
        f"GRAPH ?g {{ ?g {m.term('content_hash').n3()} ?h }} }}"
    )
    return {str(row[0]): str(row[1]) for row in store.query(q)}  # type: ignore[index]


def _changed(
    store: Store,
    items: Iterable[Article | InputError],
    force: bool,
    batch: int,
    report: IngestReport,
    on_item: OnItem | None,
) -> Iterator[Article]:
    """The articles to (re)do: errors are reported, unchanged articles skipped."""

    def flush(pending: list[Article]) -> Iterator[Article]:
        if force:
            yield from pending
            return
        iris = [article_iri(a) for a in pending]
        stored = _stored_hashes(store, sorted(set(iris)))
        for a, iri in zip(pending, iris, strict=True):
            if stored.get(str(iri)) == a.content_hash:
                report.skipped.append((a.source, iri))
                if on_item:
                    on_item(a.source, None)
            else:
                yield a

    pending: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            report.failed.append(item)
            if on_item:
                on_item(item.source, item)
            continue
        pending.append(item)
        if len(pending) >= batch:
            yield from flush(pending)
            pending = []
    yield from flush(pending)


# ---------------------------------------------------------------------- extraction
_WORKER: Extractor | None = None


def _init_worker(model_name: str | None) -> None:  # pragma: no cover - runs in a worker
    global _WORKER
    _WORKER = Extractor(model=model_name)


@dataclass
class Built:
    """What extraction hands to the writer: the entities (for linking) and the article's
    graph, built and serialized as N-Quads (in the worker, so the one writing process only
    links and writes)."""

    graph: URIRef
    entities: list[Entity]
    nquads: bytes
    quads: int
    words: int


def _build(extractor: Extractor, article: Article) -> Built | InputError:
    x = _extract_safely(extractor, article)
    if isinstance(x, InputError):
        return x
    try:
        g = build_graph(x)
        quads = to_ox_quads(URIRef(g.identifier), g)
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    except NewsKGError as e:
        return InputError(article.source, str(e))
    # mentions are not needed to link: leave them behind (smaller messages); what the linker
    # reads stays (names, gender from an honorific, scope, aliases)
    ents = [
        Entity(e.key, e.name, e.type, aliases=e.aliases, gender=e.gender, scope=e.scope)
        for e in x.entities
    ]
    return Built(URIRef(g.identifier), ents, data, len(quads), len(article.text.split()))


def _extract_safely(extractor: Extractor, article: Article) -> Extraction | InputError:
    try:
        return extractor.extract(article)
    except InputError as e:
        return e
    except NewsKGError as e:
        return InputError(article.source, str(e))
    except (ValueError, MemoryError, RecursionError) as e:  # extractor limits on odd text
        return InputError(article.source, f"could not be extracted ({type(e).__name__}: {e})")


def _build_in_worker(article: Article) -> Built | InputError:  # pragma: no cover
    assert _WORKER is not None
    return _build(_WORKER, article)


def _extractions(
    articles: Iterable[Article],
    extractor: Extractor | None,
    model_name: str | None,
    workers: int,
) -> Iterator[tuple[Article, Built | InputError]]:
    """(article, built graph or error) in input order, from this process or ``workers``."""
    if workers <= 1:
        ex = extractor or Extractor(model=model_name)
        for a in articles:
            yield a, _build(ex, a)
        return
    ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    window = 4 * workers

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(model_name,)
        )

    source = iter(articles)
    pool = new_pool()
    pending: deque[tuple[Article, Future[Built | InputError]]] = deque()
    try:
        while True:
            while len(pending) < window and (nxt := next(source, None)) is not None:
                pending.append((nxt, pool.submit(_build_in_worker, nxt)))
            if not pending:
                return
            article, fut = pending.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                # a worker died (out of memory, a crash in a native library): one of the
                # articles in flight caused it. Retry this one alone on a fresh pool; if it
                # dies again it is the culprit. Then resubmit the others.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                try:
                    result = pool.submit(_build_in_worker, article).result()
                except BrokenProcessPool:
                    result = InputError(
                        article.source,
                        "the extraction process died while reading it (out of memory?)",
                    )
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = new_pool()
                pending = deque((a, pool.submit(_build_in_worker, a)) for a, _ in pending)
            yield article, result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------- writing
class _Writer:
    """Collects built graphs and writes them ``batch`` at a time, reporting each article;
    flushes the store's memory tables every :data:`FLUSH_EVERY` articles (without it, an
    on-disk store's memory grows with the corpus: measured 1.0 GB for 1,000 articles and
    2.3 GB for 3,000; flushed, it stays flat)."""

    def __init__(
        self, store: Store, batch: int, report: IngestReport, on_item: OnItem | None
    ) -> None:
        self.store = store
        self.batch = batch
        self.report = report
        self.on_item = on_item
        self.pending: list[tuple[Article, URIRef, bytes, int, int]] = []
        self.since_flush = 0
        self.since_reopen = 0

    def add(self, article: Article, graph: URIRef, data: bytes, quads: int, links: int) -> None:
        self.pending.append((article, graph, data, quads, links))
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        try:
            self.store.write_nquads([(g, d) for _, g, d, _, _ in self.pending])
        except StoreUnavailableError as e:
            first = self.pending[0][0].source
            raise StoreUnavailableError(
                f"{e} (stopped at {first}; {len(self.report.ingested)} article(s) were "
                "stored before it)"
            ) from e
        except NewsKGError:
            self._one_by_one()  # a graph the store refuses: find it, keep the others
            return
        for item in self.pending:
            self._done(*item)
        self.pending = []

    def _one_by_one(self) -> None:
        for article, g, d, quads, links in self.pending:
            try:
                self.store.write_nquads([(g, d)])
            except StoreUnavailableError:
                raise
            except NewsKGError as e:
                err = InputError(article.source, str(e))
                self.report.failed.append(err)
                if self.on_item:
                    self.on_item(article.source, err)
                continue
            self._done(article, g, d, quads, links)
        self.pending = []

    def _done(self, article: Article, g: URIRef, _d: bytes, quads: int, links: int) -> None:
        self.report.ingested.append((article.source, g))
        self.report.quads += quads
        self.report.links += links
        self.since_flush += 1
        self.since_reopen += 1
        if self.since_flush >= FLUSH_EVERY:
            self.store.flush()
            self.since_flush = 0
        if self.since_reopen >= REOPEN_EVERY:
            self.store.reopen()
            self.since_reopen = 0
        if self.on_item:
            self.on_item(article.source, None)


def ingest(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    extractor: Extractor | None = None,
    model_name: str | None = None,
    workers: int = 1,
    force: bool = False,
    batch: int = DEFAULT_BATCH,
    linker: Any | None = None,
    on_item: OnItem | None = None,
) -> IngestReport:
    """Ingest a stream of articles (see the module docstring); never raises for an article.

    ``extractor`` is used when ``workers <= 1`` (else each worker loads ``model_name``).
    ``linker`` (a :class:`graph.linking.Linker`) identifies entities across articles;
    without one, entities keep the IRIs minted from their names.
    """
    if batch < 1:
        raise ValueError(f"batch must be 1 or more, not {batch}")
    started = time.perf_counter()
    report = IngestReport()
    writer = _Writer(store, batch, report, on_item)
    todo = _changed(store, items, force, batch, report, on_item)
    for article, result in _extractions(todo, extractor, model_name, workers):
        if isinstance(result, InputError):
            report.failed.append(result)
            if on_item:
                on_item(article.source, result)
            continue
        report.words += result.words
        data, n_links = result.nquads, 0
        if linker is not None:
            light = Extraction(article, entities=result.entities)
            links = linker.link(light)
            data = apply_links(data, result.graph, links)
            linker.remember(light, links)
            n_links = len(links.records)
        writer.add(article, result.graph, data, result.quads, n_links)
    writer.flush()
    if linker is not None and report.ingested:
        # what the first articles of the run decided, decided again on the whole run
        report.links += len(linker.second_look().links)
    report.seconds = time.perf_counter() - started
    return report


def ingest_articles(
    store: Store,
    items: Iterable[Article | InputError],
    extractor: Extractor,
    on_item: OnItem | None = None,
) -> IngestReport:
    """Extract and store each article in this process, every one (unchanged or not), without
    cross-article linking; collect (never raise) per-item errors."""
    return ingest(store, items, extractor=extractor, force=True, batch=1, on_item=on_item)


def ingest_paths(store: Store, paths: Iterable[str], extractor: Extractor) -> IngestReport:
    """Read every file, folder or ``-`` in ``paths`` and ingest what can be read."""
    return ingest_articles(store, iter_articles(paths), extractor)


# ---------------------------------------------------------------------- kg extract
def extraction_document(extraction: Extraction, *, offsets: str = "input") -> dict[str, Any]:
    """The extraction JSON of one extracted article: its graph built in a memory store and
    read back as ``kg export --format extraction-json`` reads a store. ``offsets="input"``
    moves every offset to the text the reader was given, where it kept one
    (:func:`graph.rdf.extraction_json.input_offsets`); ``"article"`` keeps the offsets of the
    article text the store holds."""
    from .store import open_store

    if offsets not in ("input", "article"):
        raise ValueError(f"offsets must be 'input' or 'article', not {offsets!r}")
    with open_store("memory") as mem:
        iri, _ = store_extraction(mem, extraction)
        doc = extraction_json(mem, iri)
    doc["article"]["source"] = extraction.article.source
    return input_offsets(doc, extraction.article) if offsets == "input" else doc


_RECORD = re.compile(r"(?::(\d+)|\[(\d+)\])$")


def output_name(source: str, root: str | None = None) -> str:
    """The file name (without extension) ``kg extract -o`` gives an article: its input file's
    name without the extension, under its folder relative to ``root`` (the folder given on
    the command line), and ``-LINE`` (JSON Lines) or ``-INDEX`` (a JSON list) for one record
    of a file holding many.

    >>> output_name("corpus/2016/story.txt", "corpus"), output_name("news.jsonl:12")
    ('2016/story', 'news-12')
    >>> output_name("in/01.json", "in"), output_name("list.json[3]"), output_name("<stdin>")
    ('01', 'list-3', 'stdin')
    """
    m = _RECORD.search(source)
    record = ""
    if m and source[: m.start()]:
        record = f"-{m.group(1) or m.group(2)}"
        source = source[: m.start()]
    if source == "<stdin>":
        return "stdin" + record
    if root is not None and source.startswith(root.rstrip(os.sep) + os.sep):
        rel = Path(source[len(root.rstrip(os.sep)) + 1 :])
    else:
        rel = Path(Path(source).name)
    if rel.suffix.lower() in FORMATS:
        rel = rel.with_suffix("")
    parts = [p for p in rel.parts if p not in ("", ".", "..")] or ["article"]
    return "/".join(parts) + record


@dataclass
class ExtractReport:
    """What a ``kg extract`` run did."""

    written: list[tuple[str, Path]] = field(default_factory=list)  # (source, file)
    failed: list[NewsKGError] = field(default_factory=list)
    renamed: list[tuple[str, Path]] = field(default_factory=list)  # names that were taken
    words: int = 0
    seconds: float = 0.0  # reading, extracting and writing
    extract_seconds: float = 0.0  # in the extractor alone


def extract_files(
    paths: Iterable[str],
    out_dir: str | os.PathLike[str],
    extractor: Extractor,
    *,
    fmt: str = "json",
    offsets: str = "input",
    on_item: OnItem | None = None,
) -> ExtractReport:
    """Extract every article of ``paths`` (files, folders, JSON Lines, ``-``) with one
    extractor, the model loaded once, and write one file per article into ``out_dir``
    (named by :func:`output_name`; ``.json`` for the extraction JSON, ``.ttl`` for Turtle).

    Two articles that would get the same name (``a.txt`` and ``a.html``) keep both: the
    second gets ``-2`` (listed in ``report.renamed``). An article that fails is reported and
    the run goes on; nothing is written for it.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise ConfigError(
            f"{display_name(out)}: cannot create the output folder ({reason})"
        ) from None
    ext = ".ttl" if fmt == "turtle" else ".json"
    started = time.perf_counter()
    report = ExtractReport()
    used: set[str] = set()
    for path in paths:
        root = None
        if path != STDIN and Path(path).is_dir():
            root = display_name(path)
        for item in iter_articles([path]):
            if isinstance(item, InputError):
                report.failed.append(item)
                if on_item:
                    on_item(item.source, item)
                continue
            t = time.perf_counter()
            x = _extract_safely(extractor, item)
            report.extract_seconds += time.perf_counter() - t
            if isinstance(x, InputError):
                report.failed.append(x)
                if on_item:
                    on_item(item.source, x)
                continue
            report.words += len(item.text.split())
            name = output_name(item.source, root)
            base, n = name, 1
            while name.casefold() in used:
                n += 1
                name = f"{base}-{n}"
            used.add(name.casefold())
            target = out / (name + ext)
            if n > 1:
                report.renamed.append((item.source, target))
            if fmt == "turtle":
                data = build_graph(x).serialize(format="turtle")
            else:
                doc = extraction_document(x, offsets=offsets)
                data = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(data, encoding="utf-8")
            except OSError as e:  # the output, not the article: stop with what was written
                reason = e.strerror or type(e).__name__
                raise ConfigError(f"{display_name(target)}: cannot write it ({reason})") from None
            report.written.append((item.source, target))
            if on_item:
                on_item(item.source, None)
    report.seconds = time.perf_counter() - started
    return report
