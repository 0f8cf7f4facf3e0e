"""``kg serve``: the store over the SPARQL 1.1 Protocol, read-only unless asked.

How it is put together
----------------------
Oxigraph's own server (the ``oxigraph`` binary of the ``server`` extra) does the SPARQL
work over the store directory and brings its query editor (YASGUI, at ``/``). It listens on
a private loopback port; in front of it a small proxy of this module listens where the user
asked (``127.0.0.1:7878`` by default) and decides what may pass:

* **Queries pass**: ``GET /query?query=...``, ``POST /query`` (``application/sparql-query``
  or a form with ``query=``), Graph Store Protocol reads (``GET /store?graph=...``), the
  editor's pages. Results come in every format Oxigraph speaks (JSON, XML, CSV, TSV,
  N-Triples, Turtle, ...), chosen by ``Accept``.
* **Updates are refused with 403** on a read-only server (the default), whatever their form:
  ``POST`` of ``application/sparql-update``, a form or URL with ``update=``, the Graph Store
  Protocol's ``PUT``, ``POST`` and ``DELETE``, ``PATCH``, and any other method or ``POST``
  that is not recognisably a query. The Oxigraph behind it is started read-only
  (``serve-read-only``) as well, so a request that got past the proxy could not write either.
* **``--writable``** starts Oxigraph read-write and lets updates through when they carry
  ``Authorization: Bearer TOKEN`` (401 without one, 403 with a wrong one; compared in
  constant time). The token comes from ``--token``, else ``$NEWSKG_TOKEN``, else one is
  generated and printed once. Reads need no token. The private port is bound to loopback
  only, but other programs on the same machine could reach it: on a shared machine, do not
  run a writable server.
* **A query timeout** (``--timeout``, 30 s by default) is Oxigraph's ``--timeout-s``.
  Oxigraph answers ``200`` before it evaluates a query and, when the time is up, ends the
  body with an error line; the proxy holds answers back (up to 16 MB) so that a cancelled
  query becomes a clear ``503``. Larger answers are streamed as they come, and a timeout
  after the first 16 MB truncates them.
* **CORS is off** unless ``--cors ORIGIN`` is given (``*`` for any origin): only then do
  responses carry ``Access-Control-Allow-Origin`` and preflight requests get an answer a
  browser accepts.
* **The default graph** is the union of the article graphs (Oxigraph's
  ``--union-default-graph``), as for ``kg query`` on the embedded store; queries inside
  ``GRAPH ?g { ... }`` behave the same either way.

Writers and the server
----------------------
The server holds the store's lock for as long as it runs: a shared (reader's) lock when
read-only, so ``kg query`` and other readers still open the directory while a writer such
as ``kg ingest`` is refused; the exclusive lock when writable. The lock's file descriptor is
handed to the Oxigraph process too, so the store stays locked until both are gone, and
Oxigraph is asked to die with its parent (Linux ``PR_SET_PDEATHSIG``). The server records
its URL in the store directory (``newskg.serve``): a refused ``kg ingest`` says where the
server is and how to write through it (``kg ingest --endpoint URL --token TOKEN``). A bare
``oxigraph serve`` started by hand takes no such lock; pyoxigraph would open that directory
for writing anyway (measured), so do not run one on a store newskg writes to.

Examples
--------
>>> classify("GET", "/query?query=ASK%7B%7D", None, b"")
'query'
>>> classify("POST", "/query", "application/sparql-query", b"ASK {}")
'query'
>>> classify("POST", "/update", "application/sparql-update", b"CLEAR ALL")
'update'
>>> classify("POST", "/query", "application/x-www-form-urlencoded", b"update=CLEAR+ALL")
'update'
>>> classify("PUT", "/store?graph=http://example.org/g", "text/turtle", b"")
'update'
>>> classify("GET", "/update?update=CLEAR%20ALL", None, b"")
'update'
>>> classify("GET", "/store?graph=http://example.org/g", None, b"")
'query'
"""

from __future__ import annotations

import contextlib
import hmac
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .errors import ConfigError, StoreError
from .store.lock import (
    StoreLock,
    acquire_lock,
    remove_server_record,
    write_server_record,
)

__all__ = [
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "ServeConfig",
    "SparqlServer",
    "classify",
    "find_oxigraph",
]

#: Oxigraph's usual port.
DEFAULT_PORT = 7878
#: Seconds a query may run.
DEFAULT_TIMEOUT = 30.0

_START_TIMEOUT = 30.0
_CHUNK = 64 * 1024
# answers up to this size are held back until complete (see _Handler._forward)
_BUFFER = 16 * 1024 * 1024
# how Oxigraph ends an answer whose query hit --timeout-s
_CANCELLED = b"The SPARQL operation has been cancelled"
# headers that belong to one connection, not to the message (RFC 9110, 7.6.1)
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
_QUERY_TYPES = {"application/sparql-query"}
_FORM_TYPE = "application/x-www-form-urlencoded"


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary beside this Python (the venv), else on ``PATH``."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ConfigError(
            "kg serve needs the Oxigraph server, which is not installed; install it with "
            "`pip install 'newskg[server]'`"
        )
    return found


