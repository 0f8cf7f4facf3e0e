"""Attributed statements: who said what about whom, with which stance, on which source.

**Direct quotes** are found by their marks (straight or curly, mixed as sites mix them; one
quote may span several sentences). The cue is the reporting verb next to the quote: after it
(``"...," Peskov said``), before it (``saying that "..."``) or between two parts
(``"...," she said, "..."``, which join into one statement). Quotes of fewer than six words
inside a sentence are scare quotes ("a tense call") and belong to that sentence's indirect
statement.

**Indirect speech**: a reporting verb (``reporting_verbs.txt``) with a clause or a reported
object ("X said that ...", "X dismissed the reports that ...", "X cited unidentified sources
as saying that ..."), and "according to X".

**Speakers** are the reporting verb's subject resolved to an entity; "he"/"she" is the last
person quoted if that person's gender, as the text has shown it so far, agrees, or else the
nearest person before who does not disagree. A described or anonymous source ("a person
familiar with the matter", "unidentified sources", "Nezygar's sources", "the source") is kept as
``via``, and the speaker is the outlet that relays it: the possessor ("X's sources"), the
outlet told ("told the Financial Times"), the outlet citing it ("X, citing unidentified sources,
reported"), or for "the source" the outlet of the last source so described.

**Stance**: ``deny`` when the cue denies (deny, dismiss, reject: ``deny_cues.txt``), the words
contain a denial (``deny_phrases.txt``: "nothing true", "complete nonsense"), or the main clause
has "nothing" as its subject or object; ``speculate`` when a modal (could, may, might)
governs the main clause or a sentence opens with "it is likely/possible that"; otherwise
``assert``.

**About**: the entities mentioned in the attributed words and the rest of the sentence, minus
the speaker's own phrase; "he"/"she" inside a quote is resolved too; a statement naming no
one ("There is nothing true in these reports") is about what the statement before it was
about, or else the article's central person (its most mentioned one).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..records import Entity, Evidence, Statement
from .context import ArticleContext, Sentence
from .lexicon import lexicon
from .syntax import (
    AGENT_TYPES,
    PERSON_PRONOUNS,
    is_source_phrase,
    noun_phrase,
    resolve_definite,
    resolve_np,
    resolve_pronoun,
    subject_of,
)

__all__ = ["find_quotes", "find_statements"]

_OPEN = "\u201c"
_CLOSE = "\u201d"
_CLAIMS = re.compile(
    r"\b(reports?|claims?|rumou?rs?|allegations?|accusations?|story|stories|article)\b"
)
_MODALS = frozenset(["could", "may", "might"])
# what stands between a cue and the quote it introduces: "said: "", "added, “"
_INTRODUCES = re.compile(r"\s*(?:[,:]|\u2014|--)?\s*[\"\u201c]")
_NOTHING = frozenset(["nothing", "nobody", "none"])
_IT_IS = re.compile(
    r"^\W*it (?:is|was|seems|appears) (?:\w+ )?(likely|possible|probable|conceivable)\b", re.I
)
_DASHES = ("-", "\u2013", "\u2014", "--")  # a signing dash: '- Bernie Sanders.'
# the last dash or "from" before a digest item's name and colon: 'Headline - Name:'
_DIGEST_LEAD = re.compile(r"(?:\s[-\u2013\u2014]+|\u2014|\bfrom)\s+")
_GROUP_PRONOUNS = frozenset(
    ["those", "some", "many", "others", "most", "several", "another", "one", "both"]
)
_OUTLET_TYPES = ("NewsMediaOrganization", "Organization", "GovernmentOrganization")  # relayers


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(begin, end) of each quotation in ``text``, marks excluded.

    “ always opens and ” always closes. A straight " opens when a space, a bracket or the
    start of a paragraph is before it and a letter after it, closes when a letter or a
    punctuation mark is before it, and flips the state when both could be, so mixed marks pair
    up as they do on news sites; one with spaces on both sides is no quotation mark.
    Paragraphs bound quotations: a quotation still open at the end of a paragraph goes on
    only where the next paragraph opens with a quotation mark (the convention for a quote
    over several paragraphs: one part per paragraph), and is dropped otherwise, so one
    stray mark cannot shift every quotation after it.

    >>> t = 'He said "one," then \u201ctwo\u201d and "three\u201d.'
    >>> [t[b:e] for b, e in find_quotes(t)]
    ['one,', 'two', 'three']
    >>> t = 'A stray " mark.\\n\\n"Real quote," she said.'
    >>> [t[b:e] for b, e in find_quotes(t)]
    ['Real quote,']
    >>> t = '"First part of a long quote.\\n\\n"Second part," he said.'
    >>> [t[b:e] for b, e in find_quotes(t)]
    ['First part of a long quote.', 'Second part,']
    """
    out = []
    start: int | None = None
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n":
            j = i
            while j < n and text[j] in "\n ":
                j += 1
            if start is not None:
                if j < n and text[j] in ('"', _OPEN):  # the quote goes on
                    out.append((start, i))
                start = None
            i = j
            continue
        if ch == _OPEN:
            start = i + 1
        elif ch == _CLOSE:
            if start is not None:
                out.append((start, i))
            start = None
        elif ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            opens = (before.isspace() or before in "([{\u2014-") and not after.isspace()
            closes = not before.isspace() and (after.isspace() or not after.isalnum())
            if not opens and not closes:
                pass  # spaces on both sides: a stray mark, or inches
            elif start is None and not (closes and not opens):
                start = i + 1
            elif start is not None and (closes or not opens):
                out.append((start, i))
                start = None
            elif start is not None:  # an opening mark while one is open: the first was stray
                start = i + 1
        i += 1
    return [(b, e) for b, e in out if e > b]


@dataclass
class _Item:
    speaker: str
    via: str | None
    cue: str
    cue_tok: Token
    sents: list[Sentence]
    quotes: list[tuple[int, int]] = field(default_factory=list)  # global spans of the words
    speaker_span: tuple[int, int] | None = None  # the speaker's own words (not about)
    via_span: tuple[int, int] | None = None
    direct: bool = False
    source_span: tuple[int, int] | None = None  # the words naming the source (the subject)
    introduced: bool = False  # its cue stands right before its quote ('adding, "..."')


@dataclass
class _Who:
    """Who a cue attributes to: the speaker's key, the relayed source, and spans: the
    subject phrase that names the source, and the phrases that are not what it is about."""

    key: str
    via: str | None
    source: tuple[int, int]
    speaker_span: tuple[int, int] | None
    via_span: tuple[int, int] | None


