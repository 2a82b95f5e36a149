"""The peer: a plain Celery + spaCy worker, as a team would write it in an afternoon (ingest bench --peer)."""