def classify(method: str, target: str, content_type: str | None, body: bytes) -> str:
    """Whether a request is a ``"query"`` (it reads) or an ``"update"`` (it may write).

    Anything not recognisably a read is an update: a read-only server refuses what it
    does not understand rather than pass it on.
    """
    url = urllib.parse.urlsplit(target)
    params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    if "update" in params:
        return "update"
    if method in ("GET", "HEAD", "OPTIONS"):
        return "query"
    if method != "POST":
        return "update"  # PUT, DELETE, PATCH and anything else
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in _QUERY_TYPES:
        return "query"
    if media == _FORM_TYPE:
        try:
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return "update"
        if "query" in form and "update" not in form:
            return "query"
    return "update"


@dataclass(frozen=True)
class ServeConfig:
    """What ``kg serve`` was asked for."""

    location: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    writable: bool = False
    token: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    cors: str | None = None  # an origin, "*", or None for no CORS


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to send SIGTERM to the child when its parent dies."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class _Front(ThreadingHTTPServer):
    """The public listener; its handler reads :attr:`config` and :attr:`backend`."""

    daemon_threads = True
    allow_reuse_address = True
    config: ServeConfig
    backend: tuple[str, int]
    log: Callable[[str], None]


class _Handler(BaseHTTPRequestHandler):
    server: _Front
    protocol_version = "HTTP/1.0"  # one request per connection; bodies end at close
    server_version = "newskg"

    # -- the methods ---------------------------------------------------------------------
    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._read_body()
        self.send_response(204)
        self._cors_headers(preflight=True)
        self.send_header("Allow", self._allowed())
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log(f"{self.address_string()} {format % args}")

    # -- helpers -------------------------------------------------------------------------
    def _allowed(self) -> str:
        return "GET, HEAD, POST, OPTIONS" + (", PUT, DELETE" if self.server.config.writable else "")

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _cors_headers(self, preflight: bool = False) -> None:
        allowed = self.server.config.cors
        if allowed is None:
            return
        origin = self.headers.get("Origin")
        if allowed != "*" and origin != allowed:
            return
        self.send_header("Access-Control-Allow-Origin", allowed)
        if allowed != "*":
            self.send_header("Vary", "Origin")
        if preflight:
            self.send_header("Access-Control-Allow-Methods", self._allowed())
            self.send_header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
            self.send_header("Access-Control-Max-Age", "600")

    def _refuse(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _authorized(self) -> bool:
        """Check the bearer token of an update; refuse (and return False) if it is wrong."""
        token = self.server.config.token or ""
        given = self.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            self._refuse(
                401,
                "this update needs the server's token: send `Authorization: Bearer TOKEN`",
                {"WWW-Authenticate": 'Bearer realm="newskg"'},
            )
            return False
        if not hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8")):
            self._refuse(403, "wrong token: this update is refused")
            return False
        return True

    def _handle(self) -> None:
        config = self.server.config
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self._refuse(400, "could not read the request body")
            return
        kind = classify(self.command, self.path, self.headers.get("Content-Type"), body)
        if kind == "update":
            if not config.writable:
                self._refuse(
                    403,
                    "this SPARQL endpoint is read-only: updates are refused. Start "
                    "`kg serve --writable` (with a token) to accept them.",
                )
                return
            if not self._authorized():
                return
        self._forward(body)

    def _forward(self, body: bytes) -> None:
        host, port = self.server.backend
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in _HOP_BY_HOP and k.lower() not in ("host", "authorization")
        }
        headers["Host"] = f"{host}:{port}"
        headers["Content-Length"] = str(len(body))
        headers.pop("Transfer-Encoding", None)
        conn = http.client.HTTPConnection(host, port, timeout=self.server.config.timeout + 30)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self._refuse(502, f"the SPARQL engine did not answer: {e}")
            return
        try:
            # Hold the answer back up to _BUFFER bytes: Oxigraph sends "200" before it has
            # evaluated a query and, on a timeout, ends the body with its cancellation
            # message; a buffered answer can still become a clear 503.
            held: list[bytes] = []
            size = 0
            streaming = False
            while chunk := response.read(_CHUNK):
                if streaming:
                    self.wfile.write(chunk)
                    continue
                held.append(chunk)
                size += len(chunk)
                if size > _BUFFER:
                    self._send_head(response, None)
                    self.wfile.write(b"".join(held))
                    streaming = True
            if streaming:
                return
            body = b"".join(held)
            if response.status == 200 and body.rstrip().endswith(_CANCELLED):
                self._refuse(
                    503,
                    f"the query ran longer than the server's {self.server.config.timeout:g} s "
                    "timeout and was cancelled",
                )
                return
            self._send_head(response, len(body))
            if self.command != "HEAD":
                self.wfile.write(body)
        except (OSError, http.client.HTTPException):
            pass  # the client or the engine went away mid-answer; nothing left to tell
        finally:
            conn.close()

    def _send_head(self, response: http.client.HTTPResponse, length: int | None) -> None:
        """The engine's status and headers (not its hop-by-hop, CORS or length headers)."""
        self.send_response(response.status, response.reason)
        for k, v in response.getheaders():
            low = k.lower()
            if low in _HOP_BY_HOP or low.startswith("access-control-"):
                continue
            if low in ("server", "content-length", "date"):
                continue
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self._cors_headers()
        self.end_headers()


