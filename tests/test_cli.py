"""The `kg` command: every command, exit codes, one-line errors, hostile input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Dataset

from graph.cli import build_parser, main

KG = [sys.executable, "-m", "graph.cli"]


def kg(*args, store=None, **kw):
    cmd = [*KG, *(["--store", str(store)] if store else []), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, samples_dir, seed_article_path):
    store = tmp_path_factory.mktemp("kg") / "store"
    res = kg("ingest", samples_dir, seed_article_path, store=store)
    assert res.returncode == 0, res.stderr
    assert "ingested 5 article(s)" in res.stdout
    return store


def test_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0


def test_stats_and_named_queries(demo_store):
    res = kg("stats", store=demo_store)
    assert res.returncode == 0
    assert "articles:   5" in res.stdout
    res = kg("query", "--named", "entities", "--format", "csv", store=demo_store)
    assert res.returncode == 0, res.stderr
    assert "Sergei Lavrov" in res.stdout
    res = kg("query", "--named", "statements", "--format", "json", store=demo_store)
    data = json.loads(res.stdout)
    assert data["results"]["bindings"]
    res = kg(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a nk:Statement } }",
        store=demo_store,
    )
    assert res.returncode == 0 and "n" in res.stdout


def test_show_gives_sentences(demo_store):
    res = kg("show", "Sergei Lavrov", store=demo_store)
    assert res.returncode == 0, res.stderr
    assert "Lavrov" in res.stdout and "\u201c" in res.stdout
    res = kg("show", "Nobody Atall", store=demo_store)
    assert res.returncode == 6
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld", "extraction-json"])
def test_export_formats_parse_back(demo_store, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    res = kg("export", "--format", fmt, "-o", out, store=demo_store)
    assert res.returncode == 0, res.stderr
    if fmt == "extraction-json":
        docs = json.loads(out.read_text())
        assert len(docs) == 5 and all("entities" in d for d in docs)
    else:
        ds = Dataset()
        ds.parse(out, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
        assert len(ds) > 1000


def test_validate_viz_and_remove(demo_store, tmp_path, seed_article_path):
    res = kg("validate", store=demo_store)
    assert res.returncode == 0, res.stdout + res.stderr
    html = tmp_path / "g.html"
    res = kg("viz", "-o", html, store=demo_store)
    assert res.returncode == 0, res.stderr
    assert html.stat().st_size > 10_000 and "Sergei Lavrov" in html.read_text()
    res = kg("remove", seed_article_path, store=demo_store)
    assert res.returncode == 0, res.stderr
    res = kg("stats", store=demo_store)
    assert "articles:   4" in res.stdout
    res = kg("ingest", seed_article_path, store=demo_store)  # put it back for other tests
    assert res.returncode == 0


def test_hostile_folder_never_crashes_and_keeps_data(tmp_path, hostile_dir, seed_article_path):
    store = tmp_path / "kg"
    assert kg("ingest", seed_article_path, store=store).returncode == 0
    before = kg("stats", store=store).stdout
    res = kg("ingest", hostile_dir, store=store)
    assert res.returncode == 1  # some inputs failed
    assert "Traceback" not in res.stderr + res.stdout
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    for name in ("empty.txt", "binary-as-text.txt", "invalid.json", "wrong-shape.json",
                 "mixed-good-and-bad.jsonl:2", "mixed-good-and-bad.jsonl:3"):  # fmt: skip
        assert any(name in e for e in errors), name
    after = kg("stats", store=store).stdout
    assert int(after.split("articles:")[1].split()[0]) > int(
        before.split("articles:")[1].split()[0]
    )
    res = kg("query", "--named", "entities", "--format", "csv", store=store)
    assert "Sergei Lavrov" in res.stdout  # nothing already stored was lost
    assert "Petra Lind" in res.stdout and "Lena Osk" in res.stdout  # nested/ files
    assert "Mark Halloran" in res.stdout  # good JSON Lines record


def test_second_writer_gets_a_clear_error(tmp_path):
    from graph.store import open_store

    store = tmp_path / "kg"
    with open_store(str(store)):
        res = kg("ingest", tmp_path, store=store)
    assert res.returncode == 3
    assert "in use" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("offsets", ["input", "article"])
def test_extract_json_offsets(seed_article_path, offsets):
    """By default offsets refer to the file as given (its title and date line included);
    with --offsets article, to the cleaned text the store keeps. Either way each pair slices
    its text to exactly the evidence, and the JSON says which text it is."""
    from graph.read import read_path

    res = kg("extract", seed_article_path, "--offsets", offsets)
    data = json.loads(res.stdout)
    article = read_path(seed_article_path)[0]
    text = article.input_text if offsets == "input" else article.text
    assert text is not None and data["article"]["offsets"] == offsets
    for part in ("roles", "relations", "statements"):
        assert data[part]
        for item in data[part]:
            assert text[item["begin"] : item["end"]] == item["evidence"]
    for st in data["statements"]:
        assert text[st["speaker_begin"] : st["speaker_end"]] == st["speaker_mention"]
        assert text[st["cue_begin"] : st["cue_end"]] == st["cue"]


def test_missing_store_for_reading_is_a_clear_error(tmp_path):
    res = kg("stats", store=tmp_path / "nothing-here")
    assert res.returncode == 3
    assert "kg ingest" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--focus", "Sergei Lavrov", "--hops", "2"],
        ["--claims", "person:sergei-lavrov"],
        ["--path", "Dmitry Peskov", "Marco Rubio"],
        ["--as-of", "2025-11-07", "--types", "Person,Organization"],
        ["--predicates", "leads,formerly_led,member_of"],
    ],
    ids=["focus", "claims", "path", "as-of", "predicates"],
)
def test_viz_views(demo_store, tmp_path, args):
    html = tmp_path / "v.html"
    res = kg("viz", *args, "-o", html, store=demo_store)
    assert res.returncode == 0, res.stderr
    nodes = int(res.stdout.split("(")[1].split()[0])
    assert nodes > 1
    assert "http://" not in html.read_text().split("<body", 1)[0].replace("http://www.w3.org", "")


def test_viz_bad_options_are_clear(demo_store, tmp_path):
    res = kg("viz", "--focus", "Nobody Atall", "-o", tmp_path / "x.html", store=demo_store)
    assert res.returncode == 6 and "Traceback" not in res.stderr
    res = kg("viz", "--as-of", "yesterday", "-o", tmp_path / "x.html", store=demo_store)
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link"])
def test_graph_exports(demo_store, tmp_path, fmt):
    import networkx as nx

    out = tmp_path / f"g.{fmt}"
    res = kg("export", "--format", fmt, "-o", out, store=demo_store)
    assert res.returncode == 0, res.stderr
    if fmt == "graphml":
        g = nx.read_graphml(out)
    elif fmt == "gexf":
        g = nx.read_gexf(out)
    else:
        g = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    assert g.number_of_nodes() > 50
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert "Sergei Lavrov" in labels
