"""Cross-article entity resolution: one node per person, organization and place.

Within an article, :mod:`graph.extract` already gathers the mentions of an entity ("Sergei
Lavrov", "Lavrov", "the minister"). Across articles, the same name gives the same IRI
(``person/sergei-lavrov``), but spellings differ: "Sergey Lavrov" and "Sergei Lavrov",
"Kiev" and "Kyiv", "Lavrov" alone in an article that never gives his first name. A
:class:`Linker` identifies an article's entities with the store's before the article's
graph is built: a linked entity is written under the store entity's IRI and name (its own
name becomes a ``skos:altLabel``), and the article graph records the link
(``nk:EntityLink``: the IRI minted here, the IRI linked to, the reason in words and a
confidence; plus ``minted owl:sameAs linked``). See README, "Cross-article entity
resolution".

The rules, each on entities of the same ontology class only
------------------------------------------------------------
Names are compared by *keys*: ASCII-folded (:func:`fold`: ``Kyïv`` -> ``kyiv``), and with
the usual variation of transliterated names smoothed out (:func:`translit_key`: ``Sergey``,
``Sergei`` -> ``sergei``; ``Zelenskyy``, ``Zelensky``, ``Zelenskiy`` -> ``zelenski``;
``Kiev``, ``Kyiv`` -> ``kiv``).

1. **Same external identifier** (a user alias file, :func:`load_aliases`): two names with the
   same Wikidata item are one entity (confidence 1.0); names with *different* items are
   never linked by the other rules. The item is written as ``schema:sameAs``.
2. **People, full names**: same surname key and compatible given names (same key, a
   short form of the other as in ``nicknames.tsv``, an initial of the other, a
   ``rapidfuzz`` ratio of at least 85, the other's middle name or its short form - "Rafael
   Edward Cruz" goes by Ted - or the other's initials - "Jeb" of "John Ellis Bush"),
   compatible middle names (missing on one side, or the same initials: "George W. Bush" is
   not "George H. W. Bush") and no clash of gender where both are known (from an honorific
   in the article, or a given name of ``graph/data/given_names.tsv``). "Sergei Lavrov" and
   "Alexander Lavrov" share a surname and are *not* linked. Generational suffixes: the same
   or none on both; a suffix on one side only ("Joseph R. Biden Jr.", "Joe Biden") only for
   a formal name with a middle name, on the context of a bare surname (two shared
   entities), when the article does not name the other too and the suffixed name is not
   already a node of its own ("Donald Trump Jr." is not "Donald Trump").
3. **People, surname only** ("Lavrov"): linked to the one person of the store with that
   surname when the article names at least one entity that person's articles also name
   (context: co-mentioned entities); with several such people, to the one sharing the most
   context; among several, the best-known bearer (named in :data:`PROMINENCE` times as many
   articles as the next) unless another shares twice as much context, else the one sharing
   strictly the most (see :func:`_bearer`); never a person of the other gender than an
   honorific gives ("Mrs Trump"). Otherwise left alone. A bare surname the
   parser typed as an organization or a place ("Lavrov told reporters") is linked the same
   way on stronger context (two shared entities), and becomes a person.
4. **Places and countries**: same transliteration key and same first letter, or a
   ``rapidfuzz`` ratio of at least 92 on the folded names.
5. **Organizations and the rest**: a token-sorted ratio of at least 95 on folded names
   without stop words ("the", "of"). An acronym written alone ("AP") is the one
   organization of the store whose initials it is ("Associated Press"), whatever subclass
   of organization each was typed; with two such ("DNC": a committee and a convention), the
   one named in :data:`PROMINENCE` times as many articles, else it is left alone.

6. **People, given name only** ("Hillary", "Jeb"): a given name of ``given_names.tsv``,
   or the first name of a much-named person, is linked like a bare surname (rule 3) to the
   people of that first name, on two shared entities; when it is also a surname of the
   store, the surname's bearer unless that one is rarely named and the given name's
   bearer :data:`PROMINENCE` times as much ("Barack" is not "Tom Barrack").
7. **A one-word person or place that is a known organization**: a name the parser typed as
   a person or a place ("Politico reported", "the NRA") that is, as written, the name of
   one organization of the store named in :data:`KNOWN_ORG_ARTICLES` articles or more, and
   no person's surname with context: that organization (not with an honorific or gender).

8. **A full name already its own node** (the name it is came later: "George H.W. Bush"
   before "George HW Bush" was much named): linked by rules 2, 4, 5 to a matching node
   named in more articles, so that small nodes flow into big ones, never the reverse. A
   full name the parser typed as a place or organization that is, word for word, the name
   of a person named in :data:`KNOWN_ORG_ARTICLES` articles is that person ("Marco Rubio"
   as a place).
9. **Bodies many countries have, named bare** ("the Senate", "Congress", "the House" in an
   article about no one country; ``generic_bodies.txt``, ``legislatures.tsv``): the
   "<Country> <Body>" of the store the article's context points to, chosen as a bare
   surname's bearer.
10. **Organizations with and without a brand word** ("Fox News Channel", "Acme Corp.";
   ``org_designators.txt``): the much-named one named so without it (or with it).
11. **The publisher** of the metadata ("politico", "nyt") and **the agency** of a wire
   dateline ("AP"): the organization of the article with that name, alias or initials,
   else the much-named one of the store so named or abbreviated (the keys
   :data:`PUBLISHER_KEY`, :data:`AGENCY_KEY`).

Once an ingest run is over, :meth:`Linker.second_look` decides again, against the whole
run, the entities the run left as their own nodes (what the first articles decided depends
on the order of the files otherwise).

A link the user rejected (:func:`reject_link`) is never made again. Undoing a link records
the rejection in the decisions graph and rebuilds the articles that used it from their
stored text (:func:`unlink`).

Examples
--------
>>> fold("Kyïv"), translit_key("Sergey"), translit_key("Sergei"), translit_key("Kyiv")
('kyiv', 'sergei', 'sergei', 'kiv')
>>> idx = EntityIndex()
>>> idx.add(URIRef("https://w3id.org/newskg/person/sergei-lavrov"), "Person", "Sergei Lavrov")
>>> idx.add(URIRef("https://w3id.org/newskg/person/alexander-lavrov"), "Person",
...         "Alexander Lavrov")
>>> found = idx.match("Person", "Sergey Lavrov")
>>> [(str(c.iri).rsplit("/", 1)[1], c.reason.split(";")[0]) for c in found]
[('sergei-lavrov', 'same surname and given name (transliteration)')]
>>> idx.match("Person", "Anna Lavrova")
[]
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rdflib import URIRef
from text_unidecode import unidecode

from .errors import InputError, NotFoundError
from .model import model
from .records import Extraction
from .resolve import entity_iri, entity_iris, is_article_scoped
from .store.base import Store, term_to_sparql

__all__ = [
    "Candidate",
    "CoMentions",
    "EntityIndex",
    "LinkRecord",
    "Linker",
    "Links",
    "ResolveReport",
    "decisions_graph",
    "fold",
    "list_links",
    "load_aliases",
    "reject_link",
    "resolve_store",
    "translit_key",
    "unlink",
]

#: an entity named in this share of the articles (and in COMMON_MIN at least) is "common":
#: sharing it is no evidence that two articles speak of the same rarely named person
COMMON_SHARE = 0.05
COMMON_MIN = 20
#: nodes named in at most this many articles are decided again after an ingest run
SECOND_LOOK_ARTICLES = 5
SECOND_LOOK_PASSES = 4
#: the key of :class:`Links` under which the article's publisher is linked
PUBLISHER_KEY = "@publisher"
#: the key of :class:`Links` under which the agency of a wire dateline is linked
AGENCY_KEY = "@agency"
#: given names at least this similar (rapidfuzz ratio, 0-100) are compatible
GIVEN_NAME_RATIO = 85
#: folded place names at least this similar are the same place
PLACE_RATIO = 92
#: token-sorted organization names at least this similar are the same organization
ORG_RATIO = 95
#: a bare surname whose bearers tie on context goes to one named in this many times as many
#: articles as the next (rule 3)
PROMINENCE = 3
#: words of a full name a bare surname or given name may be linked to ("Debbie Wasserman
#: Schultz": 3; "Clinton Cash Debunks Hillary", a headline NER took for a name: no)
MAX_NAME_WORDS = 3
#: a one-word person or place is an organization of the same name named in this many articles
KNOWN_ORG_ARTICLES = 5
#: co-mentioned entities remembered per person during a run (rule 3's context)
MAX_CONTEXT = 200

_PLACE_TYPES = {"Country", "Place"}
_STOP = {"the", "of", "and", "for", "de", "la", "le", "der", "die"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# transliteration variants, applied in order to a folded token
_TRANSLIT = [
    (re.compile(r"shch|sch"), "s"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"t[sz]"), "c"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[yj]([aeou])"), r"\1"),  # ya/ja, yu/ju, ye/je, yo/jo
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"ie"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters
]


@lru_cache(maxsize=8192)  # names recur across articles; bounded, so memory stays flat
def fold(text: str) -> str:
    """Lower-case ASCII with punctuation as spaces and single spaces.

    >>> fold("  Łukasz  O'Brien-Smith ")
    'lukasz o brien smith'
    """
    text = unicodedata.normalize("NFKC", text)
    ascii_ = unidecode(text).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_).split())


@lru_cache(maxsize=8192)
def translit_key(token: str) -> str:
    """A folded token with transliteration variants smoothed out (see the module docstring)."""
    key = fold(token).replace(" ", "")
    for pattern, repl in _TRANSLIT:
        key = pattern.sub(repl, key)
    return key


def _tokens(name: str) -> list[str]:
    toks = [t for t in fold(name).split() if t]
    while len(toks) > 1 and toks[-1] in _SUFFIXES:
        toks.pop()
    titles = _title_words()
    while len(toks) > 1 and (toks[0] in titles or toks[0].removesuffix("s") in titles):
        toks.pop(0)  # "President Obama", "Presidents Obama": a title is no given name
    return toks


def _same_given_name(a: str, b: str) -> bool:
    """Whether one folded given name is a short form of the other (``nicknames.tsv``).

    >>> _same_given_name("jim", "james"), _same_given_name("bill", "william")
    (True, True)
    >>> _same_given_name("jim", "john")
    False
    """
    from .extract.lexicon import lexicon  # the word lists; spaCy is not loaded by this

    nick = lexicon().nicknames
    return a in nick.get(b, ()) or b in nick.get(a, ())


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """One-word job titles and honorifics, folded ("president", "mr", "sen"): words that
    may stand before a name in a label the extractor did not clean, never a given name."""
    from .extract.lexicon import lexicon  # the word lists; spaCy is not loaded by this

    lex = lexicon()
    words = {fold(t) for t in lex.titles if " " not in t}
    words |= {fold(h.form) for h in lex.honorifics.values() if h.kind in _NOT_NAME_KINDS}
    # words that are also given names or surnames ("Major Garrett", "Earl Warren", "King",
    # "Bishop", "Marshal") stay: ranks, noble and religious styles are left out above, and
    # one-word titles that are given names in given_names.tsv are dropped here
    words -= {fold(n) for n in lex.given_names} | _NAME_LIKE_TITLES
    return frozenset(w for w in words if w and " " not in w)


# honorific kinds that never begin a name ("Mr", "Dr", "Sen."), unlike ranks and styles
_NOT_NAME_KINDS = {"courtesy", "academic", "office"}
# one-word titles that are common surnames or given names in English
_NAME_LIKE_TITLES = {
    "major",
    "general",
    "king",
    "prince",
    "bishop",
    "marshal",
    "judge",
    "deputy",
    "don",
    "dom",
}


def _body_keys(name: str) -> list[str]:
    """A bare body's name as keys of ``generic_bodies.txt``: its own ("the Senate" ->
    "senate") and the chambers it is the short form of ("House" -> "house of
    representatives", "house of commons"; ``legislatures.tsv``)."""
    from .extract.lexicon import lexicon, norm_key  # the word lists; spaCy is not loaded

    key = norm_key(name)
    return [key, *lexicon().chamber_short.get(key, [])]


def _generic_body_of(name: str) -> str | None:
    """The key of ``generic_bodies.txt`` a body's name is qualified from ("United States
    Senate" -> "senate"), if it is "<Country> <generic body>".

    >>> _generic_body_of("United States Senate"), _generic_body_of("Senate Judiciary Committee")
    ('senate', None)
    """
    from .extract.lexicon import lexicon, norm_key  # the word lists; spaCy is not loaded

    lex = lexicon()
    words = name.split()
    for n in (3, 2, 1):
        if len(words) > n and lex.countries.get(norm_key(" ".join(words[:n]))):
            rest = norm_key(" ".join(words[n:]))
            return rest if rest in lex.generic_bodies else None
    return None


def _initials_name(a: list[str], b: list[str]) -> bool:
    """Whether one name's first name is the initials of the other's names ("Jeb Bush" and
    "John Ellis Bush": J. E. B.), both with the same surname (folded tokens).

    >>> _initials_name(["jeb", "bush"], ["john", "ellis", "bush"])
    True
    >>> _initials_name(["jeb", "bush"], ["john", "bush"])
    False
    """
    for short, full in ((a, b), (b, a)):
        if len(short) == 2 and len(full) >= 3 and short[0] == "".join(t[0] for t in full):
            return True
    return False


def _goes_by_middle_name(a: list[str], b: list[str]) -> bool:
    """Whether one of two names (folded tokens, the same surname) is the other's middle name
    or a short form of it, as the first name it goes by ("Rafael Edward Cruz" and "Ted
    Cruz").

    >>> _goes_by_middle_name(["rafael", "edward", "cruz"], ["ted", "cruz"])
    True
    >>> _goes_by_middle_name(["rafael", "edward", "cruz"], ["tom", "cruz"])
    False
    """
    for full, short in ((a, b), (b, a)):
        if len(full) >= 3 and len(short) == 2:
            middle, given = full[1], short[0]
            if len(middle) > 2 and (middle == given or _same_given_name(middle, given)):
                return True
    return False


def _suffix(name: str) -> str:
    """A person's generational suffix ("jr", "iii"), or "".

    >>> _suffix("Donald Trump Jr."), _suffix("Donald Trump")
    ('jr', '')
    """
    toks = fold(name).split()
    return toks[-1] if len(toks) > 1 and toks[-1] in _SUFFIXES else ""


def _initials(middle: list[str]) -> list[str]:
    """Middle names as initials; a run of up to two letters is initials ("hw" of "HW")."""
    out: list[str] = []
    for t in middle:
        out.extend(list(t) if len(t) <= 2 else [t[0]])
    return out


def middle_compatible(a: list[str], b: list[str]) -> bool:
    """Whether two names' middle parts can name one person: either has none, or both give
    the same initials in the same order ("George W. Bush" and "George Walker Bush", never
    "George H. W. Bush").

    >>> middle_compatible(["w"], ["walker"]), middle_compatible(["w"], ["h", "w"])
    (True, False)
    >>> middle_compatible([], ["hw"])
    True
    """
    return not a or not b or _initials(a) == _initials(b)


@lru_cache(maxsize=8192)
def given_name_gender(name: str) -> str | None:
    """The gender a person's first given name implies (``graph/data/given_names.tsv``), if
    the name has at least two words; None when unknown or ambiguous.

    >>> given_name_gender("Hillary Clinton"), given_name_gender("Clinton")
    ('f', None)
    """
    words = name.split()
    if len(words) < 2:
        return None
    from .extract.lexicon import lexicon  # the word lists; spaCy is not loaded by this

    return lexicon().given_names.get(words[0].strip(".,"))


_ORG_TYPES = {"Organization", "GovernmentOrganization", "NewsMediaOrganization", "PoliticalParty"}


def _is_acronym(name: str) -> bool:
    """ "AP", "F.B.I.", "NATO": capital letters only, two to six."""
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _initials_of(name: str) -> str:
    """The acronym of a name of two or more words, small words left out ("AP" of
    "Associated Press", "NATO" of "North Atlantic Treaty Organization"), or "".

    >>> _initials_of("Associated Press"), _initials_of("Federal Bureau of Investigation")
    ('AP', 'FBI')
    """
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _STOP]
    if len(words) < 2 or not all(w[:1].isalpha() for w in words):
        return ""
    return "".join(w[0].upper() for w in words)


