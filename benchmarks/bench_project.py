"""Store, projection and rendering at scale: a ~1M-quad store built from real extractions.

The corpus (:mod:`corpus`, next to this file) is made of renamed copies of the real article
graphs of ``examples/articles``: shared entities, hubs, real-looking facts. It is cached as
N-Quads under ``benchmarks/.cache/`` (keyed by size, seed, articles and the extraction
code) and loaded into a fresh on-disk store in a temporary directory. Each step is measured
against a baseline run in the same process, on the same data:

* **load**: ``store.load(file, "nquads")`` of newskg vs ``pyoxigraph.Store.bulk_load`` on
  a fresh directory (each store closed before the next load; ``--load-rounds`` alternates
  the order and keeps the best of each);
* **ego graph**, 1 and 2 hops, of the hub (the entity named in most articles) and 1 hop of
  the most named person, with ``graph.project.ego_graph`` (cross-checked against
  ``networkx.ego_graph`` of the actor graph; when the project has no ``ego_graph``, the rows
  time ``actor_graph`` plus ``networkx.ego_graph`` instead, and the output says so) vs ONE
  raw pyoxigraph SPARQL query of the entity's direct neighbours (every quad with it as
  subject or object). Target: the 1-hop ego graph in under 1 s;
* **actor_graph** of the whole store (no baseline: the time, nodes and edges);
* **render_html** of generated graphs of 300 and 5,000 nodes (networkx scale-free graphs
  with the attributes of ``graph/project.py``, all nodes drawn) vs pyvis's own
  ``Network.from_nx`` + ``generate_html()`` (vis-network inlined, as newskg does) of the
  same graph, with the HTML sizes; and ``render_html`` of the store's actor graph at its
  default ``max_nodes``.

Ratios are time / baseline time (2.0x = twice as slow as the baseline). Times are medians
of up to 5 runs within a small time budget per step (single runs for the long steps). The
projections are profiled query by query (:class:`QueryLog`): the costliest query shapes
are printed, the first one re-run on raw pyoxigraph to tell engine time from conversion.

    .venv/bin/python benchmarks/bench_project.py [--quads N | --quick] [--seed S] [--fresh]
"""

from __future__ import annotations

import argparse
import gc
import inspect
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from corpus import Corpus, NamePools, corpus_key, make_nquads  # noqa: E402

from graph.store import bind_values  # noqa: E402

CACHE = HERE / ".cache"
DEFAULT_QUADS = 1_000_000
QUICK_QUADS = 100_000
#: The 1-hop ego graph of a hub should take less than this (seconds).
EGO_TARGET = 1.0

T = TypeVar("T")


# ------------------------------------------------------------------------- helpers
def timed(fn: Callable[[], T], runs: int = 5, budget: float = 3.0) -> tuple[float, T]:
    """Median time of ``fn`` over up to ``runs`` runs (stopping once ``budget`` s is spent)."""
    times: list[float] = []
    result: T
    spent = 0.0
    while True:
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        spent += times[-1]
        if len(times) >= runs or spent >= budget:
            return statistics.median(times), result


def fmt_time(seconds: float) -> str:
    """A duration in ms below one second, else in s."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_size(n: int) -> str:
    """A byte count in kB or MB."""
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


class Table:
    """Rows of step, time, baseline, ratio and notes, printed aligned."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, step: str, t: float | None, base: float | None = None, note: str = "") -> None:
        """One measured step; ``base`` is the baseline time, if there is one."""
        ratio = f"{t / base:.2f}x" if t is not None and base else "-"
        print(f"  .. {step}: {fmt_time(t) if t is not None else '-'}", file=sys.stderr, flush=True)
        self.rows.append(
            (
                step,
                fmt_time(t) if t is not None else "-",
                fmt_time(base) if base is not None else "-",
                ratio,
                note,
            )
        )

    def print(self) -> None:
        """Print the table with a header."""
        head = ("step", "time", "baseline", "ratio", "notes")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(4)]
        for r in [head, *self.rows]:
            cells = [
                r[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(r[1:4], widths[1:], strict=True)),
            ]
            print("  ".join([*cells, r[4]]).rstrip())


