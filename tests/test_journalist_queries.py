"""The saved queries for a journalist's questions: posts, claims, anonymous_claims,
replacements, contradictions, comentions.

Two hand-made articles are built into article graphs and loaded into a memory store:

* article J1 (published by the Daily Planet): Ann Lee replaced Bob Stone at the head of the
  Harbour Board (a leadership and a former leadership, a post and the same post with an end
  date), a former treasurer, claims on anonymous sources (one alone, one backed by a named
  speaker in the same sentence, one backed by the same words on record in J2, one about
  nothing), a denial, a speaker who asserts and denies, a meeting;
* article J2 (no publisher): Eve Park says on record what officials told the Courier in J1,
  Ann Lee holds her post, Dana Fox is named in passing.

Each query is also run on the example articles extracted by the real pipeline, as a smoke
check of its columns and of the answer on a real store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError
from graph.queries import get_query, load_queries, run_named
from graph.rdf import build_graph
from graph.records import (
    Article,
    Extraction,
    Relation,
    Role,
    Statement,
)
from graph.resolve import article_iri, entity_iri
from graph.store import Store, open_store
from tests.fixtures.queries import (
    assert_engines_agree,
    entity,
    memory_store,
    rows,
    sentence,
)

NK = "https://w3id.org/newskg/ontology#"
NEW = ["posts", "claims", "anonymous_claims", "replacements", "contradictions", "comentions"]

TEXT_1 = (
    "Ann Lee replaced Bob Stone as chair of the Harbour Board. "
    "Bob Stone, the former chair of the Harbour Board, left in March. "
    "Ivy Chen, a former treasurer of the Harbour Board, agreed. "
    "A person familiar with the matter told the Courier that Ann Lee will sell the port. "
    "Carl Diaz denied that Ann Lee will sell the port. "
    "Officials told the Courier that the Harbour Board is broke. "
    "Union sources told the Courier, and Dana Fox said, that the Harbour Board will hire "
    "Gus Hale. "
    "Gus Hale said the Harbour Board is honest but denied that it is broke. "
    "Sources told the Courier that rates will rise. "
    "Dana Fox met Carl Diaz in Westhaven."
)
TEXT_2 = (
    "Eve Park said the Harbour Board is broke. "
    "Ann Lee, the chair of the Harbour Board, declined to comment. "
    "Dana Fox was not available."
)


# ------------------------------------------------------------------------------ data


def said(
    text: str, needle: str, speaker: str, stance: str, quote: str, *about: str, **kw: Any
) -> Statement:
    return Statement(
        sentence(text, needle),
        0.7,
        speaker=speaker,
        cue=kw.pop("cue", "said"),
        stance=stance,
        quote=quote,
        about=list(about),
        **kw,
    )


def extraction_1() -> Extraction:
    t = TEXT_1
    art = Article(
        t,
        title="Harbour Board shake-up",
        published=date(2025, 3, 2),
        url="https://example.org/2025/03/02/harbour",
        publisher="Daily Planet",
        source="j1.txt",
    )
    return Extraction(
        art,
        entities=[
            entity("lee", "Ann Lee", "Person", t),
            entity("stone", "Bob Stone", "Person", t),
            entity("chen", "Ivy Chen", "Person", t),
            entity("board", "Harbour Board", "Organization", t),
            entity("courier", "Courier", "NewsMediaOrganization", t),
            entity("diaz", "Carl Diaz", "Person", t),
            entity("fox", "Dana Fox", "Person", t),
            entity("hale", "Gus Hale", "Person", t),
            entity("westhaven", "Westhaven", "Place", t),
        ],
        roles=[
            Role(
                sentence(t, "replaced"),
                0.8,
                start="2025-03",
                person="lee",
                role="chair",
                org="board",
            ),
            Role(
                sentence(t, "left in March"),
                0.8,
                end="2025-03",
                person="stone",
                role="chair",
                org="board",
            ),
            Role(
                sentence(t, "treasurer"),
                0.8,
                ended=True,
                person="chen",
                role="treasurer",
                org="board",
            ),
        ],
        relations=[
            Relation(
                sentence(t, "replaced"),
                0.8,
                start="2025-03",
                subject="lee",
                predicate="leads",
                object="board",
            ),
            Relation(
                sentence(t, "replaced"),
                0.8,
                subject="stone",
                predicate="formerly_led",
                object="board",
            ),
            Relation(
                sentence(t, "met Carl"), 0.8, subject="fox", predicate="met_with", object="diaz"
            ),
        ],
        statements=[
            said(
                t,
                "familiar",
                "courier",
                "assert",
                "Ann Lee will sell the port",
                "lee",
                cue="told",
                via="A person familiar with the matter",
            ),
            said(
                t, "Diaz denied", "diaz", "deny", "Ann Lee will sell the port", "lee", cue="denied"
            ),
            said(
                t,
                "Officials",
                "courier",
                "assert",
                "the Harbour Board is broke",
                "board",
                cue="told",
                via="Officials",
            ),
            said(
                t,
                "Union sources",
                "courier",
                "assert",
                "the Harbour Board will hire Gus Hale",
                "board",
                "hale",
                cue="told",
                via="Union sources",
            ),
            said(
                t,
                "Union sources",
                "fox",
                "assert",
                "the Harbour Board will hire Gus Hale",
                "board",
                "hale",
            ),
            said(t, "is honest", "hale", "assert", "the Harbour Board is honest", "board"),
            said(t, "is honest", "hale", "deny", "it is broke", "board", cue="denied"),
            said(t, "rates", "courier", "speculate", "rates will rise", cue="told", via="Sources"),
        ],
    )


def extraction_2() -> Extraction:
    t = TEXT_2
    art = Article(
        t,
        title="Harbour money",
        published=date(2025, 3, 5),
        url="https://example.org/2025/03/05/money",
        source="j2.txt",
    )
    return Extraction(
        art,
        entities=[
            entity("park", "Eve Park", "Person", t),
            entity("board", "Harbour Board", "Organization", t),
            entity("lee", "Ann Lee", "Person", t),
            entity("fox", "Dana Fox", "Person", t),
        ],
        roles=[
            Role(sentence(t, "declined"), 0.8, person="lee", role="chair", org="board"),
        ],
        statements=[
            said(t, "Eve Park", "park", "assert", "the Harbour Board is broke", "board"),
        ],
    )


J1 = article_iri(extraction_1().article)
J2 = article_iri(extraction_2().article)
LEE = entity_iri("Person", "Ann Lee")
STONE = entity_iri("Person", "Bob Stone")
BOARD = entity_iri("Organization", "Harbour Board")
COURIER = entity_iri("NewsMediaOrganization", "Courier")
DIAZ = entity_iri("Person", "Carl Diaz")
FOX = entity_iri("Person", "Dana Fox")
HALE = entity_iri("Person", "Gus Hale")
PARK = entity_iri("Person", "Eve Park")
PLANET = entity_iri("NewsMediaOrganization", "Daily Planet")


def graphs() -> list[Any]:
    return [build_graph(extraction_1()), build_graph(extraction_2())]


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    yield from memory_store(graphs())


def text(r: dict[str, Any], *keys: str) -> tuple[Any, ...]:
    """The values of ``keys`` in a row, as Python values (None when unbound)."""
    return tuple(None if r[k] is None else r[k].toPython() for k in keys)


def sentence_of(source: str, needle: str) -> str:
    return sentence(source, needle).text


# --------------------------------------------------------------------------- headers
def test_the_journalist_queries_are_documented() -> None:
    queries = load_queries()
    for name in NEW:
        q = queries[name]
        assert q.description and q.columns, name
        assert all(p.doc for p in q.params), name
    assert [p.name for p in queries["posts"].params] == ["organization", "person"]
    assert queries["claims"].required == ["entity"]
    assert queries["anonymous_claims"].required == []
    assert [p.name for p in queries["replacements"].params] == [
        "organization",
        "successor",
        "predecessor",
    ]
    assert queries["replacements"].required == []
    assert queries["contradictions"].required == []
    assert queries["comentions"].required == ["a", "b"]


PARAMS: dict[str, dict[str, Node]] = {
    "posts": {},
    "claims": {"entity": BOARD},
    "anonymous_claims": {},
    "replacements": {},
    "contradictions": {},
    "comentions": {"a": FOX, "b": DIAZ},
}


@pytest.mark.parametrize("name", NEW)
def test_columns_are_the_documented_ones(store: Store, name: str) -> None:
    res = run_named(store, name, PARAMS[name])
    assert [str(v) for v in res.vars or []] == get_query(name).columns
    assert len(res) > 0


# ------------------------------------------------------------------------------ posts
def test_posts(store: Store) -> None:
    got = rows(store, "posts")
    seen = [
        (str(r["personLabel"]), str(r["role"]), str(r["kind"]).rsplit("#")[-1], r["article"])
        for r in got
    ]
    assert sorted(seen) == sorted(
        [
            ("Ann Lee", "chair", "PostHolding", J2),
            ("Ann Lee", "chair", "PostHolding", J1),
            ("Ann Lee", "head", "Leadership", J1),
            ("Bob Stone", "chair", "PostHolding", J1),
            ("Bob Stone", "head", "FormerLeadership", J1),
            ("Ivy Chen", "treasurer", "PostHolding", J1),
        ]
    )
    # current holders first, then former ones; the newer article first
    assert [
        (person, r["former"].toPython()) for (person, *_), r in zip(seen, got, strict=True)
    ] == [
        ("Ann Lee", False),
        ("Ann Lee", False),
        ("Ann Lee", False),
        ("Bob Stone", True),
        ("Bob Stone", True),
        ("Ivy Chen", True),
    ]
    assert got[0]["article"] == J2
    for r in got:
        assert (r["organization"], str(r["organizationLabel"])) == (BOARD, "Harbour Board")
        source = TEXT_1 if r["article"] == J1 else TEXT_2
        assert str(r["sentence"]) in source
    by = {(str(r["personLabel"]), str(r["kind"]).rsplit("#")[-1]): r for r in got}
    lee = by[("Ann Lee", "Leadership")]
    assert (str(lee["startDate"]), lee["endDate"], str(lee["date"])) == (
        "2025-03",
        None,
        "2025-03-02",
    )
    stone = by[("Bob Stone", "PostHolding")]
    assert (stone["startDate"], str(stone["endDate"])) == (None, "2025-03")  # former by its end
    chen = by[("Ivy Chen", "PostHolding")]
    assert chen["endDate"] is None and chen["former"].toPython() is True  # "former treasurer"
    assert str(chen["sentence"]) == sentence_of(TEXT_1, "treasurer")
    # the parameters, alone and together
    assert len(rows(store, "posts", organization=BOARD)) == 6
    assert {str(r["role"]) for r in rows(store, "posts", person=STONE)} == {"chair", "head"}
    assert len(rows(store, "posts", organization=BOARD, person=LEE)) == 3
    assert rows(store, "posts", organization=FOX) == []
    assert rows(store, "posts", person=FOX) == []


# ----------------------------------------------------------------------------- claims
def test_claims(store: Store) -> None:
    got = rows(store, "claims", entity=LEE)
    assert [
        text(r, "stance", "sourceLabel", "speakerLabel", "via", "anonymous", "quote") for r in got
    ] == [
        (
            "assert",
            "Courier",
            "Courier",
            "A person familiar with the matter",
            True,
            "Ann Lee will sell the port",
        ),
        ("deny", "Daily Planet", "Carl Diaz", None, False, "Ann Lee will sell the port"),
    ]
    relayed, denial = got
    assert (relayed["source"], relayed["speaker"]) == (COURIER, COURIER)  # the relaying outlet
    assert (denial["source"], denial["speaker"]) == (PLANET, DIAZ)  # the article's publisher
    assert str(denial["cue"]) == "denied"
    assert (denial["article"], str(denial["headline"]), str(denial["date"])) == (
        J1,
        "Harbour Board shake-up",
        "2025-03-02",
    )
    assert str(denial["sentence"]) == sentence_of(TEXT_1, "Diaz denied")


def test_claims_are_grouped_by_stance_then_source(store: Store) -> None:
    got = rows(store, "claims", entity=BOARD)
    assert [text(r, "stance", "sourceLabel", "speakerLabel", "via") for r in got] == [
        ("assert", "Courier", "Courier", "Officials"),
        ("assert", "Courier", "Courier", "Union sources"),
        ("assert", "Daily Planet", "Dana Fox", None),
        ("assert", "Daily Planet", "Gus Hale", None),
        # no publisher: the article is the source, labelled by its headline
        ("assert", "Harbour money", "Eve Park", None),
        ("deny", "Daily Planet", "Gus Hale", None),
    ]
    assert got[4]["source"] == J2
    assert rows(store, "claims", entity=STONE) == []


def test_claims_needs_its_entity(store: Store) -> None:
    with pytest.raises(QueryError, match="needs the parameter entity"):
        run_named(store, "claims", {})


# ------------------------------------------------------------------- anonymous claims
def test_anonymous_claims(store: Store) -> None:
    got = rows(store, "anonymous_claims")
    # listed: an anonymous claim whose words a named speaker denies (a denial does not back
    # it), and one about nothing. Not listed: the officials' claim (Eve Park says the same
    # words on record in J2), the union sources' one (Dana Fox says it in the same
    # sentence), and every statement of a named speaker.
    assert [text(r, "stance", "speakerLabel", "via", "quote", "about") for r in got] == [
        (
            "assert",
            "Courier",
            "A person familiar with the matter",
            "Ann Lee will sell the port",
            "Ann Lee",
        ),
        ("speculate", "Courier", "Sources", "rates will rise", ""),
    ]
    assert all(r["article"] == J1 and str(r["headline"]) == "Harbour Board shake-up" for r in got)
    assert str(got[0]["sentence"]) == sentence_of(TEXT_1, "familiar")
    assert str(got[0]["cue"]) == "told" and str(got[0]["date"]) == "2025-03-02"
    only = rows(store, "anonymous_claims", entity=LEE)
    assert [r["fact"] for r in only] == [got[0]["fact"]]
    assert rows(store, "anonymous_claims", entity=BOARD) == []
    assert rows(store, "anonymous_claims", entity=HALE) == []


def test_a_claim_is_anonymous_until_a_named_source_backs_it() -> None:
    """The officials' claim is listed when the article that backs it is not in the store."""
    with open_store("memory") as s:
        g = build_graph(extraction_1())
        s.replace_graph(URIRef(str(g.identifier)), g)
        vias = [str(r["via"]) for r in rows(s, "anonymous_claims")]
        assert vias == ["A person familiar with the matter", "Officials", "Sources"]


