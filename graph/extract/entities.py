"""From spaCy spans to the entities of one article: typing, clustering, aliases.

Steps, each a general rule about news prose (no names of any article appear here):

1. **Candidates**: NER spans (PERSON, ORG, GPE, LOC, NORP, EVENT) and the rule spans of
   :mod:`graph.extract.patterns`. Leading articles and trailing possessives are trimmed; a
   span inside a job title ("State" in "Secretary of State") is dropped, and so is a name used
   as a descriptor ("a Telegram channel").
2. **Types** from the lexicon: countries and their aliases, international organizations,
   demonyms (NORP "Russian" is a mention of Russia), capitals used as actors ("talks between
   Moscow and Washington": metonyms for the country) versus as places ("in Budapest");
   institution words make an ORG a government body, media words a media outlet.
3. **Document-level consistency**: the surname of a PERSON full name is that person wherever
   it occurs, whatever label NER gave it (the small model tags a bare surname ORG as often
   as PERSON); a surname shared by two full names goes to the nearest preceding one. Other
   surface forms take the majority label, ties going to PERSON.
4. **Clusters**: "the summit" joins the event with that head noun mentioned most so far; one
   entity per person, per country, per organization (an acronym and its
   expansion, a one-word name and the longer name it ends ("the Commission"), and a name with
   and without its country adjective - "Russian Foreign
   Ministry" / "the Foreign Ministry" - are one), per event and delegation name.
5. **Unlabelled repeats**: later occurrences of a cluster's names that NER missed are added
   as mentions, so every mention of a person is counted and linked.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..records import Entity, Mention
from ..resolve import slugify
from .lexicon import Lexicon, lexicon, norm_key

__all__ = ["ORG_CLASSES", "Candidate", "build_entities", "candidates"]

_USEFUL = frozenset(["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT"])
# one-word names of doctrines, phobias and their followers: not organizations or places
_DOCTRINE = re.compile(r"(?:[a-z]ism|isms|phobia|[a-z]ists?)$")
#: The entity classes that are organizations (clustered by name, acronyms, short forms).
ORG_CLASSES = ("Organization", "GovernmentOrganization", "NewsMediaOrganization", "PoliticalParty")
# an acronym or short form in brackets: "UAAR", "M5S", "AT&T" (isupper() also holds for it)
_SHORT_FORM = re.compile(r"[A-Z][A-Z0-9&.-]{1,9}")
# what follows a dateline's place: ", Region" and a dash, or an agency in brackets and a dash
_DATELINE_TAIL = re.compile(
    r",\s*[A-Z][A-Za-z.]{1,14}(?:\s*\([^)]{1,30}\))?\s*(?:--?|\u2013|\u2014)\s"
)
_LEADING = frozenset(["the", "a", "an", "its", "his", "her", "their", "our"])
_PLACE_PREPS = frozenset(["in", "at", "near", "to", "from", "outside", "into", "across", "via"])
_GOV_WORDS = frozenset(
    [
        "ministry", "council", "administration", "kremlin", "government", "parliament",
        "duma", "senate", "court", "commission", "cabinet", "department", "office", "agency",
        "assembly", "congress", "presidency", "house", "pentagon", "bank", "municipality",
        "police", "military", "army", "navy",
    ]
)  # fmt: skip
# event nouns that name bodies as often as events: NER's ORG stands for these
_BODY_EVENT_HEADS = frozenset(["forum", "assembly", "congress"])
# words that make a name an organization whatever NER says ("Port of Gdansk Authority")
_ORG_WORDS = frozenset(
    [
        "authority", "association", "institute", "organisation", "organization", "ministry",
        "council", "union", "party", "bank", "company", "corporation", "group", "holding",
        "agency", "committee", "commission", "foundation", "university", "federation",
        "alliance", "office", "department", "board", "fund", "society", "court",
        "municipality", "police", "army", "navy", "military", "school", "chapter",
    ]
)  # fmt: skip
# the last words of a body's name that a person's name ("Grace Banks", "Tom Court") does not
# end with: a PERSON span ending so is a body named after a person or a place
_BODY_HEADS = (_ORG_WORDS - {"bank", "court", "police", "army", "navy", "military"}) | {
    "library", "museum", "club", "college", "center", "centre", "campaign", "coalition",
}  # fmt: skip
_MEDIA_STRICT = frozenset(
    ["times", "post", "news", "journal", "gazette", "herald", "tribune", "telegraph", "wire",
     "ledger", "dispatch", "courier", "chronicle"]
)  # fmt: skip
_MEDIA_WORDS = frozenset(
    [
        "times", "post", "news", "journal", "gazette", "herald", "tribune", "telegraph",
        "guardian", "daily", "press", "tv", "radio", "broadcasting",
        "mirror", "observer", "chronicle", "wire", "ledger", "dispatch", "courier",
    ]
)  # fmt: skip


@dataclass
class Candidate:
    """One span that may name an entity, with global character offsets."""

    begin: int
    end: int
    text: str
    label: str  # NER label or rule label
    type: str = ""  # ontology class key, once typed
    key: str = ""  # cluster key, once clustered
    name: str = ""  # canonical name proposed by a rule or gazetteer
    sent: int = -1  # index of its sentence
    attributive: bool = False  # used as a modifier of a noun ("its Baltic neighbours")
    honorific: str = ""  # the honorific written before a person's name ("Mr", "Sen.")
    gender: str | None = None  # "m"/"f" when the honorific says


_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")


def _trim(span: Span, label: str) -> Span | None:
    """Drop leading articles/possessive pronouns and a trailing possessive 's; a possessor
    glued before a body's name ("Grayson's Democratic Senate": the body is the Senate, whose
    the possessor says) and lower-case words NER ran into a person's name after it ("Twitter
    junkie")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in _LEADING:
        start += 1
    while end > start and doc[end - 1].text in _POSSESSIVE:
        end -= 1
    if label in ("ORG", "GPE", "FAC"):
        named = {e.text for e in doc.ents}
        for i in range(end - 2, start, -1):
            if (
                doc[i].text in _POSSESSIVE
                and doc[i + 1].text[:1].isupper()
                and doc[start:i].text in named  # "People's Daily" keeps its possessive
            ):
                start = i + 1  # the possessor is another name (NER finds it on its own)
                break
    if label == "PERSON":
        while (
            end - start > 1
            and doc[end - 1].is_lower
            and doc[end - 1].is_alpha
            and doc[end - 2].whitespace_  # a word of its own ("Jong-un" stays whole)
        ):
            end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _inside(span: Span, others: list[Span]) -> bool:
    return any(o.start <= span.start and span.end <= o.end for o in others)


