"""Posts and roles: who holds which post, in which organization or country, since when.

Patterns (titles come from ``titles.txt``, modifiers from ``title_modifiers.txt``):

* title before a name: "Kremlin spokesman Dmitry Peskov", "U.S. Secretary of State Marco
  Rubio", "Former Russian diplomat Boris Bondarev" (``former`` ends the role);
* appositive: "Maxim Oreshkin, deputy chief of the presidential administration";
* copula and service: "X has served as Russia's foreign minister since 2004", "X is also a
  permanent member of the country's Security Council" (which is also a ``member_of`` fact);
* the organization of the post: an entity right before the title ("Kremlin", "U.S.",
  "Russian", "Russia's"), or an "of" phrase after it; a government title with neither
  ("Deputy Prime Minister X") takes the last country named before it in the sentence, else
  the article's most-mentioned country, its home country.

A post that heads a body (``head_titles.txt``: chair, director, secretary general, ...) is
also a ``leads`` fact (``formerly_led`` when former); any other post named with "of <body>",
or qualified by a party ("a Tory MP", "the Democratic senator"), is a ``member_of`` fact.

Descriptions then resolve to the post holders: "the minister" is the last person named with
a post whose title ends in "minister"; "the Russian leader" a head of state or government of
Russia; they become mentions and aliases of that person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import Relation, Role
from .context import ArticleContext, Sentence
from .lexicon import lexicon
from .syntax import ORG_TYPES, resolve_np, subject_of

__all__ = ["find_roles", "resolve_descriptions"]

_GOV_TITLE_WORDS = frozenset(
    [
        "president", "minister", "premier", "chancellor", "ambassador", "diplomat", "envoy",
        "spokesman", "spokeswoman", "spokesperson", "secretary", "governor", "senator",
        "lawmaker", "deputy", "king", "queen", "leader",
    ]
)  # fmt: skip
_HEAD_WORDS = frozenset(["president", "prime minister", "premier", "chancellor", "king", "leader"])
_DETS = frozenset(["a", "an", "the"])
_NOT_ROLE_WORDS = frozenset(["only", "sole", "other", "same", "new", "last", "first", "single"])


@dataclass
class _Found:
    person: str
    role: str
    org: str | None
    org_explicit: bool
    org_by_of: bool
    ended: bool
    start: str | None
    sent: Sentence
    confidence: float


def _title_spans(doc: Doc) -> list[Span]:
    return list(doc.spans.get("titles", []))


def _extend_modifiers(doc: Doc, span: Span) -> tuple[int, bool]:
    """Start index after including modifiers ("deputy", "first deputy"); whether "former"."""
    lex = lexicon()
    start = span.start
    ended = False
    while start > 0:
        prev = doc[start - 1]
        low = prev.lower_.rstrip("-")
        if low in ("former", "ex", "then", "outgoing", "late", "retired"):
            ended = ended or low in ("former", "ex", "outgoing", "late", "retired")
            start -= 1
        elif low in lex.title_modifiers or prev.lower_ in lex.title_modifiers:
            start -= 1
        else:
            break
    return start, ended


def _role_text(doc: Doc, start: int, end: int) -> str:
    while start < end and doc[start].lower_.rstrip("-") in ("former", "ex", "then"):
        start += 1
    return doc[start:end].text


def _qualifier_before(ctx: ArticleContext, doc: Doc, i: int) -> str | None:
    """An organization or country named right before position ``i`` ("Kremlin spokesman"),
    also across the other words of a compound title ("Latvian Climate and Energy Minister")."""
    j = i - 1
    for _ in range(4):
        if j < 0:
            return None
        if doc[j].text in ("'s", "\u2019s") and j > 0:
            j -= 1
        key = ctx.entity_of_span(doc[j])
        if key and ctx.types(key) in ORG_TYPES:
            return key
        if not (doc[j].is_title or doc[j].lower_ == "and") or doc[j].pos_ not in (
            "PROPN",
            "NOUN",
            "CCONJ",
            "ADJ",
        ):
            return None
        j -= 1
    return None


def _of_phrase(ctx: ArticleContext, doc: Doc, end: int) -> str | None:
    """The organization in "of (the) X" right after a title."""
    if end < len(doc) and doc[end].lower_ in ("of", "at", "for"):
        for k in range(end + 1, min(end + 8, len(doc))):
            t = doc[k]
            if t.is_punct and t.text not in ("'s", "\u2019s"):
                break
            key = ctx.entity_of_span(t)
            if key and ctx.types(key) in ORG_TYPES:
                # take the whole mention (its last token) - "the presidential administration"
                return key
    return None


def _since(sent: Span) -> str | None:
    m = re.search(r"\bsince ((?:19|20)\d\d)\b", sent.text)
    return m.group(1) if m else None


def _person_after(ctx: ArticleContext, doc: Doc, end: int) -> str | None:
    if end < len(doc):
        key = ctx.entity_of_span(doc[end])
        if key and ctx.types(key) == "Person":
            return key
    return None


def _person_appositive(ctx: ArticleContext, doc: Doc, start: int) -> str | None:
    """ "<Person>, (a|the|the ministry's) <title>": the person before the comma."""
    j = start - 1
    steps = 0
    while (
        j >= 0
        and steps < 4
        and (
            doc[j].lower_ in _DETS
            or doc[j].text in ("'s", "\u2019s")
            or (doc[j].pos_ == "NOUN" and doc[j].is_lower)
        )
    ):
        j -= 1
        steps += 1
    if j >= 1 and doc[j].text == ",":
        key = ctx.entity_of_span(doc[j - 1])
        if key and ctx.types(key) == "Person":
            return key
    return None


def _person_as(ctx: ArticleContext, doc: Doc, start: int) -> str | None:
    """ "the appointment of <Person> as (its new) <title>" / "<Person> as <title>"."""
    j = start - 1
    while j >= 0 and (
        doc[j].lower_ in _DETS
        or doc[j].tag_ == "PRP$"
        or doc[j].lower_ in ("new", "next", "interim", "acting")
    ):
        j -= 1
    if j >= 1 and doc[j].lower_ == "as":
        key = ctx.entity_of_span(doc[j - 1])
        if key and ctx.types(key) == "Person":
            return key
    return None


def _possessor_before(ctx: ArticleContext, doc: Doc, start: int) -> str | None:
    """ "its new Secretary General": the organization "its" refers to."""
    from .syntax import resolve_pronoun

    j = start - 1
    while j >= 0 and doc[j].lower_ in ("new", "next", "interim", "acting", "first"):
        j -= 1
    if j >= 0 and doc[j].lower_ in ("its", "their"):
        key = resolve_pronoun(ctx, doc[j])
        if key and ctx.types(key) in ORG_TYPES and ctx.types(key) != "Country":
            return key
    return None


def _person_copula(ctx: ArticleContext, doc: Doc, start: int, title_head: Token) -> str | None:
    """ "<Person> has served as <title>" / "<Person> is (also) a <title>"."""
    head = title_head
    # climb from the title noun to its verb: attr of "is", pobj of "as" under "served"
    for _ in range(3):
        if head.dep_ in ("attr", "pobj", "prep", "appos") and head.head is not head:
            head = head.head
        else:
            break
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject_of(head)
    if subj is None:
        return None
    key = resolve_np(ctx, subj)
    if key and ctx.types(key) == "Person":
        return key
    return None


def _country_before(ctx: ArticleContext, doc: Doc, i: int) -> str | None:
    """The last country mentioned before token ``i`` in the same sentence."""
    begin = ctx.char_span(doc[i].sent)[0]
    end = ctx.char_span(doc[i])[0]
    keys = [k for k in ctx.entities_in(begin, end) if ctx.types(k) == "Country"]
    if not keys:
        return None
    last = {k: max(m.begin for m in ctx.entity(k).mentions if begin <= m.begin < end) for k in keys}
    return max(keys, key=lambda k: last[k])


def _home_country(ctx: ArticleContext) -> str | None:
    counts = Counter({e.key: len(e.mentions) for e in ctx.entities if e.type == "Country"})
    return counts.most_common(1)[0][0] if counts else None


def find_roles(ctx: ArticleContext) -> tuple[list[Role], list[Relation]]:
    """Roles, and the ``member_of`` relations that "member of X" and "<title> of X" state."""
    found: list[_Found] = []
    home = _home_country(ctx)
    for sent in ctx.sentences:
        doc = sent.span.doc
        spans = _title_spans(doc)
        starts = {t.start for t in spans}
        for t in spans:
            if not (sent.span.start <= t.start < sent.span.end):
                continue
            if t.end in starts:
                continue  # "deputy" before "energy minister": a modifier of the next title
            start, ended = _extend_modifiers(doc, t)
            end = t.end
            role = _role_text(doc, start, end)
            person = (
                _person_after(ctx, doc, end)
                or _person_appositive(ctx, doc, start)
                or _person_as(ctx, doc, start)
                or _person_copula(ctx, doc, start, doc[end - 1])
            )
            if person is None:
                continue
            q_start = start
            while q_start > 0 and doc[q_start - 1].lower_ in _DETS:
                q_start -= 1
            org = _qualifier_before(ctx, doc, q_start if q_start < start else start)
            org = org or _possessor_before(ctx, doc, start)
            if org is not None and start >= 2 and doc[start - 2].lower_ in ("former", "ex-", "ex"):
                ended = True  # "Former Russian diplomat X"
            by_of = False
            if org is None:
                org = _of_phrase(ctx, doc, end)
                by_of = org is not None
            explicit = org is not None
            if org is None and set(role.lower().split()) & _GOV_TITLE_WORDS:
                org = _country_before(ctx, doc, start) or home
            start_year = _since(sent.span) if re.search(r"\bserv", sent.span.text) else None
            found.append(
                _Found(
                    person,
                    role,
                    org,
                    explicit,
                    by_of,
                    ended,
                    start_year,
                    sent,
                    0.8 if explicit else 0.6,
                )
            )
    members, member_rels = _memberships(ctx)
    found.extend(members)
    roles, rels = _merge(ctx, found)
    return roles, rels + member_rels + _party_members(ctx)


def _party_members(ctx: ArticleContext) -> list[Relation]:
    """ "Republican Ann Lee", "Labour's Tom Ebbs": a party named right before a person's name
    makes that person a member of it."""
    text = ctx.article.text
    people = {m.begin: e.key for e in ctx.entities if e.type == "Person" for m in e.mentions}
    out = []
    for e in ctx.entities:
        if e.type != "PoliticalParty":
            continue
        for m in e.mentions:
            gap = re.match(r"(?:['\u2019]s)? ", text[m.end : m.end + 4])
            person = people.get(m.end + gap.end()) if gap else None
            if person is not None:
                sent = ctx.sentence_at(m.begin)
                ev = ctx.evidence(sent)
                out.append(Relation(ev, 0.7, subject=person, predicate="member_of", object=e.key))
    return out


def _member_orgs(ctx: ArticleContext, tok: Token) -> list[str]:
    """The bodies of "member(s) of X (and of Y)"; "member of the board of X" is X's board
    only if the board is an entity, else X."""
    out = []
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if obj.tag_ in ("WDT", "WP"):  # "X, of which both A and B are members": X
                anchor = obj
                while anchor.dep_ != "relcl" and anchor.head is not anchor:
                    anchor = anchor.head
                obj = anchor.head if anchor.dep_ == "relcl" else obj
            for o in [obj, *obj.conjuncts]:
                key = ctx.entity_of_span(o) or ctx.entity_at(
                    *ctx.char_span(o.doc[o.left_edge.i : o.i + 1])
                )
                if key is None:
                    inner = _member_orgs(ctx, o)  # "the board of X"
                    out.extend(inner)
                elif ctx.types(key) in ORG_TYPES and ctx.types(key) != "Country":
                    out.append(key)
    for c in tok.conjuncts:  # "members of NATO and of the EDA"
        if c.dep_ == "conj" and c.pos_ == "ADP":
            for obj in c.children:
                key = ctx.entity_of_span(obj) if obj.dep_ == "pobj" else None
                if key and ctx.types(key) in ORG_TYPES:
                    out.append(key)
    return out


def _memberships(ctx: ArticleContext) -> tuple[list[_Found], list[Relation]]:
    """ "<Person> is (also) a (permanent) member of <Org>" (a role and a fact);
    "<Country> and <Country> are members of <Org>" (facts)."""
    out: list[_Found] = []
    rels: list[Relation] = []
    for sent in ctx.sentences:
        for tok in sent.span:
            if tok.lemma_.lower() != "member" or tok.pos_ != "NOUN":
                continue
            orgs = _member_orgs(ctx, tok)
            if not orgs:
                continue
            head = tok
            for _ in range(3):
                if head.dep_ in ("attr", "pobj", "prep", "appos") and head.head is not head:
                    head = head.head
            subj = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
            members = []
            if subj is not None:
                members = [k for k in (resolve_np(ctx, s) for s in [subj, *subj.conjuncts]) if k]
            if not members:
                p = _person_appositive(ctx, tok.doc, tok.left_edge.i)
                members = [p] if p else []
            mods = [
                c.text for c in tok.lefts if c.pos_ == "ADJ" and c.lower_ not in _NOT_ROLE_WORDS
            ]
            role = " ".join([*mods, tok.lemma_.lower() if tok.text.endswith("s") else tok.text])
            for m in members:
                for org in orgs:
                    if ctx.types(m) == "Person":
                        out.append(_Found(m, role, org, True, True, False, None, sent, 0.8))
                    elif ctx.types(m) in ORG_TYPES:
                        rels.append(
                            Relation(
                                ctx.evidence(sent),
                                0.7,
                                subject=m,
                                predicate="member_of",
                                object=org,
                            )
                        )
    return out, rels


def _merge(ctx: ArticleContext, found: list[_Found]) -> tuple[list[Role], list[Relation]]:
    roles: dict[tuple[str, str], _Found] = {}
    order: list[tuple[str, str]] = []
    for f in found:
        k = (f.person, f.role.lower())
        if k not in roles:
            roles[k] = f
            order.append(k)
            continue
        old = roles[k]
        if f.org_explicit and not old.org_explicit:
            old.org, old.org_explicit, old.org_by_of = f.org, True, f.org_by_of
        if f.start and not old.start:
            old.start, old.sent = f.start, f.sent
        old.ended = old.ended or f.ended
        old.confidence = max(old.confidence, f.confidence)
    out_roles, out_rel = [], []
    for k in order:
        f = roles[k]
        ev = ctx.evidence(f.sent)
        out_roles.append(
            Role(
                ev,
                f.confidence,
                start=f.start,
                ended=f.ended,
                person=f.person,
                role=f.role,
                org=f.org,
            )
        )
        body = f.org is not None and ctx.types(f.org) not in ("Country", "Place")
        if body and f.role.lower() in lexicon().head_titles and f.org:
            # "X, chair of the Board": the head of a body leads it ("former": led it)
            pred = "formerly_led" if f.ended else "leads"
            out_rel.append(
                Relation(ev, 0.7, start=f.start, subject=f.person, predicate=pred, object=f.org)
            )
        elif f.org and (
            (f.org_by_of and body) or ctx.types(f.org) == "PoliticalParty"
        ):  # "<title> of X"; "a Tory MP", "Democratic senator": a member of the party
            out_rel.append(
                Relation(
                    ev, 0.7, start=f.start, subject=f.person, predicate="member_of", object=f.org
                )
            )
    return out_roles, out_rel


def resolve_descriptions(ctx: ArticleContext, roles: list[Role]) -> None:
    """ "the minister", "the Russian leader", "the Secretary of State" -> the post holder."""
    lex = lexicon()
    holders: list[tuple[str, str, str | None]] = [(r.person, r.role.lower(), r.org) for r in roles]
    if not holders:
        return
    for sent in ctx.sentences:
        doc = sent.span.doc
        for t in _title_spans(doc):
            if not (sent.span.start <= t.start < sent.span.end):
                continue
            definite = t.start > 0 and doc[t.start - 1].lower_ == "the"
            # "the Russian leader": a demonym between "the" and the title
            with_demonym = (
                t.start >= 2
                and doc[t.start - 2].lower_ == "the"
                and doc[t.start - 1].lower_ in lex.demonyms
            )
            if not (definite or with_demonym):
                continue
            if _person_after(ctx, doc, t.end) or _of_phrase(ctx, doc, t.end):
                continue
            country = None
            if doc[t.start - 1].lower_ in lex.demonyms:
                country = lex.demonyms[doc[t.start - 1].lower_]
            title = t.text.lower()
            begin, end = ctx.char_span(doc[t.start - (2 if country else 1) : t.end])
            cands = []
            for person, role, org in holders:
                head_match = role.endswith(title) or (
                    title in _HEAD_WORDS and any(role.endswith(h) for h in _HEAD_WORDS)
                )
                if not head_match:
                    continue
                if country and (org is None or ctx.entity(org).name != country):
                    continue
                last = max(
                    (m.begin for m in ctx.entity(person).mentions if m.end <= begin), default=-1
                )
                if last >= 0:
                    cands.append((last, person))
            if cands:
                _, person = max(cands)
                ctx.add_mention(person, begin, end, "DESCRIPTION")
