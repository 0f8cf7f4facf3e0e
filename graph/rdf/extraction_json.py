"""The extraction JSON of one article graph (the format of ``../shared/eval/README.md``).

It is read back from the store with SPARQL, so ``kg extract`` (which builds the graph in a
memory store) and ``kg export --format extraction-json`` (which reads the real store) share one
code path and cannot drift apart. Offsets are ``begin``/``end``; a fact's end *date* is
``end_date`` (``start`` is the start date, as in the eval format). Entities are those
*mentioned* in the article (the publisher, known only from metadata, is in
``article.publisher``).
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from ..model import model
from ..store.base import Store, rows

__all__ = ["extraction_json", "sparql_prefixes"]


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix the ontology declares, on one line without a line
    break, so the line numbers of an engine's error messages stay those of the user's query."""
    return "".join(f"PREFIX {p}: <{ns}> " for p, ns in sorted(model().prefixes().items()))


_ARTICLE = """
SELECT ?title ?published ?url ?publisher WHERE { GRAPH ?g {
  ?g a schema:NewsArticle .
  OPTIONAL { ?g schema:headline ?title }
  OPTIONAL { ?g schema:datePublished ?published }
  OPTIONAL { ?g schema:url ?url }
  OPTIONAL { ?g schema:publisher/skos:prefLabel ?publisher }
} }"""

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
SELECT ?f ?speaker ?via ?cue ?stance ?quote ?exact ?b ?en
       (GROUP_CONCAT(DISTINCT ?about; SEPARATOR="\\u001f") AS ?abouts)
WHERE { GRAPH ?g {
  ?f a nk:Statement ; nk:speaker/skos:prefLabel ?speaker ; nk:stance ?stance ; nk:quote ?quote ;
     nk:evidence/oa:hasSelector ?pos , ?q .
  ?pos oa:start ?b ; oa:end ?en . ?q oa:exact ?exact .
  OPTIONAL { ?f nk:via ?via } OPTIONAL { ?f nk:cue ?cue }
  OPTIONAL { ?f nk:about/skos:prefLabel ?about }
} } GROUP BY ?f ?speaker ?via ?cue ?stance ?quote ?exact ?b ?en ORDER BY ?b ?speaker"""


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
        )
        break
    entities: dict[str, dict[str, Any]] = {}
    for row in rows(store.query(pre + _ENTITIES, bind)):
        r: Any = row
        type_key = m.key(r.type)
        if type_key not in m.entity_classes:
            continue
        e = entities.setdefault(
            str(r.e), {"id": str(r.e), "label": str(r.label), "type": type_key, "aliases": []}
        )
        # the most specific class wins (GovernmentOrganization over Organization)
        if m.is_subclass(r.type, m.term(e["type"])):
            e["type"] = type_key
        if r.aliases:
            e["aliases"] = sorted(set(e["aliases"]) | set(str(r.aliases).split("\x1f")))
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
    out["statements"] = [
        {
            "id": str(r.f),
            "speaker": str(r.speaker),
            "via": _s(r.via),
            "cue": _s(r.cue),
            "stance": m.key(r.stance) or str(r.stance),
            "quote": str(r.quote),
            "about": sorted(str(r.abouts).split("\x1f")) if r.abouts else [],
            "evidence": str(r.exact),
            "begin": int(r.b),
            "end": int(r.en),
        }
        for r in rows(store.query(pre + _STATEMENTS, bind))
    ]
    return out
