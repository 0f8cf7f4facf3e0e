"""Backend-specific store behaviour: spec resolution, locking, read-only opens, remote errors.

The behaviour all backends share is in tests/test_store_contract.py.
"""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef

from graph.errors import ConfigError, StoreError, StoreLockedError
from graph.store import open_store, resolve_spec
from graph.store.lock import OWNER_NAME
from graph.store.oxigraph import MemoryBackend, OxigraphBackend
from graph.store.sparql import SparqlBackend, derive_update_endpoint
from tests.fixtures.stores import free_port

EX = Namespace("https://example.org/")
A1 = URIRef("https://example.org/article/1")
ROOT = Path(__file__).resolve().parents[1]


def fill(path: Path, n: int = 3) -> None:
    """Create a store at ``path`` with ``n`` quads in article 1."""
    with open_store(str(path)) as s:
        s.replace_graph(A1, [(EX[f"s{i}"], EX.name, Literal(f"n{i}")) for i in range(n)])


# -- open_store: spec resolution ----------------------------------------------------------
@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSKG_STORE", raising=False)
    monkeypatch.delenv("NEWSKG_SPARQL_TIMEOUT", raising=False)


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize("spec", ["memory", ":memory:", "MEMORY"])
def test_memory_specs_open_memory_stores(spec: str) -> None:
    with open_store(spec) as s:
        assert isinstance(s, MemoryBackend)
        assert s.location == "memory"


@pytest.mark.usefixtures("no_env")
def test_memory_stores_are_independent() -> None:
    with open_store("memory") as a, open_store("memory") as b:
        a.replace_graph(A1, [(EX.a, EX.b, EX.c)])
        assert a.quad_count() == 1
        assert b.quad_count() == 0


def test_env_var_names_the_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "from-env"
    monkeypatch.setenv("NEWSKG_STORE", str(target))
    with open_store() as s:
        assert isinstance(s, OxigraphBackend)
        assert s.location == str(target)
    assert (target / "CURRENT").is_file()


def test_explicit_spec_wins_over_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSKG_STORE", str(tmp_path / "from-env"))
    with open_store("memory") as s:
        assert isinstance(s, MemoryBackend)
    assert not (tmp_path / "from-env").exists()


@pytest.mark.usefixtures("no_env")
def test_default_is_kg_data_in_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store() as s:
        assert isinstance(s, OxigraphBackend)
        assert s.location == "./kg-data"
    assert (tmp_path / "kg-data" / "CURRENT").is_file()


@pytest.mark.usefixtures("no_env")
def test_resolve_spec_classifies() -> None:
    assert resolve_spec("https://kg.example.org/sparql") == (
        "sparql",
        "https://kg.example.org/sparql",
    )
    assert resolve_spec("HTTP://localhost:7878/query")[0] == "sparql"
    assert resolve_spec("httpdata") == ("oxigraph", "httpdata")
    assert resolve_spec(None) == ("oxigraph", "./kg-data")


def test_update_endpoint_is_only_for_urls(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="only applies to a SPARQL endpoint"):
        open_store(str(tmp_path / "kg"), update_endpoint="http://localhost:7878/update")
    assert not (tmp_path / "kg").exists()


def test_derive_update_endpoint() -> None:
    assert derive_update_endpoint("http://h:1/query") == "http://h:1/update"
    assert derive_update_endpoint("https://h/ds/query?x=1") == "https://h/ds/update?x=1"
    assert derive_update_endpoint("http://h/ds/sparql") is None


def test_url_spec_opens_the_remote_store(oxigraph_server: str) -> None:
    with open_store(f"{oxigraph_server}/query") as s:
        assert isinstance(s, SparqlBackend)
        assert s.update_endpoint == f"{oxigraph_server}/update"
        assert s.timeout == 60
        s.replace_graph(A1, [(EX.remote, EX.name, Literal("r"))])
        assert s.has_graph(A1)
        s.remove_graph(A1)


