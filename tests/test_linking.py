"""Cross-article entity resolution: pairs that must merge, pairs that must not, and undoing.

Unit tests run the :class:`~graph.linking.Linker` on hand-made extractions (no parser); the
end-to-end tests ingest four short articles of our own (tests/fixtures/linking/) with the
real pipeline: "Sergei Lavrov", "Sergey Lavrov", a bare "Lavrov" the parser types as an
organization, and a different Alexander Lavrov; "Kiev" and "Kyiv".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from graph.cli import main
from graph.errors import InputError, NotFoundError
from graph.linking import (
    EntityIndex,
    Linker,
    fold,
    list_links,
    load_aliases,
    translit_key,
    unlink,
)
from graph.pipeline import ingest
from graph.rdf.build import build_graph
from graph.read import iter_articles
from graph.records import Article, Entity, Extraction, Mention
from graph.resolve import entity_iri
from graph.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "linking"


def iri(type_key: str, name: str) -> URIRef:
    return entity_iri(type_key, name)


def index(*entities: tuple[str, str]) -> EntityIndex:
    idx = EntityIndex()
    for type_key, name in entities:
        idx.add(iri(type_key, name), type_key, name)
    return idx


def extraction(*entities: tuple[str, str], text: str = "x") -> Extraction:
    ents = [
        Entity(f"e{i}", name, type_key, [Mention(0, 1, text[:1] or "x", "X")])
        for i, (type_key, name) in enumerate(entities)
    ]
    return Extraction(Article(text=text, title="T"), entities=ents)


# ---------------------------------------------------------------------------- keys
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sergey", "Sergei"),
        ("Zelenskyy", "Zelensky"),
        ("Zelenskiy", "Zelensky"),
        ("Dmitry", "Dmitri"),
        ("Kiev", "Kyiv"),
        ("Yuri", "Yury"),
        ("Khodorkovsky", "Hodorkovsky"),
    ],
)
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize(("a", "b"), [("Sergei", "Sofia"), ("Lavrov", "Lavrova"), ("Iran", "Oman")])
def test_different_names_do_not(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


def test_fold() -> None:
    assert fold("Łukasz Żuk-Nowak") == "lukasz zuk nowak"


# ---------------------------------------------------------------------------- must merge
@pytest.mark.parametrize(
    ("known", "new", "type_key"),
    [
        ("Sergei Lavrov", "Sergey Lavrov", "Person"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Person"),
        ("Sergei Lavrov", "Sergei Viktorovich Lavrov", "Person"),
        ("Sergei Lavrov", "S. Lavrov", "Person"),
        ("Dmitry Peskov", "Dmitri Peskov", "Person"),
        ("Kiev", "Kyiv", "Place"),
        ("Foreign Ministry of Russia", "Russia Foreign Ministry", "GovernmentOrganization"),
        ("Harold T. Fenwick", "Harold Thomas Fenwick", "Person"),  # initial of a middle name
        ("James Orrery", "Jim Orrery", "Person"),  # a short form (nicknames.tsv)
        ("William Orrery", "Bill Orrery", "Person"),
        ("Harold T. Fenwick", "Harold Fenwick", "Person"),  # middle name left out
        ("Halvard A. Brenning Jr.", "Halvard Brenning Jr.", "Person"),
    ],
)
def test_pairs_that_must_merge(known: str, new: str, type_key: str) -> None:
    linker = Linker(index((type_key, known)))
    links = linker.link(extraction((type_key, new)))
    assert links.iris == {"e0": iri(type_key, known)}, links
    assert links.names == {"e0": known}
    (record,) = links.records
    assert record.linked_from == iri(type_key, new) and record.reason and 0 < record.score <= 1


# ---------------------------------------------------------------------------- must not
@pytest.mark.parametrize(
    ("known", "new", "type_key"),
    [
        ("Sergei Lavrov", "Alexander Lavrov", "Person"),  # shared surname
        ("Anna Lavrova", "Sergei Lavrov", "Person"),
        ("Sergei Lavrov", "Sergei Ryabkov", "Person"),  # shared given name
        ("Iran", "Oman", "Country"),
        ("Paris", "Parma", "Place"),
        ("European Council", "European Commission", "Organization"),
        ("Sergei Lavrov", "Sergey Lavrov", "Organization"),  # not the same class
        ("Halvard Brenning", "Halvard Brenning Jr.", "Person"),  # father and son
        ("Jim Orrery", "John Orrery", "Person"),  # "Jack" is John's, "Jim" is James's
        ("Halvard Brenning II", "Halvard Brenning III", "Person"),
        ("Harold T. Fenwick", "Harold R. T. Fenwick", "Person"),  # other middle initials
        ("Harold W. Fenwick", "Harold HW Fenwick", "Person"),
    ],
)
def test_pairs_that_must_not_merge(known: str, new: str, type_key: str) -> None:
    known_type = "Person" if type_key == "Organization" and "Lavrov" in known else type_key
    linker = Linker(index((known_type, known)))
    assert linker.link(extraction((type_key, new))).iris == {}


def test_two_equally_good_candidates_are_left_alone() -> None:
    linker = Linker(index(("Person", "Sergei Lavrov"), ("Person", "Sergey Lavrov")))
    links = linker.link(extraction(("Person", "Sergej Lavrov")))
    assert links.iris == {}


def test_a_surname_alone_needs_shared_context() -> None:
    linker = Linker(index(("Person", "Sergei Lavrov"), ("Place", "Moscow")))
    linker.context.add(iri("Person", "Sergei Lavrov"), [iri("Place", "Moscow")])
    linker.context.mark_loaded(iri("Person", "Sergei Lavrov"))
    alone = linker.link(extraction(("Person", "Lavrov")))
    assert alone.iris == {}  # nothing in common: not linked
    with_context = linker.link(extraction(("Person", "Lavrov"), ("Place", "Moscow")))
    assert with_context.iris == {"e0": iri("Person", "Sergei Lavrov")}
    assert "Moscow" in with_context.records[0].reason


def test_a_surname_shared_by_two_people_goes_to_the_one_with_more_context() -> None:
    a, b = iri("Person", "Sergei Lavrov"), iri("Person", "Alexander Lavrov")
    linker = Linker(index(("Person", "Sergei Lavrov"), ("Person", "Alexander Lavrov")))
    moscow, omsk, chess = iri("Place", "Moscow"), iri("Place", "Omsk"), iri("Event", "Chess Cup")
    linker.context.add(a, [moscow])
    linker.context.add(b, [omsk, chess])
    linker.context.mark_loaded(a)
    linker.context.mark_loaded(b)
    links = linker.link(extraction(("Person", "Lavrov"), ("Place", "Omsk"), ("Event", "Chess Cup")))
    assert links.iris == {"e0": b}
    tie = linker.link(extraction(("Person", "Lavrov"), ("Place", "Omsk"), ("Place", "Moscow")))
    assert tie.iris == {}  # one shared entity each: ambiguous


def test_rejected_links_are_not_made_again() -> None:
    known, new = iri("Person", "Sergei Lavrov"), iri("Person", "Sergey Lavrov")
    linker = Linker(index(("Person", "Sergei Lavrov")), rejected=[(new, known)])
    assert linker.link(extraction(("Person", "Sergey Lavrov"))).iris == {}


def test_aliases_link_by_wikidata_id_and_keep_different_ids_apart(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text(
        "# name\tid\ttype\n"
        "Kiev\tQ1899\tPlace\nKyiv\tQ1899\tPlace\n"
        "Sergei Lavrov\tQ150851\nSergey Lavrov\tQ999\n",
        encoding="utf-8",
    )
    table = load_aliases(aliases)
    idx = index(("Place", "Kiev"), ("Person", "Sergei Lavrov"))
    idx.external[iri("Place", "Kiev")] = "Q1899"
    idx.external[iri("Person", "Sergei Lavrov")] = "Q150851"
    linker = Linker(idx, aliases=table)
    links = linker.link(extraction(("Place", "Kyiv"), ("Person", "Sergey Lavrov")))
    assert links.iris == {"e0": iri("Place", "Kiev")}  # Q999 != Q150851: never merged
    assert "Q1899" in links.records[0].reason and links.records[0].score == 1.0
    assert str(links.external["e0"]).endswith("/Q1899")


def test_a_bad_alias_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.tsv"
    bad.write_text("Kiev\tQ1899\nKyiv 1899\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"aliases.tsv:2"):
        load_aliases(bad)


def test_the_article_graph_records_the_link() -> None:
    linker = Linker(index(("Person", "Sergei Lavrov")))
    x = extraction(("Person", "Sergey Lavrov"))
    links = linker.link(x)
    g = build_graph(x, links)
    from graph.model import model

    m = model()
    lav = iri("Person", "Sergei Lavrov")
    assert (lav, m.term("pref_label"), None) in g
    assert {str(o) for o in g.objects(lav, m.term("pref_label"))} == {"Sergei Lavrov"}
    assert "Sergey Lavrov" in {str(o) for o in g.objects(lav, m.term("alt_label"))}
    assert (iri("Person", "Sergey Lavrov"), m.term("same_as"), lav) in g
    (node,) = list(g.subjects(m.term("linked_to"), lav))
    assert (node, m.term("linked_from"), iri("Person", "Sergey Lavrov")) in g


# ---------------------------------------------------------------------------- end to end
@pytest.fixture(scope="module")
def linked_store(extractor: object, tmp_path_factory: pytest.TempPathFactory) -> Store:
    d = tmp_path_factory.mktemp("linking") / "kg"
    store = open_store(str(d))
    order = ["geneva-talks.txt", "ankara-visit.txt", "grain-deal.txt", "chess-coach.txt"]
    report = ingest(
        store,
        iter_articles([str(FIXTURES / n) for n in order]),
        extractor=extractor,  # type: ignore[arg-type]
        linker=Linker.from_store(store),
    )
    assert not report.failed and len(report.ingested) == 4
    return store


def _people(store: Store) -> set[str]:
    q = "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a <https://schema.org/Person> } }"
    return {str(r[0]).rsplit("/", 1)[1] for r in store.query(q)}  # type: ignore[index]


def test_one_node_per_person_across_articles(linked_store: Store) -> None:
    people = _people(linked_store)
    assert "sergei-lavrov" in people and "alexander-lavrov" in people
    assert "sergey-lavrov" not in people and "lavrov" not in people
    links = {
        (r["from"].rsplit("/", 1)[1], r["to"].rsplit("/", 1)[1]) for r in list_links(linked_store)
    }
    assert ("sergey-lavrov", "sergei-lavrov") in links
    assert ("lavrov", "sergei-lavrov") in links  # the bare surname, typed ORG by the parser
    assert ("kyiv", "kiev") in links
    assert not any(t == "alexander-lavrov" or f == "alexander-lavrov" for f, t in links)


def test_undoing_a_link_rebuilds_the_article(linked_store: Store, extractor: object) -> None:
    minted = iri("Person", "Sergey Lavrov")
    rebuilt = unlink(linked_store, minted, extractor)
    assert len(rebuilt) == 1
    assert "sergey-lavrov" in _people(linked_store)  # its own node again
    assert all(r["from"] != str(minted) for r in list_links(linked_store))
    # the decision stays: re-ingesting every article does not link it again
    report = ingest(
        linked_store,
        iter_articles([str(FIXTURES)]),
        extractor=extractor,  # type: ignore[arg-type]
        force=True,
        linker=Linker.from_store(linked_store),
    )
    assert not report.failed
    assert "sergey-lavrov" in _people(linked_store)
    assert len(linked_store.graphs()) == 5  # 4 articles + the decisions graph, no copies
    with pytest.raises(NotFoundError):
        unlink(linked_store, minted, extractor)


def test_kg_links_and_unlink_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "kg")
    assert main(["--store", store, "ingest", "-q", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "linked across articles" in out
    assert main(["--store", store, "links", "--format", "json"]) == 0
    assert "sergei-lavrov" in capsys.readouterr().out
    kyiv = str(iri("Place", "Kyiv"))
    kiev = str(iri("Place", "Kiev"))
    code = main(["--store", store, "unlink", kyiv])
    assert code == 0 and "rebuilt" in capsys.readouterr().out
    with open_store(store, read_only=True) as s:
        assert all(r["from"] != kyiv for r in list_links(s))
        places = {
            str(r[0])
            for r in s.query("SELECT ?e WHERE { GRAPH ?g { ?e a <https://schema.org/Place> } }")
        }  # type: ignore[index]
        assert kyiv in places and kiev in places
    assert main(["--store", store, "validate"]) == 0


def test_resolve_afterwards_links_a_store_written_without_linking(
    extractor: object, tmp_path: Path, linked_store: Store
) -> None:
    from graph.linking import resolve_store

    store = open_store(str(tmp_path / "kg"))
    report = ingest(store, iter_articles([str(FIXTURES)]), extractor=extractor)  # type: ignore[arg-type]
    assert not report.failed and report.links == 0
    assert "sergey-lavrov" in _people(store)
    done = resolve_store(store)
    pairs = {
        (str(r.linked_from).rsplit("/", 1)[1], str(r.linked_to).rsplit("/", 1)[1])
        for r in done.links
    }
    assert ("sergey-lavrov", "sergei-lavrov") in pairs and ("kyiv", "kiev") in pairs
    assert "sergey-lavrov" not in _people(store) and "alexander-lavrov" in _people(store)
    assert len(list_links(store)) == len(done.links)
    assert not resolve_store(store).links  # a second run changes nothing
    # a link made afterwards is undone like any other
    unlink(store, iri("Person", "Sergey Lavrov"), extractor)
    assert "sergey-lavrov" in _people(store)
    from graph.validate import validate_store

    assert validate_store(store).conforms
    store.close()


def test_co_mentions_keep_one_entry_per_iri_and_the_most_named_when_full() -> None:
    from graph.linking import CoMentions

    c = CoMentions(limit=50)
    others = [f"urn:e{i}" for i in range(80)]
    for p in range(100):  # every article brings its own URIRef objects for the same IRIs
        c.add(URIRef(f"urn:p{p}"), [URIRef(o) for o in others])
    assert len(c._iris) == 100 + 80  # one integer per IRI, however many articles bring it
    assert all(len(c.of(URIRef(f"urn:p{p}"))) == 80 for p in range(100))  # under 2 x limit
    assert c.shared(URIRef("urn:p7"), {URIRef("urn:e3"), URIRef("urn:e90")}) == {URIRef("urn:e3")}
    assert c.of(URIRef("urn:nobody")) == set() and not c.known(URIRef("urn:p7"))
    # a much-named person: later articles keep naming e70..e79; when the context fills up
    # (2 x limit), it keeps the 50 named most often, not the first 50 it saw
    p7 = URIRef("urn:p7")
    for article in range(5):
        c.add(p7, [URIRef(f"urn:e{i}") for i in range(70, 80)])
        c.add(p7, [URIRef(f"urn:new{article}-{i}") for i in range(5)])
    kept = c.of(p7)
    assert 50 <= len(kept) < 100  # pruned to 50 once, then five more came
    assert {URIRef(f"urn:e{i}") for i in range(70, 80)} <= kept


def test_a_surname_with_an_honorific_goes_to_the_bearer_of_that_gender() -> None:
    """ "Mr Halloran" is not Margaret Halloran, even with more context in common."""
    she, he = iri("Person", "Margaret Halloran"), iri("Person", "Peter Halloran")
    linker = Linker(index(("Person", "Margaret Halloran"), ("Person", "Peter Halloran")))
    town, fair = iri("Place", "Dunmere"), iri("Event", "Dunmere Fair")
    linker.context.add(she, [town, fair])
    linker.context.add(he, [town])
    linker.context.mark_loaded(she)
    linker.context.mark_loaded(he)
    x = extraction(("Person", "Halloran"), ("Place", "Dunmere"), ("Event", "Dunmere Fair"))
    assert linker.link(x).iris == {"e0": she}  # no gender given: the most context
    x.entities[0].gender = "m"
    assert linker.link(x).iris == {"e0": he}
    x.entities[0].gender = "f"
    assert linker.link(x).iris == {"e0": she}


def _two_brasks() -> tuple[URIRef, URIRef, EntityIndex]:
    """Two people of one surname: one named in 30 articles, the other in 2."""
    famous, other = iri("Person", "Ottilie Brask"), iri("Person", "Jonas Brask")
    idx = EntityIndex()
    idx.add(famous, "Person", "Ottilie Brask", articles=30)
    idx.add(other, "Person", "Jonas Brask", articles=2)
    return famous, other, idx


def test_a_tie_on_context_goes_to_a_much_better_known_bearer() -> None:
    famous, other, idx = _two_brasks()
    linker = Linker(idx)
    town = iri("Place", "Velling")
    for p in (famous, other):
        linker.context.add(p, [town])
        linker.context.mark_loaded(p)
    assert linker.link(extraction(("Person", "Brask"), ("Place", "Velling"))).iris == {"e0": famous}
    idx.articles[other] = 20  # no longer PROMINENCE times fewer: ambiguous
    assert linker.link(extraction(("Person", "Brask"), ("Place", "Velling"))).iris == {}


def test_much_more_shared_context_beats_fame() -> None:
    famous, other, idx = _two_brasks()
    linker = Linker(idx)
    town, mill, fair = (
        iri("Place", "Velling"),
        iri("Organization", "Velling Mill"),
        iri("Event", "Velling Fair"),
    )
    linker.context.add(famous, [town])
    linker.context.add(other, [town, mill, fair])
    for p in (famous, other):
        linker.context.mark_loaded(p)
    x = extraction(("Person", "Brask"), ("Place", "Velling"), ("Organization", "Velling Mill"))
    assert linker.link(x).iris == {"e0": famous}  # 2 against 1: not twice and two more
    x = extraction(
        ("Person", "Brask"),
        ("Place", "Velling"),
        ("Organization", "Velling Mill"),
        ("Event", "Velling Fair"),
    )
    assert linker.link(x).iris == {"e0": other}  # 3 against 1


@pytest.mark.parametrize(
    ("known", "new"),
    [("Orla Vintner", "President Orla Vintner"), ("Orla Vintner", "Sen. Orla Vintner")],
)
def test_a_title_left_in_a_label_is_no_given_name(known: str, new: str) -> None:
    linker = Linker(index(("Person", known)))
    assert linker.link(extraction(("Person", new))).iris == {"e0": iri("Person", known)}


@pytest.mark.parametrize(
    ("known", "new"), [("Earl Vintner", "Earle Vintner"), ("Don Quist", "Donn Quist")]
)
def test_titles_that_are_also_given_names_stay_names(known: str, new: str) -> None:
    """ "Earl" and "Don" are styles and given names: as given names they match."""
    linker = Linker(index(("Person", known)))
    assert linker.link(extraction(("Person", new))).iris == {"e0": iri("Person", known)}


def test_an_acronym_alone_is_the_one_organization_it_abbreviates() -> None:
    idx = EntityIndex()
    idx.add(
        iri("NewsMediaOrganization", "Nordic Wire Service"),
        "NewsMediaOrganization",
        "Nordic Wire Service",
    )
    idx.add(iri("Organization", "Velling Mill Council"), "Organization", "Velling Mill Council")
    idx.add(iri("Organization", "Velling Motor Club"), "Organization", "Velling Motor Club")
    links = Linker(idx).link(extraction(("Organization", "NWS")))
    assert links.iris == {"e0": iri("NewsMediaOrganization", "Nordic Wire Service")}
    assert links.types == {"e0": "NewsMediaOrganization"}
    assert Linker(idx).link(extraction(("Organization", "VMC"))).iris == {}  # two of them


def test_an_acronym_seen_first_as_its_own_node_links_once_spelled_out() -> None:
    idx = EntityIndex()
    idx.add(iri("Organization", "NWS"), "Organization", "NWS")  # an earlier article's node
    idx.add(
        iri("NewsMediaOrganization", "Nordic Wire Service"),
        "NewsMediaOrganization",
        "Nordic Wire Service",
    )
    links = Linker(idx).link(extraction(("Organization", "NWS")))
    assert links.iris == {"e0": iri("NewsMediaOrganization", "Nordic Wire Service")}


def test_a_one_word_person_that_is_a_much_named_organization_is_it() -> None:
    idx = EntityIndex()
    outlet = iri("NewsMediaOrganization", "Quillon")
    idx.add(outlet, "NewsMediaOrganization", "Quillon", articles=12)
    links = Linker(idx).link(extraction(("Person", "Quillon")))
    assert links.iris == {"e0": outlet} and links.types == {"e0": "NewsMediaOrganization"}
    x = extraction(("Person", "Quillon"))
    x.entities[0].gender = "m"  # "Mr Quillon": a person
    assert Linker(idx).link(x).iris == {}
    idx.articles[outlet] = 2  # too rarely named to say
    assert Linker(idx).link(extraction(("Person", "Quillon"))).iris == {}


def test_a_bare_given_name_is_the_known_person_of_that_first_name() -> None:
    hers = iri("Person", "Hillary Varnsworth")
    idx = EntityIndex()
    idx.add(hers, "Person", "Hillary Varnsworth", articles=40)
    linker = Linker(idx)
    town, fair = iri("Place", "Velling"), iri("Event", "Velling Fair")
    linker.context.add(hers, [town, fair])
    linker.context.mark_loaded(hers)
    both = extraction(("Person", "Hillary"), ("Place", "Velling"), ("Event", "Velling Fair"))
    assert linker.link(both).iris == {"e0": hers}
    one = extraction(("Person", "Hillary"), ("Place", "Velling"))
    assert linker.link(one).iris == {}  # one shared entity is not enough for a given name
    # a word that is no given name of the list is not linked this way
    assert linker.link(extraction(("Person", "Varns"), ("Place", "Velling"))).iris == {}


def test_a_headline_taken_for_a_name_is_no_bearer_of_its_last_word() -> None:
    junk = iri("Person", "Tax Plan Worries Quenby")
    idx = EntityIndex()
    idx.add(junk, "Person", "Tax Plan Worries Quenby")
    linker = Linker(idx)
    linker.context.add(junk, [iri("Place", "Velling")])
    linker.context.mark_loaded(junk)
    assert linker.link(extraction(("Person", "Quenby"), ("Place", "Velling"))).iris == {}
