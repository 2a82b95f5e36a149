# article-ingest worker and producer image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    INGEST_CACHE_DIR=/opt/ingest-cache

WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY worker ./worker
RUN pip install . \
    && useradd --create-home --uid 10001 ingest \
    && mkdir -p /data/out /opt/ingest-cache /app/inbox \
    && ingest prepare \
    && chown -R ingest:ingest /data /opt/ingest-cache
COPY seeds ./seeds

# Workers never run as root; uid 10001 owns /data/out, so the `out` volume starts writable.
USER ingest
CMD ["ingest", "worker"]
