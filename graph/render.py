"""Self-contained, offline HTML views of a projection (pyvis / vis-network).

:func:`render_html` turns the :func:`graph.project.actor_graph` multigraph into a pyvis
``Network`` and writes it as ONE HTML file that works from ``file://`` with no network:

* **offline**: vis-network's JavaScript and CSS (shipped inside the pyvis package) are inlined
  (its ``sourceMappingURL`` comment removed); pyvis's own template is not used, because it
  links Bootstrap and other assets from CDNs even with ``cdn_resources="in_line"``. A
  ``Content-Security-Policy`` (``default-src 'none'``) forbids any request the page might
  still try, and the file is checked after writing for ``src=``/``href=``/``@import``/
  ``url()`` references to ``http(s)://`` (:func:`external_references`).
* **escaping**: every text from articles (names, titles, sentences) is untrusted. Text put
  into HTML (title, legend, notes) goes through :func:`html.escape`. Nodes, edges and tooltip
  data travel as JSON in a ``<script type="application/json">`` block, with ``<``, ``>``,
  ``&``, ``'``, ``/`` and U+2028/U+2029 written as JSON escapes (:func:`script_json`), so no
  text can close the block. Tooltips are built in the page as DOM elements whose text is set
  with ``textContent`` (never ``innerHTML``): vis-network shows an element tooltip as it
  is, whereas a string tooltip is set as HTML by older versions (9.1.2 uses ``innerText``).
  Node and edge labels are drawn on a canvas, as text. The CSP allows only the page's
  own scripts (by SHA-256 hash), so an ``onerror=`` or ``<script>`` that slipped through
  would still not run.

Styling: colour and shape by entity type (:data:`TYPE_STYLES`, subclasses fall back to their
parent's style), a legend of the types and predicates present, edge labels by predicate,
edge width growing with the number of supporting articles, dashed edges for statements whose
stance is ``deny`` or ``speculate``. Graphs larger than ``max_nodes`` keep the ``max_nodes``
entities of highest degree centrality and say so in the page. Above :data:`PHYSICS_LIMIT`
shown nodes the physics simulation is off and positions come from networkx's
``spring_layout`` with a fixed seed.

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("p", label="<img src=x onerror=alert(1)>", type="Person", articles=2)
>>> g.add_node("o", label="Union", type="Organization", articles=1)
>>> g.add_edge("p", "o", key="leads", predicate="leads", label="leads",
...            articles=["a1"], evidence=[{"sentence": "P leads the Union.", "title": "T",
...                                        "date": "2025-01-02", "url": None}])
'leads'
>>> with tempfile.TemporaryDirectory() as d:
...     page = render_html(g, pathlib.Path(d) / "kg.html", title="Test")
...     text = page.read_text(encoding="utf-8")
>>> "<img src=x" in text, "\\\\u003cimg src=x onerror=alert(1)\\\\u003e" in text
(False, True)
>>> external_references(text)
[]
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from .errors import ConfigError
from .model import model

__all__ = [
    "DEFAULT_STYLE",
    "PHYSICS_LIMIT",
    "PREDICATE_COLORS",
    "TYPE_STYLES",
    "external_references",
    "render_empty",
    "render_html",
    "script_json",
]

#: Above this many shown nodes, physics is off and positions are precomputed.
PHYSICS_LIMIT = 1000

#: Entity type key -> (colour, vis-network shape). Subclasses not listed use their parent's.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "Organization": ("#f28e2b", "square"),
    "GovernmentOrganization": ("#e15759", "square"),
    "NewsMediaOrganization": ("#b07aa1", "square"),
    "Delegation": ("#76b7b2", "hexagon"),
    "Country": ("#59a14f", "diamond"),
    "Place": ("#9c755f", "triangleDown"),
    "Event": ("#edc948", "star"),
}
#: Style of a type that is neither listed nor a subclass of a listed type.
DEFAULT_STYLE = ("#9d9d9d", "dot")

#: Predicate key -> edge colour; others use ``#8a8a8a``.
PREDICATE_COLORS: dict[str, str] = {
    "holds": "#4e79a7",
    "leads": "#b6562f",
    "formerly_led": "#d49a7f",
    "member_of": "#7f7f3f",
    "works_for": "#8c6d31",
    "met_with": "#2f8f8a",
    "communicated_with": "#5fb3ad",
    "attended": "#b3941c",
    "absent_from": "#c9b870",
    "cancelled": "#a33b3b",
    "sanctioned_by": "#7b1f4c",
    "spoke_about": "#7d7d9c",
}
_EDGE_COLOR = "#8a8a8a"

# a legend glyph per vis-network shape
_GLYPHS = {
    "dot": "\u25cf",
    "square": "\u25a0",
    "diamond": "\u25c6",
    "triangle": "\u25b2",
    "triangleDown": "\u25bc",
    "star": "\u2605",
    "hexagon": "\u2b22",
}
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DASHED_STANCES = frozenset({"deny", "speculate"})
_MAX_SENTENCE = 400  # characters of an evidence sentence shown in a tooltip
_LAYOUT_SEED = 7
_VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"

# ------------------------------------------------------------------------- escaping
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "/": "\\/",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&'/\u2028\u2029]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element.

    ``<``, ``>``, ``&``, ``'``, ``/`` and the JavaScript line separators are written as JSON
    escapes (which ``JSON.parse`` and :func:`json.loads` read back unchanged), so the text can
    neither close the element nor contain a URL such as ``https://``.

    >>> print(script_json({"name": "</script><script>alert(2)</script>"}))
    {"name": "\\u003c\\/script\\u003e\\u003cscript\\u003ealert(2)\\u003c\\/script\\u003e"}
    >>> json.loads(script_json(["a/b & <c>"]))
    ['a/b & <c>']
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\b)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


def external_references(page: str) -> list[str]:
    """The places in ``page`` that would load something over the network (empty: offline).

    >>> external_references('<link href="https://cdn.example/x.css"><p>https://ok</p>')
    ['href="https://']
    """
    return [m.group(0) for m in _EXTERNAL.finditer(page)]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# ------------------------------------------------------------------------- assets
@cache
def _asset(name: str) -> str:
    """A vis-network file of the pyvis package, ready to inline (checked, no source map)."""
    path = _VIS_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read pyvis's copy of vis-network ({e})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"^\s*//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", text)
    bad = re.search(r"</script|</style|<!--", text, re.IGNORECASE)
    if bad or external_references(text):
        raise ConfigError(f"{path}: cannot be inlined safely (it has {bad or 'a remote URL'})")
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# ------------------------------------------------------------------------- styles
def _style(type_key: str) -> tuple[str, str]:
    """Colour and shape of an entity type; a subclass takes its nearest listed ancestor's."""
    if type_key in TYPE_STYLES:
        return TYPE_STYLES[type_key]
    m = model()
    try:
        cls = m.term(type_key)
    except ConfigError:
        return DEFAULT_STYLE
    parents = [k for k in TYPE_STYLES if m.is_subclass(cls, m.term(k))]
    if not parents:
        return DEFAULT_STYLE
    # the most specific listed ancestor: the one that is a subclass of most of the others
    best = max(parents, key=lambda k: sum(m.is_subclass(m.term(k), m.term(o)) for o in parents))
    return TYPE_STYLES[best]


