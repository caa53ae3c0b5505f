"""``podium draw``: the verifiable draw from a file of team ids and the published seed.

No Django here. TEAMS_FILE is UTF-8 text (a leading BOM is fine) with one team id per
line; surrounding whitespace is stripped and blank lines are ignored wherever they are, so
a trailing newline or a spacer line changes nothing. Everything is checked before anything
is printed: a refused run exits 2, prints nothing on stdout and gives the reason on stderr.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from podium.cli.app import app
from podium.errors import PodiumError
from podium.rules.draw import DrawRecord, check_seed, draw

FILE_NOT_FOUND = "{path}: no such file"
NOT_A_FILE = "{path}: not a file"
UNREADABLE_FILE = "{path}: cannot read the file ({reason})"
NOT_UTF8 = "{path}: not UTF-8 text (byte {offset} cannot be decoded)"
NO_TEAM_IDS = "{path}: no team ids; write one team id per line"
DUPLICATE_LINE = "{path}: line {second}: team id {team!r} repeats line {first}"


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def read_team_ids(path: Path) -> list[str]:
    """The team ids in file order, or ``PodiumError`` naming the file (and line)."""
    if not path.exists():
        raise PodiumError(FILE_NOT_FOUND.format(path=path))
    if not path.is_file():
        raise PodiumError(NOT_A_FILE.format(path=path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PodiumError(UNREADABLE_FILE.format(path=path, reason=error.strerror)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PodiumError(NOT_UTF8.format(path=path, offset=error.start)) from None

    first_line: dict[str, int] = {}
    # Only \n, \r\n and \r end a line (str.splitlines would also split on \x0c, \u2028 ...).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        team = line.strip()
        if not team:
            continue
        if team in first_line:
            message = DUPLICATE_LINE.format(
                path=path, second=number, team=team, first=first_line[team]
            )
            raise PodiumError(message)
        first_line[team] = number
    if not first_line:
        raise PodiumError(NO_TEAM_IDS.format(path=path))
    return list(first_line)


def render_json(record: DrawRecord) -> str:
    payload = {"commitment": record.commitment, "seed": record.seed, "order": list(record.order)}
    return json.dumps(payload, indent=2, ensure_ascii=False)


@app.command("draw")
def draw_command(
    teams_file: Annotated[
        Path,
        typer.Argument(metavar="TEAMS_FILE", help="UTF-8 text file: one team id per line."),
    ],
    seed: Annotated[
        str,
        typer.Option(help="The seed whose SHA-256 was published before the draw."),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output: text (the order) or json.")
    ] = OutputFormat.TEXT,
) -> None:
    """Draw the order: team ids sorted by HMAC-SHA256(seed, team id), recomputable by anyone."""
    check_seed(seed)
    record = draw(read_team_ids(teams_file), seed)
    if output_format is OutputFormat.JSON:
        typer.echo(render_json(record))
    else:
        typer.echo("\n".join(record.order))