def test_timeout_from_environment(monkeypatch: pytest.MonkeyPatch, oxigraph_server: str) -> None:
    monkeypatch.setenv("NEWSKG_SPARQL_TIMEOUT", "2.5")
    with open_store(f"{oxigraph_server}/query") as s:
        assert isinstance(s, SparqlBackend)
        assert s.timeout == 2.5
    monkeypatch.setenv("NEWSKG_SPARQL_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="NEWSKG_SPARQL_TIMEOUT"):
        open_store(f"{oxigraph_server}/query")


# -- on-disk store: creation and read-only opens ------------------------------------------
def test_store_persists_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    fill(path, 4)
    with open_store(str(path)) as s:
        assert s.quad_count() == 4
    with open_store(str(path), read_only=True) as r:
        assert r.quad_count() == 4
        assert r.graphs() == [A1]


def test_read_only_open_of_missing_store_fails(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    with pytest.raises(StoreError, match=r"no store at .*nothing-here.*kg ingest"):
        open_store(str(missing), read_only=True)
    assert not missing.exists()
    missing.mkdir()
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(missing), read_only=True)


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    fill(path, 2)
    dump = tmp_path / "d.nq"
    dump.write_text(f"<{EX.a}> <{EX.b}> <{EX.c}> <{EX.g}> .\n", encoding="utf-8")
    with open_store(str(path), read_only=True) as r:
        with pytest.raises(StoreError, match="opened read-only"):
            r.replace_graph(A1, [])
        with pytest.raises(StoreError, match="opened read-only"):
            r.remove_graph(A1)
        with pytest.raises(StoreError, match="opened read-only"):
            r.load(str(dump), "nquads")
        assert r.quad_count() == 2
    with open_store("memory", read_only=True) as m, pytest.raises(StoreError, match="read-only"):
        m.replace_graph(A1, [(EX.a, EX.b, EX.c)])


def test_refuses_a_foreign_directory_or_a_file(tmp_path: Path) -> None:
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(StoreError, match="not a newskg store"):
        open_store(str(foreign))
    assert sorted(p.name for p in foreign.iterdir()) == ["thesis.tex"]
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file"):
        open_store(str(afile))


def test_embedded_default_graph_is_the_union(tmp_path: Path) -> None:
    fill(tmp_path / "kg", 2)
    with open_store(str(tmp_path / "kg"), read_only=True) as s:
        res = s.query("SELECT ?name WHERE { ?s <https://example.org/name> ?name }")
        assert {str(r[0]) for r in res} == {"n0", "n1"}  # type: ignore[index]


# -- locking ------------------------------------------------------------------------------
def test_two_writers_conflict_and_name_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with open_store(str(path)) as first:
        with pytest.raises(StoreLockedError) as info:
            open_store(str(path))
        msg = str(info.value)
        assert f"pid {os.getpid()}" in msg
        assert str(path) in msg
        assert first.quad_count() == 0


def test_reader_conflicts_with_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    fill(path)
    with open_store(str(path)), pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"):
        open_store(str(path), read_only=True)


def test_writer_conflicts_with_readers_but_readers_share(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    fill(path, 3)
    with open_store(str(path), read_only=True) as r1, open_store(str(path), read_only=True) as r2:
        assert r1.quad_count() == r2.quad_count() == 3
        with pytest.raises(StoreLockedError, match="readers"):
            open_store(str(path))


def test_data_survives_a_refused_second_writer(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with open_store(str(path)) as first:
        first.replace_graph(A1, [(EX.a, EX.name, Literal("kept"))])
        with pytest.raises(StoreLockedError):
            open_store(str(path))
        first.replace_graph(URIRef(f"{A1}b"), [(EX.b, EX.name, Literal("also kept"))])
        assert first.quad_count() == 2
    with open_store(str(path)) as again:  # the lock was released on close
        assert again.quad_count() == 2
        assert again.query("ASK { GRAPH ?g { ?s ?p 'kept' } }").askAnswer is True


def test_owner_record_is_removed_on_close(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    store = open_store(str(path))
    assert (path / OWNER_NAME).read_text(encoding="utf-8").split("\n")[0] == str(os.getpid())
    store.close()
    assert not (path / OWNER_NAME).exists()


def test_live_rdflib_view_keeps_the_database_busy(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    fill(path)
    store = open_store(str(path))
    ds = store.dataset()
    store.close()
    with pytest.raises(StoreLockedError, match="this process"):
        open_store(str(path))
    del ds
    gc.collect()
    with open_store(str(path)) as s:
        assert s.quad_count() == 3


@pytest.fixture
def other_writer(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another process holding ``tmp_path/kg`` open for writing."""
    path = tmp_path / "kg"
    fill(path, 2)
    code = (
        "import sys\n"
        "from graph.store import open_store\n"
        "s = open_store(sys.argv[1])\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        yield proc, path
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_lock_is_held_across_processes_and_freed_on_exit(
    other_writer: tuple[subprocess.Popen[str], Path],
) -> None:
    proc, path = other_writer
    with pytest.raises(StoreLockedError) as info:
        open_store(str(path))
    assert f"pid {proc.pid}" in str(info.value)
    with pytest.raises(StoreLockedError, match=f"pid {proc.pid}"):
        open_store(str(path), read_only=True)
    proc.kill()  # no clean-up at all: the kernel releases the locks
    proc.wait(timeout=10)
    with open_store(str(path)) as s:
        assert s.quad_count() == 2


# -- remote endpoint errors ----------------------------------------------------------------
def test_remote_endpoint_down_is_a_store_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert f"cannot reach the SPARQL endpoint {url}" in str(info.value)
    assert "refused" in str(info.value).lower()


def test_remote_endpoint_that_never_answers_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with pytest.raises(StoreError, match=r"did not answer within 0\.3 s"):
            SparqlBackend(url, timeout=0.3)


def test_remote_http_errors_name_status_and_message(oxigraph_server: str) -> None:
    with pytest.raises(StoreError, match=r"HTTP 404\): POST /nothing is not supported"):
        open_store(f"{oxigraph_server}/nothing")
    bad_update = f"{oxigraph_server}/nope"
    with (
        open_store(f"{oxigraph_server}/query", update_endpoint=bad_update) as s,
        pytest.raises(StoreError, match=rf"{bad_update} refused .*HTTP 404"),
    ):
        s.replace_graph(A1, [(EX.a, EX.b, EX.c)])


def test_remote_read_only_and_missing_update_endpoint(oxigraph_server: str) -> None:
    graph = URIRef("https://example.org/article/read-only-remote")
    with open_store(f"{oxigraph_server}/query", read_only=True) as s:
        with pytest.raises(StoreError, match="opened read-only"):
            s.replace_graph(graph, [(EX.a, EX.b, EX.c)])
        with pytest.raises(StoreError, match="opened read-only"):
            s.remove_graph(graph)
        assert not s.has_graph(graph)
    offline = SparqlBackend("http://127.0.0.1:9/ds/sparql", check=False)
    with pytest.raises(StoreError, match=r"no known update endpoint.*--update-endpoint"):
        offline.replace_graph(A1, [(EX.a, EX.b, EX.c)])
