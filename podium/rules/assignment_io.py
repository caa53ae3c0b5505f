"""Read ``podium assign``'s files: affinities (A.csv) and conflicts (C.csv), or every problem.

A.csv has the header ``judge,project,affinity`` (any order) and one row per listed pair,
the affinity a plain decimal >= 0 with at most 6 decimal places. The judges and projects
it names, in order of first appearance, are the pool and the project list: list a pair
with affinity 0 to bring in a judge or project that has no affinity. C.csv has the header
``judge,project``; it may only name judges and projects of A.csv, so a typo is caught
rather than silently conflicting nobody. UTF-8, with or without Excel's BOM; the header
is line 1, blank lines are skipped, and nothing is returned unless the whole file is valid.

Reading is in two passes. The fast one reads a file in the plain shape (no quotes, every
row a full set of non-empty fields, none with surrounding spaces) in bulk, straight into
the arrays the assignment takes: numpy finds the fields in the bytes and checks that each
row has exactly the header's number of them, ``byte_fields`` numbers each column's
distinct cells, and only those become Python strings, each affinity checked once. A
large A.csv has millions of rows and a few thousand distinct cells, so this is what
keeps reading it cheaper than solving it. Anything the fast pass does not recognise as
valid (a quote, a blank field, a space, a bad value, a duplicate) sends the file to the
exact row-by-row reader, which alone words the problems; so the answer and every message
are those of the row-by-row reader, only faster on valid files.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from podium.errors import PodiumError
from podium.rules import byte_fields
from podium.rules.assignment import (
    MAX_DECIMAL_PLACES,
    IndexedAffinities,
    IndexedPairs,
    decimal_places,
    pair_order,
)
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
    """What the row-by-row reader makes of A.csv: the pool, the projects and the pairs."""

    judges: tuple[str, ...]
    projects: tuple[str, ...]
    affinity: dict[tuple[str, str], Decimal]


@dataclass(frozen=True, slots=True)
class _PlainFields:
    """A plain file's body as a byte buffer and each expected column's field spans."""

    buffer: np.ndarray
    text: bytes
    columns: dict[str, tuple[np.ndarray, np.ndarray]]  # column: (starts, lengths)

    def distinct(self, column: str) -> tuple[np.ndarray, list[str]] | None:
        """Each row's code in the column and the distinct cells (code order), or None if a
        cell has surrounding spaces (stripping is the row-by-row reader's to word)."""
        starts, lengths = self.columns[column]
        found = byte_fields.distinct(self.buffer, starts, lengths)
        cells = [
            self.text[start : start + length].decode("utf-8")
            for start, length in zip(
                starts[found.firsts].tolist(), lengths[found.firsts].tolist(), strict=True
            )
        ]
        if any(cell != cell.strip() for cell in cells):
            return None
        return found.codes, cells


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


def read_affinity_file(path: Path) -> IndexedAffinities[str, str]:
    return read_affinity_csv(_read_bytes(path), source=str(path))


def read_conflict_file(
    path: Path, *, judges: Sequence[str], projects: Sequence[str]
) -> IndexedPairs:
    return read_conflict_csv(_read_bytes(path), source=str(path), judges=judges, projects=projects)


def read_affinity_csv(data: bytes, *, source: str = "<csv>") -> IndexedAffinities[str, str]:
    table = _fast_affinity(data)
    if table is not None:
        return table
    exact = _read_affinity_rows(data, source)
    return IndexedAffinities.from_mapping(exact.judges, exact.projects, exact.affinity)


def read_conflict_csv(
    data: bytes, *, source: str = "<csv>", judges: Sequence[str], projects: Sequence[str]
) -> IndexedPairs:
    """The conflicts as positions in ``judges`` and ``projects`` (file order)."""
    judge_of = {judge: index for index, judge in enumerate(judges)}
    project_of = {project: index for index, project in enumerate(projects)}
    pairs = _fast_conflicts(data, judge_of, project_of)
    if pairs is not None:
        return pairs
    exact = _read_conflict_rows(data, source, set(judge_of), set(project_of))
    return IndexedPairs(
        np.array([judge_of[judge] for judge, _ in exact], np.intp),
        np.array([project_of[project] for _, project in exact], np.intp),
    )


def _fast_affinity(data: bytes) -> IndexedAffinities[str, str] | None:
    """The table of a valid plain-shaped file; None for anything else (see the module)."""
    fields = _plain_fields(data, AFFINITY_COLUMNS)
    if fields is None:
        return None
    judges, projects, texts = (fields.distinct(column) for column in AFFINITY_COLUMNS)
    if judges is None or projects is None or texts is None:
        return None
    values = _affinity_values(texts[1])
    if values is None:
        return None
    judge, project, value = judges[0], projects[0], texts[0]
    order = pair_order(judge.astype(np.int64) * max(len(projects[1]), 1) + project)
    if order is None:
        return None  # a duplicate pair
    return IndexedAffinities(
        tuple(judges[1]),
        tuple(projects[1]),
        judge[order],
        project[order],
        value[order],
        tuple(values[text] for text in texts[1]),
    )


def _fast_conflicts(
    data: bytes, judge_of: dict[str, int], project_of: dict[str, int]
) -> IndexedPairs | None:
    fields = _plain_fields(data, CONFLICT_COLUMNS)
    if fields is None:
        return None
    judges, projects = (fields.distinct(column) for column in CONFLICT_COLUMNS)
    if judges is None or projects is None:
        return None
    if not (judge_of.keys() >= set(judges[1]) and project_of.keys() >= set(projects[1])):
        return None  # an unknown judge or project
    judge = np.array([judge_of[name] for name in judges[1]], np.intp)[judges[0]]
    project = np.array([project_of[name] for name in projects[1]], np.intp)[projects[0]]
    if pair_order(judge.astype(np.int64) * max(len(project_of), 1) + project) is None:
        return None  # a duplicate pair
    return IndexedPairs(judge, project)


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


def _plain_fields(data: bytes, expected: tuple[str, ...]) -> _PlainFields | None:
    """The field spans of each ``expected`` column if the file is plain and its header
    valid: UTF-8, no quote, and every row (blank lines aside) exactly the header's width of
    non-empty fields, none longer than the csv module's field limit. Otherwise None."""
    raw = data.removeprefix(_BOM)  # what decoding as utf-8-sig drops
    if b'"' in raw:
        return None
    if not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"\r" in raw:  # \r\n and a lone \r end a line as \n does (universal newlines)
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    fields = _spans(raw, expected)
    if fields is None and b"\n\n" in raw:  # empty lines: drop them, then look again
        header, _, body = raw.partition(b"\n")
        fields = _spans(
            b"\n".join([header, *(line for line in body.split(b"\n") if line)]), expected
        )
    return fields


def _spans(raw: bytes, expected: tuple[str, ...]) -> _PlainFields | None:
    """``_plain_fields`` of a file without blank lines (a final line end or none)."""
    limit = csv.field_size_limit()
    header_end = raw.find(b"\n")
    if header_end < 0:
        header_end = len(raw)
    header = raw[:header_end].decode("utf-8")
    if len(header) > limit:
        return None
    names = [cell.strip() for cell in header.split(",")]
    if _header_problems(names, expected):
        return None
    width = len(names)  # a valid header names exactly the expected columns
    body_start = header_end + 1
    if body_start >= len(raw):
        empty = np.zeros(0, np.intp)
        return _PlainFields(byte_fields.padded(b""), b"", dict.fromkeys(expected, (empty, empty)))
    buffer = byte_fields.padded(raw)
    if raw[-1:] != b"\n":
        buffer[len(raw)] = _NEWLINE  # in the padding: now every row ends with a line end
    # Delimiters are ASCII, never part of a multi-byte UTF-8 character, so the bytes
    # show where the text's fields begin and end.
    octets = buffer[body_start : len(raw) + 1]
    delimiter = np.equal(octets, _COMMA)
    np.logical_or(delimiter, np.equal(octets, _NEWLINE), out=delimiter)
    ends = np.flatnonzero(delimiter)
    del delimiter
    rows, extra = divmod(len(ends), width)
    if extra:
        return None
    # Field c of row r ends at stops[r, c], a comma but for the row's last, a line end.
    stops = ends.reshape(rows, width)
    if not ((octets[stops[:, :-1]] == _COMMA).all() and (octets[stops[:, -1]] == _NEWLINE).all()):
        return None
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for column in expected:
        at = names.index(column)
        before = stops[:, at - 1] if at else np.append(-1, stops[:-1, -1])
        lengths = stops[:, at] - before - 1
        # Each field's length in bytes (>= in characters): none empty, none over the limit.
        if int(lengths.min()) < 1 or int(lengths.max()) > limit:
            return None
        columns[column] = (before + (body_start + 1), lengths)
    return _PlainFields(buffer, raw, columns)


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
