"""`kg extract PATH... -o DIR`: many articles, one model load, one file per article, the
statement spans exact in the input text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.cli import main
from graph.read import read_path
from tests.test_cli import kg

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder as users have them: text files, a sub-folder, JSON Lines with a bad line,
    and two files of the same name with different extensions."""
    root = tmp_path_factory.mktemp("corpus")
    texts = sorted(EXAMPLES.glob("*.txt"))
    shutil.copy(texts[0], root / "story.txt")
    shutil.copy(texts[1], root / "story.md")  # the same name once the extension is gone
    (root / "sub").mkdir()
    shutil.copy(texts[2], root / "sub" / "inner.txt")
    lines = [
        json.dumps(
            {
                "title": "One",
                "text": "Ann Lee said:  \u201cThe talks went well and will go on next week.\u201d",
            }
        ),
        "{not json",
        json.dumps(
            {"title": "Two", "text": "Ann\u00a0 Lee, the minister, said the plan would fail."}
        ),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def extracted(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = kg("extract", corpus, "-o", out)
    return res, out


def test_one_file_per_article_named_after_its_input(extracted):
    res, out = extracted
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert names == ["feed-1.json", "feed-3.json", "story-2.json", "story.json", "sub/inner.json"]
    assert res.returncode == 1  # one bad line
    assert "feed.jsonl:2: invalid JSON" in res.stderr
    assert "story.txt: its name was taken" in res.stderr and "story-2.json" in res.stderr
    assert "extracted 5 article(s)" in res.stdout and "1 input(s) failed" in res.stdout


def test_every_statement_has_exact_spans_in_the_input(extracted, corpus):
    """Offsets refer to the text as given: the file, or the JSON line's text field."""
    _, out = extracted
    seen = 0
    for path in sorted(out.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["article"]["offsets"] == "input"
        source = doc["article"]["source"]
        if ".jsonl:" in source:
            number = int(source.rsplit(":", 1)[1])
            line = (corpus / "feed.jsonl").read_text(encoding="utf-8").splitlines()[number - 1]
            text = json.loads(line)["text"]
        else:
            article = read_path(source)[0]
            text = article.input_text or article.text
        for st in doc["statements"]:
            seen += 1
            assert text[st["begin"] : st["end"]] == st["evidence"]
            assert text[st["speaker_begin"] : st["speaker_end"]] == st["speaker_mention"]
            assert text[st["cue_begin"] : st["cue_end"]] == st["cue"]
            assert st["quote_spans"], st
            assert st["quote_begin"] == st["quote_spans"][0][0]
            assert st["quote_end"] == st["quote_spans"][-1][1]
            for b, e in st["quote_spans"]:
                assert " ".join(text[b:e].split()) in " ".join(st["quote"].split())
    assert seen >= 10


def test_json_lines_spans(extracted):
    _, out = extracted
    doc = json.loads((out / "feed-1.json").read_text(encoding="utf-8"))
    (st,) = doc["statements"]
    text = "Ann Lee said:  \u201cThe talks went well and will go on next week.\u201d"
    assert (st["speaker_mention"], st["cue"]) == ("Ann Lee", "said")
    assert (
        text[st["quote_begin"] : st["quote_end"]] == "The talks went well and will go on next week."
    )
    doc = json.loads((out / "feed-3.json").read_text(encoding="utf-8"))
    (st,) = doc["statements"]
    text = "Ann\u00a0 Lee, the minister, said the plan would fail."
    assert text[st["speaker_begin"] : st["speaker_end"]] == "Ann\u00a0 Lee"
    assert text[st["quote_begin"] : st["quote_end"]] == "the plan would fail"


def test_the_model_loads_once_for_many_articles(corpus, tmp_path, monkeypatch):
    import spacy

    from graph.extract import nlp

    loads = []
    real = spacy.load

    def counting(*a, **kw):
        loaded = real(*a, **kw)  # a name that is not installed raises: not a load
        loads.append(a)
        return loaded

    nlp.load_nlp.cache_clear()
    monkeypatch.setattr(spacy, "load", counting)
    try:
        assert main(["extract", str(corpus), "-o", str(tmp_path), "-q"]) == 1
    finally:
        nlp.load_nlp.cache_clear()
    assert len(list(tmp_path.rglob("*.json"))) == 5
    assert len(loads) == 1


def test_without_output_one_article_goes_to_stdout(seed_article_path):
    res = kg("extract", seed_article_path, "--offsets", "article")
    doc = json.loads(res.stdout)
    assert res.returncode == 0 and doc["article"]["offsets"] == "article"
    text = read_path(seed_article_path)[0].text
    assert all(
        text[s["quote_begin"] : s["quote_end"]].startswith(s["quote"][:20])
        for s in doc["statements"]
    )


def test_turtle_files(corpus, tmp_path):
    res = kg("extract", corpus / "sub", "-o", tmp_path, "--format", "turtle")
    assert res.returncode == 0, res.stderr
    from rdflib import Graph

    g = Graph().parse(tmp_path / "inner.ttl", format="turtle")
    assert len(g) > 100


def test_unwritable_output_is_a_clear_error(corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = kg("extract", corpus / "sub", "-o", blocker)
    assert res.returncode != 0
    assert "cannot create the output folder" in res.stderr and "Traceback" not in res.stderr
