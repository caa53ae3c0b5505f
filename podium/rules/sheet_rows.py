"""Turn a score file's header and rows into ``Sheet`` objects, or every problem, by line.

File readers (``sheets_io``) hand over raw cells: strings from CSV; strings, ints, floats
or None from a spreadsheet. Validation here is the same for both, and nothing is
returned unless the whole file is valid, so a caller never ranks half a file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from podium.errors import PodiumError
from podium.rules.rubric import (
    IDENTITY_COLUMNS,
    PLAIN_NUMBER,
    Rubric,
    Sheet,
    parse_plain_decimal,
)

MAX_REPORTED_PROBLEMS = 20

EMPTY_FILE = "the file is empty; expected a header line: {columns}"
UNNAMED_COLUMN = "column {position} has no name"
DUPLICATE_COLUMN = "column {column!r} appears twice"
MISSING_COLUMNS = "missing column(s): {columns}"
UNKNOWN_COLUMNS = "unknown column(s): {columns}; expected exactly: {expected}"
SEMICOLON_HINT = " (the file seems to use ';' between fields; save it comma-separated)"
WRONG_FIELD_COUNT = "expected {expected} fields, found {found}"
EMPTY_FIELD = "column {column!r} is empty"
NOT_A_NUMBER = "column {column!r}: {value!r} is not a finite number"
NEGATIVE_MARK = "column {column!r}: {value} is negative; marks run from 0 to {max}"
ABOVE_MAX = "column {column!r}: {value} is above the max {max}"
DUPLICATE_SHEET_ROW = (
    "duplicate sheet for track {track!r}, project {project!r}, judge {judge!r}"
    " (first on line {first})"
)
MORE_PROBLEMS = "... and {more} more problem(s) not shown"
FILE_PROBLEMS = "{source}: {count} problem(s); nothing was ranked"

# What a reader hands over per cell; anything else (a date, a bool) is never a valid mark.
Cell = str | int | float | Decimal | None


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ScoreFileError(PodiumError):
    """The file is unusable; ``problems`` holds the first few, ``count`` all of them."""

    def __init__(self, source: str, problems: Sequence[Problem], count: int) -> None:
        super().__init__(FILE_PROBLEMS.format(source=source, count=count))
        self.source = source
        self.problems = list(problems)
        self.count = count

    def report_lines(self) -> list[str]:
        lines = [self.message, *(str(problem) for problem in self.problems)]
        if self.count > len(self.problems):
            lines.append(MORE_PROBLEMS.format(more=self.count - len(self.problems)))
        return lines


class _Problems:
    """Keeps the first few problems and counts the rest."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_REPORTED_PROBLEMS:
            self.kept.append(Problem(line, message))


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        # A spreadsheet stores the project id 17 as 17.0; it still means "17".
        return str(int(cell))
    return str(cell).strip()


def _cell_number(cell: object) -> Decimal | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | Decimal):
        number = Decimal(cell)
        return number if number.is_finite() else None
    if isinstance(cell, float):
        # repr() is the shortest text that round-trips, so 8.25 gives Decimal('8.25'),
        # where Decimal(8.25) would carry the binary expansion of the float.
        return Decimal(repr(cell)) if math.isfinite(cell) else None
    if isinstance(cell, str):
        return parse_plain_decimal(cell)
    return None


def _header_problems(header: Sequence[Cell], rubric: Rubric) -> list[str]:
    expected = [*IDENTITY_COLUMNS, *rubric.keys]
    names = [None if _is_blank(cell) else _cell_text(cell) for cell in header]
    if not any(names):
        return [EMPTY_FILE.format(columns=",".join(expected))]
    problems: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name is None:
            problems.append(UNNAMED_COLUMN.format(position=position))
        elif name in seen:
            problems.append(DUPLICATE_COLUMN.format(column=name))
        else:
            seen.add(name)
    missing = [column for column in expected if column not in seen]
    unknown = [name for name in names if name is not None and name not in expected]
    hint = SEMICOLON_HINT if any(";" in name for name in seen) else ""
    if missing:
        problems.append(MISSING_COLUMNS.format(columns=", ".join(missing)) + hint)
    if unknown:
        problems.append(
            UNKNOWN_COLUMNS.format(columns=", ".join(unknown), expected=", ".join(expected)) + hint
        )
    return problems


