"""Exit codes every command shares, and the one line an expected failure prints instead of a traceback."""

import builtins

import redis
from celery.exceptions import TimeoutError as CeleryTimeoutError
from kombu.exceptions import OperationalError
from pydantic import ValidationError

from worker.errors import BrokerUnavailableError, IngestError, StoreUnavailableError, WorkerFailedError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BROKER, EXIT_TIMEOUT, EXIT_WORKER = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130

_BROKER_ERRORS = (BrokerUnavailableError, OperationalError, redis.ConnectionError, redis.TimeoutError,
                  builtins.ConnectionError)


def explain(exc: BaseException) -> tuple[int, str] | None:
    """(exit code, one readable line) for a failure a user can cause or meet; None for a bug."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, "interrupted"
    if isinstance(exc, ValidationError) and exc.title == "Settings":
        return EXIT_USAGE, "invalid settings: " + "; ".join(
            _setting_problem(e["loc"], e["msg"]) for e in exc.errors())
    if isinstance(exc, _BROKER_ERRORS):
        return EXIT_BROKER, f"broker unreachable: {exc}"
    if isinstance(exc, WorkerFailedError):
        return EXIT_WORKER, f"worker failed: {exc}"
    if isinstance(exc, builtins.TimeoutError | CeleryTimeoutError):  # Celery's is not the builtin
        return EXIT_TIMEOUT, f"timed out: {exc or 'no answer in time'}"
    if isinstance(exc, StoreUnavailableError):
        return EXIT_FAILED, f"store unavailable: {exc}"
    if isinstance(exc, IngestError):
        return EXIT_FAILED, str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return EXIT_USAGE, f"cannot use {exc.filename}: {exc.strerror or exc}"
    return None


def _setting_problem(loc: tuple[int | str, ...], message: str) -> str:
    return f"INGEST_{'.'.join(str(part) for part in loc).upper()}: {message}"
