"""Extraction and ingest throughput against bare spaCy, measured in the same run.

Baseline: ``nlp.pipe`` of the same spaCy model (without newskg's component) over the same
paragraphs, in one process. Measured: (a) newskg extraction (parse + rules + entity
resolution), (b) full ingest (extraction + RDF graph + atomic write to an on-disk Oxigraph
store). Prints words/s and the ratio to the baseline.

Then ``kg extract`` of a folder (one process, the model loaded once, one JSON file per
article with ``-o``) against one ``kg extract FILE`` call per file of the same folder, as a
shell loop would do it: wall-clock time of each, same files, same run.

    .venv/bin/python benchmarks/bench_extract.py [--repeat N] [--folder DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(repeat: int):
    from graph.read import iter_articles
    from graph.records import Article

    arts = [a for a in iter_articles([ROOT / "examples" / "articles"]) if isinstance(a, Article)]
    out = []
    for i in range(repeat):
        for a in arts:  # distinct URLs so each is its own graph
            out.append(
                Article(text=a.text, title=a.title, url=f"{a.url}?copy={i}", source=a.source)
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--folder",
        type=Path,
        default=None,
        help="articles for the kg extract comparison (default: ../shared/eval/wikinews/input, "
        "else examples/articles)",
    )
    args = ap.parse_args()

    import spacy

    from graph.extract import Extractor, chunks
    from graph.extract.nlp import DEFAULT_MODELS
    from graph.pipeline import store_extraction
    from graph.store import open_store

    articles = corpus(args.repeat)
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor()
    bare = None
    for name in DEFAULT_MODELS:
        try:
            bare = spacy.load(name)
            break
        except OSError:
            continue
    assert bare is not None
    paragraphs = [p for a in articles for _, p in chunks(a.text)]
    # warm up both pipelines
    list(bare.pipe(paragraphs[:5]))
    extractor.extract(articles[0])

    t = time.perf_counter()
    for _ in bare.pipe(paragraphs):
        pass
    base = words / (time.perf_counter() - t)

    t = time.perf_counter()
    for a in articles:
        extractor.extract(a)
    ext = words / (time.perf_counter() - t)

    with tempfile.TemporaryDirectory() as d, open_store(str(Path(d) / "store")) as store:
        t = time.perf_counter()
        for a in articles:
            store_extraction(store, extractor.extract(a))
        ing = words / (time.perf_counter() - t)
        quads = store.quad_count()

    print(f"corpus: {len(articles)} articles, {words} words, {quads} quads stored; 1 process")
    print(f"bare spaCy nlp.pipe      {base:9.0f} words/s   1.00x")
    print(f"newskg extraction        {ext:9.0f} words/s   {ext / base:.2f}x")
    print(f"newskg ingest (to disk)  {ing:9.0f} words/s   {ing / base:.2f}x")
    folder = args.folder or ROOT.parent / "shared" / "eval" / "wikinews" / "input"
    cli_folder_vs_files(folder if folder.is_dir() else ROOT / "examples" / "articles")


def cli_folder_vs_files(folder: Path) -> None:
    """``kg extract FOLDER -o OUT`` against ``kg extract FILE > OUT/FILE.json`` per file."""
    import subprocess
    import sys

    kg = [sys.executable, "-m", "graph.cli", "extract"]
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        subprocess.run([*kg, str(folder), "-o", f"{d}/folder", "-q"], check=True,
                       capture_output=True)  # fmt: skip
        one = time.perf_counter() - t
        written = len(list(Path(d, "folder").rglob("*.json")))
        Path(d, "files").mkdir()
        t = time.perf_counter()
        for f in files:
            with open(Path(d, "files", f.stem + ".json"), "wb") as fh:
                subprocess.run([*kg, str(f)], check=True, stdout=fh)
        each = time.perf_counter() - t
    print(f"kg extract of {folder} ({len(files)} files, {written} written with -o):")
    print(f"  one call for the folder   {one:7.1f} s   1.00x")
    print(f"  one call per file         {each:7.1f} s   {each / one:.2f}x")


if __name__ == "__main__":
    main()
