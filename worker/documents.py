"""The models that flow between stages: parse gives a Parsed, tag a Tagged, enrich the final Article."""

from datetime import datetime

from pydantic import BaseModel, Field

from schemas.models import DateInfo, Enrichment, Entity, Provenance, Source


class Parsed(BaseModel):
    """An article split into its parts, before any NLP."""

    id: str
    source: Source
    title: str
    title_derived: bool
    published_at: datetime | None
    date: DateInfo
    authors: list[str]
    dateline: str | None = None
    dateline_place: str | None = None
    paragraphs: list[str]
    body: str
    attributions: list[str]
    language: str
    removed_boilerplate: list[str] = Field(default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Tagged(BaseModel):
    """A parsed article with its canonical entities and sentence boundaries."""

    parsed: Parsed
    entities: list[Entity]
    sentences: list[tuple[int, int]] = Field(description="(start, end) offsets into body")
    skipped_steps: list[str] = Field(default_factory=list)


class Enriched(Enrichment):
    """A tagged article linked to countries and places, with topics, keywords, summary and tone."""

    tagged: Tagged
    models: dict[str, str]
