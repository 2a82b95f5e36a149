"""Envelopes from other systems: the field names of news APIs and feeds mapped onto ours, the rest kept."""

import email.utils
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pycountry
from dateutil import parser as date_parser

# Our field -> the names other systems give it, best first (NewsAPI, RSS/Atom, GDELT, Mediastack,
# NewsData.io, newspaper4k, trafilatura, schema.org NewsArticle). A summary is text of last resort.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article_body", "articleBody", "maintext", "full_text",
             "raw_text", "description", "summary"),
    "html": ("html", "raw_html", "content_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "published_at": ("published_at", "publishedAt", "pubDate", "published", "publish_date",
                     "date_publish", "datePublished", "date", "seendate"),
    "authors": ("authors", "author", "creator", "byline", "dc:creator"),
    "source": ("source", "source_name", "sourceName", "source_id", "sitename", "site_name",
               "hostname", "domain"),
    "language": ("language", "lang"),
}
_NAME_KEYS = ("name", "title", "id")  # {"source": {"id": "bbc-news", "name": "BBC News"}}


@dataclass
class MappedEnvelope:
    """An envelope in our field names, where each came from, and what we could not map."""

    fields: dict[str, Any]
    origins: dict[str, str]
    extra: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def map_envelope(data: dict[str, Any]) -> MappedEnvelope:
    """Take each of our fields from the first alias that holds a usable value; keep every other key."""
    mapped = MappedEnvelope({}, {}, {})
    used: set[str] = set()
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias not in data or alias in used:
                continue
            value = _CONVERT[name](data[alias])
            if value in (None, "", []):
                continue
            mapped.fields[name], mapped.origins[name] = value, alias
            used.add(alias)
            break
    mapped.extra = {k: v for k, v in data.items() if k not in used}
    if mapped.extra:
        mapped.warnings.append(f"envelope fields kept unmapped in source.extra: {', '.join(sorted(mapped.extra))}")
    return mapped


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = next((value[k] for k in _NAME_KEYS if isinstance(value.get(k), str) and value[k].strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _authors(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        text = _text(item)
        if text:
            # "Jane Doe and John Roe", "Jane Doe; John Roe": one name per person.
            names += [n.strip() for n in text.replace(" and ", ";").split(";") if n.strip()]
    return names


def _date(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value  # epoch milliseconds or seconds
        return datetime.fromtimestamp(seconds, UTC)
    text = _text(value)
    if text is None:
        return None
    for read in (datetime.fromisoformat, email.utils.parsedate_to_datetime, date_parser.parse):
        try:
            return read(text)  # ISO 8601, RFC 2822 (RSS pubDate), then anything dateutil reads
        except (ValueError, TypeError, OverflowError):
            continue
    return None


def _language(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    code = text.split("-")[0].split("_")[0].lower()  # "en-US" -> "en"
    if len(code) in (2, 3) and code.isalpha():
        return code
    # NewsData.io sends "english": the ISO 639 name.
    language = pycountry.languages.get(name=text.capitalize())
    return getattr(language, "alpha_2", None) if language else None


_CONVERT = {"text": _text, "html": _text, "title": _text, "url": _text, "source": _text,
            "published_at": _date, "authors": _authors, "language": _language}
