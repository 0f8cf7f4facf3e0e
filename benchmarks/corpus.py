"""Large, realistic N-Quads corpora for benchmarks, made from REAL extractions.

:func:`make_nquads` extracts a few real articles once (``examples/articles`` plus any
extra paths) with newskg's own :class:`~graph.extract.Extractor` and
:func:`~graph.rdf.build.build_graph`, then writes many *copies* of their named graphs to
one N-Quads file until ``target_quads`` is reached. Each copy:

* gets a fresh article IRI (the 16-hex key of the article is replaced everywhere, so its
  fact, mention and selector IRIs are unique too), a unique ``schema:url``, a publication
  date drawn from 2022-2025 (``schema:datePublished`` and every ``nk:asOf``) and the content
  hash of its new title and text;
* has every entity renamed consistently: a name is drawn from a pool of generated names
  for the entity's type, and the entity IRI (its slug), its ``skos:prefLabel``, the post
  IRIs built on it, and every occurrence of the old name, or of a person's surname, in the
  text literals (article text, headline, quotes, labels) change together. Text positions
  (``oa:start``/``oa:end``) are shifted to the new text and ``oa:exact`` is cut from it, so
  each copy still satisfies the provenance contract (``exact == text[start:end]``);
* draws names with Zipf-like weights from pools of a few thousand people and smaller
  pools of countries, organizations, places and events, so copies share entities: the
  union graph is connected and has hubs (a few countries and people named in hundreds of
  articles), as a real news archive has.

The file is written as a stream, one copy at a time: only the few template graphs are
held in memory. The same inputs and ``seed`` give the same file, byte for byte.

Run as a script to write a corpus::

    .venv/bin/python benchmarks/corpus.py OUT.nq --quads 100000 [--seed 7] [ARTICLES...]
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

if TYPE_CHECKING:
    from graph.records import Extraction

__all__ = [
    "ARTICLES",
    "CORPUS_VERSION",
    "Corpus",
    "NamePools",
    "corpus_key",
    "load_templates",
    "make_nquads",
]

#: The real articles the copies are made from.
ARTICLES = ROOT / "examples" / "articles"
#: Bump when the generator's output changes, so cached corpora are rebuilt.
CORPUS_VERSION = 1

XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
_STRING_TYPES = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}

# kinds of quad objects in a template, and what each carries: the serialized term
# (_CONST), an index in the template's texts (_LIT), an offset in the article text
# (_OFFSET), the span and N-Triples suffix of a quote cut from the text (_EXACT)
_CONST, _LIT, _OFFSET, _EXACT = range(4)
_Payload = str | int | tuple[int, int, str]


def _value(term: object) -> str:
    """The lexical value of an IRI, blank node or literal (``.value``)."""
    return cast(ox.NamedNode, term).value


# ------------------------------------------------------------------------- name pools
_FIRST = (  # noqa: SIM905 - a word list
    "Anna Boris Carmen Dmitri Elena Farid Greta Hiro Ines Jonas Katarina Luca Mei Nikolai "
    "Olga Pavel Quentin Rosa Stefan Tamara Umar Vera Wiktor Ximena Yusuf Zofia Adrian "
    "Beatriz Cyril Daria Emil Fatima Goran Hanna Igor Julia Kasper Lena Marek Nadia Oskar "
    "Petra Rafael Sofia Tomas Ulla Viktor Wanda Yannis Zoran Aleksandra Bruno Chiara Dario "
    "Eva Filip Hélène José Zoë Ørjan Mária Łukasz"
).split()
_SYLLABLES = (  # noqa: SIM905 - a word list
    "ka lo ve ri an to mi sar del gor vin nes tal bra zen or ul ce dra mon pel quin ros ster "
    "tav ber lin mar ko sla vi da ne ru pa sto ga li mo che fa"
).split()
_SURNAME_ENDINGS = ("ov", "ski", "son", "ez", "escu", "enko", "ić", "ides", "er", "ani", "")
_COUNTRY_ENDINGS = ("ia", "land", "stan", "ova", "ania", "ary", "ea")
_PLACE_ENDINGS = ("", "burg", "grad", "port", "ville", "haven", "ford", "a")
_TOPICS = (  # noqa: SIM905 - a word list
    "Finance Defence Energy Climate Health Justice Transport Agriculture Trade Labour "
    "Education Culture Interior Infrastructure Digital Affairs"
).split()
_GOV_BODIES = (
    "Central Bank",
    "Parliament",
    "Security Council",
    "Supreme Court",
    "Electoral Commission",
    "Audit Office",
    "Competition Authority",
)
_ORG_KINDS = (
    "Energy Forum",
    "Dockworkers' Union",
    "Shipping Group",
    "Policy Institute",
    "Steel Works",
    "Farmers' Association",
    "Investment Fund",
    "Rail Consortium",
    "Chamber of Commerce",
    "Telecom",
)
_MEDIA_KINDS = ("Times", "Herald", "Monitor", "Post", "Courier", "Gazette", "Daily")
_EVENT_KINDS = ("talks", "summit", "meeting", "session", "conference", "forum", "negotiations")

#: Pool sizes and Zipf offsets (weight of rank r is 1 / (r + offset): a small offset makes
#: the first names of the pool big hubs).
POOL_SPEC: dict[str, tuple[int, int]] = {
    "Person": (3000, 10),
    "Country": (120, 3),
    "GovernmentOrganization": (300, 5),
    "Organization": (500, 8),
    "NewsMediaOrganization": (60, 2),
    "Place": (600, 5),
    "Event": (1500, 20),
    "Delegation": (200, 10),
    "Thing": (1000, 10),
}


def _word(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(lo, hi))).capitalize()


@dataclass
class NamePools:
    """Generated names per entity type, with cumulative Zipf weights for drawing.

    Names are unique across all pools (so entity IRIs of types that share an IRI segment,
    such as organizations and government bodies, never collide).
    """

    names: dict[str, list[str]]
    cum_weights: dict[str, list[float]]

    @classmethod
    def generate(cls, seed: int) -> NamePools:
        """The pools of :data:`POOL_SPEC`, deterministic for ``seed``."""
        from graph.resolve import slugify

        rng = random.Random(f"pools-{seed}")
        used: set[str] = set()

        def fill(size: int, make: Callable[[], str]) -> list[str]:
            out: list[str] = []
            while len(out) < size:
                name = make()
                slug = slugify(name)
                if slug not in used:
                    used.add(slug)
                    out.append(name)
            return out

        countries = fill(
            POOL_SPEC["Country"][0],
            lambda: _word(rng, 1, 2) + rng.choice(_COUNTRY_ENDINGS),
        )
        places = fill(
            POOL_SPEC["Place"][0],
            lambda: _word(rng, 2, 3) + rng.choice(_PLACE_ENDINGS),
        )
        names: dict[str, list[str]] = {"Country": countries, "Place": places}

        def gov() -> str:
            if rng.random() < 0.5:
                return f"Ministry of {rng.choice(_TOPICS)} of {rng.choice(countries)}"
            return f"{rng.choice(countries)} {rng.choice(_GOV_BODIES)}"

        makers: dict[str, Callable[[], str]] = {
            "Person": lambda: f"{rng.choice(_FIRST)} {_word(rng)}{rng.choice(_SURNAME_ENDINGS)}",
            "GovernmentOrganization": gov,
            "Organization": lambda: f"{_word(rng)} {rng.choice(_ORG_KINDS)}",
            "NewsMediaOrganization": lambda: f"{rng.choice(places)} {rng.choice(_MEDIA_KINDS)}",
            "Event": lambda: f"{rng.choice(places)} {rng.choice(_EVENT_KINDS)}",
            "Delegation": lambda: (
                f"{rng.choice(countries)} delegation to the {rng.choice(places)} summit"
            ),
            "Thing": lambda: f"{_word(rng)} {_word(rng, 1, 2)}",
        }
        for type_key, make in makers.items():
            names[type_key] = fill(POOL_SPEC[type_key][0], make)
        cum: dict[str, list[float]] = {}
        for type_key, pool in names.items():
            offset = POOL_SPEC[type_key][1]
            cum[type_key] = list(itertools.accumulate(1.0 / (r + offset) for r in range(len(pool))))
        return cls(names, cum)

    def draw(self, rng: random.Random, type_key: str, taken: set[str]) -> str:
        """One name of the type's pool (``Thing`` for unknown types), not in ``taken``."""
        key = type_key if type_key in self.names else "Thing"
        pool, cum = self.names[key], self.cum_weights[key]
        for _ in range(1000):
            name = pool[bisect.bisect(cum, rng.random() * cum[-1])]
            if name not in taken:
                taken.add(name)
                return name
        raise RuntimeError(f"the {key} pool is too small for one article")


