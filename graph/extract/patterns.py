"""Rule spans over a parsed spaCy ``Doc``: titles, events, delegations, media, institutions.

All vocabulary comes from :mod:`graph.extract.lexicon` (data files); the rules are about the
shape of English news prose, never about particular names:

* **events**: an event noun (summit, meeting, talks, ...) with proper-noun, entity or weekday
  modifiers before it: "the upcoming G20 summit" -> ``G20 summit``; or with a place after it,
  "his planned summit with the leader in Budapest" -> ``Budapest summit``; "the Association of
  Southeast Asian Nations (ASEAN) summit" -> ``ASEAN summit`` (the acronym in brackets names
  it); "the summit" alone -> a reference, resolved to a named event by
  :mod:`graph.extract.entities`; "its Tuesday meeting" -> the meeting of the organization
  "its" refers to (the nearest organization before it in the sentence), with "Tuesday
  meeting" as an alias;
* **delegations**: "<Country>'s delegation to <event>" or "the <Demonym> delegation to
  <event>" -> ``<Demonym> delegation to the <event>``;
* **media**: "the <Name> business daily", "the newspaper <Name>" -> an outlet named <Name>;
* **institutions** written in lower case: "the presidential administration";
* **people** after a title ("Governor Ana Kovac", "Ana Kovac, governor of ...") or an
  honorific ("Mr Blair", "Sen. Ted Cruz"; ``honorifics.tsv``).

Each span's canonical name is in ``span._.newskg_name``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import Honorific, lexicon, norm_key

__all__ = ["WEEKDAYS", "Patterns"]

WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_MOD_ENTS = frozenset(["ORG", "GPE", "NORP", "EVENT", "FAC", "LOC", "PERSON"])
_DETS = frozenset(["the", "its", "their", "his", "her", "a", "an", "this", "that"])
_EVENT_ADJS = frozenset(["upcoming", "planned", "next", "last", "recent", "annual", "scheduled"])
_POSS = frozenset(["'s", "\u2019s", "'", "\u2019"])
# event nouns that need a name of their own ("Waitangi Day", "Lockerbie bombing"); travel
# ("a visit to Kenya", "a pilgrimage to Mecca") is not an event named by where it goes
_NOT_BY_PLACE = frozenset(
    ["day", "crisis", "bombing", "bombings", "attack", "attacks", "shooting", "crash",
     "disaster", "scandal", "massacre", "stampede", "earthquake", "hurricane", "typhoon",
     "festival", "fair", "war", "trial", "trip", "trips", "tour", "tours", "visit", "visits",
     "pilgrimage", "pilgrimages", "journey", "voyage"]
)  # fmt: skip

# titles that take a portfolio after them ("Minister of Education", "Secretary for Health")
_PORTFOLIO_TITLES = frozenset(
    ["minister", "secretary", "undersecretary", "under-secretary", "commissioner"]
)

if not Span.has_extension("newskg_name"):
    Span.set_extension("newskg_name", default=None)


def _span(doc: Doc, start: int, end: int, label: str, name: str) -> Span:
    sp = Span(doc, start, end, label=label)
    sp._.newskg_name = name
    return sp


class Patterns:
    """The matchers, built once per vocabulary from the lexicon."""

    def __init__(self, nlp: Language) -> None:
        vocab = nlp.vocab
        lex = lexicon()
        self.lex = lex
        self.titles = PhraseMatcher(vocab, attr="LOWER")
        self.titles.add("TITLE", [nlp.make_doc(t) for t in sorted(lex.titles)])
        self.institutions = PhraseMatcher(vocab, attr="LOWER")
        multi = [t for t in sorted(lex.institution_nouns) if " " in t]
        self.institutions.add("INSTITUTION", [nlp.make_doc(t) for t in multi])
        self.bodies = PhraseMatcher(vocab, attr="LOWER")  # every institution noun, any case
        self.bodies.add("BODY", [nlp.make_doc(t) for t in sorted(lex.institution_nouns)])
        self.event_heads = {n.split()[-1] for n in lex.event_nouns}
        self.media_heads = {n.split()[-1] for n in lex.media_nouns}

    # ----------------------------------------------------------------------- titles
    def titles_in(self, doc: Doc) -> list[Span]:
        spans = [
            Span(doc, s, self._portfolio_end(doc, e), label="TITLE")
            for _, s, e in self.titles(doc)
            if doc[e - 1].pos_ not in ("VERB", "AUX")  # "will head the delegation": a verb
        ]
        return filter_spans(spans)

    def _portfolio_end(self, doc: Doc, end: int) -> int:
        """Where a title ends once it takes in the portfolio written after it: "Minister of
        Education", "Undersecretary for Health and Welfare" (a portfolio is capitalised
        common nouns, not a country, a place, a person or a body of the lists: "Minister of
        Italy" and "Secretary of NATO" keep their names)."""
        if doc[end - 1].lower_ not in _PORTFOLIO_TITLES or end + 1 >= len(doc):
            return end
        if doc[end].lower_ not in ("of", "for"):
            return end
        j = end + 1
        while j < len(doc) and j - end <= 4:
            t = doc[j]
            if t.lower_ in ("and", "&") and j > end + 1:
                j += 1
                continue
            if not t.is_title or t.ent_type_ in ("GPE", "LOC", "NORP", "PERSON"):
                break
            if t.pos_ not in ("PROPN", "NOUN"):
                break
            j += 1
        while j > end + 1 and not doc[j - 1].is_title:
            j -= 1  # no trailing "and"
        if j == end + 1:
            return end
        words = doc[end + 1 : j].text
        if self.lex.country_of(words) or self.lex.is_known_body(words):
            return end
        return j

    # ----------------------------------------------------------------------- events
    def _event_at(self, doc: Doc, head: int) -> Span | None:
        tok = doc[head]
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ not in self.event_heads:
            return None
        sent_start = tok.sent.start if doc.has_annotation("SENT_START") else 0
        i = head - 1
        mods: list[int] = []
        acronym = None
        while i >= sent_start:
            t = doc[i]
            if t.text == ")" and i - 2 >= sent_start and doc[i - 2].text == "(":
                if doc[i - 1].is_upper:
                    acronym = doc[i - 1].text
                mods[:0] = [i - 2, i - 1, i]
                i -= 3
                continue
            if (
                t.text in ("'s", "\u2019s")
                and i - 1 >= sent_start
                and doc[i - 1].lower_ in WEEKDAYS
            ):
                mods.insert(0, i - 1)  # "Wednesday's session"
                i -= 2
                break
            is_mod = (
                t.ent_type_ in _MOD_ENTS
                or (t.pos_ == "PROPN" and t.is_title)
                or (t.lower_ in WEEKDAYS)
                or (t.ent_type_ == "DATE" and t.is_title)
                or (t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20"))  # "2007"
            )
            if not is_mod or t.lower_ in _DETS:
                break
            mods.insert(0, i)
            i -= 1
        if not mods:
            found = self._event_in_place(doc, head, sent_start)
            if found is None and i >= sent_start and doc[i].lower_ == "the":
                # "the summit": a reference to an event named before, resolved by entities.py
                return _span(doc, head, head + 1, "EVENT_REF", tok.lower_)
            return found
        if acronym:
            name = f"{acronym} {tok.text}"
        else:
            name = doc[mods[0] : head + 1].text.replace("\u2019s", "").replace("'s", "")
        weekday_only = all(doc[j].lower_ in WEEKDAYS for j in mods)
        if weekday_only and i >= sent_start and doc[i].lower_ in ("its", "their"):
            owner = self._nearest_org_before(doc, i, sent_start)
            if owner is not None:
                name = f"{owner} {tok.text}"
        return _span(doc, mods[0], head + 1, "EVENT", name)

    def _event_in_place(self, doc: Doc, head: int, sent_start: int) -> Span | None:
        """ "his planned summit with X in Budapest" -> ``Budapest summit``; the span is
        "planned summit". Only for gatherings: a crisis, an attack or a day "in Kenya" is not
        named by the place."""
        tok = doc[head]
        if tok.lower_ in _NOT_BY_PLACE:
            return None
        sent_end = tok.sent.end if doc.has_annotation("SENT_START") else len(doc)
        for j in range(head + 1, min(head + 10, sent_end - 1)):
            t = doc[j]
            if t.pos_ in ("VERB", "AUX") or (t.is_punct and t.text not in ("'s", "\u2019s")):
                return None
            nxt = doc[j + 1]
            if nxt.lower_ == "the" and j + 2 < sent_end:
                nxt = doc[j + 2]
            if t.lower_ in ("in", "to") and nxt.ent_type_ in ("GPE", "LOC") and nxt.ent_iob_ == "B":
                ent = next(e for e in doc.ents if e.start == nxt.i)
                start = head
                while start - 1 >= sent_start and doc[start - 1].lower_ in _EVENT_ADJS:
                    start -= 1
                return _span(doc, start, head + 1, "EVENT", f"{ent.text} {tok.text}")
        return None

    @staticmethod
    def _nearest_org_before(doc: Doc, i: int, sent_start: int) -> str | None:
        for ent in reversed(doc.ents):
            if ent.end <= i and ent.start >= sent_start and ent.label_ == "ORG":
                return ent.text
        return None

    # ------------------------------------------------------------------ delegations
    def _delegation_at(self, doc: Doc, head: int, events: dict[int, Span]) -> Span | None:
        tok = doc[head]
        if tok.lemma_.lower() != "delegation" and tok.lower_ not in ("delegation", "delegations"):
            return None
        lex = self.lex
        country = None
        start = head
        prev = doc[head - 1] if head > 0 else None
        if prev is not None and prev.text in _POSS and head >= 2:
            ent = next((e for e in doc.ents if e.end == head - 1), None)
            if ent is not None:
                country = lex.country_of(ent.text)
                start = ent.start
        elif prev is not None and lex.demonyms.get(prev.lower_):
            country = lex.demonyms[prev.lower_]
            start = head - 1
        if country is None:
            return None
        demonym = lex.demonym_of.get(country, country)
        end = head + 1
        name = f"{demonym} delegation"
        if end < len(doc) and doc[end].lower_ in ("to", "at", "for"):
            for j in range(end + 1, min(end + 8, len(doc))):
                if j in events:
                    ev = events[j]
                    name = f"{demonym} delegation to the {ev._.newskg_name}"
                    end = ev.end
                    break
        return _span(doc, start, end, "DELEGATION", name)

    # ------------------------------------------------------------------------ media
    def _media_at(self, doc: Doc, head: int) -> Span | None:
        tok = doc[head]
        if (
            tok.lower_ not in self.media_heads
            or tok.pos_ in ("VERB", "AUX", "PRON")
            or not tok.is_lower
        ):
            return None  # the tagger calls "daily" an adverb as often as a noun
        # "the (Latvian) newspaper <Name>", "the Telegram channel <Name>": a name after the
        # noun is the outlet (a name before it is then the platform or the kind)
        j = head + 1
        while j < len(doc) and doc[j].pos_ == "PROPN":
            j += 1
        k = head - 1
        while (
            k > 0
            and doc[k].lower_ != "the"
            and (doc[k].pos_ in ("ADJ", "NOUN", "PROPN") or doc[k].ent_type_ == "NORP")
        ):
            k -= 1
        if j > head + 1 and k >= 0 and doc[k].lower_ == "the":
            return _span(doc, head + 1, j, "MEDIA", doc[head + 1 : j].text)
        # "the <Name> (business) daily": proper nouns before the (compound) noun
        i = head - 1
        while i >= 0 and doc[i].pos_ in ("NOUN", "ADJ") and doc[i].is_lower:
            i -= 1
        end = i + 1
        while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].ent_type_ not in ("GPE", "NORP"):
            i -= 1
        start = i + 1
        if start < end and i >= 0 and doc[i].lower_ == "the":
            return _span(doc, start, end, "MEDIA", doc[start:end].text)
        return None

    # ------------------------------------------------------------------------ people
    @staticmethod
    def _name_at(doc: Doc, start: int, step: int) -> tuple[int, int] | None:
        """2-3 title-case proper nouns starting at ``start`` going ``step`` (+1 or -1)."""
        idx: list[int] = []
        i = start
        while 0 <= i < len(doc) and len(idx) < 4:
            t = doc[i]
            if t.pos_ == "PROPN" and t.is_title and t.ent_type_ not in ("DATE", "NORP"):
                idx.append(i)
                i += step
            else:
                break
        if not 2 <= len(idx) <= 3:
            return None
        lo, hi = min(idx), max(idx) + 1
        # a hyphenated given name the tokenizer cut ("Hau Lung-bin", "Kim Jong-un")
        if (
            step == 1
            and hi + 1 < len(doc)
            and doc[hi].text == "-"
            and not doc[hi - 1].whitespace_
            and not doc[hi].whitespace_
            and doc[hi + 1].is_alpha
        ):
            hi += 2
        return lo, hi

    def _names_a_body(self, span: Span) -> bool:
        """Whether capitalised words are the name of a body, a place or an outlet: a name of
        the lists, an institution, a name holding a word of ``non_person_heads.txt`` or
        ending like an outlet's."""
        lex = self.lex
        if lex.is_known_body(span.text) or norm_key(span.text) in lex.institution_nouns:
            return True
        words = span.text.split()
        return bool(words) and (
            words[-1] in lex.media_heads or any(w.lower() in lex.non_person_heads for w in words)
        )

    def _people_by_title(self, doc: Doc, titles: list[Span]) -> list[Span]:
        """A name right after a title ("Governor Ana Kovac") or before an appositive title
        ("Ana Kovac, governor of ..."): a person, whatever NER made of it."""
        out = []
        for t in titles:
            after = self._name_at(doc, t.end, 1)
            if after and self._names_a_body(doc[after[0] : after[1]]):
                after = None  # "... spokesman White House", "President Washington Post"
            if after:
                out.append(
                    _span(doc, after[0], after[1], "PERSON_RULE", doc[after[0] : after[1]].text)
                )
            j = t.start - 1
            while j >= 0 and (doc[j].lower_ in _DETS or doc[j].lower_ in self.lex.title_modifiers):
                j -= 1
            if j >= 1 and doc[j].text == ",":
                before = self._name_at(doc, j - 1, -1)
                if before and self._names_a_body(doc[before[0] : before[1]]):
                    before = None
                if before:
                    out.append(
                        _span(
                            doc,
                            before[0],
                            before[1],
                            "PERSON_RULE",
                            doc[before[0] : before[1]].text,
                        )
                    )
        return out

    def _people_by_honorific(self, doc: Doc) -> list[Span]:
        """A name after an honorific ("Mr Blair", "Mrs. Clinton", "Sen. Ted Cruz", "Lord
        Falconer"): a person, whatever NER made of it, and without the words NER glued before
        the honorific ("Analysing Mr Brown"). The span is the name alone, or with the title
        for a noble title, which is part of the name. A full-word rank or office that is
        also an ordinary word ("General", "Father") counts only before a name NER took for
        a person ("General Motors" is not one)."""
        out = []
        i = 0
        while i < len(doc):
            found = self.lex.honorific_at([t.text for t in doc[i : i + self.lex.honorific_words]])
            if found is None:
                i += 1
                continue
            n, h = found
            start = i + n
            end = start
            while (
                end < len(doc)
                and end - start < 4
                and doc[end].is_title
                and doc[end].pos_ in ("PROPN", "NOUN", "ADJ")
                and self.lex.honorific_at([doc[end].text]) is None
            ):
                end += 1
            if self._not_a_person(doc, i, start, end, h):
                body = self._abbreviation_name(doc, i, start, end, h)
                if body is not None:
                    out.append(body)
                i += 1
                continue
            if end > start and (h.strong or doc[start].ent_type_ == "PERSON"):
                lo = i if h.in_name else start
                out.append(_span(doc, lo, end, "PERSON_RULE", doc[lo:end].text))
                i = end
                continue
            i += 1
        return out

    def _abbreviation_name(
        self, doc: Doc, i: int, start: int, end: int, h: Honorific
    ) -> Span | None:
        """An all-capital abbreviation that is no rank here, with capitalised words after it
        and a possessive ("PC World's analysis", "DC Comics' films"): a name that owns
        something, so a body, whose first word the abbreviation is."""
        if not h.form.isupper() or end == start or end >= len(doc) or doc[end].text not in _POSS:
            return None
        if doc[start].ent_type_ not in ("", "ORG") or doc[i].ent_type_ not in ("", "ORG"):
            return None
        words = doc[start:end]
        if any(t.text in self.lex.given_names or t.lower_ in self.lex.titles for t in words):
            return None
        return _span(doc, i, end, "ORG", doc[i:end].text)

    def _not_a_person(self, doc: Doc, i: int, start: int, end: int, h: Honorific) -> bool:
        """Whether an honorific and the capitalised words after it name something else: a
        country or organization ("Sri Lanka"), a body or place ("Duke University", "Prince
        William County"), or a given name that is also a form of address ("Don King")."""
        lex = self.lex
        whole = doc[i:end].text
        if lex.country_of(whole) or lex.organization_of(whole) or norm_key(whole) in lex.parties:
            return True
        if any(t.lower_ in lex.non_person_heads for t in doc[start:end]):
            return True
        if h.form.isupper() and start < len(doc):
            # the all-capital police abbreviations ("PC", "DC", "DS") are also "personal
            # computer", "D.C." and the like: a rank only before a person's name
            first = doc[start]
            return first.ent_type_ != "PERSON" and first.text not in lex.given_names
        return h.form in lex.given_names and doc[start].ent_type_ != "PERSON"

    def _qualified_bodies(self, doc: Doc, titles: list[Span]) -> list[Span]:
        """A country's institution named by a demonym or the country and an institution noun
        ("the Indonesian military", "the New Zealand government", "Saudi Interior Ministry",
        "the government of Benin"): a government body of that country, named as written.
        Plurals ("the governments of the region") are not one body, and nor is an
        institution noun that is a word of a title ("a Kenyan cabinet minister": a post)."""
        lex = self.lex
        out = []
        in_title = {i for t in titles for i in range(t.start, t.end)}
        ents_by_end = {e.end: e for e in doc.ents if e.label_ in ("NORP", "GPE")}
        ents_by_start = {e.start: e for e in doc.ents if e.label_ == "GPE"}
        for body in filter_spans([doc[s:e] for _, s, e in self.bodies(doc)]):
            s, e = body.start, body.end
            if doc[e - 1].tag_ in ("NNS", "NNPS") or (e - 1) in in_title:
                continue
            q = s  # "South Korean puppet military": lower-case words between
            while (
                q > 0 and s - q < 2 and doc[q - 1].is_lower and doc[q - 1].pos_ in ("ADJ", "NOUN")
            ):
                q -= 1
            before = ents_by_end.get(s) or ents_by_end.get(q)
            if before is not None and (
                lex.demonyms.get(before.text.lower()) or lex.country_of(before.text)
            ):
                out.append(_span(doc, before.start, e, "INSTITUTION", doc[before.start : e].text))
                continue
            if e + 1 < len(doc) and doc[e].lower_ == "of" and (e + 1) in ents_by_start:
                place = ents_by_start[e + 1]
                if lex.country_of(place.text):
                    name = doc[s : place.end].text
                    out.append(_span(doc, s, place.end, "INSTITUTION", name[:1].upper() + name[1:]))
        return out

    def _known_names(self, doc: Doc) -> list[Span]:
        """Names the recognizer missed that the lists know or that end like an outlet's:
        a company or platform of ``companies.tsv`` written as listed, a proper noun in the
        text, not opening a sentence and not after "the" ("Facebook creator ...", but not
        "the Amazon"); a run of capitalised words ending with a word of ``media_heads.txt``
        after "the" or starting a sentence ("The Deseret News observed ...")."""
        lex = self.lex
        out = []
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        for tok in doc:
            if tok.i in taken or not tok.is_title:
                continue
            sent_start = tok.sent.start if doc.has_annotation("SENT_START") else 0
            prev = doc[tok.i - 1] if tok.i > sent_start else None
            if (
                tok.pos_ == "PROPN"
                and prev is not None
                and prev.lower_ != "the"
                and norm_key(tok.text) in lex.companies
                and lex.companies[norm_key(tok.text)] == tok.text
            ):
                out.append(_span(doc, tok.i, tok.i + 1, "COMPANY", tok.text))
            if tok.text in lex.media_heads and tok.i > sent_start:
                start = tok.i
                while (
                    start > sent_start
                    and doc[start - 1].is_title
                    and doc[start - 1].lower_ != "the"
                    and (start - 1) not in taken
                ):
                    start -= 1
                before = doc[start - 1].lower_ if start > sent_start else ""
                if (
                    start < tok.i
                    and (before == "the" or start == sent_start)
                    and doc[start].lower_ != "the"
                ):
                    out.append(_span(doc, start, tok.i + 1, "MEDIA", doc[start : tok.i + 1].text))
        return out

    # ------------------------------------------------------------------------- apply
    def apply(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """(rule spans, title spans) of a parsed doc."""
        titles = self.titles_in(doc)
        events: dict[int, Span] = {}
        spans: list[Span] = []
        for tok in doc:
            ev = self._event_at(doc, tok.i)
            if ev is not None:
                if ev.label_ == "EVENT":
                    events[ev.start] = ev
                spans.append(ev)
        for tok in doc:
            for sp in (self._delegation_at(doc, tok.i, events), self._media_at(doc, tok.i)):
                if sp is not None:
                    spans.append(sp)
        spans.extend(self._people_by_title(doc, titles))
        spans.extend(self._people_by_honorific(doc))
        spans.extend(self._qualified_bodies(doc, titles))
        spans.extend(self._known_names(doc))
        for _, s, e in self.institutions(doc):
            sp = doc[s:e]
            if all(t.is_lower for t in sp):
                spans.append(_span(doc, s, e, "INSTITUTION", sp.text))
        seen: set[tuple[int, int, str]] = set()
        unique = []
        for sp in spans:  # a name after both a title and an honorific is found twice
            if (sp.start, sp.end, sp.label_) not in seen:
                seen.add((sp.start, sp.end, sp.label_))
                unique.append(sp)
        return unique, titles
