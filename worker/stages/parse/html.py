"""HTML pages: main text and metadata from trafilatura, the timestamp with its offset from htmldate."""

from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

# Elements whose text is a line of its own when the page is read as plain text.
# Inline elements (span, a, b) stay inside their line: a name in a <span> is part of its sentence.
_BLOCKS = ("p", "div", "section", "article", "header", "footer", "aside", "li", "h1", "h2", "h3", "h4", "h5",
           "h6", "time", "address", "figcaption", "blockquote", "tr", "br")
_HIDDEN = ("script", "style", "noscript", "template", "svg")
# htmldate (trafilatura's date extractor) keeps the time and offset when asked for them.
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True,
                "extensive_search": False}


@dataclass
class HtmlArticle:
    """What the extractor found in a page."""

    title: str | None
    authors: list[str]
    published_at: datetime | None
    paragraphs: list[str]
    outlet: str | None
    url: str | None


def extract_html(html: str) -> HtmlArticle | None:
    """The page's main article, or None when the extractor finds no text."""
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = doc.text if isinstance(doc, Document) else None
    if not isinstance(doc, Document) or not text or not text.strip():
        return None
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    if lines and doc.title and lines[0] == doc.title.strip():
        lines = lines[1:]  # trafilatura repeats the <h1> as the first line
    published = None
    if doc.date:
        try:
            published = datetime.fromisoformat(doc.date)
        except ValueError:
            published = None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return HtmlArticle(doc.title, authors, published, lines, doc.sitename, doc.url)


def visible_lines(html: str) -> list[str]:
    """The page's text one block per line, as a plain-text page reads: where a date or byline line that the
    main-text extractor drops as furniture ("By Ann Lee | Published 2:14 PM EST, March 5, 2024") still is."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return []
    for element in root.iter(*_HIDDEN):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    return [" ".join(line.split()) for line in root.text_content().split("\n") if line.strip()]
