"""Parameters are bound, never pasted: 1,000 hostile values never change a query's structure.

The values (:func:`hostile_values`) are a hand list of SPARQL-breaking strings (quotes,
braces, comments, update keywords, escapes, control characters, IRIs with spaces, RTL,
emoji, combining marks, lookalike language tags and datatypes, ``?var``, ``VALUES``...)
topped up to 1,000 by a seeded random mix of the same fragments and random code points.
Lone surrogates are not among them: they are not Unicode scalar values, so no RDF literal
can hold them: they, and literals that are not RDF, are refused with a QueryError (tests at
the end).

How "the structure never changes" is checked, for every shipped named query, every
parameter and every value, bound as a plain and as a language-tagged literal (an
xsd:string literal must give the plain literal's very text, checked on one query)
(:func:`test_bound_text_differs_only_by_one_literal_token`):

1. The query bound with a harmless placeholder literal is split around the placeholder's
   token into PREFIX and SUFFIX. The query bound with the hostile value must be exactly
   PREFIX + TOKEN + SUFFIX: every byte outside the VALUES row is identical.
2. TOKEN must be one SPARQL literal token: it fully matches the grammar's
   ``STRING_LITERAL2 (LANGTAG | '^^' IRIREF)?`` (no unescaped ``"``, so the string cannot
   end early), each ``\\uXXXX`` escape decodes to a character that cannot end or break
   the string, and decoding it by the grammar gives back the value, its language and
   datatype.
3. TOKEN placed in the same context (``VALUES (?x) { (TOKEN) }``) is run by Oxigraph and
   parsed by rdflib's SPARQL parser: exactly one row, whose term equals the bound literal.
   Values whose escapes rdflib used to misread (:func:`_tricky_for_rdflib`) have their own
   test too (term_to_sparql now writes them unambiguously).

Point 1 makes the rest of the query byte-identical, points 2-3 make the token a single,
self-delimited term, so the parse of the whole query is the placeholder's with one literal
swapped. That is also checked directly, on the full algebra, with rdflib's ``prepareQuery``
on one composite value made of the hand list, for each query
(:func:`test_full_algebra_equals_the_placeholders`); doing so for all values would take
minutes. :func:`test_the_checks_catch_a_pasting_binder` proves the checks fail for a
binder that pastes values into the text.

Then the bound queries run on a real Oxigraph memory store holding the two sample articles
of tests/test_queries.py: no exception, rows equal to those of the placeholder, and the
store's quad count, graphs and a hash of its sorted N-Quads dump unchanged. Each value
runs as a plain literal through one query and as a tagged one through another
(``run_named``), the core break-out values through every query: all values through all
queries would take over 20 s, and the text checks above already cover every combination.
Strings (IRIs to :func:`~graph.queries.run_named`) that cannot be IRIs are refused with
:class:`~graph.errors.QueryError` naming the parameter and query; odd but valid IRIs bind
and match nothing. :meth:`Store.query` is also run directly, for all values and the three
literal kinds, with ad hoc aggregates that echo the bound value back and count its
occurrences: Oxigraph must return the very literal given, and the count it has in the store.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from graph.errors import QueryError
from graph.queries import NamedQuery, expand_iri, load_queries, run_named
from graph.store import Store, open_store
from graph.store.base import bind_values, term_to_sparql
from tests.test_queries import HOSTILE, sample_graphs

SEED = 20251107
N_VALUES = 1000
PLACEHOLDER = Literal("newskg-placeholder-value")
# what the other required parameters of a query are bound to, as an IRI matching nothing
OTHER = "urn:newskg:test:no-such-thing"
# valid for rdflib and for BCP 47 (Oxigraph); cycled over the values
LANGS = ["en", "en-US", "x-private", "zh-Hant-TW", "de-CH-1996", "fr", "sr-Latn-RS"]

# ------------------------------------------------------------------------ the values
HAND: list[str] = [
    # quotes
    "'",
    '"',
    '""',
    '"""',
    "'''",
    "''''''",
    "\"'\"'",
    'a "b" c',
    # braces, statement ends, comments
    "{",
    "}",
    "}}",
    "{}",
    "} }",
    ";",
    "#",
    ".",
    ",",
    "(",
    ")",
    ") }",
    "# }",
    "x # comment\n}",
    "#\n} #",
    # updates and query forms
    "DROP ALL",
    "; DROP ALL ;",
    "INSERT DATA { <a> <b> <c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR",
    "CLEAR ALL",
    "LOAD <http://x>",
    "LOAD <http://x> INTO GRAPH <urn:g>",
    "CREATE GRAPH <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "SELECT * WHERE",
    "SELECT * WHERE { ?s ?p ?o }",
    "ASK {}",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "UNION",
    "} UNION { ?s ?p ?o",
    "FILTER(true)",
    "} FILTER(true) {",
    "OPTIONAL { ?s ?p ?o }",
    "MINUS {}",
    "PREFIX x: <urn:x:>",
    "BASE <urn:x>",
    "GRAPH ?g { ?s ?p ?o }",
    "LIMIT 0",
    "ORDER BY ?x",
    # break-out attempts
    HOSTILE,
    '") } } DROP ALL #',
    "') } } DROP ALL #",
    '""") } } DROP ALL #',
    "''') } } DROP ALL #",
    '\\") } }',
    '"} ; INSERT DATA { <urn:a> <urn:b> "c" } #',
    '"@en) } UNION { ?s ?p ?o } #',
    '"^^<urn:x>) } FILTER(true) #',
    # backslashes and escape sequences (as text)
    "\\",
    "\\\\",
    "\\\\\\",
    '\\"',
    "\\'",
    "\\n",
    "\\t",
    "\\r\\n",
    "\\u0022",
    "\\U00000022",
    "\\u005C",
    "\\u000A",
    "\\u0027",
    "\\\\u0022",
    "\\x22",
    "\\0",
    "\\ud800",
    "\\uDFFF",
    "\\U0010FFFF",
    "\x01ABCD",
    "\x1f0022",
    "\x000022} #",
    # control characters
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "a\x00b",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b[31mred\x1b[0m",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "".join(map(chr, range(32))),
    # IRI lookalikes
    "<http://x y>",
    "<urn:a>",
    "<urn:a> } ; DROP ALL ; <urn:b>",
    ">",
    "<",
    "<>",
    "http://example.org/a b",
    "http://example.org/a>b",
    "https://example.org/{x}|^`",
    "person:sergei lavrov",
    "_:b0",
    "[]",
    # unicode
    "\u202eevil\u202c",
    "\u200f\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "e\u0301",
    "\u0301",
    "Z\u0351\u0352\u0353\u0354\u0355",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\U0001d11e",
    "\u0130\u0131",
    "\uff02\uff5b\uff5d",
    # language tags, datatypes, numbers
    '"x"@en',
    '"x"@en-US',
    'x"@en',
    "@en",
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
    "^^<urn:x>",
    '"1"^^xsd:integer',
    "1",
    "1.0e3",
    "true",
    # variables and clauses
    "?x",
    "$x",
    "?entity",
    "$entity",
    "?s ?p ?o",
    "VALUES ?x { 1 }",
    ") } VALUES (?x) { (1)",
    "BIND(1 AS ?x)",
    "SERVICE <http://evil.example/sparql> { ?s ?p ?o }",
    "SERVICE SILENT <http://evil.example/> {}",
    # empty and blank
    "",
    " ",
    "   \t\n",
    # very long
    "a" * 4096,
    "}" * 10_000,
    '"' * 65_536,
    "\\" * 100_001,
    '") } } DROP ALL #\n' * 5000,
    "\u00e9\U0001f600" * 100_000,
]

# fragments the random values are made of
_ATOMS = [
    '"',
    "'",
    '"""',
    "'''",
    "{",
    "}",
    "(",
    ")",
    ";",
    "#",
    ".",
    ",",
    "<",
    ">",
    "\\",
    "\\u0022",
    "\\n",
    "\n",
    "\r",
    "\t",
    "\x00",
    "@en",
    "^^",
    "^^<urn:x>",
    "?x",
    "$x",
    "DROP ALL",
    "INSERT DATA",
    "DELETE WHERE",
    "CLEAR",
    "LOAD <http://x>",
    "SELECT * WHERE",
    "UNION",
    "FILTER(true)",
    "VALUES",
    "BIND",
    "SERVICE <http://x>",
    "GRAPH",
    "\u202e",
    "\u200b",
    "\u0301",
    "\U0001f600",
]
_WORDS = ["Lavrov", "Sergei Lavrov", "a", "x", "urn:x", "https://example.org/", " ", "  "]


def _codepoint(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return chr(rng.randrange(0x80))
    if r < 0.7:
        return chr(rng.randrange(0x80, 0x800))
    if r < 0.9:
        c = rng.randrange(0x800, 0x10000 - 0x800)
        return chr(c + 0x800 if c >= 0xD800 else c)  # skip the surrogates
    return chr(rng.randrange(0x10000, 0x110000))


def _random_value(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        r = rng.random()
        if r < 0.45:
            parts.append(rng.choice(_ATOMS))
        elif r < 0.8:
            parts.append("".join(_codepoint(rng) for _ in range(rng.randint(1, 12))))
        else:
            parts.append(rng.choice(_WORDS))
    return rng.choice(["", " ", "\n"]).join(parts)


def hostile_values(n: int = N_VALUES, seed: int = SEED) -> list[str]:
    """The hand list, then seeded random values, ``n`` distinct strings in all."""
    values = list(dict.fromkeys(HAND))
    seen = set(values)
    rng = random.Random(seed)
    while len(values) < n:
        v = _random_value(rng)
        if v not in seen:
            seen.add(v)
            values.append(v)
    return values[:n]


VALUES = hostile_values()


def variants(i: int, value: str) -> list[Literal]:
    """The value as a plain, a language-tagged and an xsd:string literal."""
    return [
        Literal(value),
        Literal(value, lang=LANGS[i % len(LANGS)]),
        Literal(value, datatype=XSD.string),
    ]


def _tricky_for_rdflib(value: str) -> bool:
    """Whether rdflib's parser misread the value as term_to_sparql used to serialize it.

    SPARQL decodes ``\\uXXXX`` escapes before parsing, and rdflib does it with a regex,
    blindly: a backslash then ``u`` (serialized ``\\\\u0022``) reads as a ``"`` escaped by
    the first backslash; a control character that Oxigraph writes as ``\\u0001`` followed by
    hex digits reads as an 8-digit ``\\u00012345``.
    """
    return re.search(r"\\[uU]|[\x00-\x07\x0b\x0e-\x1f\x7f][0-9A-Fa-f]", value) is not None


# ----------------------------------------------------------------------- the checks
_STRING = r'"(?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"'
_LANGTAG = r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"
_IRIREF = r'<[^\x00-\x20<>"{}|^`\\]*>'
_TOKEN = re.compile(rf"(?P<string>{_STRING})(?:(?P<lang>{_LANGTAG})|\^\^(?P<dt>{_IRIREF}))?")
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf"\'\\]))|([^\\]+)')
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _decode_string(quoted: str) -> str:
    """The value of a STRING_LITERAL2 that matched ``_STRING``, decoded by the grammar."""
    out = []
    for m in _ESCAPE.finditer(quoted[1:-1]):
        if m.group(4) is not None:
            out.append(m.group(4))
        elif m.group(3) is not None:
            out.append(_ECHAR[m.group(3)])
        else:
            c = chr(int(m.group(1) or m.group(2), 16))
            # \uXXXX is decoded before parsing: it must not end or break the string
            assert c not in '"\\\n\r', f"escape decodes to {c!r}"
            out.append(c)
    return "".join(out)


def _expected(lit: Literal) -> tuple[str, str | None, str]:
    """(lexical form, language, datatype IRI) of a literal, RDF 1.1 style."""
    if lit.language:
        return str(lit), lit.language.lower(), str(RDF.langString)
    return str(lit), None, str(lit.datatype or XSD.string)


def check_token(token: str, lit: Literal) -> None:
    """``token`` is one SPARQL literal token whose grammar value is ``lit``."""
    m = _TOKEN.fullmatch(token)
    assert m is not None, f"not one literal token: {token[:200]!r}"
    lang = m.group("lang")[1:].lower() if m.group("lang") else None
    if lang:
        dt = str(RDF.langString)
    elif m.group("dt"):
        dt = m.group("dt")[1:-1]
    else:
        dt = str(XSD.string)
    assert (_decode_string(m.group("string")), lang, dt) == _expected(lit)


def _mini(tokens: list[str]) -> str:
    rows = " ".join(f"({t})" for t in tokens)
    return f"SELECT ?x WHERE {{ VALUES (?x) {{ {rows} }} }}"


def check_token_in_oxigraph(oxs: ox.Store, token: str, lit: Literal) -> None:
    """Oxigraph reads ``(token)`` as one VALUES row holding exactly ``lit``."""
    solutions = list(oxs.query(_mini([token])))  # type: ignore[arg-type]
    assert len(solutions) == 1
    got = solutions[0]["x"]
    assert isinstance(got, ox.Literal)
    assert (got.value, got.language, got.datatype.value) == _expected(lit)


def check_tokens_in_rdflib(tokens: list[str], lits: list[Literal]) -> None:
    """rdflib's parser reads ``(t1) (t2) ...`` as one row per token, each the literal given."""
    tree = parseQuery(_mini(tokens))
    (part,) = tree[1]["where"]["part"]
    assert part.name == "InlineData" and part["var"] == [Variable("x")]
    rows = part["value"]
    assert len(rows) == len(lits)
    for row, lit in zip(rows, lits, strict=True):
        (node,) = row
        # not node.get(k, None): CompValue.get's second argument is not a default
        lang = node["lang"] if "lang" in node else None  # noqa: SIM401
        dt = node["datatype"] if "datatype" in node else None  # noqa: SIM401
        got = (
            str(node["string"]),
            lang.lower() if lang else None,
            str(RDF.langString) if lang else str(dt or XSD.string),
        )
        assert got == _expected(lit)


def bindings(q: NamedQuery, name: str, value: Node) -> dict[str, Node]:
    """``name`` bound to ``value``, the query's other required parameters to ``OTHER``."""
    out: dict[str, Node] = {p: URIRef(OTHER) for p in q.required if p != name}
    out[name] = value
    return out


def split_at_placeholder(q: NamedQuery, name: str) -> list[str]:
    """The texts around each copy of the placeholder's token in the query bound with it (a
    query with ``#@parameters`` markers gets one VALUES block per marker)."""
    bound = bind_values(q.text, bindings(q, name, PLACEHOLDER))
    token = term_to_sparql(PLACEHOLDER)
    assert bound.count(token) >= 1 and q.text.count(token) == 0
    parts = bound.split(token)
    for head in parts[:-1]:
        assert re.search(rf"VALUES \((?:\?\w+ )*\?{name}(?: \?\w+)*\) \{{ \([^\n]*$", head)
    return parts


def token_between(bound: str, parts: list[str]) -> str:
    """The one token ``bound`` has where the placeholder was (the same at every copy); fails
    if anything else differs."""
    copies = len(parts) - 1
    rest = len(bound) - sum(map(len, parts))
    assert rest > 0 and rest % copies == 0
    assert bound.startswith(parts[0]), "the text before the VALUES row changed"
    assert bound.endswith(parts[-1]), "the text after the VALUES row changed"
    token = bound[len(parts[0]) : len(parts[0]) + rest // copies]
    assert bound == token.join(parts), "the text between the VALUES rows changed"
    return token


def _normalize(node: Any, lit: Literal) -> Any:
    """An algebra tree as nested tuples, with ``lit`` (and the placeholder) made one symbol."""
    if isinstance(node, CompValue):
        return (node.name, tuple((k, _normalize(v, lit)) for k, v in node.items()))
    if isinstance(node, dict):
        items = [(_normalize(k, lit), _normalize(v, lit)) for k, v in node.items()]
        return ("dict", tuple(sorted(items, key=repr)))
    if isinstance(node, list | tuple):
        return tuple(_normalize(x, lit) for x in node)
    if isinstance(node, set | frozenset):
        return frozenset(_normalize(x, lit) for x in node)
    if isinstance(node, Literal) and _expected(node) in (_expected(lit), _expected(PLACEHOLDER)):
        return ("BOUND-LITERAL",)
    return node


def algebra_of(text: str, lit: Literal) -> Any:
    return _normalize(prepareQuery(text).algebra, lit)


# ----------------------------------------------------------------------- fixtures
def parameters() -> list[tuple[NamedQuery, str]]:
    pairs = [(q, p.name) for q in load_queries().values() for p in q.params]
    assert len(pairs) >= 9  # the six original queries alone have nine parameters
    return pairs


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store("memory") as s:
        for g in sample_graphs():
            s.replace_graph(URIRef(str(g.identifier)), g)
        yield s


def fingerprint(store: Store) -> tuple[int, list[URIRef], str]:
    """Quad count, graph names and a SHA-256 of the sorted N-Quads dump."""
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    lines = sorted(buf.getvalue().splitlines())
    return store.quad_count(), store.graphs(), hashlib.sha256(b"\n".join(lines)).hexdigest()


def result_rows(result: Any) -> tuple[list[str], list[tuple[Node, ...]]]:
    return [str(v) for v in result.vars or []], [tuple(row) for row in result]


# --------------------------------------------------------------------------- tests
def test_the_values_are_hostile_and_deterministic() -> None:
    assert len(VALUES) == len(set(VALUES)) == N_VALUES
    assert hostile_values() == VALUES  # seeded
    assert not any(0xD800 <= ord(c) <= 0xDFFF for v in VALUES for c in v)
    for needle in ["'", '"""', "{", "}", ";", "#", "DROP ALL", "INSERT DATA", "\\u0022", "\x00"]:
        assert sum(needle in v for v in VALUES) > 20, needle
    assert any(len(v) > 100_000 for v in VALUES)
    assert any(ord(c) > 0xFFFF for v in VALUES for c in v)
    for lang in LANGS:
        assert term_to_sparql(Literal("x", lang=lang)) == f'"x"@{lang.lower()}'


def test_bound_text_differs_only_by_one_literal_token() -> None:
    tokens: dict[str, Literal] = {}
    pairs = parameters()
    for at, (q, name) in enumerate(pairs):
        parts = split_at_placeholder(q, name)
        for i, value in enumerate(VALUES):
            plain, tagged, typed = variants(i, value)
            # "x"^^xsd:string is "x" in RDF 1.1: the same text (checked on one query, to save time)
            lits = [plain, tagged, typed] if at == 0 else [plain, tagged]
            bound = [bind_values(q.text, bindings(q, name, lit)) for lit in lits]
            if at == 0:
                assert bound[2] == bound[0]
            for text, lit in zip(bound, lits, strict=True):
                token = token_between(text, parts)
                if token not in tokens:
                    tokens[token] = lit
                else:
                    assert _expected(tokens[token]) == _expected(lit)
    assert len(tokens) == 2 * N_VALUES
    oxs = ox.Store()
    batch: list[tuple[str, Literal]] = []
    for token, lit in tokens.items():
        check_token(token, lit)
        check_token_in_oxigraph(oxs, token, lit)
        batch.append((token, lit))
    for at in range(0, len(batch), 50):
        chunk = batch[at : at + 50]
        check_tokens_in_rdflib([t for t, _ in chunk], [lit for _, lit in chunk])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_full_algebra_equals_the_placeholders() -> None:
    short = [v for v in HAND if len(v) < 1000]
    composite = "".join(short)
    assert len(short) > 120
    for at, q in enumerate(q for q in load_queries().values() if q.params):
        name = q.params[at % len(q.params)].name  # one parameter per query (~60 ms a parse)
        reference = algebra_of(bind_values(q.text, bindings(q, name, PLACEHOLDER)), PLACEHOLDER)
        lits = [Literal(composite)]
        if at == 0:  # once: the binding is seen, a language tag changes nothing
            assert reference != algebra_of(q.text, PLACEHOLDER)
            lits.append(Literal(composite, lang="en-US"))
        for lit in lits:
            bound = bind_values(q.text, bindings(q, name, lit))
            assert algebra_of(bound, lit) == reference, (q.name, name)


def test_the_checks_catch_a_pasting_binder() -> None:
    """A binder that pastes the value between quotes fails the checks above."""
    q, name = parameters()[0]
    parts = split_at_placeholder(q, name)

    def pasted(value: str) -> str:
        return bind_values(q.text, bindings(q, name, PLACEHOLDER)).replace(
            term_to_sparql(PLACEHOLDER), f'"{value}"'
        )

    caught = 0
    for value in HAND:
        try:
            check_token(token_between(pasted(value), parts), Literal(value))
        except AssertionError:
            caught += 1
    assert caught > 40
    with pytest.raises((AssertionError, SyntaxError)):
        check_token_in_oxigraph(ox.Store(), f'"{HOSTILE}"', Literal(HOSTILE))
    with pytest.raises(AssertionError):
        check_tokens_in_rdflib(['"a" ) ("b"'], [Literal('a" ) ("b')])
    # a pasted value that still parses, into another query: the algebra check sees it
    value = 'x") } FILTER(false) VALUES (?y) { ("'
    reference = algebra_of(bind_values(q.text, bindings(q, name, PLACEHOLDER)), PLACEHOLDER)
    assert algebra_of(pasted(value), Literal(value)) != reference
    # and the store fingerprint sees a change
    with open_store("memory") as s:
        before = fingerprint(s)
        s.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:b"), Literal("c"))])
        assert fingerprint(s) != before


def test_hostile_literals_run_and_change_nothing(store: Store) -> None:
    before = fingerprint(store)
    assert before[0] > 400
    pairs = parameters()
    reference = {
        (q.name, name): result_rows(store.query(q.text, bindings(q, name, PLACEHOLDER)))
        for q, name in pairs
    }
    core = set(HAND[: HAND.index("\\")])  # quotes, braces, comments, updates, break-outs
    runs: dict[tuple[str, str], int] = dict.fromkeys(reference, 0)
    for i, value in enumerate(VALUES):
        plain, tagged, _ = variants(i, value)  # the xsd:string text is the plain one
        # each value through one query and parameter, in turn, and its tagged literal through
        # another, by run_named; the core hand values through every query, the parameter
        # rotating (all values through all: 20 s or more; the text checks cover them all)
        if value in core:
            queries = {q.name: q for q, _ in pairs}.values()
            todo = [((q, q.params[i % len(q.params)].name), plain) for q in queries]
        else:
            todo = [(pairs[i % len(pairs)], plain)]
        todo.append((pairs[-i % len(pairs)], tagged))
        for (q, name), lit in todo:
            if lit is tagged:
                got = result_rows(run_named(store, q.name, bindings(q, name, lit)))
            else:
                got = result_rows(store.query(q.text, bindings(q, name, lit)))
            assert got == reference[q.name, name], (q.name, name, value[:200])
            runs[q.name, name] += 1
    assert min(runs.values()) > N_VALUES // len(pairs)
    assert fingerprint(store) == before


_NOT_IN_IRI = set(' <>"{}|^`\\\x7f') | {chr(c) for c in range(0x21)}

WEIRD_IRIS = [
    "https://example.org/\u00e9?q=1#frag",
    "https://example.org/?q=DROP+ALL&x=1#top",
    "https://example.org/%22%7D%20DROP%20ALL",
    "https://example.org/\u05e9\u05dc\u05d5\u05dd",
    "https://example.org/\u202eevil",
    "https://example.org/\U0001f600",
    "https://example.org/e\u0301",
    "https://example.org/a\u200bb",
    "urn:x:'';DROP",
    "urn:x:#",
    "<urn:x:?>",
    "person:\u03a9\u03bc\u03ad\u03b3\u03b1#?x",
    "person:$var?x=1",
    "mailto:a@b.c?subject=DROP%20ALL",
    "tag:example.org,2025:!$&'()*+,;=",
    "  https://example.org/padded  ",
]


def strings(q: NamedQuery, name: str, value: str) -> dict[str, str | Node | None]:
    """Parameters for run_named: ``name`` is ``value``, the other required ones ``OTHER``."""
    return {**{p: OTHER for p in q.required if p != name}, name: value}


def _cannot_be_an_iri(value: str) -> bool:
    core = value.strip()
    if core.startswith("<") and core.endswith(">"):
        core = core[1:-1]
    return any(c in _NOT_IN_IRI for c in core)


def test_strings_are_iris_refused_with_query_error_or_bound(store: Store) -> None:
    before = fingerprint(store)
    pairs = parameters()
    refused = accepted = 0
    for i, value in enumerate([*VALUES, *WEIRD_IRIS]):
        q, name = pairs[i % len(pairs)]
        where = rf"^parameter {re.escape(name)} of query {re.escape(repr(q.name))}: "
        try:
            iri = expand_iri(value)
        except QueryError as e:
            assert repr(value)[:40] in str(e)
            with pytest.raises(QueryError, match=where):
                run_named(store, q.name, strings(q, name, value))
            refused += 1
        else:
            assert not _cannot_be_an_iri(value), value
            assert not set(str(iri)) & _NOT_IN_IRI, value
            assert result_rows(run_named(store, q.name, strings(q, name, value)))[1] == [], value
            accepted += 1
        # an rdflib URIRef is taken as it is: refused by term_to_sparql, or bound
        try:
            got = result_rows(store.query(q.text, bindings(q, name, URIRef(value))))
        except QueryError as e:
            assert str(e).startswith("not a valid IRI: ")
        else:
            assert not set(value) & _NOT_IN_IRI, value
            assert got[1] == [], value
    assert refused > 900 and accepted >= len(WEIRD_IRIS)
    for value in WEIRD_IRIS:
        for q, name in pairs:
            got = result_rows(run_named(store, q.name, strings(q, name, value)))
            assert got[1] == [], (q.name, value)
    assert fingerprint(store) == before


AD_HOC = [
    # the VALUES block goes before the grouping: ?x is the one group, echoed back
    "SELECT ?x (COUNT(?s) AS ?n) WHERE { OPTIONAL { GRAPH ?g { ?s ?p ?x } } } GROUP BY ?x",
    # no WHERE keyword, an aggregate over a pattern that needs ?x
    "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?x } }",
]


def test_store_query_binds_literals_outside_named_queries(store: Store) -> None:
    before = fingerprint(store)
    echo, count = AD_HOC
    # how often each literal is an object in the store, counted without any binding
    objects: dict[tuple[str, str | None, str], int] = {}
    every_literal = (
        "SELECT ?o (COUNT(*) AS ?n) "
        "WHERE { GRAPH ?g { ?s ?p ?o FILTER isLiteral(?o) } } GROUP BY ?o"
    )
    for o, n in result_rows(store.query(every_literal))[1]:
        assert isinstance(o, Literal) and isinstance(n, Literal)
        objects[_expected(o)] = int(n)
    # a few of the values are words of the articles: the binding restricts the aggregate
    matching = [v for v in VALUES if objects.get(_expected(Literal(v)))]
    assert matching
    for i, value in enumerate(VALUES):
        for lit in variants(i, value):
            want = objects.get(_expected(lit), 0)
            ((got, n),) = result_rows(store.query(echo, {"x": lit}))[1]
            assert isinstance(got, Literal) and _expected(got) == _expected(lit), value[:200]
            assert isinstance(n, Literal) and int(n) == want, value[:200]
            ((n,),) = result_rows(store.query(count, {"x": lit}))[1]
            assert isinstance(n, Literal) and int(n) == want, value[:200]
    assert fingerprint(store) == before


# ------------------------------------------------------------ escapes and non-RDF literals
def test_escapes_read_back_in_rdflib() -> None:
    lits = [Literal(v) for v in VALUES if _tricky_for_rdflib(v)]
    assert len(lits) > 20
    for lit in lits:
        check_tokens_in_rdflib([term_to_sparql(lit)], [lit])


@pytest.mark.parametrize(
    "lit",
    [
        Literal("\ud800"),
        Literal("a\udcffb"),  # what surrogateescape makes of the byte 0xff in argv
        Literal("x", lang="abcdefghi"),  # fine for rdflib, not BCP 47
        Literal("x", datatype=URIRef("urn:x y")),
    ],
    ids=["lone-surrogate", "surrogateescape", "long-subtag", "bad-datatype"],
)
def test_literals_that_are_not_rdf_are_refused(store: Store, lit: Literal) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT * WHERE { ?s ?p ?x }", {"x": lit})
