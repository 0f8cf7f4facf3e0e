"""Relations between entities, from the dependency parse of each sentence.

Each rule is about the grammar of a kind of event, not about names:

* **leads / formerly_led**: "X leads/heads/chairs Y"; passive "Y was headed by X"; negated or
  past-only leadership ("X will no longer lead Y", "Y, which has been led by X in recent
  years, was last month headed by Z") gives ``formerly_led``; a replacement ("a role that will
  instead be taken by Z") gives Z ``leads`` Y;
* **sanctioned_by**: "X has been under sanctions from A, B and C" (one fact per sanctioning
  party), "X was sanctioned by A", "A sanctioned X" / "A imposed sanctions on X";
* **communicated_with**: "a call/conversation/talks between X and Y", "X held a conversation
  with Y", "X spoke/talked with Y", "X phoned Y";
* **met_with**: "X met (with) Y", "a meeting between X and Y";
* **attended / absent_from**: "X attended Y", "X took part in Y"; "X was absent from Y",
  "X skipped/missed Y", "X stayed away from Y";
* **member_of** (besides "member of" in :mod:`.roles`): "X sits/serves on Y", "X joined Y";
* **cancelled**: "X cancelled/called off/scrapped Y" (Y an event), also passive ("its
  conference has been cancelled": the owner);
* **replacement**: "X replaced Y" where either holds a post heading a body: X leads it, Y
  formerly led it.

Subjects and objects are resolved to entities (pronouns to the nearest compatible entity).
Time qualifiers come from the sentence: "since ... 2022" -> start, "last month" / "on Tuesday"
-> when, resolved against the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from ..records import Relation, Role
from .context import ArticleContext, Sentence
from .dates import resolve
from .lexicon import lexicon
from .syntax import AGENT_TYPES, resolve_np, subject_of

__all__ = ["find_relations"]

_LEAD = frozenset(["lead", "head", "chair", "helm", "run"])
_CANCEL = frozenset(["cancel", "scrap", "shelve", "scrub", "abandon"])
_ATTEND = frozenset(["attend"])
_MISS = frozenset(["skip", "miss", "boycott"])
_MEET = frozenset(["meet"])
_TALK = frozenset(["speak", "talk", "phone", "confer", "discuss"])
_COMM_NOUNS = frozenset(
    ["call", "conversation", "talk", "talks", "phone", "discussion", "exchange"]
)
_MEET_NOUNS = frozenset(["meeting", "encounter"])
_FORMER = re.compile(r"\b(in recent years|previously|formerly|until (?:recently|now)|used to)\b")
_SANCTIONERS = ("Organization", "GovernmentOrganization", "Country")


def _neg(tok: Token) -> bool:
    """Negated: "not", "no longer", "never"."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in ("never",):
            return True
        if (
            c.dep_ == "advmod"
            and c.lower_ == "longer"
            and any(g.lower_ == "no" for g in c.children)
        ):
            return True
    return False


def _objects(tok: Token) -> Iterator[Token]:
    """Direct objects and their conjuncts."""
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "attr"):
            yield c
            yield from c.conjuncts


def _pobjs(tok: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    yield p
                    yield from p.conjuncts


def _own_text(tok: Token) -> str:
    """The words of a verb's clause without its subject and relative clauses."""
    skip: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "relcl", "ccomp", "conj", "advcl"):
            skip.update(t.i for t in c.subtree)
    return " ".join(t.lower_ for t in tok.subtree if t.i not in skip)


_HYPOTHETICAL = frozenset(
    ["planned", "proposed", "possible", "potential", "future", "upcoming", "expected", "mooted"]
)


def _ent(
    ctx: ArticleContext, tok: Token | None, types: tuple[str, ...] = AGENT_TYPES
) -> str | None:
    if tok is None:
        return None
    key = resolve_np(ctx, tok)
    if key and ctx.types(key) in types:
        return key
    return None


def _event_named(ctx: ArticleContext, tok: Token | None) -> str | None:
    """An organization whose name ends in an event noun ("... Investment Forum") used as an
    event: the object of cancel or attend."""
    if tok is None:
        return None
    key = ctx.entity_of_span(tok)
    if key and ctx.types(key) != "Person":
        last = ctx.entity(key).name.split()[-1].lower()
        if last in lexicon().event_nouns:
            return key
    return None


