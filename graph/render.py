"""Self-contained, offline HTML views of a projection (pyvis / vis-network).

:func:`render_html` turns a networkx projection (:func:`graph.project.actor_graph`'s
multigraph, a focused or statement view of it, or an undirected co-mention ``nx.Graph`` with
``weight`` edges) into a pyvis ``Network`` and writes it as ONE HTML file that works from
``file://`` with no network; :func:`to_notebook` shows the same page inline in Jupyter.

* **offline**: vis-network's JavaScript and CSS (shipped inside the pyvis package) are inlined
  (its ``sourceMappingURL`` comment removed); pyvis's own template is not used, because it
  links Bootstrap and other assets from CDNs even with ``cdn_resources="in_line"``. A
  ``Content-Security-Policy`` (``default-src 'none'``) forbids any request the page might
  still try, and the file is checked after writing for ``src=``/``href=``/``@import``/
  ``url()`` references to ``http(s)://`` (:func:`external_references`).
* **escaping**: every text from articles (names, titles, sentences, quotes) is untrusted.
  Text put into HTML (title, legend, notes, filter attributes) goes through
  :func:`html.escape`. Nodes, edges and tooltip data travel as JSON in a
  ``<script type="application/json">`` block, with ``<``, ``>``, ``&``, ``'``, ``/`` and
  U+2028/U+2029 written as JSON escapes (:func:`script_json`), so no text can close the block.
  Tooltips, the details panel and the search results are built in the page as DOM elements
  whose text is set with ``textContent`` (never ``innerHTML``); the filters read their keys
  with ``getAttribute`` and never build a selector or markup from data. Node and edge labels
  are drawn on a canvas, as text. The CSP allows only the page's own scripts (by SHA-256
  hash, computed when the page is assembled), so an ``onerror=`` or ``<script>`` that slipped
  through would still not run.

Interaction: a search box (part of a name, case- and accent-insensitive: the matching nodes
are selected and the view zooms to them; Enter steps through them), a checkbox per entity
type and per predicate present and a "hide unconnected" toggle (nodes and edges are hidden
through vis-network ``DataSet`` updates), a details panel for the selected node. The page's
address may preset them: ``#search=lee&hide-type=Place,Event&hide-predicate=met_with&
unconnected=1``. After drawing, the page records on ``<body>`` how many sampled canvas pixels
are not background (``data-kg-drawn``), the nodes and edges shown (``data-kg-nodes``,
``data-kg-edges``) and the search matches (``data-kg-matches``): harmless, and what the
browser tests read back. Inside an iframe it also posts ``{kgDrawn: n}`` to its parent.

Styling: colour and shape by entity type (:data:`TYPE_STYLES`, subclasses fall back to their
parent's style); ``Statement`` nodes (:data:`STATEMENT_TYPE`) are boxes coloured and
labelled by stance (:data:`STANCE_COLORS`) with the quote, cue, intermediary and article in
their tooltip; a node with ``center=True`` (a focused view) is drawn bigger with a dark border
and a shadow. A legend of the types and predicates present, edge labels by predicate, edge
width growing with the number of supporting articles (or with ``weight``, for co-mention
graphs, whose edges have no arrows), dashed edges for statements whose stance is ``deny``
or ``speculate`` (an edge without a stance takes that of its Statement end). Graphs larger
than ``max_nodes`` keep the ``max_nodes`` nodes of highest degree centrality (and the centre
of a focused view) and say so in the page. Above :data:`PHYSICS_LIMIT` shown nodes the physics
simulation is off and positions are precomputed with a fixed seed (networkx's
Fruchterman-Reingold force model, vectorized with NumPy: about a second for 1,000 nodes).

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
>>> view = to_notebook(g, height=400)
>>> frame = view._repr_html_()
>>> frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
True
>>> "<script" in frame, html.unescape(frame.split('"')[1]) == view.page
(False, True)
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
from dataclasses import dataclass
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
    "STANCE_COLORS",
    "STATEMENT_TYPE",
    "TYPE_STYLES",
    "NotebookView",
    "external_references",
    "html_page",
    "render_empty",
    "render_html",
    "script_json",
    "to_notebook",
]

#: Above this many shown nodes, physics is off and positions are precomputed.
PHYSICS_LIMIT = 1000

#: Entity type key -> (colour, vis-network shape). Subclasses not listed use their parent's.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "Organization": ("#f28e2b", "square"),
    "GovernmentOrganization": ("#e15759", "square"),
    "NewsMediaOrganization": ("#b07aa1", "square"),
    "PoliticalParty": ("#ff9da7", "square"),
    "Delegation": ("#76b7b2", "hexagon"),
    "Country": ("#59a14f", "diamond"),
    "Place": ("#9c755f", "triangleDown"),
    "Event": ("#edc948", "star"),
}
#: Style of a type that is neither listed nor a subclass of a listed type.
DEFAULT_STYLE = ("#9d9d9d", "dot")

#: The node type of an attributed statement (a node of a statement view).
STATEMENT_TYPE = "Statement"
#: Stance key -> colour of a Statement node (others: :data:`DEFAULT_STYLE`'s colour).
STANCE_COLORS: dict[str, str] = {
    "assert": "#3d8a4a",
    "deny": "#c23b3b",
    "speculate": "#7a5aa6",
}
_STANCE_LABELS = {"assert": "asserts", "deny": "denies", "speculate": "speculates"}
_STATEMENT_SHAPE = "box"

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
    "co_mentioned": "#7895b2",
}
_EDGE_COLOR = "#8a8a8a"
_COMENTION = "co_mentioned"  # the predicate of an edge that only has a weight

# a legend glyph per vis-network shape
_GLYPHS = {
    "dot": "\u25cf",
    "square": "\u25a0",
    "diamond": "\u25c6",
    "triangle": "\u25b2",
    "triangleDown": "\u25bc",
    "star": "\u2605",
    "hexagon": "\u2b22",
    "box": "\u25ac",
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
    if type_key == STATEMENT_TYPE:
        return (DEFAULT_STYLE[0], _STATEMENT_SHAPE)
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


def _predicate_label(pred: str) -> str:
    if pred == _COMENTION:
        return "co-mentioned"
    rel = model().relations.get(pred)
    return rel.label if rel else pred


def _stance_label(stance: str) -> str:
    return _STANCE_LABELS.get(stance, stance)


def _edge_width(n_articles: float) -> float:
    return round(min(1.0 + 1.5 * math.log2(max(n_articles, 1)), 10.0), 2)


def _node_size(n_articles: int) -> float:
    return round(min(12.0 + 5.0 * math.log2(max(n_articles, 1)), 40.0), 2)


def _clip(text: str, limit: int = _MAX_SENTENCE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _count(value: Any) -> int:
    """How many articles ``value`` stands for: a number, one IRI, or a collection of them."""
    if value is None or value == "":
        return 0
    if isinstance(value, int | float):
        return max(int(value), 0)
    if isinstance(value, str):
        return 1
    try:
        return len(value)
    except TypeError:
        return 0


def _weight(value: Any) -> float:
    try:
        w = float(value)
    except (TypeError, ValueError):
        return 1.0
    return w if math.isfinite(w) and w > 0 else 1.0


def _text(value: Any) -> str | None:
    """An optional text attribute, whitespace-normalized and clipped; ``None`` when empty."""
    if value is None:
        return None
    text = _clip(str(value))
    return text or None


def _is_statement(d: dict[str, Any]) -> bool:
    return str(d.get("type") or "") == STATEMENT_TYPE


# ------------------------------------------------------------------------- selection
def _top_nodes(g: nx.Graph, max_nodes: int) -> list[Any]:
    """The ``max_nodes`` nodes of highest degree centrality (ties: more articles, label)."""
    centrality = nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0)

    def rank(n: Any) -> tuple[int, float, int, str, str]:
        d = g.nodes[n]
        return (
            0 if d.get("center") else 1,  # a focused view keeps its centre
            -centrality[n],
            -_count(d.get("articles")),
            str(d.get("label", "")),
            str(n),
        )

    return sorted(g.nodes, key=rank)[:max_nodes]


def _spring(g: nx.Graph, seed: int, iterations: int = 50, block: int = 256) -> Any:
    """Fruchterman-Reingold positions (an ``(n, 2)`` array in [-1, 1]) of ``g``'s nodes.

    The force model of :func:`networkx.spring_layout`, vectorized with NumPy by blocks of
    rows (memory stays ``O(block * n)``): networkx's sparse solver, which it uses from 500
    nodes on, takes about ten seconds for a thousand nodes, this about one.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return pos * 0.0
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in g.edges() if u != v]
    ends = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    x, y = pos[:, 0], pos[:, 1]  # views: updated in place with pos
    kk = k * k
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        for start in range(0, n, block):
            stop = min(start + block, n)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            force = dx * dx
            force += dy * dy
            np.maximum(force, 1e-6, out=force)
            np.divide(kk, force, out=force)  # repulsion k^2 / d, along (dx, dy) / d
            disp[start:stop, 0] += (dx * force).sum(axis=1)
            disp[start:stop, 1] += (dy * force).sum(axis=1)
        if len(ends):
            d = pos[ends[:, 0]] - pos[ends[:, 1]]
            pull = d * (np.sqrt((d**2).sum(axis=1)) / k)[:, None]  # attraction d^2 / k
            np.add.at(disp, ends[:, 0], -pull)
            np.add.at(disp, ends[:, 1], pull)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-2)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    return pos / extent


