"""The one small interface every store backend implements, and the backend registry.

A backend holds an RDF dataset of named graphs, one per article. Callers never see
pyoxigraph or HTTP: they write whole article graphs (:meth:`Store.replace_graph`, atomic),
drop them, run SPARQL with bound parameters, and get an rdflib ``Dataset`` when they want
rdflib's API.

Parameters are never pasted into query text: :func:`bind_values` adds a SPARQL ``VALUES``
block whose terms are serialized by the RDF library (N-Triples escaping) at the start of the
outermost WHERE group, which every SPARQL 1.1 engine supports, also for variables that are not
projected (pyoxigraph's ``substitutions`` requires projected variables, so it is not used).
A query can name another place with the comment :data:`PARAMETERS_HERE` (see
:func:`bind_values`).

Examples
--------
>>> from rdflib import URIRef, Literal
>>> print(bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('a "b" }')}))
SELECT ?s WHERE { VALUES (?o) { ("a \\"b\\" }") } ?s ?p ?o }
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from types import TracebackType
from typing import IO, Any, ClassVar

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..errors import QueryError

__all__ = [
    "BACKENDS",
    "PARAMETERS_HERE",
    "Store",
    "Triple",
    "bind_values",
    "register_backend",
    "rows",
    "term_to_sparql",
]

Triple = tuple[Node, Node, Node]

_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # used with fullmatch ($ allows a final \n)
# In N-Triples escaping: an escaped backslash before u/U, a 4-digit \u escape, any other
# escape pair (matched so the scan stays aligned on escape boundaries).
_ESCAPE = re.compile(r"\\\\([uU])|\\u([0-9A-Fa-f]{4})|\\.", re.DOTALL)


def _unambiguous(m: re.Match[str]) -> str:
    r"""Rewrite one escape so that no SPARQL parser can misread it.

    SPARQL decodes ``\uXXXX`` and ``\UXXXXXXXX`` in the query text before parsing, and
    some parsers (rdflib's) also let ``\u`` run on over 8 hex digits. So an escaped
    backslash followed by ``u`` writes the letter as ``\U00000075``, and a ``\u0001``
    (a control character) becomes ``\U00000001``, which following hex digits cannot extend.
    """
    if m.group(1):
        return "\\\\\\U" + format(ord(m.group(1)), "08X")
    if m.group(2):
        return "\\U0000" + m.group(2)
    return m.group()


def term_to_sparql(term: Node) -> str:
    """Serialize one RDF term for a SPARQL VALUES block, or refuse it.

    IRIs are checked by pyoxigraph's strict IRI parser; literals are escaped as N-Triples.

    >>> term_to_sparql(URIRef("https://example.org/a"))
    '<https://example.org/a>'
    >>> term_to_sparql(URIRef("https://example.org/a b"))
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: not a valid IRI: 'https://example.org/a b'
    """
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        try:
            return str(ox.NamedNode(str(term)))
        except ValueError:
            raise QueryError(f"not a valid IRI: {str(term)!r}") from None
    if isinstance(term, Literal):
        try:
            dt = ox.NamedNode(str(term.datatype)) if term.datatype else None
            text = str(ox.Literal(str(term), language=term.language, datatype=dt))
        except ValueError as e:  # a lone surrogate, a bad language tag or datatype IRI
            raise QueryError(f"cannot bind the literal {str(term)[:80]!r}: {e}") from None
        return _ESCAPE.sub(_unambiguous, text)
    if isinstance(term, BNode):
        raise QueryError("blank nodes cannot be bound as query parameters")
    raise QueryError(f"cannot bind {term!r} as a query parameter")


def rows(result: Result) -> Iterator[Any]:
    """The solutions of a SELECT result, typed loosely (``row.name`` and ``row[i]`` both work)."""
    yield from result


#: A comment that marks where :func:`bind_values` puts the parameters' ``VALUES`` block.
PARAMETERS_HERE = "#@parameters"


def _markers(sparql: str) -> list[tuple[int, int]]:
    """Spans of the :data:`PARAMETERS_HERE` comments (outside strings and IRIs)."""
    found = _scan(sparql, marker=True)
    return list(found) if isinstance(found, tuple) else []


def _where_brace(sparql: str) -> int | None:
    """Index of the ``{`` that opens the outermost WHERE group, or None.

    Skips comments, IRIs and string literals; the first ``WHERE`` at nesting depth 0 wins;
    without one (``SELECT * { ... }``, ``ASK { ... }``) the first top-level ``{`` of a SELECT
    or ASK query is used.
    """
    found = _scan(sparql, marker=False)
    return found if isinstance(found, int) else None


@lru_cache(maxsize=256)
def _scan(sparql: str, marker: bool) -> int | tuple[tuple[int, int], ...] | None:
    """The one tokenizer behind :func:`_where_brace` and :func:`_markers` (cached: named
    queries are bound again and again)."""
    if marker and PARAMETERS_HERE not in sparql:
        return ()
    spans: list[tuple[int, int]] = []
    i, n, depth = 0, len(sparql), 0
    seen_where = False
    upper = sparql.upper()
    form = None
    while i < n:
        c = sparql[i]
        if c == "#":
            nl = sparql.find("\n", i)
            end = n if nl < 0 else nl
            if marker and sparql[i:end].rstrip() == PARAMETERS_HERE:
                spans.append((i, end))
            i = end + 1
            continue
        if c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", sparql[i:]):
            i = sparql.index(">", i) + 1
            continue
        if c.isalpha():
            m = re.match(r"[A-Za-z_]+", sparql[i:])
            word = m.group() if m else c
            prev = sparql[i - 1] if i else " "
            if depth == 0 and prev not in "?$:_" and not prev.isalnum():
                up = upper[i : i + len(word)]
                if up == "WHERE":
                    seen_where = True
                elif up in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                    form = up
            i += len(word)
            continue
        if c == "{":
            if not marker and depth == 0 and (seen_where or form in ("SELECT", "ASK")):
                return i
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    return tuple(spans) if marker else None


def bind_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Return ``sparql`` with a ``VALUES`` block binding ``bindings``.

    The block goes first inside the outermost WHERE group, so it restricts the solutions
    *before* grouping and aggregation (a trailing VALUES clause is applied after them, which
    would make ``COUNT`` ignore the parameter); queries without a WHERE group get a trailing
    VALUES clause. Variable names are checked against SPARQL's variable syntax; terms go
    through :func:`term_to_sparql`. With no bindings the query is returned unchanged.

    A query whose parameters belong in a sub-select writes the comment ``#@parameters`` (on
    its own line, :data:`PARAMETERS_HERE`) where the block goes, and the block replaces each
    one (a query may find its rows in one sub-select and the entities to label in another).
    Engines do not carry a ``VALUES`` join into a sub-select (Oxigraph and rdflib evaluate it
    whole, then join), so a query that finds its rows in a sub-select and labels them outside
    binds the parameters inside, where they cut the work. Only correct where
    binding inside restricts the same rows as binding outside (the sub-select projects the
    variable and groups by it, or does not group): the query's author decides.

    >>> print(bind_values("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"s": URIRef("urn:x")}))
    SELECT (COUNT(*) AS ?n) WHERE { VALUES (?s) { (<urn:x>) } ?s ?p ?o }
    >>> q = "SELECT * WHERE { { SELECT ?s WHERE {\\n#@parameters\\n?s ?p ?o } } }"
    >>> print(bind_values(q, {"s": URIRef("urn:x")}))
    SELECT * WHERE { { SELECT ?s WHERE {
    VALUES (?s) { (<urn:x>) }
    ?s ?p ?o } } }
    """
    if not bindings:
        return sparql
    names = list(bindings)
    for n in names:
        if not _VAR.fullmatch(n):
            raise QueryError(f"not a SPARQL variable name: {n!r}")
    row = " ".join(term_to_sparql(bindings[n]) for n in names)
    head = " ".join("?" + n for n in names)
    block = f"VALUES ({head}) {{ ({row}) }}"
    here = _markers(sparql)
    if here:
        parts, last = [], 0
        for begin, end in here:
            parts += [sparql[last:begin], block]
            last = end
        return "".join(parts) + sparql[last:]
    at = _where_brace(sparql)
    if at is None:
        return f"{sparql.rstrip()}\n{block}"
    return f"{sparql[: at + 1]} {block}{sparql[at + 1 :]}"


class Store(ABC):
    """A dataset of article graphs. Use as a context manager; close releases the lock.

    ``location`` is what the user gave (a directory, ``memory``, or an endpoint URL) and is
    used in messages. A store opened with ``read_only=True`` refuses writes.
    """

    name: ClassVar[str]

    location: str
    read_only: bool

    # -- writing -------------------------------------------------------------------------
    @abstractmethod
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Replace named graph ``graph`` by ``triples`` in one transaction: all or nothing.

        If ``triples`` raises while being consumed, the previous content of ``graph`` stays.
        """

    def replace_graphs(self, items: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        """Replace several named graphs: in one transaction where the backend can (the
        embedded stores), else one transaction per graph (a remote endpoint: one request
        each). Used for batched ingestion."""
        for graph, triples in items:
            self.replace_graph(graph, triples)

    def write_nquads(self, items: Sequence[tuple[URIRef, bytes]]) -> None:
        """Replace named graphs by N-Quads (each ``bytes`` holds the quads of its graph), each
        graph all or nothing: the fast path of batched ingestion. The default parses them and
        calls :meth:`replace_graphs`."""
        import pyoxigraph as ox

        from .oxigraph import from_ox_term

        def triples(data: bytes) -> Iterator[Triple]:
            for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
                yield (from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object))

        self.replace_graphs([(g, list(triples(data))) for g, data in items])

    def flush(self) -> None:  # noqa: B027 - optional hook
        """Write buffered data to disk (an on-disk store's memory tables; else nothing)."""

    def reopen(self) -> None:  # noqa: B027 - optional hook
        """Close and open the store again, keeping its lock, to give back the memory an
        on-disk store's engine keeps for the files it has read (else nothing)."""

    @abstractmethod
    def remove_graph(self, graph: URIRef) -> bool:
        """Drop a named graph; return whether it existed."""

    @abstractmethod
    def load(self, source: str | IO[bytes], format: str) -> None:
        """Bulk-load an RDF file (``nquads`` or ``trig``) into the store."""

    # -- reading -------------------------------------------------------------------------
    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the union of all graphs; bindings via :func:`bind_values`.

        Raises :class:`~graph.errors.QueryError` for invalid queries.
        """

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """The named graphs (one per article)."""

    def has_graph(self, graph: URIRef) -> bool:
        """Whether the named graph exists."""
        res = self.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        return bool(res.askAnswer)

    def quad_count(self, graph: URIRef | None = None) -> int:
        """Number of quads in all named graphs, or in one."""
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        res = self.query(q, {"g": graph} if graph is not None else None)
        for row in rows(res):
            return int(row[0])
        return 0

    @abstractmethod
    def dump(
        self,
        out: IO[bytes],
        format: str,
        graph: URIRef | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        """Write the store (or one graph) as ``nquads`` or ``trig`` to a binary stream;
        ``prefixes`` (TriG only) shorten IRIs."""

    @abstractmethod
    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (the public rdflib face of the store)."""

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files, locks and connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


BACKENDS: dict[str, Callable[..., Store]] = {}


def register_backend(name: str) -> Callable[[type[Store]], type[Store]]:
    """Class decorator: make a backend available to :func:`graph.store.open_store`."""

    def deco(cls: type[Store]) -> type[Store]:
        cls.name = name
        BACKENDS[name] = cls
        return cls

    return deco
