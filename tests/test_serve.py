"""``kg serve`` and remote stores, with real servers: Oxigraph behind the newskg proxy.

A store directory is filled with the sample articles (the dump of ``sample_store``), then
served read-only. Clients are SPARQLWrapper and raw HTTP (``http.client``): GET and POST,
JSON, CSV and TSV results; every update form gets 403 and changes nothing. A writable
server needs its token; ``kg ingest --endpoint`` writes through it (Graph Store Protocol
``PUT``) and into a plain ``oxigraph serve``, whose answers to every named query equal the
embedded store's. Writers are refused while a server holds the store.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef
from SPARQLWrapper import CSV, JSON, SPARQLWrapper

from graph.cli import main
from graph.errors import ConfigError, StoreLockedError
from graph.pipeline import ingest_paths
from graph.queries import get_query, load_queries, run_named
from graph.serve import ServeConfig, SparqlServer
from graph.store import Store, open_store
from graph.store.lock import SERVER_NAME
from tests.fixtures.stores import sparql_update

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def store_dir(sample_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the sample articles (closed, ready to be served)."""
    d = tmp_path_factory.mktemp("served") / "kg-data"
    dump = d.parent / "sample.nq"
    with open(dump, "wb") as f:
        sample_store.dump(f, "nquads")
    with open_store(str(d)) as s:
        s.load(str(dump), "nquads")
    return d


@pytest.fixture(scope="module")
def quads(sample_store: Store) -> int:
    return sample_store.quad_count()


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[SparqlServer]:
    """A read-only ``kg serve`` of ``store_dir`` on a free port."""
    with SparqlServer(ServeConfig(str(store_dir), port=0)) as s:
        yield s