def candidates(doc: Doc, offset: int, sent_base: int, lex: Lexicon) -> list[Candidate]:
    """Candidates of one parsed chunk; ``offset`` maps its characters into the article."""
    titles = list(doc.spans.get("titles", []))
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sent_of = {}
    for n, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_of[i] = sent_base + n
    out: list[Candidate] = []
    for ent, label in _repaired(doc, lex):
        sp = _trim(ent, label)
        if sp is None or not any(c.isalpha() for c in sp.text):
            continue
        if _inside(sp, titles) and label != "PERSON":
            continue  # "State" in "Secretary of State"
        if label == "PERSON":
            sp = _without_honorific(sp, lex)
            # a title swallowed by NER: "Foreign Minister Sergei Lavrov" -> the name only
            for t in titles:
                if t.start == sp.start and t.end < sp.end:
                    sp = doc[t.end : sp.end]
        before = doc[sp.start - 1] if sp.start > 0 else None
        after = doc[sp.end] if sp.end < len(doc) else None
        if (
            label == "ORG"
            and before is not None
            and before.lower_ in ("a", "an")
            and after is not None
            and after.pos_ == "NOUN"
        ):
            continue  # a name used as a descriptor: "a Telegram channel"
        nxt = doc[sp.end + 1] if sp.end + 1 < len(doc) else None
        if (
            label == "ORG"
            and after is not None
            and after.is_lower
            and after.lower_ in lex.media_nouns
            and nxt is not None
            and nxt.pos_ == "PROPN"
        ):
            continue  # "the Telegram channel Nezygar": the platform, not the outlet
        if label in ("ORG", "PERSON") and _after_settlement_noun(doc, sp):
            label = "GPE"  # "the town of Yeoncheon": a place whatever NER says
        if label == "GPE":
            pair = _coordinated_countries(doc, sp, lex)
            if pair:  # "North and South Korea": two countries
                for (b, e), country in pair:
                    c = Candidate(offset + b, offset + e, doc.text[b:e], "GPE")
                    c.name, c.sent = country, sent_of.get(sp.start, sent_base)
                    out.append(c)
                continue
        c = Candidate(offset + sp.start_char, offset + sp.end_char, sp.text, label)
        c.sent = sent_of.get(sp.start, sent_base)
        key = norm_key(sp.text)
        if (
            label in ("GPE", "LOC")
            and before is not None
            and before.lower_ == "the"
            and sp.text.isalpha()
            and sp.text.isupper()
            and 3 <= len(sp.text) <= 6
            and key not in lex.countries
            and key not in lex.regions
            and key not in lex.capitals
        ):
            c.label = "ORG"  # "at the NRA": an acronym after "the" no list makes a place
        if (
            sp.text.isupper()
            and len(sp.text) >= 4
            and (sp.start_char == 0 or doc.text[sp.start_char - 1] == "\n")
            and _DATELINE_TAIL.match(doc.text, sp.end_char)
        ):
            c.label = "GPE"  # "MANCHESTER, N.H. -- ..." opening a paragraph: a dateline place
        if (
            before is not None
            and re.fullmatch(r"\d+(?:st|nd|rd|th)", before.text)
            and label in ("GPE", "LOC", "FAC", "ORG")
        ):
            # "the 3rd Congressional District": the number is part of the name
            c.begin, c.text = offset + before.idx, doc.text[before.idx : sp.end_char]
        # a modifier of a noun, or of a title ("the Agriculture Secretary")
        c.attributive = after is not None and (
            after.pos_ == "NOUN" or (after.is_title and after.lower_ in lex.titles)
        )
        if label in ("GPE", "ORG", "PERSON") and lex.capitals.get(norm_key(sp.text)):
            as_place = (
                (before is not None and before.lower_ in _PLACE_PREPS)
                or (
                    after is not None and after.pos_ == "NOUN"  # "the Brussels meeting"
                )
                or (after is not None and after.text == "-")  # "Vilnius-based"
                or _capital_named_as_city(doc, sp, lex)
            )
            c.label = "CAPITAL_PLACE" if as_place else "CAPITAL_ACTOR"
        if label == "ORG" and (_portfolio(doc, sp, titles) or _ends_in_title(sp, titles)):
            # "Latvian Climate and Energy Minister", "Kenyan cabinet minister": words of a
            # title, not a body
            first = doc[sp.start]
            if lex.demonyms.get(first.lower_):
                c = Candidate(
                    offset + first.idx, offset + first.idx + len(first), first.text, "NORP"
                )
                c.sent = sent_of.get(sp.start, sent_base)
                out.append(c)
            continue
        out.append(c)
    named = [sp for sp in doc.spans.get("newskg", []) if sp.label_ in ("MEDIA", "PERSON_RULE")]
    # inside "the <Name> business daily" the name is the outlet, and a name next to a title is
    # a person, whatever NER made of them
    out = [
        c
        for c in out
        if not any(offset + m.start_char < c.end and c.begin < offset + m.end_char for m in named)
    ]
    # an ORG span that a rule calls an event stays an organization only for heads that name
    # bodies as often as events ("... Forum", "... Assembly")
    org_spans = {
        (c.begin, c.end)
        for c in out
        if c.label == "ORG" and c.text.split()[-1].lower() in _BODY_EVENT_HEADS
    }
    event_spans = {
        (offset + sp.start_char, offset + sp.end_char)
        for sp in doc.spans.get("newskg", [])
        if sp.label_ == "EVENT"
    }
    out = [
        c
        for c in out
        if not (
            (c.begin, c.end) in event_spans
            and (
                c.label in ("GPE", "LOC", "FAC")
                or (c.label == "ORG" and c.text.split()[-1].lower() not in _BODY_EVENT_HEADS)
            )
        )
    ]
    for sp in doc.spans.get("newskg", []):
        if sp.label_ == "EVENT" and (offset + sp.start_char, offset + sp.end_char) in org_spans:
            continue  # a body named "... Forum": NER's ORG stands; event verbs still find it
        name = sp._.newskg_name or sp.text
        if sp.label_ == "PERSON_RULE":
            sp = _without_honorific(sp, lex)  # "Mr Dunleavy, her deputy": the name is Dunleavy
            name = sp.text
        c = Candidate(offset + sp.start_char, offset + sp.end_char, sp.text, sp.label_)
        c.name = name
        c.sent = sent_of.get(sp.start, sent_base)
        if sp.label_ == "PERSON_RULE":
            _note_honorific(c, doc, sp, lex)
        out.append(c)
    out.extend(_bracketed_short_forms(doc, offset, out, sent_of, sent_base))
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for c in out:  # one name found by two rules ("Mr Dunleavy, her deputy") is one candidate
        if (c.begin, c.end, c.label) not in seen:
            seen.add((c.begin, c.end, c.label))
            unique.append(c)
    return unique


# lower-case nouns after which "of <Name>" is a place: "the town of Yeoncheon"
_SETTLEMENT_NOUNS = frozenset(
    ["town", "city", "village", "township", "hamlet", "municipality", "district", "province",
     "county", "region", "island", "port"]
)  # fmt: skip


def _after_settlement_noun(doc: Doc, sp: Span) -> bool:
    """Whether a name follows "the town of", "the village of" and the like."""
    return (
        sp.start >= 2
        and doc[sp.start - 1].lower_ == "of"
        and doc[sp.start - 2].is_lower
        and doc[sp.start - 2].lower_ in _SETTLEMENT_NOUNS
    )