# ------------------------------------------------------------------------ replacements
def test_replacements(store: Store) -> None:
    got = rows(store, "replacements")
    assert sorted(
        text(r, "organizationLabel", "role", "successorLabel", "predecessorLabel") for r in got
    ) == [
        ("Harbour Board", "chair", "Ann Lee", "Bob Stone"),  # the same post, one ended
        ("Harbour Board", "head", "Ann Lee", "Bob Stone"),  # leads / formerly led
    ]
    for r in got:
        assert (r["organization"], r["successor"], r["predecessor"]) == (BOARD, LEE, STONE)
        assert (r["article"], str(r["date"])) == (J1, "2025-03-02")
        assert str(r["successorStart"]) == "2025-03"
        assert str(r["successorSentence"]) == sentence_of(TEXT_1, "replaced")
    post = next(r for r in got if str(r["role"]) == "chair")
    assert str(post["predecessorEnd"]) == "2025-03"
    assert str(post["predecessorSentence"]) == sentence_of(TEXT_1, "left in March")
    # the former treasurer has no successor; Ann Lee's post in J2 has no predecessor there
    assert len(rows(store, "replacements", organization=BOARD)) == 2
    assert len(rows(store, "replacements", successor=LEE, predecessor=STONE)) == 2
    assert len(rows(store, "replacements", predecessor=STONE)) == 2
    assert rows(store, "replacements", successor=STONE) == []
    assert rows(store, "replacements", organization=FOX) == []


