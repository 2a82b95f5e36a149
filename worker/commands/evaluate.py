"""`ingest eval`: score the real pipeline against a labelled set and print its tables."""

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from worker.bench.evaluation import ENGLISH_ONLY, EXACT_FIELDS, SET_FIELDS, FieldScore, Report, evaluate
from worker.commands.exits import EXIT_OK, EXIT_USAGE

# The per-group table keeps to the figures the floors are set on.
GROUP_COLUMNS = ("published_date", "published_time", "utc_offset", "authors", "attributions",
                 "persons", "countries", "places", "organizations")


def eval_command(directory: Path, split: str, show_misses: bool, as_json: Path | None) -> int:
    """Print accuracy per exact field, P/R/F1 per list field and a row per group; 2 if nothing to score."""
    console = Console() if sys.stdout.isatty() else Console(width=160)  # tables unwrapped in files
    with console.status(f"evaluating {directory}"):
        report = evaluate(directory, split)
    if not report.count:
        Console(stderr=True).print(f"[red]no labelled articles in {directory} (split {split})[/red]")
        return EXIT_USAGE
    console.print(_field_table(report, directory, split))
    if len(report.groups) > 1:
        console.print(_group_table(report))
    console.print(f"byline authors also tagged PERSON: {len(report.byline_persons)}; "
                  f"articles refused: {len(report.rejected)}")
    if show_misses:
        for name, s in report.scores.items():
            for miss in s.misses:
                console.print(f"[yellow]{name}[/yellow] {miss}", highlight=False)
        # Other languages' entities are scored in their own rows only (not in the totals above).
        for group, scores in sorted(report.groups.items()):
            for name in sorted(ENGLISH_ONLY) if group.startswith("lang ") else ():
                for miss in scores[name].misses:
                    console.print(f"[yellow]{name} ({group})[/yellow] {miss}", highlight=False)
        for leak in report.byline_persons:
            console.print(f"[yellow]byline person[/yellow] {leak}", highlight=False)
        for refused in report.rejected:
            console.print(f"[red]refused[/red] {refused}", highlight=False)
    if as_json:
        as_json.write_text(json.dumps({
            "articles": report.count, "split": split,
            "fields": {name: _figures(s) for name, s in report.scores.items()},
            "groups": {g: {n: _figures(s) for n, s in scores.items()} for g, scores in report.groups.items()},
            "byline_persons": len(report.byline_persons), "rejected": len(report.rejected),
        }, indent=2))
    return EXIT_OK


def _field_table(report: Report, directory: Path, split: str) -> Table:
    table = Table(title=f"evaluation on {report.count} labelled articles ({directory.name}, split {split})")
    for column in ("field", "n", "accuracy", "spurious", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name in EXACT_FIELDS:
        s = report.scores[name]
        table.add_row(name, str(s.total), f"{s.accuracy:.3f}", str(s.spurious), "", "", "")
    for name in SET_FIELDS:
        s = report.scores[name]
        table.add_row(name, str(s.tp + s.fn), "", "", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
    return table


def _group_table(report: Report) -> Table:
    table = Table(title="by outlet family (accuracy for dates and authors, F1 for the rest)")
    table.add_column("group", no_wrap=True, min_width=14)
    table.add_column("pages", justify="right")
    for name in GROUP_COLUMNS:
        table.add_column(name.replace("published_", "").replace("organizations", "orgs"), justify="right")
    for group, scores in sorted(report.groups.items()):
        pages = scores["language"].total
        cells = [_cell(scores[n], n in SET_FIELDS) for n in GROUP_COLUMNS]
        table.add_row(group, str(pages), *cells)
    return table


def _cell(score: FieldScore, is_set: bool) -> str:
    if is_set:
        return f"{score.f1:.2f}" if score.tp + score.fn + score.fp else "-"
    return f"{score.accuracy:.2f}" if score.total else "-"


def _figures(s: FieldScore) -> dict[str, float]:
    return {"accuracy": round(s.accuracy, 4), "precision": round(s.precision, 4),
            "recall": round(s.recall, 4), "f1": round(s.f1, 4), "n": s.total or s.tp + s.fn,
            "spurious": s.spurious}