def sheets_from_rows(
    header: Sequence[Cell],
    rows: Iterable[tuple[int, Sequence[Cell]]],
    *,
    rubric: Rubric,
    source: str,
    strict_width: bool,
) -> list[Sheet]:
    """Validate every row and build the sheets; raise ``ScoreFileError`` listing problems.

    ``header`` is line 1. ``rows`` yields (line number, cells). With ``strict_width`` (CSV)
    a row must have exactly as many fields as the header; otherwise (spreadsheets) missing
    trailing cells are empty and only non-empty extra cells are an error.
    """
    problems = _Problems()
    header = list(header)
    if not strict_width:
        while header and _is_blank(header[-1]):
            header.pop()
    for message in _header_problems(header, rubric):
        problems.add(1, message)
    if problems.count:
        raise ScoreFileError(source, problems.kept, problems.count)

    width = len(header)
    column_of = {_cell_text(cell): index for index, cell in enumerate(header)}
    identity_columns = [(name, column_of[name]) for name in IDENTITY_COLUMNS]
    criteria = [(c.key, column_of[c.key], c.max_points) for c in rubric.criteria]
    first_line_of: dict[tuple[str, str, str], int] = {}
    sheets: list[Sheet] = []

    for line, raw_cells in rows:
        # Strip once and make every blank cell None; the checks below then stay cheap.
        cells = [(cell.strip() or None) if type(cell) is str else cell for cell in raw_cells]
        if cells.count(None) == len(cells):
            continue  # blank lines carry nothing; spreadsheets often end with some
        if len(cells) != width:
            extra_filled = cells[width:].count(None) < len(cells[width:])
            if strict_width or extra_filled:
                problems.add(line, WRONG_FIELD_COUNT.format(expected=width, found=len(cells)))
                continue
            cells = cells[:width] + [None] * (width - len(cells))

        row_ok = True
        identity: list[str] = []
        for name, index in identity_columns:
            cell = cells[index]
            if cell is None:
                problems.add(line, EMPTY_FIELD.format(column=name))
                row_ok = False
            else:
                identity.append(cell if type(cell) is str else _cell_text(cell))
        marks: dict[str, Decimal] = {}
        for key, index, max_points in criteria:
            cell = cells[index]
            if cell is None:
                problems.add(line, EMPTY_FIELD.format(column=key))
                row_ok = False
                continue
            if type(cell) is str:
                value = Decimal(cell) if PLAIN_NUMBER.fullmatch(cell) else None
            else:
                value = _cell_number(cell)
            if value is None:
                problems.add(line, NOT_A_NUMBER.format(column=key, value=_cell_text(cell)))
                row_ok = False
            elif value < 0:
                problems.add(line, NEGATIVE_MARK.format(column=key, value=value, max=max_points))
                row_ok = False
            elif value > max_points:
                problems.add(line, ABOVE_MAX.format(column=key, value=value, max=max_points))
                row_ok = False
            else:
                marks[key] = value
        if not row_ok:
            continue

        track, project, judge = identity
        first_line = first_line_of.setdefault((track, project, judge), line)
        if first_line != line:
            problems.add(
                line,
                DUPLICATE_SHEET_ROW.format(
                    track=track, project=project, judge=judge, first=first_line
                ),
            )
            continue
        sheets.append(Sheet(track=track, project=project, judge=judge, marks=marks))

    if problems.count:
        raise ScoreFileError(source, problems.kept, problems.count)
    return sheets
