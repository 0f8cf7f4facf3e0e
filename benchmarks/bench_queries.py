"""Every shipped named query on a ~1M-quad store, against raw pyoxigraph and against rdflib.

The corpus is the one of ``bench_project.py`` (:mod:`corpus`: renamed copies of the real
article graphs of ``examples/articles``, cached as N-Quads under ``benchmarks/.cache/``). It
is loaded with ``store.load(file, "nquads")`` into a fresh on-disk store
(``graph.store.open_store``) in a temporary directory. Then every query of
``graph.queries.load_queries()`` is run with its *required* parameters bound to real
entities of the corpus (optional parameters left free, so those queries cover the whole
store):

* ``entity`` (and ``a`` of ``comentions``): the top person, the person named in most
  articles; ``b``: the hub, the entity named in most articles; ``fact``: a fact whose subject
  is the top person. ``about`` is run a second time for the hub.

Each query is timed three ways, results fully consumed each time:

* **newskg**: ``graph.queries.run_named(store, name, params)`` (reads the query file, binds
  the parameters, runs it on Oxigraph, converts the rows to rdflib terms), then ``list()``
  of the result;
* **raw pyoxigraph** (baseline a): the same query text bound the same way
  (``graph.store.bind_values``) run with ``pyoxigraph.Store.query(...,
  use_default_graph_as_union=True)`` on the same store object, every row's terms read.
  Target: newskg / raw <= 1.5x for every query. newskg and raw runs alternate; the times are
  medians of up to 5 runs within a small budget;
* **rdflib** (baseline b): ``rdflib.Dataset(default_union=True)`` parsed from the same
  N-Quads, running the same bound text, in a child process (parsed once; ``--rdflib-quads``
  parses a smaller corpus instead, and the output says so). One run per query, within a
  time budget: 120x its newskg time (enough to show the target), at least 5 s, at most
  ``--rdflib-timeout``, and within an even share of what is left of ``--rdflib-budget``. A
  query that runs out counts as ``> budget``, its speed-up as at least budget / newskg time.
  Target: newskg at least 100x faster for every query (UNDECIDED when rdflib ran out of
  time below that). The row counts of rdflib and newskg are compared.

A query that takes more than ``--query-timeout`` on raw pyoxigraph (one probe run of every
query, in a child process on a read-only open of the store, killed when over time) is
reported and left out of the other measurements.

    .venv/bin/python benchmarks/bench_queries.py [--quads N | --quick] [--seed S] [--fresh]
        [--query-timeout S] [--rdflib-timeout S] [--rdflib-budget S] [--rdflib-quads N]
        [--no-rdflib]

Takes about 8 minutes on 2 cores for 1M quads (half of it rdflib), under a minute --quick.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from bench_project import corpus_file, fmt_time, print_machine, warm  # noqa: E402

DEFAULT_QUADS = 1_000_000
QUICK_QUADS = 100_000
#: newskg / raw pyoxigraph must stay at or below this for every query.
RAW_TARGET = 1.5
#: rdflib / newskg must be at least this for every query.
RDFLIB_TARGET = 100.0

PREFIXES = """\
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


# ------------------------------------------------------------------------- helpers
def paired(
    fa: Callable[[], Any], fb: Callable[[], Any], runs: int = 5, budget: float = 4.0
) -> tuple[float, float, Any, Any]:
    """Median times of ``fa`` and ``fb`` run alternately (up to ``runs`` each, until
    ``budget`` s is spent), and the last result of each."""
    ta: list[float] = []
    tb: list[float] = []
    ra = rb = None
    spent = 0.0
    for i in range(runs):
        for which in (0, 1) if i % 2 == 0 else (1, 0):
            t = time.perf_counter()
            if which == 0:
                ra = fa()
                ta.append(time.perf_counter() - t)
            else:
                rb = fb()
                tb.append(time.perf_counter() - t)
            spent += time.perf_counter() - t
        if spent >= budget:
            break
    return statistics.median(ta), statistics.median(tb), ra, rb


def raw_rows(raw: Any, text: str) -> int:
    """Run ``text`` on a pyoxigraph store, read every term of every row; the row count."""
    import pyoxigraph as ox

    res = raw.query(text, use_default_graph_as_union=True)
    if not isinstance(res, ox.QuerySolutions):
        return len(list(res)) if not isinstance(res, ox.QueryBoolean) else 1
    n = 0
    for row in res:
        tuple(row)
        n += 1
    return n


