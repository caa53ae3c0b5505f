"""``podium visits`` lists the site visits; ``podium export attendees`` writes one's list."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from podium.cli.app import app, django_setup
from podium.cli.groups import export_app

NO_VISIT = "visit: no visit {visit} in the current edition (see `podium visits`)"
BAD_SUFFIX = "out: {path} must end in .csv or .xlsx"


class VisitsFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
def visits(
    format: VisitsFormat = typer.Option(VisitsFormat.table, "--format", help="Output format."),
) -> None:
    """The current edition's site visits: seats taken of the capacity, and who waits."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.visits.selectors import visits_of

    rows = [
        {
            "id": v.pk,
            "title": v.title,
            "starts_at": v.starts_at.isoformat(),
            "capacity": v.capacity,
            "seats_taken": v.seats_taken,
            "waiting_seats": v.waiting_seats,
        }
        for v in visits_of(edition_required())
    ]
    if format is VisitsFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=True)
    for column in rows[0] if rows else ("id", "title"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(value) for value in row.values()))
    Console().print(table)


@export_app.command("attendees")
def export_attendees(
    visit: int = typer.Argument(..., help="The visit's id (see `podium visits`)."),
    out: Path = typer.Option(..., "--out", help="File to write: .csv or .xlsx."),
) -> None:
    """A visit's attendee list and waiting list, for the gate and the bus."""
    django_setup()
    from django.http import Http404

    from podium.competitions.selectors import edition_required
    from podium.visits.exports import attendees_csv, attendees_xlsx
    from podium.visits.selectors import attendees, visit_in

    suffix = out.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        typer.echo(BAD_SUFFIX.format(path=out), err=True)
        raise typer.Exit(2)
    try:
        found = visit_in(edition_required(), visit)
    except Http404:
        typer.echo(NO_VISIT.format(visit=visit), err=True)
        raise typer.Exit(2) from None
    lists = attendees(found)
    if suffix == ".csv":
        out.write_text(attendees_csv(lists), encoding="utf-8")
    else:
        out.write_bytes(attendees_xlsx(found, lists))
    typer.echo(f"wrote {out}")
