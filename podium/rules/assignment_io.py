"""Read ``podium assign``'s files: affinities (A.csv) and conflicts (C.csv), or every problem.

A.csv has the header ``judge,project,affinity`` (any order) and one row per listed pair,
the affinity a plain decimal >= 0 with at most 6 decimal places. The judges and projects
it names, in order of first appearance, are the pool and the project list: list a pair
with affinity 0 to bring in a judge or project that has no affinity. C.csv has the header
``judge,project``; it may only name judges and projects of A.csv, so a typo is caught
rather than silently conflicting nobody. UTF-8, with or without Excel's BOM; the header
is line 1, blank lines are skipped, and nothing is returned unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from podium.errors import PodiumError
from podium.rules.assignment import MAX_DECIMAL_PLACES, decimal_places
from podium.rules.rubric import PLAIN_NUMBER
from podium.rules.sheet_rows import (
    DUPLICATE_COLUMN,
    EMPTY_FIELD,
    EMPTY_FILE,
    MAX_REPORTED_PROBLEMS,
    MISSING_COLUMNS,
    SEMICOLON_HINT,
    UNKNOWN_COLUMNS,
    UNNAMED_COLUMN,
    WRONG_FIELD_COUNT,
    Problem,
    ScoreFileError,
)
from podium.rules.sheets_io import (
    FILE_NOT_FOUND,
    NOT_A_FILE,
    NOT_UTF8,
    UNREADABLE_FILE,
    _csv_records,
)

AFFINITY_COLUMNS = ("judge", "project", "affinity")
CONFLICT_COLUMNS = ("judge", "project")

UNSUPPORTED_SUFFIX = "{path}: unsupported file type {suffix!r}; give a .csv file"
FILE_PROBLEMS = "{source}: {count} problem(s); nothing was assigned"
NOT_PLAIN_DECIMAL = "column 'affinity': {value!r} is not a plain decimal number (e.g. 0.75)"
NEGATIVE_AFFINITY = "column 'affinity': {value} is negative; affinities are >= 0"
TOO_MANY_PLACES = (
    "column 'affinity': {value} has {places} decimal places; at most {max} are supported"
)
DUPLICATE_PAIR = "duplicate pair judge {judge!r}, project {project!r} (first on line {first})"
UNKNOWN_JUDGE = "judge {judge!r} does not appear in the affinity file"
UNKNOWN_PROJECT = "project {project!r} does not appear in the affinity file"


class AssignFileError(ScoreFileError):
    """A score-file error in all but the summary line, which says nothing was assigned."""

    def __init__(self, source: str, problems: Sequence[Problem], count: int) -> None:
        super().__init__(source, problems, count)
        self.message = FILE_PROBLEMS.format(source=source, count=count)
        self.args = (self.message,)


@dataclass(frozen=True, slots=True)
class AffinityTable:
    """What A.csv says: the pool, the projects (first-appearance order) and the pairs."""

    judges: tuple[str, ...]
    projects: tuple[str, ...]
    affinity: dict[tuple[str, str], Decimal]


class _Problems:
    """The first ``MAX_REPORTED_PROBLEMS`` problems, and a count of all of them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_REPORTED_PROBLEMS:
            self.kept.append(Problem(line, message))

    def raise_any(self) -> None:
        if self.count:
            raise AssignFileError(self.source, self.kept, self.count)


def read_affinity_file(path: Path) -> AffinityTable:
    return read_affinity_csv(_read_bytes(path), source=str(path))


def read_conflict_file(
    path: Path, *, judges: Collection[str], projects: Collection[str]
) -> set[tuple[str, str]]:
    return read_conflict_csv(_read_bytes(path), source=str(path), judges=judges, projects=projects)


def read_affinity_csv(data: bytes, *, source: str = "<csv>") -> AffinityTable:
    problems = _Problems(source)
    judges: dict[str, None] = {}
    projects: dict[str, None] = {}
    affinity: dict[tuple[str, str], Decimal] = {}
    first_line: dict[tuple[str, str], int] = {}
    for line, (judge, project, text) in _rows(data, AFFINITY_COLUMNS, problems):
        value = _affinity(text, line, problems)
        first = first_line.setdefault((judge, project), line)
        if first != line:
            problems.add(line, DUPLICATE_PAIR.format(judge=judge, project=project, first=first))
        elif value is not None:
            judges.setdefault(judge)
            projects.setdefault(project)
            affinity[judge, project] = value
    problems.raise_any()
    return AffinityTable(tuple(judges), tuple(projects), affinity)


