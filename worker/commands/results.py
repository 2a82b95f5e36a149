"""`ingest results`: read processed articles back from the store."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from worker.settings import get_settings
from worker.store import FileStore

app = typer.Typer(help="Read processed articles back.", no_args_is_help=True)
OutOption = Annotated[Path | None, typer.Option("--out", help="store directory")]


def _store(out: Path | None) -> FileStore:
    return FileStore(out or get_settings().out_dir)


@app.command("list")
def list_results(out: OutOption = None) -> None:
    """One row per stored article."""
    store = _store(out)
    table = Table(title=f"articles in {store.root}")
    for column in ("id", "published_at", "language", "title", "countries", "warnings"):
        table.add_column(column)
    count = 0
    for article_id in store.article_ids():
        a = store.read_article(article_id)
        table.add_row(a.id, a.published_at.isoformat() if a.published_at else "-", a.language,
                      a.title[:60], ",".join(c.iso2 for c in a.countries), str(len(a.warnings)))
        count += 1
    Console().print(table)
    Console(stderr=True).print(f"{count} articles")


@app.command("show")
def show(article_id: str, out: OutOption = None) -> None:
    """Print one stored article as JSON (exit 1 if there is no such article)."""
    store = _store(out)
    try:
        path = store.article_path(article_id)
    except ValueError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if not path.exists():
        Console(stderr=True).print(f"[red]no article {article_id} in {store.root}[/red]")
        raise typer.Exit(1)
    typer.echo(path.read_text(encoding="utf-8"))
