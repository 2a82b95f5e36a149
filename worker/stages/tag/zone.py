"""One spaCy memory zone kept open across batches, closed and opened again every few hundred articles."""

from contextlib import ExitStack

from spacy.language import Language

# spaCy frees what a zone allocated when it closes, so a worker's vocabulary cannot grow forever.
# A zone per batch also frees the words every batch shares ("said", "government"): the model ships
# about 2,000 lexemes, so each batch (of 8, when measured) rebuilt about 100 an article, each through
# spaCy's Python attribute functions (7 M of the tag stage's 258 M instructions an article). Held open for this
# many articles, a zone builds each word once; its lexemes and strings are freed when it closes
# (480 generated articles added 1,400 lexemes and no measurable RSS; feeds with more names add more).
ZONE_ARTICLES = 500


class Zone:
    """`nlp.memory_zone()` held open by the tagger; zones must not nest, so anything else that opens
    one on the same model closes this one first."""

    def __init__(self, nlp: Language, articles: int = ZONE_ARTICLES) -> None:
        self.nlp, self.articles = nlp, articles
        self._stack: ExitStack | None = None
        self._count = 0

    @property
    def is_open(self) -> bool:
        return self._stack is not None

    def open(self) -> None:
        """Open the zone unless it is open already."""
        if self._stack is None:
            stack = ExitStack()
            stack.enter_context(self.nlp.memory_zone())
            self._stack = stack

    def spent(self, articles: int) -> None:
        """Count the articles tagged in the zone; close it once it has held its share."""
        self._count += articles
        if self._count >= self.articles:
            self.close()

    def close(self) -> None:
        """Free everything the zone allocated. Docs made in it must not be used afterwards."""
        if self._stack is not None:
            self._stack.close()
        self._stack, self._count = None, 0
