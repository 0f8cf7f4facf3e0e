"""One node per person and institution: the rules of issue 12, each on names of our own.

Linker rules run on hand-made extractions (no parser); extraction rules run the real spaCy
pipeline on short invented texts; the second look ingests invented articles into an
in-memory store with the real pipeline. No name here is in any corpus of the project.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef

from graph.extract import Extractor
from graph.extract.entities import title_case_lines
from graph.extract.lexicon import lexicon
from graph.linking import EntityIndex, Linker
from graph.pipeline import ingest
from graph.read import read_path
from graph.records import Article, Entity, Extraction, Mention
from graph.resolve import entity_iri, entity_iris
from graph.store import open_store


def iri(type_key: str, name: str) -> URIRef:
    return entity_iri(type_key, name)


def index(*entities: tuple[str, str, int]) -> EntityIndex:
    idx = EntityIndex()
    for type_key, name, articles in entities:
        idx.add(iri(type_key, name), type_key, name, articles=articles)
    return idx


def extraction(
    *entities: tuple[str, str], text: str = "x", publisher: str | None = None
) -> Extraction:
    ents = [
        Entity(f"e{i}", name, type_key, [Mention(0, 1, "x", "X")])
        for i, (type_key, name) in enumerate(entities)
    ]
    return Extraction(Article(text=text, title="T", publisher=publisher), entities=ents)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def entities_of(extractor: Extractor, text: str) -> dict[str, Entity]:
    """The entities the real pipeline extracts from ``text``, by name."""
    return {e.name: e for e in extractor.extract(Article(text=text, title="T")).entities}


def names(extractor: Extractor, text: str) -> dict[str, str]:
    return {name: e.type for name, e in entities_of(extractor, text).items()}


# ------------------------------------------------------------------ generational suffixes
def with_context(linker: Linker, person: URIRef, *others: URIRef) -> None:
    linker.context.add(person, list(others))
    linker.context.mark_loaded(person)


TOWN, PARTY = iri("Place", "Dunmere"), iri("Organization", "Dunmere Civic League")


def test_a_formal_name_with_jr_is_the_person_named_without_it_when_context_agrees() -> None:
    """ "Joseph R. Brenning Jr." (a paper's formal style) is Joe Brenning of the store."""
    linker = Linker(index(("Person", "Joe Brenning", 12)))
    with_context(linker, iri("Person", "Joe Brenning"), TOWN, PARTY)
    x = extraction(("Person", "Joseph R. Brenning Jr."), ("Place", "Dunmere"),
                   ("Organization", "Dunmere Civic League"))  # fmt: skip
    assert linker.link(x).iris.get("e0") == iri("Person", "Joe Brenning")


def test_a_son_named_jr_is_not_his_father() -> None:
    """Without a middle name, "Halvard Brenning Jr." says whose son he is; with one but no
    shared context, or beside the father in the same article, the two stay apart."""
    linker = Linker(index(("Person", "Halvard Brenning", 12)))
    with_context(linker, iri("Person", "Halvard Brenning"), TOWN, PARTY)
    context = [("Place", "Dunmere"), ("Organization", "Dunmere Civic League")]
    assert linker.link(extraction(("Person", "Halvard Brenning Jr."), *context)).iris == {}
    assert linker.link(extraction(("Person", "Halvard R. Brenning Jr."))).iris == {}
    beside = extraction(("Person", "Halvard R. Brenning Jr."), ("Person", "Halvard Brenning"),
                        *context)  # fmt: skip
    assert "e0" not in linker.link(beside).iris


def test_a_person_who_goes_by_a_middle_name() -> None:
    """ "Rafael Edward Quimby" is Ted Quimby (Ted: Edward); "Rafael Tomas Quimby" is not."""
    linker = Linker(index(("Person", "Ted Quimby", 9)))
    assert linker.link(extraction(("Person", "Rafael Edward Quimby"))).iris == {
        "e0": iri("Person", "Ted Quimby")
    }
    assert linker.link(extraction(("Person", "Rafael Tomas Quimby"))).iris == {}


# ------------------------------------------------------------- small nodes, wrong classes
def test_a_name_seen_as_its_own_node_flows_into_the_better_known_one() -> None:
    """ "Oskar H.W. Lindqvist" became a node before "Oskar HW Lindqvist" was much named: the
    next article naming it links it to the better-known node; the big node never moves."""
    small, big = ("Person", "Oskar H.W. Lindqvist", 1), ("Person", "Oskar HW Lindqvist", 8)
    linker = Linker(index(small, big))
    assert linker.link(extraction(("Person", "Oskar H.W. Lindqvist"))).iris == {
        "e0": iri("Person", "Oskar HW Lindqvist")
    }
    assert linker.link(extraction(("Person", "Oskar HW Lindqvist"))).iris == {}


def test_a_much_named_person_typed_as_a_place_is_that_person() -> None:
    linker = Linker(index(("Person", "Marta Vinterberg", 6)))
    links = linker.link(extraction(("Place", "Marta Vinterberg")))
    assert links.iris == {"e0": iri("Person", "Marta Vinterberg")}
    assert links.types == {"e0": "Person"}
    rare = Linker(index(("Person", "Marta Vinterberg", 2)))  # not much named: left alone
    assert rare.link(extraction(("Place", "Marta Vinterberg"))).iris == {}


def test_a_bare_given_name_goes_to_the_much_named_bearer_over_a_rare_surname() -> None:
    """ "Rosalind" is the given name of a much-named Rosalind Vale and the surname of a rarely
    named Tom Rosalind: the given name's bearer, when the article's context agrees."""
    linker = Linker(index(("Person", "Rosalind Vale", 40), ("Person", "Tom Rosalind", 1)))
    with_context(linker, iri("Person", "Rosalind Vale"), TOWN, PARTY)
    with_context(linker, iri("Person", "Tom Rosalind"), TOWN)
    x = extraction(("Person", "Rosalind"), ("Place", "Dunmere"),
                   ("Organization", "Dunmere Civic League"))  # fmt: skip
    assert "Rosalind" in lexicon().given_names  # the rule reads given_names.tsv
    assert linker.link(x).iris.get("e0") == iri("Person", "Rosalind Vale")


def test_a_much_named_bearer_of_a_surname_keeps_the_bare_name() -> None:
    """ "Warren"-like: the bare word is the surname of a much-named person and the given name
    of another much-named one: news writes bare surnames, so the surname's bearer."""
    linker = Linker(index(("Person", "Lucas Ardmore", 30), ("Person", "Ardmore Pike", 200)))
    with_context(linker, iri("Person", "Lucas Ardmore"), TOWN, PARTY)
    with_context(linker, iri("Person", "Ardmore Pike"), TOWN, PARTY)
    x = extraction(("Person", "Ardmore"), ("Place", "Dunmere"),
                   ("Organization", "Dunmere Civic League"))  # fmt: skip
    assert linker.link(x).iris.get("e0") != iri("Person", "Ardmore Pike")


# ------------------------------------------------------------------------ organizations
def test_a_bare_senate_links_by_context_to_the_qualified_senate() -> None:
    senate = ("GovernmentOrganization", "United States Senate", 40)
    linker = Linker(index(senate, ("GovernmentOrganization", "Brazil Senate", 3)))
    with_context(linker, iri(*senate[:2]), TOWN, PARTY)
    with_context(linker, iri("GovernmentOrganization", "Brazil Senate"), TOWN)
    x = extraction(("GovernmentOrganization", "Senate"), ("Place", "Dunmere"),
                   ("Organization", "Dunmere Civic League"))  # fmt: skip
    assert linker.link(x).iris.get("e0") == iri(*senate[:2])
    alone = extraction(("GovernmentOrganization", "Senate"))  # no context: left alone
    assert linker.link(alone).iris == {}


def test_chambers_exist_only_where_legislatures_tsv_says() -> None:
    lex = lexicon()
    assert lex.body_of_country("House", "United States") == "House of Representatives"
    assert lex.body_of_country("House", "United Kingdom") == "House of Commons"
    assert lex.body_of_country("Congress", "Iran") is None
    assert lex.body_of_country("Supreme Court", "Iran") == "Supreme Court"
    assert lex.qualified_name("U.S. House") == "United States House of Representatives"


def test_an_organization_with_and_without_its_brand_word_is_one() -> None:
    linker = Linker(index(("NewsMediaOrganization", "Northwind News", 7)))
    assert linker.link(extraction(("NewsMediaOrganization", "Northwind News Channel"))).iris == {
        "e0": iri("NewsMediaOrganization", "Northwind News")
    }
    corp = Linker(index(("Organization", "Quillfeather Corp.", 9)))
    assert corp.link(extraction(("Organization", "Quillfeather"))).iris == {
        "e0": iri("Organization", "Quillfeather Corp.")
    }
    rare = Linker(index(("Organization", "Quillfeather Corp.", 1)))
    assert rare.link(extraction(("Organization", "Quillfeather"))).iris == {}


# ------------------------------------------------------------------------ the extractor
def test_headline_names_are_cut_to_what_the_body_names(extractor: Extractor) -> None:
    text = (
        "Zorbin Quell Announces Plan To Repave Every Road In Marvik.\n\n"
        "Mayor Zorbin Quell said on Monday that the roads of Marvik would be repaved. "
        "Quell said the work would start in May."
    )
    assert title_case_lines(text) == [(0, len(text.split("\n")[0]))]
    people = [n for n, t in names(extractor, text).items() if t == "Person"]
    assert "Zorbin Quell" in people
    assert not [n for n in people if n.startswith("Zorbin Quell ")]


def test_running_prose_is_not_title_case() -> None:
    assert title_case_lines("The mayor of Marvik, Zorbin Quell, said the roads would close.") == []


def test_a_person_span_ending_in_a_body_word_is_a_body(extractor: Extractor) -> None:
    found = names(extractor, "The Marvik Teachers Union called a strike on Monday.")
    assert found.get("Marvik Teachers Union", "").endswith("Organization")
    assert all(t != "Person" for n, t in found.items() if "Union" in n)


def test_religions_are_not_organizations(extractor: Extractor) -> None:
    found = names(extractor, "Islam and Buddhism were discussed at the Marvik Interfaith Forum.")
    assert "Islam" not in found and "Buddhism" not in found


def test_a_pair_of_countries_as_a_modifier_is_no_organization(extractor: Extractor) -> None:
    found = names(extractor, "Trucks waited at the U.S.-Mexico border for three days.")
    assert "U.S.-Mexico" not in found


def test_described_events_are_each_articles_own_named_ones_are_shared() -> None:
    rally = Entity("e", "Marvik rally", "Event", scope="article")
    fair = Entity("f", "Marvik Harvest Fair", "Event")
    one = Extraction(Article(text="one", source="a"), [rally, fair])
    two = Extraction(Article(text="two", source="b"), [rally, fair])
    assert entity_iris(one)["e"] != entity_iris(two)["e"]
    assert entity_iris(one)["f"] == entity_iris(two)["f"] == iri("Event", "Marvik Harvest Fair")


def test_scope_is_set_for_descriptions(extractor: Extractor) -> None:
    text = (
        "Thousands attended the Marvik Harvest Fair. The central bank said prices "
        "rose, and the central bank will meet again."
    )
    scopes = {name: e.scope for name, e in entities_of(extractor, text).items()}
    assert scopes.get("Marvik Harvest Fair", "") == ""
    if "central bank" in scopes:
        assert scopes["central bank"] == "article"


# ------------------------------------------------------------------------------ bylines
def test_follow_and_contributing_lines_are_authors_not_body(tmp_path: Path) -> None:
    body = (
        "The Marvik council voted to repave the roads on Monday.\n\n"
        "Contributing: Ilse Marrow, Dunmere News Service.\n\n"
        "Follow staff writer Petra Quist on Twitter @pquist. Reach her at pq@example.org."
    )
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"title": "Roads", "text": body}), encoding="utf-8")
    (article,) = list(read_path(f))
    assert "Petra Quist" in article.authors and "Ilse Marrow" in article.authors
    assert "Dunmere News Service" not in article.authors
    assert "Follow" not in article.text and "Contributing" not in article.text


