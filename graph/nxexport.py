"""Write a projection to files other tools read: GraphML and GEXF (Gephi, Cytoscape, yEd) and
node-link JSON (D3, or networkx again).

GraphML and GEXF only hold scalar attribute values (strings, numbers, booleans), so every
list or dict (an edge's ``articles``, ``evidence``, ``roles``, ``stances``) is written as a
JSON string, and anything else that is not a scalar (an IRI, a date) as its string. Node-link
JSON keeps lists and dicts as they are. Attributes whose value is ``None`` are left out in
all three. Each writer returns the path it wrote; the graph itself is not changed.

Examples
--------
>>> import json, tempfile
>>> from pathlib import Path
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="Ann", type="Person", articles=2, note=None)
>>> g.add_node("b", label="Bo", type="Person", articles=1)
>>> g.add_edge("a", "b", key="met_with", predicate="met_with", articles=["art1"],
...            evidence=[{"sentence": "Ann met Bo."}])
'met_with'
>>> with tempfile.TemporaryDirectory() as tmp:
...     back = nx.read_graphml(write_graphml(g, Path(tmp) / "g.graphml"), force_multigraph=True)
...     data = json.loads(write_node_link(g, Path(tmp) / "g.json").read_text())
>>> json.loads(back.edges["a", "b", "met_with"]["articles"]), "note" in back.nodes["a"]
(['art1'], False)
>>> data["edges"][0]["evidence"][0]["sentence"]
'Ann met Bo.'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["write_gexf", "write_graphml", "write_node_link"]

_SCALARS = (str, bool, int, float)


def _json_default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def _scalar(value: Any) -> str | bool | int | float:
    """A value GraphML and GEXF can hold: scalars as they are, containers as JSON text."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list | tuple | dict | set | frozenset):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)
    return str(value)


def _plain(value: Any) -> Any:
    """A value JSON can hold, structure kept; ``None`` inside dicts dropped."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return [_plain(v) for v in sorted(value, key=str)]
    if value is None or isinstance(value, _SCALARS):
        return value
    return str(value)


def _converted(g: nx.Graph, convert: Any) -> nx.Graph:
    """A copy of ``g`` with node ids as strings and every attribute converted, ``None``
    dropped (node ids stay as they are when they already are strings)."""
    h = g.__class__()
    h.graph.update({str(k): convert(v) for k, v in g.graph.items() if v is not None})
    for n, data in g.nodes(data=True):
        h.add_node(n, **{str(k): convert(v) for k, v in data.items() if v is not None})
    if g.is_multigraph():
        for u, v, k, data in g.edges(keys=True, data=True):
            attrs = {str(a): convert(x) for a, x in data.items() if x is not None}
            h.add_edge(u, v, key=k, **attrs)
    else:
        for u, v, data in g.edges(data=True):
            h.add_edge(u, v, **{str(a): convert(x) for a, x in data.items() if x is not None})
    return h


def _target(path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def write_graphml(g: nx.Graph, path: str | Path) -> Path:
    """Write ``g`` as GraphML (lists and dicts as JSON strings); return the path."""
    p = _target(path)
    nx.write_graphml(_converted(g, _scalar), p, encoding="utf-8")
    return p


def write_gexf(g: nx.Graph, path: str | Path) -> Path:
    """Write ``g`` as GEXF 1.2 (lists and dicts as JSON strings); return the path.

    A node's ``label`` attribute becomes its GEXF label, as networkx writes it.
    """
    p = _target(path)
    nx.write_gexf(_converted(g, _scalar), p, encoding="utf-8")
    return p


def write_node_link(g: nx.Graph, path: str | Path) -> Path:
    """Write ``g`` as node-link JSON (``nodes`` and ``edges``, networkx's layout, structure
    kept); read it back with ``nx.node_link_graph(json.load(f), edges="edges")``."""
    p = _target(path)
    data = nx.node_link_data(_converted(g, _plain), edges="edges")
    p.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=_json_default) + "\n")
    return p