def _positions(g: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Fixed-seed spring layout (:func:`_spring`), scaled to vis-network's pixel coordinates."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    pos = _spring(simple, _LAYOUT_SEED)
    scale = 120.0 * math.sqrt(max(len(g), 1))
    return {
        n: (round(float(x) * scale, 1), round(float(y) * scale, 1))
        for n, (x, y) in zip(simple, pos, strict=True)
    }


# ------------------------------------------------------------------------- network
def _label_of(g: nx.Graph, n: Any) -> str:
    return str(g.nodes[n].get("label") or n) if n in g else str(n)


def _statement_tip(g: nx.Graph, n: Any, d: dict[str, Any], stance: str) -> dict[str, Any]:
    """Tooltip data of a Statement node: stance, quote, cue, via, speaker, article.

    The speaker is the node's ``speaker`` attribute, else the source of its ``said`` edge.
    """
    evidence = list(d.get("evidence") or [])
    first: dict[str, Any] = evidence[0] if evidence and isinstance(evidence[0], dict) else {}
    speaker = d.get("speaker")
    if speaker is None and g.is_directed():
        said = (u for u, _, ed in g.in_edges(n, data=True) if ed.get("predicate") == "said")
        speaker = next(said, None)
    return {
        "kind": "statement",
        "label": _stance_label(stance),
        "type": _type_label(STATEMENT_TYPE),
        "stance": stance,
        "quote": _text(d.get("quote")),
        "cue": _text(d.get("cue")),
        "via": _text(d.get("via")),
        "speaker": _text(_label_of(g, speaker)) if speaker is not None else None,
        "sentence": _text(d.get("sentence") or first.get("sentence")),
        "title": _text(d.get("title") or first.get("title")),
        "date": _text(d.get("date") or first.get("date")),
        "article": _text(d.get("article") or first.get("article")),
        "articles": _count(d.get("articles")),
    }


def _node_options(g: nx.Graph, n: Any, d: dict[str, Any]) -> dict[str, Any]:
    """vis-network options of one node (label, shape, colour, size, ``kg*`` data, ``tip``)."""
    type_key = str(d.get("type") or "Thing")
    articles = _count(d.get("articles"))
    opts: dict[str, Any]
    tip: dict[str, Any]
    if type_key == STATEMENT_TYPE:
        stance = str(d.get("stance") or "assert")
        color = STANCE_COLORS.get(stance, DEFAULT_STYLE[0])
        tip = _statement_tip(g, n, d, stance)
        opts = {
            "label": _stance_label(stance),
            "shape": _STATEMENT_SHAPE,
            "color": color,
            "font": {"color": "#ffffff", "strokeWidth": 0, "size": 14},
            "margin": 6,
            "kgLabel": f"{tip['label']}: {tip['quote'] or ''}",
            "kgStance": stance,
        }
    else:
        color, shape = _style(type_key)
        label = str(d.get("label") or n)
        tip = {
            "label": label,
            "type": _type_label(type_key),
            "articles": articles,
            "iri": str(n),
        }
        opts = {
            "label": _clip(label, 60),
            "shape": shape,
            "color": color,
            "size": _node_size(articles),
            "kgLabel": label,
        }
    opts["kgType"] = type_key
    if d.get("center"):
        opts["kgCenter"] = True
        opts["size"] = max(float(opts.get("size") or 0) * 1.6, 30.0)
        opts["borderWidth"] = 4
        opts["color"] = {
            "background": color,
            "border": "#1a1a1a",
            "highlight": {"background": color, "border": "#000000"},
        }
        opts["shadow"] = {"enabled": True, "size": 14, "x": 0, "y": 0}
        font = dict(opts.get("font") or {"color": "#000000"})
        font.update({"size": 22, "strokeWidth": 4, "strokeColor": "#ffffff"})
        opts["font"] = font
    opts["tip"] = tip
    return opts


def _edge_stance(g: nx.Graph, u: Any, v: Any, d: dict[str, Any]) -> str | None:
    """The edge's own stance, else that of the Statement node at one of its ends."""
    stance = d.get("stance")
    if stance:
        return str(stance)
    for end in (u, v):
        nd = g.nodes[end]
        if _is_statement(nd) and nd.get("stance"):
            return str(nd["stance"])
    return None


def _network(g: nx.Graph, physics: bool) -> Network:
    """The pyvis Network of ``g``: styled nodes and edges with tooltip data (``tip``)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids: dict[Any, str] = {}
    positions = _positions(g) if not physics else {}
    for i, (n, d) in enumerate(g.nodes(data=True)):
        ids[n] = f"n{i}"
        opts = _node_options(g, n, d)
        if n in positions:
            opts["x"], opts["y"] = positions[n]
        label = opts.pop("label")
        shape = opts.pop("shape")
        color = opts.pop("color")
        net.add_node(ids[n], label=label, shape=shape, color=color, **opts)
    directed = g.is_directed()
    pair_count: Counter[frozenset[str]] = Counter()
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        weighted = d.get("weight") is not None
        pred = str(d.get("predicate") or (_COMENTION if weighted else "related"))
        label = str(d.get("label") or _predicate_label(pred))
        supporting = _count(d.get("articles"))
        stance = _edge_stance(g, u, v, d)
        pair = frozenset((ids[u], ids[v]))
        k = pair_count[pair]
        pair_count[pair] += 1
        tip: dict[str, Any] = {
            "from": _label_of(g, u),
            "to": _label_of(g, v),
            "label": label,
            "predicate": pred,
            "stance": stance,
            "articles": supporting,
            "evidence": [
                {
                    "sentence": _clip(str(ev.get("sentence") or "")),
                    "title": ev.get("title"),
                    "date": ev.get("date"),
                }
                for ev in list(d.get("evidence") or [])[:5]
                if isinstance(ev, dict)
            ],
        }
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "label": "" if pred == _COMENTION and not d.get("label") else _clip(label, 40),
            "width": _edge_width(_weight(d["weight"]) if weighted else supporting),
            "color": PREDICATE_COLORS.get(pred, _EDGE_COLOR),
            "kgPredicate": pred,
            "tip": tip,
        }
        if weighted:
            tip["weight"] = round(_weight(d["weight"]), 3)
        if not directed:
            tip["directed"] = False
        if stance in _DASHED_STANCES:
            edge["dashes"] = True
        if d.get("symmetric") or not directed:
            edge["arrows"] = {"to": {"enabled": False}}
        if k:  # parallel edges between the same pair: bend them apart
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * k}
        net.add_edge(ids[u], ids[v], **edge)

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


def _options(net: Network, physics: bool, directed: bool) -> dict[str, Any]:
    *_, options = net.get_network_data()
    opts: dict[str, Any] = json.loads(options)
    opts.pop("configure", None)
    opts.setdefault("edges", {})["font"] = {"size": 10, "align": "middle", "color": "#444"}
    if not directed:
        opts["edges"]["arrows"] = {"to": {"enabled": False}}
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
#kg-legend { width: 17rem; padding: .5rem 1rem; border-left: 1px solid #ddd; overflow: auto;
  background: #fff; overflow-wrap: anywhere; }
#kg-legend h2 { font-size: 1rem; margin: .6rem 0 .3rem; }
#kg-legend ul { list-style: none; padding: 0; margin: 0; }
#kg-legend li { margin: .15rem 0; }
#kg-legend label { cursor: pointer; }
#kg-legend input[type=checkbox] { margin: 0 .3rem 0 0; vertical-align: middle; }
.kg-search { display: flex; gap: .3rem; }
.kg-search input { flex: 1; min-width: 0; font: inherit; padding: .2rem .4rem;
  border: 1px solid #bbb; border-radius: 3px; }
.kg-search button, #kg-reset { font: inherit; font-size: .9em; padding: .15rem .5rem; }
#kg-search-status { margin: .25rem 0 0; min-height: 1.2em; color: #555; font-size: .9em;
  overflow-wrap: anywhere; }
#kg-details { margin: .4rem 0; padding: .4rem .5rem; border: 1px solid #ddd; border-radius: 3px;
  background: #f7f7f7; overflow-wrap: anywhere; }
#kg-details[hidden] { display: none; }
.kg-toggles { margin: .5rem 0 0; }
.kg-glyph { display: inline-block; width: 1.3em; text-align: center; font-size: 1.1em; }
.kg-sub { margin-left: 1.6rem !important; font-size: .92em; }
.kg-line { display: inline-block; width: 1.8em; height: 0; border-top: 3px solid #8a8a8a;
  vertical-align: middle; margin-right: .3em; }
.kg-line.kg-dashed { border-top-style: dashed; }
.kg-ring { display: inline-block; width: .8em; height: .8em; border: 3px solid #1a1a1a;
  border-radius: 50%; vertical-align: middle; margin: 0 .35em 0 .15em; }
.kg-count { color: #777; }
.kg-help { color: #666; font-size: .9em; }
.kg-empty { margin: 3rem auto; max-width: 40rem; font-size: 1.1rem; text-align: center; }
div.vis-tooltip { max-width: 32rem; white-space: normal; font: 13px/1.35 system-ui, sans-serif;
  padding: .4rem .6rem; }
.kg-tip-title { font-weight: 600; }
.kg-tip-meta { color: #555; }
.kg-tip-ev, .kg-tip-quote { margin-top: .35rem; }
.kg-tip-src { color: #666; font-size: .92em; }
"""

# The page's own script. It only ever sets text with textContent and reads data attributes
# with getAttribute; ids and keys from the data are compared as strings, never put in markup.
_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var body = document.body;
  function byId(id) { return document.getElementById(id); }
  function mark(name, value) { if (body && body.setAttribute) { body.setAttribute(name, value); } }
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
    if (t.kind === "statement") {
      add(box, "kg-tip-title", t.type + ": " + t.label);
      if (t.speaker) { add(box, "kg-tip-meta", "speaker: " + t.speaker); }
      if (t.quote) { add(box, "kg-tip-quote", "\\u201c" + t.quote + "\\u201d"); }
      var how = [];
      if (t.cue) { how.push("cue: " + t.cue); }
      if (t.via) { how.push("via: " + t.via); }
      if (how.length) { add(box, "kg-tip-meta", how.join(" \\u00b7 ")); }
      if (t.sentence && t.sentence !== t.quote) { add(box, "kg-tip-ev", t.sentence); }
      var from = [t.title, t.date].filter(function (x) { return x; }).join(", ");
      if (from) { add(box, "kg-tip-src", "\\u2014 " + from); }
      if (t.article) { add(box, "kg-tip-src", t.article); }
      return box;
    }
    add(box, "kg-tip-title", t.label);
    add(box, "kg-tip-meta", t.type + " \\u00b7 " + articles(t.articles));
    add(box, "kg-tip-src", t.iri);
    return box;
  }
  function edgeTip(t) {
    var box = document.createElement("div");
    if (t.directed === false) {
      add(box, "kg-tip-title", t.from + " \\u2014 " + t.to);
    } else {
      add(box, "kg-tip-title", t.from + " \\u2192 " + t.label + " \\u2192 " + t.to);
    }
    var meta = t.predicate + (t.stance ? " \\u00b7 stance: " + t.stance : "");
    if (t.weight !== undefined) {
      meta += " \\u00b7 weight " + t.weight;
    }
    add(box, "kg-tip-meta", meta + " \\u00b7 " + articles(t.articles));
    t.evidence.forEach(function (ev) {
      var item = add(box, "kg-tip-ev", "");
      add(item, "kg-tip-quote", "\\u201c" + ev.sentence + "\\u201d");
      var src = [ev.title, ev.date].filter(function (x) { return x; }).join(", ");
      if (src) { add(item, "kg-tip-src", "\\u2014 " + src); }
    });
    if (t.articles > t.evidence.length && t.evidence.length) {
      add(box, "kg-tip-src", "(" + t.evidence.length + " of " + articles(t.articles) + " shown)");
    }
    return box;
  }
  function fold(text) {
    var s = String(text);
    if (s.normalize) { s = s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, ""); }
    return s.toLowerCase();
  }
  var tips = Object.create(null);
  var nodeInfo = [];
  var edgeInfo = [];
  data.nodes.forEach(function (n) {
    tips[n.id] = n.tip;
    nodeInfo.push({ id: n.id, type: n.kgType, label: n.kgLabel, key: fold(n.kgLabel),
                    center: n.kgCenter === true, hidden: false });
    n.title = nodeTip(n.tip);
    delete n.tip;
  });
  data.edges.forEach(function (e) {
    edgeInfo.push({ id: e.id, from: e.from, to: e.to, predicate: e.kgPredicate, hidden: false });
    e.title = edgeTip(e.tip);
    delete e.tip;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = byId("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var physics = data.options.physics && data.options.physics.enabled !== false;
  var drawnOnce = false;  // set by the first "afterDrawing" (the drawn marker, below)
  var whenStable = [];  // run once the layout has settled (a view animation must not race it)
  function afterLayout(fn) { if (whenStable === null) { fn(); } else { whenStable.push(fn); } }
  function settled() {
    var queued = whenStable || [];
    whenStable = null;
    queued.forEach(function (fn) { fn(); });
    // draw now if no animation frame has yet (a hidden tab, a headless browser): the
    // canvas then holds the graph, and the drawn marker below is set
    setTimeout(function () { if (!drawnOnce && network.redraw) { network.redraw(); } }, 0);
  }
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      settled();
    });
  } else {
    settled();
  }
  window.kgNetwork = network;

  // laid out while hidden (a background tab, a collapsed output: the iframe had no size),
  // the view was fitted to an empty canvas; fit it again once the canvas gets a size,
  // unless the reader has already moved or zoomed it
  var readerMoved = false;
  if (network.on) {
    network.on("dragStart", function () { readerMoved = true; });
    network.on("zoom", function () { readerMoved = true; });
    network.on("resize", function (p) {
      if (!readerMoved && p && p.width && p.height && (!p.oldWidth || !p.oldHeight)) {
        network.fit();
      }
    });
  }

  // ---- a marker of what was drawn: sampled canvas pixels that are not background
  var drawTimer = null;
  function countDrawn() {
    drawTimer = null;
    var canvas = container.getElementsByTagName("canvas")[0];
    if (!canvas || !canvas.width || !canvas.height) { return; }
    var pixels;
    try {
      pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    } catch (err) {
      return;
    }
    var w = canvas.width, h = canvas.height, count = 0;
    for (var y = 0; y < h; y += 3) {
      for (var x = 0; x < w; x += 3) {
        if (pixels[(y * w + x) * 4 + 3] !== 0) { count += 1; }
      }
    }
    mark("data-kg-drawn", String(count));
    if (window.parent && window.parent !== window) {
      try { window.parent.postMessage({ kgDrawn: count }, "*"); } catch (err) { /* none */ }
    }
  }
  if (network.on) {
    network.on("afterDrawing", function () {
      if (!drawnOnce) { drawnOnce = true; countDrawn(); return; }
      if (drawTimer === null) { drawTimer = setTimeout(countDrawn, 250); }
    });
  }

  // ---- details of the selected node, built with textContent
  var details = byId("kg-details");
  function showDetails(id) {
    if (!details) { return; }
    while (details.firstChild) { details.removeChild(details.firstChild); }
    if (id === null || id === undefined || !tips[id]) { details.hidden = true; return; }
    details.appendChild(nodeTip(tips[id]));
    details.hidden = false;
  }
  if (network.on) {
    network.on("selectNode", function (p) { showDetails(p.nodes.length ? p.nodes[0] : null); });
    network.on("deselectNode", function () { showDetails(null); });
  }

  // ---- filters: entity types, predicates, unconnected nodes (DataSet updates)
  var filterInputs = Array.prototype.slice.call(document.querySelectorAll("input.kg-filter"));
  var lonely = byId("kg-hide-unconnected");
  var shown = byId("kg-visible");
  function applyFilters() {
    var off = { type: Object.create(null), predicate: Object.create(null) };
    filterInputs.forEach(function (input) {
      var kind = input.getAttribute("data-kind");
      if (kind === "type" || kind === "predicate") {
        off[kind][input.getAttribute("data-key")] = !input.checked;
      }
    });
    var visible = Object.create(null), degree = Object.create(null);
    nodeInfo.forEach(function (n) { visible[n.id] = !off.type[n.type]; });
    edgeInfo.forEach(function (e) {
      e.show = !off.predicate[e.predicate] && visible[e.from] === true && visible[e.to] === true;
      if (e.show) {
        degree[e.from] = (degree[e.from] || 0) + 1;
        degree[e.to] = (degree[e.to] || 0) + 1;
      }
    });
    if (lonely && lonely.checked) {
      nodeInfo.forEach(function (n) { if (!degree[n.id] && !n.center) { visible[n.id] = false; } });
    }
    var nodeChanges = [], edgeChanges = [], nShown = 0, eShown = 0;
    nodeInfo.forEach(function (n) {
      var hidden = visible[n.id] !== true;
      if (hidden !== n.hidden) {
        n.hidden = hidden;
        nodeChanges.push({ id: n.id, hidden: hidden });
      }
      if (!hidden) { nShown += 1; }
    });
    edgeInfo.forEach(function (e) {
      var hidden = !e.show;
      if (hidden !== e.hidden) {
        e.hidden = hidden;
        edgeChanges.push({ id: e.id, hidden: hidden });
      }
      if (!hidden) { eShown += 1; }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    if (shown) {
      shown.textContent = "Showing " + nShown + " of " + nodeInfo.length + " nodes, " +
        eShown + " of " + edgeInfo.length + " edges.";
    }
    mark("data-kg-nodes", String(nShown));
    mark("data-kg-edges", String(eShown));
  }

  // ---- search: part of a label, case and accents ignored; select and zoom to the matches
  var searchInput = byId("kg-search");
  var status = byId("kg-search-status");
  var matches = [], current = 0;
  function say(text) { if (status) { status.textContent = text; } }
  function runSearch() {
    var needle = fold(searchInput ? searchInput.value : "").trim();
    matches = [];
    current = 0;
    if (needle) {
      nodeInfo.forEach(function (n) {
        if (!n.hidden && n.key.indexOf(needle) !== -1) { matches.push(n); }
      });
    }
    mark("data-kg-matches", String(matches.length));
    if (!needle) { network.unselectAll(); say(""); showDetails(null); return; }
    if (!matches.length) { network.unselectAll(); say("No match."); showDetails(null); return; }
    var ids = matches.map(function (n) { return n.id; });
    network.selectNodes(ids);
    if (ids.length === 1) {
      network.focus(ids[0], { scale: 1.3, animation: { duration: 300 } });
    } else {
      network.fit({ nodes: ids, animation: { duration: 300 } });
    }
    var names = matches.slice(0, 5).map(function (n) { return n.label; }).join("; ");
    var more = matches.length > 5 ? "; \\u2026" : "";
    say(matches.length + (matches.length === 1 ? " match: " : " matches: ") + names + more);
    showDetails(ids[0]);
  }
  function nextMatch() {
    if (!matches.length) { return; }
    current = (current + 1) % matches.length;
    network.focus(matches[current].id, { scale: 1.3, animation: { duration: 300 } });
    network.selectNodes([matches[current].id]);
    showDetails(matches[current].id);
    say("Match " + (current + 1) + " of " + matches.length + ": " + matches[current].label);
  }
  var searchTimer = null;
  if (searchInput && searchInput.addEventListener) {
    searchInput.addEventListener("input", function () {
      if (searchTimer !== null) { clearTimeout(searchTimer); }
      searchTimer = setTimeout(function () { searchTimer = null; runSearch(); }, 200);
    });
    searchInput.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); nextMatch(); }
      if (ev.key === "Escape") { searchInput.value = ""; runSearch(); }
    });
  }
  function refresh() { applyFilters(); if (searchInput && searchInput.value) { runSearch(); } }
  filterInputs.forEach(function (input) { input.addEventListener("change", refresh); });
  if (lonely && lonely.addEventListener) { lonely.addEventListener("change", refresh); }
  var reset = byId("kg-reset");
  if (reset && reset.addEventListener) {
    reset.addEventListener("click", function () {
      filterInputs.forEach(function (input) { input.checked = true; });
      if (lonely) { lonely.checked = false; }
      if (searchInput) { searchInput.value = ""; }
      applyFilters();
      runSearch();
      network.fit();
    });
  }

  // ---- presets from the address: #search=...&hide-type=A,B&hide-predicate=p&unconnected=1
  var hash = "";
  try { hash = (window.location && window.location.hash) || ""; } catch (err) { hash = ""; }
  if (hash.length > 1 && typeof URLSearchParams === "function") {
    var params = new URLSearchParams(hash.slice(1));
    var hidden = {
      type: (params.get("hide-type") || "").split(","),
      predicate: (params.get("hide-predicate") || "").split(",")
    };
    filterInputs.forEach(function (input) {
      var kind = input.getAttribute("data-kind"), key = input.getAttribute("data-key");
      if ((kind === "type" || kind === "predicate") && hidden[kind].indexOf(key) !== -1) {
        input.checked = false;
      }
    });
    if (lonely && params.get("unconnected") === "1") { lonely.checked = true; }
    if (searchInput && params.get("search")) { searchInput.value = params.get("search"); }
  }
  applyFilters();
  if (searchInput && searchInput.value) { afterLayout(runSearch); }
  mark("data-kg-ready", "1");
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


