"""Small helpers over spaCy's dependency parse, and in-article reference resolution.

* :func:`subject_of` finds a verb's subject, climbing coordinated and control verbs
  ("The Kremlin has had to dismiss" -> Kremlin);
* :func:`resolve_np` turns a noun phrase into an entity key: an entity mention at its head,
  else a pronoun resolved to the nearest compatible entity before it, else a definite
  description of a body ("the newspaper", "the ministry") resolved to the last such body;
* :func:`is_source_phrase` tells a described or anonymous source ("a person familiar with the
  matter", "unidentified sources") from a named speaker.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .context import ArticleContext
from .lexicon import lexicon

__all__ = [
    "AGENT_TYPES",
    "ORG_TYPES",
    "PERSON_PRONOUNS",
    "is_source_phrase",
    "noun_phrase",
    "resolve_definite",
    "resolve_np",
    "resolve_pronoun",
    "subject_of",
]

_PARTITIVES = frozenset(["one", "some", "several", "both", "many", "each", "either", "neither"])
PERSON_PRONOUNS = frozenset(["he", "him", "his", "she", "her", "hers"])
_FEMININE = frozenset(["she", "her", "hers"])
THING_PRONOUNS = frozenset(["it", "its", "they", "them", "their"])
_SUBJ = ("nsubj", "nsubjpass", "csubj")
#: Entity types that can act as a body (hold a post, speak, sanction): organizations, countries.
ORG_TYPES = (
    "Organization", "GovernmentOrganization", "NewsMediaOrganization", "PoliticalParty",
    "Country",
)  # fmt: skip
#: Entity types that can act at all: people, bodies, countries and delegations.
AGENT_TYPES = ("Person", *ORG_TYPES, "Delegation")


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, looking through conj, xcomp and auxiliary chains."""
    seen = 0
    tok: Token | None = verb
    while tok is not None and seen < 6:
        for child in tok.children:
            if child.dep_ in _SUBJ:
                if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return tok.head  # "X, who chairs ...": the noun the clause describes
                return child
        if tok.dep_ in ("conj", "xcomp", "aux", "auxpass", "acomp") and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head is not tok:
            tok = tok.head  # "..., saying that": the subject of the main verb
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head is not tok:
            tok = tok.head.head  # "responded by saying that": the subject of "responded"
        else:
            return None
        seen += 1
    return None


def noun_phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok``, without trailing relative clauses and appositives."""
    doc = tok.doc
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "appos", "punct", "acl", "cc", "conj"):
            break
        right = child.right_edge.i
    return doc[tok.left_edge.i : right + 1]


def is_source_phrase(tok: Token) -> bool:
    """Whether a noun phrase headed by ``tok`` describes an unnamed source."""
    lex = lexicon()
    if tok.lower_ in lex.source_nouns or tok.lemma_.lower() in lex.source_nouns:
        return True
    # "one of the people", "two of the officials"
    if tok.lower_ in _PARTITIVES or tok.like_num:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return any(is_source_phrase(o) for o in prep.children if o.dep_ == "pobj")
    return False


def resolve_pronoun(
    ctx: ArticleContext,
    tok: Token,
    exclude: set[str] | None = None,
    skip: list[tuple[int, int]] | None = None,
) -> str | None:
    """The nearest entity before a pronoun that can be its antecedent; ``exclude`` names
    entities that cannot be, ``skip`` spans whose mentions do not count (quotations: in
    '"... Minister Benko ...," he said', "he" is not Benko)."""
    low = tok.lower_
    gender = None
    if low in PERSON_PRONOUNS:
        wanted: tuple[str, ...] = ("Person",)
        gender = "f" if low in _FEMININE else "m"
    elif low in THING_PRONOUNS:
        wanted = ORG_TYPES
    else:
        return None
    begin, _ = ctx.char_span(tok)
    best: tuple[int, str] | None = None
    for e in ctx.entities:
        if e.type not in wanted or (exclude and e.key in exclude):
            continue
        if gender and e.gender and e.gender != gender:
            continue  # "she" is not a person the text calls "Mr"
        for m in e.mentions:
            if m.end <= begin and (best is None or m.begin > best[0]):
                if skip and any(b <= m.begin and m.end <= e_ for b, e_ in skip):
                    continue
                best = (m.begin, e.key)
    return best[1] if best else None


def resolve_definite(ctx: ArticleContext, tok: Token) -> str | None:
    """ "the newspaper", "the ministry", "the bank": the last body named before that the noun
    describes (an outlet for a media noun, else one whose name contains the noun)."""
    if tok.pos_ != "NOUN" or not any(c.lower_ == "the" for c in tok.children):
        return None
    if any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
        return None  # "the Russian delegation", "the bank's board": not a bare description
    lex = lexicon()
    noun = tok.lower_
    media = noun in lex.media_nouns
    begin, _ = ctx.char_span(tok)
    best: tuple[int, str] | None = None
    for e in ctx.entities:
        if e.type not in ORG_TYPES[:-1] and e.type != "Delegation":
            continue
        fits = (e.type == "NewsMediaOrganization") if media else noun in e.name.lower().split()
        if not fits:
            continue
        for m in e.mentions:
            if m.end <= begin and (best is None or m.begin > best[0]):
                best = (m.begin, e.key)
    return best[1] if best else None


def resolve_np(ctx: ArticleContext, tok: Token) -> str | None:
    """The entity a noun phrase headed by ``tok`` refers to, if any.

    In order: a pronoun's antecedent; a mention covering the head word; a name in apposition
    ("the newspaper Baltic Ledger"); a definite description ("the ministry"); a mention inside
    the phrase when its head is a name; for an appositive, what it stands beside. A modifier
    inside the phrase ("the Latvian newspaper") is not what the phrase refers to.
    """
    if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
        return resolve_pronoun(ctx, tok)
    key = ctx.entity_of_span(tok)
    if key:
        return key
    for c in tok.children:
        if c.dep_ == "appos":
            key = ctx.entity_of_span(c) or ctx.entity_at(*ctx.char_span(noun_phrase(c)))
            if key:
                return key
    for c in tok.children:  # "the Kommersant business daily": a name compounded with the noun
        if c.dep_ == "compound" and c.pos_ == "PROPN":
            key = ctx.entity_of_span(c)
            if key and ctx.types(key) != "Person":
                return key
    key = resolve_definite(ctx, tok)
    if key:
        return key
    if is_source_phrase(tok):
        return None
    if tok.pos_ == "PROPN":
        key = ctx.entity_at(*ctx.char_span(noun_phrase(tok)))
        if key:
            return key
    if tok.dep_ == "appos" and tok.head is not tok:
        return resolve_np(ctx, tok.head)  # "X, a former minister who ...": X
    return None
