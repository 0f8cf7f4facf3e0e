"""The HTML views in a real browser: headless Debian Chromium on ``file://`` pages.

One session fixture renders every kind of view (the actor graph of the example articles, a
focused view, a statement view with deny and speculate edges, a co-mention ``nx.Graph`` -
those three from graph.project's ``ego_graph``, ``statement_graph`` and ``comention_graph``
of the same articles where the package has them, else from the helpers - a capped graph of
1,500 nodes drawn with physics off, the notebook iframe inside a wrapper page, a page of
hostile names) and loads each once, two browsers at a time, with
``--dump-dom``, ``--screenshot`` and ``--log-net-log`` (helpers: tests/fixtures/browser.py).
The tests then check, per view:

* **drawn**: the page's own marker (``data-kg-drawn``: sampled canvas pixels that are not
  background; for the notebook, what the framed page posted to its parent) is well above
  zero, and the screenshot, decoded in pure Python, is not uniform where the graph is and
  shows the node colours;
* **no request**: the NetLog has no http(s)/ws(s) request made by a document, and no socket
  event that sent anything (a probe page that does ask the network shows the check sees it);
* **hostile names**: payloads that would mark the DOM if they ran left no mark, and the
  names are shown as text (the search results and the details panel read them back).

Chromium is Debian's package (``make browser`` installs it); without it and without a way to
install it (root and apt-get), the tests are skipped with the reason.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import URIRef

from graph import project
from graph.pipeline import ingest_paths
from graph.project import actor_graph
from graph.render import STANCE_COLORS, TYPE_STYLES, html_page, render_html, to_notebook
from graph.store import Store, open_store
from tests.fixtures.browser import (
    HOSTILE,
    ChromiumRun,
    Png,
    body_attributes,
    comention_view,
    decode_png,
    ego_view,
    element_text,
    hostile_graph,
    large_graph,
    netlog_requests,
    notebook_wrapper,
    probe_page,
    run_all,
    statement_view,
)

WINDOW = (1400, 900)
SIDEBAR = 330  # px on the right: the legend, not the graph
HEADER = 110  # px at the top: title and notes
DRAWN_VIEWS = ["actor", "ego", "statement", "comention", "large", "notebook"]
ALL_RUNS = [*DRAWN_VIEWS, "filters", "hostile"]


@dataclass
class View:
    """A page under test: its file, the URL loaded (maybe with a ``#`` preset), its data."""

    path: Path
    url: str
    data: dict[str, Any]
    colors: set[str]  # node fill colours the screenshot should show


def _embedded(page: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert block is not None
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def _fold(text: str) -> str:
    """What the page's search compares: accents dropped, lower case."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _view(path: Path, fragment: str = "", colors: set[str] | None = None) -> View:
    page = path.read_text(encoding="utf-8")
    data = _embedded(page) if 'id="kg-data"' in page else {}
    return View(path, path.as_uri() + fragment, data, colors or set())


def _hex(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def views(
    tmp_path_factory: pytest.TempPathFactory, extractor: Any, samples_dir: Path
) -> dict[str, View]:
    """Every page under test, rendered once."""
    out = tmp_path_factory.mktemp("views")
    store = open_store("memory")
    try:
        report = ingest_paths(store, [str(samples_dir)], extractor)
        assert report.ok, report.failed
        actor = actor_graph(store)
        assert actor.number_of_nodes() > 20
        center = max(actor, key=lambda n: (actor.degree(n), str(n)))
        ego, claims_view, comentions = _projections(store, actor, center)
    finally:
        store.close()

    result: dict[str, View] = {}
    types = {str(d.get("type")) for _, d in actor.nodes(data=True)}
    actor_colors = {TYPE_STYLES[t][0] for t in types if t in TYPE_STYLES}
    render_html(actor, out / "actor.html", title="Example articles")
    result["actor"] = _view(out / "actor.html", colors=actor_colors)

    label = actor.nodes[center]["label"]
    render_html(ego, out / "ego.html", title="Focused view", note=f"Neighbourhood of {label}")
    result["ego"] = _view(out / "ego.html", colors={TYPE_STYLES["Person"][0]})

    render_html(claims_view, out / "statement.html", title="Claims")
    result["statement"] = _view(out / "statement.html", colors=set(STANCE_COLORS.values()))

    render_html(comentions, out / "comention.html", title="Co-mentions")
    result["comention"] = _view(out / "comention.html", colors=actor_colors)

    render_html(large_graph(1500), out / "large.html", title="Large", max_nodes=1100)
    result["large"] = _view(out / "large.html")

    frame = to_notebook(statement_view(), height=640, title="Claims in a notebook")
    notebook_wrapper(frame._repr_html_(), out / "notebook.html")
    result["notebook"] = View(
        out / "notebook.html",
        (out / "notebook.html").as_uri(),
        _embedded(frame.page),
        set(STANCE_COLORS.values()),
    )

    # the actor page again, with search and filters preset in its address
    data = result["actor"].data
    target = _search_target(data)
    type_counts: dict[str, int] = {}
    for n in data["nodes"]:
        type_counts[n["kgType"]] = type_counts.get(n["kgType"], 0) + 1
    hidden_type = max(
        (t for t in type_counts if t != target["kgType"]), key=lambda t: (type_counts[t], t)
    )
    # hide the least used predicate that does not touch the target (it stays connected)
    uses: dict[str, int] = {}
    for e in data["edges"]:
        touches = target["id"] in (e["from"], e["to"])
        uses[e["kgPredicate"]] = uses.get(e["kgPredicate"], 0) + (1000 if touches else 1)
    hidden_pred = min(uses, key=lambda p: (uses[p], p))
    query = _fold(target["kgLabel"]).split()[-1]
    fragment = "#" + urllib.parse.urlencode(
        {
            "search": query,
            "hide-type": hidden_type,
            "hide-predicate": hidden_pred,
            "unconnected": "1",
        }
    )
    result["filters"] = _view(out / "actor.html", fragment)
    result["filters"].data = dict(
        data, preset={"query": query, "type": hidden_type, "predicate": hidden_pred}
    )

    hostile = hostile_graph()
    render_html(hostile, out / "hostile.html", title=HOSTILE["script_mark"], note=HOSTILE["img"])
    result["hostile"] = _view(
        out / "hostile.html", "#search=" + urllib.parse.quote("<script>", safe="")
    )
    probe_page(out / "probe.html")
    result["probe"] = View(out / "probe.html", (out / "probe.html").as_uri(), {}, set())
    return result


def _projections(
    store: Store, actor: nx.MultiDiGraph, center: str
) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph, nx.Graph]:
    """The focused, statement and co-mention views of the example articles: graph.project's
    own ``ego_graph``, ``statement_graph`` and ``comention_graph`` where it has them, else
    the helpers' equivalents (the statement view also when the articles' statements lack a
    deny or a speculate: the view must show both)."""
    ego_graph = getattr(project, "ego_graph", None)
    ego = ego_graph(store, URIRef(center), hops=1) if ego_graph else ego_view(actor, center)
    statement_graph = getattr(project, "statement_graph", None)
    claims = statement_graph(store) if statement_graph else None
    stances = {d.get("stance") for _, d in (claims.nodes(data=True) if claims is not None else [])}
    if claims is None or not {"deny", "speculate"} <= stances:
        claims = statement_view()
    comention_graph = getattr(project, "comention_graph", None)
    comentions = comention_graph(store) if comention_graph else comention_view(actor)
    return ego, claims, comentions


def _search_target(data: dict[str, Any]) -> dict[str, Any]:
    """A well-connected Person whose name has an accent if there is one (the search drops
    accents), else the most connected node."""
    degree: dict[str, int] = {}
    for e in data["edges"]:
        degree[e["from"]] = degree.get(e["from"], 0) + 1
        degree[e["to"]] = degree.get(e["to"], 0) + 1

    def rank(n: dict[str, Any]) -> tuple[bool, bool, int, str]:
        label = n["kgLabel"]
        accented = _fold(label) != label.lower()
        return (n["kgType"] == "Person", accented, degree.get(n["id"], 0), label)

    return max(data["nodes"], key=rank)


@pytest.fixture(scope="session")
def runs(
    chromium: str, views: dict[str, View], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, ChromiumRun]]:
    """Each view loaded once in Chromium (two at a time); screenshots kept in
    ``$NEWSKG_BROWSER_ARTIFACTS`` when it is set."""
    out = tmp_path_factory.mktemp("chromium")
    jobs = [(name, v.url, out / name, {"window": WINDOW}) for name, v in views.items()]
    start = time.monotonic()
    done = run_all(chromium, jobs, workers=2)
    elapsed = time.monotonic() - start
    keep = os.environ.get("NEWSKG_BROWSER_ARTIFACTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name, run in done.items():
            if run.screenshot:
                shutil.copy(run.screenshot, Path(keep) / f"{name}.png")
    print(f"\nchromium: {len(done)} loads in {elapsed:.1f} s")
    yield done


@cache
def _png(path: Path) -> Png:
    return decode_png(path)


def _ok(run: ChromiumRun) -> ChromiumRun:
    assert run.returncode == 0, f"chromium failed on {run.url}: {run.stderr[-2000:]}"
    assert run.dom.lstrip().lower().startswith("<!doctype html>"), run.stderr[-2000:]
    return run


# ------------------------------------------------------------------------------ drawn
@pytest.mark.parametrize("name", DRAWN_VIEWS)
def test_view_draws(name: str, runs: dict[str, ChromiumRun], views: dict[str, View]) -> None:
    run = _ok(runs[name])
    body = body_attributes(run.dom)
    view = views[name]
    if name == "notebook":
        # the page inside the sandboxed srcdoc iframe ran (its CSP hashes held) and drew
        drawn = int(body.get("data-frame-drawn") or 0)
        assert 'sandbox="allow-scripts"' in run.dom and "<iframe srcdoc=" in run.dom
    else:
        assert body.get("data-kg-ready") == "1", body
        assert body.get("data-kg-nodes") == str(len(view.data["nodes"]))
        assert body.get("data-kg-edges") == str(len(view.data["edges"]))
        drawn = int(body.get("data-kg-drawn") or 0)
    assert drawn > 300, f"{name}: the canvas looks blank ({drawn} drawn pixels sampled)"

    assert run.screenshot is not None, run.stderr[-2000:]
    png = _png(run.screenshot)
    assert (png.width, png.height) == WINDOW
    graph_box = (0, HEADER, png.width - SIDEBAR, png.height)
    pixels = list(png.sample(graph_box, step=2))
    colors = set(pixels)
    ink = sum(1 for p in pixels if p != (255, 255, 255))
    assert len(colors) >= 8, f"{name}: the graph area is nearly uniform ({len(colors)} colours)"
    assert ink > 500, f"{name}: only {ink} non-white pixels where the graph should be"
    if view.colors:
        wanted = {_hex(c) for c in view.colors}
        found = any(p in wanted for p in png.sample(graph_box, step=1))
        assert found, f"{name}: none of the node colours {sorted(view.colors)} was drawn"


def test_large_view_is_capped_without_physics(views: dict[str, View]) -> None:
    page = views["large"].path.read_text(encoding="utf-8")
    data = views["large"].data
    assert "showing the top 1100 of 1500 by degree" in page
    assert len(data["nodes"]) == 1100
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


@pytest.mark.parametrize("name", ["statement", "notebook"])
def test_statement_views_have_dashed_stances(name: str, views: dict[str, View]) -> None:
    data = views[name].data
    statements = [n for n in data["nodes"] if n["kgType"] == "Statement"]
    assert {"deny", "speculate"} <= {n["kgStance"] for n in statements}
    assert all(n["shape"] == "box" and n["label"] in n["kgLabel"] for n in statements)
    dashed = {e["tip"]["stance"] for e in data["edges"] if e.get("dashes")}
    assert dashed == {"deny", "speculate"}
    solid = {e["tip"]["stance"] for e in data["edges"] if not e.get("dashes")}
    assert not solid & {"deny", "speculate"}


# ------------------------------------------------------------------------------ network
@pytest.mark.parametrize("name", ALL_RUNS)
def test_no_request_leaves(name: str, runs: dict[str, ChromiumRun]) -> None:
    run = _ok(runs[name])
    assert run.netlog is not None, run.stderr[-2000:]
    requests = netlog_requests(run.netlog)
    assert requests.page == [], f"{name}: the page asked the network for {requests.page}"
    assert requests.sent == [], f"{name}: bytes were sent: {requests.sent}"


def test_netlog_check_sees_page_requests(runs: dict[str, ChromiumRun]) -> None:
    """The control: a page that does ask the network is caught (and still sends nothing)."""
    run = _ok(runs["probe"])
    assert run.netlog is not None
    requests = netlog_requests(run.netlog)
    asked = set(requests.page)
    assert {
        "http://kg-probe.invalid/image.png",
        "https://kg-probe.invalid/fetch",
        "http://kg-probe.invalid/frame.png",  # from inside a sandboxed srcdoc frame
        "https://kg-probe.invalid/frame-fetch",
    } <= asked
    assert not any("kg-probe" in url for url in requests.browser)
    assert requests.sent == []


# ------------------------------------------------------------------------------ interaction
def test_search_and_filters_preset_from_address(
    runs: dict[str, ChromiumRun], views: dict[str, View]
) -> None:
    run = _ok(runs["filters"])
    data = views["filters"].data
    preset = data["preset"]
    # what the page should show: type and predicate filters, then unconnected nodes hidden
    visible = {n["id"] for n in data["nodes"] if n["kgType"] != preset["type"]}
    edges = [
        e
        for e in data["edges"]
        if e["kgPredicate"] != preset["predicate"] and e["from"] in visible and e["to"] in visible
    ]
    connected = {e["from"] for e in edges} | {e["to"] for e in edges}
    visible &= connected
    matches = [
        n for n in data["nodes"] if n["id"] in visible and preset["query"] in _fold(n["kgLabel"])
    ]
    body = body_attributes(run.dom)
    assert body.get("data-kg-nodes") == str(len(visible))
    assert body.get("data-kg-edges") == str(len(edges))
    assert len(visible) < len(data["nodes"]) and len(edges) < len(data["edges"])
    assert body.get("data-kg-matches") == str(len(matches)) and matches
    status = element_text(run.dom, "kg-search-status")
    assert matches[0]["kgLabel"] in status, status
    assert matches[0]["kgLabel"] in element_text(run.dom, "kg-details")
    assert element_text(run.dom, "kg-visible").startswith(f"Showing {len(visible)} of ")


# ------------------------------------------------------------------------------ hostile
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)


def test_hostile_names_run_nothing_and_show_as_text(
    runs: dict[str, ChromiumRun], views: dict[str, View]
) -> None:
    run = _ok(runs["hostile"])
    tags = _Tags()
    tags.feed(run.dom)
    body = body_attributes(run.dom)
    # no payload ran: none left its mark on <body>, none renamed the document
    assert "data-pwned" not in body, body
    assert "".join(tags.title) == HOSTILE["script_mark"]
    assert all("onerror" not in attrs and "onload" not in attrs for _, attrs in tags.tags)
    assert [t for t, _ in tags.tags if t in ("img", "svg", "iframe", "a")] == []
    assert sum(1 for t, _ in tags.tags if t == "script") == 3  # data, vis-network, the page's
    assert body.get("data-kg-ready") == "1"  # the page's own script did run
    assert int(body.get("data-kg-drawn") or 0) > 300
    # the names are text: the search for "<script>" lists them, the details panel shows one
    status = element_text(run.dom, "kg-search-status")
    for key in ("script", "script_mark"):
        assert HOSTILE[key] in status, status
    details = element_text(run.dom, "kg-details")
    assert any(HOSTILE[k] in details for k in ("script", "script_mark", "close")), details
    legend = element_text(run.dom, "kg-legend")
    assert HOSTILE["type"] in legend and HOSTILE["predicate"] in legend
    # and the embedded data holds them as they were written
    data = views["hostile"].data
    labels = {n["kgLabel"] for n in data["nodes"]}
    assert {HOSTILE["script"], HOSTILE["img"], HOSTILE["close"], HOSTILE["quote"]} <= labels


def test_notebook_page_matches_the_rendered_page(views: dict[str, View]) -> None:
    wrapper = views["notebook"].path.read_text(encoding="utf-8")
    srcdoc = re.search(r'<iframe srcdoc="([^"]*)"', wrapper)
    assert srcdoc is not None
    assert "<" not in srcdoc.group(1)  # everything inside the attribute is escaped
    page = html_page(statement_view(), title="Claims in a notebook")
    assert html.unescape(srcdoc.group(1)) == page
