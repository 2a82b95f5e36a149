"""The shape of a plain-text article: header line, optional outlet line, title, byline, paragraphs."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from worker.stages.parse.boilerplate import is_widget_junk
from worker.stages.parse.byline import Byline, is_byline_junk, read_byline
from worker.stages.parse.dates import HEADER, ParsedDate, build_date, month_number, parse_human

_PUBLISHED_BY = re.compile(r"\bpublished\s+by\b\s*:?\s*(?P<outlet>.*)$", re.IGNORECASE)
_WIDGET_TAIL = re.compile(r"\s*[+\-−–]?\s*[↺⟳]\s*[+\-−–]?\s*(?:\d+\s*px)?\s*$|\s+\d+\s*px\s*$")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,40})?),\s*"
    r"(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})"
    r"(?:\s*\((?P<outlet>[^)]{1,40})\))?\s*(?:[.:]\s*[-–—]?|[-–—])\s*"
)


@dataclass
class Layout:
    """The parts of a plain-text article before cleaning."""

    header_date: ParsedDate | None = None
    header_iso: str | None = None
    title: str | None = None
    byline: Byline = field(default_factory=Byline)
    has_byline: bool = False
    outlet: str | None = None
    site_name: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    dateline_date: ParsedDate | None = None
    paragraphs: list[str] = field(default_factory=list)


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, or lines when the text has no blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _read_header(first: str, layout: Layout) -> str:
    """Fill the header fields from the first line; returns the text left after the date."""
    match = HEADER.match(first)
    if not match:
        return first
    layout.header_iso = match["iso"]
    year = int(match["iso"][:4])
    rest = match["rest"]
    human = parse_human(rest, year)
    if human:
        layout.header_date, rest = human
    else:
        iso_date = build_date(year, int(match["iso"][5:7]), int(match["iso"][8:10]), None, None, None)
        if iso_date:
            layout.header_date = ParsedDate(iso_date, "day", None, match["iso"])
    rest = _WIDGET_TAIL.sub("", rest).strip()
    return "" if is_widget_junk(rest) else rest


def read_dateline(paragraph: str, year: int) -> tuple[str, str, ParsedDate | None, str | None, str] | None:
    """(dateline, place, date, outlet, rest of paragraph) for 'BAKU, Azerbaijan, May 26. ...'."""
    match = DATELINE.match(paragraph)
    if not match or month_number(match["mon"]) is None:
        return None
    place = match["place"].split(",")[0].strip().title()
    value = build_date(year, month_number(match["mon"]) or 0, int(match["day"]), None, None, None)
    date = ParsedDate(value, "day", None, match.group(0).strip()) if value else None
    outlet = match["outlet"].strip() if match["outlet"] else None
    return match.group(0).strip(" .-–—:"), place, date, outlet, paragraph[match.end():]


def read_layout(text: str, received_at: datetime) -> Layout:
    """Split a plain-text article into header, title, byline, dateline and paragraphs."""
    layout = Layout()
    blocks = split_paragraphs(text)
    if not blocks:
        return layout
    has_header = bool(HEADER.match(blocks[0]))
    rest = _read_header(blocks[0], layout) if has_header else blocks[0]
    blocks = blocks[1:]
    published_by = _PUBLISHED_BY.search(rest)
    if published_by:
        outlet = published_by["outlet"].strip() or (blocks.pop(0) if blocks else "")
        layout.outlet = outlet.strip() or None
        rest = rest[: published_by.start()].strip()
    if rest and DATELINE.match(rest):
        blocks.insert(0, rest)  # a dateline on the header line starts the lead paragraph
    elif rest:
        layout.title = rest
    _read_title_and_byline(blocks, layout, has_header)
    year = layout.header_date.value.year if layout.header_date else received_at.year
    if layout.paragraphs:
        found = read_dateline(layout.paragraphs[0], year)
        if found:
            layout.dateline, layout.dateline_place, layout.dateline_date, outlet, lead = found
            layout.outlet = layout.outlet or outlet
            layout.paragraphs[0] = lead.strip()
            if not layout.paragraphs[0]:
                layout.paragraphs.pop(0)
    return layout


def _looks_like_title(line: str) -> bool:
    return len(line.split()) <= 25 and not line.rstrip().endswith((".", "!", "?")) \
        and not DATELINE.match(line)


def _read_title_and_byline(blocks: list[str], layout: Layout, has_header: bool) -> None:
    if has_header and blocks and layout.title is None and read_byline(blocks[0]) is None \
            and _looks_like_title(blocks[0]) and len(blocks) > 1 and read_byline(blocks[1]):
        layout.title = blocks.pop(0)
    if blocks:
        byline = read_byline(blocks[0])
        if byline is not None:
            blocks.pop(0)
            layout.byline, layout.has_byline = byline, bool(byline.authors)
            while blocks and is_byline_junk(blocks[0]):
                blocks.pop(0)
    layout.paragraphs = blocks
