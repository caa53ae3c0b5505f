"""``podium assign``: the optimal reviewer assignment for an affinity file (SPEC §5).

No Django here: the command reads A.csv (``judge,project,affinity``) and optionally C.csv
(``judge,project`` conflicts), solves with ``podium.rules.assignment`` and prints. The
judges and projects are those A.csv names. Everything is read and solved before anything
is printed, so a refused run (bad row, infeasible instance) exits 2 with an empty stdout.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from podium.cli.app import app
from podium.rules.assignment import Assignment, assign_indexed
from podium.rules.assignment_io import read_affinity_file, read_conflict_file
from podium.rules.sheet_rows import ScoreFileError

CSV_COLUMNS = ("judge", "project", "affinity")


class OutputFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def _sorted_pairs(result: Assignment) -> list[tuple[str, str, str]]:
    rows = [(str(judge), str(project), str(value)) for judge, project, value in result.pairs]
    return sorted(rows, key=lambda row: (row[1], row[0]))


# One assignment as ``json.dumps(..., indent=2)`` lays it out inside the payload.
_JSON_ENTRY = '    {{\n      "judge": {},\n      "project": {},\n      "affinity": {}\n    }}'


def render_json(result: Assignment) -> str:
    """The payload as ``json.dumps(payload, indent=2, ensure_ascii=False)`` writes it.

    With an indent, json encodes in pure Python, about 5 µs an entry: a second and more for
    a national round's assignments. The same text is laid out here with each string
    through json's own (C) string encoder."""
    quote = json.encoder.encode_basestring
    entries = ",\n".join(
        _JSON_ENTRY.format(quote(judge), quote(project), quote(value))
        for judge, project, value in _sorted_pairs(result)
    )
    assignments = f"[\n{entries}\n  ]" if entries else "[]"
    return (
        f'{{\n  "assignments": {assignments},\n'
        f'  "objective": {quote(str(result.objective))},\n'
        f'  "upper_bound": {quote(str(result.upper_bound))}\n}}'
    )


def render_csv(result: Assignment) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_sorted_pairs(result))
    return buffer.getvalue().removesuffix("\n")


def _fail(lines: list[str]) -> typer.Exit:
    for line in lines:
        typer.echo(line, err=True)
    return typer.Exit(2)


@app.command()
def assign(
    affinity: Annotated[
        Path,
        typer.Option(
            metavar="A.csv", help="Affinities: judge,project,affinity (unlisted pairs are 0)."
        ),
    ],
    per_project: Annotated[
        int, typer.Option(metavar="K", help="Judges each project gets (exactly).")
    ],
    max_load: Annotated[int, typer.Option(metavar="L", help="Most projects per judge.")],
    conflicts: Annotated[
        Path | None,
        typer.Option(metavar="C.csv", help="Conflicts: judge,project pairs never assigned."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output: json or csv.")
    ] = OutputFormat.JSON,
) -> None:
    """Give each project K distinct judges, no conflicts, load <= L, most total affinity."""
    try:
        table = read_affinity_file(affinity)
        conflicted = (
            read_conflict_file(conflicts, judges=table.judges, projects=table.projects)
            if conflicts is not None
            else None
        )
        result = assign_indexed(
            table=table, conflicts=conflicted, per_project=per_project, max_load=max_load
        )
    except ScoreFileError as error:
        raise _fail(error.report_lines()) from None

    output = render_json(result) if output_format is OutputFormat.JSON else render_csv(result)
    typer.echo(output)
