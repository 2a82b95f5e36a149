"""Benchmark parts for `ingest bench`: corpus, bare-spaCy baseline, worker process measurement."""
