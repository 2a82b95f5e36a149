"""`python -m worker` runs the `ingest` CLI."""

from worker.cli import app

app()
