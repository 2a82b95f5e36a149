"""One error hierarchy: permanent errors are recorded and never retried; transient ones are retried."""


class IngestError(Exception):
    """Base of every error the service raises on purpose."""

    permanent: bool = True


class PermanentError(IngestError):
    """The input itself is bad; retrying cannot help."""


class InputDecodeError(PermanentError):
    """Raised when the payload is not decodable text (binary, invalid UTF-8)."""


class EmptyInputError(PermanentError):
    """Raised when an input holds no article text."""


class OversizedInputError(PermanentError):
    """Raised when an input exceeds `max_article_bytes`, before any parsing."""


class InvalidEnvelopeError(PermanentError):
    """Raised when a JSON envelope is not valid JSON or does not match the envelope schema."""


class UnsupportedFormatError(PermanentError):
    """Raised when a file's format is not one the producer knows."""


class StageError(PermanentError):
    """Raised by the runner when a stage fails with an unexpected exception (a bug or odd input)."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


class DeliveryLimitError(PermanentError):
    """Raised when a message was delivered `max_deliveries` times without finishing (a poison message)."""


class TimeLimitError(PermanentError):
    """Recorded when a task hit its hard time limit and its process was killed."""


class IncompatibleSchemaError(PermanentError, ValueError):
    """Raised by the reader API when a document's schema major version is not the one it reads."""


class TransientError(IngestError):
    """Something outside the input failed; the task is retried with backoff."""

    permanent = False


class StoreUnavailableError(TransientError):
    """Raised when the store cannot be written (disk full, permissions, backend down)."""


class BrokerUnavailableError(TransientError):
    """Raised when the broker cannot be reached to publish."""


class WorkerFailedError(IngestError):
    """Raised by `ingest run` when its worker process exits or is not ready by the start-up deadline."""