# ---------------------------------------------------------------------- contradictions
def test_contradictions(store: Store) -> None:
    got = rows(store, "contradictions")
    assert [
        text(r, "entityLabel", "asserterLabel", "assertVia", "denierLabel", "denyVia") for r in got
    ] == [
        ("Ann Lee", "Courier", "A person familiar with the matter", "Carl Diaz", None),
        ("Harbour Board", "Courier", "Officials", "Gus Hale", None),
        ("Harbour Board", "Courier", "Union sources", "Gus Hale", None),
        ("Harbour Board", "Dana Fox", None, "Gus Hale", None),
        ("Harbour Board", "Eve Park", None, "Gus Hale", None),
        # not: Gus Hale's own assertion against his own denial; not: Gus Hale, about whom
        # there are two assertions and no denial
    ]
    lee = got[0]
    assert (lee["entity"], lee["asserter"], lee["denier"]) == (LEE, COURIER, DIAZ)
    assert text(lee, "assertQuote", "denyQuote") == (
        "Ann Lee will sell the port",
        "Ann Lee will sell the port",
    )
    assert str(lee["assertSentence"]) == sentence_of(TEXT_1, "familiar")
    assert str(lee["denySentence"]) == sentence_of(TEXT_1, "Diaz denied")
    assert (lee["assertArticle"], lee["denyArticle"]) == (J1, J1)
    park = got[4]
    # across articles: both articles and dates
    assert (park["assertArticle"], str(park["assertDate"])) == (J2, "2025-03-05")
    assert (park["denyArticle"], str(park["denyDate"])) == (J1, "2025-03-02")
    assert [r["assertFact"] for r in rows(store, "contradictions", entity=LEE)] == [
        lee["assertFact"]
    ]
    assert len(rows(store, "contradictions", entity=BOARD)) == 4
    assert rows(store, "contradictions", entity=HALE) == []  # two asserts: no contradiction


