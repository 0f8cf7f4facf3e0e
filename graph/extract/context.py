"""The parsed article as the fact finders see it: docs with global offsets, and entity lookup.

An article is parsed in pieces (paragraphs); :class:`ArticleContext` maps every token back to
character offsets in the article text and answers "which entity is mentioned here?".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..records import Article, Entity, Evidence, Mention

__all__ = ["ArticleContext", "Sentence"]


@dataclass
class Sentence:
    """One sentence: its span in its doc and its global offsets."""

    index: int
    span: Span
    offset: int  # offset of the sentence's doc in the article text

    @property
    def begin(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char


@dataclass
class ArticleContext:
    """Docs, sentences and entity mentions of one article."""

    article: Article
    docs: list[tuple[int, Doc]]
    entities: list[Entity]
    sentences: list[Sentence] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _mentions: list[tuple[int, int, str]] = field(default_factory=list)  # begin, end, key
    _mention_begins: list[int] = field(default_factory=list)
    _doc_offset: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = 0
        for offset, doc in self.docs:
            self._doc_offset[id(doc)] = offset
            for s in doc.sents:
                self.sentences.append(Sentence(n, s, offset))
                n += 1
        self._starts = [s.begin for s in self.sentences]
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the mention index after entities changed."""
        self._mentions = sorted((m.begin, m.end, e.key) for e in self.entities for m in e.mentions)
        self._mention_begins = [m[0] for m in self._mentions]

    # ------------------------------------------------------------------ offsets
    def offset_of(self, doc: Doc) -> int:
        return self._doc_offset[id(doc)]

    def char_span(self, span: Span | Token) -> tuple[int, int]:
        """Global (begin, end) of a span or token."""
        off = self.offset_of(span.doc)
        if isinstance(span, Token):
            return off + span.idx, off + span.idx + len(span.text)
        return off + span.start_char, off + span.end_char

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.sentences[max(i, 0)]

    def evidence(self, sent: Sentence) -> Evidence:
        return Evidence.of(self.article.text, sent.begin, sent.end)

    # ------------------------------------------------------------------ entities
    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)

    def entities_in(self, begin: int, end: int) -> list[str]:
        """Keys of entities with a mention inside [begin, end), in text order, distinct."""
        i = bisect.bisect_left(self._mention_begins, begin)
        out: list[str] = []
        while i < len(self._mentions) and self._mentions[i][0] < end:
            _, e, key = self._mentions[i]
            if e <= end and key not in out:
                out.append(key)
            i += 1
        return out

    def entity_at(self, begin: int, end: int) -> str | None:
        """The entity whose mention best covers [begin, end): the longest one inside it,
        or one that contains it."""
        inside = [
            (e - b, key)
            for b, e, key in self._mentions_overlapping(begin, end)
            if b >= begin and e <= end
        ]
        if inside:
            return max(inside)[1]
        for b, e, key in self._mentions_overlapping(begin, end):
            if b <= begin and e >= end:
                return key
        return None

    def entity_of_span(self, span: Span | Token) -> str | None:
        return self.entity_at(*self.char_span(span))

    def _mentions_overlapping(self, begin: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self._mention_begins, begin - 200)
        out = []
        while i < len(self._mentions) and self._mentions[i][0] < end:
            e = self._mentions[i][1]
            if e > begin:
                out.append(self._mentions[i])
            i += 1
        return out

    def add_mention(self, key: str, begin: int, end: int, label: str) -> None:
        """Record a further mention (a resolved description or pronoun) of an entity."""
        ent = self.entity(key)
        text = self.article.text[begin:end]
        if any(m.begin == begin and m.end == end for m in ent.mentions):
            return
        ent.mentions.append(Mention(begin, end, text, label))
        ent.mentions.sort(key=lambda m: m.begin)
        if text != ent.name:
            ent.aliases.add(text)
        self.reindex()

    def types(self, key: str) -> str:
        return self.entity(key).type

    def mention_count(self, key: str) -> int:
        return len(self.entity(key).mentions)
