"""The extraction JSON of one article graph (the format of ``../shared/eval/README.md``).

It is read back from the store with SPARQL, so ``kg extract`` (which builds the graph in a
memory store) and ``kg export --format extraction-json`` (which reads the real store) share one
code path and cannot drift apart. Offsets are ``begin``/``end``; a fact's end *date* is
``end_date`` (``start`` is the start date, as in the eval format). Entities are those
*mentioned* in the article (the publisher, known only from metadata, is in
``article.publisher``).

Each statement also carries the spans of its parts (the ``nk:SpeakerSpan``, ``nk:CueSpan`` and
``nk:ContentSpan`` of its graph): ``speaker_begin``/``speaker_end`` (the words naming the
source, also given as ``speaker_mention``), ``cue_begin``/``cue_end``, and
``quote_begin``/``quote_end`` (from the first part of the content to the end of the last;
``quote_spans`` lists the parts, which a quote interrupted by its cue has two of).

Every offset refers to one text, named by ``article.offsets``: ``"article"``, the cleaned text
the store keeps (``schema:text``), or ``"input"``, the text the reader was given, after
:func:`input_offsets`. Either way every offset pair slices that text to exactly the string
beside it (``evidence``, ``speaker_mention``).
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from ..model import model
from ..read.offsets import OffsetMap
from ..records import Article
from ..store.base import Store, rows

__all__ = ["FORMAT_TYPES", "extraction_json", "input_offsets", "sparql_prefixes"]


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix the ontology declares, on one line without a line
    break, so the line numbers of an engine's error messages stay those of the user's query."""
    return "".join(f"PREFIX {p}: <{ns}> " for p, ns in sorted(model().prefixes().items()))


_ARTICLE = """
SELECT ?title ?published ?url ?publisher ?dateline ?agency WHERE { GRAPH ?g {
  ?g a schema:NewsArticle .
  OPTIONAL { ?g schema:headline ?title }
  OPTIONAL { ?g schema:datePublished ?published }
  OPTIONAL { ?g schema:url ?url }
  OPTIONAL { ?g schema:publisher/skos:prefLabel ?publisher }
  OPTIONAL { ?g schema:locationCreated/skos:prefLabel ?dateline }
  OPTIONAL { ?g schema:sourceOrganization/skos:prefLabel ?agency }
} }"""

_BYLINES = """
SELECT ?role ?name WHERE { GRAPH ?g {
  VALUES ?role { schema:author schema:editor }
  ?g ?role ?p . ?p skos:prefLabel ?name .
} } ORDER BY ?role ?name"""

_ENTITIES = """
SELECT ?e ?label ?type (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases)
WHERE { GRAPH ?g {
  ?m a nk:Mention ; oa:hasBody ?e .
  ?e a ?type ; skos:prefLabel ?label .
  OPTIONAL { ?e skos:altLabel ?alias }
} } GROUP BY ?e ?label ?type ORDER BY ?label"""

_ROLES = """
SELECT ?person ?role ?org ?start ?end ?ended ?exact ?b ?en WHERE { GRAPH ?g {
  ?f a nk:PostHolding ; rdf:subject ?p ; rdf:object ?post ; schema:roleName ?role ;
     nk:evidence/oa:hasSelector ?pos , ?q .
  ?pos oa:start ?b ; oa:end ?en . ?q oa:exact ?exact .
  ?p skos:prefLabel ?person .
  OPTIONAL { ?post org:postIn/skos:prefLabel ?org }
  OPTIONAL { ?f schema:startDate ?start } OPTIONAL { ?f schema:endDate ?end }
  OPTIONAL { ?f nk:ended ?ended }
} } ORDER BY ?b ?person ?role"""

_RELATIONS = """
SELECT ?s ?p ?o ?start ?end ?when ?exact ?b ?en WHERE { GRAPH ?g {
  ?f a nk:Fact ; rdf:subject ?si ; rdf:predicate ?p ; rdf:object ?oi ;
     nk:evidence/oa:hasSelector ?pos , ?q .
  FILTER NOT EXISTS { ?f a nk:PostHolding }
  FILTER NOT EXISTS { ?f a nk:Statement }
  ?pos oa:start ?b ; oa:end ?en . ?q oa:exact ?exact .
  ?si skos:prefLabel ?s . ?oi skos:prefLabel ?o .
  OPTIONAL { ?f schema:startDate ?start } OPTIONAL { ?f schema:endDate ?end }
  OPTIONAL { ?f nk:when ?when }
} } ORDER BY ?b ?s ?p ?o"""

