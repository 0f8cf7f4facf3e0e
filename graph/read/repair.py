r"""Text repair: mojibake, HTML entities left in plain text, broken apostrophes.

Real folders hold text that went through a wrong encoding once ("protegÃ©s" for "protégés",
"donâ€™t" for "don't"), HTML entities copied into plain text or JSON ("It&#39;s",
"Blair&#191;s"), and apostrophes a converter replaced ("Blair¿s", "Blair?s", "Blair\ufffds").
Left alone, they become entity names ("Blair&#191;s") and split words. :func:`repair_text` is
the readers' one place for these fixes, applied before any offset is fixed (the offsets of
``kg extract`` are mapped back to the input by :mod:`graph.read.offsets`):

* **mojibake** is undone by ``ftfy`` (``fix_encoding``: text decoded as UTF-8 that was
  encoded in Windows-1252 or Latin-1, and the reverse, detected by ftfy's own heuristics,
  which leave correct text alone);
* **HTML entities** (``&amp;``, ``&#39;``, ``&#x2019;``) are decoded when the text holds no
  HTML tags (ftfy's ``unescape_html="auto"``): plain text that mentions ``<b>`` keeps its
  entities as written;
* a **broken apostrophe**: ``¿``, ``?`` or U+FFFD between a letter and an English clitic
  (``s``, ``t``, ``d``, ``ll``, ``re``, ``ve``, ``m``) and a word end is the apostrophe ``’``
  it stood for ("Blair¿s" -> "Blair’s", "don?t" -> "don’t"); a real question mark is followed
  by a space or a quotation mark, not by a clitic.

Nothing else is changed: quotes stay curly or straight as written, widths, ligatures, line
breaks and control characters are :func:`graph.read.decode.normalize_text`'s business.

Examples
--------
>>> repair_text("protegÃ©s said it&#39;s done; Blair&#191;s plan, don?t ask")
"protegés said it's done; Blair’s plan, don’t ask"
>>> repair_text("Is it? Some say so. <b>&amp;</b>")
'Is it? Some say so. <b>&amp;</b>'
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

__all__ = ["repair_text"]

_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",
    fix_encoding=True,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    remove_control_chars=False,
    remove_terminal_escapes=False,
    normalization=None,  # NFC is normalize_text's last step
    explain=False,
)
_BROKEN_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[¿?\ufffd](?=(?:s|t|d|ll|re|ve|m)\b)")
# what mojibake and entities are made of: without one of these, ftfy has nothing to do
_SUSPECT = re.compile(
    r"[&\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)


def repair_text(text: str) -> str:
    """``text`` with mojibake undone, entities decoded and broken apostrophes mended."""
    if _SUSPECT.search(text):
        text = ftfy.fix_text(text, _CONFIG)
        for _ in range(3):  # mojibake of mojibake ("FranÃƒÂ§ois") takes one pass a layer
            fixed = _MOJIBAKE_WORD.sub(_redecode, text)
            if fixed == text:
                break
            text = fixed
    return _BROKEN_APOSTROPHE.sub("\u2019", text)


# what ftfy leaves when a text mixes mojibake with correct non-ASCII characters (it then
# judges the whole text and declines): a word holding a UTF-8 lead byte read as Windows-1252
# ("Ã", "Â") followed by a continuation byte read so
# (also decomposed: "A" and a combining tilde for "Ã", as some converters write it)
_MOJIBAKE_WORD = re.compile(
    r"\S*(?:[\u00c2-\u00df]|[A-Z][\u0300-\u036f])[\u0080-\u00bf\u2018-\u203a\u0152-\u0178]\S*"
)


def _redecode(m: re.Match[str]) -> str:
    """One word re-read as the UTF-8 it was ("FranÃ§ois" -> "François"), or as it is
    when it does not decode so (a word that really holds "Ã"; a word whose bytes were lost,
    "RaÃol").

    >>> repair_text("It is a café. FranÃ§ois Hollande said so.")
    'It is a café. François Hollande said so.'
    >>> repair_text("It is a café. FranÃƒÂ§ois said so, said RaÃol.")
    'It is a café. François said so, said RaÃol.'
    """
    word = unicodedata.normalize("NFC", m.group())
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = word.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return fixed
    return word
