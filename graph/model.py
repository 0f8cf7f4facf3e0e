"""The ontology, read once: every IRI the code writes comes from ``ontology/newskg.ttl``.

Terms are looked up by their ``nk:key`` annotation, so the Turtle file stays the single source
of truth (as followthemoney's schema does) and Python never repeats an IRI.

Examples
--------
>>> m = model()
>>> str(m.term("headline"))
'https://schema.org/headline'
>>> m.relations["leads"].fact_class.endswith("#Leadership")
True
>>> sorted(m.stances)
['assert', 'deny', 'speculate']
>>> m.entity_iri("Person", "sergei-lavrov")
rdflib.term.URIRef('https://w3id.org/newskg/person/sergei-lavrov')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from .errors import ConfigError

__all__ = ["ONTOLOGY_DIR", "Model", "RelationTerm", "model"]

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
_ANNOT = "https://w3id.org/newskg/ontology#"  # bootstrap: the namespace of nk:key itself


@dataclass(frozen=True)
class RelationTerm:
    """A relation property: its key, IRI, the class of its fact nodes, and whether symmetric."""

    key: str
    iri: URIRef
    fact_class: URIRef
    label: str
    symmetric: bool


class Model:
    """The ontology's terms, by key. Build with :func:`model`."""

    def __init__(self, ontology: Graph) -> None:
        key = URIRef(_ANNOT + "key")
        self.graph = ontology
        self._by_key: dict[str, URIRef] = {}
        for s, k in ontology.subject_objects(key):
            if str(k) in self._by_key and self._by_key[str(k)] != s:
                raise ConfigError(f"ontology: key {k!r} is used twice")
            self._by_key[str(k)] = URIRef(str(s))
        self._key_of = {v: k for k, v in self._by_key.items()}
        onto = next(ontology.subjects(RDF.type, OWL.Ontology))
        ns = ontology.value(onto, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))
        self.namespace = Namespace(str(ns))
        self.data_namespace = str(ontology.value(onto, self.namespace.dataNamespace))
        self.version = str(ontology.value(onto, OWL.versionInfo))
        seg = self.namespace.iriSegment
        self._segment = {URIRef(str(s)): str(o) for s, o in ontology.subject_objects(seg)}
        self.relations: dict[str, RelationTerm] = {}
        for p, fc in ontology.subject_objects(self.namespace.factClass):
            rk = self._key_of[URIRef(str(p))]
            self.relations[rk] = RelationTerm(
                key=rk,
                iri=URIRef(str(p)),
                fact_class=URIRef(str(fc)),
                label=str(ontology.value(p, RDFS.label) or rk),
                symmetric=(p, RDF.type, OWL.SymmetricProperty) in ontology,
            )
        stance_cls = self.term("Stance")
        self.stances = {
            self._key_of[URIRef(str(s))]: URIRef(str(s))
            for s in ontology.subjects(RDF.type, stance_cls)
        }
        # classes an extracted entity may have, by key (those minted under a segment)
        roots = [self.term(k) for k in ("Person", "Organization", "Place", "Event")]
        self.entity_classes = {
            self._key_of[c]: c
            for c in self._segment
            if c in self._key_of and any(self.is_subclass(c, r) for r in roots)
        }

    def term(self, key: str) -> URIRef:
        """The IRI of the term with this ``nk:key``."""
        try:
            return self._by_key[key]
        except KeyError:
            raise ConfigError(f"the ontology has no term with key {key!r}") from None

    def key(self, iri: URIRef) -> str | None:
        """The key of an IRI, or None if the ontology does not list it."""
        return self._key_of.get(URIRef(iri))

    def is_subclass(self, cls: URIRef, parent: URIRef) -> bool:
        """Whether ``cls`` is ``parent`` or a (transitive) subclass of it."""
        return parent in set(self.graph.transitive_objects(cls, RDFS.subClassOf))

    def superclasses(self, class_key: str) -> list[URIRef]:
        """The class and its superclasses among the entity classes, most specific first.

        >>> [str(c).rsplit("/", 1)[-1] for c in model().superclasses("GovernmentOrganization")]
        ['GovernmentOrganization', 'Organization']
        """
        cls = self.term(class_key)
        ups = [URIRef(str(c)) for c in self.graph.transitive_objects(cls, RDFS.subClassOf)]
        keep = set(self.entity_classes.values())
        return [c for c in ups if c in keep]

    def most_specific(self, classes: list[URIRef]) -> URIRef | None:
        """The most specific of several classes of one node (it is a subclass of the others)."""
        best = None
        for c in classes:
            if best is None or self.is_subclass(c, best):
                best = c
        return best

    def iri(self, class_key: str, local: str) -> URIRef:
        """Mint an IRI for an instance of a class under its segment of the data namespace."""
        cls = self.term(class_key)
        return URIRef(f"{self.data_namespace}{self._segment[cls]}/{local}")

    def entity_iri(self, class_key: str, slug: str) -> URIRef:
        """Entity IRIs: ``<data ns><segment>/<slug>``, stable across articles."""
        return self.iri(class_key, slug)

    def label(self, iri: URIRef) -> str:
        """The ontology's rdfs:label of a term, else its key, else the IRI's local name."""
        lab = self.graph.value(iri, RDFS.label)
        if isinstance(lab, Literal):
            return str(lab)
        return self.key(iri) or str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def prefixes(self) -> dict[str, str]:
        """Prefixes for serializations and SPARQL: the ontology's, plus the data namespaces."""
        out = {p: str(ns) for p, ns in self.graph.namespaces() if p}
        for cls, seg in self._segment.items():
            if cls in self._key_of:
                out.setdefault(seg, f"{self.data_namespace}{seg}/")
        return out


@cache
def model(path: str | None = None) -> Model:
    """Load the ontology once (``ontology/newskg.ttl`` unless ``path`` is given)."""
    p = Path(path) if path else ONTOLOGY_DIR / "newskg.ttl"
    if not p.is_file():
        raise ConfigError(f"{p}: the ontology file is missing")
    g = Graph(bind_namespaces="none")
    g.parse(p, format="turtle")
    return Model(g)
