"""General word lists the extractor reads from ``graph/data/`` (never names of one article).

Countries with aliases, demonyms and capitals; international organizations; job titles and
their modifiers; nouns for media outlets, events and institutions; reporting verbs, denial
and hedge cues, and the nouns of anonymous sources. Lookups are by
:func:`norm_key`: case-folded, a leading "the" and a trailing possessive removed.

Examples
--------
>>> norm_key("The  Financial Times's")
'financial times'
>>> lex = lexicon()
>>> lex.country_of("U.S.")
'United States'
>>> lex.country_of("Kyiv") is None   # capitals are not country names
True
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["DATA_DIR", "Honorific", "Lexicon", "Party", "lexicon", "norm_key"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_THE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSS = re.compile(r"\s*['\u2019]s?$")


def norm_key(text: str) -> str:
    """The lookup key of a name: case-folded, spaces collapsed, no leading article/possessive."""
    t = " ".join(text.split())
    t = _POSS.sub("", t)
    t = _THE.sub("", t)
    return t.casefold()


def _lines(name: str) -> list[str]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _tsv(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k: (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(fh, delimiter="\t")
        ]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass(frozen=True)
class Honorific:
    """An honorific or courtesy title before a name (``honorifics.tsv``).

    ``kind`` is ``courtesy`` (Mr, Ms), ``academic`` (Dr), ``knightly`` (Sir, Dame),
    ``noble`` (Lord, Baroness: part of the name the person is known by, "Lord Falconer"),
    ``religious``, ``military``, ``police`` or ``office`` (Sen., Gov.); ``gender`` is ``m``,
    ``f`` or None.
    """

    form: str
    gender: str | None
    kind: str

    @property
    def in_name(self) -> bool:
        """Whether it belongs to the person's name ("Lord Falconer") rather than before it."""
        return self.kind == "noble"

    @property
    def strong(self) -> bool:
        """Whether it marks a person by itself: a courtesy, knightly or noble title, or an
        abbreviation ("Gen.", "Sgt", "Sen."). Full words that are also ordinary words
        ("General Motors", "Major League", "Father Christmas") only mark a name that the
        recognizer already took for a person."""
        if self.kind in ("courtesy", "knightly", "noble"):
            return True
        return self.form.endswith(".") or (len(self.form) <= 4 and self.form[:1].isupper())


@dataclass(frozen=True)
class Party:
    """A political party of ``parties.tsv``: its name and country."""

    name: str
    country: str


