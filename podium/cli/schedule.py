"""``podium draws`` and ``podium schedule``: the recorded draws and the timetable they give.

Both read the current edition (or ``--edition SLUG``). ``schedule`` prints every slot that
fits; when a venue's sessions cannot hold its whole order it says so on stderr, by how
many teams and minutes, and still exits 0.
"""

from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from podium.cli.app import app, django_setup


class ScheduleFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
def draws(
    format: ScheduleFormat = typer.Option(ScheduleFormat.table, "--format", help="Output format."),
    edition: str = typer.Option("", help="Edition slug (default: the current edition)."),
) -> None:
    """The edition's revealed draws: commitment, seed and the order anyone can recompute."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.schedule.selectors import revealed_draws
    from podium.schedule.serialize import draw_json

    found = edition_required(edition)
    records = [draw_json(draw) for draw in revealed_draws(found)]
    if format is ScheduleFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    table = Table(title=found.name, show_header=True)
    for column in ("stage", "track", "venue", "commitment", "seed", "order"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            record["stage"],
            record["track"],
            record["venue"],
            record["commitment"],
            record["seed"],
            " ".join(record["order"]),
        )
    Console().print(table)


@app.command()
def schedule(
    format: ScheduleFormat = typer.Option(ScheduleFormat.table, "--format", help="Output format."),
    edition: str = typer.Option("", help="Edition slug (default: the current edition)."),
) -> None:
    """The timetable from the draws: every team's slot, by stage, venue and start time."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.schedule.selectors import edition_timetables
    from podium.schedule.serialize import slot_json, slot_rows

    found = edition_required(edition)
    timetables = edition_timetables(found)
    for venue_timetable in timetables:
        if venue_timetable.shortfall:
            typer.echo(f"schedule: {venue_timetable.shortfall}", err=True)
    if format is ScheduleFormat.json:
        typer.echo(json.dumps(slot_json(timetables), ensure_ascii=False, indent=2))
        return
    table = Table(title=found.name, show_header=True)
    for column in ("stage", "venue", "track", "team", "day", "start", "end"):
        table.add_column(column)
    for row in slot_rows(timetables):
        table.add_row(
            row["stage"],
            row["venue"],
            row["track"],
            row["team"],
            row["start"].date().isoformat(),
            row["start"].strftime("%H:%M"),
            row["end"].strftime("%H:%M"),
        )
    Console().print(table)
