"""Text hygiene before any parsing: invisible formatting characters out, spaces and line ends made plain."""

import re
import unicodedata

# Bidi embeddings/overrides/isolates, zero-width characters, word joiner and a stray BOM: they
# render as nothing, reorder what consumers display, and split names so NER cannot see them.
INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF,
     0x200E, 0x200F, 0x00AD],
    None,
)
# No-break, thin and other fixed-width spaces are ordinary spaces to a reader.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def clean_text(text: str) -> str:
    """NFC text with invisible formatting characters removed, odd spaces and line ends made plain."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _SPACES.sub(" ", text)