def first(raw: Any, text: str) -> list[str]:
    """The first row of a raw query, as IRIs (no brackets)."""
    row = next(iter(raw.query(text, use_default_graph_as_union=True)))
    return [t.value for t in row]


@dataclass
class Case:
    """One query run: its name, what is bound, the bound text and the measurements."""

    name: str
    label: str
    params: dict[str, str]
    text: str
    rows: int = 0
    newskg: float = 0.0
    raw: float = 0.0
    raw_rows: int = 0
    rdflib: float | None = None
    rdflib_rows: int | None = None
    rdflib_note: str = ""
    rdflib_budget: float = 0.0
    slow: float = 0.0  # > 0: took longer than this on raw pyoxigraph; not measured further

    @property
    def speedup(self) -> float | None:
        """rdflib time / newskg time (a lower bound when rdflib timed out)."""
        t = self.rdflib if self.rdflib is not None else self.rdflib_budget or None
        return t / self.newskg if t is not None and self.newskg else None


def print_table(head: tuple[str, ...], rows: list[tuple[str, ...]], left: int = 1) -> None:
    """Aligned columns: the first ``left`` columns left-aligned, the last one free text."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
    for r in [head, *rows]:
        cells = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(r[:-1], widths, strict=True))
        ]
        print("  ".join([*cells, r[-1]]).rstrip())


# ------------------------------------------------------------------------- entities
def pick_entities(raw: Any) -> dict[str, str]:
    """The hub, the top person and one fact about the top person (IRIs), from the store."""
    most = (
        PREFIXES + "SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?m a nk:Mention ; "
        "oa:hasBody ?e . %s } } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1"
    )
    hub, hub_n = first(raw, most % "")
    person, person_n = first(raw, most % "?e a schema:Person .")
    fact = first(
        raw,
        PREFIXES + f"SELECT ?f WHERE {{ GRAPH ?g {{ ?f a nk:Fact ; rdf:subject <{person}> }} }} "
        "ORDER BY ?f LIMIT 1",
    )[0]
    return {
        "hub": hub,
        "hub_articles": hub_n,
        "person": person,
        "person_articles": person_n,
        "fact": fact,
    }


def make_cases(picked: dict[str, str]) -> list[Case]:
    """One case per shipped query (required parameters bound), plus ``about`` of the hub."""
    from graph.queries import expand_iri, load_queries
    from graph.store import bind_values

    person, hub, fact = picked["person"], picked["hub"], picked["fact"]
    value = {"entity": person, "a": person, "b": hub, "fact": fact}
    short = {person: "top person", hub: "hub", fact: "a fact of the top person"}
    cases: list[Case] = []
    for name, q in load_queries().items():
        variants = [{p: value.get(p, person) for p in q.required}]
        if name == "about":
            variants.append({"entity": hub})
        for params in variants:
            bound = ", ".join(f"{k}={short[v]}" for k, v in params.items())
            text = bind_values(q.text, {k: expand_iri(f"<{v}>") for k, v in params.items()})
            cases.append(Case(name, f"{name} ({bound or 'whole store'})", params, text))
    return cases


# ------------------------------------------------------------------------- children
class Child:
    """A child process fed a JSON job on stdin that answers one JSON line per step."""

    def __init__(self, mode: str, job: object) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job))
        self.proc.stdin.close()
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)

    def line(self, seconds: float) -> dict[str, Any] | None:
        """The next answer, or None if none came within ``seconds`` (or the child ended)."""
        if not self.sel.select(timeout=max(seconds, 0.1)):
            return None
        text = self.proc.stdout.readline()  # type: ignore[union-attr]
        return json.loads(text) if text else None

    def close(self) -> None:
        """Kill the child if it still runs; reap it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.sel.close()


def probe_child() -> None:
    """Child process: run each query of stdin (``{"store": dir, "queries": [[label, text],
    ...]}``) once on a read-only pyoxigraph open of the store; one JSON line per query."""
    import pyoxigraph as ox

    job = json.load(sys.stdin)
    raw = ox.Store.read_only(job["store"])
    for label, text in job["queries"]:
        t = time.perf_counter()
        rows = raw_rows(raw, text)
        print(json.dumps({"label": label, "seconds": time.perf_counter() - t, "rows": rows}))
        sys.stdout.flush()


