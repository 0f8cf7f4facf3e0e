"""Where the knowledge graph lives: open a store from a short spec.

:func:`open_store` turns a spec into a :class:`~graph.store.base.Store`:

* ``"memory"`` or ``":memory:"``: an in-memory Oxigraph store (``memory`` backend), gone
  when closed;
* an ``http://`` or ``https://`` URL: a remote SPARQL 1.1 endpoint (``sparql`` backend).
  The URL is the *query* endpoint. The update endpoint is ``update_endpoint`` when given,
  otherwise, when the URL ends with ``/query`` (as Oxigraph's ``oxigraph serve`` does), the
  same URL ending with ``/update``; otherwise the store can only be read;
* anything else: a directory holding an embedded Oxigraph store (``oxigraph`` backend),
  created when missing, except that a read-only open of a missing store fails.

With no spec, the environment variable ``NEWSKG_STORE`` is used, else ``./kg-data``.
``NEWSKG_SPARQL_TIMEOUT`` sets the remote timeout in seconds (default 60).

Examples
--------
>>> from rdflib import Literal, URIRef
>>> ex = "https://example.org/"
>>> with open_store("memory") as store:
...     store.replace_graph(
...         URIRef(ex + "article/1"),
...         [(URIRef(ex + "ada"), URIRef(ex + "name"), Literal("Ada Lovelace"))],
...     )
...     rows = store.query(
...         "SELECT ?name WHERE { GRAPH ?g { ?who ?p ?name } }", {"who": URIRef(ex + "ada")}
...     )
...     print([str(row.name) for row in rows], store.graphs())
['Ada Lovelace'] [rdflib.term.URIRef('https://example.org/article/1')]
>>> resolve_spec("memory")
('memory', 'memory')
"""

from __future__ import annotations

import os

from ..errors import ConfigError
from . import oxigraph as _oxigraph  # noqa: F401 - registers "oxigraph" and "memory"
from . import sparql as _sparql  # noqa: F401 - registers "sparql"
from .base import BACKENDS, Store, Triple, bind_values, register_backend
from .sparql import DEFAULT_TIMEOUT

__all__ = [
    "BACKENDS",
    "DEFAULT_STORE",
    "ENV_STORE",
    "ENV_TIMEOUT",
    "Store",
    "Triple",
    "bind_values",
    "open_store",
    "register_backend",
    "resolve_spec",
]

#: The store used when neither a spec nor ``NEWSKG_STORE`` is given.
DEFAULT_STORE = "./kg-data"
#: Environment variable naming the store.
ENV_STORE = "NEWSKG_STORE"
#: Environment variable with the remote endpoint timeout in seconds.
ENV_TIMEOUT = "NEWSKG_SPARQL_TIMEOUT"

_MEMORY = {"memory", ":memory:"}


def resolve_spec(spec: str | None = None) -> tuple[str, str]:
    """Return ``(backend, location)`` for a spec (or ``NEWSKG_STORE``, or ``./kg-data``).

    >>> resolve_spec("http://localhost:7878/query")
    ('sparql', 'http://localhost:7878/query')
    >>> resolve_spec(":memory:")
    ('memory', 'memory')
    >>> resolve_spec("data/kg")
    ('oxigraph', 'data/kg')
    """
    text = (spec or "").strip() or os.environ.get(ENV_STORE, "").strip() or DEFAULT_STORE
    if text.lower() in _MEMORY:
        return "memory", "memory"
    if text.lower().startswith(("http://", "https://")):
        return "sparql", text
    return "oxigraph", text


def _timeout() -> float:
    raw = os.environ.get(ENV_TIMEOUT, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ConfigError(f"{ENV_TIMEOUT}={raw!r} is not a positive number of seconds")
    return value


def open_store(
    spec: str | None = None,
    *,
    read_only: bool = False,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
    token: str | None = None,
) -> Store:
    """Open the store named by ``spec`` (see the module documentation for the rules).

    ``read_only`` opens it for reading only (shared lock on a directory; writes raise
    :class:`~graph.errors.StoreError`). ``update_endpoint``, ``graph_store`` (the Graph Store
    Protocol endpoint) and ``token`` (a bearer token) apply to SPARQL URLs only.
    Raises :class:`~graph.errors.StoreError` (or its subclass
    :class:`~graph.errors.StoreLockedError`) when the store cannot be opened, and
    :class:`~graph.errors.ConfigError` for a contradictory configuration.
    """
    backend, location = resolve_spec(spec)
    if backend == "sparql":
        return BACKENDS["sparql"](
            location,
            read_only=read_only,
            update_endpoint=update_endpoint,
            graph_store=graph_store,
            token=token,
            timeout=_timeout(),
        )
    if update_endpoint or graph_store or token:
        raise ConfigError(
            "an update endpoint, a graph store or a token only applies to a SPARQL endpoint URL, "
            f"but the store is {location}"
        )
    return BACKENDS[backend](location, read_only=read_only)