_STATEMENTS = """
SELECT ?f ?speaker ?via ?cue ?stance ?quote ?exact ?b ?en ?sb ?se ?stext ?cb ?ce
       (GROUP_CONCAT(DISTINCT ?about; SEPARATOR="\\u001f") AS ?abouts)
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?qb), ",", STR(?qe)); SEPARATOR=" ") AS ?parts)
WHERE { GRAPH ?g {
  ?f a nk:Statement ; nk:speaker/skos:prefLabel ?speaker ; nk:stance ?stance ; nk:quote ?quote ;
     nk:evidence/oa:hasSelector ?pos , ?q .
  ?pos oa:start ?b ; oa:end ?en . ?q oa:exact ?exact .
  OPTIONAL { ?f nk:via ?via } OPTIONAL { ?f nk:cue ?cue }
  OPTIONAL { ?f nk:about/skos:prefLabel ?about }
  OPTIONAL { ?f nk:speakerSpan/oa:hasSelector ?sp , ?sq .
             ?sp oa:start ?sb ; oa:end ?se . ?sq oa:exact ?stext }
  OPTIONAL { ?f nk:cueSpan/oa:hasSelector ?cp . ?cp oa:start ?cb ; oa:end ?ce }
  OPTIONAL { ?f nk:contentSpan/oa:hasSelector ?qp . ?qp oa:start ?qb ; oa:end ?qe }
} } GROUP BY ?f ?speaker ?via ?cue ?stance ?quote ?exact ?b ?en ?sb ?se ?stext ?cb ?ce
ORDER BY ?b ?speaker"""


#: The entity types the extraction format names (../shared/eval/README.md). An entity's
#: ``type`` is the most specific of these it has; ``class`` is its most specific class
#: (``PoliticalParty``, a kind of ``Organization`` the format does not name).
FORMAT_TYPES = (
    "Person", "Organization", "GovernmentOrganization", "NewsMediaOrganization",
    "Delegation", "Country", "Place", "Event",
)  # fmt: skip


def _format_type(class_key: str) -> str:
    m = model()
    if class_key in FORMAT_TYPES:
        return class_key
    ups = [m.key(c) for c in m.superclasses(class_key)]
    return next((k for k in ups if k in FORMAT_TYPES), class_key)


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