def _designator_core(name: str) -> str | None:
    """An organization's folded name without a last word of ``org_designators.txt``
    ("Northwind News Channel" -> "northwind news"), or None if it has none.

    >>> _designator_core("Acme Corp."), _designator_core("Acme"), _designator_core("Channel")
    ('acme', None, None)
    """
    from .extract.lexicon import lexicon  # the word lists; spaCy is not loaded by this

    toks = fold(name).split()
    if len(toks) >= 2 and toks[-1] in lexicon().org_designators:
        return " ".join(toks[:-1])
    return None


def _org_key(name: str) -> str:
    return " ".join(sorted(t for t in fold(name).split() if t not in _STOP))


@dataclass(frozen=True)
class _Query:
    """A name the linker decides, as the rules read it: its class and name as extracted,
    the IRI minted from them, its Wikidata item (alias file), the entities its article
    names (context) and the gender an honorific or given name gave."""

    type_key: str
    name: str
    minted: URIRef
    ext: str | None
    context: set[URIRef]
    gender: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A store entity a name may be linked to, with the reason and a score in [0, 1]."""

    iri: URIRef
    name: str
    reason: str
    score: float
    type: str | None = None  # the class it takes, when the parser typed it otherwise
    suffix_differs: bool = False  # one name has "Jr." or "III", the other none


@dataclass(frozen=True)
class LinkRecord:
    """One link made in an article: the IRI minted there, the IRI used instead, why."""

    key: str  # the entity's in-article key
    linked_from: URIRef
    linked_to: URIRef
    reason: str
    score: float


@dataclass
class Links:
    """What :meth:`Linker.link` decided for one article (input to ``build_graph``)."""

    iris: dict[str, URIRef] = field(default_factory=dict)  # key -> IRI to write
    names: dict[str, str] = field(default_factory=dict)  # key -> the linked entity's name
    types: dict[str, str] = field(default_factory=dict)  # key -> corrected class key
    minted: dict[str, URIRef] = field(default_factory=dict)  # key -> IRI from its own name
    external: dict[str, URIRef] = field(default_factory=dict)  # key -> Wikidata item
    records: list[LinkRecord] = field(default_factory=list)


class EntityIndex:
    """The entities the linker can link to, by class, with name keys for lookup."""

    def __init__(self) -> None:
        self.names: dict[URIRef, str] = {}
        self.types: dict[URIRef, str] = {}
        self.external: dict[URIRef, str] = {}
        self.gender: dict[URIRef, str] = {}  # people whose gender a name or honorific gave
        self.articles: dict[URIRef, int] = defaultdict(int)  # articles naming each entity
        self._by_surname: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self._by_key: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self._by_initials: dict[str, set[URIRef]] = defaultdict(set)  # "AP" -> orgs
        self._org_by_fold: dict[str, set[URIRef]] = defaultdict(set)  # "politico" -> orgs
        self._org_by_core: dict[str, set[URIRef]] = defaultdict(set)  # "acme" -> "Acme Inc."
        self._by_given: dict[str, set[URIRef]] = defaultdict(set)  # "hillary" -> people
        # "senate" -> the bodies named "<Country> Senate" (generic_bodies.txt)
        self._qualified: dict[str, set[URIRef]] = defaultdict(set)
        self.total = 0  # articles indexed
        # per class: comparable names (folded, or organization keys) and their IRIs, for
        # rapidfuzz's C loops over all of them
        self._choices: dict[str, list[str]] = defaultdict(list)
        self._choice_iris: dict[str, list[URIRef]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, iri: object) -> bool:
        return iri in self.names

    def add(
        self, iri: URIRef, type_key: str, name: str, gender: str | None = None, articles: int = 1
    ) -> None:
        """Index an entity named in ``articles`` articles (a second name for a known IRI only
        adds to its article count: the first name stays)."""
        self.articles[iri] += articles
        if type_key == "Person" and iri not in self.gender:
            g = gender or given_name_gender(name)
            if g:
                self.gender[iri] = g
        if iri in self.names:
            return
        self.names[iri] = name
        self.types[iri] = type_key
        toks = _tokens(name)
        if not toks:
            return
        if type_key != "Person":
            self._choices[type_key].append(
                fold(name) if type_key in _PLACE_TYPES else _org_key(name)
            )
            self._choice_iris[type_key].append(iri)
        if type_key in _ORG_TYPES:
            self._org_by_fold[fold(name)].add(iri)
            core = _designator_core(name)
            if core:
                self._org_by_core[core].add(iri)
            body = _generic_body_of(name)
            if body:
                self._qualified[body].add(iri)
            initials = _initials_of(name)
            if initials:
                self._by_initials[initials].add(iri)
        if type_key == "Person" and 2 <= len(toks) <= MAX_NAME_WORDS:
            # a person's name of more words is a headline or a list NER ran together
            self._by_surname[(type_key, translit_key(toks[-1]))].add(iri)
            self._by_given[translit_key(toks[0])].add(iri)
        self._by_key[(type_key, " ".join(translit_key(t) for t in toks))].add(iri)

    def common(self, iri: URIRef) -> bool:
        """Whether an entity is named in so many articles (:data:`COMMON_SHARE` of those
        indexed, and at least :data:`COMMON_MIN`) that sharing it says little."""
        return self.articles.get(iri, 0) >= max(COMMON_MIN, COMMON_SHARE * self.total)

    def bodies_named(self, body: str) -> set[URIRef]:
        """The bodies of the index named "<Country> <body>" ("United States Senate" for
        "senate")."""
        return set(self._qualified.get(body, set()))

    def with_given_name(self, given: str) -> set[URIRef]:
        """People of the index whose first given name has this token's key."""
        return set(self._by_given.get(translit_key(given), set()))

    def with_surname(self, type_key: str, surname: str) -> set[URIRef]:
        """People of the index whose surname has this token's key."""
        return set(self._by_surname.get((type_key, translit_key(surname)), set()))

    def match(self, type_key: str, name: str, gender: str | None = None) -> list[Candidate]:
        """Store entities ``name`` can be linked to by rules 2, 4 and 5 (best first)."""
        toks = _tokens(name)
        if not toks:
            return []
        if type_key == "Person":
            return self._match_person(toks, _suffix(name), gender or given_name_gender(name))
        if type_key in _PLACE_TYPES:
            return self._match_place(type_key, name, toks)
        return self._match_other(type_key, name)

    def gender_clash(self, iri: URIRef, gender: str | None) -> bool:
        """Whether a known gender of ``iri`` differs from ``gender`` ("Mrs Trump" is not
        "Donald Trump")."""
        known = self.gender.get(iri)
        return bool(gender and known and gender != known)

    def _match_person(self, toks: list[str], suffix: str, gender: str | None) -> list[Candidate]:
        if len(toks) < 2:
            return []  # surname only: rule 3, which needs context (Linker)
        out = []
        for iri in self.with_surname("Person", toks[-1]):
            name = self.names[iri]
            other = _tokens(name)
            if len(other) < 2 or self.gender_clash(iri, gender):
                continue
            other_suffix = _suffix(name)
            if other_suffix != suffix and (other_suffix and suffix):
                continue  # "John Smith Jr." is not "John Smith III"
            if other_suffix != suffix and len(toks if suffix else other) < 3:
                # only a full formal name ("Joseph R. Biden Jr.", with a middle name) may be
                # the person named without the suffix; "Donald Trump Jr." says whose son
                continue
            if not middle_compatible(toks[1:-1], other[1:-1]):
                continue  # "George H. W. Bush" is not "George W. Bush"
            a, b = toks[0], other[0]
            ka, kb = translit_key(a), translit_key(b)
            if ka == kb:
                why = "same surname and given name" + (" (transliteration)" if a != b else "")
                score = 0.95 if a != b else 0.99
            elif _same_given_name(a, b):
                why, score = "same surname, a given name and its short form", 0.9
            elif (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
                why, score = "same surname, given name and its initial", 0.85
            elif fuzz.ratio(a, b) >= GIVEN_NAME_RATIO:
                why, score = f"same surname, given names {fuzz.ratio(a, b):.0f}% alike", 0.85
            elif _goes_by_middle_name(toks, other):
                why, score = "same surname, a middle name and the name it goes by", 0.8
            elif _initials_name(toks, other):
                why, score = "same surname, a first name made of the other's initials", 0.8
            else:
                continue
            if other_suffix != suffix:
                # "Joseph R. Biden Jr." and "Joe Biden": one person unless the article names
                # both (the Linker drops the candidate then: "Donald Trump Jr." beside his
                # father); only the suffixed name can say whose son he is
                why += f" (one with {(suffix or other_suffix).capitalize()}., one without)"
                score = round(score - 0.15, 2)
            out.append(
                Candidate(
                    iri, self.names[iri], f"{why}; {self.names[iri]!r}", score,
                    suffix_differs=other_suffix != suffix,
                )
            )  # fmt: skip
        return sorted(out, key=lambda c: (-c.score, str(c.iri)))

    def _match_place(self, type_key: str, name: str, toks: list[str]) -> list[Candidate]:
        out = []
        key = " ".join(translit_key(t) for t in toks)
        folded = fold(name)
        for iri in self._by_key.get((type_key, key), set()):
            other = fold(self.names[iri])
            if other[:1] == folded[:1]:
                why = f"same name but for transliteration: {self.names[iri]!r}"
                out.append(Candidate(iri, self.names[iri], why, 0.9))
        if not out:
            for iri, ratio in self._similar(type_key, folded, PLACE_RATIO):
                why = f"names {ratio:.0f}% alike: {self.names[iri]!r}"
                out.append(Candidate(iri, self.names[iri], why, ratio / 100))
        return sorted(out, key=lambda c: (-c.score, str(c.iri)))

    def _match_other(self, type_key: str, name: str) -> list[Candidate]:
        key = _org_key(name)
        if not key:
            return []
        if type_key in _ORG_TYPES and _is_acronym(name):
            found = self.acronym_of(type_key, name)
            if found:
                return found
        out = []
        for iri, ratio in self._similar(type_key, key, ORG_RATIO):
            why = f"names {ratio:.0f}% alike (word order and stop words aside): "
            out.append(Candidate(iri, self.names[iri], why + repr(self.names[iri]), ratio / 100))
        if not out and type_key in _ORG_TYPES:
            out = self._same_but_designator(name) or self._clipped(name)
        return sorted(out, key=lambda c: (-c.score, str(c.iri)))

    def _clipped(self, name: str) -> list[Candidate]:
        """A clipped compound ("WaPo", "HuffPo", "SoCal": the first letters of each word
        run together, each word's clip capitalised): the one much-named organization of
        the index whose words, small words aside, start with those clips.

        >>> idx = EntityIndex()
        >>> idx.add(URIRef("urn:wp"), "NewsMediaOrganization", "Westmoor Post", articles=9)
        >>> [c.name for c in idx._clipped("WePo")], idx._clipped("WaPo")
        (['Westmoor Post'], [])
        >>> [c.name for c in idx._clipped("westm-post")]
        ['Westmoor Post']
        """
        clips = re.findall(r"[A-Z][a-z]+", name)
        if "".join(clips) != name:  # or a metadata code in lower case: "wash-post"
            clips = re.split(r"[\s\-]+", name) if name.islower() else []
        if len(clips) < 2:
            return []
        found = []
        for iri in self._by_initials.get("".join(c[0] for c in clips).upper(), ()):
            words = [w for w in re.split(r"[\s\-]+", self.names[iri]) if w.lower() not in _STOP]
            if (
                len(words) == len(clips)
                and all(w.lower().startswith(c.lower()) for w, c in zip(words, clips, strict=True))
                and any(len(w) > len(c) for w, c in zip(words, clips, strict=True))
                and not self.names[iri].islower()  # another metadata code is no outlet's name
            ):
                found.append(iri)
        found = [i for i in found if self.articles.get(i, 0) >= KNOWN_ORG_ARTICLES]
        if len(found) != 1:
            return []
        iri = found[0]
        why = f"a clipped compound of {self.names[iri]!r}"
        return [Candidate(iri, self.names[iri], why, 0.85, self.types[iri])]

    def _same_but_designator(self, name: str) -> list[Candidate]:
        """ "Fox News Channel" and "Fox News", "Acme Corp." and "Acme": the one organization
        of the index named so, with or without a word of ``org_designators.txt``, that is
        named in :data:`KNOWN_ORG_ARTICLES` articles or more."""
        core = _designator_core(name)
        pool = self._org_by_fold.get(core, set()) if core else self._org_by_core.get(fold(name))
        found = [i for i in pool or () if self.articles.get(i, 0) >= KNOWN_ORG_ARTICLES]
        if len(found) != 1:  # (the index's own rule: Linker._the_much_named needs a linker)
            return []
        iri = found[0]
        why = f"the same name but for a company or brand word: {self.names[iri]!r}"
        kind = self.types[iri] if self.types[iri] else None
        return [Candidate(iri, self.names[iri], why, 0.9, kind)]

    def orgs_named(self, name: str) -> list[URIRef]:
        """Organizations (of any subclass) whose name folds to the same words."""
        return sorted(self._org_by_fold.get(fold(name), ()))

    def acronym_of(self, type_key: str, name: str) -> list[Candidate]:
        """ "AP" in an article that never spells it out: the organization of the index whose
        initials it is ("Associated Press"): the only one, or one named in
        :data:`PROMINENCE` times as many articles as the next; else none."""
        spelled = sorted(
            (
                i
                for i in self._by_initials.get(name.replace(".", ""), ())
                if i in self.types and not _is_acronym(self.names[i])
            ),
            key=lambda i: (-self.articles.get(i, 0), str(i)),
        )
        if not spelled or (
            len(spelled) > 1
            and self.articles.get(spelled[0], 0)
            < PROMINENCE * max(self.articles.get(spelled[1], 0), 1)
        ):
            return []
        iri = spelled[0]
        why = f"an acronym of {self.names[iri]!r}"
        kind = self.types[iri] if self.types[iri] != type_key else None
        return [Candidate(iri, self.names[iri], why, 0.9, kind)]

    def _similar(self, type_key: str, query: str, cutoff: float) -> list[tuple[URIRef, float]]:
        """The entities of a class whose comparable name is at least ``cutoff`` alike."""
        choices = self._choices.get(type_key)
        if not choices:
            return []
        found = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        iris = self._choice_iris[type_key]
        return [(iris[i], float(score)) for _, score, i in found]


def load_aliases(path: str | Path) -> dict[tuple[str | None, str], str]:
    """A user alias file: tab-separated ``name``, ``Wikidata id`` and optionally ``type``.

    Lines starting with ``#`` and blank lines are skipped. Returns ``(type or None, folded
    name) -> id``. Raises :class:`~graph.errors.InputError` naming the file and line.
    """
    out: dict[tuple[str | None, str], str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot read the alias file: {e}") from None
    known = set(model().entity_classes)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not re.fullmatch(r"Q[1-9][0-9]*", parts[1]):
            raise InputError(f"{path}:{number}", "expected: name<TAB>Wikidata id (Q...)[<TAB>type]")
        type_key = parts[2] if len(parts) > 2 and parts[2] else None
        if type_key is not None and type_key not in known:
            raise InputError(f"{path}:{number}", f"{type_key!r} is not an entity type")
        out[(type_key, fold(parts[0]))] = parts[1]
    return out


def decisions_graph() -> URIRef:
    """The named graph of the user's linking decisions (rejections)."""
    return model().iri("DecisionLog", "decisions")


_WIKIDATA = "http://www.wikidata.org/entity/"


class CoMentions:
    """The entities named beside each person (rule 3's context), stored compactly.

    Every IRI gets a small integer once; a person's context is an ``array`` of those
    integers with an ``array`` of how many articles named each beside the person (4 bytes
    each). It holds at most twice :data:`MAX_CONTEXT` entities; when full it keeps the
    :data:`MAX_CONTEXT` named beside the person most often (ties: the earlier), so that a
    much-named person's context is what their articles name most, not what their first
    articles named. Measured on 1,000 generated articles, sets of the articles' own
    ``URIRef`` objects took 8.6 MB for 1,665 people and grew with the corpus; this keeps a
    run's memory close to flat.

    >>> c = CoMentions()
    >>> c.add(URIRef("urn:p"), [URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:a")])
    >>> sorted(c.shared(URIRef("urn:p"), {URIRef("urn:b"), URIRef("urn:z")}))
    [rdflib.term.URIRef('urn:b')]
    >>> len(c.of(URIRef("urn:p"))), c.known(URIRef("urn:p"))
    (2, False)
    >>> c.mark_loaded(URIRef("urn:p")); c.known(URIRef("urn:p"))
    True
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_CONTEXT if limit is None else limit
        self._ids: dict[URIRef, int] = {}
        self._iris: list[URIRef] = []
        self._of: dict[int, array[int]] = {}
        self._counts: dict[int, array[int]] = {}
        self.loaded: set[int] = set()  # people whose store context was fetched

    def _id(self, iri: URIRef) -> int:
        i = self._ids.get(iri)
        if i is None:
            i = self._ids[iri] = len(self._iris)
            self._iris.append(iri)
        return i

    def add(self, person: URIRef, others: Iterable[URIRef]) -> None:
        """Remember ``others`` as named beside ``person`` (up to the limit)."""
        p = self._id(person)
        ctx = self._of.get(p)
        if ctx is None:
            ctx = self._of[p] = array("I")
            self._counts[p] = array("I")
        counts = self._counts[p]
        for other in others:
            o = self._id(other)
            if o == p:
                continue
            try:
                counts[ctx.index(o)] += 1
            except ValueError:
                ctx.append(o)
                counts.append(1)
        if len(ctx) >= 2 * self.limit:
            keep = sorted(sorted(range(len(ctx)), key=lambda i: -counts[i])[: self.limit])
            self._of[p] = array("I", (ctx[i] for i in keep))
            self._counts[p] = array("I", (counts[i] for i in keep))

    def known(self, person: URIRef) -> bool:
        """Whether the store's context of ``person`` was fetched."""
        i = self._ids.get(person)
        return i is not None and i in self.loaded

    def mark_loaded(self, person: URIRef) -> None:
        self.loaded.add(self._id(person))

    def of(self, person: URIRef) -> set[URIRef]:
        """The entities named beside ``person``."""
        i = self._ids.get(person)
        ctx = self._of.get(i) if i is not None else None
        return {self._iris[o] for o in ctx} if ctx else set()

    def shared(self, person: URIRef, context: set[URIRef]) -> set[URIRef]:
        """The entities of ``context`` named beside ``person``."""
        i = self._ids.get(person)
        ctx = self._of.get(i) if i is not None else None
        if not ctx:
            return set()
        ids = {self._ids[c] for c in context if c in self._ids}
        return {self._iris[o] for o in ids.intersection(ctx)}


class Linker:
    """Links articles' entities to the entities of a store (see the module docstring).

    Build it with :meth:`from_store` before an ingest run; the pipeline calls :meth:`link`
    for each article, then :meth:`remember` once its graph is built, so later articles of
    the same run link to it too.
    """

    def __init__(
        self,
        index: EntityIndex | None = None,
        *,
        store: Store | None = None,
        rejected: Iterable[tuple[URIRef, URIRef]] = (),
        aliases: Mapping[tuple[str | None, str], str] | None = None,
    ) -> None:
        self.index = index or EntityIndex()
        self.store = store
        self.rejected = set(rejected)
        self.aliases = dict(aliases or {})
        self.context = CoMentions()

    # -- building --------------------------------------------------------------------
    @classmethod
    def from_store(cls, store: Store, aliases: str | Path | None = None) -> Linker:
        """A linker over every entity of ``store`` and the rejections recorded there."""
        m = model()
        classes = " ".join(c.n3() for c in m.entity_classes.values())
        q = f"""
SELECT ?e (MIN(STR(?label)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?cls); separator=" ") AS ?classes)
       (SAMPLE(?wd) AS ?ext) (COUNT(DISTINCT ?g) AS ?n)
WHERE {{
  GRAPH ?g {{
    VALUES ?cls {{ {classes} }}
    ?e a ?cls ; {m.term("pref_label").n3()} ?label .
    OPTIONAL {{ ?e {m.term("external_id").n3()} ?wd }}
  }}
}} GROUP BY ?e"""
        # each entity's name: the prefLabel most of its articles give ("Hillary Clinton",
        # not "HILLARY CLINTON"), ties to a form not in capitals, then the smaller string
        lq = f"""
SELECT ?e ?label (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  GRAPH ?g {{ ?e {m.term("pref_label").n3()} ?label }}
}} GROUP BY ?e ?label"""
        best: dict[str, tuple[int, bool, str]] = {}
        for row in store.query(lq):
            e, label, count = (str(v) for v in row)  # type: ignore[union-attr]
            cand = (int(count), label != label.upper(), label)
            old = best.get(e)
            if (
                old is None
                or (cand[0], cand[1]) > (old[0], old[1])
                or ((cand[0], cand[1]) == (old[0], old[1]) and cand[2] < old[2])
            ):
                best[e] = cand
        index = EntityIndex()
        for row in store.query(q):
            iri, name, classes_, ext, n = row  # type: ignore[misc]
            type_key = _most_specific(str(classes_))
            if type_key:
                label = best.get(str(iri), (0, True, str(name)))[2]
                index.add(URIRef(str(iri)), type_key, label, articles=int(n))
                if ext is not None:
                    index.external[URIRef(str(iri))] = str(ext).rsplit("/", 1)[-1]
        rq = f"""
SELECT ?from ?to WHERE {{
  GRAPH {term_to_sparql(decisions_graph())} {{
    ?r a {m.term("LinkRejection").n3()} ; {m.term("linked_from").n3()} ?from ;
       {m.term("linked_to").n3()} ?to .
  }}
}}"""
        rejected = [(URIRef(str(r[0])), URIRef(str(r[1]))) for r in store.query(rq)]  # type: ignore[index]
        alias_map = load_aliases(aliases) if aliases else None
        article = m.term("NewsArticle").n3()
        nq = f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a {article} }} }}"
        index.total = next((int(str(r[0])) for r in store.query(nq)), 0)  # type: ignore[index]
        return cls(index, store=store, rejected=rejected, aliases=alias_map)

    # -- linking -----------------------------------------------------------------------
    def _external(self, type_key: str, name: str) -> str | None:
        key = fold(name)
        return self.aliases.get((type_key, key)) or self.aliases.get((None, key))

    def _allowed(self, minted: URIRef, target: URIRef, ext: str | None) -> bool:
        if (minted, target) in self.rejected:
            return False
        other = self.index.external.get(target)
        return not (ext and other and ext != other)  # different Wikidata items: never

    def link(self, x: Extraction) -> Links:
        """Decide, for each entity of the article, which store entity it is (if any)."""
        links = Links()
        minted = entity_iris(x)
        links.minted = dict(minted)
        context = set(minted.values())
        for e in x.entities:
            if e.scope == "article" and e.type != "Person":
                continue  # a described event ("the rally"): never another article's
            # (a bare first name, "Daniel", is its article's own unless a rule takes it to a
            # person named in full elsewhere)
            iri = minted[e.key]
            ext = self._external(e.type, e.name)
            if ext:
                links.external[e.key] = URIRef(_WIKIDATA + ext)
            gender = e.gender if e.type == "Person" else None
            choice = self._choose(e.type, e.name, iri, ext, context - {iri}, gender)
            if choice is None:
                continue
            links.iris[e.key] = choice.iri
            links.names[e.key] = choice.name
            if choice.type and choice.type != e.type:
                links.types[e.key] = choice.type
            links.records.append(LinkRecord(e.key, iri, choice.iri, choice.reason, choice.score))
        for key, outlet in ((PUBLISHER_KEY, x.article.publisher), (AGENCY_KEY, x.article.agency)):
            if outlet:
                self._link_outlet(x, links, key, outlet)
        return links

    def _link_outlet(self, x: Extraction, links: Links, link_key: str, pub: str) -> None:
        """The publisher of the metadata ("politico", "nyt") or the agency of a wire
        dateline ("AP") as the organization the article or the store names: an organization
        of the article with that name, an alias or those initials, else the one much-named
        organization of the store so named or so abbreviated. Recorded as a link of the key
        :data:`PUBLISHER_KEY` or :data:`AGENCY_KEY`, so that the outlet is one node and its
        metadata spelling an alias."""
        minted = entity_iri("NewsMediaOrganization", pub)
        key, initials = fold(pub), pub.replace(".", "").upper()
        short = pub.isalpha() and 2 <= len(pub) <= 6
        target: tuple[URIRef, str, str] | None = None
        for e in x.entities:
            if e.type not in _ORG_TYPES:
                continue
            forms = {fold(e.name)} | {fold(a) for a in e.aliases}
            if key in forms or (short and _initials_of(e.name) == initials):
                iri = links.iris.get(e.key) or links.minted[e.key]
                target = (iri, links.names.get(e.key, e.name), "the article names its publisher")
                break
        if target is None:
            c = self._outlet_of_store(pub, minted)
            if c is not None:
                target = (c.iri, c.name, c.reason)
        if target is None or target[0] == minted or (minted, target[0]) in self.rejected:
            return
        iri, name, why = target
        links.names[link_key] = name
        links.records.append(LinkRecord(link_key, minted, iri, why, 0.9))

    def _choose(
        self,
        type_key: str,
        name: str,
        minted: URIRef,
        ext: str | None,
        context: set[URIRef],
        gender: str | None = None,
    ) -> Candidate | None:
        toks = _tokens(name)
        q = _Query(type_key, name, minted, ext, context, gender)
        if type_key in _ORG_TYPES and any(self.index.bodies_named(k) for k in _body_keys(name)):
            # "the Senate" in an article about no one country: the country's Senate that
            # the article's context points to
            return self._generic_body(type_key, name, minted, ext, context)
        if minted in self.index:
            if type_key in ("Person", "Place") and len(toks) == 1:
                # a bare surname seen before as its own node ("Obama" in articles that never
                # gave the first name): the full-named person it is, when context says so
                return self._one_word(q)
            if type_key in _ORG_TYPES and _is_acronym(name):
                # "AP" seen before as its own node: the organization it abbreviates, once
                # the store has it spelled out
                found = [c for c in self.index.acronym_of(type_key, name) if c.iri != minted]
                return found[0] if found and self._allowed(minted, found[0].iri, ext) else None
            if len(toks) >= 2:
                # a full name seen before as its own node, because the name it is came
                # later ("George H.W. Bush" before "George HW Bush" was much named): the
                # better-known node it matches, so that small nodes flow into big ones
                return self._better_known(q)
            if type_key in _ORG_TYPES and self.index.articles.get(minted, 0) < KNOWN_ORG_ARTICLES:
                # a rarely named one-word "organization": a clipped compound of a much-named
                # one ("WaPo"), or a person's surname
                clipped = [
                    c for c in self.index._clipped(name) if self._allowed(minted, c.iri, ext)
                ]
                if clipped:
                    return clipped[0]
                return self._typed_surname(type_key, toks[0], minted, ext, context)
            return None  # the same name is already this entity
        if ext:  # rule 1: same external identifier
            same = sorted(i for i, q in self.index.external.items() if q == ext and i != minted)
            same = [i for i in same if self.index.types.get(i) == type_key]
            if same and self._allowed(minted, same[0], ext):
                target = same[0]
                why = f"same Wikidata item {ext} as {self.index.names[target]!r}"
                return Candidate(target, self.index.names[target], why, 1.0)
        found = self._matches(q)
        if found:
            if len(found) > 1 and found[0].score == found[1].score:
                return None  # two equally good candidates: leave it alone
            return found[0]
        if len(toks) >= 2 and type_key != "Person":
            known = self._known_person(type_key, name, minted, ext)
            if known is not None:
                return known
        if type_key == "Person" and len(toks) == 1:
            return self._one_word(q)
        if type_key == "Place" and len(toks) == 1:
            found_org = self._one_word(q)
            if found_org is not None:
                return found_org
        if len(toks) == 1 and type_key not in ("Country", "Event"):
            return self._typed_surname(type_key, toks[0], minted, ext, context)
        return None

    def _typed_surname(
        self, type_key: str, word: str, minted: URIRef, ext: str | None, context: set[URIRef]
    ) -> Candidate | None:
        """A bare surname the parser typed as an organization or place ("Lavrov told
        reporters"): that person, on stronger context (two shared entities)."""
        c = self._surname_only(word, minted, ext, context, min_shared=2)
        if c is None:
            return None
        why = f"typed {type_key} by the parser, but {c.reason}"
        return Candidate(c.iri, c.name, why, round(c.score - 0.1, 2), "Person")

    def _matches(self, q: _Query) -> list[Candidate]:
        """Rules 2, 4 and 5 on the index, without rejected links. A name that differs from
        the candidate's by a generational suffix only ("Joseph R. Biden Jr.", "Joe Biden")
        needs context, as a bare surname does: two entities shared with the candidate's
        articles, not the candidate named in the article itself ("Donald Trump Jr." beside
        Donald Trump is his son), and not a name the index already has as its own node (an
        earlier article named the two apart)."""
        out = []
        for c in self.index.match(q.type_key, q.name, q.gender):
            if c.iri == q.minted or not self._allowed(q.minted, c.iri, q.ext):
                continue
            if c.suffix_differs:
                if q.minted in self.index:
                    continue  # an earlier article kept the two apart: they stay apart
                self._load_context([c.iri])
                if c.iri in q.context or len(self.context.shared(c.iri, q.context)) < 2:
                    continue
            out.append(c)
        return out

    def _better_known(self, q: _Query) -> Candidate | None:
        """For a full name the index has as its own node: the one node its name matches
        (rules 2, 4, 5, or a much-named person of that name when the parser typed it
        otherwise) that is named in more articles than it; else None."""
        arts = self.index.articles
        found = [c for c in self._matches(q) if arts.get(c.iri, 0) > arts.get(q.minted, 0)]
        if q.type_key != "Person" and not found:
            known = self._known_person(q.type_key, q.name, q.minted, q.ext)
            found = (
                [known]
                if known is not None and arts.get(known.iri, 0) > arts.get(q.minted, 0)
                else []
            )
        if not found or (len(found) > 1 and found[0].score == found[1].score):
            return None
        return found[0]

    def _generic_body(
        self, type_key: str, name: str, minted: URIRef, ext: str | None, context: set[URIRef]
    ) -> Candidate | None:
        """A body most countries have, named bare ("Senate", "Congress", "Parliament"; the
        extractor qualifies it only in an article about one country): the "<Country>
        <Name>" body of the store the article's context points to, chosen among them as a
        bare surname's bearer (:func:`_bearer`, two shared entities)."""
        bodies = [
            b
            for key in _body_keys(name)
            for b in sorted(self.index.bodies_named(key))
            if b != minted and self._allowed(minted, b, ext)
        ]
        chosen = self._bearer_of(bodies, context, min_shared=2) if bodies else None
        if chosen is None:
            return None
        iri, common = chosen
        why = self._named_with("a body many countries have, named bare", iri, common)
        kind = self.index.types[iri] if self.index.types[iri] != type_key else None
        return Candidate(iri, self.index.names[iri], why, 0.7, kind)

    def _known_person(
        self, type_key: str, name: str, minted: URIRef, ext: str | None
    ) -> Candidate | None:
        """A full name the parser typed as a place or an organization ("Marco Rubio" as a
        place) that is, in all its words, the name of one person of the store named in
        :data:`KNOWN_ORG_ARTICLES` articles or more: that person."""
        key = " ".join(translit_key(t) for t in _tokens(name))
        pool = [
            i for i in self.index._by_key.get(("Person", key), ()) if self._allowed(minted, i, ext)
        ]
        iri = self._the_much_named(pool, minted)
        if iri is None:
            return None
        return Candidate(
            iri, self.index.names[iri], self._typed_otherwise(type_key, iri), 0.8, "Person"
        )

    def _typed_otherwise(self, type_key: str, iri: URIRef) -> str:
        """The reason of a link that changes the parser's class: whose name it is."""
        return (
            f"typed {type_key} by the parser, but the name of {self.index.names[iri]!r} "
            f"({self.index.articles.get(iri, 0)} articles)"
        )

    def _one_word(self, q: _Query) -> Candidate | None:
        """A one-word person (rules 3, 6, 7) or place (rule 7): a bare surname, a bare
        given name, or the name of a much-named organization, in that order."""
        if q.type_key == "Person":
            word = _tokens(q.name)[0]
            by_surname = self._surname_only(word, q.minted, q.ext, q.context, gender=q.gender)
            by_given = self._given_name_only(q.name, q.minted, q.ext, q.context, q.gender)
            found = _more_prominent(by_surname, by_given, self.index.articles)
            if found is not None:
                return found
        return self._known_org(q.type_key, q.name, q.minted, q.ext, q.gender)

    def _bearer_of(
        self, people: list[URIRef], context: set[URIRef], min_shared: int
    ) -> tuple[URIRef, set[URIRef]] | None:
        """Which of ``people`` a bare name is (see :func:`_bearer`), with the context the
        article shares with them; None when none shares ``min_shared`` entities or it is
        ambiguous. With a bearer named in fewer than :data:`KNOWN_ORG_ARTICLES` articles,
        only entities that are not common (:meth:`EntityIndex.common`) count."""
        self._load_context(people)
        arts = self.index.articles
        shared_with = {p: self.context.shared(p, context) for p in people}
        for p in people:
            if arts.get(p, 0) < KNOWN_ORG_ARTICLES:
                # a rarely named bearer: what the article shares with them must be more than
                # the entities every article names ("the Hill" is not Lauryn Hill, named
                # once, because both articles name Donald Trump)
                shared_with[p] = {i for i in shared_with[p] if not self.index.common(i)}
        found = [p for p in people if len(shared_with[p]) >= min_shared]
        if not found:
            return None
        by_context = sorted(found, key=lambda p: (-len(shared_with[p]), -arts.get(p, 0), str(p)))
        by_fame = sorted(found, key=lambda p: (-arts.get(p, 0), -len(shared_with[p]), str(p)))
        iri = _bearer(by_context, by_fame, shared_with, arts)
        return None if iri is None else (iri, shared_with[iri])

    def _given_name_only(
        self, name: str, minted: URIRef, ext: str | None, context: set[URIRef], gender: str | None
    ) -> Candidate | None:
        """A bare given name ("Hillary", "Jeb", "Bernie": how news and crowds call some
        people): the person of that first name, on two shared entities, chosen as for a
        bare surname (:func:`_bearer`). The word must be a given name of
        ``given_names.tsv`` or the first name of a much-named person (named in
        :data:`PROMINENCE` times :data:`KNOWN_ORG_ARTICLES` articles: the list is of US
        names of 1990, and "Jeb" or "Barack" are not in it). When people of the store also
        bear it as a surname, :func:`_more_prominent` decides."""
        from .extract.lexicon import lexicon  # the word lists; spaCy is not loaded by this

        word = name.strip()
        people = [
            p
            for p in self.index.with_given_name(word)
            if self._allowed(minted, p, ext) and not self.index.gender_clash(p, gender)
        ]
        if word not in lexicon().given_names and not any(
            self.index.articles.get(p, 0) >= PROMINENCE * KNOWN_ORG_ARTICLES for p in people
        ):
            return None
        chosen = self._bearer_of(people, context, min_shared=2) if people else None
        if chosen is None:
            return None
        iri, common = chosen
        return Candidate(
            iri, self.index.names[iri], self._named_with("given name only", iri, common), 0.7
        )

    def _known_org(
        self, type_key: str, name: str, minted: URIRef, ext: str | None, gender: str | None
    ) -> Candidate | None:
        """A one-word name the parser took for a person or a place ("Politico reported",
        "at NRA") that is, as written, the name of an organization of the store named in at
        least :data:`KNOWN_ORG_ARTICLES` articles: that organization. Not with an honorific
        or gender ("Mr Ford" is a person)."""
        if gender:
            return None
        pool = [i for i in self.index.orgs_named(name) if self._allowed(minted, i, ext)]
        iri = self._the_much_named(pool, minted)
        if iri is None:
            return None
        return Candidate(iri, self.index.names[iri], self._typed_otherwise(type_key, iri), 0.7,
                         self.index.types[iri])  # fmt: skip

    def _surname_only(
        self,
        surname: str,
        minted: URIRef,
        ext: str | None,
        context: set[URIRef],
        min_shared: int = 1,
        gender: str | None = None,
    ) -> Candidate | None:
        people = [
            p
            for p in self.index.with_surname("Person", surname)
            if len(_tokens(self.index.names[p])) >= 2
            and self._allowed(minted, p, ext)
            and not self.index.gender_clash(p, gender)
        ]
        chosen = self._bearer_of(people, context, min_shared) if people else None
        if chosen is None:
            return None
        iri, common = chosen
        best = len(common)
        others = f"; {len(people) - 1} other(s) with that surname" if len(people) > 1 else ""
        why = self._named_with("surname only", iri, common) + others
        score = min(0.9, 0.6 + 0.1 * best) - (0.1 if len(people) > 1 else 0.0)
        return Candidate(iri, self.index.names[iri], why, round(score, 2))

    def _named_with(self, rule: str, iri: URIRef, common: set[URIRef]) -> str:
        """A link's reason by context: the rule, and three of the entities shared."""
        shared = sorted(self.index.names.get(i, str(i)) for i in common)
        return (
            f"{rule}; {self.index.names[iri]!r} is named in articles that also name "
            f"{', '.join(repr(s) for s in shared[:3])}"
        )

    def _load_context(self, iris: list[URIRef]) -> None:
        """Co-mentioned entities of store entities, fetched once per entity."""
        todo = [i for i in iris if not self.context.known(i)]
        if not todo or self.store is None:
            return
        m = model()
        body = m.term("has_body").n3()
        values = " ".join(term_to_sparql(i) for i in todo)
        q = f"""
SELECT ?e ?o (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  VALUES ?e {{ {values} }}
  GRAPH ?g {{ ?m1 {body} ?e . ?m2 {body} ?o . }}
  FILTER (?o != ?e)
}} GROUP BY ?e ?o"""
        found: dict[URIRef, list[tuple[int, str]]] = defaultdict(list)
        for row in self.store.query(q):
            e, o, n = row  # type: ignore[misc]
            found[URIRef(str(e))].append((-int(str(n)), str(o)))
        for i in todo:
            # most co-mentioned first, so that what the context keeps is what they name most
            self.context.add(i, [URIRef(o) for _, o in sorted(found.get(i, ()))])
            self.context.mark_loaded(i)

    def remember(self, x: Extraction, links: Links) -> None:
        """Index the article's entities (as written), for the next articles of the run."""
        minted = entity_iris(x)
        self.index.total += 1
        written = [(e, links.iris.get(e.key) or minted[e.key]) for e in x.entities]
        iris = {iri for _, iri in written}
        for e, iri in written:
            if e.scope == "article":
                continue  # this article's own: no other article links to it
            type_key = links.types.get(e.key, e.type)
            name = links.names.get(e.key, e.name)
            self.index.add(iri, type_key, name, e.gender if type_key == "Person" else None)
            if e.key in links.external:
                self.index.external.setdefault(iri, str(links.external[e.key]).rsplit("/", 1)[-1])
            # context is only read for people with a full name (rule 3): keep it for them,
            # at most MAX_CONTEXT entities each (in IRI order, so runs are reproducible)
            if (type_key == "Person" and len(_tokens(name)) >= 2) or (
                type_key in _ORG_TYPES and _generic_body_of(name)
            ):  # and for "<Country> Senate": the bodies a bare "Senate" may be
                self.context.add(iri, sorted(iris - {iri}))

    def second_look(self) -> ResolveReport:
        """Once an ingest run is over, the store's small nodes (named in at most
        :data:`SECOND_LOOK_ARTICLES` articles) decided again against everything stored, and
        the article graphs naming those it now links rewritten (:func:`resolve_store`'s
        rewrite, one transaction per graph).

        An article is linked against the entities of the articles before it, so what the
        first articles of a run decide depends on the order of the files: "AP" before any
        article spelled out "Associated Press", "Obama" while two people of that surname were
        named about as often, "George H.W. Bush" before "George HW Bush" was much named.
        This pass gives them the decision the whole store supports, by the same rules (a
        one-word name by its articles' context; a full name to the better-known node it
        matches), with the index and the context read from the store, not from this run's
        memory: so it is the same whether the articles came in one run or in several (a
        killed run resumed). A link makes its target better known, which can decide
        another node, so passes repeat until one links nothing (at most
        :data:`SECOND_LOOK_PASSES`): running it again then changes nothing. Small nodes
        only move into larger ones or into full names.
        """
        report = ResolveReport()
        for _ in range(SECOND_LOOK_PASSES):
            done = self._one_look()
            report.links += done.links
            report.articles |= done.articles
            if not done.links:
                break
        return report

    def _one_look(self) -> ResolveReport:
        """One pass of :meth:`second_look`."""
        report = ResolveReport()
        if self.store is None:
            return report
        look = Linker.from_store(self.store)
        look.rejected, look.aliases = self.rejected, self.aliases
        ix = look.index
        mapping: dict[URIRef, Candidate] = {}
        small = [
            i
            for i, n in ix.articles.items()
            if n <= SECOND_LOOK_ARTICLES and not is_article_scoped(i)
        ]
        for iri in sorted(small, key=lambda i: (ix.articles.get(i, 0), str(i))):
            type_key, name = ix.types.get(iri), ix.names.get(iri)
            if not type_key or not name or not look._worth_a_look(type_key, name):
                continue
            context: set[URIRef] = set()
            if len(_tokens(name)) == 1:
                look._load_context([iri])
                context = look.context.of(iri)
            ext = ix.external.get(iri)
            choice = look._choose(type_key, name, iri, ext, context - {iri}, ix.gender.get(iri))
            if choice is not None and choice.iri != iri:
                mapping[iri] = choice
        for iri in list(mapping):  # "A" -> "B" -> "C": straight to "C" (no cycles: skip)
            seen = {iri}
            c = mapping[iri]
            while c.iri in mapping and c.iri not in seen:
                seen.add(c.iri)
                c = mapping[c.iri]
            if c.iri in seen:
                del mapping[iri]
            else:
                mapping[iri] = Candidate(c.iri, c.name, mapping[iri].reason, mapping[iri].score,
                                         mapping[iri].type or c.type)  # fmt: skip
        mapping.update(look._outlets_again(mapping))
        if mapping:
            _rewrite_graphs(self.store, mapping, report)
        return report

    def _outlets_again(self, mapping: Mapping[URIRef, Candidate]) -> dict[URIRef, Candidate]:
        """Publisher and agency nodes the metadata made ("nyt" before any article spelled
        out the outlet) and no link took to an outlet: the much-named organization so named
        or abbreviated, as :meth:`_link_outlet` decides, now on the whole store."""
        if self.store is None:
            return {}
        m = model()
        props = f"{m.term('publisher').n3()} {m.term('source_organization').n3()}"
        q = f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ VALUES ?p {{ {props} }} ?g ?p ?o }} }}"
        out: dict[URIRef, Candidate] = {}
        for row in self.store.query(q):
            iri = URIRef(str(row[0]))  # type: ignore[index]
            name = self.index.names.get(iri)
            if not name or iri in mapping:
                continue
            c = self._outlet_of_store(name, iri)
            if c is not None:
                out[iri] = c
        return out

    def _outlet_of_store(self, name: str, minted: URIRef) -> Candidate | None:
        """The one much-named organization of the store named ``name`` (folded), else the
        one ``name`` (2 to 6 letters) is the acronym of; not ``minted`` itself nor a
        rejected link."""
        found = self._the_much_named(self.index.orgs_named(name), minted)
        if found is None and name.replace(".", "").isalpha() and 2 <= len(name) <= 6:
            acr = self.index.acronym_of("NewsMediaOrganization", name.replace(".", "").upper())
            found = acr[0].iri if acr and acr[0].iri != minted else None
        if found is None:  # "wash-post", "WaPo": the words it clips
            clipped = [c.iri for c in self.index._clipped(name) if c.iri != minted]
            found = clipped[0] if clipped else None
        if found is None or (minted, found) in self.rejected:
            return None
        why = f"the publisher's name as the store names it: {self.index.names[found]!r}"
        return Candidate(found, self.index.names[found], why, 0.9)

    def _the_much_named(self, pool: Iterable[URIRef], minted: URIRef) -> URIRef | None:
        """The one entity of ``pool`` (not ``minted``) named in :data:`KNOWN_ORG_ARTICLES`
        articles or more, else None (none, or several)."""
        arts = self.index.articles
        found = [i for i in pool if i != minted and arts.get(i, 0) >= KNOWN_ORG_ARTICLES]
        return found[0] if len(found) == 1 else None

    def _worth_a_look(self, type_key: str, name: str) -> bool:
        """Whether the index holds anything a node of this name could be linked to (so
        that the store is queried for context only where a rule could use it)."""
        toks = _tokens(name)
        if not toks or type_key in ("Country", "Event"):
            return False
        if len(toks) >= 2:
            return True
        word = toks[0]
        ix = self.index
        return bool(
            ix.with_surname("Person", word)
            or ix.with_given_name(word)
            or ix.orgs_named(name)
            or (type_key in _ORG_TYPES and _is_acronym(name) and ix._by_initials.get(name))
            or any(ix.bodies_named(k) for k in _body_keys(name))
            or (type_key in _ORG_TYPES and ix._clipped(name))
        )


