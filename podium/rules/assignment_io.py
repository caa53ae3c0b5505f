"""Read ``podium assign``'s files: affinities (A.csv) and conflicts (C.csv), or every problem.

A.csv has the header ``judge,project,affinity`` (any order) and one row per listed pair,
the affinity a plain decimal >= 0 with at most 6 decimal places. The judges and projects
it names, in order of first appearance, are the pool and the project list: list a pair
with affinity 0 to bring in a judge or project that has no affinity. C.csv has the header
``judge,project``; it may only name judges and projects of A.csv, so a typo is caught
rather than silently conflicting nobody. UTF-8, with or without Excel's BOM; the header
is line 1, blank lines are skipped, and nothing is returned unless the whole file is valid.

Reading is in two passes. The fast one reads a file in the plain shape (no quotes, every
row a full set of non-empty fields) in bulk: one split of the text, a numpy check that
each row has exactly the header's number of fields, each distinct affinity checked once.
Anything it does not recognise as valid (a quote, a blank field, a bad value, a duplicate)
sends the file to the exact row-by-row reader, which alone words the problems; so the
answer and every message are those of the row-by-row reader, only faster on valid files.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

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

_BOM = b"\xef\xbb\xbf"
# The ASCII characters str.strip() removes, other than the line ends \n and \r.
_ASCII_SPACES = b" \t\x0b\x0c\x1c\x1d\x1e\x1f"
_COMMA, _NEWLINE = ord(","), ord("\n")
# Affinities the fast pass takes as they are: unsigned, ASCII digits, <= 6 decimals; all
# valid (PLAIN_NUMBER, >= 0, <= MAX_DECIMAL_PLACES). Others are checked one by one.
_PLAIN_PLACES = (
    rf"(?:[0-9]+(?:\.[0-9]{{0,{MAX_DECIMAL_PLACES}}})?|\.[0-9]{{1,{MAX_DECIMAL_PLACES}}})"
)
_PLAIN_AFFINITIES = re.compile(rf"{_PLAIN_PLACES}(?:\n{_PLAIN_PLACES})*")


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
    table = _fast_affinity(data)
    return table if table is not None else _read_affinity_rows(data, source)


def read_conflict_csv(
    data: bytes, *, source: str = "<csv>", judges: Collection[str], projects: Collection[str]
) -> set[tuple[str, str]]:
    known_judges, known_projects = set(judges), set(projects)
    pairs = _fast_conflicts(data, known_judges, known_projects)
    if pairs is not None:
        return pairs
    return _read_conflict_rows(data, source, known_judges, known_projects)


def _fast_affinity(data: bytes) -> AffinityTable | None:
    """The table of a valid plain-shaped file; None for anything else (see the module)."""
    columns = _plain_columns(data, AFFINITY_COLUMNS)
    if columns is None:
        return None
    judge_cells, project_cells, affinity_cells = columns
    values = _affinity_values(affinity_cells)
    if values is None:
        return None
    with _gc_paused():
        pairs = zip(judge_cells, project_cells, strict=True)
        affinity = dict(zip(pairs, map(values.__getitem__, affinity_cells), strict=True))
    if len(affinity) != len(affinity_cells):
        return None  # a duplicate pair
    return AffinityTable(
        tuple(dict.fromkeys(judge_cells)), tuple(dict.fromkeys(project_cells)), affinity
    )


def _fast_conflicts(
    data: bytes, judges: set[str], projects: set[str]
) -> set[tuple[str, str]] | None:
    columns = _plain_columns(data, CONFLICT_COLUMNS)
    if columns is None:
        return None
    judge_cells, project_cells = columns
    if not (judges.issuperset(judge_cells) and projects.issuperset(project_cells)):
        return None
    with _gc_paused():
        pairs = set(zip(judge_cells, project_cells, strict=True))
    return pairs if len(pairs) == len(judge_cells) else None


def _affinity_values(cells: list[str]) -> dict[str, Decimal] | None:
    """Each distinct affinity text's value, or None if any of them is not valid."""
    distinct = dict.fromkeys(cells)
    if _PLAIN_AFFINITIES.fullmatch("\n".join(distinct)):
        return {text: Decimal(text) for text in distinct}
    values: dict[str, Decimal] = {}
    for text in distinct:
        value = _checked_affinity(text)
        if isinstance(value, str):
            return None
        values[text] = value
    return values


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collection while millions of (acyclic) pair tuples are made: each pass
    would walk every one of them again, more than doubling the time to build the map."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plain_columns(data: bytes, expected: tuple[str, ...]) -> list[list[str]] | None:
    """The cells of each ``expected`` column, stripped, if the file is plain and its header
    valid: UTF-8, no quote, and every row (blank lines aside) exactly the header's width of
    non-empty fields, none longer than the csv module's field limit. Otherwise None."""
    raw = data.removeprefix(_BOM)  # what decoding as utf-8-sig drops
    if b'"' in raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text:  # \r\n and a lone \r end a line as \n does (universal newlines)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    limit = csv.field_size_limit()
    header, _, body = text.partition("\n")
    if len(header) > limit:
        return None
    names = [cell.strip() for cell in header.split(",")]
    if _header_problems(names, expected):
        return None
    width = len(names)  # a valid header names exactly the expected columns
    body, body_bytes = body.rstrip("\n"), raw.partition(b"\n")[2].rstrip(b"\n")
    if "\n\n" in body or body.startswith("\n"):  # empty lines: drop them
        body = "\n".join(line for line in body.split("\n") if line)
        body_bytes = b"\n".join(line for line in body_bytes.split(b"\n") if line)
    if not body:
        return [[] for _ in expected]
    # Delimiters are ASCII, never part of a multi-byte UTF-8 character, so the bytes
    # show where the text's fields begin and end.
    octets = np.frombuffer(body_bytes, np.uint8)
    ends = np.flatnonzero((octets == _COMMA) | (octets == _NEWLINE))
    rows = body.count("\n") + 1
    if len(ends) != rows * width - 1:
        return None
    kinds = np.append(octets[ends], _NEWLINE).reshape(rows, width)
    if not ((kinds[:, :-1] == _COMMA).all() and (kinds[:, -1] == _NEWLINE).all()):
        return None
    # Each field's length in bytes (>= in characters): none empty, none over the limit.
    first, last, gaps = int(ends[0]), len(octets) - 1 - int(ends[-1]), np.diff(ends)
    if min(first, last, int(gaps.min(initial=limit)) - 1) < 1:
        return None  # an empty field (or a blank row of commas)
    if max(first, last, int(gaps.max(initial=0)) - 1) > limit:
        return None  # maybe too long for the csv module
    cells = body.replace("\n", ",").split(",")
    if len(cells) != rows * width:
        return None
    if not text.isascii() or any(space in body_bytes for space in _ASCII_SPACES):
        cells = list(map(str.strip, cells))
        if "" in cells:
            return None
    return [cells[names.index(column) :: width] for column in expected]


def _read_affinity_rows(data: bytes, source: str) -> AffinityTable:
    """The exact reader: every problem, in line order, each naming its line."""
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


def _read_conflict_rows(
    data: bytes, source: str, known_judges: set[str], known_projects: set[str]
) -> set[tuple[str, str]]:
    problems = _Problems(source)
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
    value = _checked_affinity(text)
    if isinstance(value, str):
        problems.add(line, value)
        return None
    return value


def _checked_affinity(text: str) -> Decimal | str:
    """The affinity ``text`` gives, or the problem with it."""
    if not PLAIN_NUMBER.fullmatch(text):
        return NOT_PLAIN_DECIMAL.format(value=text)
    value = Decimal(text)
    if value < 0:
        return NEGATIVE_AFFINITY.format(value=text)
    places = decimal_places(value)
    if places > MAX_DECIMAL_PLACES:
        return TOO_MANY_PLACES.format(value=text, places=places, max=MAX_DECIMAL_PLACES)
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
