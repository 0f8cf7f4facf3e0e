r"""Wire copy: the dateline that opens a story and the credit line that closes it.

Agency stories and the papers that reprint them open with a dateline and end with credits::

    MOSCOW, Nov 7 (Reuters) - The Kremlin said on Friday ...
    WASHINGTON (AP) — ...
    BEIRUT — ...
    ...
    Reporting by Jane Roe; Additional reporting by Ann Lee; Editing by John Doe

Left in the body they become entities ("RIO DE", a person "Andrew OsbornEditing") and
mentions of people who are not in the story. :func:`split_wire` takes them out of the
paragraphs and returns what they say: the dateline place (``schema:locationCreated``), the
agency (``schema:sourceOrganization``), the reporters (``schema:author``) and the editors
(``schema:editor``). The rules, independent of any agency or place:

* **Dateline**: the first paragraph starts with a place in capital letters (at least three
  capitals in all, so not "U.S." or "UN"; words of capitals with ``.``, ``'``, ``-``, and
  lower-case particles such as ``de`` between them; optionally ``, Region`` after it), then
  optionally ``, <Month> <day>``, then optionally an agency in brackets, then a dash (``-``,
  ``--``, en or em dash) and the story. The place is given in title case with particles in
  lower case ("RIO DE JANEIRO" -> "Rio de Janeiro"). Without a dash there is no dateline:
  "WASHINGTON is ..." starts a sentence.
* **Credit line**: a paragraph (the last, or one of the last three) made only of credits:
  ``Reporting by``, ``Additional reporting by``, ``Writing by``, ``Editing by``, ``Compiled by``,
  ``Produced by``, ``Graphics by``, each followed by names separated by commas or "and", the
  credits separated by ``;``, ``,``, a newline, a space or nothing (a page that lost its line
  breaks gives "Reporting by Ann LeeEditing by John Doe"), optionally in brackets. Reporting,
  writing and compiling credit authors; editing and producing, editors.
* **Contributor and follow lines** of newspapers and websites, in the same last three
  paragraphs: ``Contributing: Ann Lee, Bo Chen.`` (names, optionally each with an
  affiliation after a comma that is not a name of two or more words: the names are kept);
  and the author's social-media line, ``Follow Ann Lee on Twitter @annlee.`` (optionally with
  a description before the name, "Follow staff writer Ann Lee on Twitter", and a second
  sentence of contact details, "Reach her at ..."). Both credit authors.

Examples
--------
>>> w = split_wire(["MOSCOW, Nov 7 (Reuters) - The Kremlin said talks would go on.",
...                 "Reporting by Jane Roe and Ann Lee; Editing by John Doe"])
>>> w.paragraphs, w.dateline, w.agency
(['The Kremlin said talks would go on.'], 'Moscow', 'Reuters')
>>> w.authors, w.editors
(('Jane Roe', 'Ann Lee'), ('John Doe',))
>>> split_wire(["RIO DE JANEIRO — Police said ..."]).dateline
'Rio de Janeiro'
>>> split_wire(["NATO is an alliance.", "Reporting by hand is slow."]).paragraphs
['NATO is an alliance.', 'Reporting by hand is slow.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["WireParts", "split_wire"]

_PARTICLES = frozenset(["de", "da", "do", "dos", "das", "di", "del", "la", "le", "el", "al", "of"])
_PLACE_WORD = r"(?:[A-Z][A-Z.'\u2019\-]+|de|da|do|dos|das|di|del|la|le|el|al)"
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'\u2019\-]+(?: {_PLACE_WORD})*)"
    r"(?:, (?P<region>[A-Z][A-Za-z.\- ]{1,30}?))?"
    r"(?:, (?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Z][A-Za-z0-9 .&/\-]{0,40})\))?"
    r"\s*(?:-{1,2}|\u2013|\u2014)\s+(?=\S)"
)
_ROLE = (
    r"(?P<role>(?:Additional |Further )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|"
    r"[Pp]roduced|[Gg]raphics|[Ww]riting and reporting|[Rr]eporting and writing)) by "
)
_CREDIT = re.compile(_ROLE)
_NAME = r"[A-Z][\w.'\u2019\-]*(?: (?:[A-Z][\w.'\u2019\-]*|de|van|von|der|da|di|al|bin|el))*"
_NAMES = rf"{_NAME}(?:(?:, | and |, and ){_NAME})*(?: in {_NAME})?"  # "... by Ann Lee in Paris"
_CREDIT_LINE = re.compile(
    rf"^\(?\s*(?:{_ROLE.replace('?P<role>', '?:')}{_NAMES}\s*[;,]?\s*)+\)?\.?$"
)
_AUTHOR_ROLES = ("report", "writ", "compil")
_CONTRIBUTING = re.compile(rf"^Contributing: (?P<names>{_NAMES}(?:, [^;]*)?)\.?$")
_FOLLOW = re.compile(
    r"^Follow (?P<who>[^.@]{3,120}?) on (?:Twitter|X|Facebook|Instagram|Threads|Bluesky)\b"
    r"[^\n]{0,80}?(?:\.|$)(?P<rest>[^\n]*)$"
)
# last words of a contributor's affiliation ("Ann Lee, Medill News Service"), not a name
_AFFILIATION_HEADS = frozenset(
    ["Service", "News", "Press", "Agency", "Bureau", "Network", "Times", "Post", "Journal",
     "Wire", "School", "University", "College"]
)  # fmt: skip
_PERSON_NAME = re.compile(r"(?:[A-Z][\w.'\u2019\-]+ ){1,3}[A-Z][\w'\u2019\-]+$")


@dataclass
class WireParts:
    """The paragraphs without dateline and credits, and what those said."""

    paragraphs: list[str]
    dateline: str | None = None
    agency: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    editors: tuple[str, ...] = field(default_factory=tuple)


def _title_case(place: str) -> str:
    words = []
    for i, w in enumerate(place.split()):
        low = w.lower()
        if i and low in _PARTICLES:
            words.append(low)
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(words)


def _names(text: str) -> list[str]:
    text = re.sub(r"\s*[;,.)]+\s*$", "", text.strip())
    text = re.sub(r" in [A-Z][\w.'\u2019\- ]*$", "", text)  # where they reported from
    parts = re.split(r", and |, | and ", text)
    return [p.strip() for p in parts if p.strip()]


def _credits(paragraph: str) -> tuple[list[str], list[str]] | None:
    """(authors, editors) of a credit line, or None if the paragraph is not one."""
    # a page that lost its line breaks: "Ann LeeEditing by" -> "Ann Lee; Editing by"
    p = re.sub(rf"(?<=[a-z])(?={_ROLE})", "; ", paragraph.strip())
    if not _CREDIT_LINE.match(p):
        return None
    authors: list[str] = []
    editors: list[str] = []
    matches = list(_CREDIT.finditer(p))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        chunk = p[m.end() : nxt.start() if nxt else len(p)]
        names = _names(chunk.rstrip(") "))
        target = authors if m["role"].lower().startswith(_AUTHOR_ROLES) else editors
        if m["role"].lower().startswith(("additional", "further")):
            target = authors
        target.extend(n for n in names if n not in target)
    return authors, editors


def _contributors(paragraph: str) -> list[str] | None:
    """The authors a contributor or follow line credits (see the module docstring), or None.

    >>> _contributors("Contributing: Ann Lee, Bo Chen, and Cy Dent.")
    ['Ann Lee', 'Bo Chen', 'Cy Dent']
    >>> _contributors("Contributing: Ann Lee, Midvale News Service.")
    ['Ann Lee']
    >>> _contributors("Follow staff writer Ann Lee on Twitter @annlee. Reach her at a@b.c.")
    ['Ann Lee']
    >>> _contributors("Follow the money on Twitter, he said.") is None
    True
    """
    p = paragraph.strip()
    m = _CONTRIBUTING.match(p)
    if m:
        names = [
            n
            for n in _names(m["names"])
            if len(n.split()) >= 2 and n.split()[-1] not in _AFFILIATION_HEADS
        ]
        return names or None
    m = _FOLLOW.match(p)
    if m and (not m["rest"].strip() or "@" in m["rest"] or m["rest"].lstrip().startswith("Reach")):
        name = _PERSON_NAME.search(m["who"])
        return [name.group()] if name else None
    return None


def _same_heading(paragraph: str, title: str) -> bool:
    """Whether a paragraph is the article's title again (a body that repeats its headline),
    final punctuation and spacing aside."""

    def key(t: str) -> str:
        return " ".join(t.split()).rstrip(" .!?:").casefold()

    return bool(title.strip()) and key(paragraph) == key(title)


def split_wire(paragraphs: list[str], title: str | None = None) -> WireParts:
    """The dateline of the first paragraph and the credit lines of the last three, taken out
    (see the module docstring); paragraphs left empty are dropped. When the first paragraph
    is the ``title`` again (bodies that repeat their headline), the dateline is looked for in
    the second; after a short subhead of one sentence, in the next.

    >>> split_wire(["Storm Hits Coast.", "MARVIK, N.H. — The storm hit."], "Storm Hits Coast")
    ... # doctest: +ELLIPSIS
    WireParts(paragraphs=['Storm Hits Coast.', 'The storm hit.'], dateline='Marvik', ...)
    """
    out = WireParts(list(paragraphs))
    if not out.paragraphs:
        return out
    first = (
        1 if title and len(out.paragraphs) > 1 and _same_heading(out.paragraphs[0], title) else 0
    )
    # the dateline opens the story: the first paragraph, or one after a headline and a
    # subhead of one sentence ("Trump, Sanders lead; primary unlikely to settle race.")
    for i in range(first, min(first + 2, len(out.paragraphs))):
        m = _DATELINE.match(out.paragraphs[i])
        if m and len(re.sub(r"[^A-Z]", "", m["place"])) >= 3:  # not "U.S. -", "UN -"
            out.dateline = _title_case(m["place"])
            out.agency = m["agency"] or None
            out.paragraphs[i] = out.paragraphs[i][m.end() :]
            break
        if len(out.paragraphs[i]) > 200 or ". " in out.paragraphs[i].strip():
            break  # a paragraph of the story: no dateline after it
    authors: list[str] = []
    editors: list[str] = []
    for i in range(len(out.paragraphs) - 1, max(len(out.paragraphs) - 4, 0) - 1, -1):
        found = _credits(out.paragraphs[i])
        if found is None:
            names = _contributors(out.paragraphs[i])
            found = (names, []) if names else None
        if found is None:
            continue
        authors[:0], editors[:0] = found
        out.paragraphs[i] = ""
    out.authors, out.editors = tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(editors))
    out.paragraphs = [p for p in out.paragraphs if p.strip()]
    return out
