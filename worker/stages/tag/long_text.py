"""Texts longer than the model takes at once: tagged in pieces cut at paragraph breaks, joined back."""

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

# The longest text given to the model at once. spaCy refuses more than `nlp.max_length`
# (1,000,000 characters), and NER memory grows with the length of one text; articles are far
# shorter than this and are never cut.
CHUNK_CHARS = 100_000
_CUTS = ("\n\n", "\n", ". ", " ")  # a paragraph break first; a line, a sentence, a word if need be


def chunks(text: str, limit: int) -> list[str]:
    """`text` in consecutive pieces of at most `limit` characters that join back into it.

    A paragraph break already ends a sentence, so a cut there changes no sentence and, since the
    model reads only a few words either side, hardly an entity; a paragraph longer than `limit`
    is cut at its last line break, sentence end or space.
    """
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((i + len(sep) for sep in _CUTS if (i := window.rfind(sep)) > 0), limit)
        parts.append(window[:cut])
        start += cut
    parts.append(text[start:])
    return parts


def pipe_whole(nlp: Language, texts: Iterable[str], batch_size: int,
               limit: int = CHUNK_CHARS) -> Iterator[Doc]:
    """`nlp.pipe` over `texts`, one Doc per text however long; offsets are those of the text."""
    pieces = [chunks(text, min(limit, nlp.max_length)) for text in texts]
    if any(len(parts) > 1 for parts in pieces):
        # The model's working memory grows with the text of a whole batch: pieces go one by one.
        batch_size = 1
    docs = nlp.pipe((part for parts in pieces for part in parts), batch_size=batch_size)
    for parts in pieces:
        group = [next(docs) for _ in parts]
        # Joined as they are (each piece keeps the break it was cut after): the text is unchanged.
        yield group[0] if len(group) == 1 else Doc.from_docs(group, ensure_whitespace=False)
