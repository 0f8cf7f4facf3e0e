"""The pipeline end to end: read -> extract -> build the article graph -> store it.

Ingestion of one article is all-or-nothing: its graph is built completely in memory, then
written with one atomic :meth:`~graph.store.base.Store.replace_graph`, which also makes
re-ingest idempotent (the article's graph is replaced, not added to). A failing article is
reported and the run goes on with the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from .errors import InputError, NewsKGError, StoreUnavailableError
from .extract import Extractor
from .rdf.build import build_graph
from .read import iter_articles
from .records import Article, Extraction
from .store.base import Store

__all__ = ["IngestReport", "ingest_articles", "ingest_paths", "store_extraction"]


@dataclass
class IngestReport:
    """What an ingest run did."""

    ingested: list[tuple[str, URIRef]] = field(default_factory=list)  # (source, graph)
    failed: list[NewsKGError] = field(default_factory=list)
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def store_extraction(store: Store, extraction: Extraction) -> tuple[URIRef, int]:
    """Write one article's graph atomically; return its IRI and triple count."""
    g = build_graph(extraction)
    store.replace_graph(URIRef(g.identifier), iter(g))
    return URIRef(g.identifier), len(g)


def ingest_articles(
    store: Store,
    items: Iterable[Article | InputError],
    extractor: Extractor,
    on_item: Callable[[str, NewsKGError | None], None] | None = None,
) -> IngestReport:
    """Extract and store each article; collect (never raise) per-item errors."""
    report = IngestReport()
    for item in items:
        if isinstance(item, InputError):
            report.failed.append(item)
            if on_item:
                on_item(item.source, item)
            continue
        try:
            extraction = extractor.extract(item)
            iri, n = store_extraction(store, extraction)
        except StoreUnavailableError as exc:  # the store, not the article: stop here
            raise StoreUnavailableError(
                f"{exc} (stopped at {item.source}; {len(report.ingested)} article(s) "
                "were stored before it)"
            ) from exc
        except NewsKGError as exc:
            err = exc if isinstance(exc, InputError) else InputError(item.source, str(exc))
            report.failed.append(err)
            if on_item:
                on_item(item.source, err)
            continue
        except (ValueError, MemoryError, RecursionError) as exc:  # extractor limits on odd text
            err = InputError(item.source, f"could not be extracted ({type(exc).__name__}: {exc})")
            report.failed.append(err)
            if on_item:
                on_item(item.source, err)
            continue
        report.ingested.append((item.source, iri))
        report.quads += n
        if on_item:
            on_item(item.source, None)
    return report


def ingest_paths(store: Store, paths: Iterable[str], extractor: Extractor) -> IngestReport:
    """Read every file, folder or ``-`` in ``paths`` and ingest what can be read."""
    return ingest_articles(store, iter_articles(paths), extractor)