# ------------------------------------------------------------------------- corpus
def corpus_file(quads: int, seed: int, extra: list[Path], fresh: bool) -> tuple[Path, str]:
    """The cached N-Quads corpus (built when missing or ``fresh``) and how it was obtained."""
    path = CACHE / f"corpus-{corpus_key(quads, seed, extra)}.nq"
    if path.is_file() and not fresh:
        return path, "cached"
    c: Corpus = make_nquads(path, quads, seed, extra)
    return path, f"built in {c.seconds:.1f} s ({c.articles:,} articles, {c.templates} templates)"


def warm(path: Path) -> None:
    """Read a file once so that both loads find it in the page cache."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


# ------------------------------------------------------------------------- generated graphs
def synthetic_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A scale-free actor graph of ``n`` nodes with the attributes of ``graph/project.py``.

    Nodes: ``label``, ``type``, ``articles``. Edges: keyed by predicate, with ``predicate``,
    ``label``, ``articles`` (article IRIs), ``evidence`` (dicts with sentence, title, date,
    url, article), ``stance``/``stances`` on ``spoke_about`` and ``symmetric`` on the
    symmetric relations.
    """
    from graph.model import model
    from graph.resolve import entity_iri

    m = model()
    rng = random.Random(seed)
    pools = NamePools.generate(seed)
    types = ["Person"] * 5 + ["Country", "GovernmentOrganization", "Organization", "Place"]
    types += ["Event"]
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    ids: dict[int, str] = {}
    for i in base.nodes:
        type_key = rng.choice(types)
        pool = pools.names[type_key]
        name = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]  # repeats, as in news
        ids[i] = str(entity_iri(type_key, f"{name} {i}"))
        g.add_node(ids[i], label=name, type=type_key, articles=1 + base.degree(i))
    preds = list(m.relations)
    for u, v in base.edges:
        pred = rng.choice(preds)
        rel = m.relations[pred]
        arts = [f"https://w3id.org/newskg/article/u{rng.getrandbits(64):016x}" for _ in range(3)]
        attrs: dict[str, Any] = {
            "predicate": pred,
            "label": rel.label,
            "articles": sorted(arts[: rng.randint(1, 3)]),
            "evidence": [
                {
                    "sentence": f"{g.nodes[ids[u]]['label']} {rel.label} "
                    f"{g.nodes[ids[v]]['label']}, officials said on Tuesday.",
                    "title": f"Talks in {rng.choice(pools.names['Place'])}",
                    "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "url": f"https://example.org/news/{rng.getrandbits(32):08x}",
                    "article": a,
                }
                for a in arts[:2]
            ],
        }
        if rel.symmetric:
            attrs["symmetric"] = True
        if pred == "spoke_about":
            attrs["stance"] = rng.choice(["assert", "deny", "speculate"])
            attrs["stances"] = {attrs["stance"]: 1}
        g.add_edge(ids[v], ids[u], key=pred, **attrs)
    return g