class SparqlServer:
    """``kg serve`` as an object: :meth:`start`, then :attr:`url`, then :meth:`stop`.

    Raises :class:`~graph.errors.StoreError` when the store does not exist or is in use
    (for example by ``kg ingest``), :class:`~graph.errors.ConfigError` for a bad option or a
    missing Oxigraph binary.
    """

    def __init__(self, config: ServeConfig, log: Callable[[str], None] | None = None) -> None:
        if config.writable and not config.token:
            raise ConfigError("a writable server needs a token (--token or $NEWSKG_TOKEN)")
        if config.timeout <= 0:
            raise ConfigError(
                f"the timeout must be a positive number of seconds, not {config.timeout}"
            )
        self.config = config
        self.log = log or (lambda line: None)
        self.directory = Path(config.location).expanduser()
        self._lock: StoreLock | None = None
        self._engine: subprocess.Popen[bytes] | None = None
        self._front: _Front | None = None
        self._thread: threading.Thread | None = None
        self._engine_log = b""
        self._backend: tuple[str, int] = ("127.0.0.1", 0)

    @property
    def url(self) -> str:
        """The base URL (``http://HOST:PORT/``); the query endpoint is ``URL + "query"``."""
        if self._front is None:
            raise StoreError("the server is not running")
        host, port = self._front.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    # -- starting ------------------------------------------------------------------------
    def start(self) -> SparqlServer:
        """Lock the store, start the engine and the front; return self once it answers."""
        if not (self.directory / "CURRENT").is_file():
            raise StoreError(f"no store at {self.config.location}; run `kg ingest` first")
        binary = find_oxigraph()
        self._lock = acquire_lock(
            self.directory, exclusive=self.config.writable, location=self.config.location
        )
        try:
            self._start_engine(binary)
            self._start_front()
            write_server_record(self.directory, self.url, self.config.writable)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_engine(self, binary: str) -> None:
        port = _free_port()
        command = [
            binary,
            "serve" if self.config.writable else "serve-read-only",
            "--location",
            str(self.directory),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(max(1, round(self.config.timeout))),
        ]
        fd = self._lock.fileno() if self._lock is not None else None
        self._engine = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(fd,) if fd is not None else (),
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        threading.Thread(target=self._drain_engine, daemon=True).start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._engine_answers(port):
            if self._engine.poll() is not None:
                time.sleep(0.1)
                detail = self._engine_log.decode("utf-8", "replace").strip().splitlines()
                raise StoreError(
                    f"the Oxigraph server could not open the store {self.config.location}"
                    + (f": {detail[-1]}" if detail else "")
                )
            if time.monotonic() > deadline:
                raise StoreError(f"the Oxigraph server did not start within {_START_TIMEOUT:g} s")
            time.sleep(0.05)
        self._backend = ("127.0.0.1", port)

    def _drain_engine(self) -> None:
        engine = self._engine
        if engine is None or engine.stdout is None:
            return
        for line in engine.stdout:
            self._engine_log = (self._engine_log + line)[-4096:]

    @staticmethod
    def _engine_answers(port: int) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request(
                "POST",
                "/query",
                body=b"ASK {}",
                headers={"Content-Type": "application/sparql-query"},
            )
            return conn.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    def _start_front(self) -> None:
        try:
            front = _Front((self.config.host, self.config.port), _Handler)
        except OSError as e:
            raise StoreError(
                f"cannot listen on {self.config.host}:{self.config.port}: {e.strerror or e}; "
                "choose another --port (0 picks a free one)"
            ) from None
        front.config = self.config
        front.backend = self._backend
        front.log = self.log
        self._front = front
        self._thread = threading.Thread(target=front.serve_forever, daemon=True)
        self._thread.start()

    # -- running and stopping ------------------------------------------------------------
    def wait(self) -> int:
        """Block until the engine exits (or :meth:`stop`); its exit code."""
        engine = self._engine
        if engine is None:
            return 0
        return engine.wait()

    def stop(self) -> None:
        """Stop the front and the engine, release the lock; safe to call twice."""
        if self._front is not None:
            self._front.shutdown()
            self._front.server_close()
            self._front = None
        engine, self._engine = self._engine, None
        if engine is not None and engine.poll() is None:
            engine.terminate()
            try:
                engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine.kill()
                engine.wait(timeout=10)
        if self._lock is not None:
            remove_server_record(self.directory)
            self._lock.release()
            self._lock = None

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def token_from(option: str | None, writable: bool) -> tuple[str | None, bool]:
    """The token to use and whether it was generated here (to print it once).

    >>> token_from("s3cret", True)
    ('s3cret', False)
    >>> token_from(None, False)
    (None, False)
    """
    if option:
        return option, False
    env = os.environ.get("NEWSKG_TOKEN")
    if env:
        return env, False
    if not writable:
        return None, False
    return secrets.token_urlsafe(24), True
