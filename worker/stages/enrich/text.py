"""An extractive summary and GDELT-shaped tone (VADER)."""

import re
from importlib.metadata import version

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from schemas.models import Entity, Sentiment

VADER_VERSION = f"vaderSentiment-{version('vaderSentiment')}"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


class TextEnricher:
    """Built once per process: the VADER lexicon."""

    def __init__(self) -> None:
        self.vader = SentimentIntensityAnalyzer()

    def sentiment(self, body: str, gist: list[str]) -> Sentiment:
        """Tone = positive% - negative% of the body's words, as GDELT reports it.

        VADER's compound (with its negation and booster rules) is taken over the summary sentences:
        over the whole body it costs more than the rest of the enrich stage together.
        """
        words = _WORD.findall(body.lower())
        lexicon = self.vader.lexicon
        pos = sum(1 for w in words if lexicon.get(w, 0) > 0)
        neg = sum(1 for w in words if lexicon.get(w, 0) < 0)
        total = max(len(words), 1)
        positive, negative = 100 * pos / total, 100 * neg / total
        return Sentiment(
            tone=round(positive - negative, 3), positive=round(positive, 3),
            negative=round(negative, 3), polarity=round(positive + negative, 3),
            compound=round(self.vader.polarity_scores(" ".join(gist) or body[:1000])["compound"], 4),
        )


def summarise(body: str, sentences: list[tuple[int, int]], entities: list[Entity], size: int = 3) -> list[str]:
    """2-3 sentences chosen by position and the salient entities they mention, in text order."""
    if not sentences:
        return []
    salient = [e for e in entities if e.type != "NORP"][:8]
    scored = []
    for i, (start, end) in enumerate(sentences):
        text = body[start:end].strip()
        if len(text.split()) < 6:
            continue
        ent_hits = sum(e.salience for e in salient for m in e.spans if start <= m.start < end)
        position = 1.0 / (1 + i)
        scored.append((2 * position + ent_hits, i, text))
    count = size if len(scored) > 4 else min(2, len(scored))
    chosen = sorted(sorted(scored, reverse=True)[:count], key=lambda t: t[1])
    return [text for _, _, text in chosen]
