"""Cross-article identity on a real corpus: is each person and organization one node?

PolNeAR train (840 US political news articles of 2016, ``../shared/eval/polnear``) is
converted by its ``make_inputs.py`` and ingested into a fresh on-disk store with
``kg --store DIR ingest INPUTS -q`` (2 worker processes, entities linked across articles as
it goes; a few minutes). The store is then read with SPARQL: every entity node (typed with an
entity class of the ontology in some article graph) with its class, its ``skos:prefLabel``
and ``skos:altLabel`` values (and in how many article graphs each) and the number of article
graphs with an ``nk:Mention`` of it. Three measures:

1. **Identity** against ``identity_gold.tsv`` (``id type name variants not note``). A node
   *carries* a gold entity's name when its prefLabel or one of its altLabels equals one of
   the entity's ``|``-separated variants, compared by :func:`key` (honorifics Mr., Mrs.,
   Ms., Dr., Sen., Gov. removed, periods dropped, then :func:`graph.linking.fold`: ASCII,
   lower case, other punctuation as spaces). One exception: on a person's node, an altLabel
   that is the node's own surname ("Trump" on Melania Trump's node) is that article's short
   name for her and does not count, unless it came by a link (the linker sent a bare "Trump"
   there: see :func:`label_index`; not when that article wrote it with an honorific, "Ms.
   Trump", whose gender the linker followed). The *main* node is the right-typed carrier
   with most articles whose prefLabel is one of the names (else any right-typed carrier). A
   gold entity is **exactly one node** when the main node is named so, no other node carries
   the name (a person typed as an organization, a party typed as a person, count as other
   nodes: wrong-typed) and no ``not`` partner shares it. A **wrong merge** is a ``not`` pair
   (``george-w-bush`` / ``george-hw-bush``) whose names one node carries. Each failure gets
   a *severity*, to list the worst first: for each other node, the articles in which it
   carries the name, plus for each wrong merge the smaller side (the articles of the name
   merged in).
2. **Junk rate** against ``identity_junk_labels.tsv`` (``label class verdict why``): among
   the entity nodes mentioned in at least 2 articles, a sample of :data:`SAMPLE_SIZE`, not
   stratified: the nodes whose sha256 of ``SEED + class + label`` is smallest (a bottom-k
   sample: it depends only on the set of (label, class) pairs, so a small change in extraction
   only moves a few nodes in or out of it). A node's label is its most used prefLabel. Junk
   rate = junk / labelled sampled nodes; sampled nodes without a verdict are listed so that the
   file can be completed (by a human reading the labels, and the sentences if needed).
3. **The linker's decisions** for the hard pairs: the ``nk:EntityLink`` records (from
   :func:`graph.linking.list_links`) from or to a node of a gold entity that has ``not`` pairs.

How the gold was made (PolNeAR train as ``make_inputs.py`` converts it): the store was
ingested once and its nodes listed by article count (``kg query entities`` and the same query
as :func:`load_nodes`); the candidates (every person and organization node with 10+ articles,
and the names they carry) were then counted by hand *in the texts*: the number of articles
whose text names the entity, by a pattern a reader would accept for it (``\\bKasich\\b``,
``Hillary|Mrs\\.? Clinton|Secretary Clinton``, ``Jeb`` for Jeb Bush, ``George W\\.? Bush|W\\.
Bush``, ``Republican Party|GOP|G\\.O\\.P\\.|Republicans`` for the party, ...; bare shared
surnames such as Clinton or Bush counted for no one). The 40 people and 15 organizations with
the most articles are the gold (counts in the ``note`` column: Donald Trump 597 articles down
to Newt Gingrich 14, tied with Josh Earnest; the Republican Party 407 down to Politico 60).
Rows whose note starts with ``extra:`` are not among them: the partners of the hard pairs
(Donald Trump Jr., Ivanka, Melania and Eric Trump, Chelsea Clinton, Michelle Obama, George
H.W. Bush, Ron Paul, the DNC and the RNC) and the FBI (57 articles, 16th); they are checked
and reported but not counted in the summary. Variants are the forms that must end on the
entity's node: full names, their spellings and the unambiguous short forms ("Trump",
"Obama", "Sanders", "Hillary", "the House"); a short form that names several people or
bodies in this corpus ("Clinton", "Bush", "Paul", "Bill", "Warren", "Post") is nobody's
variant. Since honorifics are removed, "Mrs. Clinton" on Bill Clinton's node is not seen as
a merge: the linker's decisions (3.) show such links. The junk labels were written by
reading the 200 sampled labels (and, where the label alone did not tell, the sentences
naming the node).

``benchmarks/results/identity.json`` holds the numbers (no timings, so that it changes only
when they do); exit code 0 always: this is a benchmark, not a test.

    .venv/bin/python benchmarks/bench_identity.py [--store DIR] [--shared DIR] [--json]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

GOLD = HERE / "identity_gold.tsv"
JUNK_LABELS = HERE / "identity_junk_labels.tsv"
RESULTS = HERE / "results" / "identity.json"
DEFAULT_SHARED = ROOT.parent / "shared"
#: Honorifics removed from the start of a name before comparing (after folding).
HONORIFICS = {"mr", "mrs", "ms", "dr", "sen", "gov"}
#: The junk sample: its size, the salt of its hash, the articles a node needs to be drawn.
SAMPLE_SIZE = 200
SEED = "newskg-identity-1"
MIN_ARTICLES = 2
#: How many failures the report lists, worst first.
WORST = 10
#: Coarse types of the ontology's entity classes (gold ``type`` column: person, organization).
COARSE = {
    "Person": "person",
    "Organization": "organization",
    "GovernmentOrganization": "organization",
    "NewsMediaOrganization": "organization",
    "PoliticalParty": "organization",
    "Delegation": "organization",
    "Country": "place",
    "Place": "place",
    "Event": "event",
}


# ------------------------------------------------------------------------------ ingesting
def _kg() -> list[str]:
    """The ``kg`` command of this interpreter's environment."""
    beside = Path(sys.executable).parent / "kg"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("kg")
    if found:
        return [found]
    return [sys.executable, "-m", "graph.cli"]