def _last_event(ctx: ArticleContext, tok: Token) -> str | None:
    begin, _ = ctx.char_span(tok)
    best: tuple[int, str] | None = None
    for e in ctx.entities:
        if e.type != "Event":
            continue
        for m in e.mentions:
            if m.end <= begin and (best is None or m.begin > best[0]):
                best = (m.begin, e.key)
    return best[1] if best else None


def _when(ctx: ArticleContext, sent: Sentence, head: Token) -> tuple[str | None, str | None]:
    """(start, when) from the DATE entities in a verb's clause."""
    pub = ctx.article.published
    start = when = None
    clause = list(head.subtree)
    lo, hi = clause[0].i, clause[-1].i
    for ent in sent.span.ents:
        if ent.label_ != "DATE" or ent.start < lo or ent.end - 1 > hi:
            continue
        prev = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        value = resolve(ent.text, pub)
        if value is None:
            continue
        before = sent.span.text[: ent.start_char - sent.span.start_char].lower()
        if prev == "since" or (prev == "in" and re.search(r"\bsince\b", before) is not None):
            start = start or value
        else:
            when = when or value
    # a weekday qualifying an event noun ("its Tuesday meeting") dates the event
    return start, when


class _Finder:
    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.out: list[Relation] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.roles: list[Role] = []

    def add(
        self, sent: Sentence, s: str | None, p: str, o: str | None, head: Token, conf: float = 0.7
    ) -> None:
        if not s or not o or s == o:
            return
        key = (s, p, o)
        sym = (o, p, s)
        if key in self.seen or (p in ("communicated_with", "met_with") and sym in self.seen):
            return
        self.seen.add(key)
        start, when = _when(self.ctx, sent, head)
        self.out.append(
            Relation(
                self.ctx.evidence(sent),
                conf,
                start=start,
                when=when,
                subject=s,
                predicate=p,
                object=o,
            )
        )

    # ------------------------------------------------------------------ rules
    def replace(self, sent: Sentence, tok: Token) -> None:
        """ "X replaces Y (as T)": if either heads a body by their posts, X leads it and Y
        formerly led it."""
        ctx = self.ctx
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive:
            old = _ent(ctx, subject_of(tok), ("Person",))
            new = next(
                (k for k in (_ent(ctx, a, ("Person",)) for a in _pobjs(tok, ("by",))) if k), None
            )
        else:
            new = _ent(ctx, subject_of(tok), ("Person",))
            old = next((k for k in (_ent(ctx, o, ("Person",)) for o in _objects(tok)) if k), None)
        if not new or not old:
            return
        heads = lexicon().head_titles
        for r in self.roles:
            if r.person in (new, old) and r.org and r.role.lower() in heads:
                if ctx.types(r.org) in ("Country", "Place"):
                    continue
                self.add(sent, new, "leads", r.org, tok)
                self.add(sent, old, "formerly_led", r.org, tok)
                return

    def lead(self, sent: Sentence, tok: Token) -> None:
        ctx = self.ctx
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive:
            obj = _ent(ctx, subject_of(tok))
            leaders = [_ent(ctx, a) for a in _pobjs(tok, ("by",))]
        else:
            leaders = [_ent(ctx, subject_of(tok))]
            objs = [_ent(ctx, o) for o in _objects(tok)]
            obj = next((o for o in objs if o), None)
        if obj is None and tok.dep_ == "relcl":
            obj = _ent(ctx, tok.head)  # "the delegation, which has been led by X"
        if obj is None:
            return
        former = _neg(tok) or bool(_FORMER.search(_own_text(tok)))
        for leader in leaders:
            self.add(sent, leader, "formerly_led" if former else "leads", obj, tok)
        if former:
            self._replacement(sent, tok, obj)

    def _replacement(self, sent: Sentence, tok: Token, obj: str) -> None:
        """ "... a role that will instead be taken by Z" / "replaced by Z" -> Z leads obj."""
        for t in sent.span:
            if t.i <= tok.i or t.lemma_.lower() not in ("take", "replace", "assume", "succeed"):
                continue
            for a in _pobjs(t, ("by",)):
                new = _ent(self.ctx, a, ("Person",))
                if new:
                    self.add(sent, new, "leads", obj, t)

    def sanctions(self, sent: Sentence, tok: Token) -> None:
        """The noun "sanctions": "under sanctions from A, B", "imposed sanctions on X",
        "X has faced sanctions imposed by A, B"."""
        ctx = self.ctx
        parties = [_ent(ctx, p, _SANCTIONERS) for p in _pobjs(tok, ("from", "by"))]
        for acl in tok.children:  # "sanctions imposed by A, B"
            if acl.dep_ == "acl" and acl.lemma_.lower() in ("impose", "introduce", "announce"):
                parties += [_ent(ctx, p, _SANCTIONERS) for p in _pobjs(acl, ("by",))]
        if tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in ("face", "have", "remain"):
            target = _ent(
                ctx,
                subject_of(tok.head),
                ("Person", "Organization", "GovernmentOrganization", "Country"),
            )
            for party in parties:
                self.add(sent, target, "sanctioned_by", party, tok.head, 0.75)
            return
        target = None
        verb = tok.head
        if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "under":
            target = _ent(
                ctx,
                subject_of(verb.head),
                ("Person", "Organization", "GovernmentOrganization", "Country"),
            )
        elif verb.lemma_.lower() in ("impose", "slap", "announce", "introduce"):
            if not parties:
                parties = [_ent(ctx, subject_of(verb), _SANCTIONERS)]
            targets = [_ent(ctx, p) for p in _pobjs(tok, ("on", "against"))] + [
                _ent(ctx, p) for p in _pobjs(verb, ("on", "against"))
            ]
            target = next((t for t in targets if t), None)
        scope = verb.head if verb.dep_ == "prep" else verb  # "has been under sanctions ... since"
        for party in parties:
            self.add(sent, target, "sanctioned_by", party, scope, 0.75)

    def sanction_verb(self, sent: Sentence, tok: Token) -> None:
        ctx = self.ctx
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            target = _ent(ctx, subject_of(tok))
            for a in _pobjs(tok, ("by",)):
                self.add(sent, target, "sanctioned_by", _ent(ctx, a, _SANCTIONERS), tok)
        else:
            party = _ent(ctx, subject_of(tok), _SANCTIONERS)
            for o in _objects(tok):
                self.add(sent, _ent(ctx, o), "sanctioned_by", party, tok)

    def between(self, sent: Sentence, tok: Token, predicate: str) -> None:
        """ "a call between X and Y"; "X held a conversation with Y"."""
        ctx = self.ctx
        if any(c.lower_ in _HYPOTHETICAL for c in tok.children):
            return  # "planned peace talks between A and B" did not (yet) happen
        if tok.dep_ in ("dobj", "nsubjpass") and (
            tok.head.lemma_.lower() in _CANCEL or tok.head.lemma_.lower() in ("call", "postpone")
        ):
            return  # "Trump scrapped a meeting with Putin": it did not take place
        for p in _pobjs(tok, ("between",)):
            pair = [_ent(ctx, p)] + [_ent(ctx, c) for c in p.conjuncts]
            people = [x for x in pair if x]
            if len(people) >= 2:
                self.add(sent, people[0], predicate, people[1], tok)
        partners = [_ent(ctx, p) for p in _pobjs(tok, ("with",))]
        if partners:
            holder = None
            if tok.dep_ in ("dobj", "obj"):
                holder = _ent(ctx, subject_of(tok.head))
            for c in tok.children:
                if c.dep_ == "poss":
                    holder = holder or _ent(ctx, c)
            for partner in partners:
                self.add(sent, holder, predicate, partner, tok)

    def verb_with(self, sent: Sentence, tok: Token, predicate: str) -> None:
        """ "X met (with) Y", "X spoke with Y"."""
        ctx = self.ctx
        subj = _ent(ctx, subject_of(tok))
        objects = [*_pobjs(tok, ("with", "to"))]
        if tok.lemma_.lower() != "discuss":  # "discussed the summit with X": X, not the summit
            objects += list(_objects(tok))
        for o in objects:
            self.add(sent, subj, predicate, _ent(ctx, o), tok)

    def event_verb(self, sent: Sentence, tok: Token, predicate: str) -> None:
        """ "X cancelled Y" / "Y was cancelled by X" / "X attended Y" with Y an event."""
        ctx = self.ctx
        events = ("Event",)
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            subj = subject_of(tok)
            if subj is not None and subj.lower_ in ("it", "this"):
                obj = _last_event(ctx, subj)  # "It was attended by ..."
            else:
                obj = _ent(ctx, subj, events) or _event_named(ctx, subj)
            agents = [_ent(ctx, a) for a in _pobjs(tok, ("by",))]
            if not agents and subj is not None:
                # "its conference has been cancelled": the owner cancelled it
                agents = [_ent(ctx, c) for c in subj.children if c.dep_ == "poss"]
            for agent in agents:
                self.add(sent, agent, predicate, obj, tok)
            return
        agent = _ent(ctx, subject_of(tok))
        for o in [*_objects(tok), *_pobjs(tok, ("in", "at"))]:
            self.add(sent, agent, predicate, _ent(ctx, o, events) or _event_named(ctx, o), tok)

    def member_verb(self, sent: Sentence, tok: Token) -> None:
        """ "X sits/serves on Y" and "X joined Y": membership."""
        ctx = self.ctx
        member = _ent(
            ctx, subject_of(tok), ("Person", "Organization", "GovernmentOrganization", "Country")
        )
        bodies = (
            list(_pobjs(tok, ("on",)))
            if tok.lemma_.lower() in ("sit", "serve")
            else list(_objects(tok))
        )
        for b in bodies:
            self.add(
                sent,
                member,
                "member_of",
                _ent(ctx, b, ("Organization", "GovernmentOrganization")),
                tok,
            )

    def stay_away(self, sent: Sentence, tok: Token) -> None:
        """ "X stayed away from Y": absent from the event Y."""
        ctx = self.ctx
        if not any(c.lower_ == "away" for c in tok.children):
            return
        subj = _ent(
            ctx, subject_of(tok), ("Person", "Organization", "GovernmentOrganization", "Country")
        )
        for c in tok.children:
            for o in _pobjs(c, ("from",)) if c.lower_ == "away" else ():
                self.add(sent, subj, "absent_from", _ent(ctx, o, ("Event",)), tok)
        for o in _pobjs(tok, ("from",)):
            self.add(sent, subj, "absent_from", _ent(ctx, o, ("Event",)), tok)

    def absent(self, sent: Sentence, tok: Token) -> None:
        """ "X was (the only member ...) absent from Y" (the parser often calls "absent" a noun)."""
        ctx = self.ctx
        froms = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"]
        if not froms and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "from":
            froms = [tok.doc[tok.i + 1]]
        head = tok
        for _ in range(5):
            if head.pos_ in ("AUX", "VERB") or head.head is head:
                break
            head = head.head
        subj = subject_of(head) if head.pos_ in ("AUX", "VERB") else None
        agents = ("Person", "Organization", "GovernmentOrganization", "Country")
        for f in froms:
            for o in f.children:
                if o.dep_ == "pobj":
                    self.add(
                        sent, _ent(ctx, subj, agents), "absent_from", _ent(ctx, o, ("Event",)), head
                    )