def _checkbox(kind: str, key: str, label: str) -> str:
    """A checked filter checkbox; ``key`` and ``label`` (untrusted) are escaped."""
    return (
        f'<input type="checkbox" class="kg-filter" data-kind="{kind}" data-key="{_e(key)}" '
        f'checked aria-label="Show {_e(label)}">'
    )


def _legend(g: nx.Graph) -> str:
    """The side panel: search, details, type and predicate filters with the legend, toggles."""
    types = Counter(str(d.get("type") or "Thing") for _, d in g.nodes(data=True))
    stances = Counter(
        str(d.get("stance") or "assert") for _, d in g.nodes(data=True) if _is_statement(d)
    )
    centers = [str(d.get("label") or n) for n, d in g.nodes(data=True) if d.get("center")]
    preds: dict[str, str] = {}
    dashed = weighted = False
    for u, v, d in g.edges(data=True):
        w = d.get("weight") is not None
        pred = str(d.get("predicate") or (_COMENTION if w else "related"))
        preds.setdefault(pred, _predicate_label(pred))
        dashed = dashed or _edge_stance(g, u, v, d) in _DASHED_STANCES
        weighted = weighted or w
    rows = []
    for name in centers:
        rows.append(f'<li class="kg-center"><span class="kg-ring"></span>focus: {_e(name)}</li>')
    for t in sorted(types, key=lambda k: (-types[k], k)):
        color, shape = _style(t)
        color = color if _HEX_COLOR.match(color) else DEFAULT_STYLE[0]
        label = _type_label(t)
        rows.append(
            f'<li data-type="{_e(t)}"><label>{_checkbox("type", t, label)}'
            f'<span class="kg-glyph" style="color:{color}">'
            f"{_GLYPHS.get(shape, _GLYPHS['dot'])}</span> {_e(label)} "
            f'<span class="kg-count">({types[t]})</span></label></li>'
        )
        if t == STATEMENT_TYPE:
            for stance in sorted(stances, key=lambda s: (-stances[s], s)):
                sc = STANCE_COLORS.get(stance, DEFAULT_STYLE[0])
                rows.append(
                    f'<li class="kg-sub" data-stance="{_e(stance)}"><span class="kg-glyph" '
                    f'style="color:{sc}">{_GLYPHS["box"]}</span> {_e(_stance_label(stance))} '
                    f'<span class="kg-count">({stances[stance]})</span></li>'
                )
    edge_rows = []
    for pred in sorted(preds, key=lambda p: preds[p].casefold()):
        color = PREDICATE_COLORS.get(pred, _EDGE_COLOR)
        color = color if _HEX_COLOR.match(color) else _EDGE_COLOR
        edge_rows.append(
            f'<li data-predicate="{_e(pred)}"><label>{_checkbox("predicate", pred, preds[pred])}'
            f'<span class="kg-line" style="border-top-color:{color}"></span>'
            f"{_e(preds[pred])}</label></li>"
        )
    if dashed:
        edge_rows.append(
            '<li><span class="kg-line kg-dashed"></span>statement: denies or speculates</li>'
        )
    width = (
        "Edge width: weight (articles naming both)."
        if weighted
        else "Edge width: supporting articles."
    )
    parts = [
        '<aside id="kg-legend" aria-label="Search, filters and legend">',
        '<div class="kg-search" role="search">',
        '<input type="search" id="kg-search" placeholder="Search a name\u2026" '
        'autocomplete="off" spellcheck="false" aria-label="Search nodes by name">',
        '<button type="button" id="kg-reset" title="Show everything again">Show all</button>',
        "</div>",
        '<p id="kg-search-status" aria-live="polite"></p>',
        '<div id="kg-details" hidden></div>',
        "<h2>Entities</h2>",
        '<ul class="kg-types">',
        *rows,
        "</ul>",
    ]
    if edge_rows:
        parts += ["<h2>Relations</h2>", '<ul class="kg-predicates">', *edge_rows, "</ul>"]
    parts += [
        '<p class="kg-toggles"><label><input type="checkbox" id="kg-hide-unconnected">'
        "Hide unconnected</label></p>",
        '<p class="kg-count" id="kg-visible"></p>',
        f'<p class="kg-help">Node size: articles naming the entity. {width} Hover a node or '
        "edge for details and evidence; click a node to pin its details here. Untick a type "
        "or relation to hide it.</p>",
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


def _empty_page(message: str, title: str) -> str:
    header = f"<header><h1>{_e(title)}</h1></header>"
    body = f'<main><p class="kg-empty" id="kg-empty">{_e(message)}</p></main>'
    return _page(title=title, header=header, body=body, data=None)


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
    return _write(Path(path), _empty_page(message, title))


def _counts(g: nx.Graph) -> str:
    n_statements = sum(1 for _, d in g.nodes(data=True) if _is_statement(d))
    n_entities = g.number_of_nodes() - n_statements
    parts = [f"{n_entities} entities"]
    if n_statements:
        parts.append(f"{n_statements} statements")
    parts.append(f"{g.number_of_edges()} relations")
    return ", ".join(parts)


def html_page(
    g: nx.Graph,
    *,
    title: str = "newskg",
    max_nodes: int = 300,
    note: str | None = None,
) -> str:
    """The page of ``g`` as a string (what :func:`render_html` writes); see there.

    >>> "no entities yet" in html_page(nx.Graph())
    True
    """
    if max_nodes < 1:
        raise ConfigError(f"max_nodes must be at least 1, not {max_nodes}")
    total = g.number_of_nodes()
    if total == 0:
        return _empty_page("The store has no entities yet.", title)
    notes: list[str] = [note] if note else []
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
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": _options(net, physics, shown.is_directed()),
    }
    header = "\n".join(
        [
            "<header>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="kg-stats">{_counts(shown)}</p>',
            *(f'<p class="kg-note">{_e(n)}</p>' for n in notes),
            "</header>",
        ]
    )
    body = f'<main>\n<div id="kg-network"></div>\n{_legend(shown)}\n</main>'
    return _page(title=title, header=header, body=body, data=data)