def ingest(shared: Path, store: Path, work: Path) -> float:
    """Convert PolNeAR train into ``work`` and ingest it into ``store``; the ingest's seconds."""
    make_inputs = shared / "eval" / "polnear" / "make_inputs.py"
    subprocess.run(
        [sys.executable, str(make_inputs), "train", "--out", str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    inputs = work / "train" / "inputs"
    started = time.perf_counter()
    proc = subprocess.run(
        [*_kg(), "--store", str(store), "ingest", str(inputs), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"kg ingest failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return seconds


# ------------------------------------------------------------------------------ the store
@dataclass
class Node:
    """One entity node of the store, as read by :func:`load_nodes`."""

    iri: str
    classes: list[str]  # class keys, most specific only ("GovernmentOrganization+PoliticalParty")
    articles: int = 0  # article graphs with a nk:Mention of it
    mentions: int = 0
    prefs: Counter[str] = field(default_factory=Counter)  # prefLabel -> article graphs
    alts: Counter[str] = field(default_factory=Counter)  # altLabel -> article graphs
    #: altLabel -> article graphs in which it is the name of an entity the linker sent to this
    #: node (an nk:EntityLink whose linkedFrom IRI was minted from that name)
    linked_alts: Counter[str] = field(default_factory=Counter)

    @property
    def cls(self) -> str:
        return "+".join(self.classes)

    @property
    def coarse(self) -> str:
        return "+".join(sorted({COARSE.get(c, c) for c in self.classes}))

    @property
    def label(self) -> str:
        """The most used prefLabel (ties: the smallest)."""
        if not self.prefs:
            return self.iri.rsplit("/", 1)[-1]
        return min(self.prefs, key=lambda s: (-self.prefs[s], s))

    def show(self) -> str:
        return f"{self.label!r} ({self.cls}, {self.articles} art.)"


def _prefixes() -> str:
    from graph.rdf.extraction_json import sparql_prefixes

    return sparql_prefixes()


def _most_specific(keys: Iterable[str]) -> list[str]:
    """The keys that are not a superclass of another key of the set, sorted."""
    from graph.model import model

    m = model()
    keys = set(keys)
    keep = []
    for k in keys:
        below = [o for o in keys if o != k and m.term(k) in m.superclasses(o)]
        if not below:
            keep.append(k)
    return sorted(keep)


def load_nodes(store: Any) -> dict[str, Node]:
    """Every entity node of the store with its classes, labels and article counts."""
    from graph.model import model

    m = model()
    key_of = {str(v): k for k, v in m.entity_classes.items()}
    values = " ".join(v.n3() for v in m.entity_classes.values())
    p = _prefixes()
    typed: dict[str, set[str]] = defaultdict(set)
    for e, c in store.query(
        p + f"SELECT DISTINCT ?e ?c WHERE {{ GRAPH ?g {{ ?e a ?c }} VALUES ?c {{ {values} }} }}"
    ):
        typed[str(e)].add(key_of[str(c)])
    nodes = {e: Node(e, _most_specific(cs)) for e, cs in typed.items()}
    q = p + (
        "SELECT ?e ?p ?l (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?e ?p ?l } "
        "VALUES ?p { skos:prefLabel skos:altLabel } } GROUP BY ?e ?p ?l"
    )
    for e, prop, label, n in store.query(q):
        node = nodes.get(str(e))
        if node is not None:
            target = node.prefs if str(prop).endswith("prefLabel") else node.alts
            target[str(label)] += int(n)
    # altLabels that came by a link: the IRI the article minted (linkedFrom) is its own name's
    q = p + (
        "SELECT DISTINCT ?e ?l ?from ?g WHERE { GRAPH ?g { ?e skos:altLabel ?l . "
        "?k a nk:EntityLink ; nk:linkedTo ?e ; nk:linkedFrom ?from } }"
    )
    # ... unless the article wrote it with an honorific ("Ms. Trump", an altLabel of the same
    # node in that graph): the linker then chose by the honorific's gender, and the bare
    # surname is not a claim on the other bearer's name
    hq = p + (
        "SELECT DISTINCT ?e ?l ?g WHERE { GRAPH ?g { ?e skos:altLabel ?l . "
        'FILTER(REGEX(STR(?l), "^(Mr|Mrs|Ms|Miss|Dr|Sen|Gov|Rep)\\\\.? ")) } }'
    )
    with_honorific: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e, label, g in store.query(hq):
        with_honorific[(str(e), key(str(label)))].add(str(g))
    linked: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e, label, minted, g in store.query(q):
        same = key(str(label)) == key(str(minted).rsplit("/", 1)[-1].replace("-", " "))
        if same and str(g) not in with_honorific.get((str(e), key(str(label))), ()):
            linked[(str(e), str(label))].add(str(g))
    for (e, label), graphs in linked.items():
        if e in nodes:
            nodes[e].linked_alts[label] = len(graphs)
    q = p + (
        "SELECT ?e (COUNT(DISTINCT ?g) AS ?n) (COUNT(DISTINCT ?m) AS ?k) WHERE { GRAPH ?g { "
        "?m a nk:Mention ; oa:hasBody ?e } } GROUP BY ?e"
    )
    for e, n, k in store.query(q):
        node = nodes.get(str(e))
        if node is not None:
            node.articles, node.mentions = int(n), int(k)
    return nodes


# ------------------------------------------------------------------------------ identity
def key(name: str) -> str:
    """The form names are compared in: honorifics and punctuation removed, folded.

    >>> key("Mr. Donald J. Trump"), key("G.O.P."), key("Sen. Bernie Sanders"), key("O’Malley")
    ('donald j trump', 'gop', 'bernie sanders', 'o malley')
    """
    from graph.linking import fold

    toks = fold(name.replace(".", "")).split()
    while len(toks) > 1 and toks[0] in HONORIFICS:
        toks.pop(0)
    return " ".join(toks)


@dataclass
class Gold:
    """One row of ``identity_gold.tsv``."""

    id: str
    type: str  # person | organization
    name: str
    variants: list[str]
    not_: list[str]
    note: str

    @property
    def extra(self) -> bool:
        """Not one of the 40 people and 15 organizations (a hard pair's partner)."""
        return self.note.startswith("extra:")

    @property
    def keys(self) -> set[str]:
        return {key(v) for v in [self.name, *self.variants]}


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def load_gold(path: Path = GOLD) -> list[Gold]:
    """The gold entities; ``not`` names must be ids of the file."""
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            variants, not_ = _split(r["variants"]), _split(r["not"])
            out.append(Gold(r["id"], r["type"], r["name"], variants, not_, r.get("note") or ""))
    ids = {g.id for g in out}
    for g in out:
        for other in g.not_:
            if other not in ids:
                raise ValueError(f"{path.name}: {g.id}: 'not' names unknown id {other!r}")
    return out


def own_surname(node: Node, alt: str) -> bool:
    """Whether ``alt`` is the last words of one of a person node's own prefLabels ("Trump" on
    Melania Trump's node, "Wasserman Schultz" on Debbie Wasserman Schultz's)."""
    if "Person" not in node.classes:
        return False
    toks = key(alt).split()
    for pref in node.prefs:
        own = key(pref).split()
        if 0 < len(toks) < len(own) and own[-len(toks) :] == toks:
            return True
    return False


def label_index(nodes: dict[str, Node]) -> dict[str, dict[str, Counter[str]]]:
    """key -> node IRI -> {"pref: label" or "alt: label": article graphs}.

    A person's altLabel that is its own surname (:func:`own_surname`) is the article's short
    name for that person ("Trump" in an article about Melania Trump), not a claim on another
    gold entity's name, and is left out, except in the articles where that name is the one of
    an entity the linker sent to this node ("Trump" of an article that never names Melania
    Trump, linked to her by surname): there it counts (as "linked alt").
    """
    idx: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for n in nodes.values():
        for label, count in n.prefs.items():
            idx[key(label)][n.iri][f"pref: {label}"] += count
        for label, count in n.alts.items():
            if not own_surname(n, label):
                idx[key(label)][n.iri][f"alt: {label}"] += count
            elif n.linked_alts[label]:
                idx[key(label)][n.iri][f"linked alt: {label}"] += n.linked_alts[label]
    return idx


def carriers(g: Gold, idx: dict[str, dict[str, Counter[str]]]) -> dict[str, Counter[str]]:
    """The nodes carrying one of ``g``'s names, with the labels that matched."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for k in g.keys:
        for iri, labels in idx.get(k, {}).items():
            out[iri].update(labels)
    return out


def _carried_articles(node: Node, labels: Counter[str]) -> int:
    """In how many articles a node carries some names (the largest label count: a label's
    count is its article graphs, and labels of one article overlap), at most its articles."""
    return min(max(labels.values(), default=0), max(node.articles, 1))


def assess(gold: list[Gold], nodes: dict[str, Node]) -> list[dict[str, Any]]:
    """Per gold entity: the nodes carrying its name, the main one, wrong merges, severity.

    The main node is the right-typed node with most articles among those whose prefLabel is
    one of the names, else among all right-typed carriers. ``exactly_one``: the main node is
    the only carrier, its prefLabel is one of the names, and no ``not`` partner shares it.
    """
    idx = label_index(nodes)
    carried = {g.id: carriers(g, idx) for g in gold}
    results = []
    for g in gold:
        found = carried[g.id]
        right = [i for i in found if nodes[i].coarse == g.type]
        named = [i for i in right if any(key(p) in g.keys for p in nodes[i].prefs)]
        main = max(named or right, key=lambda i: (nodes[i].articles, i), default=None)
        node_rows = []
        for iri in sorted(found, key=lambda i: (-nodes[i].articles, i)):
            n = nodes[iri]
            node_rows.append(
                {
                    "iri": iri,
                    "label": n.label,
                    "class": n.cls,
                    "articles": n.articles,
                    "main": iri == main,
                    "wrong_type": n.coarse != g.type,
                    "matched": dict(sorted(found[iri].items())),
                }
            )
        merges = []
        for other in g.not_:
            for iri in sorted(set(found) & set(carried[other])):
                mine = _carried_articles(nodes[iri], found[iri])
                theirs = _carried_articles(nodes[iri], carried[other][iri])
                merges.append(
                    {
                        "with": other,
                        "node": nodes[iri].label,
                        "iri": iri,
                        "articles": min(mine, theirs),  # the smaller side: what was merged in
                    }
                )
        # severity: the articles whose mention of the entity ended on another node, plus
        # the articles merged in by (or out to) a partner
        severity = sum(_carried_articles(nodes[i], found[i]) for i in found if i != main)
        severity += sum(m["articles"] for m in merges)
        results.append(
            {
                "id": g.id,
                "type": g.type,
                "name": g.name,
                "extra": g.extra,
                "nodes": node_rows,
                "node_count": len(found),
                "main_exists": bool(named),
                "exactly_one": bool(named) and len(found) == 1 and not merges,
                "wrong_merges": merges,
                "severity": severity,
            }
        )
    return results


def wrong_merge_pairs(results: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Each wrong merge once: (id, id, node label), the ids sorted."""
    pairs = set()
    for r in results:
        for m in r["wrong_merges"]:
            a, b = sorted((r["id"], m["with"]))
            pairs.add((a, b, m["node"]))
    return sorted(pairs)


# ------------------------------------------------------------------------------ junk
def _sample_hash(label: str, cls: str) -> str:
    return hashlib.sha256(f"{SEED}\x1f{cls}\x1f{label}".encode()).hexdigest()


def junk_sample(nodes: dict[str, Node], size: int = SAMPLE_SIZE) -> list[Node]:
    """The bottom-``size`` nodes (by :func:`_sample_hash`) of those in >= 2 articles."""
    pool = [n for n in nodes.values() if n.articles >= MIN_ARTICLES]
    pool.sort(key=lambda n: (_sample_hash(n.label, n.cls), n.iri))
    return pool[:size]


def load_junk_labels(path: Path = JUNK_LABELS) -> dict[tuple[str, str], tuple[str, str]]:
    """(label, class) -> (verdict, why); verdict is ``ok`` or ``junk``."""
    if not path.is_file():
        return {}
    out = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            verdict = r["verdict"].strip()
            if verdict not in ("ok", "junk"):
                raise ValueError(f"{path.name}: {r['label']!r}: verdict must be ok or junk")
            out[(r["label"], r["class"])] = (verdict, r.get("why") or "")
    return out


def junk_report(nodes: dict[str, Node]) -> dict[str, Any]:
    """The sample, its verdicts and the junk rate among the labelled nodes."""
    labels = load_junk_labels()
    sample = junk_sample(nodes)
    pool = sum(1 for n in nodes.values() if n.articles >= MIN_ARTICLES)
    junk, ok, missing = [], 0, []
    for n in sample:
        verdict = labels.get((n.label, n.cls))
        if verdict is None:
            missing.append(n)
        elif verdict[0] == "junk":
            junk.append((n, verdict[1]))
        else:
            ok += 1
    labelled = ok + len(junk)
    return {
        "pool": pool,
        "sampled": len(sample),
        "labelled": labelled,
        "junk": len(junk),
        "junk_rate": round(len(junk) / labelled, 3) if labelled else None,
        "junk_nodes": junk,
        "unlabelled": missing,
    }


# ------------------------------------------------------------------------------ links
def hard_pair_links(
    store: Any, gold: list[Gold], results: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The links from or to a node of a gold entity with ``not`` pairs, one row per
    (from, to, rule): the rule is the reason up to its first ";" (the rest names the shared
    context, which differs article by article), with the confidences seen, the number of
    articles that made the link and the first reason in full."""
    from graph.linking import list_links

    with_pairs = {g.id for g in gold if g.not_}
    watched: dict[str, set[str]] = defaultdict(set)
    for r in results:
        if r["id"] in with_pairs:
            for n in r["nodes"]:
                watched[n["iri"]].add(r["id"])
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for link in list_links(store):
        if link["from"] not in watched and link["to"] not in watched:
            continue
        rule = link["reason"].split(";", 1)[0]
        row = rows.setdefault(
            (link["from"], link["to"], rule),
            {
                "from": link["from"],
                "to": link["to"],
                "rule": rule,
                "reason": link["reason"],
                "confidences": set(),
                "articles": 0,
                "gold": sorted(watched.get(link["from"], set()) | watched.get(link["to"], set())),
            },
        )
        row["confidences"].add(link["confidence"])
        row["articles"] += 1
    for row in rows.values():
        row["confidences"] = sorted(row["confidences"])
    return sorted(rows.values(), key=lambda r: (r["gold"], -r["articles"], r["from"], r["to"]))


# ------------------------------------------------------------------------------ report
def summary(results: list[dict[str, Any]], junk: dict[str, Any]) -> dict[str, Any]:
    """The numbers written to ``identity.json``."""
    counted = [r for r in results if not r["extra"]]
    people = [r for r in counted if r["type"] == "person"]
    orgs = [r for r in counted if r["type"] == "organization"]
    pairs = wrong_merge_pairs(results)
    return {
        "corpus": "PolNeAR train (840 articles)",
        "people": len(people),
        "people_one_node": sum(r["exactly_one"] for r in people),
        "organizations": len(orgs),
        "organizations_one_node": sum(r["exactly_one"] for r in orgs),
        "main_node_missing": sorted(r["id"] for r in counted if not r["main_exists"]),
        "wrong_merges": len(pairs),
        "wrong_merge_pairs": [f"{a} / {b} on {label!r}" for a, b, label in pairs],
        "extra_one_node": sum(r["exactly_one"] for r in results if r["extra"]),
        "extra": sum(r["extra"] for r in results),
        "junk": {k: junk[k] for k in ("pool", "sampled", "labelled", "junk", "junk_rate")}
        | {"unlabelled": len(junk["unlabelled"]), "sample": "bottom-k sha256, not stratified"},
        "worst": [
            f"{r['id']} ({r['severity']})"
            for r in sorted(results, key=lambda r: (-r["severity"], r["id"]))[:WORST]
            if r["severity"]
        ],
        "entities": {
            r["id"]: {
                "nodes": r["node_count"],
                "exactly_one": r["exactly_one"],
                "severity": r["severity"],
                "wrong_merges": sorted({m["with"] for m in r["wrong_merges"]}),
            }
            for r in results
        },
    }


def _short(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/newskg/")


def print_report(
    results: list[dict[str, Any]],
    junk: dict[str, Any],
    links: list[dict[str, Any]],
    numbers: dict[str, Any],
    nodes: dict[str, Node],
) -> None:
    """The readable report: every gold entity, the worst failures, junk, the links."""
    print(
        f"{len(nodes)} entity nodes; {junk['pool']} of them mentioned in >= {MIN_ARTICLES} articles"
    )
    print("\nIdentity (nodes carrying the name; * main node, ! wrong coarse type)")
    for r in results:
        count = r["node_count"]
        status = "one node" if r["exactly_one"] else f"{count} node{'s' if count != 1 else ''}"
        if not r["main_exists"]:
            status += ", no node named so"
        extra = " [extra]" if r["extra"] else ""
        print(f"  {r['id']:28s} {r['type'][:3]} {status}{extra}")
        for n in r["nodes"][:8] if not r["exactly_one"] else []:
            mark = "*" if n["main"] else ("!" if n["wrong_type"] else " ")
            matched = ", ".join(list(n["matched"])[:3])
            print(f"      {mark} {n['label']!r} ({n['class']}, {n['articles']} art.) via {matched}")
        if len(r["nodes"]) > 8 and not r["exactly_one"]:
            print(f"        ... and {len(r['nodes']) - 8} more")
        for m in r["wrong_merges"]:
            print(f"      MERGED with {m['with']} on {m['node']!r} ({m['articles']} article(s))")
    worst = sorted(
        (r for r in results if not r["exactly_one"] or r["wrong_merges"]),
        key=lambda r: (-r["severity"], r["id"]),
    )[:WORST]
    print(
        f"\nThe {len(worst)} worst failures (severity: articles on other nodes + articles of "
        "a partner's name on its nodes)"
    )
    for r in worst:
        labels = "; ".join(f"{n['label']} ({n['class']}, {n['articles']})" for n in r["nodes"][:6])
        merged = ", ".join(sorted({m["with"] for m in r["wrong_merges"]}))
        print(
            f"  {r['severity']:5d} {r['id']}: {labels}"
            + (f"; merged with {merged}" if merged else "")
        )
    print(
        f"\nJunk: {junk['junk']} junk of {junk['labelled']} labelled sampled nodes "
        f"(rate {junk['junk_rate']}); sample of {junk['sampled']} of {junk['pool']} "
        "nodes in >= 2 articles, bottom-k by sha256, not stratified"
    )
    for n, why in junk["junk_nodes"]:
        print(f"    junk {n.show()}: {why}")
    if junk["unlabelled"]:
        print(
            f"  {len(junk['unlabelled'])} sampled node(s) have no verdict in "
            f"{JUNK_LABELS.name} yet (label<TAB>class<TAB>verdict<TAB>why):"
        )
        for n in junk["unlabelled"]:
            print(f"    {n.label}\t{n.cls}\t?\t({n.articles} articles, {_short(n.iri)})")
    print(
        f"\nThe linker's decisions on the nodes of gold entities with 'not' pairs: {len(links)} "
        "(from -> to: rule; confidence; articles; the first reason in full)"
    )
    for link in links:
        conf = "/".join(link["confidences"])
        reason = link["reason"] if len(link["reason"]) <= 150 else link["reason"][:147] + "..."
        print(
            f"  [{', '.join(link['gold'])}] {_short(link['from'])} -> {_short(link['to'])}: "
            f"{link['rule']}; confidence {conf}; {link['articles']} art."
        )
        if reason != link["rule"]:
            print(f"      {reason}")
    print(
        f"\n{numbers['people_one_node']} of {numbers['people']} people and "
        f"{numbers['organizations_one_node']} of {numbers['organizations']} organizations are "
        f"exactly one node; {numbers['wrong_merges']} wrong merges"
    )
    print(f"junk rate {numbers['junk']['junk_rate']} ({junk['junk']}/{junk['labelled']})")


def measure(store_dir: Path) -> tuple[dict[str, Any], Any]:
    """Read the store and compute everything; (numbers, the parts the report prints)."""
    from graph.store import open_store

    gold = load_gold()
    store = open_store(str(store_dir), read_only=True)
    try:
        nodes = load_nodes(store)
        results = assess(gold, nodes)
        junk = junk_report(nodes)
        links = hard_pair_links(store, gold, results)
    finally:
        store.close()
    return summary(results, junk), (results, junk, links, nodes)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", type=Path, help="an already-ingested store (skips the ingest)")
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("NEWSKG_SHARED", DEFAULT_SHARED))
    )
    ap.add_argument("--json", action="store_true", help="print the JSON instead of the report")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    args = ap.parse_args()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-identity-") as tmp:
            store_dir = args.store
            if store_dir is None:
                if not (args.shared / "eval" / "polnear" / "make_inputs.py").is_file():
                    print(f"{args.shared}/eval/polnear is missing (--shared DIR)", file=sys.stderr)
                    return
                store_dir = Path(tmp) / "store"
                seconds = ingest(args.shared, store_dir, Path(tmp) / "polnear")
                if not args.json:
                    print(f"ingested PolNeAR train in {seconds:.0f} s ({os.cpu_count()} cores)")
            numbers, (results, junk, links, nodes) = measure(store_dir)
    except Exception as exc:  # a benchmark reports, it does not fail
        print(f"bench_identity: {type(exc).__name__}: {exc}", file=sys.stderr)
        return
    if args.json:
        print(json.dumps(numbers, indent=1, sort_keys=True))
    else:
        print_report(results, junk, links, numbers, nodes)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(numbers, indent=1, sort_keys=True) + "\n", "utf-8")
        if not args.json:
            print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