def _more_prominent(
    by_surname: Candidate | None, by_given: Candidate | None, articles: Mapping[URIRef, int]
) -> Candidate | None:
    """A one-word name that is the surname of one person and the given name of another
    ("Warren": Elizabeth Warren, Warren Buffett): the surname's bearer, as news writes bare
    surnames, unless the given name's bearer is named in :data:`PROMINENCE` times as many
    articles and the surname's is named in fewer than :data:`KNOWN_ORG_ARTICLES` (a bare
    "Barack" when a rarely named "Tom Barrack" shares its key)."""
    if by_surname is None or by_given is None:
        return by_surname or by_given
    n_given, n_surname = articles.get(by_given.iri, 0), articles.get(by_surname.iri, 0)
    if n_surname < KNOWN_ORG_ARTICLES and n_given >= PROMINENCE * max(n_surname, 1):
        return by_given
    return by_surname


def _bearer(
    by_context: list[URIRef],
    by_fame: list[URIRef],
    shared: Mapping[URIRef, set[URIRef]],
    articles: Mapping[URIRef, int],
) -> URIRef | None:
    """Which of several people a bare surname is (rule 3). News gives the best-known bearer
    the bare surname and the others their given names; and the context of a much-named
    person is capped (:data:`MAX_CONTEXT`), so it is no fair count against a rarely named
    one. In order:

    1. one who shares at least twice as much context as the best-known (and two entities
       more): the context says so;
    2. the best-known, if named in :data:`PROMINENCE` times as many articles as the next;
    3. the one sharing strictly the most context; else ambiguous (None).
    """
    famous, close = by_fame[0], by_context[0]
    n_f, n_c = len(shared[famous]), len(shared[close])
    if close != famous and n_c >= 2 * n_f and n_c - n_f >= 2:
        return close
    if len(by_fame) == 1 or articles.get(famous, 0) >= PROMINENCE * max(
        articles.get(by_fame[1], 0), 1
    ):
        return famous
    if len(by_context) > 1 and len(shared[by_context[1]]) == n_c:
        return None
    return close