def render_html(
    g: nx.Graph,
    path: str | Path,
    *,
    title: str = "newskg",
    max_nodes: int = 300,
    note: str | None = None,
) -> Path:
    """Write ``g`` as one offline HTML page; return the path written.

    ``g`` is a projection: :func:`graph.project.actor_graph`'s multigraph, a focused view
    (its centre marked ``center=True``), a statement view (``type="Statement"`` nodes with
    ``stance``, ``quote``, ``cue``, ``via``, ``article``...) or an undirected graph whose edges
    have a ``weight`` (co-mentions). Keeps the ``max_nodes`` nodes of highest degree
    centrality when ``g`` is larger (the page says "showing the top N of M by degree"); an
    empty graph gives :func:`render_empty`'s page. ``note`` is shown under the title.
    """
    path = Path(path)
    return _write(path, html_page(g, title=title, max_nodes=max_nodes, note=note))


# ------------------------------------------------------------------------- notebooks
@dataclass(frozen=True, repr=False)
class NotebookView:
    """A rendered page shown inline by Jupyter (and VS Code) through ``_repr_html_``.

    The whole page goes into the ``srcdoc`` of a sandboxed iframe (``allow-scripts`` only:
    an opaque origin, no access to the notebook), HTML-escaped, so it is saved inside the
    ``.ipynb`` and needs no side file; its own CSP and script hashes still apply inside.
    """

    page: str
    height: int = 600
    title: str = "newskg"

    def iframe(self) -> str:
        """The ``<iframe srcdoc=...>`` element."""
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" sandbox="allow-scripts" '
            f'title="{_e(self.title)}" width="100%" height="{self.height}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
            'referrerpolicy="no-referrer"><p>This graph view shows once the notebook is '
            "trusted (File &gt; Trust Notebook, or <code>jupyter trust</code>) or the cell "
            "is run again.</p></iframe>"
        )

    def _repr_html_(self) -> str:
        return self.iframe()

    def __repr__(self) -> str:  # the text/plain twin of the HTML output: keep it short
        return f"<NotebookView {self.title!r}: a page of {len(self.page) // 1024} KiB>"

    def save(self, path: str | Path) -> Path:
        """Write the page itself (not the iframe) as a standalone file."""
        return _write(Path(path), self.page)


def to_notebook(g: nx.Graph, *, height: int = 600, **render_kwargs: Any) -> NotebookView:
    """The page of ``g`` for a notebook cell: display the result (or return it last).

    ``render_kwargs`` are :func:`html_page`'s (``title``, ``max_nodes``, ``note``).
    """
    if not isinstance(height, int) or height < 100:
        raise ConfigError(f"height must be an integer of at least 100 pixels, not {height!r}")
    page = html_page(g, **render_kwargs)
    found = external_references(page)
    if found:  # cannot happen, as for files
        raise ConfigError(f"refusing to show a page with remote references {found[:3]}")
    return NotebookView(page, height, str(render_kwargs.get("title", "newskg")))