def _coordinated_countries(doc: Doc, sp: Span, lex: Lexicon) -> list[tuple[tuple[int, int], str]]:
    """The character spans and countries of "X Z" and "Y Z" in a span "X and Y Z" when
    both are countries of the list ("North and South Korea", "East and West Timor"): the
    first country is written as its first word only; empty when the span is no such pair."""
    words = [t.text for t in sp]
    if len(words) < 4 or words[1] not in ("and", "or", "&"):
        return []
    first = lex.country_of(f"{words[0]} {' '.join(words[3:])}")
    second = lex.country_of(" ".join(words[2:]))
    if not (first and second):
        return []
    return [
        ((sp[0].idx, sp[0].idx + len(sp[0].text)), first),
        ((sp[2].idx, sp.end_char), second),
    ]


def _bracketed_short_forms(
    doc: Doc, offset: int, found: list[Candidate], sent_of: dict[int, int], sent_base: int
) -> list[Candidate]:
    """The all-capital short form in brackets after an organization's name ("the Movement
    for Rural Renewal (MRR)"), which the recognizer often leaves untagged: a candidate of
    its own, which ``build_entities`` makes one body with the name."""
    ends = {c.end for c in found if c.label == "ORG" and " " in c.text}
    starts = {c.begin for c in found}
    out = []
    for t in doc[1:-1]:
        if doc[t.i - 1].text != "(" or doc[t.i + 1].text != ")":
            continue
        if not (_SHORT_FORM.fullmatch(t.text) and t.text.isupper()):
            continue
        if offset + t.idx in starts or t.i < 2:
            continue
        if offset + doc[t.i - 2].idx + len(doc[t.i - 2].text) not in ends:
            continue
        c = Candidate(offset + t.idx, offset + t.idx + len(t.text), t.text, "ORG")
        c.sent = sent_of.get(t.i, sent_base)
        out.append(c)
    return out


def _capital_named_as_city(doc: Doc, sp: Span, lex: Lexicon) -> bool:
    """Whether a capital is written as the city, not as its government: after the word
    "capital" ("the Libyan capital Tripoli", "the nation's capital, Wellington") or before
    its own country, as in a dateline or an address ("Taipei, Taiwan")."""
    i = sp.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 0 and doc[i].lower_ == "capital":
        return True
    j = sp.end
    if j + 1 < len(doc) and doc[j].text == ",":
        country = lex.capitals.get(norm_key(sp.text))
        for n in (3, 2, 1):  # "Wellington, New Zealand"
            if j + 1 + n <= len(doc) and lex.country_of(doc[j + 1 : j + 1 + n].text) == country:
                return True
    return False


def _without_honorific(sp: Span, lex: Lexicon) -> Span:
    """A person's span without the honorific it starts with (kept for a noble title)."""
    at = lex.honorific_at([t.text for t in sp[: lex.honorific_words]])
    if at is None or at[1].in_name or at[0] >= len(sp):
        return sp
    return sp[at[0] :]


def _note_honorific(c: Candidate, doc: Doc, sp: Span, lex: Lexicon) -> None:
    """The honorific before a person's name (or at its start, for a noble title) and the
    gender it gives."""
    at = lex.honorific_at([t.text for t in sp[: lex.honorific_words]])
    if at is not None and at[1].in_name:
        c.honorific, c.gender = "", at[1].gender  # "Lord Falconer": the title is the name's
        return
    for n in range(lex.honorific_words, 0, -1):
        if sp.start - n < 0:
            continue
        at = lex.honorific_at([t.text for t in doc[sp.start - n : sp.start]])
        if at is not None and at[0] == n:
            c.honorific, c.gender = at[1].form, at[1].gender
            return


#: Lower-case words inside a person's name ("Ludwig van Beethoven", "Osama bin Laden").
_NAME_PARTICLES = frozenset(
    ["de", "da", "do", "dos", "das", "di", "del", "della", "du", "van", "von", "der", "den",
     "ter", "bin", "ibn", "al", "el", "la", "le", "y", "e", "ben", "abu", "bint", "zu"]
)  # fmt: skip
#: Tags of words that open a sentence and that NER glues to the name after them
#: ("Analysing Gordon Brown", "Asked Smith", "Yesterday John Ross").
_NOT_NAME_TAGS = frozenset(["VBG", "VBD", "VBN", "VBZ", "VBP", "VB", "IN", "RB", "DT", "PRP$"])


def _person_by_coordination(sp: Span, lex: Lexicon) -> bool:
    """Whether a place-labelled span is a person's name: 2-3 capitalised proper nouns that
    no list knows as a place, coordinated ("and", "or") with a person's name."""
    if not 2 <= len(sp) <= 3 or not all(t.is_title and t.pos_ == "PROPN" for t in sp):
        return False
    key = norm_key(sp.text)
    if lex.is_known_body(sp.text) or key in lex.capitals or key in lex.demonyms:
        return False
    if {t.lower_ for t in sp} & (lex.place_nouns | lex.non_person_heads):
        return False
    doc = sp.doc
    partners = [t.head for t in sp if t.dep_ == "conj" and t.head not in sp]
    partners += [c for t in sp for c in t.children if c.dep_ == "conj" and c not in sp]
    # the words around, whatever the parse: "Kibaki and Raila Odinga", "Raila Odinga and Kibaki"
    if sp.start >= 2 and doc[sp.start - 1].lower_ in ("and", "or"):
        partners.append(doc[sp.start - 2])
    if sp.end + 1 < len(doc) and doc[sp.end].lower_ in ("and", "or"):
        partners.append(doc[sp.end + 1])
    return any(p.ent_type_ == "PERSON" for p in partners)


def _joined_places(doc: Doc, lex: Lexicon) -> list[Span]:
    """NER's spans, with two place spans that touch (no comma, no word between) and whose
    first word no list knows as a place made one person's name: "Valeska Paris" read as
    two places. News writes a city and its country with a comma ("Paris, France"), so two
    capitalised place words in a row are a name."""
    out: list[Span] = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == ent.start
            and prev.label_ in ("GPE", "LOC")
            and ent.label_ in ("GPE", "LOC")
            and len(prev) == 1
            and len(ent) == 1
            and prev[0].is_title
            and ent[0].is_title
            and not _a_known_place(prev.text, lex)
        ):
            out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def _a_known_place(text: str, lex: Lexicon) -> bool:
    """Whether a name is a country, capital, region or demonym of the lists."""
    key = norm_key(text)
    return bool(
        key in lex.countries or key in lex.capitals or key in lex.regions or key in lex.demonyms
    )