# --------------------------------------------------------------------------- second look
def test_the_second_look_links_what_the_first_articles_could_not(extractor: Extractor) -> None:
    """The first article names "Verlaine Ostrova" only by a bare "Ostrova" (a new name: no
    one to link to yet); after the run, the bare name is linked to the full name the later
    articles gave, with the shared context of the run."""
    store = open_store("memory")
    arts = [
        Article(text="Ostrova spoke to the Dunmere Civic League in Marvik on Monday.",
                title="One", url="https://example.org/1", published=date(2026, 1, 1)),
        Article(text="Verlaine Ostrova addressed the Dunmere Civic League in Marvik.",
                title="Two", url="https://example.org/2", published=date(2026, 1, 2)),
        Article(text="Verlaine Ostrova left Marvik after meeting the Dunmere Civic League.",
                title="Three", url="https://example.org/3", published=date(2026, 1, 3)),
    ]  # fmt: skip
    linker = Linker.from_store(store)
    report = ingest(store, arts, extractor=extractor, linker=linker)
    assert report.ok
    q = """SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?m <http://www.w3.org/ns/oa#hasBody>
           <%s> } }""" % iri("Person", "Verlaine Ostrova")  # noqa: UP031 - a fixed test IRI
    (row,) = list(store.query(q))
    assert int(str(row[0])) == 3  # the first article's "Ostrova" is her too