# ------------------------------------------------------------------------- templates
class _Text:
    """A text split at the old names it contains: fixed parts and name slots."""

    __slots__ = ("ends", "parts", "slots", "starts")

    def __init__(self, value: str, pattern: re.Pattern[str] | None, slot_of: dict[str, int]):
        self.parts: list[str] = []
        self.slots: list[int] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        pos = 0
        for m in pattern.finditer(value) if pattern is not None else ():
            self.parts.append(value[pos : m.start()])
            self.slots.append(slot_of[m.group()])
            self.starts.append(m.start())
            self.ends.append(m.end())
            pos = m.end()
        self.parts.append(value[pos:])

    def render(self, new: Sequence[str]) -> str:
        """The text with slot ``i`` replaced by ``new[i]``."""
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(new[slot])
            out.append(part)
        return "".join(out)

    def offset_map(self, new: Sequence[str]) -> Callable[[int], int]:
        """Old character offset -> offset in :meth:`render`'s text (inside a name: clamped)."""
        new_starts: list[int] = []
        after: list[int] = []  # total shift after match i
        delta = 0
        for slot, start, end in zip(self.slots, self.starts, self.ends, strict=True):
            new_starts.append(start + delta)
            delta += len(new[slot]) - (end - start)
            after.append(delta)
        starts, ends = self.starts, self.ends

        def move(offset: int) -> int:
            i = bisect.bisect_right(starts, offset) - 1
            if i < 0:
                return offset
            if offset < ends[i]:
                return new_starts[i] + min(offset - starts[i], len(new[self.slots[i]]))
            return offset + after[i]

        return move


