"""Typed records passed between the pipeline stages.

read -> :class:`Article`; extract -> :class:`Extraction` (entities with their
:class:`Mention` spans, :class:`Role`, :class:`Relation` and :class:`Statement` facts, each with
its :class:`Evidence`); resolve gives entities stable keys; the RDF builder turns an
:class:`Extraction` into one named graph.

Offsets are Python string indices (Unicode code points) into :attr:`Article.text`, the cleaned
body that the store keeps, so ``article.text[e.begin:e.end] == e.text`` always holds.

Examples
--------
>>> a = Article(text="Peskov spoke.", title="T", source="t.txt")
>>> ev = Evidence.of(a.text, 0, 6)
>>> ev.text
'Peskov'
>>> len(a.content_hash)
64
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "Article",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Relation",
    "Role",
    "Statement",
]


@dataclass(frozen=True)
class Article:
    """One news article, as a reader returns it.

    ``text`` is the cleaned body (no title, date line, captions or footer); every offset in
    the graph refers to it. ``source`` names where it came from, for messages: a path,
    ``path:line`` for a JSON Lines record, or ``<stdin>``.

    ``input_text`` is the text the reader was given when it differs from ``text`` and offsets
    into it mean something to the user: the ``text`` field of a JSON article, the decoded
    characters of a plain-text file (newlines as ``\n``). It is None when the reader kept the
    text unchanged, and for HTML (whose input is markup). It is not stored and not part of
    the content hash; :class:`graph.read.offsets.OffsetMap` maps spans from ``text`` to it.

    ``dateline``, ``agency``, ``authors`` and ``editors`` come from wire copy's dateline and
    credit line, which the reader takes out of the body (:mod:`graph.read.wire`), and from the
    metadata of JSON and HTML articles.
    """

    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    publisher: str | None = None
    source: str = "<memory>"
    language: str | None = None
    input_text: str | None = field(default=None, repr=False, compare=False)
    dateline: str | None = None  # the place of a wire dateline ("MOSCOW (Reuters) -")
    agency: str | None = None  # the agency of the dateline
    authors: tuple[str, ...] = ()  # bylines: reporters and writers
    editors: tuple[str, ...] = ()

    @property
    def content_hash(self) -> str:
        """SHA-256 of title and text: identifies an article without a URL, and detects change."""
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\x00")
        h.update(self.text.encode("utf-8"))
        return h.hexdigest()


@dataclass(frozen=True)
class Evidence:
    """A span of the article text: begin/end offsets and the exact text they slice."""

    begin: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, begin: int, end: int) -> Evidence:
        """The span ``text[begin:end]``; the only way facts should build evidence."""
        if not 0 <= begin <= end <= len(text):
            raise ValueError(f"span {begin}:{end} is outside a text of length {len(text)}")
        return cls(begin, end, text[begin:end])


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the text."""

    begin: int
    end: int
    text: str
    label: str  # the NER label or rule that found it (PERSON, ORG, GPE, EVENT, ...)


@dataclass
class Entity:
    """An entity of one article, with all its mentions.

    ``type`` is an ontology class key (``Person``, ``Organization``, ``GovernmentOrganization``,
    ``NewsMediaOrganization``, ``Delegation``, ``Country``, ``Place``, ``Event``).
    ``key`` is the in-article identifier; the RDF builder mints the stable IRI from
    ``type`` and ``name``.
    """

    key: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None  # "m"/"f" for a person when the text says (honorifics); not stored
    #: "" for a name, which is the same entity in every article; "article" for what only its
    #: article tells apart (an event named by a description, "Tuesday's vote"; a body named
    #: by a common noun, "the central bank"), minted under the article's IRI too
    scope: str = ""

    @property
    def labels(self) -> list[str]:
        """Every surface form used for it except the name, sorted."""
        return sorted(({m.text for m in self.mentions} | self.aliases) - {self.name})


@dataclass
class Fact:
    """What all facts share: evidence, confidence and time qualifiers (ISO strings)."""

    evidence: Evidence
    confidence: float = 0.5
    start: str | None = None  # ISO date, year-month or year: when it began
    end: str | None = None  # when it ended
    when: str | None = None  # when a one-off event happened
    ended: bool = False  # "former X": ended, date unknown


@dataclass
class Role(Fact):
    """A person holds a post (``role``) in an organization or country (``org``: entity key)."""

    person: str = ""
    role: str = ""
    org: str | None = None


@dataclass
class Relation(Fact):
    """``subject`` ``predicate`` ``object``: entity keys and an ontology relation key."""

    subject: str = ""
    predicate: str = ""
    object: str = ""


@dataclass
class Statement(Fact):
    """Who said what about whom, with which stance.

    ``speaker`` is an entity key; ``via`` the relayed or anonymous source as the text
    describes it; ``stance`` one of ``assert``, ``deny``, ``speculate``; ``quote`` the words
    attributed (the quote span, or the reported clause).

    The parts of the attribution, as spans of the article text (the provenance that lets a
    reader highlight who said it, the verb, and what was said):

    * ``speaker_span``: the words that name the source where it is attributed: a name, a
      title, a pronoun ("he"), a description ("a person familiar with the matter"); for a
      relayed source, the described source, while ``speaker`` is the outlet relaying it;
    * ``cue_span``: the reporting verb or phrase ("said", "according to");
    * ``content_spans``: the attributed words, one span per part (a quote interrupted by
      "she said" has two), quotation marks excluded; ``evidence`` stays the sentence(s).
    """

    speaker: str = ""
    cue: str = ""
    stance: str = "assert"
    quote: str = ""
    via: str | None = None
    about: list[str] = field(default_factory=list)
    speaker_span: Evidence | None = None
    cue_span: Evidence | None = None
    content_spans: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    extractor: str = "newskg"
    extractor_version: str = "0"

    def entity(self, key: str) -> Entity:
        """The entity with this in-article key."""
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
