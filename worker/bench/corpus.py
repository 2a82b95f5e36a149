"""A generated corpus of distinct seed-like articles: shuffled paragraphs, swapped names and numbers."""

import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_YEAR_OR_DATE = re.compile(r"^(19|20)\d\d$")
_FIRST = ["Anna", "Rustam", "Leyla", "Giorgi", "Aida", "Timur", "Nino", "Emre", "Olga", "Farid",
          "Zarina", "Levan", "Selin", "Bakhyt", "Irina", "Kamal"]
_LAST = ["Aliyeva", "Karimov", "Beridze", "Yilmaz", "Petrova", "Nurlanov", "Huseynov", "Kapanadze",
         "Demir", "Sokolova", "Tashkentov", "Abashidze", "Ozturk", "Mammadov", "Ivanova", "Rakhimov"]


def seed_blocks(path: Path) -> tuple[list[str], str, list[str]]:
    """A seed's header blocks (date line, byline), lead and remaining paragraphs."""
    blocks = [b.strip("\n") for b in path.read_text("utf-8").split("\n\n") if b.strip()]
    return blocks[:2], blocks[2], blocks[3:]


def _swap_numbers(text: str, rng: random.Random) -> str:
    # Years stay: the date parser and the text must keep agreeing; other figures change freely.
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if _YEAR_OR_DATE.match(word) or "." in word or "," in word:
            return word
        return str(rng.randint(2, 10 ** len(word) - 1))

    return _NUMBER.sub(swap, text)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def make_article(number: int, seeds: list[Path], rng: random.Random) -> str:
    """One article: a seed's header and lead, its paragraphs shuffled with one borrowed, a quote."""
    header, lead, rest = seed_blocks(seeds[number % len(seeds)])
    _, _, other = seed_blocks(rng.choice(seeds))
    body = [*rest, rng.choice(other)] if other else list(rest)
    rng.shuffle(body)
    quote = (f"{_name(rng)}, a spokesperson, said the figures in report {number} "
             f"would be reviewed within {rng.randint(2, 30)} days.")
    byline = _name(rng) if len(header) > 1 and len(header[1].split()) <= 4 else None
    head = [header[0], byline] if byline else header
    paragraphs = [_swap_numbers(p, rng) for p in (lead, *body)]
    return "\n\n".join([*head, *paragraphs, quote]) + "\n"


def make_corpus(count: int, seed: int = 7, seeds_dir: Path = SEEDS) -> list[tuple[str, bytes]]:
    """`count` distinct articles as (file name, bytes), reproducible for a given `seed`."""
    rng = random.Random(seed)
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise FileNotFoundError(f"no seed articles in {seeds_dir}")
    return [(f"bench_{n:06d}.txt", make_article(n, seeds, rng).encode("utf-8"))
            for n in range(count)]


def read_corpus(directory: Path) -> list[tuple[str, bytes]]:
    """Every `.txt` article under `directory` as (file name, bytes); a repeated text counts once."""
    seen: set[bytes] = set()
    out = []
    for path in sorted(directory.rglob("*.txt")):
        data = path.read_bytes()
        if data.strip() and data not in seen:  # the same text would be stored once, under one id
            seen.add(data)
            out.append(("__".join(path.relative_to(directory).parts), data))
    return out


def write_corpus(corpus: list[tuple[str, bytes]], directory: Path) -> Path:
    """The corpus as files in `directory`, so every side of a benchmark reads the same files."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in corpus:
        (directory / name).write_bytes(data)
    return directory