@dataclass
class _Template:
    """One real article graph, compiled for fast renamed copies."""

    source: str
    key: str  # the 16-hex article key (with its "u"/"c" prefix) found in its IRIs
    graph: str  # serialized graph name
    entities: list[tuple[str, str, str]]  # (type key, name, serialized IRI)
    slots: list[tuple[int, bool]]  # slot -> (entity index, surname only)
    posts: list[tuple[str, str, int]]  # (serialized IRI, role, org entity index)
    texts: list[tuple[_Text, str]]  # variable literals: (text, N-Triples suffix)
    quads: list[tuple[str, str, int, _Payload]]  # (s, p, object kind, payload)
    body: int  # index in ``texts`` of the article text
    title: int | None  # index in ``texts`` of the headline
    published: str | None  # serialized publication date literal
    url: str | None  # serialized URL IRI
    content_hash: str | None  # serialized content hash literal
    count: int = field(default=0)


def _suffix(lit: ox.Literal) -> str:
    """What follows the quoted value of a literal in N-Triples."""
    if lit.language:
        return f"@{lit.language}"
    dt = lit.datatype.value
    return "" if dt == XSD + "string" else f"^^<{dt}>"


def _compile(source: str, x: Extraction, quads: list[ox.Quad]) -> _Template:
    """Compile one article's quads into a :class:`_Template`."""
    from graph.model import model
    from graph.rdf.build import entity_iris
    from graph.resolve import entity_iri, slugify

    m = model()
    iris = entity_iris(x)
    keys = list(iris)
    index = {k: i for i, k in enumerate(keys)}
    by_key = {e.key: e for e in x.entities}
    entities = [(by_key[k].type, by_key[k].name, f"<{iris[k]}>") for k in keys]
    art = x.article
    if art.publisher:
        pub = f"<{entity_iri('NewsMediaOrganization', art.publisher)}>"
        if pub not in {e[2] for e in entities}:
            entities.append(("NewsMediaOrganization", art.publisher, pub))

    # the strings to rename: full names, and the surnames of people
    slot_of: dict[str, int] = {}
    slots: list[tuple[int, bool]] = []
    for i, (type_key, name, _) in enumerate(entities):
        forms = [(name, False)]
        if type_key == "Person" and len(name.split()) > 1:
            forms.append((name.split()[-1], True))
        for form, surname in forms:
            if form not in slot_of:
                slot_of[form] = len(slots)
                slots.append((i, surname))
    alternatives = "|".join(re.escape(s) for s in sorted(slot_of, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if slot_of else None

    posts: list[tuple[str, str, int]] = []
    for ro in x.roles:
        if ro.org:
            org = by_key[ro.org].name
            iri = f"<{m.iri('Post', slugify(f'{ro.role} {org}'))}>"
            posts.append((iri, ro.role, index[ro.org]))

    graph = str(quads[0].graph_name)
    key = graph[1:-1].rsplit("/", 1)[-1]
    t_text, t_headline, t_date = (str(m.term(k)) for k in ("text", "headline", "date_published"))
    t_url, t_hash = str(m.term("url")), str(m.term("content_hash"))
    positions: dict[str, dict[str, int]] = {}
    for q in quads:
        if q.predicate.value in (OA + "start", OA + "end"):
            node = positions.setdefault(_value(q.subject), {})
            node[q.predicate.value[len(OA) :]] = int(_value(q.object))

    texts: list[tuple[_Text, str]] = []
    text_index: dict[str, int] = {}
    compiled: list[tuple[str, str, int, _Payload]] = []
    body = title = None
    published = url = content_hash = None
    body_value = ""
    for q in quads:
        if str(q.subject) == graph and q.predicate.value == t_text:
            body_value = _value(q.object)
    for q in sorted(quads, key=str):
        s, p, o = str(q.subject), q.predicate.value, q.object
        kind: int = _CONST
        payload: _Payload = str(o)
        if s == graph and p == t_url:
            url = str(o)
        elif s == graph and p == t_hash:
            content_hash = str(o)
        elif s == graph and p == t_date:
            published = str(o)
        if p in (OA + "start", OA + "end"):
            kind, payload = _OFFSET, int(_value(o))
        elif p == OA + "exact" and isinstance(o, ox.Literal):
            pos = positions.get(_value(q.subject).removesuffix("-quote") + "-pos", {})
            a, b = pos.get("start"), pos.get("end")
            if a is not None and b is not None and body_value[a:b] == o.value:
                kind, payload = _EXACT, (a, b, _suffix(o))
        if kind == _CONST and isinstance(o, ox.Literal) and o.datatype.value in _STRING_TYPES:
            lit = str(o)
            if lit not in text_index:
                text = _Text(o.value, pattern, slot_of)
                if text.slots or (s == graph and p in (t_text, t_headline)):
                    text_index[lit] = len(texts)
                    texts.append((text, _suffix(o)))
            if lit in text_index:
                kind, payload = _LIT, text_index[lit]
                if s == graph and p == t_text:
                    body = text_index[lit]
                elif s == graph and p == t_headline:
                    title = text_index[lit]
        compiled.append((s, f"<{p}>", kind, payload))
    if body is None:
        raise ValueError(f"{source}: the article graph has no text")
    return _Template(
        source=source,
        key=key,
        graph=graph,
        entities=entities,
        slots=slots,
        posts=posts,
        texts=texts,
        quads=compiled,
        body=body,
        title=title,
        published=published,
        url=url,
        content_hash=content_hash,
        count=len(compiled),
    )


def load_templates(extra: Iterable[str | os.PathLike[str]] = ()) -> list[_Template]:
    """Extract :data:`ARTICLES` and ``extra`` with the real extractor; compile each graph."""
    from rdflib import URIRef

    from graph.extract import Extractor
    from graph.rdf.build import build_graph
    from graph.read import iter_articles
    from graph.records import Article
    from graph.store.oxigraph import to_ox_quads

    extractor = Extractor()
    templates = []
    for article in iter_articles([ARTICLES, *map(Path, extra)]):
        if not isinstance(article, Article):
            print(f"corpus: skipped {article}", file=sys.stderr)
            continue
        x = extractor.extract(article)
        g = build_graph(x)
        quads = to_ox_quads(URIRef(g.identifier), g)
        templates.append(_compile(article.source, x, quads))
    if not templates:
        raise ValueError("no article to build a corpus from")
    return templates


# ------------------------------------------------------------------------- copies
def _literal(value: str, suffix: str) -> str:
    """A plain (``xsd:string``) or language-tagged literal in N-Triples, from its parts."""
    return str(ox.Literal(value)) + suffix


def _copy(t: _Template, n: int, seed: int, rng: random.Random, pools: NamePools) -> str:
    """The N-Quads text of copy ``n`` of template ``t``."""
    from graph.model import model
    from graph.resolve import entity_iri, slugify

    m = model()
    taken: set[str] = set()
    names = [pools.draw(rng, type_key, taken) for type_key, _, _ in t.entities]
    new = [names[i].split()[-1] if surname else names[i] for i, surname in t.slots]
    terms: dict[str, str] = {}
    for (type_key, _, old), name in zip(t.entities, names, strict=True):
        terms[old] = f"<{entity_iri(type_key, name)}>"
    for old, role, org in t.posts:
        terms[old] = f"<{m.iri('Post', slugify(f'{role} {names[org]}'))}>"
    rendered = [text.render(new) for text, _ in t.texts]
    lits = [_literal(v, suffix) for v, (_, suffix) in zip(rendered, t.texts, strict=True)]
    body = rendered[t.body]
    if t.published is not None and t.published.endswith(f"^^<{XSD}date>"):
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        terms[t.published] = f'"{day.isoformat()}"^^<{XSD}date>'
    if t.url is not None:
        base = t.url[1:-1]
        terms[t.url] = f"<{base}{'&' if '?' in base else '?'}copy={n}>"
    if t.content_hash is not None:
        h = hashlib.sha256()
        h.update((rendered[t.title] if t.title is not None else "").encode("utf-8"))
        h.update(b"\x00")
        h.update(body.encode("utf-8"))
        terms[t.content_hash] = f'"{h.hexdigest()}"'
    move = t.texts[t.body][0].offset_map(new)
    integer = f"^^<{XSD}integer>"
    g = t.graph
    get = terms.get
    lines = []
    for s, p, kind, payload in t.quads:
        if kind == _CONST:
            o = get(payload, payload)  # type: ignore[arg-type]
        elif kind == _LIT:
            o = lits[payload]  # type: ignore[index]
        elif kind == _OFFSET:
            o = f'"{move(payload)}"{integer}'  # type: ignore[arg-type]
        else:
            a, b, suffix = cast(tuple[int, int, str], payload)
            o = str(ox.Literal(body[move(a) : move(b)])) + suffix
        lines.append(f"{get(s, s)} {p} {o} {g} .\n")
    digest = hashlib.sha256(f"newskg-bench-{seed}-{n}".encode()).hexdigest()[:16]
    return "".join(lines).replace(t.key, t.key[0] + digest)


@dataclass(frozen=True)
class Corpus:
    """What :func:`make_nquads` wrote."""

    path: Path
    quads: int
    articles: int
    templates: int
    seconds: float


#: What the corpus depends on besides the articles: the generator, and the package files
#: that make the template graphs (extraction, RDF building, IRIs, ontology, lexicons).
_SOURCES: tuple[str, ...] = (
    "benchmarks/corpus.py",
    "graph/extract",
    "graph/rdf",
    "graph/resolve.py",
    "graph/model.py",
    "graph/records.py",
    "graph/data",
    "graph/ontology",
)


def corpus_key(target_quads: int, seed: int, extra: Iterable[str | os.PathLike[str]] = ()) -> str:
    """A cache key for a corpus: size, seed, and a hash of the articles and of the code and
    data that turn them into graphs (so a changed extractor gives a new corpus)."""
    h = hashlib.sha256(str(CORPUS_VERSION).encode())
    roots = [ARTICLES, *map(Path, extra), *(ROOT / s for s in _SOURCES)]
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.name.encode("utf-8") + b"\x00" + f.read_bytes())
    return f"{target_quads}-s{seed}-{h.hexdigest()[:10]}"


def make_nquads(
    path: str | os.PathLike[str],
    target_quads: int,
    seed: int = 7,
    extra: Iterable[str | os.PathLike[str]] = (),
) -> Corpus:
    """Write at least ``target_quads`` quads (whole article graphs) to the N-Quads ``path``.

    ``extra`` names more article files or folders to use as templates besides
    :data:`ARTICLES`. The file is written to a temporary name and renamed when complete.
    """
    started = time.perf_counter()
    templates = load_templates(extra)
    pools = NamePools.generate(seed)
    rng = random.Random(f"copies-{seed}")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    written = copies = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            while written < target_quads:
                t = templates[rng.randrange(len(templates))]
                f.write(_copy(t, copies, seed, rng, pools))
                written += t.count
                copies += 1
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return Corpus(out, written, copies, len(templates), time.perf_counter() - started)


def main() -> None:
    """Command line: write a corpus and say what was written."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--quads", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("articles", nargs="*", type=Path, help="more article files or folders")
    args = ap.parse_args()
    c = make_nquads(args.out, args.quads, args.seed, args.articles)
    print(
        f"{c.path}: {c.quads:,} quads, {c.articles:,} articles from {c.templates} templates, "
        f"{c.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