def _most_specific(classes: str) -> str | None:
    m = model()
    keys = sorted(k for k in (m.key(URIRef(c)) for c in classes.split()) if k)
    keys = [k for k in keys if k in m.entity_classes]
    if not keys:
        return None
    return max(keys, key=lambda k: sum(m.is_subclass(m.term(k), m.term(o)) for o in keys))


# ------------------------------------------------------------------------------ undoing
def list_links(store: Store, entity: URIRef | None = None) -> list[dict[str, str]]:
    """Every link recorded in the article graphs (or those to/from ``entity``): ``from``,
    ``to``, ``reason``, ``confidence``, ``article``; sorted."""
    m = model()
    q = f"""
SELECT ?from ?to ?reason ?confidence ?article WHERE {{
  GRAPH ?article {{
    ?l a {m.term("EntityLink").n3()} ; {m.term("linked_from").n3()} ?from ;
       {m.term("linked_to").n3()} ?to ; {m.term("link_reason").n3()} ?reason .
    OPTIONAL {{ ?l {m.term("confidence").n3()} ?confidence }}
  }}
}}"""
    rows = []
    for r in store.query(q):
        f, t, reason, conf, art = (str(v) if v is not None else "" for v in r)  # type: ignore[union-attr]
        if entity is None or str(entity) in (f, t):
            rows.append({"from": f, "to": t, "reason": reason, "confidence": conf, "article": art})
    return sorted(rows, key=lambda d: (d["to"], d["from"], d["article"]))


