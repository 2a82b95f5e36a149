"""The service's data contract: pydantic models and their exported JSON Schema files."""

from schemas.export import SCHEMA_DIR, SCHEMA_FILES, export_schemas, render_schemas
from schemas.models import (
    SCHEMA_VERSION,
    Article,
    FailureRecord,
    InputEnvelope,
    TaskMessage,
)

__all__ = [
    "SCHEMA_DIR",
    "SCHEMA_FILES",
    "SCHEMA_VERSION",
    "Article",
    "FailureRecord",
    "InputEnvelope",
    "TaskMessage",
    "export_schemas",
    "render_schemas",
]
