"""Tests of graph.read: the seed article, the hostile corpus, fixtures and generated inputs."""

from __future__ import annotations

import io
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import graph.read as read
from graph.errors import InputError
from graph.read import iter_articles, parse_bytes, parse_text, read_path, sniff_format
from graph.read.decode import decode, normalize_text
from graph.read.html import parse_html
from graph.read.jsonl import parse_json, parse_jsonl
from graph.read.text import parse_date, strip_markdown
from graph.records import Article

ARTICLES = Path(__file__).parent / "fixtures" / "articles"

Item = Article | InputError


def articles(items: list[Item]) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def errors(items: list[Item]) -> list[InputError]:
    return [x for x in items if isinstance(x, InputError)]


def one(path: Path | str, **kw: int) -> Item:
    items = list(iter_articles([path], **kw))
    assert len(items) == 1, items
    return items[0]


def assert_one_line(error: InputError, name: str) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    assert name in message, (name, message)


# --- the seed article ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_article_path: Path) -> Article:
    [article] = read_path(seed_article_path)
    return article


def test_seed_metadata(seed: Article, seed_article_path: Path) -> None:
    assert seed.title == "Lavrov Out of Favor With Putin?: Reports Force the Kremlin to Comment"
    assert seed.published == date(2025, 11, 7)
    assert seed.url == (
        "https://www.themoscowtimes.com/2025/11/07/"
        "lavrov-out-of-favor-with-putin-reports-force-the-kremlin-to-comment-a91074"
    )
    assert seed.source == str(seed_article_path)
    assert seed.publisher is None


def test_seed_body_is_clean(seed: Article) -> None:
    text = seed.text
    for leftover in ("**", "](#)", "[", "Related article", "Original url", "<https", "\r"):
        assert leftover not in text, leftover
    assert seed.title not in text
    assert "November 07, 2025" not in text
    assert text.startswith("The Kremlin has had to dismiss reports")
    assert text.endswith("since Russia’s invasion of Ukraine in 2022.")
    assert "\n\n\n" not in text
    assert all(p == p.strip() and p for p in text.split("\n\n"))
    assert "The Financial Times claimed the meeting" in text  # link text kept, target dropped


def test_seed_caption_removed(seed: Article, seed_article_path: Path) -> None:
    lines = [ln for ln in seed_article_path.read_text(encoding="utf-8").splitlines() if ln]
    caption = lines[2]  # title, date, caption
    assert caption.endswith("**")
    description = caption.split("**")[0].strip()
    assert description not in seed.text
    assert "Sergei Lavrov, Foreign Minister of Russia" not in seed.text


def test_seed_broken_paragraphs_rejoined(seed: Article) -> None:
    assert "a tense call” between" in seed.text
    assert "has been foreign minister for 21 years and has worked with Putin" in seed.text
    assert "\n\ncall” between" not in seed.text


# --- the hostile corpus ----------------------------------------------------------------------

# file -> "error: <substring of the reason>" or a check of the Article it must give.
HOSTILE_ERRORS = {
    "binary-as-text.txt": "binary data, not text",
    "empty.txt": "the file is empty",
    "whitespace-only.txt": "the file is empty",
    "html-without-article.html": "no article text found in the HTML",
    "invalid.json": "invalid JSON: unterminated string starting at line 1, column 31",
    "wrong-shape.json": "expected a JSON object or a list of objects",
    "text-is-number.json": '"text" is a number, not a string',
    "title-only.txt": "no article body",
}


def test_hostile_errors(hostile_dir: Path) -> None:
    for name, reason in HOSTILE_ERRORS.items():
        item = one(hostile_dir / name)
        assert isinstance(item, InputError), name
        assert reason in item.reason, (name, item.reason)
        assert item.source == str(hostile_dir / name)
        assert_one_line(item, name)


def hostile_article(hostile_dir: Path, name: str) -> Article:
    item = one(hostile_dir / name)
    assert isinstance(item, Article), (name, item)
    return item


def test_hostile_nul_bytes_is_text(hostile_dir: Path) -> None:
    # Valid UTF-8 with a few NULs is text: NULs become spaces (they cannot go to the store).
    a = hostile_article(hostile_dir, "nul-bytes.txt")
    assert a.title == "Title with nul"
    assert a.published == date(2025, 5, 1)
    assert a.text == "Some text said the spokesman."


