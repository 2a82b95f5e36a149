"""`ingest eval`: score the real pipeline against a labelled set and print one table."""

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from worker.bench.evaluation import EXACT_FIELDS, SET_FIELDS, FieldScore, evaluate


def eval_command(directory: Path, show_misses: bool, as_json: Path | None) -> int:
    """Print accuracy per exact field and P/R/F1 per list field; 2 if no labelled article."""
    console = Console()
    with console.status(f"evaluating {directory}"):
        scores, count = evaluate(directory)
    if not count:
        Console(stderr=True).print(f"[red]no labelled articles (*.expected.json) in {directory}[/red]")
        return 2
    table = Table(title=f"evaluation on {count} labelled articles")
    for column in ("field", "n", "accuracy", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name in EXACT_FIELDS:
        s = scores[name]
        table.add_row(name, str(s.total), f"{s.accuracy:.3f}", "", "", "")
    for name in SET_FIELDS:
        s = scores[name]
        table.add_row(name, str(s.tp + s.fn), "", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
    console.print(table)
    if show_misses:
        for name, s in scores.items():
            for miss in s.misses:
                console.print(f"[yellow]{name}[/yellow] {miss}", highlight=False)
    if as_json:
        as_json.write_text(json.dumps({name: _figures(s) for name, s in scores.items()}, indent=2))
    return 0


def _figures(s: FieldScore) -> dict[str, float]:
    return {"accuracy": round(s.accuracy, 4), "precision": round(s.precision, 4),
            "recall": round(s.recall, 4), "f1": round(s.f1, 4), "n": s.total or s.tp + s.fn}
