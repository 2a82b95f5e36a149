"""The queue: Celery app from settings, the one tasks module, producer, delivery counting, embedded broker."""