def test_hostile_names_are_plain_text(hostile_dir: Path) -> None:
    a = hostile_article(hostile_dir, "hostile-names.txt")
    assert a.title == "Hostile names test"
    assert a.published == date(2025, 3, 1)
    assert a.url == 'https://example.org/"><script>alert(8)</script>'
    for fragment in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "Robert'); DROP TABLE people;--",
        '"} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #',
        '<a href="javascript:alert(5)">x</a>',
        '{{constructor.constructor("alert(6)")()}}',
        "${alert(7)}",
        "\u202eevil\u202c",
        "&lt;b&gt;entity&amp;",  # entities are not decoded in plain text
        "said A B Smith",  # the NUL became a space
    ):
        assert fragment in a.text, fragment
    assert "\x00" not in a.text
    assert len(a.text.split("\n\n")) == 12


def test_hostile_encodings(hostile_dir: Path) -> None:
    latin = hostile_article(hostile_dir, "latin1-encoded.txt")
    assert latin.title == "Café diplomacy in Genève"
    assert latin.published == date(2025, 3, 3)
    assert "José Ramón Pérez" in latin.text and "Genève" in latin.text
    assert "«constructive»" in latin.text
    utf16 = hostile_article(hostile_dir, "utf16-with-bom.txt")
    assert utf16.title == "Talks resume in Vienna"
    assert utf16.published == date(2025, 4, 2)
    assert utf16.text.startswith("Austrian Foreign Minister Anna Berger said")
    assert "\ufeff" not in utf16.text and "\x00" not in utf16.text
    russian = hostile_article(hostile_dir, "russian-language.txt")
    assert russian.title == "Лавров прокомментировал слухи"
    assert russian.published == date(2025, 11, 7)  # "7 ноября 2025" via dateparser
    assert russian.text.startswith("Песков заявил")


def test_hostile_dates(hostile_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="graph.read"):
        impossible = hostile_article(hostile_dir, "impossible-date.txt")
        future = hostile_article(hostile_dir, "future-date.txt")
    assert impossible.title == "Summit postponed"
    assert impossible.published is None
    assert impossible.text == "The summit was postponed, officials said on Monday."
    assert future.title == "Summit held"
    assert future.published == date(2091, 1, 5)  # kept as given, with a warning
    messages = [r.getMessage() for r in caplog.records]
    assert any("impossible-date.txt" in m and "not a valid date" in m for m in messages)
    assert any("future-date.txt" in m and "in the future" in m for m in messages)


def test_hostile_one_huge_line(hostile_dir: Path) -> None:
    start = time.perf_counter()
    a = hostile_article(hostile_dir, "one-huge-line.txt")
    assert time.perf_counter() - start < 5
    assert a.title is None  # far too long for a title
    assert a.published is None
    assert len(a.text) > 1_900_000 and "\n" not in a.text


def test_hostile_broken_markup(hostile_dir: Path) -> None:
    a = hostile_article(hostile_dir, "broken-markup.html")
    assert a.title == "Envoy visits Kyiv"
    assert a.text == "The envoy, said officials met with the president"


