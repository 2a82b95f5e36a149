"""Pydantic models of the service's contract: input envelope, task message, processed article, failure record."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1.0"] = "1.0"

InputFormat = Literal["txt", "json", "html"]
MessageFormat = Literal["txt", "json", "html", "unknown"]
EntityType = Literal["PERSON", "ORGANIZATION", "PLACE", "COUNTRY", "NORP"]


class _Model(BaseModel):
    # Unknown keys are refused so that a typo in an envelope is an error, not silent data loss.
    model_config = ConfigDict(extra="forbid")


class InputEnvelope(_Model):
    """A structured article as a producer or another service sends it (`.json` / `.jsonl` lines)."""

    url: str | None = Field(default=None, max_length=4096)
    title: str | None = Field(default=None, max_length=2000)
    text: str | None = None
    html: str | None = None
    published_at: datetime | None = None
    authors: list[str] = Field(default_factory=list, max_length=50)
    source: str | None = Field(default=None, max_length=500)
    language: str | None = Field(default=None, min_length=2, max_length=3)


class TaskMessage(_Model):
    """What travels through the queue: one input unit, undecoded, so nothing is lost before a worker sees it."""

    source_name: str = Field(max_length=1000, description="input file name, or file:line for .jsonl")
    format: MessageFormat
    payload: str = Field(description="the raw text of the unit (base64 when encoding is base64)")
    encoding: Literal["text", "base64"] = "text"
    size: int = Field(ge=0, description="size of the original unit in bytes")
    truncated: bool = Field(default=False, description="payload cut at the size limit by the producer")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the original bytes")
    received_at: datetime


class Source(_Model):
    """Where the article came from."""

    name: str
    format: InputFormat
    sha256: str
    received_at: datetime
    url: str | None = None
    outlet: str | None = Field(default=None, description="publishing outlet, when the text names one")
    extra: dict[str, Any] | None = Field(
        default=None, description="fields of a JSON envelope this service does not map, kept as sent")


class Provenance(_Model):
    """Which rule or extractor produced a field, and how sure it is."""

    field: str
    method: str
    confidence: float = Field(ge=0, le=1)


class DateInfo(_Model):
    """How the publication date was read."""

    utc: datetime | None = Field(default=None, description="the same instant in UTC")
    precision: Literal["day", "minute"] | None = None
    origin: Literal["header", "dateline", "body", "envelope", "html_meta"] | None = None
    zone: str | None = Field(default=None, description="zone name as written, e.g. MSK")
    raw: str | None = None


class Mention(_Model):
    """One occurrence of an entity: character offsets into `body`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Role(_Model):
    """A person's rank, title, position and affiliation, as the text states them."""

    title: str | None = None
    position: str | None = None
    affiliation_country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")


class Entity(_Model):
    """A named entity with its canonical name and all its mentions."""

    name: str
    type: EntityType
    mentions: int = Field(ge=1)
    spans: list[Mention] = Field(default_factory=list)
    first_offset: int = Field(ge=0)
    in_lead: bool
    salience: float = Field(ge=0, le=1)
    confidence: float = Field(ge=0, le=1)
    country: str | None = Field(default=None, description="ISO alpha-2 the entity belongs to")
    role: Role | None = None
    labels: list[str] = Field(default_factory=list, description="raw NER labels that contributed")
    name_latin: str | None = Field(
        default=None, description="Latin transliteration of a PERSON name written in Cyrillic, Greek, Armenian "
        "or Georgian script ('Ильхам Алиев' -> 'Ilkham Aliyev'), for joining with Latin spellings")


class Country(_Model):
    """A country the article is about, linked to ISO 3166."""

    iso2: str = Field(min_length=2, max_length=2)
    iso3: str = Field(min_length=3, max_length=3)
    name: str
    mentions: int = Field(ge=1)
    via: list[str] = Field(default_factory=list, description="name, demonym, place")