def probe(store_dir: Path, cases: list[Case], limit: float) -> None:
    """Run every case once on raw pyoxigraph in a child process; a case that takes more than
    ``limit`` s is marked slow (``Case.slow``) and its child killed (pyoxigraph cannot cancel
    a query), the next cases go on in a new child. Also warms the page cache."""
    left = list(cases)
    while left:
        child = Child(
            "--probe-child", {"store": str(store_dir), "queries": [[c.label, c.text] for c in left]}
        )
        try:
            for i, c in enumerate(left):
                got = child.line(limit + (15 if i == 0 else 0))  # the first one opens the store
                if got is None:
                    c.slow = limit
                    print(
                        f"  .. {c.label}: > {limit:.0f} s on raw pyoxigraph, skipped",
                        file=sys.stderr,
                        flush=True,
                    )
                    left = left[i + 1 :]
                    break
            else:
                left = []
        finally:
            child.close()


def rdflib_child() -> None:
    """Child process: parse the N-Quads into rdflib, run the queries given on stdin.

    stdin: JSON ``{"nq": path, "queries": [[label, text, seconds], ...]}``. stdout: one JSON
    line after parsing, then one per query (``seconds``, ``rows``, or ``error``/``timeout``).
    """
    import resource

    import rdflib

    job = json.load(sys.stdin)

    def out(**kw: Any) -> None:
        print(json.dumps(kw), flush=True)

    class Timeout(Exception):
        pass

    def alarm(*_: object) -> None:
        raise Timeout

    signal.signal(signal.SIGALRM, alarm)
    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(job["nq"], format="nquads")
    quads = sum(len(g) for g in ds.graphs())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out(parsed=time.perf_counter() - t, quads=quads, rss=rss)
    for label, text, seconds in job["queries"]:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        t = time.perf_counter()
        try:
            rows = len(list(ds.query(text)))
            took = time.perf_counter() - t
            signal.setitimer(signal.ITIMER_REAL, 0)
            out(label=label, seconds=took, rows=rows)
        except Timeout:
            out(label=label, timeout=seconds)
        except Exception as e:  # reported; the next query runs
            signal.setitimer(signal.ITIMER_REAL, 0)
            out(label=label, error=f"{type(e).__name__}: {e}"[:200])


def rdflib_budgets(cases: list[Case], cap: float, total: float) -> None:
    """Give each case an rdflib time budget: enough to show the target speed-up (1.2 x
    :data:`RDFLIB_TARGET` x its newskg time), at least 5 s, at most ``cap``, and within an
    even share of what is left of ``total`` (cheapest first)."""
    want = {c.label: min(cap, max(5.0, 1.2 * RDFLIB_TARGET * c.newskg)) for c in cases}
    left = total
    todo = sorted(cases, key=lambda c: want[c.label])
    for i, c in enumerate(todo):
        c.rdflib_budget = max(1.0, min(want[c.label], left / (len(todo) - i)))
        left -= c.rdflib_budget


def run_rdflib(nq: Path, cases: list[Case], parse_limit: float) -> dict[str, Any]:
    """Measure ``cases`` on rdflib in a child process (parse once, then each query within its
    ``rdflib_budget``); fills their rdflib fields. A child that overruns a budget by 30 s
    (stuck outside Python code) is killed; the remaining queries are then not run. Returns
    the parse report (``parsed`` s, ``quads``, ``rss``) or an ``error``."""
    job = {"nq": str(nq), "queries": [[c.label, c.text, c.rdflib_budget] for c in cases]}
    child = Child("--rdflib-child", job)
    report: dict[str, Any] = {}
    try:
        parsed = child.line(parse_limit)
        if parsed is None:
            report["error"] = f"parsing took more than {parse_limit:.0f} s; rdflib not measured"
        else:
            report.update(parsed)
            for c in cases:
                got = child.line(c.rdflib_budget + 30)
                if got is None:
                    c.rdflib_note = f"> {c.rdflib_budget:.0f} s (killed)"
                    report["error"] = "the rdflib child stopped answering; later queries not run"
                    break
                if "seconds" in got:
                    c.rdflib, c.rdflib_rows = got["seconds"], got["rows"]
                elif "timeout" in got:
                    c.rdflib_note = f"> {got['timeout']:.0f} s (timeout)"
                else:
                    c.rdflib_note = f"error: {got['error']}"
        for c in cases:
            if c.rdflib is None and not c.rdflib_note.startswith(">"):
                c.rdflib_note = c.rdflib_note or "not run"
                c.rdflib_budget = 0.0
        return report
    finally:
        child.close()


