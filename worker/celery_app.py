"""The Celery app, configured from Settings; logging and per-process model warm-up via signals."""

from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init, worker_process_init

from worker.settings import Settings, get_settings


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery configuration derived from settings: JSON only, late acks, one visibility timeout."""
    transport = {"visibility_timeout": settings.visibility_timeout}
    return {
        "broker_url": settings.effective_broker_url,
        "result_backend": settings.effective_broker_url,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],  # pickle and the rest are refused, never deserialised
        "result_accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "broker_transport_options": transport,
        "result_backend_transport_options": transport,
        "visibility_timeout": settings.visibility_timeout,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "task_default_queue": settings.queue,
        "worker_max_tasks_per_child": settings.max_tasks_per_child,
        "worker_hijack_root_logger": False,
        "broker_connection_retry_on_startup": True,
        "result_expires": 86400,
        "task_track_started": False,
        "worker_send_task_events": False,
        "imports": ["worker.tasks"],
    }


def create_app(settings: Settings | None = None) -> Celery:
    """A Celery app for `settings` (the process's settings by default)."""
    settings = settings or get_settings()
    app = Celery("article_ingest")
    app.conf.update(celery_config(settings))
    if settings.visibility_timeout <= settings.task_time_limit:
        raise ValueError("visibility_timeout must exceed task_time_limit, or running tasks "
                         "would be redelivered to a second worker")
    return app


app = create_app()


@setup_logging.connect
def _logging(**_: Any) -> None:
    # Connecting this signal stops Celery from installing its own handlers over structlog's.
    from worker.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)


@worker_init.connect
def _warm_parent(**_: Any) -> None:
    # Loaded in the parent before the pool forks: children share the pages and start ready.
    from worker.tasks import warm_up

    warm_up()


@worker_process_init.connect
def _warm_child(**_: Any) -> None:
    from worker.tasks import warm_up

    warm_up()