class _Finder:
    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.lex = lexicon()
        self.items: list[_Item] = []
        self.last_person_speaker: tuple[str, int] | None = None  # key, sentence index
        self.vias: list[tuple[str, str, str]] = []  # (head noun, via text, speaker)
        people = Counter({e.key: len(e.mentions) for e in ctx.entities if e.type == "Person"})
        self.central = people.most_common(1)[0][0] if people else None
        self.previous_about: list[str] = []
        # heads of phrases that describe a source: people, groups, documents, bodies
        self.source_kinds = (
            self.lex.person_nouns
            | self.lex.source_nouns
            | self.lex.document_nouns
            | self.lex.institution_nouns
            | self.lex.group_nouns
        )
        self.quotes: list[tuple[int, int]] = []
        self._named: list[tuple[int, int, str]] | None = None
        self.positional: set[tuple[int, int]] = set()  # subjects found by position alone
        # he/she learnt from the text (pronouns resolved so far, gendered titles)
        self.gender: dict[str, str] = {e.key: e.gender for e in ctx.entities if e.gender}
        for e in ctx.entities:
            words = " ".join(m.text.lower() for m in e.mentions)
            if re.search(r"\b(spokeswoman|chairwoman|congresswoman|businesswoman|queen)\b", words):
                self.gender[e.key] = "f"

    # ---------------------------------------------------------------- speakers
    def _named_speakers(self) -> list[tuple[int, int, str]]:
        """(sentence, offset, person) of every cue whose subject names a person, in text
        order: the quotes are attributed before the reported speech, and "he said" after
        "X said that ..." is X whichever pass finds it."""
        if self._named is None:
            ctx = self.ctx
            self._named = []
            for sent in ctx.sentences:
                for tok in sent.span:
                    if not self._is_cue(tok):
                        continue
                    b = ctx.char_span(tok)[0]
                    if any(qb <= b < qe for qb, qe in self.quotes):
                        continue  # speech reported inside a quote
                    subj = subject_of(tok)
                    if subj is None or subj.lower_ in PERSON_PRONOUNS:
                        continue
                    key = resolve_np(ctx, subj)
                    if key and ctx.types(key) == "Person":
                        self._named.append((sent.index, b, key))
        return self._named

    def _last_speaker(self, sent: Sentence, verb: Token) -> tuple[str, int] | None:
        """The person who last spoke before ``verb``: the last speaker attributed so far or
        the last person named as the subject of a cue, whichever comes later in the text."""
        last = self.last_person_speaker
        at = (sent.index, self.ctx.char_span(verb)[0])
        named = [n for n in self._named_speakers() if (n[0], n[1]) < at]
        if named and (last is None or named[-1][0] > last[1]):
            return named[-1][2], named[-1][0]
        return last

    def speaker_of(self, verb: Token, sent: Sentence) -> _Who | None:
        """Who a reporting verb attributes its words to, or None."""
        ctx = self.ctx
        if verb.text in _DASHES:  # '"..."\n\n- Bernie Sanders.' (see _signed_after)
            return self._signer(verb)
        if verb.text == ":":  # 'Clinton: "..."' (see _colon_before): the name before it
            b, e = self._before_colon(verb, sent)
            named = ctx.entity_at(b, e)
            return _Who(named, None, (b, e), (b, e), None) if named else None
        subj = subject_of(verb)
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and subj is not None
            and verb.lower_ in ("citing",)
        ):
            subj = None
        # "according to X"
        if verb.lower_ == "according":
            for p in verb.children:
                if p.lower_ == "to":
                    for o in p.children:
                        if o.dep_ == "pobj":
                            subj = o
        if subj is not None and subj.dep_ == "nsubjpass" and verb.lower_ != "according":
            # the subject of a passive cue is what is spoken of, not who speaks ("they should
            # be declared not guilty", "Lavrov was described as"): the agent, if any, speaks;
            # "X is said to be ..." with no agent is the outlet's report
            agent = self._implicit_subject(verb)
            if agent is None:
                publisher = self.publisher()
                hedged = verb.lemma_.lower() in _HEARSAY and any(
                    c.dep_ == "xcomp" for c in verb.children
                )
                if not hedged or publisher is None:
                    return None
                cue = ctx.char_span(verb)
                return _Who(publisher, None, cue, None, None)
            subj = agent
        if subj is not None and self._quoted(subj) and not self._quoted(verb):
            subj = self._subject_outside_quote(verb)
        if subj is None:
            subj = self._implicit_subject(verb)
        if subj is None:
            subj = self._subject_by_position(verb)
        if subj is None:
            return None
        sspan = ctx.char_span(noun_phrase(subj))
        if subj.lower_ in PERSON_PRONOUNS:
            gender = "f" if subj.lower_ in ("she", "her", "hers") else "m"
            last = self._last_speaker(sent, verb)
            key: str | None
            if last and sent.index - last[1] <= 3 and self.gender.get(last[0], gender) == gender:
                key = last[0]
            else:
                excluded = {k for k, g in self.gender.items() if g != gender}
                key = resolve_pronoun(ctx, subj, exclude=excluded, skip=self.quotes)
            if key:
                self.gender.setdefault(key, gender)
            return _Who(key, None, sspan, sspan, None) if key else None
        if is_source_phrase(subj):
            relayed = self._relayed(verb, subj)
            if relayed is None:  # "officials said": the outlet of the article relays them
                return self._described_source(subj, sspan)
            key, via, outlet_span = relayed
            return _Who(key, via, sspan, outlet_span, sspan)
        named = resolve_np(ctx, subj)
        if named and ctx.types(named) not in AGENT_TYPES and subj.pos_ == "NOUN":
            # "the Texas senator", "the New York businessman": a place that modifies a
            # description of someone is not who speaks; the description is
            named = None
        if named and ctx.types(named) in AGENT_TYPES:
            # "X, citing unidentified sources, reported" / "X cited sources as saying"
            cited, vspan = self._cited_source(verb)
            return _Who(named, cited, sspan, sspan, vspan)
        if named is None and subj.lemma_.lower() in self.lex.document_nouns:
            # "PC World's analysis concluded", "Amnesty's report said": whose document it is
            for c in subj.children:
                if c.dep_ == "poss":
                    owner = resolve_np(ctx, c)
                    if owner and ctx.types(owner) in AGENT_TYPES:
                        return _Who(owner, None, sspan, ctx.char_span(noun_phrase(c)), None)
        if named is None:
            inside = self._person_inside(subj, verb)  # "American academic and professor X"
            if inside is not None:
                return _Who(inside, None, sspan, sspan, None)
            person = self._described_person(subj, sent)
            if person is not None:
                return _Who(person, None, sspan, sspan, None)
            unnamed = self._name_ner_missed(subj)
            if unnamed is not None:
                return _Who(unnamed, None, sspan, sspan, None)
            return self._described_source(subj, sspan)
        return None

    def _person_inside(self, subj: Token, verb: Token) -> str | None:
        """A person named inside the subject's phrase around a common noun ("American academic
        and professor Marc Lamont Hill", "Facebook co-founder Mark Zuckerberg"), or between
        the subject and the verb when the parser cut the phrase short ("co" of "co-founder"
        taken for the subject)."""
        ctx = self.ctx
        # "the president's office" is not the president: possessors do not count
        owners = [
            ctx.char_span(c.doc[c.left_edge.i : c.right_edge.i + 1])
            for c in subj.children
            if c.dep_ == "poss"
        ]
        b, e = ctx.char_span(noun_phrase(subj))
        if subj.i < verb.i and verb.i - subj.i <= 6:
            e = max(e, ctx.char_span(verb)[0])
        people = [
            k
            for k in ctx.entities_in(b, e)
            if ctx.types(k) == "Person"
            and not any(
                ob <= m.begin and m.end <= oe
                for m in ctx.entity(k).mentions
                if b <= m.begin < e
                for ob, oe in owners
            )
        ]
        return people[-1] if len(set(people)) == 1 else None

    def _implicit_subject(self, verb: Token) -> Token | None:
        """The speaker of a cue without a subject: the agent of a passive ("described by
        the president"), the noun a participle describes ("Sanders, ..., describing ...")."""
        for c in verb.children:
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("PROPN", "NOUN"):
            return verb.head
        return None

    def _quoted(self, tok: Token) -> bool:
        """Whether a token stands inside a quotation."""
        b = self.ctx.char_span(tok)[0]
        return any(qb <= b < qe for qb, qe in self.quotes)

    def _subject_outside_quote(self, verb: Token) -> Token | None:
        """'"... The fact that he tried," Huckabee said': a subject the parser found inside
        the quote is none of the cue's; the one outside it is, or the name by position."""
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and not self._quoted(c):
                return c
        return self._subject_by_position(verb)

    def _subject_by_position(self, verb: Token) -> Token | None:
        """The speaker of a cue right after a quote whose parse lost it ('"...," Trump
        barked' with "Trump" taken for a modifier, '"...," said Skelly' with "Skelly" for an
        adverb): a name of one to three capitalised words, or "he"/"she", between the quote
        and the cue, or one capitalised word right after a cue that follows the quote."""
        doc = verb.doc
        start = verb.sent.start
        i = verb.i - 1
        while i >= start and i > verb.i - 4 and doc[i].is_title and not doc[i].is_quote:
            i -= 1
        if i < verb.i - 1 and i >= start and doc[i].is_quote and doc[i].i > start:
            return doc[verb.i - 1]
        if verb.i - 1 >= start and doc[verb.i - 1].is_quote and doc[verb.i - 1].i > start:
            if doc[verb.i - 1].lower_ in PERSON_PRONOUNS:
                return doc[verb.i - 1]
            nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
            if nxt is not None and nxt.is_title and nxt.pos_ in ("PROPN", "NOUN", "ADV", "ADJ"):
                self.positional.add(_tid(nxt))
                return nxt
        return None

    def _described_person(self, subj: Token, sent: Sentence) -> str | None:
        """ "the candidate", "the retired neurosurgeon", "the 75-year-old": a definite,
        singular description of one person is the person the article named last (in this
        sentence or the three before), the last person quoted first."""
        lex = self.lex
        if subj.tag_ != "NN" or not any(c.lower_ == "the" for c in subj.children):
            return None
        if subj.lower_ not in lex.person_nouns and not re.fullmatch(r"\d+-year-old", subj.lower_):
            return None
        if any(c.dep_ in ("poss", "prep") for c in subj.children):
            return None  # "the party's candidate", "the leader of X": someone else
        last = self.last_person_speaker
        if last and sent.index - last[1] <= 3:
            return last[0]
        begin = self.ctx.sentences[max(0, sent.index - 3)].begin
        end = self.ctx.char_span(subj)[0]
        people = [k for k in self.ctx.entities_in(begin, end) if self.ctx.types(k) == "Person"]
        return people[-1] if people else None

    def _described_source(self, subj: Token, sspan: tuple[int, int]) -> _Who | None:
        """A source the text describes but does not name ("other Republican leaders", "those
        surveyed", "the letter", "a report in the Sunday paper"): the outlet that publishes
        the article is the speaker, and the description is ``via``."""
        if subj.dep_ == "nsubjpass":
            return None  # "the parents were advised", "is believed to bring": not a source
        if subj.pos_ == "PRON":
            # "those surveyed said", "another said", "one told the paper": one of a group
            if subj.lower_ not in _GROUP_PRONOUNS:
                return None  # "it", "they", "who": not a description
        elif subj.pos_ not in ("NOUN", "PROPN"):
            return None
        else:
            lemma = subj.lemma_.lower()
            kinds = self.source_kinds
            if lemma not in kinds and subj.lower_ not in kinds:
                return None  # "Estimates suggest", "Its round shape": not who says it
        publisher = self.publisher()
        if publisher is None:
            return None
        np = noun_phrase(subj)
        return _Who(publisher, _np_text(np), sspan, None, sspan)

    def _name_ner_missed(self, subj: Token) -> str | None:
        """A capitalised proper name as the subject of a cue that the recognizer did not
        tag ("O’Donnell said"): a person, added to the article's entities with this
        mention, or the person of the article whose full name ends with it. Not a name the
        lists know as a place or a body, nor one ending like an outlet's."""
        ctx, lex = self.ctx, self.lex
        doc = subj.doc
        positional = _tid(subj) in self.positional  # see _subject_by_position
        if not subj.is_title or not (
            positional or (subj.dep_ == "nsubj" and subj.pos_ in ("PROPN", "NOUN"))
        ):
            return None
        first = next((t for t in subj.sent if not (t.is_punct or t.is_space)), subj)
        if subj.pos_ == "NOUN" and (subj.i == first.i or subj.lemma_.lower() in self.source_kinds):
            return None  # "Officials said": a capital that only opens the sentence
        lo = subj.i
        while (
            lo > subj.sent.start and doc[lo - 1].dep_ == "compound" and doc[lo - 1].pos_ == "PROPN"
        ):
            lo -= 1
        words = doc[lo : subj.i + 1]
        if len(words) > 3 or not all(t.is_title for t in words):
            return None
        text = re.sub(r"[\u2019']s$", "", words.text)
        key_ = text.casefold()
        if (
            lex.is_known_body(text)
            or key_ in lex.capitals
            or key_ in lex.demonyms
            or key_ in lex.institution_nouns
            or words[-1].text in lex.media_heads
            or {t.lower_ for t in words} & lex.non_person_heads
            or ctx.entities_in(*ctx.char_span(words))
        ):
            return None
        b, e = ctx.char_span(words)
        owners = [x for x in ctx.entities if x.type == "Person" and x.name.endswith(" " + text)]
        if len(owners) == 1:
            ctx.add_mention(owners[0].key, b, e, "SPEAKER")
            return owners[0].key
        key = "person:" + text
        if not any(x.key == key for x in ctx.entities):
            ctx.entities.append(Entity(key, text, "Person"))
        ctx.add_mention(key, b, e, "SPEAKER")
        return key

    def publisher(self) -> str | None:
        """The key of the outlet that published the article (an entity of its own, without
        mentions), or None when the article does not say."""
        name = self.ctx.article.publisher
        if not name:
            return None
        key = "publisher:" + name
        if not any(e.key == key for e in self.ctx.entities):
            self.ctx.entities.append(Entity(key, name, "NewsMediaOrganization"))
        return key

    def _cited_source(self, verb: Token) -> tuple[str | None, tuple[int, int] | None]:
        ctx = self.ctx
        cands = [verb, *[c for c in verb.children if c.lower_ == "citing"]]
        for v in cands:
            if v.lemma_.lower() != "cite":
                continue
            for c in v.children:
                if c.dep_ in ("dobj", "obj") and is_source_phrase(c):
                    np = noun_phrase(c)
                    return _np_text(np), ctx.char_span(np)
        return None, None

    def _relayed(self, verb: Token, subj: Token) -> tuple[str, str, tuple[int, int] | None] | None:
        """(outlet, described source, the outlet's span) of a described source."""
        ctx = self.ctx
        np = noun_phrase(subj)
        via = _np_text(np)
        head = subj.lower_
        # "Nezygar's sources"
        for c in subj.children:
            possessive = c.dep_ == "poss" or (
                c.dep_ == "nmod" and any(g.dep_ == "case" for g in c.children)
            )
            if possessive:
                key = ctx.entity_of_span(c)
                if key and ctx.types(key) in _OUTLET_TYPES:
                    self.vias.append((head, via, key))
                    return key, via, ctx.char_span(c)
        # "... told the Financial Times" / "told Nezygar"
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "obj", "iobj"):
                key = (
                    ctx.entity_of_span(c)
                    or ctx.entity_at(*ctx.char_span(noun_phrase(c)))
                    or resolve_definite(ctx, c)  # "told the newspaper"
                )
                if key and ctx.types(key) in _OUTLET_TYPES:
                    self.vias.append((head, via, key))
                    return key, via, ctx.char_span(noun_phrase(c))
        # "the source said": the source last described this way
        if subj.lower_ != via.lower() or any(t.lower_ == "the" for t in np):
            for h, v, key in reversed(self.vias):
                if h.rstrip("s") == head.rstrip("s"):
                    return key, v, None
        return None

    # ---------------------------------------------------------------- cues
    def _is_cue(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            return True
        if lemma == "call":  # "X called the plan 'a vanity project'", not "called off", "a call"
            return (
                tok.pos_ == "VERB"
                and any(
                    c.dep_ == "oprd"
                    or (c.dep_ == "prep" and c.lower_ == "for")  # "called for a ceasefire"
                    or (c.dep_ == "xcomp" and c.tag_ == "VB")  # "called on Congress to act"
                    for c in tok.children
                )
            ) or self._named_by_quote(tok) is not None
        if tok.pos_ not in ("VERB", "AUX") and not (
            # "The Department notes, "..."": a verb the tagger took for a plural noun
            tok.tag_ == "NNS"
            and tok.dep_ == "ROOT"
            and any(c.dep_ == "nsubj" for c in tok.children)
            and any(c.dep_ == "ccomp" for c in tok.children)
        ):
            return False
        if lemma == "ask":  # a request ("asked the governments not to ...") is a statement,
            # a question ("asked whether ...", "asked him") is not
            return any(c.dep_ == "xcomp" for c in tok.children)
        if lemma in self.lex.belief_verbs:  # a belief is attributed only with its clause
            # ("hopes that ...", "expects the talks to fail"), not an intention ("hopes to win")
            return any(
                c.dep_ == "ccomp"
                or (c.dep_ == "xcomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))
                for c in tok.children
            )
        return lemma in self.lex.reporting_verbs or lemma in self.lex.evaluative_verbs

    def _colon_before(self, qb: int) -> tuple[Token, Sentence] | None:
        """'Clinton: "Our goal is ..."': a sentence that is only a name and a colon before
        the quote, or a digest's item that ends so ('Headline - Name: "..."', 'More from
        Name: "..."'); the colon is the cue (``speaker_of`` takes the name before it)."""
        ctx = self.ctx
        sent = ctx.sentence_at(qb)
        toks = [t for t in sent.span if ctx.char_span(t)[1] <= qb]
        toks = [t for t in toks if not t.is_space]
        ends_with_colon = toks[-1].text == ":" if toks else False
        after_colon = len(toks) > 2 and toks[-1].is_quote and toks[-2].text == ":"
        if len(toks) < 2 or not (ends_with_colon or after_colon):
            return None
        colon = toks[-1] if toks[-1].text == ":" else toks[-2]
        b, c = self._before_colon(colon, sent)
        key = ctx.entity_at(b, c)
        if key is None or ctx.types(key) not in AGENT_TYPES:
            return None
        named = ctx.article.text[b:c]
        if not any(m.text == named for m in ctx.entity(key).mentions):
            return None  # more than a name before the colon
        return colon, sent

    def _before_colon(self, colon: Token, sent: Sentence) -> tuple[int, int]:
        """The words before a colon that may name who speaks: from the sentence's start, or
        in a digest's item from its last dash or "from" ('Headline of the item - Name:',
        'More from Name:'), spaces trimmed."""
        text = self.ctx.article.text
        b, e = sent.begin, self.ctx.char_span(colon)[0]
        for lead in _DIGEST_LEAD.finditer(text, b, e):
            b = lead.end()  # the last one
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        return b, e

    def _signed_after(self, qb: int, qe: int) -> tuple[Token, Sentence] | None:
        """'"..."\n\n- Bernie Sanders.': a quote that is a paragraph of its own, signed in
        the next paragraph by a dash and a name (fact checks and quote boxes set the
        speaker under the quote); the dash is the cue (``speaker_of`` takes the name)."""
        ctx = self.ctx
        text = ctx.article.text
        lead = text.rfind("\n", 0, qb)
        if text[lead + 1 : qb - 1].strip():
            return None  # the quote does not open its paragraph
        j = qe
        while j < len(text) and text[j] in "\"\u201d\u2019'.,!? ":
            j += 1
        if not text.startswith("\n", j):
            return None  # the paragraph goes on after the quote
        while j < len(text) and text[j].isspace():
            j += 1
        if j >= len(text) or text[j] not in _DASHES:
            return None
        sent = ctx.sentence_at(j)
        dash = next((t for t in sent.span if ctx.char_span(t)[0] == j), None)
        if dash is None or dash.text not in _DASHES or self._signer(dash) is None:
            return None
        return dash, sent

    def _signer(self, dash: Token) -> _Who | None:
        """The name right after a signing dash, up to a comma or the end of the sentence,
        when it is a mention of someone who can speak ("- Sanders.", "-Michelle Marks,
        Philadelphia.")."""
        ctx = self.ctx
        text = ctx.article.text
        b = ctx.char_span(dash)[1]
        end = ctx.char_span(dash.sent)[1]
        m = re.match(r"\s*([^,.;\n]+)", text[b:end])
        if m is None:
            return None
        nb, ne = b + m.start(1), b + m.end(1)
        while ne > nb and text[ne - 1].isspace():
            ne -= 1
        key = ctx.entity_at(nb, ne)
        if key is None or ctx.types(key) not in AGENT_TYPES:
            return None
        db = ctx.char_span(dash)[0]  # the recognizer may take the dash into the name
        if not any(db <= mn.begin <= nb and mn.end == ne for mn in ctx.entity(key).mentions):
            return None  # more than a name after the dash
        return _Who(key, None, (nb, ne), (nb, ne), None)

    def _named_by_quote(self, tok: Token) -> tuple[int, int] | None:
        """'called the decision "a crucial step forward"': the object of "call" and the
        quote right after it, as one span, whatever the parser made of the quote's words."""
        ctx = self.ctx
        doc = tok.doc
        for c in tok.children:
            if c.dep_ not in ("dobj", "obj") or c.i < tok.i:
                continue
            # the object's phrase up to the quote: 'the use of executive orders "quite
            # dangerous"', whether or not the parser hung the quote's words on the object
            inside = {t.i for t in c.subtree}
            last = c.i
            while last + 1 < len(doc) and last + 1 in inside and not doc[last + 1].is_quote:
                last += 1
            b, e = ctx.char_span(doc[c.left_edge.i : last + 1])
            for qb, qe in self.quotes:
                if e <= qb <= e + 3:
                    close = qe + 1 if qe < len(ctx.article.text) else qe
                    return b, close
        return None

    def _quote_cue(self, t: Token) -> bool:
        """A verb that attributes only the quote right before it ('"...," Frazer continued',
        '"...," he went on', 'as she put it'): ``quote_cues.txt``."""
        if t.pos_ != "VERB":
            return False
        lemma = t.lemma_.lower()
        if lemma == "go":
            return any(c.dep_ == "prt" and c.lower_ == "on" for c in t.children)
        if lemma == "put":
            return any(c.dep_ == "dobj" and c.lower_ == "it" for c in t.children)
        return lemma in self.lex.quote_cues

    def direct(self, quotes: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """Statements from direct quotes; returns the ids of the cue tokens used."""
        used: set[tuple[int, int]] = set()
        ctx = self.ctx
        pending: _Item | None = None
        for qb, qe in quotes:
            sent_b = ctx.sentence_at(qb)
            n_words = len(ctx.article.text[qb:qe].split())
            starts_sentence = not ctx.article.text[sent_b.begin : qb - 1].strip()
            if pending is not None and self._continues(pending, qb):
                pending.quotes.append((qb, qe))  # "...," she said, "second part"
                continue
            before = self._cue_before(qb, qe) or self._colon_before(qb)
            introduced = before is not None and self._introduces(before[0], qb)
            if n_words < 6 and not starts_sentence and not introduced:
                continue  # a scare quote inside a sentence ("said: "No."" is not one)
            after = self._cue_after(qe) or self._signed_after(qb, qe)
            # 'X said, "..."' names its cue before the quote; a cue after it then belongs to
            # the next statement ('"...". X also asked ...')
            found = before if before is not None and introduced else after or before
            if found is None:
                if pending is not None and self._near(pending, qb):
                    pending.quotes.append((qb, qe))  # the second part after "she said,"
                continue
            verb, sent = found
            who = self.speaker_of(verb, sent)
            if who is None:
                continue
            first = ctx.sentence_at(qb)
            sents = [s for s in ctx.sentences if first.index <= s.index <= sent.index] or [sent]
            if before and not after:
                sents = [sent]
            cue = "according to" if verb.lower_ == "according" else verb.text
            item = _Item(
                who.key,
                who.via,
                cue,
                verb,
                sents,
                [(qb, qe)],
                who.speaker_span,
                who.via_span,
                True,
                who.source,
            )
            item.introduced = found is before and bool(introduced)
            merged = self._merge_into_previous(item)
            used.add(_tid(verb))
            pending = merged or item
            if merged is None:
                self.items.append(item)
            self._note_speaker(item, sent)
        return used

    def _continues(self, item: _Item, qb: int) -> bool:
        """Whether the quote at ``qb`` is the second part after the cue of ``item``:
        only ``, <speaker> <cue>,`` stands between them."""
        ctx = self.ctx
        gap = ctx.article.text[item.quotes[-1][1] : qb]
        cue_end = ctx.char_span(item.cue_tok)[1]
        # '"...," he said, adding, "..."': a cue of its own before the second part makes
        # it a second statement (attribution corpora count one per cue)
        own_cue = any(
            cue_end <= ctx.char_span(t)[0] and ctx.char_span(t)[1] <= qb and self._is_cue(t)
            for t in item.cue_tok.sent
        )
        return (
            not own_cue
            and item.quotes[-1][1] < cue_end < qb
            and len(gap) < 60
            and "\n" not in gap
            and not re.search(r"[.!?]\s", gap)
            and gap.rstrip().endswith((",", ":", "\u201c", '"'))
        )

    def _near(self, item: _Item, qb: int) -> bool:
        last_end = item.sents[-1].end
        gap = self.ctx.article.text[item.quotes[-1][1] : qb]
        return qb - last_end < 3 or (len(gap) < 60 and "\n\n" not in gap)

    def _cue_after(self, qe: int) -> tuple[Token, Sentence] | None:
        """The reporting verb right after a closing quote (same or next sentence, few words)."""
        ctx = self.ctx
        text = ctx.article.text
        tail = text[qe : qe + 200]
        if "\n\n" in tail[:4]:
            return None
        for sent in (ctx.sentence_at(qe), ctx.sentence_at(min(qe + 3, len(text) - 1))):
            toks = [t for t in sent.span if ctx.char_span(t)[0] > qe]
            for k, t in enumerate(toks[:40]):
                if (
                    text[qe : ctx.char_span(t)[0]].count("\u201c")
                    + text[qe : ctx.char_span(t)[0]].count('"')
                    > 1
                ):
                    break
                if not (self._is_cue(t) or self._quote_cue(t)):
                    continue
                # a few words away, or further only past the speaker's own description
                # ('"...," Eric Woolson, an Iowa strategist and former adviser to X, said')
                if k < 14 or _past_description(t, toks[0]):
                    return t, sent
        return None

    def _cue_before(self, qb: int, qe: int) -> tuple[Token, Sentence] | None:
        """ "X said: "..."" / "saying that "..."": a reporting verb before the quote whose
        clause contains it; a verb that attributes only a quote next to it ("He continued,
        "..."", "As she put it, "..."") when only a comma or a colon stands between them;
        and, for a quote that opens its paragraph, the cue that ends the paragraph before
        with a colon ("Cruz continued:" / "The minister said in a statement:")."""
        ctx = self.ctx
        sent = ctx.sentence_at(qb)
        for t in reversed([t for t in sent.span if ctx.char_span(t)[1] < qb]):
            if self._is_cue(t):
                _, hi = ctx.char_span(t.doc[t.left_edge.i : t.right_edge.i + 1])
                if hi >= qb - 2:
                    return t, sent
                # "X said: "...", "He added, "..."": only a colon or a comma between them
                if self._introduces(t, qb):
                    return t, sent
                return None
            if self._quote_cue(t) and self._introduces(t, qb):
                return t, sent
        return self._cue_ending_paragraph(qb)

    def _introduces(self, cue: Token, qb: int) -> bool:
        """Whether only a comma, a colon or a dash stands between the cue and the quote at
        ``qb``, after the cue's own words: the one it tells ("telling the crowd, "..."",
        "told reporters: "..."") and its particle ("went on: "..."")."""
        ctx = self.ctx
        end = ctx.char_span(cue)[1]
        for c in cue.rights:
            if c.dep_ in ("dobj", "dative", "iobj", "prt", "npadvmod") or (
                c.dep_ == "prep" and c.lower_ == "to"
            ):
                hi = ctx.char_span(c.doc[c.left_edge.i : c.right_edge.i + 1])[1]
                if hi < qb:
                    end = max(end, hi)
        return bool(_INTRODUCES.fullmatch(ctx.article.text[end:qb]))

    def _cue_ending_paragraph(self, qb: int) -> tuple[Token, Sentence] | None:
        """The cue of a paragraph that ends with a colon, for the quote that opens the next
        paragraph: the convention for a long quote set off below its cue."""
        ctx = self.ctx
        text = ctx.article.text
        lead = text.rfind("\n", 0, qb)
        if lead < 0 or text[lead + 1 : qb - 1].strip():
            return None  # the quote does not open its paragraph
        colon = lead
        while colon > 0 and text[colon - 1].isspace():
            colon -= 1
        if colon == 0 or text[colon - 1] != ":":
            return None
        sent = ctx.sentence_at(colon - 1)
        if ctx.sentence_at(qb).index != sent.index + 1:
            return None
        for t in reversed([t for t in sent.span if ctx.char_span(t)[1] < colon]):
            if self._is_cue(t) or self._quote_cue(t):
                # the colon closes the cue's own clause ("said in a statement:"), not a
                # clause after it ("said he had two points:" is no introduction)
                reach = ctx.char_span(t.doc[t.left_edge.i : t.right_edge.i + 1])[1]
                clause = [c for c in t.rights if c.dep_ in ("ccomp", "xcomp")]
                return (t, sent) if reach >= colon - 1 and not clause else None
        return None

    def _merge_into_previous(self, item: _Item) -> _Item | None:
        """Join a statement to the previous one of the same speaker in the same sentence,
        unless one is reported speech with a cue of its own: "X said A but warned that B" and
        ""...," X said, warning that B" are two statements (one per cue, as attribution
        corpora count them)."""
        if not self.items:
            return None
        prev = self.items[-1]
        if not (prev.direct and item.direct) and prev.cue_tok is not item.cue_tok:
            return None
        if item.introduced and item.cue_tok is not prev.cue_tok:
            return None  # 'adding, "..."': a cue of its own introduces this quote
        overlap = {x.index for x in prev.sents} & {x.index for x in item.sents}
        if prev.speaker == item.speaker and overlap:
            prev.quotes.extend(item.quotes)
            for s in item.sents:
                if s not in prev.sents:
                    prev.sents.append(s)
            prev.direct = prev.direct or item.direct
            return prev
        return None

    def _note_speaker(self, item: _Item, sent: Sentence) -> None:
        if self.ctx.types(item.speaker) == "Person" and item.via is None:
            self.last_person_speaker = (item.speaker, sent.index)

    def indirect(self, used: set[tuple[int, int]], quotes: list[tuple[int, int]]) -> None:
        ctx = self.ctx
        for sent in ctx.sentences:
            for tok in sent.span:
                if _tid(tok) in used or not self._is_cue(tok):
                    continue
                b, _ = ctx.char_span(tok)
                if any(qb <= b < qe for qb, qe in quotes):
                    continue  # speech reported inside a quote
                content = self._content(tok)
                if content is None:
                    continue
                who = self.speaker_of(tok, sent)
                if who is None:
                    continue
                cue = "according to" if tok.lower_ == "according" else tok.text
                item = _Item(
                    who.key,
                    who.via,
                    cue,
                    tok,
                    [sent],
                    content,
                    who.speaker_span,
                    who.via_span,
                    False,
                    who.source,
                )
                if self._merge_into_previous(item) is None:
                    self.items.append(item)
                self._note_speaker(item, sent)

    def _content(self, tok: Token) -> list[tuple[int, int]] | None:
        """The reported words of an indirect statement: its clause or reported object, as
        one span, or two when the cue stands inside them ("For voters, he said, the ...")."""
        ctx = self.ctx
        doc = tok.doc
        if tok.lower_ == "according":
            sent = tok.sent
            return [ctx.char_span(sent)]
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp") and _is_clause(c):
                return [ctx.char_span(doc[c.left_edge.i : c.right_edge.i + 1])]
        lemma = tok.lemma_.lower()
        if lemma == "call":  # "X called the plan "a vanity project"": the object and the name
            oprd = [c for c in tok.children if c.dep_ == "oprd"]
            obj = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
            if oprd and obj:
                return [ctx.char_span(doc[obj[0].left_edge.i : oprd[-1].right_edge.i + 1])]
            named = self._named_by_quote(tok)
            if named is not None:  # 'called the decision "a crucial step"' (parse aside)
                return [named]
            for c in tok.children:  # "called for a ceasefire": what was called for
                if (
                    c.dep_ == "prep"
                    and c.lower_ == "for"
                    and any(g.dep_ == "pobj" for g in c.children)
                ):
                    return [ctx.char_span(doc[c.left_edge.i : c.right_edge.i + 1])]
        obj = [c for c in tok.children if c.dep_ in ("dobj", "obj") and c.i > tok.i]
        as_ = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i]
        if obj and as_ and lemma not in self.lex.deny_cues:
            # "X described the talks as "very peaceful"": the object and what it is called
            return [ctx.char_span(doc[obj[0].left_edge.i : as_[-1].right_edge.i + 1])]
        for c in tok.children:
            # "talked about the border", "spoke of reform" ("on" is left out: "spoke on
            # condition of anonymity", "said on television")
            if (
                c.dep_ == "prep"
                and (
                    c.lower_ == "about"
                    or (c.lower_ == "of" and lemma in ("speak", "talk"))
                    or (c.lower_ == "on" and lemma in ("comment", "remark", "reflect"))
                )
                and lemma not in self.lex.evaluative_verbs
                and any(g.dep_ == "pobj" and g.pos_ != "PRON" for g in c.children)
                and c.i > tok.i
            ):
                return [ctx.char_span(doc[c.left_edge.i : c.right_edge.i + 1])]
        if lemma in self.lex.message_verbs and not any(
            c.dep_ in ("ccomp", "xcomp") for c in tok.children
        ):
            # "X said the same thing", "X repeated the claim": the object is what was said
            for c in tok.children:
                if c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN") and c.i > tok.i:
                    if ctx.entity_of_span(c) and ctx.types(ctx.entity_of_span(c) or "") in (
                        "Person",
                    ):
                        break
                    return [ctx.char_span(doc[c.left_edge.i : c.right_edge.i + 1])]
        if lemma in self.lex.evaluative_verbs:
            # "X criticised the plan (for ...)", "X praised Y as ...": the object and what
            # follows it in the verb's phrase
            rights = [c for c in tok.rights if c.dep_ not in ("punct", "cc", "conj", "advcl")]
            if rights and any(c.dep_ in ("dobj", "obj", "prep") for c in rights):
                lo, hi = rights[0].left_edge.i, rights[-1].right_edge.i + 1
                return [ctx.char_span(doc[lo:hi])]
        deny = lemma in self.lex.deny_cues
        for c in tok.children:
            if c.dep_ not in ("dobj", "obj"):
                continue
            if (
                ctx.types(ctx.entity_of_span(c) or "") == "Person"
                if ctx.entity_of_span(c)
                else False
            ):
                return None  # "the board dismissed X": a dismissal, not a denial
            if deny or any(g.dep_ in ("acl", "relcl", "ccomp") for g in c.children):
                # "X dismissed the reports that ..." / "X denied the report"
                return [ctx.char_span(doc[c.left_edge.i : c.right_edge.i + 1])]
        # "X did Y, Z's sources said" / "For voters, he said, the plan ...", "As X told Y,
        # the plan ...": the sentence around the cue's own phrase is what was said
        as_clause = tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in tok.children
        )
        if (tok.dep_ in ("parataxis", "ccomp") or as_clause) and tok.head.pos_ in ("VERB", "AUX"):
            sent = tok.sent
            parts = []
            for lo, hi in ((sent.start, tok.left_edge.i), (tok.right_edge.i + 1, sent.end)):
                while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
                    lo += 1
                while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
                    hi -= 1
                if hi - lo >= 3:
                    parts.append(ctx.char_span(doc[lo:hi]))
            if parts:
                return parts
        # "cited unidentified sources as saying that ..."
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                for g in c.children:
                    if g.lemma_.lower() in self.lex.reporting_verbs:
                        inner = self._content(g)
                        if inner:
                            return inner
        return None

    # ---------------------------------------------------------------- output
    def statement(self, item: _Item) -> Statement:
        ctx = self.ctx
        text = ctx.article.text
        begin = min(s.begin for s in item.sents)
        end = max(s.end for s in item.sents)
        parts = _content_parts(text, item.quotes) or [(begin, end)]
        quote = " ".join(text[b:e] for b, e in parts)
        stance = self._stance(item)
        about = self._about(item, begin, end)
        source = item.source_span or item.speaker_span
        cue_b, cue_e = self._cue_span(item.cue_tok)
        return Statement(
            Evidence.of(text, begin, end),
            0.75 if item.direct else 0.6,
            speaker=item.speaker,
            cue=text[cue_b:cue_e],  # the cue as written ("According to", "said")
            stance=stance,
            quote=quote,
            via=item.via,
            about=about,
            speaker_span=Evidence.of(text, *source) if source else None,
            cue_span=Evidence.of(text, cue_b, cue_e),
            content_spans=[Evidence.of(text, b, e) for b, e in parts],
        )

    def _cue_span(self, tok: Token) -> tuple[int, int]:
        """The cue's words: the verb, or "according to" whole."""
        b, e = self.ctx.char_span(tok)
        if tok.lower_ == "according":
            for c in tok.children:
                if c.lower_ == "to":
                    e = max(e, self.ctx.char_span(c)[1])
        return b, e

    def _quote_tokens(self, item: _Item) -> list[Token]:
        ctx = self.ctx
        out = []
        for s in item.sents:
            for t in s.span:
                b, _ = ctx.char_span(t)
                if any(qb <= b < qe for qb, qe in item.quotes):
                    out.append(t)
        return out

    def _stance(self, item: _Item) -> str:
        lex = self.lex
        words = " ".join(self.ctx.article.text[b:e] for b, e in item.quotes).lower()
        words = re.sub(r"\s+", " ", words.replace("\u2019", "'"))
        if item.cue_tok.lemma_.lower() in lex.deny_cues or any(
            re.search(r"\b" + re.escape(p) + r"\b", words) for p in lex.deny_phrases
        ):
            return "deny"
        toks = self._quote_tokens(item)
        ids = {t.i for t in toks}
        roots = [t for t in toks if t.head.i not in ids or t.head is t]
        for r in roots:
            if r.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and c.lower_ in _NOTHING
                for c in r.children
            ):
                return "deny"
        for r in roots:
            if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in r.children):
                return "speculate"
        for b, e in item.quotes:
            for piece in re.split(r"(?<=[.!?])\s+", self.ctx.article.text[b:e]):
                if _IT_IS.match(piece):
                    return "speculate"
        if item.cue_tok.lemma_.lower() in lex.hedge_cues:  # "suggested", "expects", "believes"
            return "speculate"
        return "assert"

    def _about(self, item: _Item, begin: int, end: int) -> list[str]:
        ctx = self.ctx
        skip = [s for s in (item.speaker_span, item.via_span) if s]
        keys: list[str] = []
        for key in ctx.entities_in(begin, end):
            if key == item.speaker:
                continue
            spans = [
                (m.begin, m.end)
                for m in ctx.entity(key).mentions
                if begin <= m.begin
                and m.end <= end
                and not any(sb <= m.begin and m.end <= se for sb, se in skip)
            ]
            if spans:
                keys.append(key)
        for t in self._quote_tokens(item):
            if t.lower_ in PERSON_PRONOUNS:
                ref = resolve_pronoun(ctx, t, exclude={item.speaker})
                if ref and ref not in keys and ref != item.speaker:
                    keys.append(ref)
        words = " ".join(ctx.article.text[b:e] for b, e in item.quotes).lower()
        if not keys and self.previous_about and _CLAIMS.search(words):
            keys = [k for k in self.previous_about if k != item.speaker]  # "denied the report"
        if not keys and self.central and self.central != item.speaker:
            keys.append(self.central)
        self.previous_about = keys
        return keys