def _repaired(doc: Doc, lex: Lexicon) -> list[tuple[Span, str]]:
    """NER's spans with the boundary errors of the small model mended, as (span, label).

    * a person's span that holds a lower-case word which is not a name particle keeps what
      follows it ("Commons after Gordon Brown" -> "Gordon Brown");
    * leading words that are not names ("Analysing", "Yesterday") leave a person's span;
    * a party adjective, demonym or country before a full name ("Tory Dominic Grieve",
      "Tanzanian Ali Hassan") is its own span (party or nationality) and the name another;
    * an organization's span that ends with a given name and a surname ("... Relations Alia
      Salem") is split into the organization and the person;
    * a two- or three-word place no list knows, coordinated with a person ("President Kibaki
      and Raila Odinga"), is a person.
    """
    out: list[tuple[Span, str]] = []
    ents = _joined_places(doc, lex)
    for ent in ents:
        label = ent.label_
        if label not in _USEFUL:
            continue
        sp = ent
        if label in ("GPE", "LOC") and _person_by_coordination(sp, lex):
            label = "PERSON"
        if label == "PERSON":
            cut = max(
                (t.i + 1 for t in sp[1:-1] if t.is_lower and t.lower_ not in _NAME_PARTICLES),
                default=sp.start,
            )
            start = cut
            while start < sp.end - 1 and doc[start].tag_ in _NOT_NAME_TAGS:
                start += 1
            first = doc[start]
            rest = doc[start + 1 : sp.end]
            if (
                len(rest) >= 2
                and all(t.is_title or t.text in ("-", "'", "\u2019") for t in rest)
                and (
                    first.text in lex.party_adjectives
                    or norm_key(first.text) in lex.demonyms
                    or norm_key(first.text) in lex.countries
                )
            ):
                out.append((doc[start : start + 1], "NORP"))
                start += 1
            sp = doc[start : sp.end]
        elif (
            label == "ORG"
            and 2 <= len(sp) <= 3
            and doc[sp.start].text in lex.given_names
            and all(t.is_title and t.pos_ == "PROPN" for t in sp)
            and not {t.lower_ for t in sp} & (_ORG_WORDS | _GOV_WORDS | _MEDIA_WORDS)
            and not lex.is_known_body(sp.text)
        ):
            label = "PERSON"  # "Carly Fiorina" in an apposition, tagged as an organization
        elif label == "ORG" and len(sp) >= 3:
            for k in range(sp.start + 1, sp.end - 1):
                tail = doc[k : sp.end]
                if (
                    doc[k].text in lex.given_names
                    and len(tail) <= 3
                    and all(t.is_title and t.pos_ == "PROPN" for t in tail)
                    and not {t.lower_ for t in tail} & (_ORG_WORDS | _GOV_WORDS | _MEDIA_WORDS)
                ):
                    out.append((doc[sp.start : k], "ORG"))
                    sp, label = tail, "PERSON"
                    break
        out.append((sp, label))
    return out


def _portfolio(doc: Doc, sp: Span, titles: list[Span]) -> bool:
    """Whether an ORG span is followed by "and <Word...> <title>" (a minister's portfolio)."""
    j = sp.end
    if j >= len(doc) or doc[j].lower_ != "and":
        return False
    starts = {t.start for t in titles}
    j += 1
    while j < len(doc) and j - sp.end < 5:
        if j in starts:
            return True
        if not doc[j].is_title:
            return False
        j += 1
    return False


def _ends_in_title(sp: Span, titles: list[Span]) -> bool:
    """Whether a span's last word begins a title that goes on after the span ("Kenyan
    cabinet" before "minister": the title "cabinet minister")."""
    last = sp.end - 1
    return any(t.start <= last < t.end and t.end > sp.end for t in titles)


def _org_type(text: str, lex: Lexicon) -> str:
    words = set(norm_key(text).split())
    if words & _MEDIA_WORDS:
        return "NewsMediaOrganization"
    if words & _GOV_WORDS or norm_key(text) in lex.institution_nouns:
        return "GovernmentOrganization"
    return "Organization"


def _type(c: Candidate, lex: Lexicon, parties: bool = True) -> None:
    """Set type (and canonical name where a list knows it); type "" drops the candidate.
    With ``parties`` False, the names of ``parties.tsv`` are not parties (the article's
    countries ruled them out)."""
    if c.text in lex.honorifics or c.text in lex.post_nominals:
        return  # an honorific alone ("Mr", "Sen.") or letters after a name ("QC"): not a name
    if c.text.rstrip(".").lower() in ("jr", "sr", "ii", "iii", "iv"):
        return  # a generational suffix NER cut off its name ("Jr."): not a name
    if c.text[:1] in "@#" or (c.label == "PERSON" and c.text.islower()):
        return  # a handle or hashtag ("@POTUS"); "vehicle miles" is no one's name
    if c.label in ("ORG", "NORP", "GPE", "LOC") and " " not in c.text and _DOCTRINE.search(c.text):
        return  # a doctrine, a phobia or a follower ("Islamophobia", "Scientologist")
    key = norm_key(c.text)
    if key in lex.religions:
        return  # "Islam", "Christianity": a belief, not a body (religions.txt)
    if key in lex.title_modifiers and c.label != "PERSON_RULE":
        return  # "Emeritus" of "Emeritus Professor ...": a word of a title, not a name
    if c.label in ("ORG", "GPE", "NORP") and re.fullmatch(r"[^\s-]+-[^\s-]+", c.text):
        a, b = (norm_key(w) for w in c.text.split("-"))
        if (a in lex.countries or a in lex.demonyms) and (b in lex.countries or b in lex.demonyms):
            return  # "U.S.-Mexico" (border, relations): two countries as a modifier
    if c.label == "PERSON" and (key in lex.countries or key in lex.organizations):
        c.label = "GPE"
    words = key.split()
    if (
        c.label in ("GPE", "LOC", "FAC", "PERSON", "EVENT")
        and len(words) > 1
        and words[-1] in _MEDIA_STRICT
    ):
        c.label = "ORG"  # "Danube Wire", "The Daily Ledger": outlets whatever NER says
    elif c.label in ("GPE", "LOC", "FAC") and len(words) > 1 and set(words) & _ORG_WORDS:
        c.label = "ORG"  # "Port of Gdansk Authority"
    if (
        c.label in ("GPE", "LOC", "FAC", "ORG", "PERSON")
        and len(words) > 1
        and set(words) & lex.place_nouns
        and not set(words) & (_ORG_WORDS | _GOV_WORDS)
        and not (  # "Ricki Lake", "Tom Castle": a given name and a surname, not a place
            c.label == "PERSON"
            and (
                words[-1] not in lex.place_nouns
                or (len(words) == 2 and c.text.split()[0] in lex.given_names)
            )
        )
    ):
        c.label = "FAC"  # "NTU Hospital Station", "HM Prison Barlinnie": a place
    if c.label in ("GPE", "LOC") and key in lex.demonyms and key not in lex.countries:
        c.label = "NORP"  # "Slovak" tagged as a place
    if (
        c.label in ("ORG", "PERSON", "NORP", "GPE", "LOC")
        and key not in lex.countries
        and key not in lex.organizations
        and parties
        and lex.party_options(c.text)
    ):
        # "Labour", "the Tories", "Lib Dems", "GOP", "a Republican": the party, never a
        # person; which party (of which country) is settled for the whole article
        c.type, c.label = "PoliticalParty", "PARTY"
        return
    if c.label in ("PERSON", "ORG", "GPE", "NORP", "PRODUCT") and key in lex.companies:
        # "Twitter", "Facebook", "Volkswagen": a company or platform whatever NER says
        c.type, c.name, c.label = "Organization", lex.companies[key], "ORG"
        return
    if c.label in ("PERSON", "ORG", "GPE", "LOC") and key in lex.regions and not c.honorific:
        # "Tuscany", "Bavaria", "Kharkiv Oblast": a region, never a person
        c.type, c.name, c.label = "Place", lex.regions[key], "LOC"
        return
    if c.label in ("PERSON", "ORG", "FAC", "GPE", "LOC") and c.text[:1].isupper():
        # "the White House" (a building to the recognizer), "the Obama White House" (a
        # person): the institution of institution_nouns.txt, named by its own words
        words = c.text.split()
        for n in range(min(len(words), 4), 1, -1):
            tail = " ".join(words[-n:])
            if (
                norm_key(tail) in lex.institution_nouns
                and tail[:1].isupper()
                and c.text.endswith(tail)
            ):
                c.begin, c.text = c.end - len(tail), tail
                c.type, c.name, c.label = "GovernmentOrganization", tail, "ORG"
                return
    words = c.text.split()
    if (
        c.label == "PERSON"
        and len(words) >= 2
        and words[-1] in lex.media_heads
        and words[0] not in lex.given_names
        and not c.honorific
    ):
        c.type, c.label = "NewsMediaOrganization", "ORG"  # "Washington Post" ("Emily Post" stays)
        return
    if (
        c.label == "PERSON"
        and len(words) >= 2
        and words[-1].lower() in _BODY_HEADS
        and not c.honorific
        and (len(words) >= 3 or words[0] not in lex.given_names)
    ):
        c.label = "ORG"  # "Chicago Teachers Union", "Ada Lovelace Foundation": a body
        c.type = _org_type(c.text, lex)
        return
    if c.label in ("PERSON", "PERSON_RULE"):
        c.type = "Person"
        return
    if c.label in ("EVENT", "EVENT_REF") and c.name:
        c.type = "Event"
        return
    if c.label == "DELEGATION":
        c.type = "Delegation"
        return
    if c.label == "MEDIA":
        c.type = "NewsMediaOrganization"
        return
    if c.label == "COMPANY":
        c.type, c.name = "Organization", lex.companies[key]
        return
    if c.label == "INSTITUTION":
        c.type, c.name = "GovernmentOrganization", c.text
        return
    if c.label == "GPE" and c.name and lex.country_of(c.name):
        c.type = "Country"  # "North" of "North and South Korea" (see candidates)
        return
    country = lex.countries.get(key)
    org = lex.organizations.get(key)
    if c.label == "NORP":
        country = lex.demonyms.get(key)
        if country:
            c.type, c.name = "Country", country
        return
    if c.label == "CAPITAL_ACTOR":
        c.type, c.name = "Country", lex.capitals[key]
        return
    if c.label == "CAPITAL_PLACE":
        c.type, c.name = "Place", c.text
        return
    if country:
        c.type, c.name = "Country", country
    elif org:
        c.name, c.type = org
    elif c.label == "ORG" or (
        c.label in ("GPE", "LOC") and _org_type(c.text, lex) == "NewsMediaOrganization"
    ):
        c.type = _org_type(c.text, lex)  # "Danube Wire" is an outlet whatever NER says
    elif c.label in ("GPE", "LOC", "FAC"):
        c.type = "Place"
    elif c.label == "EVENT":
        c.type = "Event"


