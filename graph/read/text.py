r"""The plain-text article format (``.txt``, ``.md``): title, date line, body, footer.

The format, as news sites' "copy as text" and markdown exports produce it::

    Title of the article                  <- title: the first non-blank line

    November 07, 2025                     <- date line

    Jane Doe, a minister. **Agency**      <- photo caption with a bold credit

    First paragraph with a [link](#) ...  <- body paragraphs, separated by blank lines
    Related article: [Other story](#)     <- dropped
    Original url:                         <- footer: becomes Article.url
    <https://example.org/story>

The heuristics, all independent of any particular article:

* **Lines.** Newlines and control characters are normalized first (:func:`normalize_text`);
  every line is stripped. A *block* is a run of non-blank lines; the lines of one block are
  joined with a space (hard-wrapped paragraphs).
* **Footer.** A line ``Original url:`` (also ``Original link``/``Source url``/``Canonical url``,
  any case) followed by a URL on the same line or on the next non-blank line. The URL may be
  wrapped in ``<...>`` or be a markdown link; it is kept as given (no validation beyond "a
  scheme followed by non-blank characters", no escaping: later stages encode it). Both lines
  are removed from the body, wherever they are.
* **Title.** The first non-blank line is the title when it is at most
  :data:`TITLE_MAX_CHARS` characters after markdown removal and either the next non-blank
  line is a date line, or it stands alone (a blank line or the end follows) and does not end
  with a full stop. Otherwise the article has no title and that line is body (a 2 MB single
  line is body, not a title). Leading ``#`` heading marks and markdown emphasis are removed.
* **Date line.** The line after the title (or the first line when there is no title) is the
  date line when it is at most :data:`DATE_LINE_MAX_CHARS` characters and reads as a date:
  English month-name dates (``November 07, 2025``, ``Nov. 7, 2025``, ``7 November 2025``,
  with an optional weekday, ``Published:``/``Updated:`` prefix and trailing time) and ISO
  dates are parsed by fixed patterns, without the locale; other short lines with a four-digit
  year and at most :data:`DATE_LINE_MAX_WORDS` words go to ``dateparser`` (any language:
  ``7 ноября 2025``). A line that matches a date pattern but names an impossible day
  (``February 31, 2025``) is still the date line: it is dropped from the body, ``published``
  is None and a warning is logged. A date in the future is kept as given and a warning is
  logged (it may be a typo, but the reader does not correct sources).
* **Captions.** A single-line block of at most :data:`CAPTION_MAX_CHARS` characters is a photo
  caption and is dropped when it ends with a bold credit (``... **Agency Name**``: at most
  :data:`CREDIT_MAX_WORDS` words, not ending with punctuation) and it is the first block of the
  body or the text before the credit ends a sentence; or when it starts with a label such as
  ``Photo:``, ``Image credit:``, ``Photo by``.
* **Related links.** A block of at most 400 characters starting with ``Related article:``
  (``Related:``, ``Related stories:``, ``Read more:``, ``Read also:``, ``See also:``, ...)
  is dropped whole.
* **Markdown.** Links ``[text](target)`` and ``[text][ref]`` keep their text; images
  ``![alt](src)`` are dropped; ``**bold**``, ``__bold__``, ``*italic*``, ``_italic_`` and
  ```code``` keep their words; ``<https://...>`` autolinks keep the URL; backslash escapes
  are honoured; ``#`` headings and ``>`` quote marks at the start of a line are removed.
  Anything else, HTML-looking text included, is kept verbatim: it is plain text.
* **Broken paragraphs.** A paragraph that does not end with sentence-final punctuation
  (``.``, ``!``, ``?``, ``…``, possibly followed by closing quotes or brackets) is joined to
  the next one with a single space when that one starts with a lowercase letter.
* **Body.** Runs of spaces and tabs collapse to one space; a wire dateline and credit line
  are taken out (:mod:`graph.read.wire`); paragraphs are joined with ``"\n\n"``. No
  paragraph left -> :class:`InputError` ``"no article body"``.

Examples
--------
>>> a = parse_text("Talks resume\n\nApril 2, 2025\n\nThe talks, officials said, will\n\n"
...                "resume on [Monday](#).\n\nOriginal url:\n\n<https://example.org/t>\n")
>>> a.title, a.published, a.url
('Talks resume', datetime.date(2025, 4, 2), 'https://example.org/t')
>>> a.text
'The talks, officials said, will resume on Monday.'
>>> parse_date("Friday, 7 November 2025")
datetime.date(2025, 11, 7)
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from graph.errors import InputError
from graph.read.decode import normalize_text
from graph.read.wire import split_wire
from graph.records import Article

__all__ = [
    "CAPTION_MAX_CHARS",
    "CREDIT_MAX_WORDS",
    "DATE_LINE_MAX_CHARS",
    "DATE_LINE_MAX_WORDS",
    "TITLE_MAX_CHARS",
    "parse_date",
    "parse_text",
    "rejoin_paragraphs",
    "strip_markdown",
]

logger = logging.getLogger(__name__)

#: The longest first line that is still taken for a title.
TITLE_MAX_CHARS = 200
#: The longest line that is still taken for a date line.
DATE_LINE_MAX_CHARS = 60
#: The most words a line may have to be handed to ``dateparser`` as a date line.
DATE_LINE_MAX_WORDS = 6
#: The longest block that can be a photo caption.
CAPTION_MAX_CHARS = 300
#: The most words of a bold photo credit.
CREDIT_MAX_WORDS = 8
_RELATED_MAX_CHARS = 400

# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR4 = r"(?P<year>\d{4})"
_DATE_PATTERNS = [
    re.compile(rf"{_WEEKDAY}{_MONTH}\s*{_DAY},?\s+{_YEAR4}", re.I),
    re.compile(rf"{_WEEKDAY}{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR4}", re.I),
    re.compile(
        rf"{_YEAR4}-(?P<mnum>\d{{1,2}})-{_DAY}"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?",
        re.I,
    ),
]
_DATE_PREFIX = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|dated?)"
    r"\s*:?\s*",
    re.I,
)
_TRAILING_TIME = re.compile(r"[\s,|·•–—-]+(?:at\s+)?\d{1,2}[:.]\d{2}\b.*$", re.I)
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|2\d)\d\d(?!\d)")
_ENDS_SENTENCE = re.compile(r"[.!?…]['\"”’»)\]]*$")
_ENDS_FULL_STOP = re.compile(r"(?<!\.)\.['\"”’»)\]]*$")


def _match_date(value: str) -> tuple[bool, date | None]:
    """(matched, date) for the fixed patterns; matched with None means an impossible date."""
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(value)
        if m is None:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
        try:
            return True, date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            return True, None
    return False, None


def _dateparser(value: str) -> date | None:
    try:
        import dateparser  # slow to import: only when the fixed patterns fail

        parsed = dateparser.parse(
            value,
            settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser has raised on odd input in the past; a date is optional
        logger.debug("dateparser failed on %r", value, exc_info=True)
        return None
    return parsed.date() if isinstance(parsed, datetime) else None


def _strip_date_decorations(value: str) -> str:
    value = " ".join(value.split())
    value = _DATE_PREFIX.sub("", value)
    without_time = _TRAILING_TIME.sub("", value)
    return without_time or value


def parse_date(value: str) -> date | None:
    """A date from a short string: ISO, English month names, else ``dateparser``.

    Returns None when the string is not a date or names an impossible day.

    >>> parse_date("2025-03-04T10:00:00Z"), parse_date("Nov. 7, 2025 10:32 am")
    (datetime.date(2025, 3, 4), datetime.date(2025, 11, 7))
    >>> parse_date("February 31, 2025") is None
    True
    """
    value = _strip_date_decorations(value)
    if not value or len(value) > DATE_LINE_MAX_CHARS:
        return None
    matched, found = _match_date(value)
    if matched:
        return found
    if _HAS_YEAR.search(value):
        return _dateparser(value)
    return None


def _date_line(line: str) -> tuple[bool, date | None]:
    """Whether ``line`` is a date line, and its date (None when impossible)."""
    if len(line) > DATE_LINE_MAX_CHARS * 2:
        return False, None
    value = _strip_date_decorations(strip_markdown(line))
    if not value or len(value) > DATE_LINE_MAX_CHARS or not _HAS_YEAR.search(value):
        return False, None
    matched, found = _match_date(value)
    if matched:
        return True, found
    if len(value.split()) > DATE_LINE_MAX_WORDS or _ENDS_SENTENCE.search(value):
        return False, None
    found = _dateparser(value)
    return found is not None, found


# --- markdown --------------------------------------------------------------------------------

_PROTECT_BASE = 0xF0000  # supplementary private use area: escaped characters hide here
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_PROTECTED = re.compile("[\U000f0000-\U000f007f]")
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>", re.I)
_BOLD_STARS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BOLD_UNDERSCORES = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])")
_CODE = re.compile(r"`([^`\n]+)`")
_LINE_MARK = re.compile(r"^(?:#{1,6}\s+|>\s+)+")
_SPACES = re.compile(r"\t[ \t]*| [ \t]+")  # runs to collapse; single spaces stay


def strip_markdown(s: str) -> str:
    """Markdown inline markup removed, the words kept (see the module docstring).

    >>> strip_markdown(r"**Bold** and *it* and [a link](https://x.org/a_(b)) \\*stars\\*")
    'Bold and it and a link *stars*'
    """
    if not any(c in s for c in "*_[`<\\"):
        return s
    s = _ESCAPE.sub(lambda m: chr(_PROTECT_BASE + ord(m[1])), s)
    s = _IMAGE.sub("", s)
    s = _LINK.sub(r"\1", s)
    s = _REF_LINK.sub(r"\1", s)
    s = _AUTOLINK.sub(r"\1", s)
    s = _BOLD_STARS.sub(r"\1", s)
    s = _BOLD_UNDERSCORES.sub(r"\1", s)
    s = _ITALIC_STAR.sub(r"\1", s)
    s = _ITALIC_UNDERSCORE.sub(r"\1", s)
    s = _CODE.sub(r"\1", s)
    return _PROTECTED.sub(lambda m: chr(ord(m[0]) - _PROTECT_BASE), s)


def _clean(line: str) -> str:
    """One line or block as body text: markdown removed, spaces collapsed."""
    return _SPACES.sub(" ", strip_markdown(line)).strip()


# --- structure -------------------------------------------------------------------------------

_FOOTER = re.compile(
    r"^(?:\*\*|__)?(?:original|source|canonical)\s+(?:url|link)(?:\*\*|__)?\s*:"
    r"(?:\*\*|__)?\s*(?P<rest>.*)$",
    re.I,
)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_MD_LINK_ONLY = re.compile(r"\[[^\[\]\n]*\]\((?P<target>.+)\)")
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|story|reading|coverage|content|news|links?))?"
    r"|read\s+(?:more|also)|see\s+also|also\s+read|more\s+on\s+this(?:\s+story)?)\s*:",
    re.I,
)
_PHOTO_LABEL = re.compile(
    r"^[(\[]?(?:(?:(?:photo|image|picture|illustration)s?(?:\s+credit)?|credit|caption)\s*:"
    r"|(?:photo|image|picture)s?\s+(?:by|courtesy\s+of)\s)",
    re.I,
)
_BOLD_CREDIT = re.compile(r"(?P<desc>.*?)\s*\*\*(?P<credit>[^*\n]+)\*\*\s*")


def _footer_url(value: str) -> str | None:
    value = value.strip()
    if m := _MD_LINK_ONLY.fullmatch(value):
        value = m["target"].strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    return value if _URL.fullmatch(value) else None


def _take_footer(lines: list[str]) -> str | None:
    """Find the ``Original url:`` footer, blank its lines in place, return the URL."""
    for i, line in enumerate(lines):
        if len(line) > 2000 or (m := _FOOTER.match(line)) is None:
            continue
        lines[i] = ""
        if m["rest"].strip():
            return _footer_url(m["rest"])
        j = _next_nonblank(lines, i + 1)
        if j is not None and (url := _footer_url(lines[j])) is not None:
            lines[j] = ""
            return url
        return None
    return None


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i]:
            return i
    return None


def _title_text(line: str) -> str:
    return _clean(_LINE_MARK.sub("", line))


def _header(lines: list[str], source: str) -> tuple[str | None, date | None, bool, int]:
    """Title, date, whether a date line was seen, and the index where the body starts."""
    i = _next_nonblank(lines, 0)
    if i is None:
        return None, None, False, len(lines)
    is_date, published = _date_line(lines[i])
    if is_date:
        return None, published, True, i + 1
    if len(lines[i]) > TITLE_MAX_CHARS * 3:  # cheap bound before any regex on a huge line
        return None, None, False, i
    title = _title_text(lines[i])
    if not title or len(title) > TITLE_MAX_CHARS:
        return None, None, False, i
    j = _next_nonblank(lines, i + 1)
    if j is not None:
        is_date, published = _date_line(lines[j])
        if is_date:
            return title, published, True, j + 1
    stands_alone = i + 1 == len(lines) or not lines[i + 1]
    if stands_alone and not _ENDS_FULL_STOP.search(title):
        return title, None, False, i + 1
    return None, None, False, i


def _is_caption(block: str, first: bool) -> bool:
    if len(block) > CAPTION_MAX_CHARS:
        return False
    if _PHOTO_LABEL.match(block):
        return True
    m = _BOLD_CREDIT.fullmatch(block) if block.endswith("**") else None
    if m is None:
        return False
    desc, credit = _clean(m["desc"]), m["credit"].strip()
    if not desc or not credit or len(credit.split()) > CREDIT_MAX_WORDS:
        return False
    if credit[-1] in ".!?,;:":
        return False
    return first or bool(_ENDS_SENTENCE.search(desc))


def rejoin_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join a paragraph broken in two: no sentence end, and the next starts in lowercase.

    >>> rejoin_paragraphs(["It was a tense", "call, he said.", "Then talks resumed."])
    ['It was a tense call, he said.', 'Then talks resumed.']
    """
    out: list[str] = []
    for p in paragraphs:
        if out and p[:1].islower() and not _ENDS_SENTENCE.search(out[-1]):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _body(blocks: list[list[str]]) -> list[str]:
    kept: list[str] = []
    for n, block in enumerate(blocks):
        raw = " ".join(_LINE_MARK.sub("", line) if line[0] in "#>" else line for line in block)
        if not _is_caption(raw, n == 0):
            kept.append(raw)
    # One markdown pass over all paragraphs at once (no pattern crosses a newline): a 20 MB
    # file of short paragraphs is cleaned in one regex call per pattern, not one per paragraph.
    cleaned = _SPACES.sub(" ", strip_markdown("\n".join(kept))).split("\n")
    paragraphs = [
        text
        for text in (p.strip() for p in cleaned)
        if text and not (len(text) <= _RELATED_MAX_CHARS and _RELATED.match(text))
    ]
    return rejoin_paragraphs(paragraphs)


def parse_text(raw: str, source: str = "<memory>") -> Article:
    r"""Parse one article in the plain-text format; :class:`InputError` if it has no body.

    >>> parse_text("Just a headline\n", "h.txt")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: h.txt: no article body
    """
    lines = [line.strip() for line in normalize_text(raw).split("\n")]
    url = _take_footer(lines)
    title, published, had_date, start = _header(lines, source)
    if had_date and published is None:
        logger.warning("%s: the date line is not a valid date; published is left empty", source)
    elif published is not None and published > date.today():
        logger.warning("%s: the date %s is in the future; kept as given", source, published)
    wire = split_wire(_body(_blocks(lines[start:])))
    if not wire.paragraphs:
        raise InputError(source, "no article body")
    body = "\n\n".join(wire.paragraphs)
    return Article(
        text=body,
        title=title,
        published=published,
        url=url,
        source=source,
        input_text=None if body == raw else raw,
        dateline=wire.dateline,
        agency=wire.agency,
        authors=wire.authors,
        editors=wire.editors,
    )