# ------------------------------------------------------------------------- main
def measure(store: Any, raw: Any, cases: list[Case]) -> None:
    """newskg (``run_named``) against raw pyoxigraph, alternating, for the cases not slow."""
    from graph.queries import run_named

    for c in cases:
        if c.slow:
            continue

        def ours(c: Case = c) -> int:
            return len(list(run_named(store, c.name, c.params)))

        def theirs(c: Case = c) -> int:
            return raw_rows(raw, c.text)

        c.newskg, c.raw, c.rows, c.raw_rows = paired(ours, theirs)
        print(
            f"  .. {c.label}: newskg {fmt_time(c.newskg)}, raw {fmt_time(c.raw)}",
            file=sys.stderr,
            flush=True,
        )


def report_targets(cases: list[Case], rdflib_run: bool, other_corpus: str) -> None:
    """The PASS / NOT MET lines."""
    print("targets:")
    timed_cases = [c for c in cases if not c.slow]
    slow = [f"{c.label} (> {c.slow:.0f} s)" for c in cases if c.slow]
    worst = max(timed_cases, key=lambda c: c.newskg / c.raw)
    over = [c.label for c in timed_cases if c.newskg / c.raw > RAW_TARGET]
    print(
        f"  newskg <= {RAW_TARGET:g}x raw pyoxigraph for every query: "
        f"{'NOT MET' if over or slow else 'PASS'} "
        f"(worst {worst.newskg / worst.raw:.2f}x, {worst.label})"
        + (f"; over: {', '.join(over)}" if over else "")
        + (f"; too slow to measure, on raw pyoxigraph itself: {', '.join(slow)}" if slow else "")
    )
    name = f"  newskg >= {RDFLIB_TARGET:g}x faster than rdflib for every query"
    if not rdflib_run:
        print(f"{name}: NOT MEASURED")
        return
    done = [c for c in timed_cases if c.rdflib is not None]
    under = [c for c in done if (c.speedup or 0.0) < RDFLIB_TARGET]
    bounded = [c for c in timed_cases if c.rdflib is None and c.speedup is not None]
    open_ = [c for c in bounded if (c.speedup or 0.0) < RDFLIB_TARGET]
    missing = [c.label for c in timed_cases if c.speedup is None] + [
        c.label for c in cases if c.slow
    ]
    if under:
        verdict = "NOT MET"
    elif open_ or missing:
        verdict = "UNDECIDED"
    else:
        verdict = "PASS"
    parts = []
    if under:
        low = min(under, key=lambda c: c.speedup or 0.0)
        parts.append(f"lowest {low.speedup:,.0f}x, {low.label}")
        parts.append(f"{len(under)} of {len(done)} measured under the target")
    elif done or bounded:
        low = min(done + bounded, key=lambda c: c.speedup or 0.0)
        least = "" if low.rdflib is not None else "at least "
        parts.append(f"lowest {least}{low.speedup:,.0f}x, {low.label}")
    if open_:
        parts.append(
            "rdflib ran out of time before the target speed-up: "
            + ", ".join(f"{c.label} (> {c.speedup:,.0f}x)" for c in open_)
        )
    if missing:
        parts.append(f"not measured: {', '.join(missing)}")
    if other_corpus:
        parts.append(f"rdflib on {other_corpus}, not the same corpus")
    print(f"{name}: {verdict} ({'; '.join(parts)})")


