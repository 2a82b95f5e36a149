"""The one settings class: every knob, read from INGEST_* environment variables and `.env`."""

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"


class Settings(BaseSettings):
    """Service configuration; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", env_file=".env", extra="ignore")

    broker_url: str | None = Field(
        default=None,
        description="Redis URL of the broker; unset means `ingest run` starts an embedded server "
        f"and the other commands use {DEFAULT_BROKER}",
    )
    out_dir: Path = Field(default=Path("out"), description="where processed JSON is stored")
    queue: str = Field(default="articles", description="queue the producer publishes to")
    concurrency: int = Field(default=2, ge=1, description="worker processes per `ingest worker`")
    visibility_timeout: int = Field(
        default=3600, ge=5,
        description="seconds before kombu redelivers any unacked message, live holder or not: a "
        "backstop only (dead workers' messages come back by heartbeat); > 2 x task_time_limit "
        "+ retry_backoff_max",
    )
    task_soft_time_limit: int = Field(
        default=300, ge=1, description="seconds before a task is asked to stop (SoftTimeLimitExceeded)"
    )
    task_time_limit: int = Field(
        default=360, ge=1,
        description="seconds before a task's process is killed; sized for one article at "
        "max_article_bytes, since a batch never carries more text than that",
    )
    heartbeat_interval: int = Field(
        default=5, ge=1, description="seconds between a worker's heartbeats and its sweeps for dead workers"
    )
    heartbeat_timeout: int = Field(
        default=30, ge=3,
        description="seconds without a heartbeat before a worker is taken for dead and the "
        "messages it held are restored to their queue; >= 3 x heartbeat_interval",
    )
    max_retries: int = Field(default=5, ge=0, description="retries of a transient failure")
    retry_backoff_max: int = Field(default=60, ge=1, description="cap of the retry delay, seconds")
    max_article_bytes: int = Field(default=2_000_000, ge=1024, description="larger inputs fail")
    max_tasks_per_child: int = Field(
        default=1000, ge=1, description="tasks before a worker child is replaced (memory hygiene)"
    )
    cache_dir: Path = Field(
        default=Path.home() / ".cache" / "article-ingest",
        description="where the gazetteer index is built on first use",
    )
    max_deliveries: int = Field(
        default=5, ge=1, description="deliveries of one message before it is dead-lettered (poison)"
    )
    delivery_count_ttl: int = Field(
        default=7 * 86400, ge=60, description="seconds a message's delivery counter is kept in Redis"
    )
    dead_letter_key: str = Field(
        default="ingest:dead-letters", min_length=1,
        description="Redis list holding failure records the store could not take",
    )
    dedupe_ttl: int = Field(
        default=7 * 86400, ge=1, description="seconds the producer remembers enqueued content"
    )
    warm_up: bool = Field(
        default=True,
        description="load the model, gazetteer and first-name list before the first task; false for I/O-only workers",
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_json: bool | None = Field(default=None, description="JSON logs; default: when not a TTY")
    result_backend_url: str | None = Field(
        default=None,
        description="Redis URL for task results; default: the broker when it is Redis, else "
        f"{DEFAULT_BROKER} (amqp cannot hold results for `ingest run`)",
    )
    store_url: str | None = Field(
        default=None,
        description="file:///data/out or redis://host:port/db; default: files in out_dir",
    )
    events_url: str | None = Field(
        default=None, description="Redis URL of the event stream; default: the result backend"
    )
    events_stream: str = Field(
        default="ingest:articles", min_length=1, description="Redis Stream announcing stored articles"
    )
    events_maxlen: int = Field(
        default=100_000, ge=1, description="approximate cap of the event stream (XADD MAXLEN ~)"
    )

    @property
    def effective_broker_url(self) -> str:
        """The broker every command but `ingest run` uses."""
        return self.broker_url or DEFAULT_BROKER

    @property
    def effective_result_backend_url(self) -> str:
        """Where task results go: Redis always, since an amqp broker cannot serve as a backend."""
        if self.result_backend_url:
            return self.result_backend_url
        broker = self.effective_broker_url
        return broker if broker.startswith(("redis://", "rediss://")) else DEFAULT_BROKER

    @property
    def effective_events_url(self) -> str:
        """The Redis holding the event stream."""
        return self.events_url or self.effective_result_backend_url

    @property
    def failed_dir(self) -> Path:
        """Failure records live beside, not inside, the article store."""
        return self.out_dir / "failed"


def redact_url(url: str) -> str:
    """The URL with its password replaced, safe to log."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:" if parts.username else ":"
    return urlunsplit(parts._replace(netloc=f"{user}***@{netloc}"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are built once per process."""
    return Settings()