# -------------------------------------------------------------------------- comentions
def test_comentions(store: Store) -> None:
    (row,) = rows(store, "comentions", a=FOX, b=DIAZ)  # only J1 names both
    assert (row["article"], str(row["headline"]), str(row["date"])) == (
        J1,
        "Harbour Board shake-up",
        "2025-03-02",
    )
    assert row["url"] == URIRef("https://example.org/2025/03/02/harbour")
    assert (int(row["aMentions"]), int(row["bMentions"])) == (
        TEXT_1.count("Dana Fox"),
        TEXT_1.count("Carl Diaz"),
    )
    # the first sentence that names each, and the one that names both (their meeting)
    assert str(row["aSentence"]) == sentence_of(TEXT_1, "Union sources")
    assert str(row["bSentence"]) == sentence_of(TEXT_1, "Diaz denied")
    assert str(row["sentence"]) == sentence_of(TEXT_1, "met Carl")


def test_comentions_in_two_articles(store: Store) -> None:
    got = rows(store, "comentions", a=FOX, b=LEE)
    assert [r["article"] for r in got] == [J2, J1]  # newest first
    j2, j1 = got
    assert (int(j2["aMentions"]), int(j2["bMentions"])) == (1, 1)
    # J2 names Dana Fox in passing: no fact of hers, no sentence
    assert text(j2, "aSentence", "bSentence", "sentence") == (
        "",
        sentence_of(TEXT_2, "declined"),
        "",
    )
    assert str(j1["bSentence"]) == sentence_of(TEXT_1, "replaced")
    assert str(j1["sentence"]) == ""  # no fact of J1 has both
    assert rows(store, "comentions", a=DIAZ, b=PARK) == []  # never in the same article
    assert rows(store, "comentions", a=LEE, b=URIRef("https://w3id.org/newskg/person/nobody")) == []
    with pytest.raises(QueryError, match="needs the parameter b"):
        run_named(store, "comentions", {"a": FOX})


