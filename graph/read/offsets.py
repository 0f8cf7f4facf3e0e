r"""Offsets in the article text <-> offsets in the text the reader was given.

The reader cleans what it reads (:mod:`graph.read.text`, :mod:`graph.read.jsonl`): runs of
spaces collapse, paragraphs are joined with a blank line, a title or date line is taken out of
the body, markdown marks are dropped, the text is put in Unicode NFC. Every offset of the graph
refers to the cleaned :attr:`Article.text <graph.records.Article.text>`; a user who holds the
*input* text (the ``text`` field of a JSON article, the decoded file of a plain-text one) wants
the same spans in it. :class:`OffsetMap` aligns the two texts once and maps spans across.

How the alignment works, independent of any article: both texts are cut into words (runs of
non-space characters); equal words (equal once the input's are in NFC) are paired in order;
where the words differ (a dropped
title, ``[link](#)`` around a word, a composed accent) the walk looks ahead for the next three
words that agree in both texts (:data:`LOOKAHEAD` words at most) and aligns the characters in
between with :class:`difflib.SequenceMatcher`. The result is a list of runs of equal
characters; a span is mapped through the run that holds its first and its last character, so
a mapped span always starts and ends on characters equal to the ones it started and ended on.
Time and memory are linear in the length of the texts for what readers do (whitespace and
markup changes); only the stretches that differ are compared character by character.

Examples
--------
>>> raw = "Talks  resume\u00a0 today.\n\nThe minister said so."
>>> clean = "Talks resume today.\n\nThe minister said so."
>>> m = OffsetMap(clean, raw)
>>> b, e = clean.index("resume today"), clean.index("resume today") + len("resume today")
>>> m.span(b, e)
(7, 20)
>>> raw[7:20]
'resume\xa0 today'
>>> b = clean.index("minister")
>>> raw[slice(*m.span(b, b + 8))]
'minister'
>>> OffsetMap("same", "same").span(1, 3)
(1, 3)
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata

__all__ = ["LOOKAHEAD", "MAX_STRETCH", "OffsetMap"]

#: How many words ahead the aligner looks for text both sides share again.
LOOKAHEAD = 400
#: Longer stretches that differ are not aligned character by character (quadratic time).
MAX_STRETCH = 20_000
# words: runs of characters that are neither spaces nor control characters (the reader turns
# control characters into spaces, so they separate words in the article text)
_WORD = re.compile(r"[^\s\x00-\x08\x0e-\x1f\x7f-\x9f]+")
_ANCHOR = 3  # words that must agree to resynchronise


def _nfc(word: str) -> str:
    return word if unicodedata.is_normalized("NFC", word) else unicodedata.normalize("NFC", word)


class OffsetMap:
    """A map from offsets in ``clean`` (the article text) to offsets in ``raw`` (the input).

    ``identity`` is true when the two texts are the same, and every offset maps to itself.
    """

    def __init__(self, clean: str, raw: str) -> None:
        self.identity = clean == raw
        self._raw = raw
        # runs of equal characters: clean start, raw start, length (sorted, disjoint)
        self._runs: list[tuple[int, int, int]] = []
        if self.identity:
            self._runs = [(0, 0, len(clean))]
        else:
            self._align(clean, raw)
        self._starts = [r[0] for r in self._runs]

    # ------------------------------------------------------------------ building
    def _add(self, c: int, r: int, n: int) -> None:
        if n <= 0:
            return
        if self._runs:
            pc, pr, pn = self._runs[-1]
            if pc + pn == c and pr + pn == r:
                self._runs[-1] = (pc, pr, pn + n)
                return
        self._runs.append((c, r, n))

    def _chars(self, clean: str, cb: int, ce: int, raw: str, rb: int, re_: int) -> None:
        """Align the characters of two stretches that differ (left unmapped when either is
        longer than :data:`MAX_STRETCH`: offsets inside map to the nearest run)."""
        if cb >= ce or rb >= re_ or ce - cb > MAX_STRETCH or re_ - rb > MAX_STRETCH:
            return
        sm = difflib.SequenceMatcher(None, clean[cb:ce], raw[rb:re_], autojunk=False)
        for a, b, n in sm.get_matching_blocks():
            self._add(cb + a, rb + b, n)

    def _align(self, clean: str, raw: str) -> None:
        cw = [(m.start(), m.end()) for m in _WORD.finditer(clean)]
        rw = [(m.start(), m.end()) for m in _WORD.finditer(raw)]
        cwords = [clean[b:e] for b, e in cw]
        rwords = [_nfc(raw[b:e]) for b, e in rw]  # "Cafe\u0301" is the word "Café"
        i = j = 0
        while i < len(cw) and j < len(rw):
            if cwords[i] == rwords[j]:
                (cb, ce), (rb, re_) = cw[i], rw[j]
                if ce - cb == re_ - rb:
                    self._add(cb, rb, ce - cb)
                else:
                    self._chars(clean, cb, ce, raw, rb, re_)
                i += 1
                j += 1
                continue
            ni, nj = self._resync(cwords, rwords, i, j)
            c_end = cw[ni][0] if ni < len(cw) else len(clean)
            r_end = rw[nj][0] if nj < len(rw) else len(raw)
            self._chars(clean, cw[i][0], c_end, raw, rw[j][0], r_end)
            i, j = ni, nj

    @staticmethod
    def _resync(cwords: list[str], rwords: list[str], i: int, j: int) -> tuple[int, int]:
        """The nearest (i', j') at or after a mismatch where both texts agree again for
        :data:`_ANCHOR` words (a dropped title, a link's brackets), else for one word: the
        fewest words skipped on both sides, then the fewest of the article text's (readers
        drop words of the input, they seldom add any). The ends of both texts when they do
        not agree again within :data:`LOOKAHEAD` words."""
        for size in (_ANCHOR, 1):
            where: dict[tuple[str, ...], int] = {}
            for k in range(j, min(j + LOOKAHEAD + 1, len(rwords) - size + 1)):
                where.setdefault(tuple(rwords[k : k + size]), k)
            best: tuple[tuple[int, int], int, int] | None = None
            for k in range(i, min(i + LOOKAHEAD + 1, len(cwords) - size + 1)):
                if best is not None and k - i > best[0][0]:
                    break  # the cost is at least the words skipped here
                cand = where.get(tuple(cwords[k : k + size]))
                if cand is not None and (k, cand) != (i, j):
                    di, dj = k - i, cand - j
                    cost = (di + dj, di)
                    if best is None or cost < best[0]:
                        best = (cost, k, cand)
            if best is not None:
                return best[1], best[2]
        return len(cwords), len(rwords)

    # ------------------------------------------------------------------ mapping
    def _gap(self, pos: int) -> tuple[int, int]:
        """The stretch of the input between the runs around ``pos`` of the article text."""
        k = bisect.bisect_right(self._starts, pos)
        lo = self._runs[k - 1][1] + self._runs[k - 1][2] if k > 0 else 0
        hi = self._runs[k][1] if k < len(self._runs) else len(self._raw)
        return lo, max(lo, hi)

    def _run_at(self, pos: int) -> tuple[int, int, int] | None:
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0:
            c, r, n = self._runs[k]
            if c <= pos < c + n:
                return c, r, n
        return None

    def begin(self, pos: int) -> int:
        """Where a span that starts at ``pos`` of the article text starts in the input.

        Inside a run of equal characters, the same character; in a stretch that differs
        (spaces, a composed accent, a dropped mark), the first character of the input's
        stretch that is not a space."""
        run = self._run_at(pos)
        if run is not None:
            return run[1] + pos - run[0]
        lo, hi = self._gap(pos)
        while lo < hi and self._raw[lo].isspace():
            lo += 1
        return lo

    def end(self, pos: int) -> int:
        """Where a span that ends at ``pos`` (exclusive) of the article text ends in the input:
        after the same character, or after the last character of the input's stretch that
        is not a space."""
        if pos <= 0:
            return self.begin(0)
        run = self._run_at(pos - 1)
        if run is not None:
            return run[1] + pos - run[0]
        lo, hi = self._gap(pos - 1)
        while hi > lo and self._raw[hi - 1].isspace():
            hi -= 1
        return hi

    def span(self, begin: int, end: int) -> tuple[int, int]:
        """A span of the article text as a span of the input text."""
        if self.identity:
            return begin, end
        b = self.begin(begin)
        return b, max(b, self.end(end))
