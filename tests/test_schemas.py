"""The committed JSON Schema files match the models, and real output validates against them."""

import json

import jsonschema

from schemas import SCHEMA_DIR, render_schemas


def test_committed_schemas_match_models():
    for name, text in render_schemas().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} drifted from the models: run `ingest schema`"


def test_seed_output_validates(seed_article):
    schema = json.loads((SCHEMA_DIR / "article.schema.json").read_text())
    jsonschema.validate(seed_article.model_dump(mode="json"), schema)


def test_invalid_document_is_rejected(seed_article):
    schema = json.loads((SCHEMA_DIR / "article.schema.json").read_text())
    document = seed_article.model_dump(mode="json")
    document["countries"][0]["iso2"] = "AZE"
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a three-letter iso2 passed the schema")
