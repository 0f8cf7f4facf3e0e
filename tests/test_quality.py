"""Extraction quality floors on real articles (benchmarks/bench_quality.py, `make quality`).

Every set of ``../shared/eval`` (seed, the team's articles, Wikinews, PolNeAR dev in full: 84
articles, about 20 s) is extracted and scored exactly as ``make quality`` does, and each
headline figure must stay within ``TOLERANCE`` (0.02) of the numbers committed in
``benchmarks/results/quality.json``: a regression on real articles cannot land silently. A
figure that rises by more than the tolerance fails too, until ``make quality`` is run and the
new numbers are committed with the change that raised them, so the floors follow the code.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_quality", ROOT / "benchmarks" / "bench_quality.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.fixture(scope="module")
def measured(bench, extractor, shared_dir):
    return bench.measure(extractor, shared_dir)


@pytest.fixture(scope="module")
def floors(bench):
    data = json.loads(bench.RESULTS.read_text(encoding="utf-8"))
    assert data["sets"], "benchmarks/results/quality.json holds no sets"
    return data


def test_every_committed_set_is_measured(measured, floors):
    assert set(floors["sets"]) <= set(measured["sets"])
    for name in ("seed", "wikinews", "polnear-dev"):
        assert name in measured["sets"], name
    for name, entry in floors["sets"].items():
        assert measured["sets"][name]["articles"] == entry["articles"], name


def _pairs(bench, measured, floors):
    for name, entry in floors["sets"].items():
        now = bench.headline(measured["sets"][name])
        for figure, committed in bench.headline(entry).items():
            yield name, figure, committed, now[figure]


def test_no_figure_drops_below_its_floor(bench, measured, floors):
    drops = [
        f"{name} {figure}: {now} < committed {committed} - {bench.TOLERANCE}"
        for name, figure, committed, now in _pairs(bench, measured, floors)
        if committed is not None and (now is None or now < committed - bench.TOLERANCE)
    ]
    assert not drops, "extraction got worse on real articles:\n" + "\n".join(drops)


def test_committed_numbers_are_current(bench, measured, floors):
    rises = [
        f"{name} {figure}: {now} > committed {committed} + {bench.TOLERANCE}"
        for name, figure, committed, now in _pairs(bench, measured, floors)
        if now is not None and (committed is None or now > committed + bench.TOLERANCE)
    ]
    assert not rises, (
        "run `make quality` and commit benchmarks/results/quality.json with the change "
        "that raised these:\n" + "\n".join(rises)
    )


def test_the_sets_are_scored_by_their_own_scorers(measured):
    """What the numbers rest on: every article extracted, spans used by score_attr.py."""
    wn = measured["sets"]["wikinews"]
    assert wn["articles"] == 15 and wn["entities"]["gold"] == 238
    pn = measured["sets"]["polnear-dev"]
    assert pn["articles"] == 84 and pn["scores"]["content/all"]["gold"] == 2192
    read = pn["read"]
    assert read["content_from_span"] > 500, read  # every statement scored by its spans
    assert read["content_from_quote"] == read["content_from_evidence"] == 0, read
    assert read["evidence_offset_mismatch"] == 0 and read["missing_files"] == 0, read
