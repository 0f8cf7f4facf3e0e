"""Extraction quality, scored by ../shared/eval/score.py: the bars of the sample article, and
the gold files of the project's own test articles (tests/fixtures/eval/: wire story,
interview, press release, nested attribution, a piece without quotes). The floors of every
set, these included, are held by tests/test_quality.py against benchmarks/results/."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from graph.pipeline import extraction_document
from graph.read import read_path

EVAL = Path(__file__).resolve().parent / "fixtures" / "eval"


@pytest.fixture(scope="module")
def scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("score", shared_dir / "eval" / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _predict(extractor, path: Path) -> dict:
    return extraction_document(extractor.extract(read_path(path)[0]), offsets="article")


def test_sample_article_meets_the_bar(scorer, extractor, seed_article_path, gold_path):
    r = scorer.score(gold_path, _predict(extractor, seed_article_path))
    assert r["entities"]["f1"] >= 0.90, r["entities"]
    assert r["roles"]["f1"] >= 0.80 and r["roles"]["org_accuracy"] >= 0.70, r["roles"]
    assert r["relations"]["f1"] >= 0.60, r["relations"]
    s = r["statements"]
    assert s["f1"] >= 0.80 and s["stance_accuracy"] >= 0.85 and s["about_recall"] >= 0.70, s


def test_gold_files_are_well_formed():
    for gold in sorted((EVAL / "gold").glob("*.json")):
        g = json.loads(gold.read_text())
        text = (EVAL / "articles" / (gold.stem + ".txt")).read_text()
        ids = {e["id"] for e in g["entities"]}
        for part in ("roles", "relations", "statements"):
            for item in g[part]:
                assert item["evidence"] in text, (gold.name, item["evidence"][:40])
                for key in ("person", "subject", "object", "speaker", "org"):
                    if item.get(key):
                        assert item[key] in ids, (gold.name, key, item[key])


def test_no_quotes_article_has_no_statements(extractor):
    pred = _predict(extractor, EVAL / "articles" / "no-quotes.txt")
    assert pred["statements"] == []
    assert any(r["predicate"] == "absent_from" for r in pred["relations"])