def extraction_json(store: Store, article: URIRef) -> dict[str, Any]:
    """The extraction JSON of the article whose graph is ``article``."""
    m = model()
    pre = sparql_prefixes()
    bind = {"g": article}
    out: dict[str, Any] = {"article": {"id": str(article)}}
    for row in rows(store.query(pre + _ARTICLE, bind)):
        out["article"].update(
            title=_s(row.title),
            published=_s(row.published),
            url=_s(row.url),
            publisher=_s(row.publisher),
            dateline=_s(row.dateline),
            agency=_s(row.agency),
        )
        break
    bylines: dict[str, list[str]] = {"author": [], "editor": []}
    for row in rows(store.query(pre + _BYLINES, bind)):
        bylines[m.key(row.role) or ""].append(str(row.name))
    out["article"].update(authors=bylines["author"], editors=bylines["editor"])
    entities: dict[str, dict[str, Any]] = {}
    for row in rows(store.query(pre + _ENTITIES, bind)):
        r: Any = row
        type_key = m.key(r.type)
        if type_key not in m.entity_classes:
            continue
        e = entities.setdefault(
            str(r.e), {"id": str(r.e), "label": str(r.label), "class": type_key, "aliases": []}
        )
        # the most specific class wins (GovernmentOrganization over Organization)
        if m.is_subclass(r.type, m.term(e["class"])):
            e["class"] = type_key
        if r.aliases:
            e["aliases"] = sorted(set(e["aliases"]) | set(str(r.aliases).split("\x1f")))
    for e in entities.values():
        e["type"] = _format_type(e["class"])
    out["entities"] = list(entities.values())
    out["roles"] = [
        {
            "person": str(r.person),
            "role": str(r.role),
            "org": _s(r.org),
            "start": _s(r.start),
            "end_date": _s(r.end),
            "ended": bool(r.ended.toPython()) if r.ended is not None else False,
            "evidence": str(r.exact),
            "begin": int(r.b),
            "end": int(r.en),
        }
        for r in rows(store.query(pre + _ROLES, bind))
    ]
    out["relations"] = [
        {
            "subject": str(r.s),
            "predicate": m.key(r.p) or str(r.p),
            "object": str(r.o),
            "start": _s(r.start),
            "end_date": _s(r.end),
            "when": _s(r.when),
            "evidence": str(r.exact),
            "begin": int(r.b),
            "end": int(r.en),
        }
        for r in rows(store.query(pre + _RELATIONS, bind))
    ]
    out["statements"] = [_statement(r) for r in rows(store.query(pre + _STATEMENTS, bind))]
    out["article"]["offsets"] = "article"
    return out


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def _statement(r: Any) -> dict[str, Any]:
    parts = sorted(
        (int(b), int(e)) for b, e in (p.split(",") for p in str(r.parts or "").split() if p)
    )
    return {
        "id": str(r.f),
        "speaker": str(r.speaker),
        "via": _s(r.via),
        "cue": _s(r.cue),
        "stance": model().key(r.stance) or str(r.stance),
        "quote": str(r.quote),
        "about": sorted(str(r.abouts).split("\x1f")) if r.abouts else [],
        "evidence": str(r.exact),
        "begin": int(r.b),
        "end": int(r.en),
        "speaker_mention": _s(r.stext),
        "speaker_begin": _int(r.sb),
        "speaker_end": _int(r.se),
        "cue_begin": _int(r.cb),
        "cue_end": _int(r.ce),
        "quote_begin": parts[0][0] if parts else None,
        "quote_end": parts[-1][1] if parts else None,
        "quote_spans": [list(p) for p in parts],
    }


#: The offset pairs of each part of the extraction JSON, with the text field each slices
#: (None: the pair has no text field of its own).
_SPANS: dict[str, list[tuple[str, str, str | None]]] = {
    "roles": [("begin", "end", "evidence")],
    "relations": [("begin", "end", "evidence")],
    "statements": [
        ("begin", "end", "evidence"),
        ("speaker_begin", "speaker_end", "speaker_mention"),
        ("cue_begin", "cue_end", None),
        ("quote_begin", "quote_end", None),
    ],
}


def input_offsets(doc: dict[str, Any], article: Article) -> dict[str, Any]:
    """The extraction JSON with every offset moved from the article text to the text the
    reader was given (:attr:`Article.input_text <graph.records.Article.input_text>`), and
    each text field that an offset pair slices (``evidence``, ``speaker_mention``) replaced
    by that slice of the input, so ``input[begin:end] == evidence`` holds as it does for the
    article text. ``article.offsets`` says which text the offsets refer to: ``"input"``, or
    ``"article"`` when the reader has no input text to map to (HTML) or kept it unchanged
    (then both are the same text).

    >>> from graph.records import Article
    >>> a = Article(text="Ann said so.", input_text="Ann  said so.")
    >>> d = {"article": {}, "statements": [{"begin": 4, "end": 8, "evidence": "said",
    ...      "cue_begin": 4, "cue_end": 8, "quote_spans": [[4, 12]]}]}
    >>> out = input_offsets(d, a)
    >>> out["article"]["offsets"], out["statements"][0]["begin"], out["statements"][0]["evidence"]
    ('input', 5, 'said')
    >>> out["statements"][0]["quote_spans"]
    [[5, 13]]
    """
    raw = article.input_text
    if raw is None:
        doc["article"]["offsets"] = "article"
        return doc
    omap = OffsetMap(article.text, raw)
    for part, pairs in _SPANS.items():
        for item in doc.get(part, []):
            for b_key, e_key, text_key in pairs:
                if item.get(b_key) is None or item.get(e_key) is None:
                    continue
                b, e = omap.span(item[b_key], item[e_key])
                item[b_key], item[e_key] = b, e
                if text_key is not None:
                    item[text_key] = raw[b:e]
            if "quote_spans" in item:
                item["quote_spans"] = [list(omap.span(b, e)) for b, e in item["quote_spans"]]
    doc["article"]["offsets"] = "input"
    return doc
