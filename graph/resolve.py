"""Stable IRIs for entities and articles.

Entity IRIs come from the entity's coarse type (the class's IRI segment) and its normalized
name, so the same person named in two articles is one node: ``person/sergei-lavrov``.
Normalization folds case and accents and turns everything that is not a letter or digit into
``-``; letters of any script are kept (IRIs allow them). A name with nothing left after
normalization gets a hash. A later stage (cross-article resolution) may map several names to
one key; this module only makes the key stable.

Article IRIs come from the canonical URL (scheme and host lower-cased, fragment and
``utm_*`` parameters dropped, trailing slash removed), hashed to 16 hex digits so any URL,
however hostile, gives a valid IRI; articles without a URL use their content hash.

Examples
--------
>>> slugify("Sergei Lavrov")
'sergei-lavrov'
>>> slugify("José Ramón Pérez")
'jose-ramon-perez'
>>> slugify("Сергей Лавров")
'сергей-лавров'
>>> slugify("<script>alert(1)</script> Smith")
'script-alert-1-script-smith'
>>> canonical_url("HTTPS://Example.org/a/?utm_source=x&id=3#top")
'https://example.org/a?id=3'
>>> safe_iri('https://example.org/"><script>')
'https://example.org/%22%3E%3Cscript%3E'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from rdflib import URIRef

from .model import model
from .records import Article, Extraction

__all__ = [
    "article_iri",
    "canonical_url",
    "entity_iri",
    "entity_iris",
    "is_article_scoped",
    "safe_iri",
    "slugify",
]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _fold_latin(c: str) -> str:
    """Drop the accents of a Latin letter (é -> e); other scripts keep theirs (й stays й)."""
    if "LATIN" not in unicodedata.name(c, ""):
        return c
    return "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))


@lru_cache(maxsize=8192)  # names recur across articles; bounded, so memory stays flat
def slugify(name: str, max_len: int = 80) -> str:
    """Lower-case, dash-separated form of a name: Latin accents folded, other scripts kept."""
    text = "".join(_fold_latin(c) for c in unicodedata.normalize("NFKC", name))
    text = text.replace("'", "").replace("\u2019", "")
    slug = _NON_WORD.sub("-", text.casefold()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    if not slug:
        slug = "h-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return slug


def entity_iri(type_key: str, name: str) -> URIRef:
    """The stable IRI of an entity of ontology class ``type_key`` named ``name``."""
    return model().entity_iri(type_key, slugify(name))


def entity_iris(extraction: Extraction) -> dict[str, URIRef]:
    """In-article entity key -> the IRI it is minted under: by class and name, so that a
    name is one node across articles; an entity of ``scope`` "article" (a described event)
    also by its article's key, so that it is never another article's.

    >>> from graph.records import Article, Entity, Extraction
    >>> x = Extraction(Article(text="t", source="s"), [Entity("e", "Trump rally", "Event",
    ...     scope="article"), Entity("p", "Ann Lee", "Person")])
    >>> [str(i).rsplit("/", 1)[1] for i in entity_iris(x).values()]
    ['trump-rally--c6f950d6a731', 'ann-lee']
    """
    local = str(article_iri(extraction.article)).rsplit("/", 1)[-1][:12]
    return {
        e.key: model().entity_iri(e.type, f"{slugify(e.name)}--{local}")
        if e.scope == "article"
        else entity_iri(e.type, e.name)
        for e in extraction.entities
    }


def is_article_scoped(iri: str) -> bool:
    """Whether an entity IRI was minted for one article only (:func:`entity_iris`: its slug
    holds "--", which :func:`slugify` never writes).

    >>> is_article_scoped("https://w3id.org/newskg/event/trump-rally--c6f950d6a731")
    True
    >>> is_article_scoped("https://w3id.org/newskg/event/world-cup")
    False
    """
    return "--" in str(iri).rsplit("/", 1)[-1]


def canonical_url(url: str) -> str:
    """The form of a URL used to identify an article."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")])
    path = parts.path.rstrip("/") if parts.path != "/" else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def safe_iri(url: str) -> str:
    """Percent-encode what an IRI may not contain (quotes, angle brackets, spaces, controls)."""
    import pyoxigraph as ox

    iri = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")
    try:
        ox.NamedNode(iri)
    except ValueError:  # a stray "%" or a malformed authority: encode everything reserved
        iri = quote(url.strip(), safe=":/")
    return iri


def article_iri(article: Article) -> URIRef:
    """The article's IRI, which is also the IRI of its named graph."""
    if article.url and urlsplit(article.url.strip()).scheme in ("http", "https"):
        key = "u" + hashlib.sha256(canonical_url(article.url).encode("utf-8")).hexdigest()[:16]
    else:
        key = "c" + article.content_hash[:16]
    return model().iri("NewsArticle", key)