def pyvis_html(g: nx.MultiDiGraph) -> str:
    """Baseline: pyvis's own conversion and page (vis-network inlined, as newskg does)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(g.copy())  # from_nx changes the attributes of the graph it is given
    return str(net.generate_html())


# ------------------------------------------------------------------------- steps
def measure_load(nq: Path, work: Path, table: Table, rounds: int) -> tuple[Any, Any]:
    """Load ``nq`` with raw pyoxigraph and with newskg, each into a fresh directory.

    ``rounds`` rounds, the order alternating (baseline first in even rounds); the best time
    of each counts. Every store is flushed and closed before the next load starts, so no
    background work of one overlaps the other. Returns (the baseline store reopened
    read-only, the last newskg store, open).
    """
    import pyoxigraph as ox

    from graph.store import open_store

    warm(nq)
    base_times: list[float] = []
    times: list[float] = []
    store: Any = None
    for r in range(rounds):
        for which in ("raw", "newskg") if r % 2 == 0 else ("newskg", "raw"):
            os.sync()
            if which == "raw":
                raw = ox.Store(str(work / f"raw{r}"))
                t = time.perf_counter()
                raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
                base_times.append(time.perf_counter() - t)
                raw.flush()
                del raw
                gc.collect()
                if r:
                    shutil.rmtree(work / f"raw{r}")
            else:
                if store is not None:
                    store.close()
                    shutil.rmtree(store.location)
                store = open_store(str(work / f"store{r}"))
                t = time.perf_counter()
                store.load(str(nq), "nquads")
                times.append(time.perf_counter() - t)
    n = store.quad_count()
    took, base = min(times), min(base_times)
    best = f"best of {rounds}, " if rounds > 1 else ""
    table.add(
        "load N-Quads (store.load)",
        took,
        base,
        f"{n:,} quads, {n / took / 1000:.0f}k quads/s; {best}baseline Store.bulk_load",
    )
    return ox.Store.read_only(str(work / "raw0")), store


def neighbour_query(hub: str) -> str:
    """The baseline: every quad with ``hub`` as subject or object (any predicate), i.e. its
    direct RDF neighbours (other entities, posts, mentions, statements) with their graph."""
    return (
        f"SELECT ?p ?n ?g WHERE {{ GRAPH ?g {{ {{ <{hub}> ?p ?n }} UNION {{ ?n ?p <{hub}> }} }} }}"
    )


class QueryLog:
    """Records every ``store.query`` call (time, text, rows) while active (a context manager).

    The store's bound method is shadowed by an instance attribute, nothing else changes; the
    time includes the conversion of the answer to rdflib terms, as callers see it.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self.calls: list[tuple[float, str, int]] = []

    def __enter__(self) -> QueryLog:
        original = self.store.query

        def query(sparql: str, bindings: Any = None) -> Any:
            t = time.perf_counter()
            res = original(sparql, bindings)
            took = time.perf_counter() - t
            self.calls.append((took, bind_values(sparql, bindings), len(res.bindings or [])))
            return res

        self.store.query = query
        return self

    def __exit__(self, *exc: object) -> None:
        del self.store.query

    def top(self, runs: int, n: int = 3) -> list[tuple[float, int, int, str]]:
        """The ``n`` costliest query shapes: (seconds per run, calls per run, rows, text)."""
        by: dict[str, list[Any]] = {}
        for took, text, rows in self.calls:
            agg = by.setdefault(describe(text), [0.0, 0, 0, text])
            agg[0] += took / runs
            agg[1] += 1
            agg[2] += rows
        ranked = sorted(by.items(), key=lambda kv: -kv[1][0])[:n]
        return [(t, c // runs, r // runs, text) for _, (t, c, r, text) in ranked]


def describe(sparql: str) -> str:
    """A short name for a query: its projection, the shape of its WHERE clause, VALUES sizes."""
    head = re.search(r"SELECT\s+(.*?)\s+WHERE", sparql, re.S)
    proj = " ".join(head.group(1).split()) if head else sparql.split("{", 1)[0].strip()
    proj = proj if len(proj) <= 40 else proj[:39] + "…"
    sizes = [
        f"?{var}:{body.count('<')}"
        for var, body in re.findall(r"VALUES \?(\w+) \{([^}]*)\}", sparql)
        if var not in ("p", "cls")
    ]
    unions = sparql.count("UNION")
    shape = f"{unions + 1} branches" if unions else ""
    parts = [p for p in (shape, "VALUES " + ",".join(sorted(set(sizes))) if sizes else "") if p]
    return f"SELECT {proj}" + (f" [{'; '.join(parts)}]" if parts else "")


def breakdown(log: QueryLog, runs: int, total: float, raw: Any) -> list[str]:
    """Lines naming the costliest queries of a profiled step (``total``: mean seconds per
    run); the top one is re-run on the raw pyoxigraph store, which tells the engine's time
    apart from newskg's conversion of the rows."""
    import pyoxigraph as ox

    top = log.top(runs)
    in_queries = sum(t for t, _, _ in log.calls) / runs
    lines = [
        f"{len(log.calls) // runs} queries {fmt_time(in_queries)} of {fmt_time(total)}, "
        f"Python outside queries {fmt_time(max(total - in_queries, 0.0))}"
    ]
    for i, (t, calls, rows, text) in enumerate(top):
        line = f"{fmt_time(t)} x{calls} {rows:,} rows: {describe(text)}"
        if i == 0:
            t0 = time.perf_counter()
            res = raw.query(text, use_default_graph_as_union=True)
            if isinstance(res, ox.QuerySolutions):
                for _ in res:
                    pass
            line += f" (raw pyoxigraph, same text: {fmt_time(time.perf_counter() - t0)})"
        lines.append(line)
    return lines


def print_machine(load_avg: float) -> None:
    """The machine and code lines every benchmark prints above its table."""
    print(
        f"machine: {os.cpu_count()} cores; 1-min load average {load_avg:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end (other processes share the cores)"
    )
    print(f"code: {code_version()}")


def code_version() -> str:
    """The commit and the files of ``graph/`` changed in the working tree (from git)."""
    import subprocess

    def git(*a: str) -> str:
        try:
            return subprocess.run(
                ["git", *a], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.rstrip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = [line[3:] for line in git("status", "--porcelain", "graph").splitlines()]
    return f"{head}" + (f" + uncommitted changes in {', '.join(dirty)}" if dirty else "")


def describe_node(g: nx.MultiDiGraph, n: str) -> str:
    """``label (Type, IRI): named in N articles, degree D``."""
    d = g.nodes[n]
    return (
        f"{d['label']} ({d['type']}, {n}): named in {d['articles']} articles, "
        f"degree {g.degree(n)} in the actor graph"
    )


def measure_ego(
    store: Any,
    raw: Any,
    ag: nx.MultiDiGraph,
    t_actor: float,
    entity: str,
    hops_list: tuple[int, ...],
    tag: str,
    table: Table,
    profiles: dict[str, list[str]],
) -> dict[int, float]:
    """Time the ego graph of ``entity`` for each hop count against the neighbour query.

    Uses ``graph.project.ego_graph`` when it exists, else ``actor_graph`` (already timed:
    ``t_actor``) plus ``networkx.ego_graph`` on it. Returns seconds per hop count.
    """
    from rdflib import URIRef

    from graph import project

    query = neighbour_query(entity)
    t_base, rows = timed(lambda: [tuple(map(str, r)) for r in raw.query(query)])
    neighbours = len({r[1] for r in rows if r[1].startswith("<")})
    ego_fn = getattr(project, "ego_graph", None)
    out: dict[int, float] = {}
    for hops in hops_list:
        plural = "s" * (hops > 1)
        if ego_fn is not None:
            label = f"ego_graph {hops} hop{plural} {tag}"
            spent: list[float] = []

            def run(h: int = hops, spent: list[float] = spent) -> Any:
                t = time.perf_counter()
                result = ego_fn(store, URIRef(entity), hops=h)
                spent.append(time.perf_counter() - t)
                return result

            with QueryLog(store) as log:
                took, eg = timed(run, runs=3, budget=10.0)
            profiles[label] = breakdown(log, len(spent), sum(spent) / len(spent), raw)
        else:
            label = f"actor_graph + nx.ego_graph {hops} hop{plural} {tag}"
            t_nx, eg = timed(partial(nx.ego_graph, ag, entity, radius=hops, undirected=True))
            took = t_actor + t_nx
        out[hops] = took
        note = f"{eg.number_of_nodes():,} nodes, {eg.number_of_edges():,} edges"
        if ego_fn is not None:  # cross-check against the whole projection
            ref = nx.ego_graph(ag, entity, radius=hops, undirected=True)
            same = set(eg) == set(ref) and eg.number_of_edges() == ref.number_of_edges()
            note += " (= nx.ego_graph of actor_graph)" if same else " (DIFFERS from nx.ego_graph)"
        if hops == hops_list[0]:
            note += f"; baseline: {len(rows):,} quads, {neighbours:,} IRI neighbours"
        table.add(label, took, t_base, note)
    return out


def measure_render(ag: nx.MultiDiGraph, work: Path, table: Table) -> None:
    """render_html of generated graphs vs pyvis, and of the store's actor graph."""
    from graph.render import render_html

    for n in (300, 5000):
        g = synthetic_graph(n)
        out = work / f"render-{n}.html"
        took, _ = timed(partial(render_html, g, out, max_nodes=len(g)), 3, 5.0)
        base, html = timed(partial(pyvis_html, g), 3, 5.0)
        size, base_size = out.stat().st_size, len(html.encode("utf-8"))
        table.add(
            f"render_html {n:,} nodes",
            took,
            base,
            f"{g.number_of_edges():,} edges; HTML {fmt_size(size)} (pyvis {fmt_size(base_size)})",
        )
    out = work / "actor.html"
    took, _ = timed(lambda: render_html(ag, out), 3, 5.0)
    table.add(
        "render_html actor_graph",
        took,
        note=f"default max_nodes of {ag.number_of_nodes():,} nodes; "
        f"HTML {fmt_size(out.stat().st_size)}",
    )


def main() -> None:
    """Build or reuse the corpus, run every step, print the table and the targets."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quads", type=int, default=DEFAULT_QUADS, help="corpus size (quads)")
    ap.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_QUADS:,} quads")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fresh", action="store_true", help="rebuild the cached corpus")
    ap.add_argument("--articles", nargs="*", type=Path, default=[], help="more template articles")
    ap.add_argument(
        "--load-rounds",
        type=int,
        default=None,
        help="rounds of the load comparison (default: 3 up to 200k quads, else 1)",
    )
    args = ap.parse_args()
    quads = QUICK_QUADS if args.quick else args.quads
    rounds = args.load_rounds or (3 if quads <= 200_000 else 1)
    load_avg = os.getloadavg()[0]
    started = time.perf_counter()

    from graph import project

    nq, how = corpus_file(quads, args.seed, args.articles, args.fresh)
    table = Table()
    notes: list[str] = []
    profiles: dict[str, list[str]] = {}
    work = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    try:
        raw, store = measure_load(nq, work, table, rounds)

        # the actor graph of the whole store; its node data names the hubs
        with QueryLog(store) as log:
            t = time.perf_counter()
            ag = project.actor_graph(store)
            t_actor = time.perf_counter() - t
        profiles["actor_graph"] = breakdown(log, 1, t_actor, raw)
        table.add(
            "actor_graph (whole store)",
            t_actor,
            note=f"{ag.number_of_nodes():,} nodes, {ag.number_of_edges():,} edges",
        )

        def rank(n: str) -> tuple[int, int, str]:
            return (ag.nodes[n]["articles"], ag.degree(n), n)

        hub = max(ag.nodes, key=rank)
        person = max((n for n in ag.nodes if ag.nodes[n]["type"] == "Person"), key=rank)
        notes.append(f"hub: {describe_node(ag, hub)}")
        notes.append(f"top person: {describe_node(ag, person)}")
        ego = measure_ego(store, raw, ag, t_actor, hub, (1, 2), "(hub)", table, profiles)
        ego_p = measure_ego(store, raw, ag, t_actor, person, (1,), "(person)", table, profiles)
        ego_fn = getattr(project, "ego_graph", None)
        if ego_fn is None:
            notes.append(
                "graph.project.ego_graph does not exist yet: the ego rows time actor_graph of "
                "the whole store plus networkx.ego_graph (undirected radius) on it"
            )
        else:
            notes.append(f"ego_graph{inspect.signature(ego_fn)}")

        measure_render(ag, work, table)
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print_machine(load_avg)
    print(f"corpus: {quads:,} quads requested, seed {args.seed}; {nq.relative_to(ROOT)} ({how})")
    table.print()
    for line in notes:
        print(line)
    for step, lines in profiles.items():
        print(f"profile of {step}: {lines[0]}")
        for line in lines[1:]:
            print(f"  {line}")
    print("targets:")
    for what, took in (("hub", ego[1]), ("top person", ego_p[1])):
        verdict = "MET" if took < EGO_TARGET else "NOT MET"
        print(f"  1-hop ego graph of the {what} < {EGO_TARGET:g} s: {verdict} ({fmt_time(took)})")
    print(f"total {time.perf_counter() - started:.0f} s (ratios are time / baseline time)")


if __name__ == "__main__":
    main()
