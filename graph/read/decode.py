"""Bytes to clean text: size limit, binary detection, encoding, newlines and Unicode form.

Every input goes through :func:`read_bytes` (files) and :func:`decode` before a format parser
sees it. The rules, in order:

1. **Size.** A file larger than ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`, 20 MB) is
   refused from its size on disk, before it is read: ``"... larger than the 20 MB limit"``.
2. **Byte order mark.** A UTF-32 or UTF-16 BOM decodes the file in that encoding (it is text
   even though it is full of NUL bytes); a UTF-8 BOM is dropped. Without a BOM, a file whose
   bytes alternate with NULs (ASCII in UTF-16) is decoded as UTF-16 LE or BE.
3. **Empty.** Nothing but whitespace -> ``"the file is empty"``.
4. **Binary.** Control characters are C0 codes other than tab, newline, carriage return,
   vertical tab and form feed, plus DEL. Valid UTF-8 is refused as ``"binary data, not text"``
   only when more than :data:`BINARY_SHARE_UTF8` (10 %) of its bytes are control characters:
   real text is valid UTF-8 and a few stray NULs (a name like ``A<NUL>B``) do not make it
   binary. Bytes that are *not* valid UTF-8 are refused when they hold a NUL byte or more than
   :data:`BINARY_SHARE_LEGACY` (2 %) control bytes, or when more than 2 % of the characters
   decoded by the Latin-1 fallback are C1 control codes: legacy-encoded text has none of
   these. A file with a UTF-16/32 BOM is refused when more than 10 % of its decoded
   characters are control characters.
5. **Encoding.** UTF-8 first; if the bytes are not valid UTF-8, an encoding declared by the
   caller (the ``<meta charset>`` of an HTML page) when Python knows it and it decodes, else
   cp1252 (a superset of the printable Latin-1 range, so ``Café``/``Genève`` come out right),
   else Latin-1, which cannot fail.
6. **Normalization** (:func:`normalize_text`): ``\\r\\n`` and ``\\r`` become ``\\n``;
   stray BOMs (U+FEFF) are removed; control characters (C0 but tab, newline, vertical tab
   and form feed; DEL; C1 but NEL) become a space, so offsets stay meaningful and no NUL
   reaches the store; mojibake, HTML entities in plain text and broken apostrophes are
   repaired (:mod:`graph.read.repair`); the text is put in Unicode NFC. The other line
   separators (NEL,
   U+2028, U+2029, vertical tab, form feed) are left to the format parsers, because they may
   legally sit inside a JSON string: the text parser and the JSON ``text`` field turn them
   into ``\\n`` with ``normalize_text(..., line_separators=True)``.

Examples
--------
>>> decode(b"Caf\\xe9 in Gen\\xe8ve", "x.txt")
'Café in Genève'
>>> decode("\\ufeffTalks\\r\\nresume".encode("utf-16"), "x.txt")
'Talks\\nresume'
>>> decode(b"  \\n\\t ", "x.txt")
Traceback (most recent call last):
...
graph.errors.InputError: x.txt: the file is empty
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

from graph.errors import InputError
from graph.read.repair import repair_text

__all__ = [
    "BINARY_SHARE_LEGACY",
    "BINARY_SHARE_UTF8",
    "DEFAULT_MAX_BYTES",
    "decode",
    "format_size",
    "normalize_text",
    "read_bytes",
    "read_stream",
    "too_large",
]

#: Inputs larger than this many bytes are refused (20 MB, the same figure trafilatura uses).
DEFAULT_MAX_BYTES = 20_000_000

#: Valid UTF-8 with more than this share of control bytes is binary.
BINARY_SHARE_UTF8 = 0.10
#: Bytes that are not UTF-8 with more than this share of control bytes (or any NUL) are binary.
BINARY_SHARE_LEGACY = 0.02

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CRLF = re.compile(r"\r\n?")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def format_size(n: int) -> str:
    """A byte count for messages: ``20 MB``, ``30.5 MB``, ``512 bytes``.

    >>> format_size(20_000_000), format_size(30_500_000), format_size(512)
    ('20 MB', '30.5 MB', '512 bytes')
    """
    return f"{n / 1_000_000:.3g} MB" if n >= 100_000 else f"{n} bytes"


def too_large(source: str, limit: int, size: int | None = None) -> InputError:
    """The error for an input over the size limit (``size``: its size, when known)."""
    what = "the file" if size is None else f"the file ({format_size(size)})"
    return InputError(source, f"{what} is larger than the limit of {format_size(limit)}")


def read_bytes(path: str | os.PathLike[str], source: str, max_bytes: int) -> bytes:
    """The bytes of ``path``, or :class:`InputError` if it is too large or unreadable.

    A regular file is measured before it is opened; anything else (a pipe, ``/dev/stdin``) is
    read up to ``max_bytes + 1`` bytes and refused if it reaches that.
    """
    p = Path(path)
    try:
        st = p.stat()
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise too_large(source, max_bytes, st.st_size)
        with p.open("rb") as fh:
            return read_stream(fh, source, max_bytes)
    except InputError:
        raise
    except OSError as e:
        raise InputError(source, f"cannot read it: {e.strerror or type(e).__name__}") from None


def read_stream(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of a binary stream; :class:`InputError` if there are more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(source, max_bytes)
    return data


def _control_share(data: bytes, suspects: bytes) -> float:
    return (len(data) - len(data.translate(None, suspects))) / max(len(data), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ASCII text was saved as UTF-16 without a BOM, else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even_nuls = sample[0::2].count(0) / pairs
    odd_nuls = sample[1::2].count(0) / pairs
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _binary_text(text: str, share: float = BINARY_SHARE_UTF8) -> bool:
    sample = text[:100_000]
    return len(_CONTROLS.findall(sample)) > share * max(len(sample), 1)


def decode(data: bytes, source: str, *, declared: str | None = None, normalize: bool = True) -> str:
    """Decode and normalize the bytes of one input (see the module docstring for the rules).

    ``declared`` is an encoding named by the document itself (HTML ``<meta charset>``); it is
    only used when the bytes are not valid UTF-8. ``normalize=False`` leaves out step 6, for
    JSON, whose parser normalizes the ``text`` field itself: the field is then the user's
    text exactly, which the offsets of ``kg extract`` refer to. Raises :class:`InputError` for
    empty or binary input.
    """
    text: str | None = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                reason = f"not valid {label} despite its byte order mark (byte {e.start})"
                raise InputError(source, reason) from None
            if _binary_text(text):
                raise InputError(source, "binary data, not text")
            break
    if text is None and (guess := _utf16_without_bom(data)) is not None:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            text = None
        if text is not None and _binary_text(text):
            text = None
    if text is None:
        if not data.strip():
            raise InputError(source, "the file is empty")
        text = _decode_without_bom(data, source, declared)
    if normalize:
        text = normalize_text(text, line_separators=False)
    if not text.strip():
        raise InputError(source, "the file is empty")
    return text


def _decode_without_bom(data: bytes, source: str, declared: str | None) -> str:
    """UTF-8, else the declared encoding, cp1252 or Latin-1; binary data refused."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_share(data, _CONTROL_BYTES) > BINARY_SHARE_UTF8:
            raise InputError(source, "binary data, not text")
        return text
    if b"\x00" in data or _control_share(data, _CONTROL_BYTES) > BINARY_SHARE_LEGACY:
        raise InputError(source, "binary data, not text")
    text = _decode_legacy(data, declared)
    if _binary_text(text, BINARY_SHARE_LEGACY):  # C1 codes left by the Latin-1 fallback
        raise InputError(source, "binary data, not text")
    return text


def _decode_legacy(data: bytes, declared: str | None) -> str:
    if declared and not declared.lower().startswith("utf"):
        try:
            return data.decode(codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalize_text(text: str, *, line_separators: bool = True) -> str:
    r"""Newlines to ``\n``, control characters to spaces, no BOM, mojibake, HTML entities and
    broken apostrophes repaired (:func:`graph.read.repair.repair_text`), Unicode NFC.

    With ``line_separators`` (the default), NEL, U+2028, U+2029, vertical tab and form feed
    are line breaks too; without, only ``\r\n`` and ``\r`` are changed.

    >>> normalize_text("A\x00B\r\nCafe\u0301\ufeff\u2028")
    'A B\nCafé\n'
    >>> normalize_text("A\u2028B\rC", line_separators=False)
    'A\u2028B\nC'
    """
    text = (_NEWLINES if line_separators else _CRLF).sub("\n", text)
    text = text.replace("\ufeff", "")
    text = _CONTROLS.sub(" ", text)
    text = repair_text(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
