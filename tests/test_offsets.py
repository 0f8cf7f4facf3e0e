"""Offsets of the article text mapped to the text the reader was given (graph/read/offsets.py).

Property tests run the real readers (JSON ``text`` fields, plain-text files) on generated
articles with the noise real files have (runs of spaces, non-breaking spaces, tabs, lines
broken inside sentences, decomposed accents, control characters, a title and a date line)
and check that every word of the cleaned text maps to a span of the input holding the same
word.
"""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.read import parse_bytes
from graph.read.jsonl import parse_record
from graph.read.offsets import OffsetMap
from graph.read.text import parse_text

# words of news text (accents composed and decomposed, quotes, dashes) and random words, so
# that the vocabulary is as varied as real text's
_WORDS = st.one_of(
    st.sampled_from(
        [
            "Talks", "resumed", "in", "Vienna", "said", "the", "minister", "Ms", "Lee",
            "\u201cWe", "agree,\u201d", "Café", "Cafe\u0301", "Zu\u0308rich", "Kyiv's",
            "2025.", "U.S.", "—", "(AP)", "e-mail", "well.",
        ]
    ),
    st.from_regex(r"[A-Za-z]{2,9}[.,]?", fullmatch=True),
)  # fmt: skip
_SPACE = st.sampled_from([" ", " ", " ", "  ", "\u00a0", " \u00a0", "\t", "\n", " \x07 "])


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    paras = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(_WORDS, min_size=1, max_size=25))
        gaps = draw(st.lists(_SPACE, min_size=len(words), max_size=len(words)))
        # a paragraph ends with a full stop ("word.." would read as a headline, not body)
        paras.append("".join(w + g for w, g in zip(words, gaps, strict=True)).rstrip() + " now.")
    sep = draw(st.sampled_from(["\n\n", "\n \n", "\r\n\r\n", "\n\n\n"]))
    return sep.join(paras)


def _check(clean: str, raw: str) -> None:
    m = OffsetMap(clean, raw)
    for w in re.finditer(r"\S+", clean):
        b, e = m.span(w.start(), w.end())
        assert 0 <= b <= e <= len(raw)
        got = unicodedata.normalize("NFC", raw[b:e])
        # a control character becomes a space in the article text: it splits a word there
        assert w.group() in got.replace("\x07", " ").split(" ") or got == w.group(), (
            w.group(),
            raw[b:e],
        )


@settings(max_examples=150, deadline=None)
@given(paragraphs())
def test_json_text_field_offsets_map_back(text: str) -> None:
    a = parse_record({"text": text}, "t.json")
    assert a.input_text in (None, text)
    _check(a.text, text)


@settings(max_examples=150, deadline=None)
@given(paragraphs(), st.booleans())
def test_plain_text_file_offsets_map_back(body: str, with_header: bool) -> None:
    # a first line that is plainly body, not a title or a date line
    body = "Officials of both sides said after the talks that " + body
    raw = ("Talks resume in Vienna\n\nNovember 7, 2025\n\n" if with_header else "") + body
    a = parse_text(raw, "t.txt")
    _check(a.text, a.input_text or raw)


def test_input_text_is_the_field_exactly_as_given() -> None:
    """A JSON file is parsed as decoded: its text field keeps its decomposed accents and
    non-breaking spaces, which the article text normalizes."""
    text = "Cafe\u0301  owner\u00a0 said no.\r\nThen she left."
    data = json.dumps({"title": "T", "text": text}, ensure_ascii=False).encode("utf-8")
    (a,) = list(parse_bytes(data, "a.json"))
    assert a.input_text == text
    assert a.text == "Café owner said no.\n\nThen she left."
    m = OffsetMap(a.text, a.input_text)
    assert text[slice(*m.span(0, 4))] == "Cafe\u0301"
    b = a.text.index("said")
    assert text[slice(*m.span(b, b + 4))] == "said"
    b = a.text.index("Then")
    assert text[slice(*m.span(b, len(a.text)))] == "Then she left."


def test_unchanged_text_has_no_input_text() -> None:
    a = parse_record({"text": "One paragraph.\n\nAnother one."}, "t.json")
    assert a.input_text is None


def test_title_date_and_markdown_are_skipped() -> None:
    raw = "Talks resume\n\nApril 2, 2025\n\nThe [minister](#) said **talks** would go on.\n"
    a = parse_text(raw, "t.md")
    assert a.text == "The minister said talks would go on."
    m = OffsetMap(a.text, raw)
    for word in ("The", "minister", "said", "talks", "would", "go on."):
        b = a.text.index(word)
        assert raw[slice(*m.span(b, b + len(word)))] == word
    b = a.text.index("minister")
    assert raw[slice(*m.span(b, len(a.text)))] == "minister](#) said **talks** would go on."


def test_a_long_text_aligns_in_linear_time() -> None:
    """A 1 MB article that differs every few words (NBSP doubled spaces, accents)."""
    import time

    raw = " ".join(["Zu\u0308rich\u00a0 talks"] * 60_000 + ["end."])
    a = parse_record({"text": raw}, "big.json")
    t = time.perf_counter()
    m = OffsetMap(a.text, raw)
    assert time.perf_counter() - t < 20  # quadratic would be hours
    b = a.text.rindex("talks")
    assert raw[slice(*m.span(b, b + 5))] == "talks"
