"""The peer's Celery app on Redis (broker and results), configured from PEER_REDIS_URL."""

import os

from celery import Celery

REDIS_URL = os.environ.get("PEER_REDIS_URL", "redis://127.0.0.1:6379/0")
TASK = "peer.process_article"

app = Celery("peer", broker=REDIS_URL, backend=REDIS_URL)
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