def request(
    url: str,
    method: str = "GET",
    body: bytes | str = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request: (status, headers with lower-case names, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    data = body.encode("utf-8") if isinstance(body, str) else body
    try:
        conn.request(method, target, body=data or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def count_over_http(base: str) -> int:
    status, _, body = request(
        base + "query",
        "POST",
        COUNT,
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------------------- reading
def test_sparqlwrapper_json_and_csv(server: SparqlServer, quads: int) -> None:
    client = SPARQLWrapper(server.url + "query")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == quads  # type: ignore[index]
    client.setQuery(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?label WHERE { GRAPH ?g { ?e skos:prefLabel ?label } } ORDER BY ?label"
    )
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode("utf-8").splitlines()  # type: ignore[union-attr]
    assert lines[0] == "label" and "Sergei Lavrov" in lines[1:]


def _json_count(body: bytes, n: int) -> bool:
    return bool(json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(n))


def _csv_count(body: bytes, n: int) -> bool:
    return body.decode().splitlines() == ["n", str(n)]


def _tsv_count(body: bytes, n: int) -> bool:
    head, value = body.decode().splitlines()
    return head == "?n" and value in (str(n), f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>')


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        ("application/sparql-results+json", _json_count),
        ("text/csv", _csv_count),
        ("text/tab-separated-values", _tsv_count),
    ],
    ids=["json", "csv", "tsv"],
)
@pytest.mark.parametrize("method", ["GET", "POST-direct", "POST-form"])
def test_raw_http_get_and_post(
    server: SparqlServer, quads: int, accept: str, check: object, method: str
) -> None:
    base = server.url + "query"
    if method == "GET":
        status, headers, body = request(
            f"{base}?{urllib.parse.urlencode({'query': COUNT})}", headers={"Accept": accept}
        )
    elif method == "POST-direct":
        headers_in = {"Content-Type": "application/sparql-query", "Accept": accept}
        status, headers, body = request(base, "POST", COUNT, headers_in)
    else:
        form = urllib.parse.urlencode({"query": COUNT})
        headers_in = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        status, headers, body = request(base, "POST", form, headers_in)
    assert status == 200, body
    assert headers["content-type"].startswith(accept)
    assert check(body, quads)  # type: ignore[operator]


def test_the_query_editor_is_served(server: SparqlServer) -> None:
    status, headers, body = request(server.url)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"yasgui" in body.lower()


def test_a_bad_query_is_a_400_with_the_reason(server: SparqlServer) -> None:
    status, _, body = request(
        server.url + "query", "POST", "SELECT WHERE {", {"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and body


# ---------------------------------------------------------------------------- read-only
UPDATE = "DROP ALL"
GRAPH = "https://w3id.org/newskg/article/x"
TURTLE = "<https://example.org/a> <https://example.org/b> <https://example.org/c> ."
UPDATE_PARAM = urllib.parse.urlencode({"update": UPDATE})
GRAPH_PARAM = urllib.parse.urlencode({"graph": GRAPH})
UPDATE_FORMS = {
    "POST sparql-update to /update": ("POST", "update", UPDATE, "application/sparql-update"),
    "POST form update= to /update": (
        "POST",
        "update",
        urllib.parse.urlencode({"update": UPDATE}),
        "application/x-www-form-urlencoded",
    ),
    "POST form update= to /query": (
        "POST",
        "query",
        urllib.parse.urlencode({"update": UPDATE}),
        "application/x-www-form-urlencoded",
    ),
    "POST form with query= and update=": (
        "POST",
        "query",
        urllib.parse.urlencode({"query": "ASK {}", "update": UPDATE}),
        "application/x-www-form-urlencoded",
    ),
    "POST sparql-update to /query": ("POST", "query", UPDATE, "application/sparql-update"),
    "GET /update?update=": ("GET", f"update?{UPDATE_PARAM}", "", None),
    "GET /query?update=": ("GET", f"query?{UPDATE_PARAM}", "", None),
    "GSP PUT": ("PUT", f"store?{GRAPH_PARAM}", TURTLE, "text/turtle"),
    "GSP POST": ("POST", f"store?{GRAPH_PARAM}", TURTLE, "text/turtle"),
    "GSP POST default": ("POST", "store?default", TURTLE, "text/turtle"),
    "GSP DELETE": ("DELETE", f"store?{GRAPH_PARAM}", "", None),
    "GSP DELETE default": ("DELETE", "store?default", "", None),
    "PATCH": ("PATCH", "store?default", UPDATE, "application/sparql-update"),
    "POST without a content type": ("POST", "update", UPDATE, None),
    "POST to the root": ("POST", "", UPDATE, "application/sparql-update"),
}  # fmt: skip


@pytest.mark.parametrize("form", sorted(UPDATE_FORMS))
def test_every_update_form_is_refused_with_403(server: SparqlServer, quads: int, form: str) -> None:
    method, path, body, ctype = UPDATE_FORMS[form]
    headers = {"Content-Type": ctype} if ctype else {}
    status, _, answer = request(server.url + path, method, body, headers)
    assert status == 403, (form, status, answer)
    assert b"read-only" in answer
    assert count_over_http(server.url) == quads  # nothing changed


def test_a_token_does_not_open_a_read_only_server(server: SparqlServer, quads: int) -> None:
    headers = {"Content-Type": "application/sparql-update", "Authorization": "Bearer x"}
    assert request(server.url + "update", "POST", UPDATE, headers)[0] == 403
    assert count_over_http(server.url) == quads


# ---------------------------------------------------------------------------- the lock
def test_a_writer_is_refused_while_served_and_readers_are_not(
    server: SparqlServer, store_dir: Path, quads: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(StoreLockedError) as e:
        open_store(str(store_dir))
    assert "kg serve" in str(e.value) and server.url in str(e.value)
    # the command line says the same, in one line, with the store exit code
    code = main(["--store", str(store_dir), "ingest", str(store_dir / "missing.txt")])
    err = capsys.readouterr().err
    assert code == 3 and "kg serve" in err and "--endpoint" in err and "Traceback" not in err
    with open_store(str(store_dir), read_only=True) as reader:  # readers share the store
        assert reader.quad_count() == quads
    assert count_over_http(server.url) == quads


def test_serving_a_store_in_use_by_a_writer_is_refused(tmp_path: Path) -> None:
    d = tmp_path / "kg-data"
    with open_store(str(d)), pytest.raises(StoreLockedError, match="in use by"):
        SparqlServer(ServeConfig(str(d), port=0)).start()


def test_stopping_releases_the_store(store_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "kg-data"
    with open_store(str(d)) as s:
        s.load(str(store_dir.parent / "sample.nq"), "nquads")
    server = SparqlServer(ServeConfig(str(d), port=0)).start()
    assert (d / SERVER_NAME).is_file()
    server.stop()
    assert not (d / SERVER_NAME).exists()
    with open_store(str(d)) as writer:  # a writer gets it again
        assert writer.quad_count() > 0


def test_options_are_checked(tmp_path: Path, store_dir: Path) -> None:
    with pytest.raises(ConfigError, match="token"):
        SparqlServer(ServeConfig(str(store_dir), port=0, writable=True))
    with pytest.raises(ConfigError, match="timeout"):
        SparqlServer(ServeConfig(str(store_dir), port=0, timeout=0))
    with pytest.raises(Exception, match="no store"):
        SparqlServer(ServeConfig(str(tmp_path / "nothing"), port=0)).start()


# ---------------------------------------------------------------------------- CORS, timeout
def test_cors_is_off_unless_asked(server: SparqlServer, store_dir: Path) -> None:
    origin = {"Origin": "https://editor.example"}
    url = f"{server.url}query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    _, headers, _ = request(url, headers=origin)
    assert "access-control-allow-origin" not in headers
    preflight = {**origin, "Access-Control-Request-Method": "POST"}
    _, headers, _ = request(server.url + "query", "OPTIONS", headers=preflight)
    assert "access-control-allow-origin" not in headers


def test_cors_for_one_origin(tmp_path: Path, store_dir: Path) -> None:
    d = tmp_path / "kg-data"
    with open_store(str(d)) as s:
        s.load(str(store_dir.parent / "sample.nq"), "nquads")
    config = ServeConfig(str(d), port=0, cors="https://editor.example")
    with SparqlServer(config) as cors:
        url = f"{cors.url}query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        _, headers, _ = request(url, headers={"Origin": "https://editor.example"})
        assert headers["access-control-allow-origin"] == "https://editor.example"
        _, headers, _ = request(url, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in headers
        preflight = {
            "Origin": "https://editor.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        }
        status, headers, _ = request(cors.url + "query", "OPTIONS", headers=preflight)
        assert status == 204
        assert "POST" in headers["access-control-allow-methods"]
        assert "PUT" not in headers["access-control-allow-methods"]  # read-only


def test_a_query_over_the_timeout_is_cancelled_with_503(tmp_path: Path, store_dir: Path) -> None:
    d = tmp_path / "kg-data"
    with open_store(str(d)) as s:
        s.load(str(store_dir.parent / "sample.nq"), "nquads")
    with SparqlServer(ServeConfig(str(d), port=0, timeout=1)) as slow:
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        t = time.monotonic()
        status, _, body = request(
            slow.url + "query", "POST", heavy, {"Content-Type": "application/sparql-query"}
        )
        assert status == 503 and b"timeout" in body
        assert time.monotonic() - t < 20


# ---------------------------------------------------------------------------- writing
@pytest.fixture
def writable(tmp_path: Path) -> Iterator[SparqlServer]:
    d = tmp_path / "kg-data"
    open_store(str(d)).close()
    config = ServeConfig(str(d), port=0, writable=True, token="s3cret-token")
    lines: list[str] = []
    server = SparqlServer(config, log=lines.append).start()
    server.log_lines = lines  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.stop()


def test_a_writable_server_needs_its_token(writable: SparqlServer) -> None:
    insert = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {TURTLE} }} }}"
    ctype = {"Content-Type": "application/sparql-update"}
    status, headers, _ = request(writable.url + "update", "POST", insert, ctype)
    assert status == 401 and headers["www-authenticate"].startswith("Bearer")
    wrong = {**ctype, "Authorization": "Bearer s3cret-tokeN"}
    assert request(writable.url + "update", "POST", insert, wrong)[0] == 403
    assert count_over_http(writable.url) == 0
    right = {**ctype, "Authorization": "Bearer s3cret-token"}
    assert request(writable.url + "update", "POST", insert, right)[0] in (200, 204)
    assert count_over_http(writable.url) == 1


def test_kg_ingest_through_a_writable_server(
    writable: SparqlServer,
    samples_dir: Path,
    sample_store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    endpoint = writable.url + "query"
    articles = sorted(str(p) for p in samples_dir.iterdir() if p.suffix == ".txt")
    # without the token: a clear error, nothing written
    code = main(["ingest", "--endpoint", endpoint, "-q", *articles])
    err = capsys.readouterr().err
    assert code == 3 and "HTTP 401" in err and "0 article(s) were stored" in err
    assert "Traceback" not in err
    assert count_over_http(writable.url) == 0
    for _ in range(2):  # re-ingest replaces each article's graph
        code = main(["ingest", "--endpoint", endpoint, "--token", "s3cret-token", "-q", *articles])
        assert code == 0, capsys.readouterr()
    assert any("PUT /store?graph=" in line for line in writable.log_lines)  # type: ignore[attr-defined]
    with open_store(endpoint) as remote:
        expected = sum(
            sample_store.quad_count(g)
            for g in sample_store.graphs()
            if str(g) in {str(x) for x in remote.graphs()}
        )
        assert remote.quad_count() == expected
        assert len(remote.graphs()) == len(articles)


def test_the_command_line_server(store_dir: Path, tmp_path: Path) -> None:
    """``kg serve`` as users start it: prints its URL, answers, stops on SIGTERM."""
    d = tmp_path / "kg-data"
    with open_store(str(d)) as s:
        s.load(str(store_dir.parent / "sample.nq"), "nquads")
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen(
        [str(kg), "--store", str(d), "serve", "--port", "0", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("serving the store") and "read-only" in first
        url = first.split(" at ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        assert count_over_http(url) > 0
        status, _, _ = request(
            url + "update", "POST", UPDATE, {"Content-Type": "application/sparql-update"}
        )
        assert status == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err
    with open_store(str(d)) as writer:  # the lock went with it
        assert writer.quad_count() > 0


# ---------------------------------------------------------------------------- remote stores
def _rows(result: object) -> list[tuple[str, ...]]:
    """Rows as tuples of strings (numbers compared by value), in the query's order."""
    out = []
    for row in result:  # type: ignore[attr-defined]
        cells = []
        for v in row:
            if v is None:
                cells.append("")
            elif hasattr(v, "toPython") and isinstance(v.toPython(), int | float):
                cells.append(repr(float(v.toPython())))
            else:
                cells.append(str(v))
        out.append(tuple(cells))
    return out


def test_a_remote_store_answers_every_named_query_like_the_embedded_one(
    oxigraph_server: str,
    extractor: object,
    samples_dir: Path,
    seed_article_path: Path,
    sample_store: Store,
) -> None:
    sparql_update(oxigraph_server, "DROP ALL")
    with open_store(f"{oxigraph_server}/query") as remote:
        report = ingest_paths(remote, [str(samples_dir), str(seed_article_path)], extractor)
        assert not report.failed
        assert remote.quad_count() == sample_store.quad_count()
        lavrov = next(
            str(r[0]) for r in run_named(sample_store, "entities") if "lavrov" in str(r[0])
        )
        people = [str(r[0]) for r in run_named(sample_store, "entities") if "/person/" in str(r[0])]
        checked = answered_rows = 0
        for name, query in sorted(load_queries().items()):
            params: dict[str, str] = {}
            for p in query.params:
                if p.required:
                    params[p.name] = lavrov if p.name not in ("b", "other") else people[-1]
            # sorted: rows tied under ORDER BY may come in another order from another store
            embedded = sorted(_rows(run_named(sample_store, name, params)))
            answered = sorted(_rows(run_named(remote, name, params)))
            assert answered == embedded, name
            checked += 1
            answered_rows += bool(embedded)
        assert checked == len(load_queries()) >= 6
        assert answered_rows >= checked - 2  # all but a few have rows for these parameters
        assert get_query("entities")  # the shipped ones are among them


def test_remote_ingest_through_the_graph_store_protocol_replaces(
    oxigraph_server: str, sample_store: Store
) -> None:
    sparql_update(oxigraph_server, "DROP ALL")
    g = sample_store.graphs()[0]
    triples = list(sample_store.dataset().graph(g))
    with open_store(f"{oxigraph_server}/query") as remote:
        assert remote.graph_store == f"{oxigraph_server}/store"  # type: ignore[attr-defined]
        remote.replace_graph(g, triples)
        remote.replace_graph(g, triples[: len(triples) // 2])
        assert remote.quad_count(g) == len(triples) // 2
        assert remote.graphs() == [URIRef(str(g))]
    with open_store(f"{oxigraph_server}/query") as remote:
        remote.graph_store = None  # type: ignore[attr-defined]  # the SPARQL Update path
        remote.replace_graph(g, triples)
        assert remote.quad_count(g) == len(triples)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
def test_server_record_names_a_dead_server_no_more(tmp_path: Path) -> None:
    from graph.store.lock import describe_holder

    d = tmp_path / "kg-data"
    d.mkdir()
    (d / SERVER_NAME).write_text(json.dumps({"pid": 2**22 + 7, "url": "http://x/"}))
    assert "SPARQL server" not in describe_holder(d)
