"""``podium rank``: rank a score file offline with exactly the rules the platform uses.

No Django here: the command reads a file, applies ``podium.rules`` and prints. Everything
is validated before anything is printed, so a failed run leaves stdout empty.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from podium.cli.app import app
from podium.errors import PodiumError
from podium.rules.ranking import ProjectResult, rank_all
from podium.rules.rubric import DEFAULT_RUBRIC_SPEC, Rubric
from podium.rules.scoring import DEFAULT_TRIM, Method, check_trim
from podium.rules.sheet_rows import ScoreFileError
from podium.rules.sheets_io import read_score_file

BAD_QUOTA = "--quota {value!r}: write TRACK=N with N a whole number >= 0"
DUPLICATE_QUOTA = "--quota: track {track!r} is given twice"
QUOTA_UNKNOWN_TRACK = "--quota: no track {track!r} in {path}; its tracks are: {tracks}"
NO_SHEETS = "No sheets in {path}: nothing to rank."
CSV_COLUMNS = ("track", "project", "score", "rank", "judges", "counted", "advanced", "tie_break")


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def parse_quotas(values: list[str]) -> dict[str, int]:
    """``TRACK=N`` options to a mapping; the last '=' splits, so a track name may hold one."""
    quotas: dict[str, int] = {}
    for value in values:
        track, equals, count = value.rpartition("=")
        track, count = track.strip(), count.strip()
        if not equals or not track or not count.isascii() or not count.isdigit():
            raise PodiumError(BAD_QUOTA.format(value=value))
        if track in quotas:
            raise PodiumError(DUPLICATE_QUOTA.format(track=track))
        quotas[track] = int(count)
    return quotas


def _row_fields(row: ProjectResult) -> dict[str, object]:
    return {
        "project": row.project,
        "score": f"{row.score:.2f}",
        "rank": row.rank,
        "judges": row.judges,
        "counted": row.counted,
        "advanced": row.advanced,
        "tie_break": row.tie_break,
    }


def render_json(method: Method, tracks: dict[str, list[ProjectResult]]) -> str:
    payload = {
        "method": method.value,
        "tracks": {track: [_row_fields(row) for row in rows] for track, rows in tracks.items()},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def render_csv(tracks: dict[str, list[ProjectResult]]) -> str:
    def cell(value: object) -> object:
        if value is None:
            return ""
        return str(value).lower() if isinstance(value, bool) else value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for track, rows in tracks.items():
        for row in rows:
            writer.writerow([track, *(cell(value) for value in _row_fields(row).values())])
    return buffer.getvalue().removesuffix("\n")


def render_table(
    method: Method, trim: int, tracks: dict[str, list[ProjectResult]], path: Path
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(shutil.get_terminal_size((100, 24)).columns, 60),
        color_system=None,
        highlight=False,
    )
    if not tracks:
        console.print(Text(NO_SHEETS.format(path=path)))
    how = f"{method.value} (trim {trim})" if method is Method.TRIMMED else method.value
    # Rendered off-screen, so Rich cannot see a terminal that lacks box-drawing characters.
    unicode_out = "utf" in (getattr(sys.stdout, "encoding", None) or "").lower()
    table_box = box.HEAVY_HEAD if unicode_out else box.ASCII
    for track, rows in tracks.items():
        table = Table(
            title=Text(track), caption=f"method: {how}", title_justify="left", box=table_box
        )
        for header in ("Rank", "Project", "Score", "Judges", "Counted"):
            justify = "left" if header == "Project" else "right"
            table.add_column(header, justify=justify)
        table.add_column("Advanced")
        table.add_column("Tie-break")
        for row in rows:
            advanced = {None: "-", True: "yes", False: "no"}[row.advanced]
            table.add_row(
                str(row.rank),
                Text(row.project),  # ids come from the file: never read them as Rich markup
                f"{row.score:.2f}",
                str(row.judges),
                str(row.counted),
                advanced,
                "tie at cut" if row.tie_break else "",
            )
        console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines())


def _fail(lines: list[str]) -> typer.Exit:
    for line in lines:
        typer.echo(line, err=True)
    return typer.Exit(2)


@app.command()
def rank(
    scores: Annotated[
        Path,
        typer.Argument(
            metavar="SCORES",
            help="Score file (.csv UTF-8 or .xlsx): track,project,judge + criteria.",
        ),
    ],
    method: Annotated[Method, typer.Option(help="How judges' totals become a score.")] = (
        Method.TRIMMED
    ),
    trim: Annotated[
        int, typer.Option(metavar="K", help="Trimmed: drop this many highest and lowest totals.")
    ] = DEFAULT_TRIM,
    rubric: Annotated[
        str,
        typer.Option(
            metavar="KEY:MAX,...", help="Criteria as key:max,... (the score file's mark columns)."
        ),
    ] = DEFAULT_RUBRIC_SPEC,
    quota: Annotated[
        list[str] | None,
        typer.Option(metavar="TRACK=N", help="How many projects of TRACK advance. Repeatable."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output: table, json or csv.")
    ] = OutputFormat.TABLE,
) -> None:
    """Rank every track of a score file: exact decimals, ties shared, quota cut flagged."""
    try:
        check_trim(trim)
        parsed_rubric = Rubric.parse(rubric)
        quotas = parse_quotas(quota or [])
        sheets = read_score_file(scores, rubric=parsed_rubric)
    except ScoreFileError as error:
        raise _fail(error.report_lines()) from None

    track_names = sorted({sheet.track for sheet in sheets})
    for track in quotas:
        if track not in track_names:
            message = QUOTA_UNKNOWN_TRACK.format(
                track=track, path=scores, tracks=", ".join(track_names) or "(none)"
            )
            raise _fail([f"error: {message}"])

    tracks = rank_all(sheets, method=method, trim=trim, quotas=quotas)
    if output_format is OutputFormat.JSON:
        output = render_json(method, tracks)
    elif output_format is OutputFormat.CSV:
        output = render_csv(tracks)
    else:
        output = render_table(method, trim, tracks, scores)
    typer.echo(output)