def reject_link(store: Store, linked_from: URIRef, linked_to: URIRef, reason: str) -> None:
    """Record in the decisions graph that ``linked_from`` must never be linked to
    ``linked_to`` (the graph is rewritten in one transaction)."""
    from datetime import datetime

    from rdflib import RDF, XSD, Graph, Literal

    m = model()
    g = decisions_graph()
    current = Graph()
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term_to_sparql(g)} {{ ?s ?p ?o }} }}"
    res = store.query(q)
    if res.graph is not None:
        for t in res.graph:
            current.add(t)
    import hashlib

    digest = hashlib.sha256(f"{linked_from}\x1f{linked_to}".encode()).hexdigest()[:16]
    node = m.iri("LinkRejection", digest)
    current.add((node, RDF.type, m.term("LinkRejection")))
    current.add((node, m.term("linked_from"), linked_from))
    current.add((node, m.term("linked_to"), linked_to))
    current.add((node, m.term("link_reason"), Literal(reason)))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    current.add((node, m.term("generated_at"), Literal(now, datatype=XSD.dateTime)))
    store.replace_graph(g, iter(current))


def unlink(
    store: Store,
    linked_from: URIRef | str,
    extractor: object,
    *,
    reason: str = "undone by the user",
) -> list[URIRef]:
    """Undo the links made from ``linked_from`` (the IRI an article minted): record the
    rejection(s) and rebuild each article that used them from its stored text, so the
    entity gets its own node again. Returns the articles rebuilt.

    Raises :class:`~graph.errors.NotFoundError` if no link starts at ``linked_from``.
    """
    from .pipeline import ingest

    src = URIRef(str(linked_from))
    links = [r for r in list_links(store) if r["from"] == str(src)]
    if not links:
        raise NotFoundError(f"no entity link starts at {src}; list them with `kg links`")
    for target in sorted({r["to"] for r in links}):
        reject_link(store, src, URIRef(target), reason)
    articles = sorted({URIRef(r["article"]) for r in links})
    stored = [stored_article(store, a) for a in articles]
    linker = Linker.from_store(store)
    report = ingest(store, stored, extractor=extractor, force=True, batch=1, linker=linker)  # type: ignore[arg-type]
    if report.failed:
        raise report.failed[0]
    return articles


