"""Extraction: an :class:`~graph.records.Article` in, an :class:`~graph.records.Extraction` out.

The article body is cut into paragraphs (very long ones at whitespace, so a 2 MB line is
parsed in bounded pieces), parsed with spaCy's ``nlp.pipe``, and the spans of all pieces are
typed and clustered at the level of the whole article by :mod:`graph.extract.entities`.

Then, on the same parse: posts and roles (:mod:`.roles`), descriptions resolved to post
holders, relations (:mod:`.relations`) and attributed statements (:mod:`.statements`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language

from .. import __version__
from ..errors import InputError
from ..records import Article, Extraction, Relation
from .context import ArticleContext
from .entities import build_entities, candidates
from .lexicon import lexicon
from .nlp import load_nlp
from .relations import find_relations
from .roles import find_roles, resolve_descriptions
from .statements import find_statements

__all__ = ["EXTRACTOR_NAME", "MAX_CHARS", "Extractor", "chunks", "extract"]

EXTRACTOR_NAME = "newskg-spacy"
MAX_CHUNK = 20_000
#: Longer texts are refused: spaCy's own default limit, far above any news article; a 2 MB
#: file without sentence ends would take minutes to parse and give nothing useful.
MAX_CHARS = 1_000_000


def chunks(text: str, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """(offset, piece) for each paragraph; pieces longer than ``max_len`` split at whitespace.

    >>> list(chunks("One.\\n\\nTwo."))
    [(0, 'One.'), (6, 'Two.')]
    >>> [len(p) for _, p in chunks("a " * 30, max_len=25)]
    [23, 23, 12]
    """
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        start, piece = m.start(), m.group()
        while len(piece) > max_len:
            cut = piece.rfind(" ", 0, max_len)
            cut = cut if cut > 0 else max_len
            yield start, piece[:cut]
            while cut < len(piece) and piece[cut] == " ":
                cut += 1
            start, piece = start + cut, piece[cut:]
        if piece.strip():
            yield start, piece


class Extractor:
    """Holds the loaded pipeline; call :meth:`extract` per article or :meth:`pipe` for many."""

    def __init__(self, nlp: Language | None = None, model: str | None = None) -> None:
        self.nlp = nlp or load_nlp(model)
        self.lex = lexicon()
        self.name = EXTRACTOR_NAME
        meta = self.nlp.meta
        self.version = f"{__version__}+{meta.get('name', 'model')}-{meta.get('version', '0')}"

    def extract(self, article: Article) -> Extraction:
        """Entities, roles, relations and statements of one article."""
        if len(article.text) > MAX_CHARS:
            raise InputError(
                article.source,
                f"the text has {len(article.text):,} characters, more than the {MAX_CHARS:,} "
                "an article may have; split it into articles",
            )
        pieces = list(chunks(article.text))
        docs = []
        cands = []
        sent_base = 0
        for (offset, _), doc in zip(pieces, self.nlp.pipe(p for _, p in pieces), strict=True):
            cands.extend(candidates(doc, offset, sent_base, self.lex))
            sent_base += sum(1 for _ in doc.sents)
            docs.append((offset, doc))
        entities = build_entities(article.text, cands, self.lex)
        ctx = ArticleContext(article, docs, entities)
        roles, memberships = find_roles(ctx)
        resolve_descriptions(ctx, roles)
        relations = _dedupe([*memberships, *find_relations(ctx, roles)])
        statements = find_statements(ctx)
        return Extraction(
            article=article,
            entities=entities,
            roles=roles,
            relations=relations,
            statements=statements,
            extractor=self.name,
            extractor_version=self.version,
        )

    def pipe(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Extract many articles one after another."""
        for a in articles:
            yield self.extract(a)


def _dedupe(relations: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in relations:
        if (r.subject, r.predicate, r.object) not in seen:
            seen.add((r.subject, r.predicate, r.object))
            out.append(r)
    return out


def extract(article: Article, model: str | None = None) -> Extraction:
    """Extract one article with the default (cached) pipeline."""
    return Extractor(model=model).extract(article)