# ---------------------------------------------------------------------------- publisher
def test_the_publisher_of_the_metadata_is_the_outlet_the_article_or_store_names() -> None:
    from graph.linking import PUBLISHER_KEY

    outlet = ("NewsMediaOrganization", "Northwind Times")
    named = extraction(outlet, publisher="nt")  # a metadata code: initials of an outlet named
    links = Linker(EntityIndex()).link(named)
    (rec,) = [r for r in links.records if r.key == PUBLISHER_KEY]
    assert rec.linked_to == iri(*outlet) and links.names[PUBLISHER_KEY] == "Northwind Times"
    bare = extraction(("Person", "Ilse Marrow"), publisher="NT")  # named by the store only
    linker = Linker(index((*outlet, 10)))
    (rec,) = [r for r in linker.link(bare).records if r.key == PUBLISHER_KEY]
    assert rec.linked_to == iri(*outlet)
    unknown = extraction(("Person", "Ilse Marrow"), publisher="Dunmere Weekly")  # its own node
    assert not Linker(index((*outlet, 10))).link(unknown).records


def test_a_first_name_made_of_initials_and_a_much_named_first_name() -> None:
    """A first name that is the initials of another's names ("Ket Talvi": Karl Erik Talvi),
    and no link when the initials differ."""
    linker = Linker(index(("Person", "Ket Talvi", 20)))
    assert linker.link(extraction(("Person", "Karl Erik Talvi"))).iris == {
        "e0": iri("Person", "Ket Talvi")
    }
    assert linker.link(extraction(("Person", "Karl Emil Lund"))).iris == {}


