"""Long inputs: text over the model's limit is tagged in pieces with true offsets; batches stay small."""

from datetime import UTC, datetime

from schemas.models import DateInfo, Source
from worker.documents import Parsed
from worker.queue.producer import batches, make_message
from worker.stages.tag import get_tagger
from worker.stages.tag.long_text import chunks
from worker.stages.tag.model import load_model

# A council report, written for this test; each paragraph is numbered so none repeats exactly.
PARAGRAPHS = [
    "The harbour council of Valmora met on Tuesday {n} to discuss the ferry timetable. "
    "Mayor Ingrid Falkenrath said the winter crossings would keep their morning slot.",
    "Engineers from the Northern Rail Authority reported that the bridge at Kestrel Point "
    "needed new bearings, and asked for a budget of {n} thousand euros.",
    "A fishermen's cooperative in Portavelle complained that the new quay fees, item {n} on "
    "the agenda, were twice what the council had promised last spring.",
]
CLOSING = ("In closing, the visiting minister Adaeze Okonkwo thanked the harbour staff and "
           "promised to return to Valmora in the summer.")


def test_chunks_cut_at_paragraph_breaks_and_join_back() -> None:
    text = "\n\n".join(p.format(n=n) for n in range(40) for p in PARAGRAPHS)
    parts = chunks(text, 1000)
    assert "".join(parts) == text and len(parts) > 10
    assert all(len(p) <= 1000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])  # every cut falls on a paragraph break
    one_paragraph = " ".join(p.format(n=n) for n in range(40) for p in PARAGRAPHS)
    parts = chunks(one_paragraph, 1000)
    assert "".join(parts) == one_paragraph
    assert all(p.endswith(". ") for p in parts[:-1])  # no break to cut at: a sentence end
    assert chunks("short", 1000) == ["short"]


def test_text_over_the_model_limit_is_tagged_with_offsets_true_to_body() -> None:
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < 1_500_000:
        n = len(paragraphs)
        paragraphs.append(PARAGRAPHS[n % len(PARAGRAPHS)].format(n=n))
    paragraphs.append(CLOSING)  # its minister is named nowhere else: only the last piece finds her
    body = "\n\n".join(paragraphs)
    assert len(body.encode()) > 1_500_000 and len(body) > load_model().max_length
    parsed = Parsed(
        id="1" * 16, source=Source(name="long.txt", format="txt", sha256="1" * 64,
                                   received_at=datetime.now(UTC)),
        title="Harbour council", title_derived=False, published_at=None, date=DateInfo(),
        authors=[], paragraphs=paragraphs, body=body, attributions=[], language="en")

    tagged = get_tagger()(parsed)

    spans = [(e.name, s) for e in tagged.entities for s in e.spans]
    assert spans and all(body[s.start:s.end] == s.text for _, s in spans)
    names = {e.name for e in tagged.entities}
    assert {"Ingrid Falkenrath", "Adaeze Okonkwo"} <= names
    (minister,) = [s for name, s in spans if name == "Adaeze Okonkwo"]
    assert minister.start == body.index("Adaeze Okonkwo")
    assert tagged.sentences[-1][1] == len(body)  # sentences run to the very end of the body
    print(f"\nlong text: {len(body.encode()):,} bytes tagged, {len(tagged.entities)} entities, "
          f"{len(spans):,} mentions, all offsets true to the body")


def test_batches_never_carry_more_text_than_one_article_may_hold() -> None:
    sizes = [10, 10, 900, 10, 10, 10, 2000, 10]
    messages = [make_message(f"{i}.txt", "txt", b"x" * n, 5000) for i, n in enumerate(sizes)]
    shaped = [[len(m.payload) for m in batch] for batch in batches(messages, 3, 1000)]
    assert shaped == [[10, 10, 900], [10, 10, 10], [2000], [10]]
    assert [m for batch in batches(messages, 3, 1000) for m in batch] == messages