def read_conflict_csv(
    data: bytes, *, source: str = "<csv>", judges: Collection[str], projects: Collection[str]
) -> set[tuple[str, str]]:
    problems = _Problems(source)
    known_judges, known_projects = set(judges), set(projects)
    first_line: dict[tuple[str, str], int] = {}
    for line, (judge, project) in _rows(data, CONFLICT_COLUMNS, problems):
        row_ok = True
        if judge not in known_judges:
            problems.add(line, UNKNOWN_JUDGE.format(judge=judge))
            row_ok = False
        if project not in known_projects:
            problems.add(line, UNKNOWN_PROJECT.format(project=project))
            row_ok = False
        first = first_line.setdefault((judge, project), line)
        if row_ok and first != line:
            problems.add(line, DUPLICATE_PAIR.format(judge=judge, project=project, first=first))
    problems.raise_any()
    return set(first_line)


def _read_bytes(path: Path) -> bytes:
    if path.suffix.lower() != ".csv":
        raise PodiumError(UNSUPPORTED_SUFFIX.format(path=path, suffix=path.suffix))
    if not path.exists():
        raise PodiumError(FILE_NOT_FOUND.format(path=path))
    if not path.is_file():
        raise PodiumError(NOT_A_FILE.format(path=path))
    try:
        return path.read_bytes()
    except OSError as error:
        raise PodiumError(UNREADABLE_FILE.format(path=path, reason=error.strerror)) from None


def _affinity(text: str, line: int, problems: _Problems) -> Decimal | None:
    if not PLAIN_NUMBER.fullmatch(text):
        problems.add(line, NOT_PLAIN_DECIMAL.format(value=text))
        return None
    value = Decimal(text)
    if value < 0:
        problems.add(line, NEGATIVE_AFFINITY.format(value=text))
        return None
    places = decimal_places(value)
    if places > MAX_DECIMAL_PLACES:
        problems.add(
            line, TOO_MANY_PLACES.format(value=text, places=places, max=MAX_DECIMAL_PLACES)
        )
        return None
    return value.copy_abs()  # "-0" is zero, printed without its sign


def _header_problems(names: list[str], expected: tuple[str, ...]) -> list[str]:
    if not any(names):
        return [EMPTY_FILE.format(columns=",".join(expected))]
    problems: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(UNNAMED_COLUMN.format(position=position))
        elif name in seen:
            problems.append(DUPLICATE_COLUMN.format(column=name))
        seen.add(name)
    missing = [column for column in expected if column not in seen]
    unknown = [name for name in names if name and name not in expected]
    hint = SEMICOLON_HINT if any(";" in name for name in seen) else ""
    if missing:
        problems.append(MISSING_COLUMNS.format(columns=", ".join(missing)) + hint)
    if unknown:
        problems.append(
            UNKNOWN_COLUMNS.format(columns=", ".join(unknown), expected=", ".join(expected)) + hint
        )
    return problems


def _rows(
    data: bytes, expected: tuple[str, ...], problems: _Problems
) -> Iterator[tuple[int, list[str]]]:
    """Each valid row's cells in ``expected`` order, stripped and non-empty, with its line.

    Problems with the header stop the file; problems with a row are recorded and the row
    skipped, so the caller sees only rows it can use and reports everything at the end.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(line, NOT_UTF8.format(byte=data[error.start]))
        problems.raise_any()
    records = _csv_records(csv.reader(io.StringIO(text, newline="")), problems.source)
    try:
        _, header = next(records, (1, []))
        names = [cell.strip() for cell in header]
        for message in _header_problems(names, expected):
            problems.add(1, message)
        problems.raise_any()
        columns = [names.index(column) for column in expected]
        width = len(names)
        for line, raw in records:
            cells = [cell.strip() for cell in raw]
            if not any(cells):
                continue  # blank lines carry nothing
            if len(cells) != width:
                problems.add(line, WRONG_FIELD_COUNT.format(expected=width, found=len(cells)))
                continue
            row = [cells[index] for index in columns]
            empty = [column for column, cell in zip(expected, row, strict=True) if not cell]
            for column in empty:
                problems.add(line, EMPTY_FIELD.format(column=column))
            if not empty:
                yield line, row
    except AssignFileError:
        raise
    except ScoreFileError as error:  # the CSV itself cannot be parsed at this line
        for problem in error.problems:
            problems.add(problem.line, problem.message)
        problems.raise_any()