def test_a_bare_first_name_not_in_the_list_needs_a_much_named_bearer() -> None:
    """ "Zolt" is in no list of given names: the bare word goes to Zolt Varga only when he
    is much named (and the context agrees)."""
    famous = Linker(index(("Person", "Zolt Varga", 40)))
    with_context(famous, iri("Person", "Zolt Varga"), TOWN, PARTY)
    x = extraction(("Person", "Zolt"), ("Place", "Dunmere"),
                   ("Organization", "Dunmere Civic League"))  # fmt: skip
    assert famous.link(x).iris.get("e0") == iri("Person", "Zolt Varga")
    rare = Linker(index(("Person", "Zolt Varga", 3)))
    with_context(rare, iri("Person", "Zolt Varga"), TOWN, PARTY)
    assert "e0" not in rare.link(x).iris


def test_the_second_look_gives_early_publishers_their_outlet(extractor: Extractor) -> None:
    """The first article's metadata says "nwt" before any article named the Northwind Weekly
    Times; after the run, its publisher is the outlet's node, the code an alias."""
    store = open_store("memory")
    arts = [
        Article(
            text="Roads in Marvik will close on Monday.",
            title="Roads",
            url="https://example.org/r",
            publisher="nwt",
            published=date(2026, 1, 1),
        )
    ]
    arts += [
        Article(text=f"The Northwind Weekly Times reported that Marvik voted, story {i}.",
                title=f"Vote {i}", url=f"https://example.org/v{i}", published=date(2026, 1, 2))
        for i in range(3)
    ]  # fmt: skip
    ingest(store, arts, extractor=extractor, linker=Linker.from_store(store))
    q = "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?g <https://schema.org/publisher> ?o } }"
    assert [str(r[0]) for r in store.query(q)] == [
        str(iri("NewsMediaOrganization", "Northwind Weekly Times"))
    ]