def main() -> None:
    """Load the corpus, run every query three ways, print the table and the targets."""
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "--rdflib-child":
        rdflib_child()
        return
    if mode == "--probe-child":
        probe_child()
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quads", type=int, default=DEFAULT_QUADS, help="corpus size (quads)")
    ap.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_QUADS:,} quads")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fresh", action="store_true", help="rebuild the cached corpus")
    ap.add_argument(
        "--query-timeout",
        type=float,
        default=30.0,
        help="a query slower than this on raw pyoxigraph is reported and skipped (30 s)",
    )
    ap.add_argument(
        "--rdflib-timeout", type=float, default=60.0, help="at most this per query in rdflib (60 s)"
    )
    ap.add_argument(
        "--rdflib-budget",
        type=float,
        default=300.0,
        help="seconds for all the rdflib queries together (300)",
    )
    ap.add_argument(
        "--rdflib-quads",
        type=int,
        default=None,
        help="parse a corpus of this size into rdflib (default: the same corpus)",
    )
    ap.add_argument(
        "--rdflib-parse-limit",
        type=float,
        default=240.0,
        help="give up on rdflib if parsing takes longer (240 s)",
    )
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison")
    args = ap.parse_args()
    quads = QUICK_QUADS if args.quick else args.quads
    load_avg = os.getloadavg()[0]
    started = time.perf_counter()

    from graph.store import open_store

    nq, how = corpus_file(quads, args.seed, [], args.fresh)
    rd_quads = args.rdflib_quads or quads
    rd_nq, rd_how = (nq, how) if rd_quads == quads else corpus_file(rd_quads, args.seed, [], False)
    work = Path(tempfile.mkdtemp(prefix="newskg-bench-q-"))
    try:
        store = open_store(str(work / "store"))
        warm(nq)
        t = time.perf_counter()
        store.load(str(nq), "nquads")
        t_load = time.perf_counter() - t
        n_quads = store.quad_count()
        # the pyoxigraph store behind newskg's: same engine, same data, same caches
        raw = store._store  # type: ignore[attr-defined]
        raw.flush()
        picked = pick_entities(raw)
        cases = make_cases(picked)
        t = time.perf_counter()
        probe(work / "store", cases, args.query_timeout)
        t_probe = time.perf_counter() - t
        t = time.perf_counter()
        measure(store, raw, cases)
        t_measure = time.perf_counter() - t
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rd: dict[str, Any] = {}
    t_rd = time.perf_counter()
    run = [c for c in cases if not c.slow]
    if not args.no_rdflib:
        print("  .. rdflib: parsing and querying in a child process", file=sys.stderr, flush=True)
        rdflib_budgets(run, args.rdflib_timeout, args.rdflib_budget)
        rd = run_rdflib(rd_nq, run, args.rdflib_parse_limit)
    t_rd = time.perf_counter() - t_rd

    print_machine(load_avg)
    print(f"corpus: {quads:,} quads requested, seed {args.seed}; {nq.relative_to(ROOT)} ({how})")
    print(
        f"newskg and raw pyoxigraph: one on-disk store of {n_quads:,} quads (store.load "
        f"{fmt_time(t_load)}; one probe run of each query {fmt_time(t_probe)}, the timed runs "
        f"{fmt_time(t_measure)})"
    )
    other = ""
    if args.no_rdflib:
        print("rdflib: not run (--no-rdflib)")
    elif "quads" in rd:
        if rd_nq != nq:
            other = f"{rd_nq.relative_to(ROOT)}"
        same = "the same corpus" if not other else f"a SMALLER corpus, {other} ({rd_how})"
        print(
            f"rdflib: Dataset(default_union=True) of {rd['quads']:,} quads from {same}; parsed "
            f"in {fmt_time(rd['parsed'])}, peak RSS {rd['rss'] / 1e9:.1f} GB; parse and "
            f"queries {fmt_time(t_rd)}"
        )
    if rd.get("error"):
        print(f"rdflib: {rd['error']}")
    print(f"hub: {picked['hub']} (named in {picked['hub_articles']} articles)")
    print(f"top person: {picked['person']} (named in {picked['person_articles']} articles)")
    print(f"fact: {picked['fact']}")

    head = ("query (bound)", "rows", "newskg", "raw ox", "ratio", "rdflib", "speed-up", "notes")
    rows: list[tuple[str, ...]] = []
    for c in cases:
        if c.slow:
            rows.append((c.label, "-", "-", f"> {c.slow:.0f} s", "-", "-", "-", "skipped: slow"))
            continue
        notes = []
        if c.raw_rows != c.rows:
            notes.append(f"raw gave {c.raw_rows:,} rows")
        if c.rdflib_rows is not None and c.rdflib_rows != c.rows and not other:
            notes.append(f"rdflib gave {c.rdflib_rows:,} rows")
        elif c.rdflib_rows is not None and other:
            notes.append(f"rdflib {c.rdflib_rows:,} rows on its corpus")
        if c.rdflib_note.startswith("error"):
            notes.append(c.rdflib_note)
        sp = c.speedup
        rows.append(
            (
                c.label,
                f"{c.rows:,}",
                fmt_time(c.newskg),
                fmt_time(c.raw),
                f"{c.newskg / c.raw:.2f}x",
                fmt_time(c.rdflib) if c.rdflib is not None else c.rdflib_note.split(":")[0],
                "-" if sp is None else (f"{sp:,.0f}x" if c.rdflib is not None else f">{sp:,.0f}x"),
                "; ".join(notes),
            )
        )
    print_table(head, rows)
    print(
        "ratio = newskg / raw pyoxigraph time (medians of alternating runs); speed-up = rdflib "
        "/ newskg time (one rdflib run, given up to 120x the newskg time; '>': it ran out)"
    )
    report_targets(cases, not args.no_rdflib and "quads" in rd, other)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
