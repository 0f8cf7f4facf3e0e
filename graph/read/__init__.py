r"""Read articles from files, folders and standard input: the first stage of the pipeline.

:func:`iter_articles` turns a list of paths into :class:`~graph.records.Article` records.
A bad input never stops it: each problem is *yielded* as an :class:`~graph.errors.InputError`
(one line: ``SOURCE: reason``) and reading goes on with the next input.

Inputs
------
* ``-`` reads standard input (its bytes; format sniffed), named ``<stdin>``. A file really
  called ``-`` can be given as ``./-``.
* A file is read whatever its name (hidden or not); a file whose extension is in
  :data:`SKIPPED_SUFFIXES` is refused as "not an article".
* A folder is walked recursively in sorted order (by name, folders entered where they sort),
  skipping: hidden entries (``.name``), editor backups (``name~``), Office lock files
  (``~$name``), :data:`SKIPPED_NAMES` (``__MACOSX``, ``__pycache__``, ...), files that
  describe the folder (:data:`SKIPPED_STEMS`: ``README.md``, ``LICENSE``...), files with an
  extension in :data:`SKIPPED_SUFFIXES` (images, audio, video, archives, office documents and
  PDF, executables and compiled code, databases, fonts, source code and style sheets),
  special files (pipes, sockets) and symbolic links to folders (no loops). A broken
  symbolic link is reported. Everything else is read.
* A path that does not exist -> ``"PATH: no such file or folder"``.

Formats
-------
By extension (:data:`FORMATS`): ``.txt .text .md .markdown`` -> plain text
(:func:`parse_text`), ``.html .htm .xhtml .shtml`` -> HTML (:func:`parse_html`), ``.json``
-> JSON (:func:`parse_json`), ``.jsonl .ndjson .jsonlines`` -> JSON Lines
(:func:`parse_jsonl`). Other extensions, no extension and stdin are *sniffed* after decoding:
``{`` at the start -> JSON Lines if the first line is a whole JSON value, else JSON; ``[``
-> JSON if the whole input parses; ``<`` followed by an HTML or XML tag -> HTML; anything
else -> plain text.

Bytes become text by :func:`graph.read.decode.decode` (size limit, binary detection,
UTF-8/UTF-16/cp1252, newlines, NFC). Names in messages and in ``Article.source`` are the
paths as given joined with the relative path inside a folder; control characters and
undecodable bytes in file names are shown as ``\xNN`` escapes so messages stay on one line.

Examples
--------
>>> a = parse_text("Talks resume in Vienna\n\nApril 2, 2025\n\n"
...                "The [minister](#) said **talks** would\n\nresume next week.\n")
>>> a.title, a.published
('Talks resume in Vienna', datetime.date(2025, 4, 2))
>>> a.text
'The minister said talks would resume next week.'
>>> [str(x) for x in iter_articles(["no/such/file.txt"])]
['no/such/file.txt: no such file or folder']
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import InputError
from graph.read.decode import (
    DEFAULT_MAX_BYTES,
    decode,
    normalize_text,
    read_bytes,
    read_stream,
    too_large,
)
from graph.read.html import declared_charset, parse_html
from graph.read.jsonl import parse_json, parse_jsonl, stream_jsonl
from graph.read.text import parse_text
from graph.records import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "SKIPPED_NAMES",
    "SKIPPED_STEMS",
    "SKIPPED_SUFFIXES",
    "STDIN",
    "display_name",
    "estimate_count",
    "iter_articles",
    "parse_bytes",
    "parse_html",
    "parse_json",
    "parse_jsonl",
    "parse_text",
    "read_path",
    "sniff_format",
]

logger = logging.getLogger(__name__)

#: The path that means standard input.
STDIN = "-"

#: Extension -> format (``text``, ``html``, ``json``, ``jsonl``); other extensions are sniffed.
FORMATS: dict[str, str] = {
    **dict.fromkeys((".txt", ".text", ".md", ".markdown", ".mdown", ".mkd"), "text"),
    **dict.fromkeys((".html", ".htm", ".xhtml", ".shtml"), "html"),
    ".json": "json",
    **dict.fromkeys((".jsonl", ".ndjson", ".jsonlines"), "jsonl"),
}

_SKIPPED_GROUPS: dict[str, str] = {
    "an image": ".png .jpg .jpeg .gif .bmp .tif .tiff .webp .ico .svg .heic .heif .avif .psd "
    ".raw .cr2 .nef .eps",
    "audio or video": ".mp3 .m4a .wav .ogg .oga .flac .aac .opus .wma .mp4 .m4v .avi .mov .mkv "
    ".webm .wmv .flv .mpg .mpeg",
    "an archive": ".zip .gz .tgz .bz2 .tbz2 .xz .txz .zst .7z .rar .tar .lz .lzma .z .cab .iso "
    ".dmg .img",
    "a document format that is not supported (convert it to text or HTML)": ".pdf .doc .docx "
    ".odt .rtf .xls .xlsx .ods .ppt .pptx .odp .epub .pages .numbers .key",
    "a program or compiled code": ".exe .dll .so .dylib .o .a .lib .bin .class .jar .war .pyc "
    ".pyo .pyd .whl .egg .deb .rpm .msi .apk",
    "a database or binary data": ".db .sqlite .sqlite3 .parquet .pkl .pickle .npy .npz .h5 "
    ".hdf5 .feather .arrow .avro .orc .lmdb .mdb",
    "a font": ".ttf .otf .woff .woff2 .eot",
    "source code or a style sheet": ".py .js .mjs .ts .css .scss .map .sh .bat .ps1 .c .h .cpp "
    ".java .go .rs",
    "a lock, swap or partial download file": ".lock .swp .swo .tmp .part .crdownload",
}
_SKIPPED_KIND = {
    suffix: kind for kind, group in _SKIPPED_GROUPS.items() for suffix in group.split()
}

#: Extensions that are obviously not articles: skipped in folders, refused when named.
SKIPPED_SUFFIXES: frozenset[str] = frozenset(_SKIPPED_KIND)

#: File and folder names skipped in folders, besides hidden ones.
SKIPPED_NAMES: frozenset[str] = frozenset(
    {"__MACOSX", "__pycache__", "node_modules", "Thumbs.db", "desktop.ini", "Icon\r"}
)

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_HTML_START = re.compile(
    r"<(?:!doctype|\?xml|html|head|body|article|main|section|div|p|meta|title|h[1-6])\b", re.I
)


def display_name(path: str | os.PathLike[str]) -> str:
    r"""A path as text for messages: control characters and undecodable bytes escaped.

    >>> display_name("odd\nname\udce9.txt")
    'odd\\x0aname\\xe9.txt'
    """

    def escape(m: re.Match[str]) -> str:
        code = ord(m[0])
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _UNSAFE_NAME.sub(escape, os.fspath(path))


def sniff_format(text: str) -> str:
    """The format of decoded text without a telling extension (see "Formats" above).

    >>> sniff_format('{"text": "x"}'), sniff_format("<!DOCTYPE html><p>x"), sniff_format("T")
    ('jsonl', 'html', 'text')
    """
    head = text.lstrip()
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            json.loads(first, strict=False)
        except (ValueError, RecursionError):
            return "json"
        return "jsonl"
    if head.startswith("["):
        try:
            json.loads(text, strict=False)
        except (ValueError, RecursionError):
            return "text"
        return "json"
    if head.startswith("<") and _HTML_START.match(head):
        return "html"
    return "text"


def _one_line(error: InputError) -> InputError:
    if "\n" not in str(error) and "\r" not in str(error):
        return error
    return InputError(display_name(error.source), " ".join(error.reason.split()))


def parse_bytes(data: bytes, source: str, fmt: str | None = None) -> Iterator[Article | InputError]:
    """The articles in the bytes of one input, of format ``fmt`` (None: sniffed).

    Errors are yielded, never raised.

    >>> [str(x) for x in parse_bytes(b"\\x00\\x01\\x02\\x03\\xff" * 20, "blob")]
    ['blob: binary data, not text']
    """
    try:
        declared = declared_charset(data) if fmt in (None, "html") else None
        text = decode(data, source, declared=declared, normalize=False)
        kind = fmt or sniff_format(text)
        if kind not in ("json", "jsonl"):  # JSON's parser normalizes its text field itself
            text = normalize_text(text, line_separators=False)
        if kind == "html":
            yield parse_html(text, source)
        elif kind == "json":
            yield from parse_json(text, source)
        elif kind == "jsonl":
            yield from parse_jsonl(text, source)
        else:
            yield parse_text(text, source)
    except InputError as e:
        yield e
    except Exception as e:  # a bug or a library failing on hostile input: refuse this input
        logger.debug("%s: unexpected error", source, exc_info=True)
        yield InputError(source, _unexpected(e))


def _unexpected(e: Exception) -> str:
    detail = " ".join(str(e).split())[:200]
    return f"unexpected error: {type(e).__name__}" + (f": {detail}" if detail else "")


def _suffix(path: Path) -> str:
    return path.suffix.lower()


#: JSON Lines files larger than this are streamed line by line (see :func:`stream_jsonl`).
STREAM_JSONL_BYTES = 8_000_000


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Article | InputError]:
    suffix = _suffix(path)
    if suffix in SKIPPED_SUFFIXES:
        yield InputError(source, f"not an article: {suffix} is {_SKIPPED_KIND[suffix]}")
        return
    if FORMATS.get(suffix) == "jsonl":
        try:
            big = path.stat().st_size > STREAM_JSONL_BYTES
        except OSError:
            big = False
        if big:  # a corpus file: line by line, each line up to max_bytes, no size limit
            try:
                with path.open("rb") as fh:
                    yield from stream_jsonl(fh, source, max_bytes)
            except OSError as e:
                yield InputError(source, f"cannot read it: {e.strerror or type(e).__name__}")
            return
    try:
        data = read_bytes(path, source, max_bytes)
    except InputError as e:
        yield e
        return
    yield from parse_bytes(data, source, FORMATS.get(suffix))


def _read_stdin(max_bytes: int) -> Iterator[Article | InputError]:
    source = "<stdin>"
    stdin = sys.stdin
    if stdin is None:
        yield InputError(source, "there is no standard input")
        return
    try:
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            data = read_stream(buffer, source, max_bytes)
        else:  # a text-only stream (an IDE console, a test double)
            data = stdin.read(max_bytes + 1).encode("utf-8", "surrogateescape")
            if len(data) > max_bytes:
                raise too_large(source, max_bytes)
    except InputError as e:
        yield e
        return
    except (OSError, ValueError) as e:
        yield InputError(source, f"cannot read it: {e}")
        return
    yield from parse_bytes(data, source)


#: Files describing a folder rather than being articles (by name before the first dot, any
#: case): skipped in folders, read when named.
SKIPPED_STEMS: frozenset[str] = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "changes", "contributing", "authors"}
)


def _skipped_name(name: str) -> bool:
    return (
        name.startswith((".", "~$"))
        or name.endswith("~")
        or name in SKIPPED_NAMES
        or name.split(".", 1)[0].lower() in SKIPPED_STEMS
    )


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted((e for e in it if not _skipped_name(e.name)), key=lambda e: e.name)


def _walk(root: Path, max_bytes: int) -> Iterator[Article | InputError]:
    """The files of a folder tree, depth first in sorted order, without recursion."""
    try:
        stack = [iter(_entries(root))]
    except OSError as e:
        yield InputError(display_name(root), f"cannot open the folder: {e.strerror}")
        return
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        source = display_name(path)
        try:
            if entry.is_dir(follow_symlinks=False):
                stack.append(iter(_entries(path)))
                continue
            if entry.is_symlink() and not path.exists():
                yield InputError(source, "a broken symbolic link")
                continue
            if not entry.is_file() or _suffix(path) in SKIPPED_SUFFIXES:
                continue
        except OSError as e:
            yield InputError(source, f"cannot open it: {e.strerror}")
            continue
        yield from _read_file(path, source, max_bytes)


def _read_one(item: str | os.PathLike[str], max_bytes: int) -> Iterator[Article | InputError]:
    if isinstance(item, str) and item == STDIN:
        yield from _read_stdin(max_bytes)
        return
    path = Path(item)
    source = display_name(path)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        yield InputError(source, f"not a readable path ({e})")
        return
    if is_dir:
        yield from _walk(path, max_bytes)
    elif exists:
        yield from _read_file(path, source, max_bytes)
    else:
        yield InputError(source, "no such file or folder")


def iter_articles(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | InputError]:
    """Articles from files, folders and ``-`` (stdin), with each problem yielded, not raised.

    ``max_bytes`` is the largest input accepted (default 20 MB). A single path given as a
    plain string or :class:`~pathlib.Path` is accepted as well as a list. Unexpected
    exceptions while reading one input are turned into an :class:`InputError` for it (and
    logged with their traceback at DEBUG level), so one input can never stop the others.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for item in paths:
        try:
            for result in _read_one(item, max_bytes):
                yield _one_line(result) if isinstance(result, InputError) else result
        except Exception as e:  # the promise is "no traceback, go on with the next input"
            logger.debug("unexpected error reading %r", item, exc_info=True)
            name = "<stdin>" if item == STDIN else display_name(item)
            yield InputError(name, _unexpected(e))


def estimate_count(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """About how many articles ``paths`` hold, cheaply (for a progress bar): one per file,
    one per line of a JSON Lines file; None when it cannot be known (stdin).

    >>> estimate_count([])
    0
    """
    total = 0
    for item in paths:
        if isinstance(item, str) and item == STDIN:
            return None
        path = Path(item)
        try:
            if path.is_dir():
                for root, dirs, files in os.walk(path):
                    dirs[:] = [d for d in dirs if not _skipped_name(d)]
                    for name in files:
                        if not _skipped_name(name) and _suffix(Path(name)) not in SKIPPED_SUFFIXES:
                            total += _count_file(Path(root) / name)
            elif path.is_file():
                total += _count_file(path)
        except (OSError, ValueError):
            continue
    return total


def _count_file(path: Path) -> int:
    if FORMATS.get(_suffix(path)) != "jsonl":
        return 1
    lines = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(lines, 1)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Every article of one file, folder or ``-``; raises the first :class:`InputError`.

    >>> read_path("no/such/folder")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: no/such/folder: no such file or folder
    """
    articles: list[Article] = []
    for item in iter_articles([path], max_bytes=max_bytes):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles
