"""The Celery app, configured from Settings; logging set up through Celery's signal."""

from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init
from kombu import Exchange, Queue

from worker.queue.recovery import RecoveryStep
from worker.settings import Settings, get_settings


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery configuration derived from settings: JSON only, late acks, one visibility timeout."""
    transport = {"visibility_timeout": settings.visibility_timeout}
    # kombu sweeps for a dead worker's unacked messages only every interval x throttle seconds
    # (100 s by default), whatever the visibility timeout; tie the sweep to the timeout instead.
    restore = {"unacked_restore_interval": max(1, min(10, settings.visibility_timeout // 4)),
               "unacked_restore_throttle": 1}
    return {
        "broker_url": settings.effective_broker_url,
        "result_backend": settings.effective_result_backend_url,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],  # pickle and the rest are refused, never deserialised
        "result_accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "broker_transport_options": {**transport, **restore},
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
        "imports": ["worker.queue.tasks"],
        **(amqp_config(settings) if is_amqp(settings.effective_broker_url) else {}),
    }


def is_amqp(url: str) -> bool:
    """Whether `url` names a RabbitMQ (AMQP 0-9-1) broker."""
    return url.split("://", 1)[0] in {"amqp", "amqps", "pyamqp"}


def dead_letter_names(queue: str) -> tuple[str, str]:
    """The dead-letter exchange and queue that catch what `queue` rejects."""
    return f"{queue}.dlx", f"{queue}.dead"


def amqp_config(settings: Settings) -> dict[str, Any]:
    """RabbitMQ: a durable quorum queue whose rejected or undeliverable messages are dead-lettered."""
    dlx_name, dead_name = dead_letter_names(settings.queue)
    queue = Queue(
        settings.queue, Exchange(settings.queue, type="direct", durable=True),
        routing_key=settings.queue, durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            "x-dead-letter-exchange": dlx_name,
            "x-dead-letter-routing-key": dead_name,
            # A message that keeps killing workers is parked instead of redelivered forever.
            "x-delivery-limit": 10,
        },
    )
    return {
        "task_queues": [queue],
        "task_default_exchange": settings.queue,
        "task_default_routing_key": settings.queue,
        "task_create_missing_queue_type": "quorum",
        # Quorum queues refuse global QoS; detection switches Celery to per-consumer prefetch.
        "worker_detect_quorum_queues": True,
    }


def declare_dead_letter(app: Celery, queue: str) -> None:
    """Declare the dead-letter exchange and queue; RabbitMQ drops dead letters with nowhere to go."""
    dlx_name, dead_name = dead_letter_names(queue)
    dead = Queue(dead_name, Exchange(dlx_name, type="direct", durable=True),
                 routing_key=dead_name, durable=True, queue_arguments={"x-queue-type": "quorum"})
    with app.connection_for_write() as conn:
        dead.bind(conn.default_channel).declare()


def create_app(settings: Settings | None = None) -> Celery:
    """A Celery app for `settings` (the process's settings by default)."""
    settings = settings or get_settings()
    check_timeouts(settings)
    app = Celery("article_ingest")
    app.conf.update(celery_config(settings))
    if not is_amqp(settings.effective_broker_url):
        # RabbitMQ requeues a dead consumer's messages itself; Redis needs our heartbeats.
        app.steps["consumer"].add(RecoveryStep)
    return app


def check_timeouts(settings: Settings) -> None:
    """Refuse timeouts under which a healthy task's message could go to a second worker."""
    # An unacked message may wait out a retry countdown, then a busy pool slot, then run.
    longest = 2 * settings.task_time_limit + settings.retry_backoff_max
    if settings.visibility_timeout <= longest:
        raise ValueError(f"visibility_timeout ({settings.visibility_timeout}) must exceed 2 x "
                         f"task_time_limit + retry_backoff_max ({longest}), or a running task "
                         "could be redelivered to a second worker")
    if settings.heartbeat_timeout < 3 * settings.heartbeat_interval:
        raise ValueError("heartbeat_timeout must be at least 3 x heartbeat_interval, or one late "
                         "heartbeat would make a live worker look dead")


app = create_app()


@setup_logging.connect
def _logging(**_: Any) -> None:
    # Connecting this signal stops Celery from installing its own handlers over structlog's.
    from worker.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)


@worker_init.connect
def _declare_dead_letter(**_: Any) -> None:
    # RabbitMQ drops dead letters that have nowhere to go: the queue must exist before any task.
    settings = get_settings()
    if is_amqp(settings.effective_broker_url):
        declare_dead_letter(app, settings.queue)