def _acronym(text: str) -> str:
    """The initials of a name's capitalised words, hyphenated parts counted ("APG" of
    "Associated Press-GfK", whose "AP" is another body)."""
    return "".join(w[0] for w in re.split(r"[\s-]+", text) if w[:1].isupper())


# words a headline capitalises that running text writes in lower case: their capitals mark
# a line set in title case ("Senator Responds To Question About Wages")
_TITLE_CASE_SMALL = frozenset(
    ["a", "an", "the", "to", "of", "for", "about", "in", "on", "and", "by", "with", "at",
     "from", "is", "are", "was", "his", "her", "their", "over", "after", "as", "it", "up"]
)  # fmt: skip


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` set in title case (headlines, subheads): at least four words,
    four in five of them capitalised and a capitalised small word ("To", "About", "A")
    after the first word, which running prose never has; or five words or more, all
    capitalised.

    >>> title_case_lines("Mayor Quits Over Budget Row\\nThe mayor quit on Monday.")
    [(0, 27)]
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        words = re.findall(r"[^\W\d_][\w'\u2019-]*", m.group())
        if len(words) < 4:
            continue
        caps = sum(w[0].isupper() for w in words)
        small = any(w[0].isupper() and w.lower() in _TITLE_CASE_SMALL for w in words[1:])
        if (small and caps >= 0.8 * len(words)) or (caps == len(words) >= 5):
            out.append((m.start(), m.end()))
    return out


def _trim_headline_spans(text: str, cands: list[Candidate]) -> list[Candidate]:
    """In a title-case line every word is capitalised, so the recognizer runs names into the
    words beside them ("Senator Responds", "Bill Revoking Hillary"). A name there is cut to
    its longest run of words that the body (the other lines) names: a whole name, or one
    word of a person's name ("Hillary" of "Hillary Clinton"). A name the body never names
    is left as it is (the headline is then the only evidence), unless every word of it is
    one the body writes in lower case ("Plan Going Forward"): a phrase, not a name."""
    lines = title_case_lines(text)
    if not lines:
        return cands
    lower = set(re.findall(r"(?<![\w-])[a-z][a-z'-]+(?![\w-])", text))

    def in_headline(c: Candidate) -> bool:
        return any(b <= c.begin and c.end <= e for b, e in lines)

    body = [c for c in cands if not in_headline(c)]
    names = {re.sub(r"['\u2019]s?$", "", c.text) for c in body}
    words = {w for c in body if c.label in ("PERSON", "PERSON_RULE") for w in c.text.split()}
    for c in cands:
        toks = c.text.split()
        if len(toks) < 2 or c.text in names or c.label not in ("PERSON", "ORG", "GPE"):
            continue
        if not in_headline(c):
            continue
        best: tuple[int, int] | None = None
        for n in range(len(toks) - 1, 0, -1):
            for i in range(len(toks) - n + 1):
                run = " ".join(toks[i : i + n])
                if run in names or (n == 1 and run in words):
                    best = (i, n)
                    break
            if best:
                break
        if best is None:
            if all(t.lower() in lower for t in toks):
                c.text = ""  # dropped below
            continue
        i, n = best
        start = c.begin + len(" ".join(toks[:i])) + (1 if i else 0)
        run = " ".join(toks[i : i + n])
        if text[start : start + len(run)] != run:
            continue  # the words were not separated by single spaces: leave the span
        c.begin, c.end, c.text = start, start + len(run), run
    return [c for c in cands if c.text]


def build_entities(text: str, cands: list[Candidate], lex: Lexicon | None = None) -> list[Entity]:
    """Type, cluster and name the candidates of one article (see module docstring)."""
    lex = lex or lexicon()
    for c in cands:  # "\u202a\u201dIsis": invisible marks and quotes are not the name
        cleaned = _clean_name(c.text)
        if cleaned != c.text and cleaned in c.text:
            c.begin += c.text.index(cleaned)
            c.end, c.text = c.begin + len(cleaned), cleaned
    cands = _trim_headline_spans(text, cands)
    for c in cands:
        _type(c, lex)
        words = c.text.split()
        if (
            c.type in ORG_CLASSES
            and not c.name
            and len(words) > 1
            and words[0] in lex.party_adjectives
            and (
                norm_key(" ".join(words[1:])) in lex.institution_nouns
                or {w.lower() for w in words[1:]} <= _GOV_WORDS
            )
        ):
            c.name = " ".join(words[1:])  # "the Republican Congress", "a Democratic Senate"
    countries = Counter(c.name for c in cands if c.type == "Country")
    for c in cands:
        if c.label == "PARTY":
            party = lex.party_of(c.text, countries)
            if party is None:  # "Congress" in an article about another country's politics
                c.label, c.type = "ORG", ""
                _type(c, lex, parties=False)
            else:
                c.name = party.name
    # --- people: full names and their surnames --------------------------------------------
    people = [c for c in cands if c.type == "Person" and len(c.text.split()) >= 2]
    full_names = {c.text: c for c in people}
    # --- "Marta Nowicka" tagged ORG while "Nowicka" is tagged PERSON: a person --------------
    person_tokens = {c.text for c in cands if c.type == "Person" and len(c.text.split()) == 1}
    for c in cands:
        toks = c.text.split()
        if (
            c.type in ("Organization", "Place", "GovernmentOrganization")
            and 2 <= len(toks) <= 3
            and all(t[:1].isupper() for t in toks)
            and toks[-1] in person_tokens
            and not set(norm_key(c.text).split()) & (_ORG_WORDS | _GOV_WORDS)
            and not c.name
        ):
            c.type = "Person"
            people.append(c)
            full_names[c.text] = c
    by_surname: dict[str, list[Candidate]] = defaultdict(list)
    for c in people:
        by_surname[c.text.split()[-1]].append(c)
    cands = [c for c in cands if not _family(text, c, by_surname)]
    for c in cands:
        if c.label in ("EVENT", "EVENT_REF", "DELEGATION", "MEDIA", "INSTITUTION") and c.name:
            continue
        surface = re.sub(r"['\u2019]s?$", "", c.text)
        # "Wasserman Schultz" beside "Debbie Wasserman Schultz": the last words of exactly
        # one longer name are that person (a double surname)
        tails = {
            o.text
            for o in people
            if len(o.text.split()) > len(surface.split()) >= 2 and o.text.endswith(" " + surface)
        }
        if len(tails) == 1:
            c.type, c.key = "Person", "person:" + tails.pop()
        elif surface in full_names:
            c.type, c.key = "Person", "person:" + surface
        elif surface in by_surname:
            owners = by_surname[surface]
            if c.gender:  # "Mrs Hallworth" is not "Peter Hallworth"
                owners = [o for o in owners if _gender(o, lex) in (None, c.gender)]
                if not owners:
                    continue
            owner = _surname_owner(owners, c, cands)
            c.type, c.key = "Person", "person:" + owner.text
    # --- a first name alone ("Marta knows ...") is the only full-name person with it ------
    by_first: dict[str, set[str]] = defaultdict(set)
    for c in people:
        by_first[c.text.split()[0]].add(c.text)
    for c in cands:
        known_place = norm_key(c.text) in lex.countries or norm_key(c.text) in lex.capitals
        if (
            not c.key
            and c.label not in ("EVENT", "EVENT_REF", "DELEGATION", "MEDIA", "INSTITUTION")
            and not known_place
            and len(by_first.get(c.text, ())) == 1
        ):
            c.type, c.key = "Person", "person:" + next(iter(by_first[c.text]))
    # --- single-token forms without a full name: majority label, ties to PERSON -----------
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        if not c.key and c.type in ("Person", "Organization", "Place"):
            votes[c.text][c.type] += 1
    for c in cands:
        if not c.key and c.text in votes and c.type in ("Person", "Organization", "Place"):
            v = votes[c.text]
            top = max(v.values())
            c.type = "Person" if v["Person"] == top else v.most_common(1)[0][0]
    # --- a one-word "organization" no list knows, only ever a noun's modifier ("the
    # Confederate flag", "Exit polls", "Agriculture Secretary"), is an adjective ---------
    modifier_only = {
        c.text
        for c in cands
        if c.type in ORG_CLASSES and " " not in c.text and not c.name and not c.text.isupper()
    }
    modifier_only -= {c.text for c in cands if not c.attributive}
    cands = [c for c in cands if not (c.text in modifier_only and c.type in ORG_CLASSES)]
    # --- a capitalised common noun ("Education", "Homeopathy") is not a name -------------
    lower_words = set(re.findall(r"(?<![\w-])[a-z][a-z'-]+(?![\w-])", text))
    # ... unless it is a short form of a longer name ("the Church" of "Church of Scientology")
    lower_words -= {w.lower() for c in cands if " " in c.text and c.type for w in c.text.split()}
    cands = [c for c in cands if not _common_noun(c, lower_words, lex)]
    # --- cluster keys ------------------------------------------------------------------------
    cands = [c for c in cands if c.type]
    org_types = ORG_CLASSES
    org_keys = _org_keys(cands, lex)
    for c in cands:
        if c.key or c.label == "EVENT_REF":
            continue
        if c.type == "Person":
            c.key = "person:" + c.text
        elif c.type == "Country":
            c.key = "country:" + (c.name or c.text)
        elif c.type in org_types:
            c.key = org_keys[id(c)]
        else:
            c.key = f"{c.type}:" + norm_key(c.name or c.text)
    _merge_parenthetical(text, cands, org_types)
    _merge_acronyms(cands, org_types)
    _merge_short_forms(cands, org_types)
    _merge_country_short_forms(cands)
    _resolve_event_refs(cands)
    cands = [c for c in cands if c.key]
    # --- entities ------------------------------------------------------------------------------
    clusters: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        clusters[c.key].append(c)
    home = _home_country(cands, lex)
    entities = [_entity(key, members, lex, home) for key, members in clusters.items()]
    _add_repeats(text, entities, cands)
    return entities


def _family(text: str, c: Candidate, by_surname: dict[str, list[Candidate]]) -> bool:
    """Whether a name is a family named by the plural of a surname of the article ("the
    Joneses", "the Smiths"): a household, not one of the graph's entities."""
    if " " in c.text or not c.text.endswith("s"):
        return False
    if not re.search(r"(?:^|\W)the\s+$", text[max(0, c.begin - 6) : c.begin], re.IGNORECASE):
        return False
    return c.text[:-1] in by_surname or (c.text.endswith("es") and c.text[:-2] in by_surname)


def _surname_owner(owners: list[Candidate], c: Candidate, cands: list[Candidate]) -> Candidate:
    """Whose is a bare surname when several people of the article bear it ("Tony Blair ...
    his wife Cherie Blair ... Blair said")? News calls the other bearers by given name or
    honorific, so the bare surname is the main bearer's: the one whose full name the article
    uses most, and of those the one it named first. Only full names named before ``c``
    count when there are some (a surname refers back)."""
    before = [o for o in owners if o.begin <= c.begin] or owners
    uses = Counter(x.text for x in cands if x.type == "Person")
    return min(before, key=lambda o: (-uses[o.text], o.begin))


def _common_noun(c: Candidate, lower_words: set[str], lex: Lexicon) -> bool:
    """A one-word organization or place that the article also writes in lower case is a
    common noun the recognizer took for a name at the start of a sentence or in a heading
    ("Homeopathy has been described ..." beside "homeopathy"). Names the lists know
    (countries, parties, companies, regions) and people are not judged this way."""
    if c.type not in ("Organization", "GovernmentOrganization", "Place") or " " in c.text:
        return False
    if c.name and c.name != c.text:
        return False  # a list gave it its canonical name
    low = c.text.lower()
    if low in lex.countries or low in lex.regions or low in lex.companies or low in lex.parties:
        return False
    return low in lower_words


def _gender(c: Candidate, lex: Lexicon) -> str | None:
    """A person's gender as the text gives it: its honorific, else its given name when the
    name has one that is borne by one sex (``given_names.tsv``)."""
    if c.gender:
        return c.gender
    words = c.text.split()
    return lex.given_names.get(words[0]) if len(words) >= 2 else None


def _resolve_event_refs(cands: list[Candidate]) -> None:
    """ "the summit" -> the event with that head noun mentioned most so far (ties: the latest);
    a reference with no such event before it is dropped."""
    counts: dict[str, int] = defaultdict(int)
    last: dict[str, int] = {}
    for c in sorted(cands, key=lambda c: c.begin):
        if c.label == "EVENT" and c.key:
            counts[c.key] += 1
            last[c.key] = c.begin
        elif c.label == "EVENT_REF":
            head = c.name
            options = [k for k in counts if k.rsplit(" ", 1)[-1] == head]
            if options:
                c.key = max(options, key=lambda k: (counts[k], last[k]))
                counts[c.key] += 1
                last[c.key] = c.begin


def _org_core(name: str, lex: Lexicon) -> tuple[str | None, str]:
    """An organization's name as (the country of a leading country adjective or name, the
    rest): "Russian Foreign Ministry" is ("Russia", "foreign ministry"), "Foreign Ministry"
    (None, "foreign ministry")."""
    words = norm_key(name).split()
    if len(words) > 1:
        country = lex.demonyms.get(words[0]) or lex.countries.get(words[0])
        for n in (3, 2):  # "New Zealand government", "South Korean military"
            if len(words) > n and not country:
                head = " ".join(words[:n])
                country = lex.demonyms.get(head) or lex.countries.get(head)
                if country:
                    return country, " ".join(words[n:])
        if country:
            return country, " ".join(words[1:])
    return None, " ".join(words)


def _org_keys(cands: list[Candidate], lex: Lexicon) -> dict[int, str]:
    """Cluster keys of organizations: the core without its country when one country at most
    qualifies that core in the article ("Russian Foreign Ministry" and "Foreign Ministry" are
    one body), with it when several do ("Indonesian military", "Malaysian military")."""
    cores = {id(c): _org_core(c.name or c.text, lex) for c in cands if c.type in ORG_CLASSES}
    countries: dict[str, set[str]] = defaultdict(set)
    for country, core in cores.values():
        if country:
            countries[core].add(country)
    return {
        i: "org:" + (f"{country.lower()} {core}" if country and len(countries[core]) > 1 else core)
        for i, (country, core) in cores.items()
    }


def _merge_acronyms(cands: list[Candidate], org_types: tuple[str, ...]) -> None:
    """An all-caps organization name equal to the initials of another is the same body."""
    orgs = [c for c in cands if c.type in org_types]
    long_forms = {_acronym(c.text): c.key for c in orgs if len(c.text.split()) >= 2}
    for c in orgs:
        if c.text.isupper() and c.text in long_forms and long_forms[c.text] != c.key:
            old = c.key
            for d in cands:
                if d.key == old:
                    d.key = long_forms[c.text]


def _merge_parenthetical(text: str, cands: list[Candidate], org_types: tuple[str, ...]) -> None:
    """ "NAME (ACR)" and "ACR (NAME)": a body's name with its short form in brackets beside
    it is one organization, whatever the initials (a short form of the name in another
    language, "Union of Rationalist Atheists (UAAR)"). (A gloss that a rule took for an
    event, "ACR (... Conference)", is left alone: dropping it or making it the body moved
    a statement's speaker to the body or to a country named inside it, on Wikinews.)"""
    by_begin = {c.begin: c for c in cands if c.key}
    for c in cands:
        if not c.key:
            continue
        m = re.match(r"\s*\(\s*", text[c.end : c.end + 4])
        d = by_begin.get(c.end + len(m.group())) if m else None
        if d is None or not re.match(r"\s*\)", text[d.end : d.end + 3]) or c.key == d.key:
            continue
        pair = [c, d]
        short = [x for x in pair if _SHORT_FORM.fullmatch(x.text) and x.text.isupper()]
        long = [x for x in pair if len(x.text.split()) >= 2 and x.text[:1].isupper()]
        if len(short) != 1 or len(long) != 1 or short[0] is long[0]:
            continue
        acr, full = short[0], long[0]
        if acr.type not in org_types or full.type not in org_types:
            continue
        old = acr.key
        for x in cands:
            if x.key == old:
                x.key, x.type = full.key, full.type


def _merge_country_short_forms(cands: list[Candidate]) -> None:
    """ "the North" beside North Korea, "the South" beside South Sudan: a one-word place that
    is the first word of exactly one country the article names in full is that country."""
    full: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.type == "Country" and c.name and " " in c.name:
            full[c.name.split()[0]].add(c.key)
    for c in cands:
        if c.type == "Place" and " " not in c.text and len(full.get(c.text, ())) == 1:
            c.type, c.key = "Country", next(iter(full[c.text]))


def _merge_short_forms(cands: list[Candidate], org_types: tuple[str, ...]) -> None:
    """A shorter organization name that ends a longer one named before it ("the Commission"
    after "the European Commission", "the Executive Board" after "the BHA Executive Board"),
    or a one-word name that starts exactly one longer outlet or body ("Tyzden" after "Tyzden
    Plus"), is that organization. A fixed name of ``institution_nouns.txt`` ("White House",
    "State Department", "Downing Street") has no short forms by its last words: "the House"
    after "the White House" is another body ("the House" after "the House of Commons" is
    that House)."""
    orgs = sorted((c for c in cands if c.type in org_types), key=lambda c: c.begin)
    lex = lexicon()
    fixed = {d.key for d in orgs if norm_key(d.text) in lex.institution_nouns and " " in d.text}
    surnames = {c.text.split()[-1] for c in cands if c.type == "Person"}
    loose = [
        c
        for c in cands
        if c.type == "Place"
        and " " not in c.text
        and not c.attributive
        and c.label != "LOC"
        and norm_key(c.text) not in lex.capitals
    ]
    for c in sorted(orgs + loose, key=lambda c: c.begin):
        if c.label == "PARTY" or (c.name and c.name != c.text):
            continue  # a list named it ("Republican": the Republican Party, not the RNC)
        words = c.text.split()
        heads = {
            d.key
            for d in orgs
            if d.begin < c.begin
            and len(d.text.split()) > len(words)
            and (
                # a short form is a word or two ("the Commission"); a name of three words
                # or more ("New York Times" after "International New York Times") is a name
                (d.text.split()[-len(words) :] == words and d.key not in fixed and len(words) <= 2)
                or (
                    len(words) == 1
                    and d.text.split()[0] == c.text
                    and (
                        c.text.lower() not in _GOV_WORDS  # "Senate" of "Senate Judiciary
                        or d.text.split()[1:2] == ["of"]  # "House" of "House of Commons"
                    )
                    and norm_key(c.text) not in lex.institution_nouns  # Committee": the parent
                    and not c.text.isupper()  # "CNN" of "CNN Headline News": the parent
                    and c.text not in surnames  # "Trump" of "Trump Train": the person
                )
            )
        }
        if len(heads) == 1 and c.key not in heads:
            old, new = c.key, heads.pop()
            new_type = next(d.type for d in orgs if d.key == new)
            for d in cands:
                if d.key == old:
                    d.key, d.type = new, new_type


_QUOTES_AROUND = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb"


def _clean_name(name: str) -> str:
    """A name without invisible format characters (bidi marks, zero-width spaces) and the
    quote marks the tokenizer left on its ends ("\u202a\u201dIsis" -> "Isis").

    >>> _clean_name("\u202a\u201dIsis"), _clean_name("O'Brien")
    ('Isis', "O'Brien")
    """
    text = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    return text.strip().strip(_QUOTES_AROUND).strip() or name


def _home_country(cands: list[Candidate], lex: Lexicon) -> str | None:
    """The country an article is about, if one stands out: named (as a country, a demonym,
    one of its regions or its capital) at least three times and three times as often as any
    other. (Twice was measured on PolNeAR train: US news about Iran made "Iran Congress".)"""
    votes: Counter[str] = Counter()
    for c in cands:
        if c.type == "Country" and c.name:
            votes[c.name] += 1
        elif c.type == "Place":
            country = lex.region_country.get(c.name) or lex.capitals.get(norm_key(c.text))
            if country:
                votes[country] += 1
    top = votes.most_common(2)
    if not top or top[0][1] < 3 or (len(top) > 1 and top[0][1] < 3 * top[1][1]):
        return None
    return top[0][0]


def _entity(key: str, members: list[Candidate], lex: Lexicon, home: str | None = None) -> Entity:
    genders = Counter(g for g in (_gender(m, lex) for m in members) if g)
    types = Counter(m.type for m in members)
    typ = types.most_common(1)[0][0]
    if typ in ("Organization",) and any(m.type != "Organization" for m in members):
        typ = next(m.type for m in members if m.type != "Organization")
    if typ == "Person":
        forms = Counter(m.text for m in members)
        name = max(forms, key=lambda f: (len(f.split()), forms[f], len(f)))
    else:
        named = [m.name for m in members if m.name]
        pool = named or [m.text for m in members]
        name = max(pool, key=lambda f: (len(f.split()), len(f)))
    name = re.sub(r"^(the|The)\s+", "", _clean_name(name))
    aliases = {m.text for m in members} | {
        f"{m.honorific} {m.text}" for m in members if m.honorific
    }
    if typ == "GovernmentOrganization":
        body = lex.body_of_country(name, home) if home else None
        if body:
            aliases.add(name)  # "the Senate" of an article about one country: its Senate
            name = f"{home} {body}"  # ("the House": its House of Representatives)
        else:
            name = lex.qualified_name(name)  # "U.S. Senate" -> "United States Senate"
    mentions = [Mention(m.begin, m.end, m.text, m.label) for m in members]
    gender = genders.most_common(1)[0][0] if len(genders) == 1 and typ == "Person" else None
    # what only this article tells apart gets an IRI of its own (Entity.scope): an event
    # named by a description, its head in lower case ("the Trump rally", "Tuesday's vote":
    # another article's "Trump rally" is most often another rally); a body named by a
    # common noun alone ("the appeals court", "the central bank"); a bare first name that
    # is rarely a surname ("Daniel", "Claire": given_names.tsv), which only the linker can
    # take to a person named in full elsewhere - unlike "Reagan" or "Carson", bare
    # surnames as often as not, which stay names.
    # The same for a bare word of government that no list makes a name ("the Department",
    # "the Ministry": several departments of several articles) - unlike "Senate" or
    # "Parliament" (generic_bodies.txt: qualified by the article's country, or linked by
    # context) and "Pentagon" or "Kremlin" (institution_nouns.txt: one body each).
    words = name.split()
    key = norm_key(name)
    described = (
        (typ == "Event" and words[-1][:1].islower())
        or not any(ch.isupper() for ch in name)
        # a numbered subdivision without its parent ("1st Congressional District", "5th
        # Ward"): every state and city has one
        or bool(re.match(r"\d+(?:st|nd|rd|th)\b", name))
        or (typ == "Person" and len(words) == 1 and name in lex.first_names_only)
        or (
            typ == "GovernmentOrganization"
            and key in _GOV_WORDS
            and key not in lex.generic_bodies
            and key not in lex.institution_nouns
        )
    )
    return Entity(
        f"{typ}:{slugify(name)}",
        name,
        typ,
        sorted(mentions, key=lambda x: x.begin),
        aliases - {name},
        gender=gender,
        scope="article" if described else "",
    )


def _add_repeats(text: str, entities: list[Entity], cands: list[Candidate]) -> None:
    """Add occurrences of each entity's names (surnames for people) that NER left unlabelled."""
    taken = [(c.begin, c.end) for c in cands]

    def free(b: int, e: int) -> bool:
        return all(e <= tb or b >= te for tb, te in taken)

    owner: dict[str, Entity | None] = {}
    for ent in entities:
        forms = {m.text for m in ent.mentions if len(m.text) >= 3}
        if ent.type == "Person" and len(ent.name.split()) >= 2:
            forms.add(ent.name.split()[-1])
        for f in forms:
            owner[f] = None if f in owner and owner[f] is not ent else ent
    for form, owner_ent in owner.items():
        if owner_ent is None:
            continue  # the same form names two entities: ambiguous, leave it
        for m in re.finditer(r"(?<![\w.])" + re.escape(form) + r"(?![\w])", text):
            if free(m.start(), m.end()):
                owner_ent.mentions.append(Mention(m.start(), m.end(), form, "REPEAT"))
                taken.append((m.start(), m.end()))
        owner_ent.mentions.sort(key=lambda x: x.begin)
