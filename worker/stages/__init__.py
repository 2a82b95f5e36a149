"""The pipeline stages, in order: parse -> tag -> enrich."""
