"""Render the models as JSON Schema files, the published form of the contract."""

import json
from pathlib import Path

from pydantic import BaseModel

from schemas.models import SCHEMA_VERSION, Article, FailureRecord, InputEnvelope, TaskMessage

SCHEMA_DIR = Path(__file__).parent
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "article.schema.json": Article,
    "envelope.schema.json": InputEnvelope,
    "task-message.schema.json": TaskMessage,
    "failure.schema.json": FailureRecord,
}


def render_schemas() -> dict[str, str]:
    """Each file name mapped to its JSON Schema text, exactly as committed."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://article-ingest.dev/schemas/{SCHEMA_VERSION}/{name}"
        out[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def export_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema file into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