def stored_article(store: Store, graph: URIRef) -> object:
    """The :class:`~graph.records.Article` an article graph was built from (its text,
    headline, date, URL and publisher), for re-extraction."""
    from datetime import date as date_

    from .records import Article

    m = model()
    q = f"""
SELECT ?text ?title ?date ?url ?pubName ?lang WHERE {{
  GRAPH ?g {{
    ?g {m.term("text").n3()} ?text .
    OPTIONAL {{ ?g {m.term("headline").n3()} ?title }}
    OPTIONAL {{ ?g {m.term("date_published").n3()} ?date }}
    OPTIONAL {{ ?g {m.term("url").n3()} ?url }}
    OPTIONAL {{ ?g {m.term("publisher").n3()} ?pub . ?pub {m.term("pref_label").n3()} ?pubName }}
    OPTIONAL {{ ?g {m.term("in_language").n3()} ?lang }}
  }}
}} LIMIT 1"""
    rows = list(store.query(q, {"g": graph}))
    if not rows:
        raise NotFoundError(f"no article graph {graph} with its text in the store")
    text, title, published, url, pub, lang = (None if v is None else str(v) for v in rows[0])  # type: ignore[union-attr]
    day = None
    if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        day = date_.fromisoformat(published)
    return Article(
        text=text or "",
        title=title,
        published=day,
        url=url,
        publisher=pub,
        source=str(graph),
        language=lang,
    )


