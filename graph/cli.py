"""The ``kg`` command line.

Every command has ``--help``. Errors are one line on stderr, never a traceback (set
``NEWSKG_DEBUG=1`` to see one). Exit codes (README, "Exit codes"): 0 success, 1 some inputs
failed, 2 usage or configuration, 3 store, 4 query, 5 validation, 6 not found.

Text from articles is printed as plain text: rich's markup is never applied to it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_VALIDATION,
    InputError,
    NewsKGError,
    NotFoundError,
    QueryError,
)
from .store.base import rows

__all__ = ["main"]

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n\s*)*(INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|ADD|MOVE|COPY)\b",
    re.IGNORECASE,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


# ---------------------------------------------------------------------------- helpers
def _store(args: argparse.Namespace, *, read_only: bool) -> Any:
    from .store import open_store, resolve_spec

    spec = getattr(args, "endpoint", None) or args.store
    if resolve_spec(spec)[0] != "sparql":
        return open_store(spec, read_only=read_only)
    return open_store(
        spec,
        read_only=read_only,
        update_endpoint=getattr(args, "update_endpoint", None),
        graph_store=getattr(args, "graph_store", None),
        token=getattr(args, "token", None) or os.environ.get("NEWSKG_TOKEN") or None,
    )


def _location(args: argparse.Namespace) -> str:
    from .store import resolve_spec

    return resolve_spec(getattr(args, "endpoint", None) or args.store)[1]


def _extractor(args: argparse.Namespace) -> Any:
    from .extract import Extractor

    return Extractor(model=getattr(args, "model", None))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _print_result(result: Any, fmt: str) -> int:
    """Print an rdflib query result as a table, JSON or CSV."""
    if result.type == "ASK":
        out.print(Text("yes" if result.askAnswer else "no"))
        return EXIT_OK
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return EXIT_OK
    if fmt == "json":
        sys.stdout.write(result.serialize(format="json").decode("utf-8") + "\n")
        return EXIT_OK
    if fmt == "csv":
        sys.stdout.write(result.serialize(format="csv").decode("utf-8"))
        return EXIT_OK
    names = [str(v) for v in result.vars]
    cells = [[_short(row[i]) for i in range(len(names))] for row in result]
    if out.is_terminal:
        table = Table(*names, show_lines=False)
        for r in cells:
            table.add_row(*[Text(c) for c in r])
        out.print(table)
    else:  # piped: one line per row, columns separated by " | ", nothing wrapped or cut
        sys.stdout.write(" | ".join(names) + "\n")
        for r in cells:
            sys.stdout.write(" | ".join(c.replace("\n", " ") for c in r) + "\n")
    err.print(Text(f"{len(cells)} row{'s' if len(cells) != 1 else ''}"))
    return EXIT_OK


def _short(value: Any) -> str:
    """A cell for the table format: IRIs as prefixed names, text as it is."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        from .model import model

        text = str(value)
        best = max(
            ((p, ns) for p, ns in model().prefixes().items() if text.startswith(ns)),
            key=lambda pn: len(pn[1]),
            default=None,
        )
        if best and text[len(best[1]) :]:
            return f"{best[0]}:{text[len(best[1]) :]}"
        return text
    return str(value)


def _parse_params(items: Sequence[str]) -> dict[str, str]:
    params = {}
    for item in items:
        if "=" not in item:
            raise NewsKGError(f"--param {item!r}: write it as NAME=VALUE")
        k, v = item.split("=", 1)
        params[k.strip()] = v
    return params


