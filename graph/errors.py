"""Every error newskg raises on purpose, in one place.

Each message is written for the person at the keyboard: it names the file, article, store or
query concerned and says what to do. The command line prints ``str(error)`` on one line and
exits with ``error.exit_code``; it never shows a traceback for these.

Examples
--------
>>> str(InputError("notes.txt", "the file is empty"))
'notes.txt: the file is empty'
>>> StoreLockedError("kg-data", "another `kg ingest` (pid 42)").exit_code
3
"""

from __future__ import annotations

__all__ = [
    "EXIT_INPUT",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_QUERY",
    "EXIT_STORE",
    "EXIT_USAGE",
    "EXIT_VALIDATION",
    "ConfigError",
    "InputError",
    "ModelNotFoundError",
    "NewsKGError",
    "NotFoundError",
    "QueryError",
    "StoreError",
    "StoreLockedError",
    "StoreUnavailableError",
    "ValidationFailed",
]

# Exit codes of the `kg` command (README, "Exit codes").
EXIT_OK = 0
EXIT_INPUT = 1  # some inputs could not be read or ingested; the others were
EXIT_USAGE = 2  # bad command line (argparse uses 2 as well)
EXIT_STORE = 3  # the store cannot be opened, is locked, or a write failed
EXIT_QUERY = 4  # the SPARQL query is invalid or failed
EXIT_VALIDATION = 5  # the store does not conform to the SHACL shapes
EXIT_NOT_FOUND = 6  # the entity or article asked for is not in the store


class NewsKGError(Exception):
    """Base class: an error with a message meant for the user."""

    exit_code = EXIT_USAGE


class ConfigError(NewsKGError):
    """A setting (option, environment variable, file) is wrong."""

    exit_code = EXIT_USAGE


class InputError(NewsKGError):
    """One input (file, JSON record, stdin) cannot be read as an article.

    ``source`` names the input (a path, ``path:line`` for JSON Lines, or ``<stdin>``).
    """

    exit_code = EXIT_INPUT

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # picklable (it travels back from extraction worker processes)
        return (type(self), (self.source, self.reason))


class ModelNotFoundError(NewsKGError):
    """No spaCy model could be loaded."""

    exit_code = EXIT_USAGE


class StoreError(NewsKGError):
    """The store cannot be opened, read or written."""

    exit_code = EXIT_STORE


class StoreLockedError(StoreError):
    """Another process holds the store in a way that excludes this one."""

    def __init__(self, location: str, holder: str) -> None:
        self.location = location
        self.holder = holder
        # a holder description that already says what to do ends the message
        advice = "" if ";" in holder else "; wait for it to finish or point --store elsewhere"
        super().__init__(f"the store {location} is in use by {holder}{advice}")


class StoreUnavailableError(StoreError):
    """The store cannot be reached or refused a write (network, HTTP status, disk).

    Not the fault of one article: ``kg ingest`` stops at the first one, keeping the
    articles stored before it.
    """


class QueryError(NewsKGError):
    """A SPARQL query is invalid, unknown, or failed to run."""

    exit_code = EXIT_QUERY


class NotFoundError(NewsKGError):
    """An entity, article or named query that was asked for does not exist."""

    exit_code = EXIT_NOT_FOUND


class ValidationFailed(NewsKGError):
    """The store does not conform to the SHACL shapes."""

    exit_code = EXIT_VALIDATION