# ------------------------------------------------------------------------------ afterwards
@dataclass
class ResolveReport:
    """What :func:`resolve_store` did."""

    links: list[LinkRecord] = field(default_factory=list)
    articles: set[URIRef] = field(default_factory=set)


def resolve_store(store: Store, aliases: str | Path | None = None) -> ResolveReport:
    """Link the entities of a store written without linking (the Spark path, ``--no-link``).

    Entities are taken in the order they first appear (article date, then IRI), each matched
    against those before it by the rules of the module docstring (its context: the entities
    named in its articles). Each article graph naming a linked entity is rewritten in one
    transaction as :meth:`Linker.link` would have had it built: the entity under the linked
    IRI and name (its own name an alias), the link recorded. Links already made and rejected
    ones are respected; running it twice changes nothing the second time.
    """
    m = model()
    classes = " ".join(c.n3() for c in m.entity_classes.values())
    q = f"""
SELECT ?e (MIN(STR(?label)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?cls); separator=" ") AS ?classes)
       (MIN(STR(?date)) AS ?first) (SAMPLE(?wd) AS ?ext)
WHERE {{
  GRAPH ?g {{
    VALUES ?cls {{ {classes} }}
    ?e a ?cls ; {m.term("pref_label").n3()} ?label .
    OPTIONAL {{ ?g {m.term("date_published").n3()} ?date }}
    OPTIONAL {{ ?e {m.term("external_id").n3()} ?wd }}
  }}
}} GROUP BY ?e"""
    rows = []
    for r in store.query(q):
        e, name, cls, first, ext = r  # type: ignore[misc]
        type_key = _most_specific(str(cls))
        if type_key:
            rows.append((str(first or "9999"), str(e), type_key, str(name), ext))
    rows.sort()
    known = Linker.from_store(store, aliases=aliases)  # its rejections and the alias file
    linker = Linker(EntityIndex(), store=store, rejected=known.rejected, aliases=known.aliases)
    mapping: dict[URIRef, Candidate] = {}
    for _, e, type_key, name, ext in rows:
        iri = URIRef(e)
        ext_id = (
            str(ext).rsplit("/", 1)[-1] if ext is not None else linker._external(type_key, name)
        )
        context: set[URIRef] = set()
        if len(_tokens(name)) == 1:
            linker._load_context([iri])
            context = linker.context.of(iri)
        choice = linker._choose(type_key, name, iri, ext_id, context)
        if choice is None:
            linker.index.add(iri, type_key, name)
            if ext_id:
                linker.index.external[iri] = ext_id
        else:
            mapping[iri] = choice
    report = ResolveReport()
    if mapping:
        _rewrite_graphs(store, mapping, report)
    return report