# passives of hearsay: "X is said / believed / reported to ..." (the outlet reports it), not
# of instruction: "X was told / advised to ..." (X is told, no one is quoted)
_HEARSAY = {
    "say", "believe", "report", "think", "understand", "expect", "rumour", "rumor", "know",
    "allege", "consider", "estimate",
}  # fmt: skip


def _is_clause(tok: Token) -> bool:
    """Whether a complement is a clause: a verb, or a word the tagger took for a noun that
    has a subject or a "that" of its own ("warned that the country risks returning": "risks"
    tagged as a noun)."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children)


def _past_description(cue: Token, first: Token) -> bool:
    """Whether the words between ``first`` and ``cue`` are the cue's subject, a name a few
    words from ``first``, and its description (an appositive, a participle, a clause)."""
    subj = subject_of(cue)
    if subj is None or subj.dep_ != "nsubj" or not 0 <= subj.i - first.i < 6:
        return False
    inside = {t.i for t in subj.subtree}
    between = cue.doc[subj.i + 1 : cue.i]
    return all(t.i in inside or t.is_punct for t in between)


def _tid(tok: Token) -> tuple[int, int]:
    """A stable identity for a token (spaCy creates a new Token object on every access)."""
    return id(tok.doc), tok.i


# verbs that carry no speech act of their own: as a participle on another cue they go on
# with its statement ("saying that", "adding that"); "warning that" is a statement of its own
_CONTINUING = {"say", "add"}


def _one_attribution(a: _Item, b: _Item) -> bool:
    """Whether two attributions of one speaker in one sentence are one statement: both
    quotes or both reported speech, with words in common ("X said A but warned that B":
    one; ""...," X said, warning that B" and "X said A; he also warned B": two, as
    attribution corpora count them, one per cue). Measured on PolNeAR dev and Wikinews
    (docs/extraction-quality.md): merging a quote and reported speech of one sentence
    costs 0.01-0.02 F1, never merging costs 0.03 on quoted content. A participle of
    plain speech hung on the other cue ("X dismissed the reports, saying that ...", "...,"
    he said, adding that ...") only goes on with the same statement: one; a verb of its own
    in coordination ("X called on her to resign and said, "..."") is a second statement."""
    for x, y in ((a, b), (b, a)):
        t = y.cue_tok
        if (
            not y.introduced  # 'adding, "..."' introduces a quote of its own: two
            and t.lemma_.lower() in _CONTINUING
            and t.dep_ in ("advcl", "xcomp")
            and x.cue_tok in t.ancestors
        ):
            return True
    if a.direct != b.direct:
        return False
    if not a.quotes or not b.quotes:
        return True
    return any(qb < e and b0 < qe for qb, qe in a.quotes for b0, e in b.quotes)


def _merge_same_speaker(items: list[_Item]) -> list[_Item]:
    """One statement per attribution: the parts of one attribution of a speaker in a
    sentence join (see :func:`_one_attribution`), with the first cue of the sentence."""
    items = sorted(items, key=lambda it: (it.sents[0].begin, it.cue_tok.idx))
    out: list[_Item] = []
    for it in items:
        prev = next(
            (
                p
                for p in reversed(out[-3:])
                if p.speaker == it.speaker
                and {s.index for s in p.sents} & {s.index for s in it.sents}
                and _one_attribution(p, it)
            ),
            None,
        )
        if prev is None:
            out.append(it)
            continue
        for q in it.quotes:
            if not any(b <= q[0] and q[1] <= e for b, e in prev.quotes):
                prev.quotes.append(q)
        prev.quotes.sort()
        for s in it.sents:
            if s not in prev.sents:
                prev.sents.append(s)
        prev.sents.sort(key=lambda s: s.index)
        prev.direct = prev.direct or it.direct
        prev.via = prev.via or it.via
        prev.via_span = prev.via_span or it.via_span
        if it.cue_tok.lemma_.lower() in lexicon().deny_cues:
            prev.cue, prev.cue_tok = it.cue, it.cue_tok
    return out


def _content_parts(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The attributed words as spans in text order: overlapping parts joined, each trimmed of
    spaces and of the comma, colon or semicolon that closes a quoted part before its cue.

    >>> t = 'He said "We will win, " and then "soon".'
    >>> [t[b:e] for b, e in _content_parts(t, [(34, 38), (9, 22), (10, 15)])]
    ['We will win', 'soon']
    """
    out: list[tuple[int, int]] = []
    for b, e in sorted(quotes):
        if out and b < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((b, e))
    trimmed = []
    for b, e in out:
        while b < e and text[b].isspace():
            b += 1
        while e > b and (text[e - 1].isspace() or text[e - 1] in ",;:"):
            e -= 1
        if e > b:
            trimmed.append((b, e))
    return trimmed


def _np_text(np: Span) -> str:
    return np.text.strip(" ,")


def find_statements(ctx: ArticleContext) -> list[Statement]:
    """Every attributed statement of the article, in text order."""
    f = _Finder(ctx)
    quotes = find_quotes(ctx.article.text)
    f.quotes = quotes
    used = f.direct(quotes)
    f.indirect(used, quotes)
    return [f.statement(it) for it in _merge_same_speaker(f.items)]
