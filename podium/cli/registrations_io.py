"""``podium import registrations`` and ``podium export template|registrations``.

An import is all or nothing: a refused file exits 2, lists every bad row and column on
stderr, prints nothing on stdout and leaves the database as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from podium.cli.app import django_setup
from podium.cli.groups import export_app, import_app
from podium.errors import PodiumError

FILE_NOT_FOUND = "{path}: no such file"
IMPORTED = "imported {teams} team(s) with {members} member(s); {enterprises} new enterprise(s)"
CHECKED = "checked {teams} team(s) with {members} member(s); dry run, nothing imported"
WROTE = "wrote {path}"

EditionOption = Annotated[
    str | None, typer.Option("--edition", help="Edition slug (default: the current edition).")
]


def _fail(lines: list[str]) -> typer.Exit:
    for line in lines:
        typer.echo(line, err=True)
    return typer.Exit(2)


@import_app.command("registrations")
def import_registrations(
    file: Annotated[Path, typer.Argument(metavar="FILE.xlsx|FILE.csv", help="Teams, one a row.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and import nothing.")
    ] = False,
    edition: EditionOption = None,
) -> None:
    """Import teams, projects and members from the template's columns (all or nothing)."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.registration.imports import registrations_import
    from podium.rules.registration_rows import RegistrationFileError

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = progress.add_task(f"reading {file.name}", total=None)
    try:
        if not file.is_file():
            raise PodiumError(FILE_NOT_FOUND.format(path=file))
        with progress, file.open("rb") as stream:
            summary = registrations_import(
                actor=None,
                edition=edition_required(edition),
                stream=stream,
                name=file.name,
                dry_run=dry_run,
                on_total=lambda total: progress.update(task, total=total),
                on_row=lambda: progress.advance(task),
            )
    except RegistrationFileError as error:
        raise _fail(error.report_lines()) from None
    template = CHECKED if summary.dry_run else IMPORTED
    typer.echo(
        template.format(
            teams=summary.teams, members=summary.members, enterprises=summary.new_enterprises
        )
    )


@export_app.command("template")
def export_template(
    out: Annotated[Path, typer.Option("--out", help="Where to write the .xlsx template.")] = Path(
        "podium-registrations-template.xlsx"
    ),
    edition: EditionOption = None,
) -> None:
    """Write the registration template (.xlsx, Chinese headers, help and allowed values)."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.registration.imports import registration_template

    try:
        out.write_bytes(registration_template(edition_required(edition)))
    except OSError as error:
        raise _fail([f"error: {out}: {error.strerror}"]) from None
    typer.echo(WROTE.format(path=out))


@export_app.command("registrations")
def export_registrations(
    out: Annotated[Path, typer.Option("--out", help="Where to write the .xlsx file.")],
    edition: EditionOption = None,
) -> None:
    """Write the edition's registrations as .xlsx, in the template's columns."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.registration.imports import registrations_export

    try:
        out.write_bytes(registrations_export(actor=None, edition=edition_required(edition)))
    except OSError as error:
        raise _fail([f"error: {out}: {error.strerror}"]) from None
    typer.echo(WROTE.format(path=out))
