"""Tests of the networkx projection (graph.project) and the offline HTML view (graph.render)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from html import escape as html_escape
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import render
from graph.errors import ConfigError
from graph.model import model
from graph.project import MAX_EVIDENCE, actor_graph
from graph.rdf.build import build_graph
from graph.records import (
    Article,
    Entity,
    Evidence,
    Extraction,
    Mention,
    Relation,
    Role,
    Statement,
)
from graph.render import PHYSICS_LIMIT, external_references, render_empty, render_html
from graph.resolve import article_iri, entity_iri
from graph.store import Store, open_store

HOSTILE_PERSON = "<script>alert(1)</script>"
HOSTILE_ORG = "<img src=x onerror=alert(2)>"
HOSTILE_TITLE = 'Breaking: "quotes" & </script><script>alert(3)</script>'


# ------------------------------------------------------------------------------ helpers
def _ingest(store: Store, *extractions: Extraction) -> None:
    for x in extractions:
        store.replace_graph(article_iri(x.article), build_graph(x))


def _span(text: str, part: str) -> Evidence:
    begin = text.index(part)
    return Evidence.of(text, begin, begin + len(part))


def _article_one() -> Extraction:
    text = (
        "Ann Lee, Freedonia's Foreign Minister, met Bo Chen in Geneva. "
        "Lee said the talks went well."
    )
    art = Article(
        text=text,
        title="Lee meets Chen",
        url="https://example.org/news/1",
        published=date(2025, 10, 20),
        publisher="Daily Planet",
    )
    first = _span(text, "Ann Lee, Freedonia's Foreign Minister, met Bo Chen in Geneva.")
    return Extraction(
        art,
        entities=[
            Entity("ann", "Ann Lee", "Person", [Mention(0, 7, "Ann Lee", "PERSON")]),
            Entity("fre", "Freedonia", "Country", [Mention(9, 18, "Freedonia", "GPE")]),
            Entity("bo", "Bo Chen", "Person", [Mention(43, 50, "Bo Chen", "PERSON")]),
            Entity("gen", "Geneva", "Place", [Mention(54, 60, "Geneva", "GPE")]),
        ],
        roles=[Role(first, person="ann", role="Foreign Minister", org="fre")],
        relations=[Relation(first, subject="ann", predicate="met_with", object="bo")],
        statements=[
            Statement(
                _span(text, "Lee said the talks went well."),
                speaker="ann",
                cue="said",
                stance="assert",
                quote="the talks went well",
                about=["bo"],
            )
        ],
    )


def _article_two() -> Extraction:
    text = (
        "Bo Chen met Ann Lee again. Chen may have misled Lee, an aide speculated. "
        "Lee leads the Union."
    )
    art = Article(
        text=text,
        title="Second meeting",
        url="https://example.org/news/2",
        published=date(2025, 10, 22),
        publisher="Daily Planet",
    )
    return Extraction(
        art,
        entities=[
            Entity("bo", "Bo Chen", "Person"),
            Entity("ann", "Ann Lee", "Person"),
            Entity("uni", "Union", "Organization"),
        ],
        relations=[
            Relation(
                _span(text, "Bo Chen met Ann Lee again."),
                subject="bo",
                predicate="met_with",
                object="ann",
            ),
            Relation(
                _span(text, "Lee leads the Union."), subject="ann", predicate="leads", object="uni"
            ),
        ],
        statements=[
            Statement(
                _span(text, "Chen may have misled Lee, an aide speculated."),
                speaker="bo",
                cue="speculated",
                stance="speculate",
                quote="Chen may have misled Lee",
                via="an aide",
                about=["ann"],
            )
        ],
    )


def _hostile() -> Extraction:
    text = f'{HOSTILE_PERSON} denied that {HOSTILE_ORG} "was" involved </script>.'
    art = Article(
        text=text,
        title=HOSTILE_TITLE,
        url='https://example.org/x?a="1"&b=<2>',
        published=date(2025, 11, 1),
    )
    return Extraction(
        art,
        entities=[
            Entity("p", HOSTILE_PERSON, "Person"),
            Entity("o", HOSTILE_ORG, "Organization"),
            Entity("q", 'The "Quoted" </script> Group', "Organization"),
        ],
        relations=[
            Relation(
                Evidence.of(text, 0, len(text)), subject="p", predicate="member_of", object="q"
            )
        ],
        statements=[
            Statement(
                Evidence.of(text, 0, len(text)),
                speaker="p",
                stance="deny",
                quote="was involved",
                about=["o"],
            )
        ],
    )


@pytest.fixture
def memory_store() -> Iterator[Store]:
    store = open_store("memory")
    try:
        yield store
    finally:
        store.close()


def embedded_data(page: str) -> dict[str, Any]:
    """The nodes/edges/options JSON block of a rendered page."""
    blocks = re.findall(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data: dict[str, Any] = json.loads(blocks[0])
    return data


class _ScriptParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._text)))
            self._open = None


def _scripts(page: str) -> list[tuple[dict[str, str | None], str]]:
    """The script elements as an HTML parser sees them: (attributes, text)."""
    parser = _ScriptParser()
    parser.feed(page)
    parser.close()
    return parser.scripts


def _edges_by_key(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}


def _random_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    base = nx.gnm_random_graph(n, 2 * n, seed=seed, directed=True)
    types = ["Person", "Organization", "Country", "Event", "Delegation", "Place"]
    g = nx.MultiDiGraph()
    for i in base.nodes:
        g.add_node(
            f"https://example.org/e/{i}", label=f"Entity {i}", type=types[i % 6], articles=1 + i % 4
        )
    for u, v in base.edges:
        g.add_edge(
            f"https://example.org/e/{u}",
            f"https://example.org/e/{v}",
            key="met_with",
            predicate="met_with",
            label="met with",
            articles=["https://example.org/a"],
            evidence=[],
        )
    return g


# ------------------------------------------------------------------------------ projection
def test_projection_of_two_articles(any_store: Store) -> None:
    _ingest(any_store, _article_one(), _article_two())
    g = actor_graph(any_store)

    ann, bo = str(entity_iri("Person", "Ann Lee")), str(entity_iri("Person", "Bo Chen"))
    fre, uni = str(entity_iri("Country", "Freedonia")), str(entity_iri("Organization", "Union"))
    geneva = str(entity_iri("Place", "Geneva"))
    a1, a2 = str(article_iri(_article_one().article)), str(article_iri(_article_two().article))

    # publisher-only organization is not a node; entities are, with label/type/articles
    assert set(g.nodes) == {ann, bo, fre, uni, geneva}
    assert g.nodes[ann] == {"label": "Ann Lee", "type": "Person", "articles": 2}
    assert g.nodes[bo]["articles"] == 2
    assert g.nodes[fre] == {"label": "Freedonia", "type": "Country", "articles": 1}
    assert g.nodes[uni]["type"] == "Organization"
    assert g.nodes[geneva]["type"] == "Place"

    edges = _edges_by_key(g)
    assert set(edges) == {
        (min(ann, bo), max(ann, bo), "met_with"),
        (ann, fre, "holds"),
        (ann, uni, "leads"),
        (ann, bo, "spoke_about"),
        (bo, ann, "spoke_about"),
    }
    # both directions of the symmetric met_with, in two articles: one edge, articles merged
    met = edges[(min(ann, bo), max(ann, bo), "met_with")]
    assert met["predicate"] == "met_with" and met["label"] == "met with"
    assert met["articles"] == sorted([a1, a2])
    assert met["symmetric"] is True
    assert [ev["sentence"] for ev in met["evidence"]] == [
        "Bo Chen met Ann Lee again.",  # newest article first
        "Ann Lee, Freedonia's Foreign Minister, met Bo Chen in Geneva.",
    ]
    assert met["evidence"][0] | {"article": None} == {
        "sentence": "Bo Chen met Ann Lee again.",
        "title": "Second meeting",
        "date": "2025-10-22",
        "url": "https://example.org/news/2",
        "article": None,
    }

    holds = edges[(ann, fre, "holds")]
    assert holds["label"] == "Foreign Minister" and holds["roles"] == ["Foreign Minister"]
    assert holds["articles"] == [a1]

    leads = edges[(ann, uni, "leads")]
    assert leads["label"] == model().relations["leads"].label
    assert leads["evidence"][0]["sentence"] == "Lee leads the Union."

    assert edges[(ann, bo, "spoke_about")]["stance"] == "assert"
    spec = edges[(bo, ann, "spoke_about")]
    assert spec["stance"] == "speculate" and spec["stances"] == {"speculate": 1}
    assert spec["label"] == "spoke about"
    for d in edges.values():
        assert {"predicate", "label", "articles", "evidence"} <= set(d)


def test_projection_merges_articles_and_caps_evidence(memory_store: Store) -> None:
    extractions = []
    for i in range(MAX_EVIDENCE + 2):
        text = f"Ann Lee met Bo Chen on day {i}."
        art = Article(
            text=text,
            title=f"Day {i}",
            url=f"https://example.org/day/{i}",
            published=date(2025, 1, 1 + i),
        )
        extractions.append(
            Extraction(
                art,
                entities=[Entity("a", "Ann Lee", "Person"), Entity("b", "Bo Chen", "Person")],
                relations=[
                    Relation(
                        Evidence.of(text, 0, len(text)),
                        subject="a",
                        predicate="met_with",
                        object="b",
                    )
                ],
            )
        )
    _ingest(memory_store, *extractions)
    g = actor_graph(memory_store)
    assert g.number_of_edges() == 1
    (d,) = (d for _, _, d in g.edges(data=True))
    assert len(d["articles"]) == MAX_EVIDENCE + 2 == len(set(d["articles"]))
    assert len(d["evidence"]) == MAX_EVIDENCE
    assert [ev["title"] for ev in d["evidence"]] == [f"Day {i}" for i in range(6, 1, -1)]


def test_projection_runs_sparql_only(memory_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _ingest(memory_store, _article_one())

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the projection must not walk the dataset in Python")

    monkeypatch.setattr(memory_store, "dataset", forbidden)
    monkeypatch.setattr(memory_store, "dump", forbidden)
    assert actor_graph(memory_store).number_of_nodes() == 4


def test_projection_of_empty_store(memory_store: Store, tmp_path: Path) -> None:
    g = actor_graph(memory_store)
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0
    page = render_html(g, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "no entities yet" in page
    assert external_references(page) == []


# ------------------------------------------------------------------------------ rendering
@pytest.fixture
def hostile_page(memory_store: Store, tmp_path: Path) -> str:
    _ingest(memory_store, _article_one(), _article_two(), _hostile())
    out = render_html(actor_graph(memory_store), tmp_path / "kg.html", title=HOSTILE_TITLE)
    assert out == tmp_path / "kg.html"
    return out.read_text(encoding="utf-8")


def test_page_is_offline(hostile_page: str) -> None:
    for needle in (
        'src="http',
        "src='http",
        'href="http',
        "href='http",
        "@import url(http",
        "<link",
        "url(http",
        'src="//',
    ):
        assert needle not in hostile_page.lower()
    assert external_references(hostile_page) == []
    # every script is inline; vis-network is inlined
    assert re.findall(r"<script[^>]*\bsrc\s*=", hostile_page, re.I) == []
    assert "vis-network" in hostile_page and "sourceMappingURL" not in hostile_page
    assert "default-src &#x27;none&#x27;" in hostile_page  # CSP: no requests at all


def test_csp_hashes_match_inline_scripts(hostile_page: str) -> None:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', hostile_page)
    assert csp is not None
    policy = csp.group(1).replace("&#x27;", "'")
    allowed = set(re.findall(r"'(sha256-[A-Za-z0-9+/=]+)'", policy))
    scripts = re.findall(r"<script>(.*?)</script>", hostile_page, re.S)
    assert len(scripts) == 2
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        assert f"sha256-{digest}" in allowed
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_hostile_text_only_escaped(hostile_page: str) -> None:
    page = hostile_page
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror" not in page
    assert "<script>alert(3)</script>" not in page
    assert "alert(3)</script>" not in page
    # an HTML parser sees exactly the page's three scripts: nothing broke out of the JSON
    scripts = _scripts(page)
    assert [attrs for attrs, _ in scripts] == [
        {"type": "application/json", "id": "kg-data"},
        {},
        {},
    ]
    assert json.loads(scripts[0][1]) == embedded_data(page)
    # escaped forms are there: HTML-escaped title, JSON-escaped data
    assert "<title>Breaking: &quot;quotes&quot; &amp; &lt;/script&gt;&lt;script&gt;" in page
    assert "\\u003cscript\\u003ealert(1)\\u003c\\/script\\u003e" in page
    assert "\\u003cimg src=x onerror=alert(2)\\u003e" in page
    # and they decode back to the original text
    data = embedded_data(page)
    labels = {n["tip"]["label"] for n in data["nodes"]}
    assert {HOSTILE_PERSON, HOSTILE_ORG, 'The "Quoted" </script> Group'} <= labels
    titles = {ev["title"] for e in data["edges"] for ev in e["tip"]["evidence"]}
    assert HOSTILE_TITLE in titles
    # no tooltip is given as an HTML string: the page builds DOM elements with textContent
    assert all("title" not in n for n in data["nodes"] + data["edges"])
    assert "innerHTML" not in page.split('id="kg-data"', 1)[1].split("<script>", 1)[0]
    assert ".textContent = text" in page


def test_styles_legend_and_edges(hostile_page: str) -> None:
    data = embedded_data(hostile_page)
    legend = hostile_page.split('<aside id="kg-legend"', 1)[1].split("</aside>", 1)[0]
    types_present = {n["kgType"] for n in data["nodes"]}
    assert types_present == {"Person", "Country", "Place", "Organization"}
    assert set(re.findall(r'data-type="([^"]+)"', legend)) == types_present
    assert "Event" not in legend and "Delegation" not in legend
    for t in types_present:
        assert model().label(model().term(t)) in legend
    # colour and shape by type
    style = {n["kgType"]: (n["color"], n["shape"]) for n in data["nodes"]}
    assert len(set(style.values())) == len(style)
    # edges: label by predicate, width by articles, dashes for deny/speculate
    by_pred: dict[str, list[dict[str, Any]]] = {}
    for e in data["edges"]:
        by_pred.setdefault(e["kgPredicate"], []).append(e)
    assert by_pred["met_with"][0]["label"] == "met with"
    assert by_pred["met_with"][0]["width"] > by_pred["leads"][0]["width"]
    assert by_pred["met_with"][0]["arrows"] == {"to": {"enabled": False}}
    dashed = {e["tip"]["stance"]: e.get("dashes", False) for e in by_pred["spoke_about"]}
    assert dashed == {"assert": False, "speculate": True, "deny": True}
    assert "statement: denies or speculates" in legend
    tip = by_pred["met_with"][0]["tip"]
    assert tip["articles"] == 2 and len(tip["evidence"]) == 2
    assert tip["evidence"][0] == {
        "sentence": "Bo Chen met Ann Lee again.",
        "title": "Second meeting",
        "date": "2025-10-22",
    }


def test_cap_keeps_top_nodes_by_degree(tmp_path: Path) -> None:
    g = _random_graph(500)
    page = render_html(g, tmp_path / "big.html", max_nodes=100).read_text(encoding="utf-8")
    data = embedded_data(page)
    assert len(data["nodes"]) == 100
    assert "showing the top 100 of 500 by degree" in page
    kept = {n["tip"]["iri"] for n in data["nodes"]}
    degree = dict(g.degree())
    assert min(degree[n] for n in kept) >= max(degree[n] for n in g if n not in kept)
    ids = {n["id"] for n in data["nodes"]}
    assert data["edges"] and all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert data["options"]["physics"]["enabled"] is True
    assert external_references(page) == []


def test_small_graph_has_no_cap_note(tmp_path: Path) -> None:
    page = render_html(_random_graph(50), tmp_path / "small.html").read_text(encoding="utf-8")
    assert len(embedded_data(page)["nodes"]) == 50
    assert "showing the top" not in page


def test_physics_off_above_limit(tmp_path: Path) -> None:
    n = PHYSICS_LIMIT + 50
    page = render_html(_random_graph(n), tmp_path / "a.html", max_nodes=n)
    data = embedded_data(page.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == n
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(v["x"], float) and isinstance(v["y"], float) for v in data["nodes"])
    assert len({(v["x"], v["y"]) for v in data["nodes"]}) > n // 2  # spread out, not stacked
    assert "physics is off" in page.read_text(encoding="utf-8")


def test_precomputed_layout_is_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "PHYSICS_LIMIT", 30)
    g = _random_graph(60)
    a = render_html(g, tmp_path / "a.html").read_text(encoding="utf-8")
    b = render_html(g, tmp_path / "b.html").read_text(encoding="utf-8")
    assert embedded_data(a)["options"]["physics"]["enabled"] is False
    assert a == b  # fixed seed: the same positions every time


def test_render_empty_escapes_message(tmp_path: Path) -> None:
    out = render_empty(tmp_path / "sub" / "e.html", "No <b>entities</b> yet", title="K&G")
    page = out.read_text(encoding="utf-8")
    assert "No &lt;b&gt;entities&lt;/b&gt; yet" in page and "<b>" not in page
    assert "<title>K&amp;G</title>" in page
    assert "<script" not in page
    assert external_references(page) == []


def test_max_nodes_must_be_positive(tmp_path: Path) -> None:
    from graph.errors import ConfigError

    with pytest.raises(ConfigError):
        render_html(_random_graph(3), tmp_path / "x.html", max_nodes=0)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_page_script_builds_text_tooltips(hostile_page: str, tmp_path: Path) -> None:
    """Run the page's own script in Node with a stub DOM and vis: tooltips use textContent."""
    own_script = re.findall(r"<script>(.*?)</script>", hostile_page, re.S)[-1]
    data_json = re.search(r'id="kg-data">(.*?)</script>', hostile_page, re.S)
    assert data_json is not None
    harness = tmp_path / "harness.js"
    harness.write_text(
        """
const dataText = require("fs").readFileSync(process.argv[2], "utf8");
function el(tag) {
  return { tag, children: [], className: "", _text: "", attrs: {},
    set textContent(v) { this._text = String(v); },
    get textContent() { return this._text + this.children.map(c => c.textContent).join(""); },
    set innerHTML(v) { throw new Error("innerHTML used"); },
    get firstChild() { return this.children[0] || null; },
    removeChild(c) { this.children.splice(this.children.indexOf(c), 1); return c; },
    setAttribute(k, v) { this.attrs[k] = String(v); },
    getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; },
    getElementsByTagName() { return []; },
    addEventListener() {},
    appendChild(c) { this.children.push(c); return c; } };
}
global.document = {
  getElementById(id) { return id === "kg-data" ? { textContent: dataText } : el("div"); },
  createElement: el,
  querySelectorAll() { return []; },
  body: el("body"),
};
global.window = {};
let captured = null;
global.vis = {
  DataSet: function (items) { this.items = items; this.update = function () {}; },
  Network: function (container, data, options) {
    captured = data;
    for (const m of ["once", "on", "setOptions", "selectNodes", "unselectAll", "focus", "fit"]) {
      this[m] = function () {};
    }
  },
};
require(process.argv[3]);
const out = {
  nodes: captured.nodes.items.map(n => n.title.textContent),
  edges: captured.edges.items.map(e => e.title.textContent),
};
process.stdout.write(JSON.stringify(out));
""",
        encoding="utf-8",
    )
    (tmp_path / "data.json").write_text(data_json.group(1), encoding="utf-8")
    (tmp_path / "page.js").write_text(own_script, encoding="utf-8")
    result = subprocess.run(
        ["node", str(harness), str(tmp_path / "data.json"), str(tmp_path / "page.js")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert any(HOSTILE_PERSON in t for t in out["nodes"])
    assert any(HOSTILE_ORG in t for t in out["nodes"])
    assert any(HOSTILE_TITLE in t for t in out["edges"])
    assert any("Bo Chen met Ann Lee again." in t for t in out["edges"])


# ------------------------------------------------------------------------------ views
def _statement_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("p", label="Ann Lee", type="Person", articles=2)
    g.add_node("o", label="Union", type="Organization", articles=1)
    for key, stance in (("s1", "assert"), ("s2", "deny"), ("s3", "speculate")):
        g.add_node(
            key,
            type="Statement",
            label=f"quote {key}",
            stance=stance,
            quote=f"{HOSTILE_PERSON} quote {key}",
            cue="said",
            via="an aide" if key == "s3" else None,
            speaker="p",
            article=f"https://example.org/a/{key}",
            title=HOSTILE_TITLE,
            date="2025-10-20",
            articles=1,
        )
        g.add_edge("p", key, key="said", predicate="said", articles=["a"])
        g.add_edge(key, "o", key="about", predicate="about", articles=["a"])
    return g


def test_search_and_filter_markup(hostile_page: str) -> None:
    data = embedded_data(hostile_page)
    legend = hostile_page.split('<aside id="kg-legend"', 1)[1].split("</aside>", 1)[0]
    assert '<input type="search" id="kg-search"' in legend
    assert 'id="kg-search-status"' in legend and 'id="kg-details" hidden' in legend
    assert '<input type="checkbox" id="kg-hide-unconnected">' in legend
    boxes = re.findall(r'class="kg-filter" data-kind="(type|predicate)" data-key="([^"]*)"', legend)
    assert {k for kind, k in boxes if kind == "type"} == {n["kgType"] for n in data["nodes"]}
    assert {k for kind, k in boxes if kind == "predicate"} == {
        e["kgPredicate"] for e in data["edges"]
    }
    # every node carries its full label for the search, every edge an id for DataSet updates
    assert {n["kgLabel"] for n in data["nodes"]} >= {HOSTILE_PERSON, HOSTILE_ORG}
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    own = re.findall(r"<script>(.*?)</script>", hostile_page, re.S)[-1]
    assert "innerHTML" not in own and "insertAdjacentHTML" not in own
    assert "document.write" not in own and "eval(" not in own
    assert 'getAttribute("data-key")' in own and "querySelector(" not in own.replace(
        'querySelectorAll("input.kg-filter")', ""
    )


def test_hostile_type_and_predicate_in_filters_are_escaped(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    bad_type = 'T"><img src=x onerror=alert(1)>'
    bad_pred = 'p" onmouseover="alert(2)'
    g.add_node("a", label="A", type=bad_type, articles=1)
    g.add_node("b", label="B", type="Person", articles=1)
    g.add_edge("a", "b", key="x", predicate=bad_pred, articles=["z"])
    page = render_html(g, tmp_path / "x.html", note='<b onclick="x()">note</b>').read_text(
        encoding="utf-8"
    )
    assert "<img" not in page and 'onmouseover="alert' not in page and "<b " not in page
    assert 'data-key="T&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in page
    assert 'data-key="p&quot; onmouseover=&quot;alert(2)"' in page
    assert '<p class="kg-note">&lt;b onclick=&quot;x()&quot;&gt;note&lt;/b&gt;</p>' in page
    assert [attrs for attrs, _ in _scripts(page)] == [
        {"type": "application/json", "id": "kg-data"},
        {},
        {},
    ]


def test_statement_nodes_are_styled_by_stance(tmp_path: Path) -> None:
    page = render_html(_statement_graph(), tmp_path / "s.html").read_text(encoding="utf-8")
    data = embedded_data(page)
    statements = {n["kgStance"]: n for n in data["nodes"] if n["kgType"] == "Statement"}
    assert set(statements) == {"assert", "deny", "speculate"}
    for stance, n in statements.items():
        assert n["shape"] == "box" and n["color"] == render.STANCE_COLORS[stance]
        assert (
            n["label"] == {"assert": "asserts", "deny": "denies", "speculate": "speculates"}[stance]
        )
        tip = n["tip"]
        assert tip["kind"] == "statement" and tip["quote"].startswith(HOSTILE_PERSON)
        assert tip["cue"] == "said" and tip["speaker"] == "Ann Lee"
        assert tip["title"] == HOSTILE_TITLE and tip["date"] == "2025-10-20"
        assert tip["article"].startswith("https://example.org/a/")
    assert statements["speculate"]["tip"]["via"] == "an aide"
    assert statements["assert"]["tip"]["via"] is None
    # the edges of a statement take its stance: dashed for deny and speculate
    by_stance: dict[str | None, set[bool]] = {}
    for e in data["edges"]:
        by_stance.setdefault(e["tip"]["stance"], set()).add(bool(e.get("dashes")))
    assert by_stance == {"assert": {False}, "deny": {True}, "speculate": {True}}
    legend = page.split('<aside id="kg-legend"', 1)[1].split("</aside>", 1)[0]
    assert set(re.findall(r'data-stance="([^"]+)"', legend)) == {"assert", "deny", "speculate"}
    assert "statement: denies or speculates" in legend
    assert "3 statements" in page and HOSTILE_PERSON not in page
    assert external_references(page) == []


def test_comention_graph_is_undirected_and_weighted(tmp_path: Path) -> None:
    g = nx.Graph()
    for n, t in (("a", "Person"), ("b", "Person"), ("c", "Organization")):
        g.add_node(n, label=n.upper(), type=t, articles=3)
    g.add_edge("a", "b", weight=8)
    g.add_edge("b", "c", weight=1)
    page = render_html(g, tmp_path / "c.html").read_text(encoding="utf-8")
    data = embedded_data(page)
    edges = {(e["tip"]["from"], e["tip"]["to"]): e for e in data["edges"]}
    heavy, light = edges[("A", "B")], edges[("B", "C")]
    assert heavy["width"] > light["width"]
    assert heavy["kgPredicate"] == "co_mentioned" and heavy["label"] == ""
    assert heavy["arrows"] == {"to": {"enabled": False}} and heavy["tip"]["weight"] == 8
    assert heavy["tip"]["directed"] is False
    assert data["options"]["edges"]["arrows"] == {"to": {"enabled": False}}
    assert "co-mentioned" in page and "Edge width: weight" in page


def test_focused_view_marks_its_centre(tmp_path: Path) -> None:
    lonely = _random_graph(40)
    lonely.add_node("urn:center", label="The centre", type="Person", articles=1, center=True)
    page = render_html(lonely, tmp_path / "f.html", max_nodes=10).read_text(encoding="utf-8")
    data = embedded_data(page)
    ids = {n["tip"]["iri"]: n for n in data["nodes"]}
    assert "urn:center" in ids  # kept by the cap although it has no edge
    node = ids["urn:center"]
    assert node["kgCenter"] is True and node["size"] >= 30 and node["borderWidth"] == 4
    assert node["color"]["background"] == render.TYPE_STYLES["Person"][0]
    others = [n for n in data["nodes"] if not n.get("kgCenter")]
    assert all(node["size"] > n["size"] for n in others)
    assert '<li class="kg-center">' in page and "focus: The centre" in page
    assert sum(1 for n in data["nodes"] if n.get("kgCenter")) == 1


def test_note_and_html_page(tmp_path: Path) -> None:
    g = _random_graph(5)
    written = render_html(g, tmp_path / "n.html", note="Neighbourhood of X").read_text(
        encoding="utf-8"
    )
    assert written == render.html_page(g, note="Neighbourhood of X")
    assert '<p class="kg-note">Neighbourhood of X</p>' in written


def test_to_notebook_embeds_the_escaped_page(memory_store: Store) -> None:
    _ingest(memory_store, _article_one(), _hostile())
    view = render.to_notebook(actor_graph(memory_store), height=450, title=HOSTILE_TITLE)
    frame = view._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and frame.endswith("</iframe>")
    assert "jupyter trust" in frame.rsplit(">", 3)[0]  # what an untrusted notebook shows
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    assert "height:450px" in frame
    srcdoc = frame.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in srcdoc and ">" not in srcdoc  # nothing in the attribute is markup
    assert "<script" not in frame and "</script" not in frame
    assert html_unescape(srcdoc) == view.page
    # the page inside is the offline page, with its CSP and the hostile text escaped
    assert "default-src &#x27;none&#x27;" in view.page
    assert HOSTILE_PERSON not in view.page and HOSTILE_ORG not in view.page
    assert external_references(frame) == [] and external_references(view.page) == []
    assert f'title="{html_escape(HOSTILE_TITLE)}"' in frame
    with pytest.raises(ConfigError, match="height"):
        render.to_notebook(actor_graph(memory_store), height=10)


def test_to_notebook_save_and_empty(tmp_path: Path) -> None:
    view = render.to_notebook(nx.MultiDiGraph())
    assert "no entities yet" in view.page and "<iframe srcdoc=" in view._repr_html_()
    out = view.save(tmp_path / "nb.html")
    assert out.read_text(encoding="utf-8") == view.page
    assert len(repr(view)) < 100  # the text/plain output saved beside the HTML stays small


def test_spring_layout_is_fast_and_spread() -> None:
    import time

    g = nx.Graph(_random_graph(1200).to_undirected())
    start = time.monotonic()
    pos = render._positions(g)
    assert time.monotonic() - start < 8.0
    assert len(pos) == 1200 and len(set(pos.values())) == 1200
    assert render._positions(g) == pos