# ------------------------------------------------------------------ engines agree


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_same_answers_on_every_engine(store: Store) -> None:
    """The same rows from the store, from Oxigraph and from rdflib without a union default
    graph: parameters are pattern variables, never filtered on in a nested group."""
    cases: list[tuple[str, dict[str, Node]]] = [
        ("posts", {}),
        ("posts", {"organization": BOARD, "person": STONE}),
        ("claims", {"entity": BOARD}),
        ("anonymous_claims", {}),
        ("anonymous_claims", {"entity": LEE}),
        ("replacements", {}),
        ("replacements", {"predecessor": STONE}),
        ("contradictions", {}),
        ("contradictions", {"entity": BOARD}),
        ("comentions", {"a": FOX, "b": DIAZ}),
        ("comentions", {"a": FOX, "b": LEE}),
    ]
    assert_engines_agree(store, graphs(), cases)


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("posts", "organization"),
        ("posts", "person"),
        ("claims", "entity"),
        ("anonymous_claims", "entity"),
        ("replacements", "successor"),
        ("contradictions", "entity"),
        ("comentions", "a"),
    ],
)
def test_hostile_values_change_nothing(store: Store, name: str, param: str) -> None:
    hostile = '"} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #'
    before = store.quad_count()
    params: dict[str, Any] = {"entity": BOARD} if name == "claims" else {}
    if name == "comentions":
        params = {"b": DIAZ}
    assert rows(store, name, **{**params, param: Literal(hostile)}) == []
    with pytest.raises(QueryError):
        run_named(store, name, {**params, param: hostile})
    assert store.quad_count() == before
    assert set(store.graphs()) == {J1, J2}