def find_relations(ctx: ArticleContext, roles: list[Role] | None = None) -> list[Relation]:
    """Every relation the rules find in the article (deduplicated per article)."""
    f = _Finder(ctx)
    f.roles = roles or []
    for sent in ctx.sentences:
        for tok in sent.span:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX"):
                if lemma in _LEAD:
                    f.lead(sent, tok)
                elif lemma in _CANCEL or (
                    lemma == "call" and any(c.lower_ == "off" for c in tok.children)
                ):
                    f.event_verb(sent, tok, "cancelled")
                elif lemma in _ATTEND or (
                    lemma == "take" and any(c.lower_ == "part" for c in tok.children)
                ):
                    f.event_verb(sent, tok, "attended")
                elif lemma in _MISS:
                    f.event_verb(sent, tok, "absent_from")
                elif lemma in _MEET:
                    f.verb_with(sent, tok, "met_with")
                elif lemma in _TALK:
                    f.verb_with(sent, tok, "communicated_with")
                elif lemma == "sanction":
                    f.sanction_verb(sent, tok)
                elif lemma in ("replace", "succeed"):
                    f.replace(sent, tok)
                elif lemma in ("sit", "serve", "join"):
                    f.member_verb(sent, tok)
                elif lemma == "stay":
                    f.stay_away(sent, tok)
            elif tok.pos_ in ("NOUN", "PROPN"):
                if tok.lower_ in ("sanctions", "sanction"):
                    f.sanctions(sent, tok)
                elif tok.lower_ in _COMM_NOUNS:
                    f.between(sent, tok, "communicated_with")
                elif tok.lower_ in _MEET_NOUNS:
                    f.between(sent, tok, "met_with")
            if tok.lower_ == "absent":
                f.absent(sent, tok)
    return f.out
