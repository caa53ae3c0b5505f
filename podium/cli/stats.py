from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from podium.cli.app import app, django_setup


class StatsFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
def stats(
    format: StatsFormat = typer.Option(StatsFormat.table, "--format", help="Output format."),
    edition: str = typer.Option("", help="Edition slug (default: the current edition)."),
) -> None:
    """The edition's figures, computed by queries over the data."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.dashboard.selectors import edition_stats
    from podium.dashboard.serialize import stats_json

    found = edition_required(edition or None)
    figures = stats_json(edition_stats(found))
    if format is StatsFormat.json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    table = Table(title=found.name, show_header=True)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, "—" if value is None else str(value))
    Console().print(table)
