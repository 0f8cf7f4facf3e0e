"""Inter-process locking of an on-disk store directory.

The embedded Oxigraph store may have one writer or any number of readers at a time. The
rule is kept with :func:`fcntl.flock` on the file ``newskg.lock`` inside the store
directory:

* a writer (``kg ingest``, ``kg load``, ...) takes ``LOCK_EX``;
* a reader (``kg query``, ``kg export``, ...) takes ``LOCK_SH``;
* both ask without blocking: on conflict :class:`~graph.errors.StoreLockedError` is raised
  at once, naming the holder.

A writer records who it is (pid and command line) in the side file ``newskg.lock.owner``;
the message of a refused opener reads it back. ``kg serve`` records its URL in
``newskg.serve`` (:func:`write_server_record`), so that a writer refused while the server
holds the store is told where the server is and how to write through it. The owner file
is removed when the writer releases the lock; one left behind by a crashed writer is
recognised because its pid is no longer alive.

``flock`` locks belong to an *open file description*, so two opens of the same directory
conflict even inside one process, and the kernel drops the lock when the process exits,
however it exits. A reader that cannot create the lock file (a store on read-only media)
reads without a lock.

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> writer = acquire_lock(d, exclusive=True)
>>> try:
...     acquire_lock(d, exclusive=False)
... except StoreLockedError as e:
...     print("refused:", "this process" in str(e))
refused: True
>>> writer.release()
>>> reader = acquire_lock(d, exclusive=False)
>>> reader.held
True
>>> reader.release()
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import StoreError, StoreLockedError

__all__ = [
    "LOCK_NAME",
    "OWNER_NAME",
    "SERVER_NAME",
    "StoreLock",
    "acquire_lock",
    "describe_holder",
    "read_server_record",
    "remove_server_record",
    "write_server_record",
]

LOCK_NAME = "newskg.lock"
OWNER_NAME = "newskg.lock.owner"
SERVER_NAME = "newskg.serve"

_MAX_COMMAND = 200


def _command_line() -> str:
    """This process's command line, shortened for messages."""
    argv = getattr(sys, "orig_argv", None) or sys.argv
    cmd = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(argv))
    return cmd if len(cmd) <= _MAX_COMMAND else cmd[: _MAX_COMMAND - 3] + "..."


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    except OSError:
        return False
    return True


