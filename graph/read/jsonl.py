"""JSON articles: ``.json`` (one object or a list of objects) and ``.jsonl``/``.ndjson``.

Each object is one article. Fields, with the aliases accepted (the first present wins):

=============  ==================================================  =========================
field          keys looked up                                      when missing / wrong type
=============  ==================================================  =========================
text           ``text``, ``body``, ``content``                     :class:`InputError`
title          ``title``, ``headline``                             None
published      ``published``, ``date``, ``datePublished``,         None
               ``published_at``
url            ``url``, ``link``                                   None
publisher      ``publisher``, ``sitename``, ``site_name``          None
language       ``language``, ``lang``                              None
authors        ``authors``, ``author``, ``byline`` (a string of    none
               names or a list), else the story's credit line
=============  ==================================================  =========================

* ``text`` must be a non-empty string: a missing key, ``null``, a number, a list... is an
  :class:`InputError` naming the record and the reason. Its newlines and control characters
  are normalized as for files (NEL, U+2028 and U+2029 are line breaks there too); each
  non-blank line is a paragraph (lines broken inside a sentence are rejoined as in the
  plain-text format) and paragraphs are joined with ``"\\n\\n"``. Markdown is *not*
  interpreted: the text is taken as plain text. Raw control characters inside JSON strings
  are tolerated (``json.loads(strict=False)``).
* ``published`` is an ISO date or datetime (``2025-03-04``, ``2025-03-04T10:00:00Z``); other
  date strings go through :func:`graph.read.text.parse_date`. An unreadable date, or an
  optional field of the wrong type, is ignored with a logged warning.
* Records are named for messages and provenance: ``path:LINE`` (1-based) in JSON Lines,
  ``path[INDEX]`` (0-based) in a JSON list, ``path`` for a single object.
* Invalid JSON -> :class:`InputError` with the position (line and column, or the column in
  a JSON Lines line). In JSON Lines each bad line is its own error and the good lines are
  still read; blank lines are skipped. A ``.json`` file that turns out to hold several
  objects one per line is read as JSON Lines.
* Wrong shape: a top-level value that is not an object or a list with objects
  (``[1, 2, 3]``, ``"text"``, ``[]``) is one :class:`InputError` for the file; in a list
  that holds objects, each non-object item is its own error.

Examples
--------
>>> items = list(parse_jsonl('{"title": "T", "text": "Talks resumed."}\\n[1]\\n', "a.jsonl"))
>>> items[0].source, items[0].text
('a.jsonl:1', 'Talks resumed.')
>>> str(items[1])
'a.jsonl:2: expected a JSON object, got a list'
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from graph.errors import InputError
from graph.read.decode import normalize_text
from graph.read.text import parse_date, rejoin_paragraphs
from graph.read.wire import WireParts, split_wire
from graph.records import Article

__all__ = ["FIELD_ALIASES", "parse_json", "parse_jsonl", "parse_record", "stream_jsonl"]

logger = logging.getLogger(__name__)

_LINES = re.compile(r"\r\n|\r|\n")  # JSON files are parsed as decoded, newlines unchanged

#: Article field -> the JSON keys read for it, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "published": ("published", "date", "datePublished", "published_at"),
    "url": ("url", "link"),
    "publisher": ("publisher", "sitename", "site_name"),
    "language": ("language", "lang"),
    "authors": ("authors", "author", "byline"),
}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _lookup(record: dict[str, Any], field: str) -> tuple[str | None, Any]:
    for key in FIELD_ALIASES[field]:
        if key in record:
            return key, record[key]
    return None, None


def _optional_str(record: dict[str, Any], field: str, source: str) -> str | None:
    key, value = _lookup(record, field)
    if key is None or value is None:
        return None
    if not isinstance(value, str):
        logger.warning("%s: ignoring %r, which is %s, not a string", source, key, _kind(value))
        return None
    return " ".join(value.split()) or None


def _published(record: dict[str, Any], source: str) -> date | None:
    value = _optional_str(record, "published", source)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    found = parse_date(value)
    if found is None:
        logger.warning("%s: ignoring the unreadable date %r", source, value)
    return found


def _body(text: str, title: str | None = None) -> WireParts:
    lines = [" ".join(line.split()) for line in normalize_text(text).split("\n")]
    return split_wire(rejoin_paragraphs([line for line in lines if line]), title)


def _people(record: dict[str, Any], source: str) -> tuple[str, ...]:
    """Authors from ``author``/``authors``/``byline``: a string ("Ann Lee and Bo Chen",
    "Ann Lee; Bo Chen") or a list of strings."""
    key, value = _lookup(record, "authors")
    if key is None or value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            logger.warning("%s: ignoring an author that is %s, not a string", source, _kind(item))
            continue
        for name in re.split(r"\s*(?:;|,| and |\n)\s*", item):
            name = re.sub(r"^[Bb]y\s+", "", " ".join(name.split()))
            if name and name not in out:
                out.append(name)
    return tuple(out)


def parse_record(record: object, source: str) -> Article:
    """One decoded JSON value as an :class:`Article`; :class:`InputError` if it is not one."""
    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, got {_kind(record)}")
    key, text = _lookup(record, "text")
    if key is None:
        names = ", ".join(f'"{k}"' for k in FIELD_ALIASES["text"])
        raise InputError(source, f"no article text: none of the fields {names} is present")
    if not isinstance(text, str):
        raise InputError(source, f'"{key}" is {_kind(text)}, not a string')
    title = _optional_str(record, "title", source)
    wire = _body(text, title)
    body = "\n\n".join(wire.paragraphs)
    if not body:
        raise InputError(source, f'no article body: "{key}" is empty')
    return Article(
        text=body,
        title=title,
        published=_published(record, source),
        url=_optional_str(record, "url", source),
        publisher=_optional_str(record, "publisher", source),
        source=source,
        language=_optional_str(record, "language", source),
        input_text=None if body == text else text,
        dateline=wire.dateline,
        agency=wire.agency,
        authors=_people(record, source) or wire.authors,
        editors=wire.editors,
    )


def _attempt(record: object, source: str) -> Article | InputError:
    try:
        return parse_record(record, source)
    except InputError as e:
        return e


def _position(e: json.JSONDecodeError, *, with_line: bool) -> str:
    """``invalid JSON: expecting value at line 1, column 34`` from a decoder error."""
    where = f"line {e.lineno}, column {e.colno}" if with_line else f"column {e.colno}"
    msg = e.msg[:1].lower() + e.msg[1:]
    return (
        f"invalid JSON: {msg} {where}" if msg.endswith(" at") else f"invalid JSON: {msg} at {where}"
    )


def parse_jsonl(raw: str, source: str = "<memory>") -> Iterator[Article | InputError]:
    """Each non-blank line of JSON Lines as an :class:`Article` or an :class:`InputError`."""
    seen = False
    for number, line in enumerate(_LINES.split(raw), start=1):
        if not line.strip():
            continue
        seen = True
        yield _parse_line(line, f"{source}:{number}")
    if not seen:
        yield InputError(source, "the file is empty")


def _parse_line(line: str, name: str) -> Article | InputError:
    """One line of JSON Lines (``name`` is ``path:line``) as an Article or an InputError."""
    try:
        record = json.loads(line, strict=False)
    except json.JSONDecodeError as e:
        return InputError(name, _position(e, with_line=False))
    except RecursionError:
        return InputError(name, "invalid JSON: nested too deeply")
    return _attempt(record, name)


def parse_json(raw: str, source: str = "<memory>") -> Iterator[Article | InputError]:
    """A JSON document (an object or a list of objects) as Articles and InputErrors."""
    try:
        value = json.loads(raw, strict=False)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" and raw.lstrip().startswith("{"):
            yield from parse_jsonl(raw, source)  # JSON Lines saved as .json
            return
        yield InputError(source, _position(e, with_line=True))
        return
    except RecursionError:
        yield InputError(source, "invalid JSON: nested too deeply")
        return
    if isinstance(value, dict):
        yield _attempt(value, source)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            yield _attempt(item, f"{source}[{index}]")
    elif isinstance(value, list):
        what = "an empty list" if not value else "a list without objects"
        yield InputError(source, f"expected a JSON object or a list of objects, got {what}")
    else:
        yield InputError(source, f"expected a JSON object or a list of objects, got {_kind(value)}")


def stream_jsonl(
    stream: Iterable[bytes], source: str, max_line_bytes: int
) -> Iterator[Article | InputError]:
    """JSON Lines read line by line from a binary stream (memory flat in the file's size).

    Lines must be UTF-8 (RFC 8259; a byte-order mark on the first line is dropped); a line
    that is not, or is longer than ``max_line_bytes``, is reported and skipped.

    >>> import io
    >>> items = list(stream_jsonl(io.BytesIO(b'{"text": "A."}\\n\\xff\\n'), "c.jsonl", 100))
    >>> [type(i).__name__ for i in items], str(items[1])
    (['Article', 'InputError'], 'c.jsonl:2: not UTF-8 text')
    """
    seen = False
    for number, raw in enumerate(stream, start=1):
        name = f"{source}:{number}"
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > max_line_bytes:
            yield InputError(name, f"the line is larger than {max_line_bytes:,} bytes")
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield InputError(name, "not UTF-8 text")
            continue
        if not line.strip():
            continue
        seen = True
        yield _parse_line(line, name)
    if not seen:
        yield InputError(source, "the file is empty")
