# article-ingest worker and producer image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    INGEST_CACHE_DIR=/opt/ingest-cache

WORKDIR /app
# The pinned, hashed dependency set first (its own layer, cached while the code changes), then the
# project itself without resolving anything again.
COPY requirements/main.lock ./requirements/main.lock
RUN pip install --require-hashes -r requirements/main.lock
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY worker ./worker
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 ingest \
    && mkdir -p /data/out /opt/ingest-cache /app/inbox \
    && ingest prepare \
    && chown -R ingest:ingest /data /opt/ingest-cache
COPY seeds ./seeds

# Workers never run as root; uid 10001 owns /data/out, so the `out` volume starts writable.
USER ingest
CMD ["ingest", "worker"]
