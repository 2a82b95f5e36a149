"""Implementations of the `ingest` sub-commands, one module each."""
