"""Extraction quality on real articles the rules were not written for (``make quality``).

Every set is extracted as ``kg extract DIR -o OUT`` does it (:func:`graph.pipeline.extract_files`,
one process, the model loaded once) and scored by the scorers that ship with the sets, run as
their READMEs say (standard-library scripts in ``../shared/eval``, never copied here):

* **seed**: the sample article (``corpus/seed/``) against ``eval/seed/``: the article the rules
  started from, tuned to; not a measure of what to expect on unseen news;
* **team**: the project's own five articles (``tests/fixtures/eval``), written independently of
  the rules but by the same team;
* every folder ``eval/NAME/`` with ``input/`` and ``gold/`` (today **wikinews**: 15 real
  Wikinews articles with full gold), scored with ``score.py --pairs``;
* **polnear-dev**: the 84 articles of PolNeAR's dev split (US political news of 2016, every
  attribution annotated as source, cue and content spans), converted by its
  ``make_inputs.py`` and scored with ``score_attr.py``: content, cue and source F1 on all
  attributions and on the speech-only subset. ``--train`` scores the 840 train articles too
  (to study errors; report dev).

score.py's micro average gives precision, recall and F1 per part; its org, stance and about
figures are per article, so the set's figure here is their mean weighted by the article's
matched roles or statements (exact for stance, whose denominator is the matches; close for
org and about, whose denominators are the matched items that have an org or an about).

The numbers go to ``benchmarks/results/quality.json``, and the change against the committed
file (``git show HEAD:benchmarks/results/quality.json``) is printed beside each one, so every
commit that moves a number says so. ``tests/test_quality.py`` holds them as floors: a set that
drops more than :data:`TOLERANCE` below the committed numbers fails ``make test``.

    .venv/bin/python benchmarks/bench_quality.py [--shared DIR] [--train] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

RESULTS = HERE / "results" / "quality.json"
RESULTS_IN_GIT = "benchmarks/results/quality.json"
DEFAULT_SHARED = ROOT.parent / "shared"
TEAM = ROOT / "tests" / "fixtures" / "eval"
#: How far below the committed numbers a set may fall before tests/test_quality.py fails.
TOLERANCE = 0.02

#: The figures held as floors, per kind of set: (part, metric) of score.py, and
#: subset/metric of score_attr.py.
GOLD_METRICS = [
    ("entities", "f1"),
    ("roles", "f1"),
    ("roles", "org_accuracy"),
    ("relations", "f1"),
    ("relations", "untyped_f1"),
    ("statements", "f1"),
    ("statements", "stance_accuracy"),
    ("statements", "about_recall"),
]
SPAN_METRICS = [
    f"{metric}/{subset}" for subset in ("all", "speech") for metric in ("content", "cue", "source")
]


# ------------------------------------------------------------------------------ the sets
def gold_sets(shared: Path) -> list[tuple[str, Path, Path]]:
    """(name, inputs, gold) of every set scored with score.py: seed, team, eval/*/input+gold."""
    out = []
    seed_gold = shared / "eval" / "seed"
    if seed_gold.is_dir():
        out.append(("seed", shared / "corpus" / "seed", seed_gold))
    if (TEAM / "gold").is_dir():
        out.append(("team", TEAM / "articles", TEAM / "gold"))
    for d in sorted((shared / "eval").iterdir()):
        if (d / "input").is_dir() and (d / "gold").is_dir():
            out.append((d.name, d / "input", d / "gold"))
    return out


def _run(*args: str | Path) -> str:
    proc = subprocess.run(
        [sys.executable, *map(str, args)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{proc.stderr[-2000:]}")
    return proc.stdout


def _extract(extractor: Any, inputs: Path, out: Path) -> dict[str, Any]:
    from graph.pipeline import extract_files

    report = extract_files([str(inputs)], out, extractor)
    if report.failed:
        raise RuntimeError(f"{inputs}: {len(report.failed)} article(s) failed: {report.failed[0]}")
    return {
        "articles": len(report.written),
        "words": report.words,
        "seconds": round(report.extract_seconds, 2),
        "words_per_s": round(report.words / report.extract_seconds) if report.words else 0,
    }


def _weighted(per_file: dict[str, Any], part: str, key: str) -> float | None:
    num = den = 0.0
    for r in per_file.values():
        v, n = r[part].get(key), r[part]["matched_gold"]
        if v is not None and n:
            num += v * n
            den += n
    return round(num / den, 3) if den else None


def score_gold_set(extractor: Any, shared: Path, inputs: Path, gold: Path) -> dict[str, Any]:
    """Extract ``inputs`` and score the files against ``gold`` with score.py --pairs."""
    with tempfile.TemporaryDirectory() as tmp:
        stats = _extract(extractor, inputs, Path(tmp))
        result = json.loads(_run(shared / "eval" / "score.py", "--pairs", gold, tmp, "--json"))
    micro, per_file = result["micro"], result["per_file"]
    parts: dict[str, Any] = {}
    for part, v in micro.items():
        parts[part] = {k: v[k] for k in ("precision", "recall", "f1", "pred", "gold")}
    parts["roles"]["org_accuracy"] = _weighted(per_file, "roles", "org_accuracy")
    parts["statements"]["stance_accuracy"] = _weighted(per_file, "statements", "stance_accuracy")
    parts["statements"]["about_recall"] = _weighted(per_file, "statements", "about_recall")
    # untyped relations: score.py gives the F1 per article only; recount it from its matches
    tp = sum(
        round(r["relations"]["untyped_f1"] * (r["relations"]["pred"] + r["relations"]["gold"]) / 2)
        for r in per_file.values()
    )
    pred, gold_n = micro["relations"]["pred"], micro["relations"]["gold"]
    parts["relations"]["untyped_f1"] = round(2 * tp / (pred + gold_n), 3) if pred + gold_n else 0.0
    return {"kind": "gold", **stats, **parts}


def score_polnear(extractor: Any, shared: Path, split: str) -> dict[str, Any]:
    """Convert a PolNeAR split, extract it, score it with score_attr.py --json."""
    pn = shared / "eval" / "polnear"
    with tempfile.TemporaryDirectory() as tmp:
        _run(pn / "make_inputs.py", split, "--out", tmp)
        pred = Path(tmp) / "pred"
        stats = _extract(extractor, Path(tmp) / split / "inputs", pred)
        result = json.loads(_run(pn / "score_attr.py", Path(tmp) / split, pred, "--json"))
    scores = {
        k: {
            "p": round(v["p"], 3),
            "r": round(v["r"], 3),
            "f1": round(v["f1"], 3),
            "gold": v["gold"],
        }
        for k, v in result["scores"].items()
    }
    # how score_attr.py read the predictions: from their spans, or by searching the text
    return {"kind": "spans", **stats, "scores": scores, "read": result["stats"]}


def measure(
    extractor: Any = None, shared: Path = DEFAULT_SHARED, *, train: bool = False
) -> dict[str, Any]:
    """Every set extracted and scored; the dict written to ``quality.json``."""
    from graph.extract import Extractor

    extractor = extractor or Extractor()
    started = time.perf_counter()
    sets: dict[str, Any] = {}
    for name, inputs, gold in gold_sets(shared):
        sets[name] = score_gold_set(extractor, shared, inputs, gold)
    if (shared / "eval" / "polnear" / "score_attr.py").is_file():
        sets["polnear-dev"] = score_polnear(extractor, shared, "dev")
        if train:
            sets["polnear-train"] = score_polnear(extractor, shared, "train")
    return {
        "extractor": f"{extractor.name} {extractor.version}",
        "seconds": round(time.perf_counter() - started, 1),
        "sets": sets,
    }


# ------------------------------------------------------------------------------ comparing
def headline(entry: dict[str, Any]) -> dict[str, float | None]:
    """The figures of one set that are held as floors, by name ("statements.f1", ...)."""
    if entry["kind"] == "spans":
        return {m: entry["scores"][m]["f1"] for m in SPAN_METRICS}
    return {f"{part}.{metric}": entry[part][metric] for part, metric in GOLD_METRICS}


def committed() -> dict[str, Any] | None:
    """The numbers of the last commit (git), else the file on disk, else None."""
    try:
        text = subprocess.run(
            ["git", "show", f"HEAD:{RESULTS_IN_GIT}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(text)
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    if RESULTS.is_file():
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    return None


def _delta(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    d = now - before
    return "" if abs(d) < 0.0005 else f"{d:+.3f}"


def _cell(now: float | None, before: float | None) -> str:
    if now is None:
        return f"{'-':>14s}"
    return f"{now:6.3f} {_delta(now, before):>7s}"


def print_tables(result: dict[str, Any], before: dict[str, Any] | None) -> None:
    old = (before or {}).get("sets", {})
    gold = [(n, e) for n, e in result["sets"].items() if e["kind"] == "gold"]
    cols = [
        ("entities", "f1", "entities"),
        ("roles", "f1", "roles"),
        ("roles", "org_accuracy", "role org"),
        ("relations", "f1", "relations"),
        ("relations", "untyped_f1", "untyped"),
        ("statements", "f1", "statements"),
        ("statements", "stance_accuracy", "stance"),
        ("statements", "about_recall", "about"),
    ]
    print("F1 (and accuracies) by score.py; the change against the committed numbers beside")
    print(f"{'set':12s} {'arts':>5s} {'words/s':>8s} " + " ".join(f"{c[2]:>14s}" for c in cols))
    for name, e in gold:
        prev = old.get(name, {})
        cells = [_cell(e[p][m], prev.get(p, {}).get(m)) for p, m, _ in cols]
        print(f"{name:12s} {e['articles']:5d} {e['words_per_s']:8d} " + " ".join(cells))
    for name, e in result["sets"].items():
        if e["kind"] != "spans":
            continue
        prev = old.get(name, {}).get("scores", {})
        print()
        print(f"{name}: {e['articles']} articles, {e['words_per_s']} words/s; score_attr.py")
        print(
            f"{'subset':8s} {'gold':>5s} "
            + " ".join(f"{m:>22s}" for m in ("content", "cue", "source"))
        )
        for subset in ("all", "speech", "quoted"):
            cells = []
            for metric in ("content", "cue", "source"):
                s = e["scores"][f"{metric}/{subset}"]
                p = prev.get(f"{metric}/{subset}", {})
                cells.append(f"{_cell(s['f1'], p.get('f1'))} (P{s['p']:.2f} R{s['r']:.2f})")
            print(f"{subset:8s} {e['scores'][f'content/{subset}']['gold']:5d} " + " ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("NEWSKG_SHARED", DEFAULT_SHARED))
    )
    ap.add_argument("--train", action="store_true", help="also PolNeAR train (840 articles)")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS_IN_GIT}")
    args = ap.parse_args()
    if not (args.shared / "eval").is_dir():
        sys.exit(
            f"{args.shared}/eval is missing: the evaluation sets live in ../shared (--shared DIR)"
        )
    from bench_project import code_version

    before = committed()
    result = measure(shared=args.shared, train=args.train)
    result["code"] = code_version()
    print(f"code: {result['code']}; extractor {result['extractor']}; {os.cpu_count()} cores")
    print_tables(result, before)
    print(f"\n{result['seconds']:.0f} s in all")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(stable(result), indent=1, sort_keys=True) + "\n", "utf-8")
        print(
            f"wrote {RESULTS.relative_to(ROOT)} (commit it with the change that moved the numbers)"
        )


#: What the committed file leaves out: timings (they vary run to run and would make every
#: commit look like a change) and the commit itself (git knows it).
_UNSTABLE = ("seconds", "words_per_s", "code")


def stable(result: dict[str, Any]) -> dict[str, Any]:
    """The part of a result that is committed: the scores and the sizes of the sets."""
    out = {k: v for k, v in result.items() if k not in _UNSTABLE}
    out["sets"] = {
        name: {k: v for k, v in e.items() if k not in _UNSTABLE}
        for name, e in result["sets"].items()
        if name != "polnear-train"
    }
    return out


if __name__ == "__main__":
    main()