def test_hostile_mixed_jsonl(hostile_dir: Path) -> None:
    path = hostile_dir / "mixed-good-and-bad.jsonl"
    items = list(iter_articles([path]))
    assert [type(x) for x in items] == [Article, InputError, InputError, Article]
    good, bad = articles(items), errors(items)
    assert [a.source for a in good] == [f"{path}:1", f"{path}:4"]
    assert good[0].title == "Envoy meets minister"
    assert good[0].published == date(2025, 3, 4)
    assert good[0].publisher == "Example Wire"
    assert good[0].url == "https://example.org/a1"
    assert good[1].text.startswith('"We are not in talks,"')
    assert [e.source for e in bad] == [f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in bad[0].reason
    assert '"text"' in bad[1].reason
    for e in bad:
        assert_one_line(e, "mixed-good-and-bad.jsonl")


def test_hostile_nested(hostile_dir: Path) -> None:
    items = list(iter_articles([hostile_dir / "nested"]))
    assert not errors(items)
    got = {Path(a.source).name: a.title for a in articles(items)}
    assert got == {
        "deep article.txt": "Deep folder article",
        "статья с пробелами.txt": "Unicode file name",
    }
    # sorted walk: "a/" sorts before "статья..."
    assert Path(articles(items)[0].source).name == "deep article.txt"


# Every file of the hostile corpus: (Articles, InputErrors) it must give in a folder walk.
HOSTILE_OUTCOMES = {
    "binary-as-text.txt": (0, 1),
    "broken-markup.html": (1, 0),  # trafilatura recovers the text; lines rejoined
    "empty.txt": (0, 1),
    "future-date.txt": (1, 0),  # date kept as given, warning logged
    "hostile-names.txt": (1, 0),
    "html-without-article.html": (0, 1),
    "impossible-date.txt": (1, 0),  # published None, warning logged
    "invalid.json": (0, 1),
    "latin1-encoded.txt": (1, 0),
    "mixed-good-and-bad.jsonl": (2, 2),
    "nul-bytes.txt": (1, 0),  # valid UTF-8 with a few NULs: text, NULs become spaces
    "one-huge-line.txt": (1, 0),  # no title
    "russian-language.txt": (1, 0),
    "text-is-number.json": (0, 1),
    "title-only.txt": (0, 1),
    "utf16-with-bom.txt": (1, 0),
    "whitespace-only.txt": (0, 1),
    "wrong-shape.json": (0, 1),
    "deep article.txt": (1, 0),  # nested/a/b/c/
    "статья с пробелами.txt": (1, 0),  # nested/
}


def test_hostile_folder_outcome_per_file(hostile_dir: Path) -> None:
    items = list(iter_articles([hostile_dir]))
    outcome: dict[str, tuple[int, int]] = {}
    for x in items:
        name = Path(x.source).name.split(":")[0]
        good, bad = outcome.get(name, (0, 0))
        outcome[name] = (good + isinstance(x, Article), bad + isinstance(x, InputError))
    files = {p.name for p in hostile_dir.rglob("*") if p.is_file()}
    assert files - set(outcome) == {"README.md"}  # a folder's README is not an article
    assert outcome == HOSTILE_OUTCOMES
    for e in errors(items):
        assert_one_line(e, Path(e.source).name.split(":")[0])


# --- plain text ------------------------------------------------------------------------------


def test_markdown_fixture() -> None:
    [a] = read_path(ARTICLES / "harbour-strike.md")
    assert a.title == "Harbour Strike Enters Second Week as Talks Stall"
    assert a.published == date(2024, 3, 14)
    assert a.url == "https://news.example.org/2024/03/14/harbour-strike-second-week"
    paragraphs = a.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Union leader Teodora Brenn")
    assert "operator, Valmora Terminals, returned" in a.text  # *italic*
    assert "according to the regional broadcaster." in a.text  # link with parentheses
    assert '"not compatible with the realities of the market"' in a.text  # rejoined
    assert "a fair offer had" in a.text  # __bold__
    assert "strike_talks_2024" in a.text and "2 * 3 * 4" in a.text  # not emphasis
    assert "chamber of commerce estimated" in a.text  # hard-wrapped lines joined
    for gone in ("Dockworkers gather", "Northline", "Port traffic falls", "container ship"):
        assert gone not in a.text, gone
    for mark in ("*", "[", "](", "#", "Original url"):
        assert mark not in a.text.replace("2 * 3 * 4", ""), mark


def test_no_title_and_no_date() -> None:
    [a] = read_path(ARTICLES / "no-title.txt")
    assert a.title is None and a.published is None
    assert a.text.startswith("The city council of Arlenford voted")
    [b] = read_path(ARTICLES / "no-date.txt")
    assert b.title == "Library Reopens After Flood"
    assert b.published is None
    assert b.text.startswith("The central library of Dunmere")


@pytest.mark.parametrize(
    "line",
    [
        "November 7, 2025",
        "Nov. 7, 2025",
        "7 November 2025",
        "7th Nov 2025",
        "Friday, November 7, 2025",
        "2025-11-07",
        "Updated: November 7, 2025 10:32 am",
        "Published on Nov 07, 2025 at 10:32 GMT",
        "*November 7, 2025*",
        "7 ноября 2025",
    ],
)
def test_date_lines(line: str) -> None:
    a = parse_text(f"Envoy arrives\n\n{line}\n\nThe envoy arrived on Friday, officials said.\n")
    assert a.title == "Envoy arrives"
    assert a.published == date(2025, 11, 7)
    assert a.text == "The envoy arrived on Friday, officials said."


def test_date_line_first_and_title_next_to_date() -> None:
    a = parse_text("March 2, 2024\n\nThe board met on Saturday.\n")
    assert (a.title, a.published, a.text) == (None, date(2024, 3, 2), "The board met on Saturday.")
    b = parse_text("Board meets\nMarch 2, 2024\n\nThe board met on Saturday.\n")
    assert (b.title, b.published) == ("Board meets", date(2024, 3, 2))


def test_title_heuristics() -> None:
    # A short first line directly followed by more text (no blank line) is body, not a title.
    a = parse_text("The council met on\nMonday to vote.\n\nIt approved the plan.\n")
    assert a.title is None
    assert a.text == "The council met on Monday to vote.\n\nIt approved the plan."
    # A first line ending with a full stop is a sentence.
    b = parse_text("The council met.\n\nIt approved the plan.\n")
    assert b.title is None and b.text.startswith("The council met.")
    # A title may end with a question mark.
    c = parse_text("Will the plan pass?\n\nThe council votes today.\n")
    assert c.title == "Will the plan pass?"
    # A sentence-like short line with a year after the title stays body.
    d = parse_text("Plan passes\n\nIn 2024 the plan passed.\n")
    assert d.published is None and d.text == "In 2024 the plan passed."


def test_rejoin_only_broken_paragraphs() -> None:
    a = parse_text(
        "T\n\nHe said it was\n\nover. She left\n\nThen it rained.\n\n“quoted,”\n\nhe said.\n"
    )
    assert a.text.split("\n\n") == [
        "He said it was over. She left",
        "Then it rained.",
        "“quoted,” he said.",
    ]
    b = parse_text('T\n\nHe said "yes."\n\nlater it rained.\n')
    assert b.text.split("\n\n") == ['He said "yes."', "later it rained."]


def test_captions_and_related() -> None:
    raw = (
        "Title\n\nMay 5, 2024\n\nA minister at the podium **Agency**\n\n"
        "First paragraph of the story.\n\n"
        "A view of the harbour. **Staff Photographer**\n\n"
        "Image credit: Agency\n\n"
        "Read more: [Something else](https://example.org)\n\n"
        "See also: another story\n\n"
        "He said it was **final**\n\n"
        "Last paragraph, with **bold words** inside.\n"
    )
    a = parse_text(raw)
    assert a.text.split("\n\n") == [
        "First paragraph of the story.",
        "He said it was final",
        "Last paragraph, with bold words inside.",
    ]


def test_strip_markdown() -> None:
    assert strip_markdown("![a photo](x.png)Text") == "Text"
    assert strip_markdown("[ref link][1] and <https://example.org/x>") == (
        "ref link and https://example.org/x"
    )
    assert strip_markdown(r"\*not italic\* and `code`") == "*not italic* and code"
    assert strip_markdown("a_b_c and snake_case_name") == "a_b_c and snake_case_name"
    assert strip_markdown("<b>html</b> & {{x}}") == "<b>html</b> & {{x}}"


def test_footer_variants() -> None:
    a = parse_text("T\n\nBody text here.\n\nSource URL: https://example.org/a\n")
    assert (a.url, a.text) == ("https://example.org/a", "Body text here.")
    b = parse_text("T\n\nBody text here.\n\nOriginal url:\n\n[here](https://example.org/b)\n")
    assert b.url == "https://example.org/b"
    c = parse_text("T\n\nBody text here.\n\nOriginal url:\n\nnot a url at all\n")
    assert c.url is None and c.text == "Body text here.\n\nnot a url at all"


def test_parse_text_errors() -> None:
    with pytest.raises(InputError, match=r"^x\.txt: no article body$"):
        parse_text("Only a headline\n", "x.txt")
    with pytest.raises(InputError, match="no article body"):
        parse_text("Headline\n\nJune 1, 2024\n\nRelated: [x](#)\n\nOriginal url:\n<https://e.org>")


def test_parse_date() -> None:
    assert parse_date("2024-06-02T17:45:00+02:00") == date(2024, 6, 2)
    assert parse_date("Sept. 3, 2024") == date(2024, 9, 3)
    assert parse_date("February 30, 2024") is None
    assert parse_date("not a date") is None
    assert parse_date("") is None


# --- decoding --------------------------------------------------------------------------------


def test_decode_rules() -> None:
    assert decode(b"\xef\xbb\xbfBOM\r\nCRLF\rCR", "x") == "BOM\nCRLF\nCR"
    assert decode("Cafe\u0301".encode(), "x") == "Café"  # NFC
    assert decode("Zoë said".encode("utf-16-le"), "x") == "Zoë said"  # UTF-16 without BOM
    assert decode("Zoë said".encode("utf-16-be"), "x") == "Zoë said"
    assert decode("“Quoted” – Zürich".encode("cp1252"), "x") == "“Quoted” – Zürich"
    assert decode("Ärger".encode("utf-32"), "x") == "Ärger"
    assert decode("Тест".encode("cp1251"), "x", declared="windows-1251") == "Тест"
    assert normalize_text("a\x1bb\x85c\u2028d") == "a b\nc\nd"
    text = "A fine sentence. " * 50 + "\x00\x00\x00"
    assert decode(text.encode(), "x").endswith("sentence.    ")  # a few NULs: still text


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03" * 100, bytes(range(256)) * 4, b"abc\x1b\x1b\x1b\x01\x02\x03\x04\x05"],
)
def test_decode_binary(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^blob: binary data, not text$"):
        decode(data, "blob")


def test_decode_empty() -> None:
    for data in (b"", b" \n\t\r\n", b"\xef\xbb\xbf", "\ufeff  ".encode("utf-16")):
        with pytest.raises(InputError, match="the file is empty"):
            decode(data, "e.txt")


# --- HTML ------------------------------------------------------------------------------------


def test_html_fixture() -> None:
    [a] = read_path(ARTICLES / "observatory.html")
    assert a.title == "New Observatory Opens in the Highlands"
    assert a.published == date(2024, 9, 21)
    assert a.url == "https://courier.example.org/science/observatory"
    assert a.publisher == "Example Courier"
    assert a.language == "en"
    paragraphs = a.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The regional science council opened")
    assert "asteroids & comets" in a.text
    assert '"This is a great day for astronomy in the north," Mackay' in a.text
    for junk in ("Home", "All rights reserved", "tracking", "<p>"):
        assert junk not in a.text, junk


def test_html_fragment_and_charset(tmp_path: Path) -> None:
    fragment = "<article><p>The harbour master said the port would reopen on Monday.</p></article>"
    a = parse_html(fragment, "f.html")
    assert a.text == "The harbour master said the port would reopen on Monday."
    page = (
        '<html><head><meta charset="windows-1251"></head><body><article>'
        "<p>Министр заявил, что переговоры продолжатся на следующей неделе.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    [b] = read_path(path)
    assert b.text.startswith("Министр заявил")


def test_html_library_failure_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(raw: str) -> None:
        raise RuntimeError("lxml exploded")

    monkeypatch.setattr("graph.read.html._extract", boom)
    with pytest.raises(InputError, match=r"^p\.html: the HTML could not be parsed"):
        parse_html("<html><body><p>x</p></body></html>", "p.html")


# --- JSON ------------------------------------------------------------------------------------


def test_json_fixtures(caplog: pytest.LogCaptureFixture) -> None:
    first, second = read_path(ARTICLES / "exports.json")
    assert first.source.endswith("exports.json[0]")
    assert first.title == "Rail Line Extension Approved"  # "headline"
    assert first.published == date(2024, 6, 2)  # "datePublished", as written in its offset
    assert (first.url, first.publisher, first.language) == (
        "https://wire.example.org/rail",
        "Example Wire",
        "en",
    )
    assert first.text == (
        "The transport board approved the extension of the northern rail line on Sunday."
        "\n\nBoard chair Amir Haddad said construction would start next spring."
    )
    assert second.text.startswith("Fisheries Commissioner")  # "content"
    with caplog.at_level(logging.WARNING, logger="graph.read"):
        [single] = read_path(ARTICLES / "single.json")
    assert single.source.endswith("single.json")
    assert single.publisher is None  # a number: ignored
    assert any("publisher" in r.getMessage() for r in caplog.records)


def test_json_shapes() -> None:
    def reasons(raw: str) -> list[str]:
        return [str(x) for x in parse_json(raw, "j.json")]

    assert reasons("[]") == [
        "j.json: expected a JSON object or a list of objects, got an empty list"
    ]
    assert reasons('"text"') == [
        "j.json: expected a JSON object or a list of objects, got a string"
    ]
    mixed = list(parse_json('[{"text": "A story."}, 7, {"body": null}, {"text": " "}]', "j.json"))
    assert isinstance(mixed[0], Article) and mixed[0].source == "j.json[0]"
    assert [str(x) for x in mixed[1:]] == [
        "j.json[1]: expected a JSON object, got a number",
        'j.json[2]: "body" is null, not a string',
        'j.json[3]: no article body: "text" is empty',
    ]
    bad_types = '{"text": "A story.", "title": 5, "published": [], "url": {}, "language": true}'
    [a] = list(parse_json(bad_types, "j.json"))
    assert isinstance(a, Article)
    assert (a.title, a.published, a.url, a.language) == (None, None, None, None)
    assert "line 2, column 1" in reasons('{"text":\n}')[0]


def test_jsonl_details(tmp_path: Path) -> None:
    raw = '{"text": "First line.\u2028Second line.\\nThird\tline."}\n{"text": "B."}\n'
    items = list(parse_bytes(raw.encode("utf-8"), "sep.jsonl", "jsonl"))
    assert [x.source for x in items] == ["sep.jsonl:1", "sep.jsonl:2"]
    assert isinstance(items[0], Article)
    assert items[0].text == "First line.\n\nSecond line.\n\nThird line."
    items = list(parse_jsonl('\n{"text": "One."}\n\n{"text": "Two."}\n', "l.jsonl"))
    assert [x.source for x in items] == ["l.jsonl:2", "l.jsonl:4"]
    path = tmp_path / "as-lines.json"  # JSON Lines saved with a .json extension
    path.write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    assert [a.source for a in read_path(path)] == [f"{path}:1", f"{path}:2"]
    ndjson = tmp_path / "x.ndjson"
    ndjson.write_text('{"text": "One.", "published": "3 May 2024"}\n', encoding="utf-8")
    [a] = read_path(ndjson)
    assert a.published == date(2024, 5, 3)


# --- files, folders, stdin -------------------------------------------------------------------


def test_missing_path_and_read_path() -> None:
    [e] = list(iter_articles(["no/such/thing.txt"]))
    assert isinstance(e, InputError)
    assert str(e) == "no/such/thing.txt: no such file or folder"
    with pytest.raises(InputError, match="no such file or folder"):
        read_path("no/such/thing.txt")
    # a single path instead of a list is accepted
    assert [type(x) for x in iter_articles(str(ARTICLES / "no-date.txt"))] == [Article]


def test_read_path_raises_first_error(hostile_dir: Path) -> None:
    with pytest.raises(InputError, match=r"mixed-good-and-bad\.jsonl:2: invalid JSON"):
        read_path(hostile_dir / "mixed-good-and-bad.jsonl")


def _article(n: int) -> str:
    return (
        f"Story number {n}\n\nJune {n % 28 + 1}, 2024\n\nOfficial {n} said the plan would pass.\n"
    )


def test_folder_of_generated_files(tmp_path: Path) -> None:
    for n in range(180):
        (tmp_path / f"story-{n:03d}.txt").write_text(_article(n), encoding="utf-8")
    sub = tmp_path / "sub folder"
    sub.mkdir()
    for n in range(180, 195):
        (sub / f"story-{n:03d}.md").write_text(_article(n), encoding="utf-8")
    (sub / "feed").write_text('{"text": "Sniffed JSON Lines story."}\n', encoding="utf-8")
    (sub / "page.htm").write_text(
        "<html><body><article><p>A sniffed page says the five words.</p></article></body></html>",
        encoding="utf-8",
    )
    # things that must be skipped
    (tmp_path / ".hidden.txt").write_text(_article(999), encoding="utf-8")
    hidden_dir = tmp_path / ".git"
    hidden_dir.mkdir()
    (hidden_dir / "story.txt").write_text(_article(998), encoding="utf-8")
    (tmp_path / "story-000.txt~").write_text(_article(997), encoding="utf-8")
    (tmp_path / "photo.JPG").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    (tmp_path / "archive.tar.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    (tmp_path / "README.md").write_text("# About this folder\n\nNotes.\n", encoding="utf-8")
    os.symlink(tmp_path, sub / "loop")  # a link to a folder: not followed
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")

    start = time.perf_counter()
    items = list(iter_articles([tmp_path]))
    elapsed = time.perf_counter() - start

    [broken] = errors(items)
    assert broken.reason == "a broken symbolic link"
    assert_one_line(broken, "dangling.txt")
    found = articles(items)
    assert len(found) == 197
    names = [Path(a.source).name for a in found]
    assert names[:3] == ["story-000.txt", "story-001.txt", "story-002.txt"]
    assert names[180:182] == ["feed:1", "page.htm"]  # the subfolder, in sorted order
    assert "Story number 999" not in {a.title for a in found}
    assert {a.title for a in found} >= {f"Story number {n}" for n in range(195)}
    assert elapsed < 20


def test_skipped_extension_named_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    [e] = list(iter_articles([path]))
    assert isinstance(e, InputError)
    assert e.reason == "not an article: .png is an image"
    hidden = tmp_path / ".notes.txt"
    hidden.write_text(_article(1), encoding="utf-8")
    assert isinstance(one(hidden), Article)  # named explicitly: read


def test_sniffing(tmp_path: Path) -> None:
    assert sniff_format('[{"text": "x"}]') == "json"
    assert sniff_format("[Updated] Title\n\nBody.") == "text"
    assert sniff_format('{\n  "text": "x"\n}') == "json"
    assert sniff_format("<p>Hello</p>") == "html"
    assert sniff_format("<3 love letters") == "text"
    path = tmp_path / "article.data"
    path.write_text(_article(5), encoding="utf-8")
    item = one(path)
    assert isinstance(item, Article) and item.title == "Story number 5"


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = b"A sentence that repeats to fill the file.\n"
    big.write_bytes((line * (30_000_000 // len(line) + 1))[:30_000_000])
    start = time.perf_counter()
    e = one(big)
    assert time.perf_counter() - start < 0.5
    assert isinstance(e, InputError)
    assert e.reason == "the file (30 MB) is larger than the limit of 20 MB"
    assert_one_line(e, "huge.txt")
    small = tmp_path / "small.txt"
    small.write_text(_article(1), encoding="utf-8")
    e2 = one(small, max_bytes=10)
    assert isinstance(e2, InputError) and "larger than" in e2.reason


def test_stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_article(3).encode("utf-8"))))
    other = tmp_path / "other.txt"
    other.write_text(_article(4), encoding="utf-8")
    items = list(iter_articles(["-", "no-such-file", other]))
    assert [type(x) for x in items] == [Article, InputError, Article]
    assert items[0].source == "<stdin>"
    assert isinstance(items[0], Article) and items[0].title == "Story number 3"

    jsonl = b'{"text": "From a pipe."}\nnot json\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jsonl)))
    items = list(iter_articles(["-"]))
    assert [x.source for x in items] == ["<stdin>:1", "<stdin>:2"]

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert [str(x) for x in iter_articles(["-"])] == ["<stdin>: the file is empty"]

    monkeypatch.setattr(sys, "stdin", io.StringIO(_article(6)))  # no .buffer
    assert [a.title for a in read_path("-")] == ["Story number 6"]

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 100)))
    [e] = list(iter_articles(["-"], max_bytes=50))
    assert str(e) == "<stdin>: the file is larger than the limit of 50 bytes"


def test_odd_file_names_stay_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad\nname.txt"
    path.write_bytes(b"")
    [e] = list(iter_articles([tmp_path]))
    assert isinstance(e, InputError)
    assert "bad\\x0aname.txt: the file is empty" in str(e)
    assert_one_line(e, "name.txt")


def test_unexpected_errors_do_not_stop_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(raw: str, source: str = "") -> Article:
        raise ValueError("something\nbroke")

    monkeypatch.setattr(read, "parse_text", boom)
    (tmp_path / "a.txt").write_text(_article(1), encoding="utf-8")
    (tmp_path / "b.json").write_text('{"text": "Still read."}', encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert [type(x) for x in items] == [InputError, Article]
    assert str(items[0]).endswith("a.txt: unexpected error: ValueError: something broke")


def test_parse_bytes_never_raises() -> None:
    samples = [b"", b"\x00" * 10, b"{", b"[1", b"<html", b"\xff\xfe\x00", b"<p>x</p>", b"\x85"]
    for data in samples:
        for fmt in (None, "text", "html", "json", "jsonl"):
            for item in parse_bytes(data, "s", fmt):
                assert isinstance(item, Article | InputError)
                if isinstance(item, InputError):
                    assert_one_line(item, "s")
