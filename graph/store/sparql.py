"""The ``sparql`` backend: a remote SPARQL 1.1 endpoint over HTTP (standard library only).

Protocol
--------
* Queries are POSTed as ``application/sparql-query`` to the query endpoint, asking for
  ``application/sparql-results+json`` (SELECT, ASK) or ``application/n-triples``
  (CONSTRUCT, DESCRIBE); the answer is parsed by rdflib according to its Content-Type.
* Updates are POSTed as ``application/sparql-update`` to the update endpoint. Without an
  update endpoint the store can only be read.
* :meth:`SparqlBackend.replace_graph` is ONE request, so the server applies it in one
  transaction: a Graph Store Protocol ``PUT <graph-store>?graph=<g>`` of the graph as
  N-Triples where the server has a graph store endpoint (given, or ``/store`` beside an
  Oxigraph-style ``/query`` when no update endpoint is given), else the SPARQL Update
  ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``. A server that answers the
  ``PUT`` with 404, 405, 415 or 501 (no Graph Store Protocol there) gets the update instead,
  for this and every later graph. Terms are serialized by pyoxigraph, as in the embedded
  backend. A very large graph is still one request.
* A ``token`` is sent as ``Authorization: Bearer <token>`` with every request (for
  ``kg serve --writable`` and servers behind a token-checking proxy). :meth:`SparqlBackend.load`
  is one ``INSERT DATA`` request too (the file is parsed locally by pyoxigraph).
* :meth:`SparqlBackend.dump` streams ``SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }``
  into N-Quads or TriG: the named graphs only, which is where newskg keeps everything.

The default graph
-----------------
SPARQL servers differ in what a query without ``GRAPH`` sees: Oxigraph's default graph is
the union of all graphs only with ``oxigraph serve --union-default-graph``, Fuseki only
with ``unionDefaultGraph``. To stay portable, every query this project sends to a store
(the named queries, :meth:`~graph.store.base.Store.has_graph`,
:meth:`~graph.store.base.Store.quad_count`, ...) matches article data inside an explicit
``GRAPH ?g { ... }``. Queries you write yourself for a remote store should do the same.

Errors
------
A refused connection, a timeout (``timeout`` seconds, 60 by default) or an HTTP error
becomes :class:`~graph.errors.StoreError` naming the endpoint, the HTTP status and the first
line of the server's message; an HTTP 400 answer to a query becomes
:class:`~graph.errors.QueryError`.

Examples
--------
>>> from graph.errors import StoreError
>>> try:
...     SparqlBackend("http://127.0.0.1:9/query", timeout=2)
... except StoreError as e:
...     print(str(e).startswith("cannot reach the SPARQL endpoint http://127.0.0.1:9/query"))
True
>>> query_form("PREFIX ex: <http://example.org/#> # comment\\nconstruct { ?s ?p ?o } WHERE {}")
'CONSTRUCT'
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, NoReturn

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from ..errors import InputError, QueryError, StoreError, StoreUnavailableError
from .base import Store, Triple, bind_values, register_backend
from .oxigraph import graph_node, rdf_format, to_ox_quads

__all__ = [
    "DEFAULT_TIMEOUT",
    "SparqlBackend",
    "derive_graph_store",
    "derive_update_endpoint",
    "query_form",
]

#: Seconds to wait for the endpoint before giving up.
DEFAULT_TIMEOUT = 60.0

_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
_ANY_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.8, "
    "application/n-triples;q=0.9, text/turtle;q=0.7"
)

_RESULT_PARSERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
}
_GRAPH_PARSERS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
}

_PROLOGUE = re.compile(
    r"""\s+|\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>""", re.IGNORECASE
)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    """The form of a query (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or None.

    Skips the prologue (``BASE``, ``PREFIX``, comments) and reads the next keyword.

    >>> query_form("ASK {}"), query_form("nonsense")
    ('ASK', None)
    """
    pos = 0
    while m := _PROLOGUE.match(sparql, pos):
        if m.end() == pos:
            break
        pos = m.end()
    m = _FORM.match(sparql, pos)
    return m.group(1).upper() if m else None


def derive_update_endpoint(query_endpoint: str) -> str | None:
    """The update endpoint beside a query endpoint ending in ``/query``, else None.

    >>> derive_update_endpoint("http://localhost:7878/query")
    'http://localhost:7878/update'
    >>> derive_update_endpoint("http://localhost:3030/ds/sparql") is None
    True
    """
    parts = urllib.parse.urlsplit(query_endpoint)
    if not parts.path.endswith("/query"):
        return None
    path = parts.path[: -len("/query")] + "/update"
    return urllib.parse.urlunsplit(parts._replace(path=path))


def derive_graph_store(query_endpoint: str) -> str | None:
    """The Graph Store Protocol endpoint beside a query endpoint ending in ``/query``.

    >>> derive_graph_store("http://localhost:7878/query")
    'http://localhost:7878/store'
    """
    parts = urllib.parse.urlsplit(query_endpoint)
    if not parts.path.endswith("/query"):
        return None
    path = parts.path[: -len("/query")] + "/store"
    return urllib.parse.urlunsplit(parts._replace(path=path))


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= 300 else line[:297] + "..."


class _HTTPStatus(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


@register_backend("sparql")
class SparqlBackend(Store):
    """A store behind a SPARQL 1.1 query (and optionally update) endpoint.

    ``location`` is the query endpoint URL. ``update_endpoint`` defaults to the query URL
    with its final ``/query`` replaced by ``/update`` (Oxigraph's layout); otherwise writes
    need it given explicitly. ``graph_store`` (the Graph Store Protocol endpoint) defaults
    to ``/store`` beside ``/query`` unless ``update_endpoint`` is given; ``graph_store=""``
    turns the protocol off. ``token``
    is sent as a bearer token. The endpoint is contacted once when the store is opened, so
    a server that is down is reported at once.
    """

    def __init__(
        self,
        location: str,
        *,
        read_only: bool = False,
        update_endpoint: str | None = None,
        graph_store: str | None = None,
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        check: bool = True,
    ) -> None:
        self.location = location
        self.read_only = read_only
        self.query_endpoint = location
        self.update_endpoint = update_endpoint or derive_update_endpoint(location)
        if graph_store is None:  # derived only when writes are not pointed elsewhere
            graph_store = derive_graph_store(location) if update_endpoint is None else None
        self.graph_store = graph_store or None
        self.token = token
        self.timeout = timeout
        self._closed = False
        if check:
            self.query("ASK {}")

    # -- HTTP ----------------------------------------------------------------------------
    def _post(
        self,
        url: str,
        body: bytes,
        content_type: str,
        accept: str | None,
        method: str = "POST",
    ) -> http.client.HTTPResponse:
        """Send ``body`` and return the open response; HTTP errors raise ``_HTTPStatus``."""
        if self._closed:
            raise StoreError(f"the store {self.location} is closed; open it again")
        headers = {"Content-Type": content_type, "User-Agent": "newskg"}
        if accept:
            headers["Accept"] = accept
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            response: http.client.HTTPResponse = urllib.request.urlopen(
                request, timeout=self.timeout
            )
        except urllib.error.HTTPError as e:
            try:
                detail = _first_line(e.read(4096))
            except (OSError, http.client.HTTPException):
                detail = ""
            raise _HTTPStatus(e.code, detail or str(e.reason)) from None
        except urllib.error.URLError as e:
            self._unreachable(url, e.reason)
        except TimeoutError:
            self._timed_out(url)
        except (OSError, http.client.HTTPException, ValueError) as e:
            self._unreachable(url, e)
        return response

    def _unreachable(self, url: str, reason: object) -> NoReturn:
        if isinstance(reason, TimeoutError | socket.timeout):
            self._timed_out(url)
        raise StoreUnavailableError(
            f"cannot reach the SPARQL endpoint {url}: {reason}; is the server running "
            "and the URL right?"
        ) from None

    def _timed_out(self, url: str) -> NoReturn:
        raise StoreUnavailableError(
            f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s; "
            "try again later or raise the timeout"
        ) from None

    def _http_error(self, url: str, e: _HTTPStatus, what: str) -> NoReturn:
        raise StoreUnavailableError(
            f"the SPARQL endpoint {url} refused to {what} (HTTP {e.status}): {e.message}"
        ) from None

    def _read(self, url: str, response: http.client.HTTPResponse) -> bytes:
        try:
            with response:
                return response.read()
        except TimeoutError:
            self._timed_out(url)
        except (OSError, http.client.HTTPException) as e:
            self._unreachable(url, e)

    def _check_writable(self) -> str:
        """The update endpoint, or StoreError if this store cannot be written."""
        if self.read_only:
            raise StoreError(
                f"the store {self.location} was opened read-only; open it for writing "
                "(without read_only / --read-only) to change it"
            )
        url = self.update_endpoint
        if not url:
            raise StoreError(
                f"the SPARQL endpoint {self.location} has no known update endpoint, so it "
                "cannot be written; give one with --update-endpoint"
            )
        return url

    def _update(self, text: str, what: str) -> None:
        url = self._check_writable()
        try:
            response = self._post(
                url, text.encode("utf-8"), "application/sparql-update; charset=utf-8", None
            )
        except _HTTPStatus as e:
            self._http_error(url, e, what)
        self._read(url, response)

    # -- writing -------------------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self._check_writable()
        quads = to_ox_quads(graph, triples)
        g = graph_node(graph)
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        if body and self.graph_store and self._put_graph(str(graph), body):
            return
        text = f"DROP SILENT GRAPH {g}"
        if body:
            text += f" ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"
        self._update(text, f"replace the graph <{graph}>")

    def _put_graph(self, graph: str, ntriples: str) -> bool:
        """Graph Store Protocol ``PUT``; False (and the protocol off) if the server has none."""
        assert self.graph_store is not None
        sep = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{sep}{urllib.parse.urlencode({'graph': graph})}"
        try:
            response = self._post(
                url, (ntriples + "\n").encode("utf-8"), "application/n-triples", None, "PUT"
            )
        except _HTTPStatus as e:
            if e.status in (404, 405, 415, 501):
                self.graph_store = None  # no Graph Store Protocol here: SPARQL Update
                return False
            self._http_error(url, e, f"replace the graph <{graph}>")
        self._read(url, response)
        return True

    def remove_graph(self, graph: URIRef) -> bool:
        g = graph_node(graph)
        self._check_writable()
        existed = bool(self.query("ASK { GRAPH ?g { } }", {"g": graph}).askAnswer)
        if existed:
            self._update(f"DROP SILENT GRAPH {g}", f"remove the graph <{graph}>")
        return existed

    def load(self, source: str | IO[bytes], format: str) -> None:
        self._check_writable()
        fmt = rdf_format(format)
        name = source if isinstance(source, str) else getattr(source, "name", "<stream>")
        chunks: list[str] = []
        try:
            quads = (
                ox.parse(path=source, format=fmt)
                if isinstance(source, str)
                else ox.parse(source, fmt)
            )
            for q in quads:
                triple = f"{q.subject} {q.predicate} {q.object} ."
                if isinstance(q.graph_name, ox.DefaultGraph):
                    chunks.append(triple)
                else:
                    chunks.append(f"GRAPH {q.graph_name} {{ {triple} }}")
        except FileNotFoundError:
            raise InputError(str(name), "no such file") from None
        except SyntaxError as e:
            raise InputError(str(name), f"not valid {format}: {e}; nothing was loaded") from None
        except (OSError, ValueError) as e:
            raise InputError(str(name), f"cannot be read: {e}") from None
        if chunks:
            body = "\n".join(chunks)
            self._update(f"INSERT DATA {{\n{body}\n}}", f"load {name}")

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        text = bind_values(sparql, bindings)
        form = query_form(text)
        if form in ("SELECT", "ASK"):
            accept = _RESULTS_ACCEPT
        elif form in ("CONSTRUCT", "DESCRIBE"):
            accept = _GRAPH_ACCEPT
        else:
            accept = _ANY_ACCEPT
        url = self.query_endpoint
        try:
            response = self._post(
                url, text.encode("utf-8"), "application/sparql-query; charset=utf-8", accept
            )
        except _HTTPStatus as e:
            if e.status == 400:
                raise QueryError(
                    f"the SPARQL endpoint {url} rejected the query (HTTP 400): {e.message}"
                ) from None
            self._http_error(url, e, "run the query")
        ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        data = self._read(url, response)
        return self._parse_result(url, ctype, data)

    def _parse_result(self, url: str, ctype: str, data: bytes) -> Result:
        try:
            if ctype in _RESULT_PARSERS:
                res = Result.parse(io.BytesIO(data), format=_RESULT_PARSERS[ctype])
                if res.type == "SELECT":
                    res.bindings = [_plain_strings(b) for b in res.bindings]
                return res
            if ctype in _GRAPH_PARSERS:
                graph = Graph()
                graph.parse(data=data, format=_GRAPH_PARSERS[ctype])
                res = Result("CONSTRUCT")
                res.graph = graph
                return res
        except Exception as e:  # rdflib parsers raise many kinds of errors
            raise StoreError(
                f"the SPARQL endpoint {url} sent an answer that cannot be read ({ctype}): {e}"
            ) from None
        raise StoreError(
            f"the SPARQL endpoint {url} answered in an unsupported format "
            f"{ctype or '(none)'}; it must speak SPARQL 1.1 results JSON or XML, or N-Triples"
        )

    def graphs(self) -> list[URIRef]:
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        names = {str(row[0]) for row in res if isinstance(row[0], URIRef)}  # type: ignore[index]
        return [URIRef(n) for n in sorted(names)]

    def dump(
        self,
        out: IO[bytes],
        format: str,
        graph: URIRef | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        fmt = rdf_format(format)
        pre = dict(prefixes) if prefixes and format == "trig" else None
        text = bind_values(
            "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            {"g": graph} if graph is not None else None,
        )
        url = self.query_endpoint
        try:
            response = self._post(
                url,
                text.encode("utf-8"),
                "application/sparql-query; charset=utf-8",
                "application/sparql-results+json",
            )
        except _HTTPStatus as e:
            self._http_error(url, e, "dump the store")
        with response:
            try:
                rows = ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
                ox.serialize(_quads(rows), out, fmt, prefixes=pre)
            except TimeoutError:
                self._timed_out(url)
            except (SyntaxError, ValueError, TypeError) as e:
                raise StoreError(
                    f"the SPARQL endpoint {url} sent a dump that cannot be read: {e}"
                ) from None
            except (OSError, http.client.HTTPException) as e:
                raise StoreError(f"could not dump the store {self.location}: {e}") from e

    def dataset(self) -> Dataset:
        """An rdflib Dataset over this endpoint (rdflib's own HTTP client; no timeout)."""
        from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

        store: SPARQLStore
        if self.update_endpoint and not self.read_only:
            store = SPARQLUpdateStore(
                query_endpoint=self.query_endpoint,
                update_endpoint=self.update_endpoint,
                returnFormat="json",
            )
        else:
            store = SPARQLStore(query_endpoint=self.query_endpoint, returnFormat="json")
        return Dataset(store=store, default_union=True)

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        self._closed = True

    def __repr__(self) -> str:
        return f"<SparqlBackend {self.location!r}{' (closed)' if self._closed else ''}>"


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _plain_strings(row: Mapping[Variable, Identifier]) -> dict[Variable, Identifier]:
    """Make ``"x"^^xsd:string`` plain ``"x"``, as the embedded backends return it."""
    return {
        k: Literal(str(v)) if isinstance(v, Literal) and v.datatype == _XSD_STRING else v
        for k, v in row.items()
    }


def _quads(rows: object) -> Iterator[ox.Quad]:
    if not isinstance(rows, ox.QuerySolutions):
        raise TypeError("expected SELECT results")
    for row in rows:
        s, p, o, g = row["s"], row["p"], row["o"], row["g"]
        if isinstance(g, ox.NamedNode | ox.BlankNode):
            yield ox.Quad(s, p, o, g)