# ------------------------------------------------------- the example articles, extracted
LAVROV = entity_iri("Person", "Sergei Lavrov")
PUTIN = entity_iri("Person", "Vladimir Putin")


def test_on_the_example_articles(sample_store: Store) -> None:
    """Each query runs on the real extraction of the example articles, with its documented
    columns, and answers the obvious questions about the seed article."""
    cases: list[tuple[str, dict[str, Node]]] = [
        ("posts", {}),
        ("posts", {"person": LAVROV}),
        ("claims", {"entity": LAVROV}),
        ("anonymous_claims", {}),
        ("anonymous_claims", {"entity": LAVROV}),
        ("replacements", {}),
        ("contradictions", {"entity": LAVROV}),
        ("contradictions", {}),
        ("comentions", {"a": LAVROV, "b": PUTIN}),
    ]
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for name, params in cases:
        res = run_named(sample_store, name, params)
        assert [str(v) for v in res.vars or []] == get_query(name).columns, name
        found[(name, ",".join(params))] = [
            {str(v): row[i] for i, v in enumerate(res.vars or [])}  # type: ignore[index]
            for row in res
        ]
    posts = found[("posts", "")]
    assert posts and all(r["organization"] is not None for r in posts)
    assert {r["person"] for r in found[("posts", "person")]} == {LAVROV}
    claims = found[("claims", "entity")]
    assert {str(r["stance"]) for r in claims} >= {"assert", "deny"}
    stances = [str(r["stance"]) for r in claims]
    assert stances == sorted(stances)
    assert any(r["anonymous"].toPython() for r in claims)
    anonymous = found[("anonymous_claims", "")]
    assert anonymous and all(r["via"] is not None for r in anonymous)
    for r in found[("replacements", "")]:
        assert r["successor"] != r["predecessor"]
    pairs = found[("contradictions", "entity")]
    assert pairs and all(r["entity"] == LAVROV for r in pairs)
    assert len(found[("contradictions", "")]) >= len(pairs)
    both = found[("comentions", "a,b")]
    assert len(both) >= 2
    for r in both:
        assert int(r["aMentions"]) > 0 and int(r["bMentions"]) > 0
