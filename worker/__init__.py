"""article-ingest: producer -> queue -> parse -> tag -> enrich -> store."""

__version__ = "0.1.0"