# ------------------------------------------------------------------ span repair, hygiene
def test_a_name_only_used_as_a_modifier_is_no_organization(extractor: Extractor) -> None:
    found = names(extractor, "The Zorbanite flag flew over Marvik. Zorbanite flag sales rose.")
    assert "Zorbanite" not in found


def test_a_bare_word_of_government_is_the_articles_own(extractor: Extractor) -> None:
    text = "The Department said on Monday that Marvik would get new roads, the Department added."
    dept = entities_of(extractor, text).get("Department")
    assert dept is None or dept.scope == "article"


def test_lower_case_words_after_a_person_name_are_cut(extractor: Extractor) -> None:
    found = names(extractor, "Ilse Marrow fans waited outside. Ilse Marrow sang.")
    assert "Ilse Marrow fans" not in found


def test_invisible_marks_and_quotes_are_not_part_of_a_name() -> None:
    from graph.extract.entities import Candidate, build_entities

    text = "\u202a\u201dZorbinco said so."
    ents = build_entities(text, [Candidate(0, 9, "\u202a\u201dZorbinco", "ORG")])
    assert [e.name for e in ents] == ["Zorbinco"]
    (m,) = ents[0].mentions
    assert text[m.begin : m.end] == "Zorbinco"


def test_the_dateline_after_a_repeated_headline_is_read(tmp_path: Path) -> None:
    body = "Roads Close In Marvik.\n\nMARVIK, N.H. (AP) \u2014 Roads in Marvik closed on Monday."
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"title": "Roads Close In Marvik", "text": body}), encoding="utf-8")
    (article,) = list(read_path(f))
    assert article.dateline == "Marvik" and article.agency == "AP"
    assert "MARVIK" not in article.text


def test_a_word_typed_as_a_body_is_a_rare_persons_surname_only_on_rare_context() -> None:
    """ "the Quell" (a body to the parser) shares only much-named entities with a once-named
    Lauryn Quell: not her; with two rarely named entities in common, it is."""
    common = [("Person", "Ardmore Pike", 400), ("Place", "Freedonia", 300)]
    rare = [("Place", "Dunmere", 2), ("Organization", "Dunmere Civic League", 2)]
    idx = index(("Person", "Lauryn Quell", 1), *common, *rare)
    idx.total = 1000
    linker = Linker(idx)
    with_context(linker, iri("Person", "Lauryn Quell"), *(iri(t, n) for t, n, _ in common + rare))
    by_common = extraction(("Organization", "Quell"), *((t, n) for t, n, _ in common))
    assert linker.link(by_common).iris == {}
    by_rare = extraction(("Organization", "Quell"), *((t, n) for t, n, _ in rare))
    assert linker.link(by_rare).iris.get("e0") == iri("Person", "Lauryn Quell")


