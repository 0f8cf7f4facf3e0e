"""Many realistic article TEXT files for ingest benchmarks, made from the REAL sample articles.

:func:`make_articles` reads the articles of ``examples/articles`` (plus any extra paths),
runs newskg's own :class:`~graph.extract.Extractor` on each once, and learns from the
extraction which strings are *names*: the names of the people, organizations (government,
media and other), countries and places it found, the mention texts of those entities
(a person's surname, an organization's short name, a country's demonym such as
"Lithuanian"). Generic references ("the minister", "central bank", "talks"), events and
delegations are left alone (their names are rebuilt from renamed places and countries).

Article ``i`` is a copy of one template (drawn with ``random.Random(f"{seed}-{i}")``, so
the first 1,000 articles of a 10,000 corpus are the 1,000 corpus) in which every entity is
given a generated name of its type (:class:`corpus.NamePools`: Zipf-weighted pools, so
articles share people and countries as a news archive does), and every occurrence of each
old name, in the title and in the body, is replaced right-to-left (longest names first, whole
words only). A person's surname becomes the new surname, a demonym becomes one made from
the new country name. The sentences, quotes and structure stay the real ones.

Each article is written as a plain-text file in the layout of ``examples/articles`` (title,
a date line drawn from 2022-2025, the paragraphs, an ``Original url:`` footer) with its own
URL, so it is its own named graph. The set is cached under ``benchmarks/.cache/articles-N-
sSEED-HASH/`` (the hash covers the templates and the code that makes them); building
1,000 takes a few seconds.

    .venv/bin/python benchmarks/articles.py --articles 1000 [--seed 7] [--fresh] [ARTICLES...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from corpus import ARTICLES, NamePools  # noqa: E402

__all__ = ["ArticleSet", "Template", "articles_dir", "load_templates", "make_articles"]

CACHE = HERE / ".cache"
#: Bump when the generator's output changes, so cached sets are rebuilt.
ARTICLES_VERSION = 1
#: Entity types whose names are replaced.
RENAMED = (
    "Person",
    "Country",
    "Place",
    "Organization",
    "GovernmentOrganization",
    "NewsMediaOrganization",
)
#: Mention labels that are not names of the entity (references, capitals standing for a
#: country, descriptions).
_NOT_NAMES = {"DESCRIPTION", "EVENT", "EVENT_REF", "INSTITUTION", "CAPITAL_ACTOR", "DELEGATION"}
#: What the set depends on besides the articles.
_SOURCES = (
    "benchmarks/articles.py",
    "benchmarks/corpus.py",
    "graph/extract",
    "graph/read",
    "graph/data",
)


@dataclass
class Template:
    """One real article: its title, body, and the names in it with their entity."""

    source: str
    title: str
    body: str
    url: str
    #: (old form, entity index, kind): "name", "surname", "demonym" or "demonyms" (plural)
    forms: list[tuple[str, int, str]]
    types: list[str]  # entity index -> type key
    pattern: re.Pattern[str] | None

    def render(self, names: list[str]) -> tuple[str, str]:
        """(title, body) with every old form replaced by the form of ``names[entity]``."""
        if self.pattern is None:
            return self.title, self.body
        table = {old: _form(names[i], kind) for old, i, kind in self.forms}

        def swap(text: str) -> str:
            spans = list(self.pattern.finditer(text))  # type: ignore[union-attr]
            for m in reversed(spans):  # right to left: earlier offsets stay valid
                text = text[: m.start()] + table[m.group()] + text[m.end() :]
            return text

        return swap(self.title), swap(self.body)


def _demonym(country: str) -> str:
    """An adjective for a generated country name (``Kalovia`` -> ``Kalovian``)."""
    for end, repl in (("ia", "ian"), ("a", "an"), ("stan", "stani"), ("land", "lander")):
        if country.endswith(end):
            return country[: len(country) - len(end)] + repl
    return country + "ian"


def _form(name: str, kind: str) -> str:
    if kind == "surname":
        return name.split()[-1]
    if kind == "demonym":
        return _demonym(name)
    if kind == "demonyms":
        return _demonym(name) + "s"
    return name


def load_templates(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Template]:
    """Read and extract :data:`corpus.ARTICLES` and ``extra``; learn the names of each."""
    from graph.extract import Extractor
    from graph.read import iter_articles
    from graph.records import Article

    extractor = Extractor()
    out: list[Template] = []
    for article in iter_articles([ARTICLES, *map(Path, extra)]):
        if not isinstance(article, Article):
            print(f"articles: skipped {article}", file=sys.stderr)
            continue
        x = extractor.extract(article)
        entities = [e for e in x.entities if e.type in RENAMED and e.name[:1].isupper()]
        forms: dict[str, tuple[int, str]] = {}
        # exact names first: they win over another entity's alias with the same text
        for i, e in enumerate(entities):
            forms.setdefault(e.name, (i, "name"))
        for i, e in enumerate(entities):
            tokens = e.name.split()
            if e.type == "Person" and len(tokens) > 1:
                forms.setdefault(tokens[-1], (i, "surname"))
            # a country's demonyms first ("Lithuanian" may also be a REPEAT mention)
            for m in sorted(e.mentions, key=lambda m: m.label != "NORP"):
                text = m.text.strip()
                if not text[:1].isupper() or m.label in _NOT_NAMES or text in forms:
                    continue
                if e.type == "Person":
                    if text != e.name and e.name.endswith(" " + text):
                        forms[text] = (i, "surname")
                elif e.type == "Country" and m.label == "NORP":
                    plural = text.endswith("s") and not text.endswith("ss")
                    forms[text] = (i, "demonyms" if plural else "demonym")
                elif e.type != "Person":
                    forms[text] = (i, "name")
        ordered = sorted(forms, key=len, reverse=True)  # longest first: "Port of X" over "X"
        alternatives = "|".join(re.escape(f) for f in ordered)
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if ordered else None
        out.append(
            Template(
                source=article.source,
                title=article.title or "",
                body=article.text,
                url=article.url or f"https://example.org/{Path(article.source).stem}",
                forms=[(f, *forms[f]) for f in ordered],
                types=[e.type for e in entities],
                pattern=pattern,
            )
        )
    if not out:
        raise ValueError("no article to build the set from")
    return out


def _date_line(day: date) -> str:
    return f"{day:%B} {day.day:02d}, {day.year}"


def render_article(t: Template, i: int, seed: int, pools: NamePools) -> str:
    """The plain-text file of article ``i`` (made from template ``t``)."""
    rng = random.Random(f"{seed}-{i}-names")
    taken: set[str] = set()
    names = [pools.draw(rng, type_key, taken) for type_key in t.types]
    title, body = t.render(names)
    day = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    url = f"{t.url.rstrip('/')}/copy-{i:06d}"
    parts = [title, _date_line(day), *body.split("\n\n"), "Original url:", f"<{url}>"]
    return "\n" + "\n\n".join(p for p in parts if p) + "\n"


@dataclass(frozen=True)
class ArticleSet:
    """What :func:`make_articles` wrote."""

    path: Path
    articles: int
    templates: int
    seconds: float


def make_articles(
    out: str | os.PathLike[str],
    n: int,
    seed: int = 7,
    extra: Iterable[str | os.PathLike[str]] = (),
) -> ArticleSet:
    """Write ``n`` article files to the folder ``out`` (replaced; written aside, then renamed)."""
    started = time.perf_counter()
    templates = load_templates(extra)
    pools = NamePools.generate(seed)
    folder = Path(out)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for i in range(n):
            t = templates[random.Random(f"{seed}-{i}").randrange(len(templates))]
            text = render_article(t, i, seed, pools)
            name = f"{i // 1000:03d}/{i:06d}-{Path(t.source).stem}.txt"
            path = tmp / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (tmp / ".manifest.json").write_text(
            json.dumps({"articles": n, "seed": seed, "templates": len(templates)}),
            encoding="utf-8",
        )
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ArticleSet(folder, n, len(templates), time.perf_counter() - started)


def set_key(n: int, seed: int, extra: Iterable[str | os.PathLike[str]] = ()) -> str:
    """A cache key: size, seed, and a hash of the templates and of the code behind them."""
    h = hashlib.sha256(str(ARTICLES_VERSION).encode())
    for root in [ARTICLES, *map(Path, extra), *(ROOT / s for s in _SOURCES)]:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.name.encode("utf-8") + b"\x00" + f.read_bytes())
    return f"{n}-s{seed}-{h.hexdigest()[:10]}"


def articles_dir(
    n: int, seed: int = 7, extra: Iterable[str | os.PathLike[str]] = (), fresh: bool = False
) -> tuple[Path, str]:
    """The cached folder of ``n`` articles (built when missing or ``fresh``) and how."""
    extra = list(extra)
    path = CACHE / f"articles-{set_key(n, seed, extra)}"
    if (path / ".manifest.json").is_file() and not fresh:
        return path, "cached"
    s = make_articles(path, n, seed, extra)
    return path, f"built in {s.seconds:.1f} s from {s.templates} templates"


def main() -> None:
    """Command line: build (or find) a cached set, or write one to ``--out``."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000, help="how many articles")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, help="write here instead of the cache")
    ap.add_argument("--fresh", action="store_true", help="rebuild the cached set")
    ap.add_argument("extra", nargs="*", type=Path, help="more template article files or folders")
    args = ap.parse_args()
    if args.out:
        s = make_articles(args.out, args.articles, args.seed, args.extra)
        print(f"{s.path}: {s.articles:,} articles from {s.templates} templates, {s.seconds:.1f} s")
    else:
        path, how = articles_dir(args.articles, args.seed, args.extra, args.fresh)
        print(f"{path}: {args.articles:,} articles ({how})")


if __name__ == "__main__":
    main()