def _read_owner(directory: Path) -> tuple[int, str] | None:
    """The (pid, command) recorded by the current writer, if it is alive."""
    try:
        text = (directory / OWNER_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    first, _, rest = text.partition("\n")
    try:
        pid = int(first.strip())
    except ValueError:
        return None
    if not _pid_alive(pid):
        return None
    return pid, rest.strip()


def write_server_record(directory: Path, url: str, writable: bool) -> None:
    """Record the running ``kg serve`` (pid, URL, mode) in ``newskg.serve``."""
    tmp = directory / f"{SERVER_NAME}.{os.getpid()}.tmp"
    record = {"pid": os.getpid(), "url": url, "writable": writable}
    try:
        tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
        os.replace(tmp, directory / SERVER_NAME)
    except OSError:  # only improves messages
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def remove_server_record(directory: Path) -> None:
    """Remove this process's server record (not another's)."""
    record = read_server_record(directory)
    if record is not None and record["pid"] == os.getpid():
        with contextlib.suppress(OSError):
            (directory / SERVER_NAME).unlink(missing_ok=True)


def read_server_record(directory: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The record of the ``kg serve`` holding this store (``pid``, ``url``, ``writable``),
    if its process is alive."""
    try:
        record = json.loads((Path(directory) / SERVER_NAME).read_text(encoding="utf-8"))
        pid = int(record["pid"])
        url = str(record["url"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    if not _pid_alive(pid):
        return None
    return {"pid": pid, "url": url, "writable": bool(record.get("writable"))}


def describe_holder(directory: str | os.PathLike[str]) -> str:
    """Say who holds the store lock, for an error message.

    ``kg serve`` is named with its URL and how to write through it; a writer by pid and
    command line (``this process`` when it is us); without a live record, the holders are
    readers, which do not register themselves.
    """
    server = read_server_record(directory)
    if server is not None:
        url, pid = server["url"], server["pid"]
        if server["writable"]:
            how = (
                f"write through it with `kg ingest --endpoint {url}query --token TOKEN ...`, "
                "or stop it first"
            )
        else:
            how = (
                "stop it first (Ctrl-C), or restart it with `kg serve --writable` and write "
                f"through it with `kg ingest --endpoint {url}query --token TOKEN ...`"
            )
        mode = "writable" if server["writable"] else "read-only"
        return f"the SPARQL server `kg serve` at {url} (pid {pid}, {mode}); {how}"
    owner = _read_owner(Path(directory))
    if owner is None:
        return "one or more readers (such as `kg query` or `kg serve`)"
    pid, cmd = owner
    if pid == os.getpid():
        return f"this process (pid {pid}), which already has it open for writing"
    return f"pid {pid} (`{cmd}`)" if cmd else f"pid {pid}"


class StoreLock:
    """One held lock on a store directory; :meth:`release` is idempotent.

    Create it with :func:`acquire_lock`.
    """

    def __init__(self, directory: Path, fd: int | None, exclusive: bool) -> None:
        self.directory = directory
        self.exclusive = exclusive
        self._fd = fd

    def fileno(self) -> int | None:
        """The locked file descriptor (a child process given it keeps the lock alive)."""
        return self._fd

    @property
    def held(self) -> bool:
        """Whether this object still holds a lock (False after release, or lock-free reads)."""
        return self._fd is not None

    def release(self) -> None:
        """Drop the lock (and the owner record of a writer)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self.exclusive:
            with contextlib.suppress(OSError):
                (self.directory / OWNER_NAME).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        with contextlib.suppress(OSError):
            os.close(fd)

    def __del__(self) -> None:  # a store dropped without close() still frees its lock
        with contextlib.suppress(Exception):
            self.release()


def _open_lock_file(path: Path, exclusive: bool, location: str) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
    except PermissionError:
        if exclusive:
            raise StoreError(
                f"cannot write to the store {location}: permission denied on {path}; "
                "check the directory's permissions or open it read-only"
            ) from None
    except OSError as e:
        raise StoreError(f"cannot open the lock file {path} of the store {location}: {e}") from e
    # A reader on a directory it cannot write: use the lock file if it exists, else none.
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:
        return None


def _write_owner(directory: Path) -> None:
    tmp = directory / f"{OWNER_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_text(f"{os.getpid()}\n{_command_line()}\n", encoding="utf-8")
        os.replace(tmp, directory / OWNER_NAME)
    except OSError:  # the record only improves messages; never fail a write over it
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def acquire_lock(
    directory: str | os.PathLike[str], *, exclusive: bool, location: str | None = None
) -> StoreLock:
    """Lock the store in ``directory`` without waiting: exclusive for writers, shared for readers.

    ``location`` is how the user named the store (used in messages; defaults to the
    directory). Raises :class:`~graph.errors.StoreLockedError` when another open of the
    store (in this or another process) conflicts, :class:`~graph.errors.StoreError` when
    the lock file cannot be used.
    """
    d = Path(directory)
    where = location if location is not None else str(d)
    fd = _open_lock_file(d / LOCK_NAME, exclusive, where)
    if fd is None:
        return StoreLock(d, None, exclusive)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreLockedError(where, describe_holder(d)) from None
    except OSError as e:
        os.close(fd)
        raise StoreError(
            f"cannot lock the store {where}: {e.strerror or e}; "
            "is it on a file system without file locks (such as some network shares)?"
        ) from e
    if exclusive:
        _write_owner(d)
    return StoreLock(d, fd, exclusive)