# ---------------------------------------------------------------------------- commands
def _workers(args: argparse.Namespace, estimate: int | None) -> int:
    """``--workers``: as given, or (0, the default) one per core up to 4 for corpora of 20
    articles or more, else 1 (starting a worker costs a model load, about 2 s)."""
    if args.workers > 0:
        return int(args.workers)
    if estimate is None or estimate < 20:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def _progress(verb: str, quiet: bool) -> Any:
    """The progress bar of long runs (on stderr, only on a terminal): done/total, articles/s,
    time elapsed and left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(verb),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


def _on_item(progress: Any, task: Any, failures: list[NewsKGError]) -> Any:
    """The per-article callback of a run: advances the bar, prints and keeps failures."""
    started = time.perf_counter()
    done = [0]

    def on_item(source: str, error: NewsKGError | None) -> None:
        done[0] += 1
        rate = done[0] / max(time.perf_counter() - started, 1e-9)
        progress.update(task, advance=1, rate=f"{rate:.1f} articles/s")
        if error is not None:
            failures.append(error)
            progress.console.print(Text(f"error: {error}"))

    return on_item


def _print_failures(failures: list[NewsKGError]) -> None:
    if failures:
        err.print(Text(f"{len(failures)} input(s) failed:"))
        for e in failures[:20]:
            err.print(Text(f"  {e}"))
        if len(failures) > 20:
            err.print(Text(f"  ... and {len(failures) - 20} more"))


def cmd_ingest(args: argparse.Namespace) -> int:
    from .linking import Linker
    from .pipeline import ingest
    from .read import estimate_count, iter_articles

    estimate = estimate_count(args.paths)
    workers = _workers(args, estimate)
    extractor = _extractor(args) if workers <= 1 else None
    failures: list[NewsKGError] = []
    with _store(args, read_only=False) as store:
        linker = None if args.no_link else Linker.from_store(store, aliases=args.aliases)
        with _progress("ingesting", args.quiet) as progress:
            task = progress.add_task("ingest", total=estimate, rate="")
            report = ingest(
                store,
                iter_articles(args.paths),
                extractor=extractor,
                model_name=getattr(args, "model", None),
                workers=workers,
                force=args.force,
                batch=args.batch,
                linker=linker,
                on_item=_on_item(progress, task, failures),
            )
        total = store.quad_count()
    rate = len(report.ingested) / report.seconds if report.seconds else 0.0
    out.print(
        Text(
            f"ingested {len(report.ingested)} article(s), {report.quads} triples; "
            f"{len(report.skipped)} unchanged (skipped); {len(report.failed)} input(s) failed; "
            f"{report.links} entities linked across articles; the store {_location(args)} "
            f"now holds {total} quads"
        )
    )
    if report.ingested:
        out.print(
            Text(
                f"{rate:.1f} articles/s, {report.words / report.seconds:,.0f} words/s "
                f"with {workers} worker process(es)"
            )
        )
    _print_failures(failures)
    return EXIT_OK if report.ok else EXIT_INPUT


def cmd_links(args: argparse.Namespace) -> int:
    from .linking import list_links

    with _store(args, read_only=True) as store:
        entity = None
        if args.entity:  # an IRI (minted ones are not entities of the store), else a name
            from .queries import expand_iri

            try:
                entity = expand_iri(args.entity)
            except NewsKGError:
                entity = _resolve_entity(store, args.entity)
        links = list_links(store, entity)
    if args.format == "json":
        sys.stdout.write(json.dumps(links, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not links:
        out.print(Text("no entity links"))
        return EXIT_OK
    table = Table("from (minted)", "linked to", "reason", "confidence", "article")
    for r in links:
        table.add_row(
            Text(r["from"]), Text(r["to"]), Text(r["reason"]), Text(r["confidence"]),
            Text(r["article"]),
        )  # fmt: skip
    out.print(table)
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    from .linking import resolve_store

    with _store(args, read_only=False) as store:
        report = resolve_store(store, aliases=args.aliases)
    out.print(
        Text(
            f"linked {len(report.links)} entit(ies) across articles; "
            f"{len(report.articles)} article graph(s) rewritten (see `kg links`)"
        )
    )
    return EXIT_OK


def cmd_unlink(args: argparse.Namespace) -> int:
    from rdflib import URIRef as _URIRef

    from .linking import unlink
    from .queries import expand_iri

    extractor = _extractor(args)
    with _store(args, read_only=False) as store:
        articles = unlink(store, _URIRef(expand_iri(args.entity)), extractor, reason=args.reason)
    out.print(
        Text(
            f"unlinked {args.entity}: the link is recorded as rejected and "
            f"{len(articles)} article(s) were rebuilt"
        )
    )
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import extract_files, extraction_document
    from .rdf.build import build_graph
    from .read import estimate_count, iter_articles

    if args.output:
        extractor = _extractor(args)
        failures: list[NewsKGError] = []
        with _progress("extracting", args.quiet) as progress:
            task = progress.add_task("extract", total=estimate_count(args.paths), rate="")
            report = extract_files(
                args.paths,
                args.output,
                extractor,
                fmt=args.format,
                offsets=args.offsets,
                on_item=_on_item(progress, task, failures),
            )
        for source, target in report.renamed:
            err.print(Text(f"warning: {source}: its name was taken; written as {target}"))
        rate = report.words / report.extract_seconds if report.extract_seconds else 0.0
        out.print(
            Text(
                f"extracted {len(report.written)} article(s) into {args.output}; "
                f"{len(report.failed)} input(s) failed; {report.seconds:.1f} s, "
                f"{rate:,.0f} words/s"
            )
        )
        _print_failures(failures)
        return EXIT_INPUT if report.failed else EXIT_OK
    items = list(iter_articles(args.paths))
    articles = [i for i in items if not isinstance(i, InputError)]
    for i in items:
        if isinstance(i, InputError):
            err.print(Text(f"error: {i}"))
    if not articles:
        return EXIT_INPUT
    extractor = _extractor(args)
    docs = []
    failed = len(items) - len(articles)
    for a in articles:
        try:
            x = extractor.extract(a)
        except InputError as e:
            err.print(Text(f"error: {e}"))
            failed += 1
            continue
        if args.format == "turtle":
            sys.stdout.write(build_graph(x).serialize(format="turtle"))
            continue
        docs.append(extraction_document(x, offsets=args.offsets))
    if args.format == "json":
        payload: Any = docs[0] if len(docs) == 1 else docs
        if docs:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return EXIT_INPUT if failed else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from .queries import get_query, load_queries, run_named

    if args.list:
        for q in load_queries(args.queries).values():
            params = ", ".join(f"{p[0]}{'' if p[1] else '?'}" for p in q.params)
            out.print(Text(f"{q.name}({params}): {q.description}"))
        return EXIT_OK
    values = _parse_params(args.param)
    with _store(args, read_only=True) as store:
        if args.named:
            get_query(args.named, args.queries)
            result = run_named(store, args.named, dict(values), args.queries)
        else:
            if args.file:
                text = Path(args.file).read_text(encoding="utf-8")
            elif args.sparql:
                text = args.sparql if args.sparql != "-" else sys.stdin.read()
            else:
                raise NewsKGError("give a SPARQL query, --file FILE or --named NAME")
            from .rdf.extraction_json import sparql_prefixes

            if _UPDATE.match(text):
                raise QueryError(
                    "kg query runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE); it does not "
                    "change the store: use kg ingest and kg remove"
                )
            bindings = {k: _term(v) for k, v in values.items()}
            prefixes = sparql_prefixes()
            try:
                result = store.query(prefixes + text, bindings)
            except QueryError as exc:  # point at the user's column, not the added prefixes
                shift = len(prefixes)
                msg = re.sub(
                    r"\b1:(\d+)", lambda m: f"1:{max(int(m.group(1)) - shift, 1)}", str(exc)
                )
                raise QueryError(msg) from None
        return _print_result(result, args.format)


def _term(value: str) -> URIRef | Literal:
    from .queries import expand_iri

    try:
        return expand_iri(value)
    except NewsKGError:
        return Literal(value)


def _resolve_entity(store: Any, name: str) -> URIRef:
    """An entity IRI from an IRI, a prefixed name, or a label (exact, then case-insensitive)."""
    from .queries import expand_iri
    from .rdf.extraction_json import sparql_prefixes

    if ":" in name and " " not in name:
        try:
            return expand_iri(name)
        except NewsKGError:
            pass
    q = sparql_prefixes() + (
        "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e skos:prefLabel|skos:altLabel ?l } "
        "FILTER (LCASE(STR(?l)) = LCASE(STR(?name))) } ORDER BY ?e LIMIT 5"
    )
    found = [r[0] for r in rows(store.query(q, {"name": Literal(name)}))]
    if not found:
        raise NotFoundError(f"no entity is named {name!r}; try `kg query --named entities`")
    return URIRef(found[0])


def cmd_show(args: argparse.Namespace) -> int:
    from .queries import run_named

    with _store(args, read_only=True) as store:
        iri = _resolve_entity(store, args.entity)
        res = run_named(store, "about", {"entity": iri})
        out.print(Text(str(iri), style="bold"))
        n = 0
        for row in rows(res):
            d: dict[str, Any] = row.asdict()
            n += 1
            pred = d.get("predicate")
            if isinstance(pred, URIRef):
                from .model import model

                d["predicate"] = model().label(pred)
            head = " ".join(
                _plain(d.get(k)) for k in ("subjectLabel", "predicate", "objectLabel") if d.get(k)
            )
            out.print(Text(f"- {head or _plain(d.get('kind'))}"))
            if d.get("sentence"):
                out.print(Text(f"    \u201c{d['sentence']}\u201d"))
            src = ", ".join(
                _plain(d.get(k)) for k in ("headline", "published", "url") if d.get(k)
            ) or _plain(d.get("article"))
            if src:
                out.print(Text(f"    {src}"))
        if n == 0:
            out.print(Text("no facts yet (the entity is only mentioned)"))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .rdf.extraction_json import extraction_json

    if args.format in _GRAPH_FORMATS:
        return _export_graph(args)
    sink = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        with _store(args, read_only=True) as store:
            graph = _article_iri(store, args.article) if args.article else None
            if args.format in ("trig", "nquads"):
                from .model import model

                store.dump(sink, args.format, graph, prefixes=model().prefixes())
            elif args.format == "jsonld":
                ds = store.dataset()
                data = ds.serialize(format="json-ld")
                sink.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                graphs = [graph] if graph is not None else store.graphs()
                docs = [extraction_json(store, g) for g in graphs]
                payload: Any = docs[0] if graph is not None else docs
                sink.write((json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode())
    finally:
        if args.output:
            sink.close()
    return EXIT_OK


_GRAPH_FORMATS = ("graphml", "gexf", "node-link")


def _export_graph(args: argparse.Namespace) -> int:
    """The actor graph for Gephi (GraphML, GEXF) or as node-link JSON."""
    from . import nxexport
    from .project import actor_graph

    if not args.output:
        raise NewsKGError(f"--format {args.format} needs -o FILE")
    with _store(args, read_only=True) as store:
        g = actor_graph(store)
    writer = {
        "graphml": nxexport.write_graphml,
        "gexf": nxexport.write_gexf,
        "node-link": nxexport.write_node_link,
    }[args.format]
    path = writer(g, Path(args.output))
    out.print(Text(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)"))
    return EXIT_OK


def _article_iri(store: Any, ref: str) -> URIRef:
    """An article graph from its IRI, its URL, or the file it was read from."""
    from .read import iter_articles
    from .resolve import article_iri

    candidates: list[URIRef] = []
    if ref.startswith(("http://", "https://")):
        candidates.append(URIRef(ref))
        from .records import Article

        candidates.append(article_iri(Article(text="", url=ref)))
    elif Path(ref).exists():
        for item in iter_articles([ref]):
            if not isinstance(item, InputError):
                candidates.append(article_iri(item))
    for c in candidates:
        if store.has_graph(c):
            return c
    raise NotFoundError(f"{ref}: no such article in the store (give its IRI, URL or file)")


def cmd_remove(args: argparse.Namespace) -> int:
    with _store(args, read_only=False) as store:
        iri = _article_iri(store, args.article)
        store.remove_graph(iri)
        out.print(Text(f"removed {iri}"))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_store

    with _store(args, read_only=True) as store:
        article = _article_iri(store, args.article) if args.article else None
        report = validate_store(store, article)
    out.print(Text(report.format_text()))
    return EXIT_OK if report.conforms else EXIT_VALIDATION


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import store_stats

    with _store(args, read_only=True) as store:
        s = store_stats(store)
    out.print(Text(s.format_text()))
    return EXIT_OK


def _csv(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _viz_graph(store: Any, args: argparse.Namespace) -> tuple[Any, str]:
    """The projection a `kg viz` call asks for, and a title for it."""
    from datetime import date

    from .project import actor_graph

    types, predicates = _csv(args.types), _csv(args.predicates)
    as_of = None
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise NewsKGError(f"--as-of {args.as_of!r}: give a date as YYYY-MM-DD") from None
    if args.claims or args.focus or args.path:
        from .analysis import resolve_entity, simple_paths
        from .project import ego_graph, statement_graph
    if args.claims:
        iri = resolve_entity(store, args.claims)
        return statement_graph(store, iri), f"Statements about {args.claims}"
    if args.focus:
        iri = resolve_entity(store, args.focus)
        g = ego_graph(store, iri, args.hops, types=types, predicates=predicates, as_of=as_of)
        return g, f"{args.focus}, {args.hops} hop{'s' if args.hops != 1 else ''}"
    g = actor_graph(store, types=types, predicates=predicates, as_of=as_of)
    if args.path:
        a, b = (str(resolve_entity(store, x)) for x in args.path)
        paths = simple_paths(g, a, b, cutoff=args.hops if args.hops > 1 else 3)
        keep = {step.node for p in paths for step in p}
        if not keep:
            raise NotFoundError(f"no path between {args.path[0]} and {args.path[1]}")
        return g.subgraph(keep).copy(), f"Paths from {args.path[0]} to {args.path[1]}"
    title = "newskg" + (f", as of {as_of.isoformat()}" if as_of else "")
    return g, title


def cmd_viz(args: argparse.Namespace) -> int:
    from .render import render_empty, render_html

    with _store(args, read_only=True) as store:
        g, title = _viz_graph(store, args)
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    if g.number_of_nodes() == 0:
        render_empty(path, "Nothing to show: the store has no entities for this view yet.")
    else:
        render_html(g, path, title=title, max_nodes=args.max_nodes)
    out.print(
        Text(f"wrote {path.resolve()} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from .errors import ConfigError, StoreError
    from .serve import ServeConfig, SparqlServer, token_from
    from .store import resolve_spec

    backend, location = resolve_spec(args.store)
    if backend != "oxigraph":
        raise ConfigError(
            f"kg serve serves a store directory, not {location}; point --store at one"
        )
    token, generated = token_from(args.token, args.writable)
    config = ServeConfig(
        location=location,
        host=args.host,
        port=args.port,
        writable=args.writable,
        token=token,
        timeout=args.timeout,
        cors=args.cors,
    )
    server = SparqlServer(config, log=None if args.quiet else lambda line: err.print(Text(line)))

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server.start()
    try:
        mode = "read-write with a token" if args.writable else "read-only"
        lines = [
            f"serving the store {location} ({mode}) at {server.url}",
            f"  query endpoint: {server.url}query   query editor: {server.url}",
        ]
        if args.writable:
            lines.append(f"  update endpoint: {server.url}update   graph store: {server.url}store")
        if generated:
            lines.append(f"  token (send as `Authorization: Bearer TOKEN`): {token}")
        lines.append("  Ctrl-C stops it")
        for line in lines:
            out.print(Text(line))
        sys.stdout.flush()
        code = server.wait()
        raise StoreError(f"the Oxigraph server behind kg serve stopped (exit code {code})")
    except KeyboardInterrupt:
        out.print(Text("stopped"))
        return EXIT_OK
    finally:
        server.stop()


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg",
        description="newskg: a knowledge graph of people and institutions from news articles.",
    )
    p.add_argument("--version", action="version", version=f"newskg {__version__}")
    p.add_argument(
        "--store",
        default=None,
        help="store: a directory (embedded Oxigraph, default ./kg-data or $NEWSKG_STORE), "
        "'memory', or a SPARQL endpoint URL",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("ingest", help="read, extract and store articles (files, folders, '-')")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--model", help="spaCy model name (default en_core_web_sm, then the PyPI copy)")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="extraction processes (default: one per core up to 4 for 20+ articles, else 1)",
    )
    s.add_argument("--force", action="store_true", help="redo articles already stored unchanged")
    s.add_argument(
        "--batch", type=int, default=16, metavar="N", help="articles per write transaction"
    )
    s.add_argument(
        "--no-link",
        action="store_true",
        help="do not identify entities with those of other articles",
    )
    s.add_argument(
        "--aliases",
        metavar="FILE",
        help="tab-separated name, Wikidata id (Q...) and optional type, for linking",
    )
    s.add_argument(
        "--endpoint",
        metavar="URL",
        help="write to this SPARQL endpoint (its query URL) instead of --store: a running "
        "`kg serve --writable`, Oxigraph, Fuseki, GraphDB, Virtuoso, Neptune ...",
    )
    s.add_argument(
        "--update-endpoint", metavar="URL", help="its SPARQL Update URL (default: /update)"
    )
    s.add_argument(
        "--graph-store",
        metavar="URL",
        help="its Graph Store Protocol URL, used for each article's PUT (default: /store "
        "beside /query; '' for SPARQL Update only)",
    )
    s.add_argument("--token", help="bearer token for the endpoint (default $NEWSKG_TOKEN)")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser(
        "extract", help="extract articles without a store: the extraction JSON (or Turtle)"
    )
    s.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders, JSON Lines, or '-' for stdin"
    )
    s.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="write one file per article into DIR, named after its input file (FILE-LINE for "
        "JSON Lines), instead of printing to stdout",
    )
    s.add_argument("--format", choices=["json", "turtle"], default="json")
    s.add_argument(
        "--offsets",
        choices=["input", "article"],
        default="input",
        help="JSON offsets into the text as given (the JSON 'text' field, the decoded text "
        "file; the default) or into the cleaned article text the store keeps; "
        "article.offsets in the output says which was used (HTML has only the article text)",
    )
    s.add_argument("--model", help="spaCy model name (default en_core_web_sm, then the PyPI copy)")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("query", help="run SPARQL: text, --file, or --named NAME")
    s.add_argument("sparql", nargs="?", help="the query text ('-' reads stdin)")
    s.add_argument("--file", help="read the query from a file")
    s.add_argument("--named", metavar="NAME", help="a saved query (see --list)")
    s.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter (an IRI, prefixed name, or text)")  # fmt: skip
    s.add_argument("--list", action="store_true", help="list the saved queries")
    s.add_argument("--queries", metavar="DIR", help="a folder of your own .rq queries")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("show", help="an entity's facts, each with its sentence and article")
    s.add_argument("entity", metavar="ENTITY", help="a name, an IRI or a prefixed name")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("export", help="write the store (or one article) to a file")
    s.add_argument(
        "--format",
        choices=["trig", "nquads", "jsonld", "extraction-json", *_GRAPH_FORMATS],
        default="trig",
        help="RDF (trig, nquads, jsonld), the extraction JSON, or the actor graph for other "
        "tools (graphml, gexf: Gephi; node-link: JSON)",
    )
    s.add_argument("--article", help="only this article (IRI, URL or file)")
    s.add_argument("-o", "--output", help="file to write (default stdout)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("remove", help="delete an article's graph")
    s.add_argument("article", metavar="ARTICLE", help="its IRI, URL, or the file it came from")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("validate", help="check the store against the SHACL shapes")
    s.add_argument("--article", help="only this article")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("stats", help="what the store holds")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("links", help="entities identified across articles, and why")
    s.add_argument("--entity", help="only links from or to this entity")
    s.add_argument("--format", choices=["table", "json"], default="table")
    s.set_defaults(func=cmd_links)

    s = sub.add_parser(
        "resolve",
        help="link entities across the articles already stored (after --no-link or Spark)",
    )
    s.add_argument("--aliases", metavar="FILE", help="name<TAB>Wikidata id[<TAB>type] lines")
    s.set_defaults(func=cmd_resolve)

    s = sub.add_parser(
        "unlink",
        help="undo the links made from an entity IRI (recorded as rejected; articles rebuilt)",
    )
    s.add_argument("entity", metavar="IRI", help="the IRI the article minted (`kg links`)")
    s.add_argument("--reason", default="undone by the user", help="recorded with the decision")
    s.add_argument("--model")
    s.set_defaults(func=cmd_unlink)

    s = sub.add_parser(
        "serve",
        help="serve the store over the SPARQL 1.1 Protocol (read-only unless --writable)",
        description="Serve the store over the SPARQL 1.1 Protocol with Oxigraph's server "
        "(query editor at /, queries at /query). Read-only by default: every update is "
        "refused with 403. Ctrl-C stops it.",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    s.add_argument("--writable", action="store_true", help="accept updates that carry the token")
    s.add_argument(
        "--token",
        help="token updates must send as `Authorization: Bearer TOKEN` (default "
        "$NEWSKG_TOKEN, else one is generated and printed)",
    )
    s.add_argument(
        "--timeout", type=float, default=30.0, help="seconds a query may run (default 30)"
    )
    s.add_argument(
        "--cors",
        metavar="ORIGIN",
        help="allow browser pages from ORIGIN ('*' for any) to query; off by default",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no request log")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("viz", help="write an interactive HTML graph of the store")
    s.add_argument("-o", "--output", default="kg-data/graph.html", help="HTML file to write")
    s.add_argument("--max-nodes", type=int, default=300, help="show the top N by degree")
    s.add_argument("--focus", metavar="ENTITY", help="the neighbourhood of one entity")
    s.add_argument(
        "--hops", type=int, default=1, help="hops around --focus (path length for --path)"
    )
    s.add_argument("--path", nargs=2, metavar=("A", "B"), help="the paths between two entities")
    s.add_argument("--claims", metavar="ENTITY", help="who said what about an entity, by stance")
    s.add_argument("--as-of", metavar="DATE", help="only facts valid on this date (YYYY-MM-DD)")
    s.add_argument("--types", help="entity types to keep, e.g. Person,Organization")
    s.add_argument("--predicates", help="relations to keep, e.g. leads,member_of,spoke_about")
    s.set_defaults(func=cmd_viz)
    return p


class _LowerFormatter(logging.Formatter):
    def format(self, record: Any) -> str:
        record.levelname = record.levelname.lower()
        return super().format(record)


def _setup_logging() -> None:
    """Warnings of the pipeline (odd dates, skipped fields) as one line each on stderr."""
    log = logging.getLogger("graph")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_LowerFormatter("%(levelname)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.DEBUG if os.environ.get("NEWSKG_DEBUG") else logging.WARNING)
        log.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kg``; returns the exit code."""
    _setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except NewsKGError as exc:
        err.print(Text(f"error: {exc}"))
        return exc.exit_code
    except KeyboardInterrupt:
        err.print(Text("interrupted"))
        return 130
    except Exception as exc:
        if os.environ.get("NEWSKG_DEBUG"):
            raise
        err.print(
            Text(f"error: unexpected {type(exc).__name__}: {exc} (NEWSKG_DEBUG=1 shows details)")
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