def _rewrite_graphs(store: Store, mapping: dict[URIRef, Candidate], report: ResolveReport) -> None:
    """Rewrite every article graph naming an entity of ``mapping`` with its links applied."""
    by_graph: dict[URIRef, list[URIRef]] = defaultdict(list)
    todo = sorted(mapping)
    for start in range(0, len(todo), 500):  # VALUES blocks of a bounded size
        values = " ".join(term_to_sparql(i) for i in todo[start : start + 500])
        gq = f"SELECT DISTINCT ?g ?e WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e a ?c }} }}"
        for r in store.query(gq):
            g, e = r  # type: ignore[misc]
            by_graph[URIRef(str(g))].append(URIRef(str(e)))
    for g in sorted(by_graph):
        if g == decisions_graph():
            continue
        _rewrite(store, g, {e: mapping[e] for e in sorted(set(by_graph[g]))}, report)


def _rewrite(
    store: Store, graph: URIRef, links: dict[URIRef, Candidate], report: ResolveReport
) -> None:
    """Rewrite one article graph with ``links`` applied (one transaction)."""
    import hashlib
    from decimal import Decimal

    from rdflib import RDF, Graph, Literal

    m = model()
    res = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term_to_sparql(graph)} {{ ?s ?p ?o }} }}"
    )
    old = res.graph if res.graph is not None else Graph()
    new = Graph()
    pref, alt = m.term("pref_label"), m.term("alt_label")
    agent = next(iter(old.subjects(RDF.type, m.term("SoftwareAgent"))), None)
    art_hash = str(graph).rsplit("/", 1)[-1]
    for s, p, o in old:
        s2 = links[s].iri if s in links else s  # type: ignore[index]
        o2 = links[o].iri if o in links else o  # type: ignore[index]
        if s in links and p == pref:
            new.add((s2, alt, o))  # its own name becomes an alias
            continue
        if s in links and p == RDF.type and links[s].type:  # type: ignore[index]
            continue  # the parser's class is replaced below
        new.add((s2, p, o2))
    for minted, c in links.items():
        new.add((c.iri, pref, Literal(c.name)))
        if c.type:
            for cls in m.superclasses(c.type):
                new.add((c.iri, RDF.type, cls))
        digest = hashlib.sha256(f"{minted}\x1f{c.iri}".encode()).hexdigest()[:12]
        node = m.iri("EntityLink", f"{art_hash}-{digest}")
        new.add((node, RDF.type, m.term("EntityLink")))
        new.add((node, m.term("linked_from"), minted))
        new.add((node, m.term("linked_to"), c.iri))
        new.add((node, m.term("link_reason"), Literal(c.reason)))
        new.add((node, m.term("confidence"), Literal(Decimal(str(round(c.score, 3))))))
        if agent is not None:
            new.add((node, m.term("attributed_to"), agent))
        new.add((minted, m.term("same_as"), c.iri))
        report.links.append(LinkRecord("", minted, c.iri, c.reason, c.score))
    store.replace_graph(graph, iter(new))
    report.articles.add(graph)


def apply_links(nquads: bytes, graph: URIRef, links: Links) -> bytes:
    """An article graph's N-Quads (built without links) with ``links`` applied: linked
    entities under the linked IRI and name (their own name an alias, their class corrected),
    each link recorded (as :func:`graph.rdf.build.build_graph` records them), Wikidata items
    as ``schema:sameAs``. Fact IRIs stay as minted. Used by the ingest pipeline, whose
    worker processes build the graphs before the main process links them.
    """
    import hashlib
    from decimal import Decimal

    import pyoxigraph as ox

    if not (links.records or links.external):
        return nquads
    m = model()

    def nn(iri: str | URIRef) -> ox.NamedNode:
        return ox.NamedNode(str(iri))

    g = nn(graph)
    rdf_type = nn("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    pref, alt = nn(m.term("pref_label")), nn(m.term("alt_label"))
    by_from = {nn(r.linked_from): r for r in links.records}
    retyped = {nn(r.linked_from) for r in links.records if r.key in links.types}
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    agent = next(
        (
            q.subject
            for q in quads
            if q.predicate == rdf_type and q.object == nn(m.term("SoftwareAgent"))
        ),
        None,
    )
    out: list[ox.Quad] = []
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        if s in by_from:
            if p == pref:
                out.append(ox.Quad(nn(by_from[s].linked_to), alt, o, g))
                continue
            if p == rdf_type and s in retyped:
                continue
            s = nn(by_from[s].linked_to)
        if isinstance(o, ox.NamedNode) and o in by_from:
            o = nn(by_from[o].linked_to)
        out.append(ox.Quad(s, p, o, g))
    art_hash = str(graph).rsplit("/", 1)[-1]
    for r in links.records:
        to = nn(r.linked_to)
        out.append(ox.Quad(to, pref, ox.Literal(links.names.get(r.key, "")), g))
        if r.key in links.types:
            for cls in m.superclasses(links.types[r.key]):
                out.append(ox.Quad(to, rdf_type, nn(cls), g))
        digest = hashlib.sha256(f"{r.linked_from}\x1f{r.linked_to}".encode()).hexdigest()[:12]
        node = nn(m.iri("EntityLink", f"{art_hash}-{digest}"))
        conf = ox.Literal(
            str(Decimal(str(round(r.score, 3)))),
            datatype=nn("http://www.w3.org/2001/XMLSchema#decimal"),
        )
        out += [
            ox.Quad(node, rdf_type, nn(m.term("EntityLink")), g),
            ox.Quad(node, nn(m.term("linked_from")), nn(r.linked_from), g),
            ox.Quad(node, nn(m.term("linked_to")), to, g),
            ox.Quad(node, nn(m.term("link_reason")), ox.Literal(r.reason), g),
            ox.Quad(node, nn(m.term("confidence")), conf, g),
            ox.Quad(nn(r.linked_from), nn(m.term("same_as")), to, g),
        ]
        if agent is not None:
            out.append(ox.Quad(node, nn(m.term("attributed_to")), agent, g))
    linked = {r.key: r.linked_to for r in links.records}
    for key, item in links.external.items():
        subject = linked.get(key) or links.minted.get(key)
        if subject is not None:
            out.append(ox.Quad(nn(subject), nn(m.term("external_id")), nn(item), g))
    return ox.serialize(out, format=ox.RdfFormat.N_QUADS) or b""