class Place(_Model):
    """A place linked to the offline GeoNames gazetteer."""

    name: str
    country: str | None = Field(default=None, description="ISO alpha-2")
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    admin1: str | None = None
    feature_class: str | None = None
    population: int | None = None
    mentions: int = Field(ge=1)
    resolution: str = Field(description="why this gazetteer entry was chosen")


class Topic(_Model):
    """An IPTC Media Topic with its score."""

    code: str = Field(pattern=r"^medtop:\d{8}$")
    label: str
    path: list[str]
    score: float = Field(ge=0, le=1)


class Keyword(_Model):
    """A key phrase of the article's prose (frequency in it x rarity in the language); score 0..1, the best is 1."""

    text: str
    score: float = Field(ge=0, le=1)


class Sentiment(_Model):
    """Tone in GDELT's shape, computed with VADER."""

    tone: float = Field(ge=-100, le=100, description="positive minus negative, percent of words")
    positive: float = Field(ge=0, le=100)
    negative: float = Field(ge=0, le=100)
    polarity: float = Field(ge=0, le=100)
    compound: float = Field(ge=-1, le=1, description="VADER compound score of the summary sentences")


class Quote(_Model):
    """A direct quotation with its speaker and reporting verb."""

    text: str
    speaker: str | None = Field(description="name of the PERSON or ORGANIZATION entity quoted")
    verb: str | None = Field(default=None, description="reporting verb, e.g. said, told")
    start: int = Field(ge=0, description="offset of the quotation in body")
    end: int = Field(ge=0)


class Event(_Model):
    """Who did what with whom, where and when, in CAMEO style."""

    type: Literal["meeting", "visit", "agreement", "statement", "exercise", "attack", "appointment"]
    cameo: str = Field(description="CAMEO event code; X-prefixed for kinds CAMEO has no code for")
    actors: list[str] = Field(description="entity names (PERSON, ORGANIZATION, COUNTRY)")
    countries: list[str] = Field(default_factory=list, description="ISO alpha-2 of the actors' sides")
    place: str | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD: stated in the sentence, else publication day")
    sentence: str
    start: int = Field(ge=0)


class Processing(_Model):
    """How the article was processed; excluded from content comparisons."""

    pipeline_version: str
    models: dict[str, str]
    stage_ms: dict[str, float]
    worker: str
    processed_at: datetime
    removed_boilerplate: list[str] = Field(default_factory=list)
    skipped_steps: list[str] = Field(default_factory=list)


class Enrichment(_Model):
    """What tagging and enrichment add to an article: entities, geography, topics, text analytics."""

    entities: list[Entity]
    countries: list[Country]
    places: list[Place]
    topics: list[Topic]
    keywords: list[Keyword]
    summary: list[str]
    sentiment: Sentiment | None
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Article(Enrichment):
    """A processed article: the output contract."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    source: Source
    published_at: datetime | None
    date: DateInfo
    authors: list[str]
    title: str
    title_derived: bool
    language: str
    dateline: str | None = None
    body: str = Field(description="the article text; invisible formatting characters (bidi controls, zero-width "
                      "characters, soft hyphens, a stray BOM) are dropped and odd spaces made plain, so "
                      "every offset points into this text as stored")
    paragraphs: list[str]
    word_count: int = Field(ge=0)
    attributions: list[str]
    provenance: list[Provenance]
    processing: Processing
    warnings: list[str]


class FailureRecord(_Model):
    """An input that could not be processed; kept whole so it can be inspected and replayed."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    key: str = Field(pattern=r"^[0-9a-f]{16}$", description="file name key: derived from the input sha256")
    message: TaskMessage | dict[str, Any] = Field(
        description="the task message; kept raw when it did not match the message schema"
    )
    stage: str
    error_class: str
    error: str
    permanent: bool
    attempts: int = Field(ge=1)
    failed_at: datetime
    task_id: str | None = None