@dataclass
class Lexicon:
    """The word lists, indexed for lookup."""

    countries: dict[str, str] = field(default_factory=dict)  # key -> country name
    demonyms: dict[str, str] = field(default_factory=dict)  # key -> country name
    demonym_of: dict[str, str] = field(default_factory=dict)  # country name -> adjective
    capitals: dict[str, str] = field(default_factory=dict)  # key -> country name
    organizations: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (name, type)
    titles: set[str] = field(default_factory=set)
    title_modifiers: set[str] = field(default_factory=set)
    media_nouns: set[str] = field(default_factory=set)
    event_nouns: set[str] = field(default_factory=set)
    institution_nouns: set[str] = field(default_factory=set)
    reporting_verbs: set[str] = field(default_factory=set)
    evaluative_verbs: set[str] = field(default_factory=set)  # "criticise", "praise": NP content
    belief_verbs: set[str] = field(default_factory=set)  # "believe", "expect": clause content
    message_verbs: set[str] = field(default_factory=set)  # "say", "repeat": object content
    quote_cues: set[str] = field(default_factory=set)  # "continue": right after a quote only
    deny_cues: set[str] = field(default_factory=set)
    deny_phrases: list[str] = field(default_factory=list)
    hedge_cues: set[str] = field(default_factory=set)
    source_nouns: set[str] = field(default_factory=set)
    head_titles: set[str] = field(default_factory=set)
    honorifics: dict[str, Honorific] = field(default_factory=dict)  # form as written -> it
    parties: dict[str, list[Party]] = field(default_factory=dict)  # key of a name -> parties
    party_adjectives: dict[str, list[Party]] = field(default_factory=dict)  # "Tory" as written
    party_acronyms: dict[str, list[Party]] = field(default_factory=dict)  # "GOP", as written
    given_names: dict[str, str] = field(default_factory=dict)  # "Peter" -> "m"
    non_person_heads: set[str] = field(default_factory=set)  # "university", "county"
    regions: dict[str, str] = field(default_factory=dict)  # key -> region name ("Tuscany")
    region_country: dict[str, str] = field(default_factory=dict)  # region name -> country
    generic_bodies: set[str] = field(default_factory=set)  # "senate", "supreme court": keys
    religions: set[str] = field(default_factory=set)  # "islam", "christianity": keys
    # given names that are rarely surnames ("Daniel", not "Reagan"): given_names.tsv
    first_names_only: set[str] = field(default_factory=set)
    org_designators: set[str] = field(default_factory=set)  # "inc", "channel": folded
    # legislatures.tsv: "senate" -> ("Senate", the countries with a chamber of that name)
    chambers: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    chamber_short: dict[str, list[str]] = field(default_factory=dict)  # "house" -> its keys
    nicknames: dict[str, set[str]] = field(default_factory=dict)  # "bill" -> {"william"}
    place_nouns: set[str] = field(default_factory=set)  # "station", "hotel", "prison"
    post_nominals: set[str] = field(default_factory=set)  # "QC", "MP", "OBE", as written
    media_heads: set[str] = field(default_factory=set)  # "Times", "Herald": as written
    person_nouns: set[str] = field(default_factory=set)  # "candidate", "billionaire"
    document_nouns: set[str] = field(default_factory=set)  # "report", "letter", "poll"
    group_nouns: set[str] = field(default_factory=set)  # "supporters", "critics", "campaign"
    companies: dict[str, str] = field(default_factory=dict)  # key -> company or platform name
    honorific_words: int = 1  # the most words an honorific has ("Lt. Gen.": 2)
    common_nouns: set[str] = field(default_factory=set)  # nouns of bodies and events, keys

    def party_options(self, name: str) -> list[Party]:
        """Every party a name, an acronym as written or an adjective may stand for."""
        name = name.strip()
        return (
            self.party_acronyms.get(_THE.sub("", name))
            or self.parties.get(norm_key(name))
            or self.party_adjectives.get(name)
            or []
        )

    def party_of(self, name: str, countries: Mapping[str, int] | None = None) -> Party | None:
        """The party a name ("the Tories", "Lib Dems", "GOP") or a party adjective as written
        ("Tory", "Democratic") stands for; where parties of several countries share it
        ("Labour"), the one whose country ``countries`` (country name -> mentions in the
        article) counts most, else the first listed.

        >>> lexicon().party_of("the Tories").name
        'Conservative Party'

        A short form that is also a common noun of bodies or events ("Congress", "League",
        "Assembly": in ``event_nouns.txt``, ``institution_nouns.txt`` or
        ``non_person_heads.txt``) is the party only in an article that names its country:
        "Congress" in an article about the United States is its legislature, not India's
        Congress party.

        >>> lexicon().party_of("Congress", {"United States": 3}) is None
        True
        >>> lexicon().party_of("Congress", {"India": 1}).name
        'Indian National Congress'
        """
        options = self.party_options(name)
        if not options:
            return None
        countries = countries or {}
        best = max(options, key=lambda p: countries.get(p.country, 0))
        if (
            best.country
            and countries.get(best.country, 0) == 0
            and norm_key(name) in self.common_nouns
            and all(norm_key(name) != norm_key(p.name) for p in options)
        ):
            return None
        return best

    def honorific_at(self, words: list[str]) -> tuple[int, Honorific] | None:
        """The longest honorific that ``words`` start with, and its number of words.

        >>> lexicon().honorific_at(["Mr", "Blair"])
        (1, Honorific(form='Mr', gender='m', kind='courtesy'))
        """
        for n in range(min(self.honorific_words, len(words)), 0, -1):
            h = self.honorifics.get(" ".join(words[:n]))
            if h is not None:
                return n, h
        return None

    def is_known_body(self, name: str) -> bool:
        """Whether a name is a country, organization, party, company or region of the lists."""
        key = norm_key(name)
        return (
            key in self.countries
            or key in self.organizations
            or key in self.parties
            or key in self.companies
            or key in self.regions
        )

    def qualified_name(self, name: str) -> str:
        """An organization's name with a leading country form written as the country's
        name ("U.S. Senate", "US Senate" -> "United States Senate"), and a chamber's short
        form as its name ("U.S. House" -> "United States House of Representatives"): one
        key for one body.

        >>> lexicon().qualified_name("U.S. Senate"), lexicon().qualified_name("Senate")
        ('United States Senate', 'Senate')
        >>> lexicon().qualified_name("U.S. House")
        'United States House of Representatives'
        """
        words = name.split()
        for n in (3, 2, 1):
            if len(words) > n:
                country = self.countries.get(norm_key(" ".join(words[:n])))
                if country:
                    rest = " ".join(words[n:])
                    if norm_key(rest) in self.chamber_short:
                        rest = self.body_of_country(rest, country) or rest
                    return " ".join([country, rest])
        return name

    def body_of_country(self, name: str, country: str) -> str | None:
        """The name of ``country``'s body that a bare generic name denotes in its news, or
        None if the name is not generic (``generic_bodies.txt``) or the country has no such
        chamber (``legislatures.tsv``): "House" is the House of Representatives of the
        United States, the House of Commons of the United Kingdom, nothing of Iran.

        >>> lex = lexicon()
        >>> lex.body_of_country("House", "United States"), lex.body_of_country("Congress", "Iran")
        ('House of Representatives', None)
        >>> lex.body_of_country("Parliament", "Iran"), lex.body_of_country("Senate", "Canada")
        ('Parliament', 'Senate')
        """
        key = norm_key(name)
        for long in self.chamber_short.get(key, []):
            body, countries = self.chambers[long]
            if country in countries:
                return body
        if key in self.chambers:
            body, countries = self.chambers[key]
            return body if country in countries else None
        if key in self.chamber_short or key not in self.generic_bodies:
            return None
        return name

    def country_of(self, name: str) -> str | None:
        """The country a name or alias denotes, if it is one."""
        return self.countries.get(norm_key(name))

    def organization_of(self, name: str) -> tuple[str, str] | None:
        """(canonical name, type key) of a known international organization."""
        return self.organizations.get(norm_key(name))


