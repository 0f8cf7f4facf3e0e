"""General word lists the extractor reads from ``graph/data/`` (never names of one article).

Countries with aliases, demonyms and capitals; international organizations; job titles and
their modifiers; nouns for media outlets, events and institutions; reporting verbs, denial
and hedge cues, and the nouns of anonymous sources. Lookups are by
:func:`norm_key`: case-folded, a leading "the" and a trailing possessive removed.

Examples
--------
>>> norm_key("The  Financial Times's")
'financial times'
>>> lex = lexicon()
>>> lex.country_of("U.S.")
'United States'
>>> lex.country_of("Kyiv") is None   # capitals are not country names
True
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["DATA_DIR", "Lexicon", "lexicon", "norm_key"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_THE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSS = re.compile(r"\s*['\u2019]s?$")


def norm_key(text: str) -> str:
    """The lookup key of a name: case-folded, spaces collapsed, no leading article/possessive."""
    t = " ".join(text.split())
    t = _POSS.sub("", t)
    t = _THE.sub("", t)
    return t.casefold()


def _lines(name: str) -> list[str]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _tsv(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k: (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(fh, delimiter="\t")
        ]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass
class Lexicon:
    """The word lists, indexed for lookup."""

    countries: dict[str, str] = field(default_factory=dict)  # key -> country name
    demonyms: dict[str, str] = field(default_factory=dict)  # key -> country name
    demonym_of: dict[str, str] = field(default_factory=dict)  # country name -> adjective
    capitals: dict[str, str] = field(default_factory=dict)  # key -> country name
    organizations: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (name, type)
    titles: set[str] = field(default_factory=set)
    title_modifiers: set[str] = field(default_factory=set)
    media_nouns: set[str] = field(default_factory=set)
    event_nouns: set[str] = field(default_factory=set)
    institution_nouns: set[str] = field(default_factory=set)
    reporting_verbs: set[str] = field(default_factory=set)
    deny_cues: set[str] = field(default_factory=set)
    deny_phrases: list[str] = field(default_factory=list)
    hedge_cues: set[str] = field(default_factory=set)
    source_nouns: set[str] = field(default_factory=set)
    head_titles: set[str] = field(default_factory=set)

    def country_of(self, name: str) -> str | None:
        """The country a name or alias denotes, if it is one."""
        return self.countries.get(norm_key(name))

    def organization_of(self, name: str) -> tuple[str, str] | None:
        """(canonical name, type key) of a known international organization."""
        return self.organizations.get(norm_key(name))


@cache
def lexicon() -> Lexicon:
    """Load the word lists once."""
    lex = Lexicon()
    for row in _tsv("countries.tsv"):
        name = row.get("name", "")
        if not name:
            continue
        for alias in [name, *_split(row.get("aliases", ""))]:
            lex.countries[norm_key(alias)] = name
        dems = _split(row.get("demonyms", ""))
        for d in dems:
            lex.demonyms[norm_key(d)] = name
        if dems:
            lex.demonym_of[name] = dems[0]
        for c in _split(row.get("capitals", "")):
            lex.capitals[norm_key(c)] = name
    for row in _tsv("organizations.tsv"):
        name = row.get("name", "")
        if not name:
            continue
        typ = row.get("type") or "Organization"
        for alias in [name, *_split(row.get("aliases", ""))]:
            lex.organizations[norm_key(alias)] = (name, typ)
    lex.titles = {t.casefold() for t in _lines("titles.txt")}
    lex.title_modifiers = {t.casefold() for t in _lines("title_modifiers.txt")}
    lex.media_nouns = {t.casefold() for t in _lines("media_nouns.txt")}
    lex.event_nouns = {t.casefold() for t in _lines("event_nouns.txt")}
    lex.institution_nouns = {t.casefold() for t in _lines("institution_nouns.txt")}
    lex.reporting_verbs = {t.casefold() for t in _lines("reporting_verbs.txt")}
    lex.deny_cues = {t.casefold() for t in _lines("deny_cues.txt")}
    lex.deny_phrases = sorted({t.casefold() for t in _lines("deny_phrases.txt")}, key=len)
    lex.hedge_cues = {t.casefold() for t in _lines("hedge_cues.txt")}
    lex.source_nouns = {t.casefold() for t in _lines("source_nouns.txt")}
    lex.head_titles = {t.casefold() for t in _lines("head_titles.txt")}
    return lex