def _type_label(type_key: str) -> str:
    try:
        return model().label(model().term(type_key))
    except ConfigError:
        return type_key


def _edge_width(n_articles: int) -> float:
    return round(min(1.0 + 1.5 * math.log2(max(n_articles, 1)), 10.0), 2)


def _node_size(n_articles: int) -> float:
    return round(min(12.0 + 5.0 * math.log2(max(n_articles, 1)), 40.0), 2)


def _clip(text: str, limit: int = _MAX_SENTENCE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# ------------------------------------------------------------------------- selection
def _top_nodes(g: nx.MultiDiGraph, max_nodes: int) -> list[Any]:
    """The ``max_nodes`` nodes of highest degree centrality (ties: more articles, label)."""
    centrality = nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0)

    def rank(n: Any) -> tuple[float, int, str, str]:
        d = g.nodes[n]
        return (-centrality[n], -int(d.get("articles") or 0), str(d.get("label", "")), str(n))

    return sorted(g.nodes, key=rank)[:max_nodes]


def _positions(g: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Fixed-seed spring layout (SciPy, a dependency, makes it fast for large graphs), scaled
    to vis-network's pixel coordinates."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    pos = nx.spring_layout(simple, seed=_LAYOUT_SEED)
    scale = 120.0 * math.sqrt(max(len(g), 1))
    return {
        n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()
    }


# ------------------------------------------------------------------------- network
def _network(g: nx.MultiDiGraph, physics: bool) -> Network:
    """The pyvis Network of ``g``: styled nodes and edges with tooltip data (``tip``)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids: dict[Any, str] = {}
    positions = _positions(g) if not physics else {}
    for i, (n, d) in enumerate(g.nodes(data=True)):
        ids[n] = f"n{i}"
        type_key = str(d.get("type") or "Thing")
        color, shape = _style(type_key)
        articles = int(d.get("articles") or 0)
        label = str(d.get("label") or n)
        extra: dict[str, Any] = {}
        if n in positions:
            extra["x"], extra["y"] = positions[n]
        net.add_node(
            ids[n],
            label=_clip(label, 60),
            shape=shape,
            color=color,
            size=_node_size(articles),
            kgType=type_key,
            tip={
                "label": label,
                "type": _type_label(type_key),
                "articles": articles,
                "iri": str(n),
            },
            **extra,
        )
    pair_count: Counter[frozenset[str]] = Counter()
    for u, v, d in g.edges(data=True):
        pred = str(d.get("predicate") or "related")
        label = str(d.get("label") or pred)
        supporting = list(d.get("articles") or [])
        stance = d.get("stance")
        pair = frozenset((ids[u], ids[v]))
        k = pair_count[pair]
        pair_count[pair] += 1
        opts: dict[str, Any] = {
            "label": _clip(label, 40),
            "width": _edge_width(len(supporting)),
            "color": PREDICATE_COLORS.get(pred, _EDGE_COLOR),
            "kgPredicate": pred,
            "tip": {
                "from": str(g.nodes[u].get("label") or u),
                "to": str(g.nodes[v].get("label") or v),
                "label": label,
                "predicate": pred,
                "stance": stance,
                "articles": len(supporting),
                "evidence": [
                    {
                        "sentence": _clip(str(ev.get("sentence") or "")),
                        "title": ev.get("title"),
                        "date": ev.get("date"),
                    }
                    for ev in list(d.get("evidence") or [])[:5]
                ],
            },
        }
        if stance in _DASHED_STANCES:
            opts["dashes"] = True
        if d.get("symmetric"):
            opts["arrows"] = {"to": {"enabled": False}}
        if k:  # parallel edges between the same pair: bend them apart
            opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * k}
        net.add_edge(ids[u], ids[v], **opts)

    net.set_edge_smooth("continuous")
    net.options.edges.color.inherit = False
    if physics:
        net.barnes_hut(
            gravity=-5000,
            central_gravity=0.9,  # keeps unconnected entities near the others
            spring_length=170,
            spring_strength=0.03,
            damping=0.12,
            overlap=0.1,
        )
        net.options.physics.stabilization.iterations = 400 if len(g) > 100 else 1000
    else:
        net.toggle_physics(False)
        net.toggle_stabilization(False)
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 120
    return net


def _options(net: Network, physics: bool) -> dict[str, Any]:
    *_, options = net.get_network_data()
    opts: dict[str, Any] = json.loads(options)
    opts.pop("configure", None)
    opts.setdefault("edges", {})["font"] = {"size": 10, "align": "middle", "color": "#444"}
    # labels readable at the zoom that fits a few hundred nodes: white halo, low draw threshold
    opts.setdefault("nodes", {})["font"] = {"size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}
    opts["nodes"]["scaling"] = {"label": {"enabled": False, "drawThreshold": 3}}
    if not physics:
        opts["edges"]["smooth"] = {"enabled": False}
        opts.setdefault("layout", {})["improvedLayout"] = False
    return opts


# ------------------------------------------------------------------------- page
_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fafafa; }
body { display: flex; flex-direction: column; }
header { padding: .5rem 1rem; border-bottom: 1px solid #ddd; background: #fff; }
header h1 { font-size: 1.2rem; margin: 0; }
.kg-stats, .kg-note { margin: .2rem 0 0; color: #555; }
.kg-note { color: #8a4b00; }
main { flex: 1; display: flex; min-height: 0; }
#kg-network { flex: 1; min-width: 0; background: #fff; }
#kg-legend { width: 15rem; padding: .5rem 1rem; border-left: 1px solid #ddd; overflow: auto;
  background: #fff; }
#kg-legend h2 { font-size: 1rem; margin: .5rem 0 .3rem; }
#kg-legend ul { list-style: none; padding: 0; margin: 0; }
#kg-legend li { margin: .15rem 0; }
.kg-glyph { display: inline-block; width: 1.3em; text-align: center; font-size: 1.1em; }
.kg-line { display: inline-block; width: 1.8em; height: 0; border-top: 3px solid #8a8a8a;
  vertical-align: middle; margin-right: .3em; }
.kg-line.kg-dashed { border-top-style: dashed; }
.kg-count { color: #777; }
.kg-help { color: #666; font-size: .9em; }
.kg-empty { margin: 3rem auto; max-width: 40rem; font-size: 1.1rem; text-align: center; }
div.vis-tooltip { max-width: 32rem; white-space: normal; font: 13px/1.35 system-ui, sans-serif;
  padding: .4rem .6rem; }
.kg-tip-title { font-weight: 600; }
.kg-tip-meta { color: #555; }
.kg-tip-ev { margin-top: .35rem; }
.kg-tip-src { color: #666; font-size: .92em; }
"""

_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  function add(parent, cls, text) {
    var el = document.createElement("div");
    el.className = cls;
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }
  function articles(n) { return n + (n === 1 ? " article" : " articles"); }
  function nodeTip(t) {
    var box = document.createElement("div");
    add(box, "kg-tip-title", t.label);
    add(box, "kg-tip-meta", t.type + " \\u00b7 " + articles(t.articles));
    add(box, "kg-tip-src", t.iri);
    return box;
  }
  function edgeTip(t) {
    var box = document.createElement("div");
    add(box, "kg-tip-title", t.from + " \\u2192 " + t.label + " \\u2192 " + t.to);
    var meta = t.predicate + (t.stance ? " \\u00b7 stance: " + t.stance : "");
    add(box, "kg-tip-meta", meta + " \\u00b7 " + articles(t.articles));
    t.evidence.forEach(function (ev) {
      var item = add(box, "kg-tip-ev", "");
      add(item, "kg-tip-quote", "\\u201c" + ev.sentence + "\\u201d");
      var src = [ev.title, ev.date].filter(function (x) { return x; }).join(", ");
      if (src) { add(item, "kg-tip-src", "\\u2014 " + src); }
    });
    if (t.articles > t.evidence.length) {
      add(box, "kg-tip-src", "(" + t.evidence.length + " of " + articles(t.articles) + " shown)");
    }
    return box;
  }
  data.nodes.forEach(function (n) { n.title = nodeTip(n.tip); delete n.tip; });
  data.edges.forEach(function (e) { e.title = edgeTip(e.tip); delete e.tip; });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes),
    edges: new vis.DataSet(data.edges)
  }, data.options);
  if (data.options.physics && data.options.physics.enabled !== false) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
    });
  }
  window.kgNetwork = network;
})();
"""


def _page(
    *,
    title: str,
    header: str,
    body: str,
    data: dict[str, Any] | None,
) -> str:
    """Assemble the page: CSP, inlined vis-network, own CSS/JS, escaped header and body."""
    head_css = _asset("vis-network.css") if data is not None else ""
    scripts: list[str] = []
    blocks = []
    if data is not None:
        vis_js = _asset("vis-network.min.js")
        scripts = [vis_js, _JS]
        blocks.append(
            '<script type="application/json" id="kg-data">' + script_json(data) + "</script>"
        )
        blocks.extend(f"<script>{s}</script>" for s in scripts)
    script_src = " ".join(_sha256(s) for s in scripts) or "'none'"
    csp = (
        "default-src 'none'; "
        f"script-src {script_src}; "
        "style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; "
        "connect-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{head_css}</style>" if head_css else "",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            header,
            body,
            *blocks,
            "</body>",
            "</html>",
            "",
        ]
    )


def _legend(g: nx.MultiDiGraph) -> str:
    types = Counter(str(d.get("type") or "Thing") for _, d in g.nodes(data=True))
    preds: dict[str, str] = {}
    dashed = False
    for _, _, d in g.edges(data=True):
        pred = str(d.get("predicate") or "related")
        rel = model().relations.get(pred)
        preds.setdefault(pred, rel.label if rel else pred)
        dashed = dashed or d.get("stance") in _DASHED_STANCES
    rows = []
    for t in sorted(types, key=lambda k: (-types[k], k)):
        color, shape = _style(t)
        color = color if _HEX_COLOR.match(color) else DEFAULT_STYLE[0]
        rows.append(
            f'<li data-type="{_e(t)}"><span class="kg-glyph" style="color:{color}">'
            f"{_GLYPHS.get(shape, _GLYPHS['dot'])}</span> {_e(_type_label(t))} "
            f'<span class="kg-count">({types[t]})</span></li>'
        )
    edge_rows = []
    for pred in sorted(preds, key=lambda p: preds[p].casefold()):
        color = PREDICATE_COLORS.get(pred, _EDGE_COLOR)
        color = color if _HEX_COLOR.match(color) else _EDGE_COLOR
        edge_rows.append(
            f'<li data-predicate="{_e(pred)}"><span class="kg-line" '
            f'style="border-top-color:{color}"></span>{_e(preds[pred])}</li>'
        )
    if dashed:
        edge_rows.append(
            '<li><span class="kg-line kg-dashed"></span>statement: denies or speculates</li>'
        )
    parts = ['<aside id="kg-legend" aria-label="Legend">', "<h2>Entities</h2>"]
    parts += ['<ul class="kg-types">', *rows, "</ul>"]
    if edge_rows:
        parts += ["<h2>Relations</h2>", '<ul class="kg-predicates">', *edge_rows, "</ul>"]
    parts += [
        '<p class="kg-help">Node size: articles naming the entity. Edge width: supporting '
        "articles. Hover a node or edge for details and evidence.</p>",
        "</aside>",
    ]
    return "\n".join(parts)


def _write(path: Path, page: str) -> Path:
    found = external_references(page)
    if found:  # cannot happen: every remote-looking text is inside escaped JSON
        raise ConfigError(f"{path}: refusing to write a page with remote references {found[:3]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8", newline="\n")
    os.replace(tmp, path)
    return path


def render_empty(
    path: str | Path,
    message: str = "The store has no entities yet.",
    *,
    title: str = "newskg",
) -> Path:
    """Write a page that says there is nothing to draw (e.g. an empty store); return its path.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     text = render_empty(pathlib.Path(d) / "e.html").read_text(encoding="utf-8")
    >>> "no entities yet" in text
    True
    """
    header = f"<header><h1>{_e(title)}</h1></header>"
    body = f'<main><p class="kg-empty" id="kg-empty">{_e(message)}</p></main>'
    return _write(Path(path), _page(title=title, header=header, body=body, data=None))


def render_html(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "newskg",
    max_nodes: int = 300,
) -> Path:
    """Write ``g`` (from :func:`graph.project.actor_graph`) as one offline HTML page.

    Keeps the ``max_nodes`` nodes of highest degree centrality when ``g`` is larger (the page
    says "showing the top N of M by degree"); an empty graph gives :func:`render_empty`'s
    page. Returns the path written.
    """
    if max_nodes < 1:
        raise ConfigError(f"max_nodes must be at least 1, not {max_nodes}")
    path = Path(path)
    total = g.number_of_nodes()
    if total == 0:
        return render_empty(path, title=title)
    notes: list[str] = []
    shown = g
    if total > max_nodes:
        shown = g.subgraph(_top_nodes(g, max_nodes))
        notes.append(
            f"Large graph: showing the top {max_nodes} of {total} by degree "
            "(the entities with the most connections)."
        )
    physics = shown.number_of_nodes() <= PHYSICS_LIMIT
    if not physics:
        notes.append(
            f"{shown.number_of_nodes()} entities: physics is off, the layout is precomputed."
        )
    net = _network(shown, physics)
    nodes, edges, *_ = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": _options(net, physics)}
    n_nodes, n_edges = shown.number_of_nodes(), shown.number_of_edges()
    header = "\n".join(
        [
            "<header>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="kg-stats">{n_nodes} entities, {n_edges} relations</p>',
            *(f'<p class="kg-note" id="kg-note">{_e(n)}</p>' for n in notes),
            "</header>",
        ]
    )
    body = f'<main>\n<div id="kg-network"></div>\n{_legend(shown)}\n</main>'
    return _write(path, _page(title=title, header=header, body=body, data=data))
