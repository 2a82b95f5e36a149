"""`python -m worker` runs the `ingest` CLI."""

from worker.commands.cli import main

main()