@cache
def lexicon() -> Lexicon:
    """Load the word lists once."""
    lex = Lexicon()
    for row in _tsv("countries.tsv"):
        name = row.get("name", "")
        if not name:
            continue
        for alias in [name, *_split(row.get("aliases", ""))]:
            lex.countries[norm_key(alias)] = name
        dems = _split(row.get("demonyms", ""))
        for d in dems:
            lex.demonyms[norm_key(d)] = name
        if dems:
            lex.demonym_of[name] = dems[0]
        for c in _split(row.get("capitals", "")):
            lex.capitals[norm_key(c)] = name
    for row in _tsv("organizations.tsv"):
        name = row.get("name", "")
        if not name:
            continue
        typ = row.get("type") or "Organization"
        for alias in [name, *_split(row.get("aliases", ""))]:
            lex.organizations[norm_key(alias)] = (name, typ)
    lex.titles = {t.casefold() for t in _lines("titles.txt")}
    lex.title_modifiers = {t.casefold() for t in _lines("title_modifiers.txt")}
    lex.media_nouns = {t.casefold() for t in _lines("media_nouns.txt")}
    lex.event_nouns = {t.casefold() for t in _lines("event_nouns.txt")}
    lex.institution_nouns = {t.casefold() for t in _lines("institution_nouns.txt")}
    lex.reporting_verbs = {t.casefold() for t in _lines("reporting_verbs.txt")}
    lex.evaluative_verbs = {t.casefold() for t in _lines("evaluative_verbs.txt")}
    lex.belief_verbs = {t.casefold() for t in _lines("belief_verbs.txt")}
    lex.message_verbs = {t.casefold() for t in _lines("message_verbs.txt")}
    lex.quote_cues = {t.casefold() for t in _lines("quote_cues.txt")}
    lex.deny_cues = {t.casefold() for t in _lines("deny_cues.txt")}
    lex.deny_phrases = sorted({t.casefold() for t in _lines("deny_phrases.txt")}, key=len)
    lex.hedge_cues = {t.casefold() for t in _lines("hedge_cues.txt")}
    lex.source_nouns = {t.casefold() for t in _lines("source_nouns.txt")}
    lex.head_titles = {t.casefold() for t in _lines("head_titles.txt")}
    for row in _tsv("parties.tsv"):
        name, country = row.get("name", ""), row.get("country", "")
        if not name:
            continue
        party = Party(name, country)
        for alias in [name, *_split(row.get("aliases", ""))]:
            if alias.startswith("The ") and " " not in alias[4:]:
                continue  # "The Left", "The Centre": common words once "the" is dropped
            # acronyms and short forms match as written: "MR" is a party, "Mr" is not, and
            # Norway's "Ap" is not the "AP" of the Associated Press
            acronym = " " not in alias and (
                alias.replace(".", "").isupper() or len(alias.replace(".", "")) <= 4
            )
            table = lex.party_acronyms if acronym else lex.parties
            options = table.setdefault(alias if acronym else norm_key(alias), [])
            if party not in options:
                options.append(party)
        for adj in _split(row.get("adjectives", "")):
            options = lex.party_adjectives.setdefault(adj, [])
            if party not in options:
                options.append(party)
    lex.non_person_heads = {t.casefold() for t in _lines("non_person_heads.txt")}
    lex.common_nouns = lex.event_nouns | lex.institution_nouns | lex.non_person_heads
    lex.generic_bodies = {t.casefold() for t in _lines("generic_bodies.txt")}
    lex.religions = {t.casefold() for t in _lines("religions.txt")}
    lex.org_designators = {t.casefold() for t in _lines("org_designators.txt")}
    for row in _tsv("legislatures.tsv"):
        key = norm_key(row["name"])
        lex.chambers[key] = (row["name"], frozenset(_split(row.get("countries", ""))))
        short = norm_key(row.get("short_form", ""))
        if short:
            lex.chamber_short.setdefault(short, []).append(key)
    for row in _tsv("nicknames.tsv"):
        full = row.get("name", "").casefold()
        for short in _split(row.get("short_forms", "")):
            lex.nicknames.setdefault(short.casefold(), set()).add(full)
    lex.place_nouns = {t.casefold() for t in _lines("place_nouns.txt")}
    lex.post_nominals = set(_lines("post_nominals.txt"))
    lex.media_heads = set(_lines("media_heads.txt"))
    lex.person_nouns = {t.casefold() for t in _lines("person_nouns.txt")} | lex.titles
    lex.document_nouns = {t.casefold() for t in _lines("document_nouns.txt")}
    lex.group_nouns = {t.casefold() for t in _lines("group_nouns.txt")}
    for row in _tsv("regions.tsv"):
        for alias in [row.get("name", ""), *_split(row.get("aliases", ""))]:
            if alias and norm_key(alias) not in lex.countries:  # "Georgia": the country's
                lex.regions.setdefault(norm_key(alias), row["name"])
        if row.get("name") and row.get("country"):
            lex.region_country.setdefault(row["name"], row["country"])
    for row in _tsv("companies.tsv"):
        for alias in [row.get("name", ""), *_split(row.get("aliases", ""))]:
            if alias:
                lex.companies.setdefault(norm_key(alias), row["name"])
    for row in _tsv("given_names.tsv"):
        if row.get("name") and row.get("gender") in ("m", "f"):
            lex.given_names[row["name"]] = row["gender"]
            if row.get("surname") == "rare":
                lex.first_names_only.add(row["name"])
    for row in _tsv("honorifics.tsv"):
        form = row.get("form", "")
        if form:
            lex.honorifics[form] = Honorific(form, row.get("gender") or None, row.get("kind", ""))
            lex.honorific_words = max(lex.honorific_words, len(form.split()))
    return lex