def test_suffixes_ordinals_and_portfolio_words_are_no_entities(extractor: Extractor) -> None:
    found = entities_of(
        extractor,
        "Marvik Agriculture Secretary Ilse Marrow spoke. The Zorbinite Secretary agreed. "
        "Voters of the 3rd Congressional District of Freedonia met Ilse Marrow Jr.",
    )
    assert "Jr." not in found and "Jr" not in found
    assert "Zorbinite" not in found  # only a modifier of a title
    for name, e in found.items():
        if name.startswith("3rd "):
            assert e.scope == "article"


def test_mojibake_a_converter_decomposed_is_repaired() -> None:
    from graph.read.repair import repair_text

    # "Ã" written as "A" and a combining tilde, then "§": "ç" read as Windows-1252
    assert repair_text("said Fran\u0041\u0303\u00a7ois Quell, caf\u00e9 owner") == (
        "said Fran\u00e7ois Quell, caf\u00e9 owner"
    )


def test_the_dateline_after_a_subhead(tmp_path: Path) -> None:
    body = (
        "Roads Close In Marvik.\n\nThe council acts; drivers are unlikely to be pleased.\n\n"
        "MARVIK, N.H. \u2014 Roads in Marvik closed on Monday. More came later."
    )
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"title": "Roads Close In Marvik", "text": body}), encoding="utf-8")
    (article,) = list(read_path(f))
    assert article.dateline == "Marvik" and "MARVIK" not in article.text


def test_a_clipped_compound_is_the_organization_it_clips() -> None:
    """ "WePo" (Westmoor Post), "NoLi" (Northern Lights): the first letters of each word;
    "WaPo" clips no word of "Westmoor Post"."""
    linker = Linker(index(("NewsMediaOrganization", "Westmoor Post", 9)))
    assert linker.link(extraction(("Organization", "WePo"))).iris == {
        "e0": iri("NewsMediaOrganization", "Westmoor Post")
    }
    assert linker.link(extraction(("Organization", "WaPo"))).iris == {}


def test_a_metadata_code_that_clips_an_outlet_is_that_outlet() -> None:
    from graph.linking import PUBLISHER_KEY

    linker = Linker(index(("NewsMediaOrganization", "Westmoor Post", 9)))
    x = extraction(("Person", "Ilse Marrow"), publisher="westm-post")
    (rec,) = [r for r in linker.link(x).records if r.key == PUBLISHER_KEY]
    assert rec.linked_to == iri("NewsMediaOrganization", "Westmoor Post")


def test_a_dateline_place_in_capitals_and_a_numbered_district(extractor: Extractor) -> None:
    found = entities_of(
        extractor,
        "Voters in the 5th Congressional District went to the polls.\n\n"
        "MARVIKTON, N.H. -- The mayor spoke.",
    )
    assert found["MARVIKTON"].type == "Place"
    districts = [e for n, e in found.items() if "Congressional District" in n]
    assert all(e.name[0].isdigit() and e.scope == "article" for e in districts)


def test_a_bare_first_name_is_the_articles_own_a_bare_surname_is_not() -> None:
    from graph.extract.entities import Candidate, build_entities

    lex = lexicon()
    assert "Daniel" in lex.first_names_only and "Reagan" not in lex.first_names_only
    ents = build_entities("Daniel and Reagan spoke.", [
        Candidate(0, 6, "Daniel", "PERSON"), Candidate(11, 17, "Reagan", "PERSON")])  # fmt: skip
    scopes = {e.name: e.scope for e in ents}
    assert scopes == {"Daniel": "article", "Reagan": ""}
    # the linker still takes a bare first name to the much-named person, on context
    linker = Linker(index(("Person", "Daniel Ostrova", 40)))
    with_context(linker, iri("Person", "Daniel Ostrova"), TOWN, PARTY)
    x = extraction(("Person", "Daniel"), ("Place", "Dunmere"),
                   ("Organization", "Dunmere Civic League"))  # fmt: skip
    x.entities[0].scope = "article"
    assert linker.link(x).iris.get("e0") == iri("Person", "Daniel Ostrova")
