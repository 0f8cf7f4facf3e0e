"""HTML articles (``.html``, ``.htm``, ``.xhtml``): main text and metadata via trafilatura.

:func:`parse_html` runs ``trafilatura.bare_extraction`` with metadata, without comments and
without tables (pipe-separated cells are not prose), and with htmldate's *extensive* date
search off: that search guesses dates from copyright lines (``(c) 2025`` -> 2025-01-01).

* ``text``: trafilatura's main text, one line per block element. Lines are stripped and
  their inner whitespace collapsed; a first line equal to the title (the ``<h1>``) is
  dropped; lines broken inside a sentence (inline elements left unclosed in broken markup)
  are rejoined by :func:`graph.read.text.rejoin_paragraphs`; paragraphs are joined with
  ``"\\n\\n"`` as in the plain-text format.
* No main text, or no paragraph of at least :data:`MIN_PARAGRAPH_WORDS` words (a page with
  only a navigation bar yields ``Home``) -> :class:`InputError`
  ``"no article text found in the HTML"``.
* ``title``, ``url`` (canonical link or ``og:url``), ``publisher`` (``og:site_name`` and
  the like: trafilatura's *sitename*) and ``published`` (htmldate, ISO date) come from the
  page's metadata; ``language`` is the primary subtag of ``<html lang="...">`` if any.
* A fragment without an ``<html>`` element is wrapped in one, since trafilatura rejects
  bare fragments. Anything trafilatura or lxml raises becomes an :class:`InputError`.

Markup and entities in the page are resolved by the HTML parser: the text holds what a
reader sees (``&lt;b&gt;`` becomes ``<b>`` as characters, never as markup).
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from graph.errors import InputError
from graph.read.text import rejoin_paragraphs
from graph.read.wire import split_wire
from graph.records import Article

__all__ = ["MIN_PARAGRAPH_WORDS", "declared_charset", "parse_html"]

logger = logging.getLogger(__name__)

#: An HTML page must yield at least one paragraph of this many words to count as an article.
MIN_PARAGRAPH_WORDS = 5

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(
    r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})(?![A-Za-z])""", re.I
)
_HTML_TAG = re.compile(r"<html\b", re.I)

NO_TEXT = "no article text found in the HTML"


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag of its first 4 KB, if any.

    >>> declared_charset(b'<html><head><meta charset="windows-1251">')
    'windows-1251'
    """
    m = _META_CHARSET.search(data[:4096])
    return m[1].decode("ascii") if m else None


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _extract(raw: str) -> Any:
    import trafilatura  # slow to import: only when an HTML page is read

    if not _HTML_TAG.search(raw[:4096]):
        raw = f"<html><body>{raw}</body></html>"
    return trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def parse_html(raw: str, source: str = "<memory>") -> Article:
    """Parse one HTML page; :class:`InputError` when it holds no article text.

    >>> page = ("<html lang='en'><head><title>Talks resume</title></head><body><article>"
    ...         "<h1>Talks resume</h1><p>The minister said the talks would resume soon.</p>"
    ...         "</article></body></html>")
    >>> a = parse_html(page)
    >>> a.title, a.text, a.language
    ('Talks resume', 'The minister said the talks would resume soon.', 'en')
    """
    try:
        doc = _extract(raw)
    except Exception as e:  # lxml/trafilatura on hostile markup: refuse the file, not the run
        logger.debug("%s: trafilatura failed", source, exc_info=True)
        raise InputError(source, f"the HTML could not be parsed ({type(e).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, NO_TEXT)
    title = _one_line(getattr(doc, "title", None))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    wire = split_wire(rejoin_paragraphs(lines))
    paragraphs = wire.paragraphs
    if not any(len(p.split()) >= MIN_PARAGRAPH_WORDS for p in paragraphs):
        raise InputError(source, NO_TEXT)
    published: date | None = None
    raw_date = getattr(doc, "date", None)
    if isinstance(raw_date, str):
        try:
            published = date.fromisoformat(raw_date[:10])
        except ValueError:
            logger.warning("%s: ignoring the unreadable date %r", source, raw_date)
    lang = _HTML_LANG.search(raw[:8192])
    language = lang[1].lower() if lang else _one_line(getattr(doc, "language", None))
    return Article(
        text="\n\n".join(paragraphs),
        title=title,
        published=published,
        url=_one_line(getattr(doc, "url", None)),
        publisher=_one_line(getattr(doc, "sitename", None)),
        source=source,
        language=language,
        dateline=wire.dateline,
        agency=wire.agency,
        authors=_authors(getattr(doc, "author", None)) or wire.authors,
        editors=wire.editors,
    )


def _authors(value: object) -> tuple[str, ...]:
    """trafilatura's author metadata ("Ann Lee; Bo Chen") as names."""
    if not isinstance(value, str):
        return ()
    names = (" ".join(n.split()) for n in re.split(r"\s*(?:;|,| and )\s*", value))
    return tuple(dict.fromkeys(n for n in names if n))
