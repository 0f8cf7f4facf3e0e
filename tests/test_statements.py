"""Attributed statements on short articles written for each rule (none from the sample)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.records import Article


def _statements(extractor, text, published=date(2025, 3, 14)):
    x = extractor.extract(Article(text=text, title="t", published=published, source="t"))
    names = {e.key: e.name for e in x.entities}
    return [
        {
            "speaker": names[s.speaker],
            "via": s.via,
            "cue": s.cue,
            "stance": s.stance,
            "about": [names[a] for a in s.about],
            "quote": s.quote,
        }
        for s in x.statements
    ], x


def test_cue_after_and_between_parts(extractor):
    text = (
        '"The budget is balanced," Finance Minister Olga Berg said on Friday. '
        '"Spending will rise," she said, "but only slowly."'
    )
    sts, _ = _statements(extractor, text)
    assert [s["speaker"] for s in sts] == ["Olga Berg", "Olga Berg"]
    assert "but only slowly" in sts[1]["quote"] and "Spending will rise" in sts[1]["quote"]


def test_denial_and_hedge(extractor):
    text = (
        "Prime Minister Karl Lund dismissed reports that he would resign. "
        "Opposition leader Eva Holm said the government could collapse before the summer. "
        '"These claims are complete nonsense," Lund said.'
    )
    sts, _ = _statements(extractor, text)
    by = [(s["speaker"], s["stance"]) for s in sts]
    assert ("Karl Lund", "deny") in by
    assert ("Eva Holm", "speculate") in by
    assert by.count(("Karl Lund", "deny")) == 2


def test_relayed_anonymous_sources(extractor):
    text = (
        "A person familiar with the talks told the Daily Ledger that the deal was close. "
        "The Nordic Courier, citing two officials, reported that Minister Anna Dahl met Karl Lund."
    )
    sts, _ = _statements(extractor, text)
    assert {(s["speaker"], s["via"]) for s in sts} == {
        ("Daily Ledger", "A person familiar with the talks"),
        ("Nordic Courier", "two officials"),
    }


def test_pronoun_speaker_respects_gender(extractor):
    text = (
        'Mayor Liisa Saar said the tram would be built. "We have the money," she said. '
        "Councillor Toomas Kask said the plan was too costly. "
        '"She is promising too much," he said.'
    )
    sts, _ = _statements(extractor, text)
    assert sts[-1]["speaker"] == "Toomas Kask"
    assert "Liisa Saar" in sts[-1]["about"]


@pytest.mark.parametrize("text", ["The port was closed on Monday after a storm hit the coast."])
def test_no_speech_no_statement(extractor, text):
    sts, _ = _statements(extractor, text)
    assert sts == []


def test_relations_and_dates(extractor):
    text = (
        "Minister Anna Dahl will lead Norway's delegation to the Arctic summit. "
        "The delegation was previously led by Karl Lund. "
        "Dahl met Foreign Minister Eva Holm of Sweden on Tuesday. "
        "Karl Lund has been under sanctions from Canada and the European Union since 2022."
    )
    x = extractor.extract(Article(text=text, title="t", published=date(2025, 3, 14), source="t"))
    names = {e.key: e.name for e in x.entities}
    rels = {(names[r.subject], r.predicate, names[r.object]): r for r in x.relations}
    assert ("Anna Dahl", "leads", "Norwegian delegation to the Arctic summit") in rels
    met = rels[("Anna Dahl", "met_with", "Eva Holm")]
    assert met.when == "2025-03-11"
    sanc = rels[("Karl Lund", "sanctioned_by", "Canada")]
    assert sanc.start == "2022"
    assert ("Karl Lund", "sanctioned_by", "European Union") in rels
