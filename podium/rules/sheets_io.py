"""Read a score file (.csv or .xlsx) into validated ``Sheet`` objects.

Line numbers in problems are what a person sees: the CSV's physical line where the record
starts, or the spreadsheet's row number; the header is line 1 in both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from podium.errors import PodiumError
from podium.rules.rubric import IDENTITY_COLUMNS, Rubric, Sheet
from podium.rules.sheet_rows import (
    EMPTY_FILE,
    Cell,
    Problem,
    ScoreFileError,
    sheets_from_rows,
)

if TYPE_CHECKING:
    from _csv import Reader as CsvReader  # what csv.reader() returns

SUPPORTED_SUFFIXES = (".csv", ".xlsx")

FILE_NOT_FOUND = "{path}: no such file"
NOT_A_FILE = "{path}: not a file"
UNSUPPORTED_SUFFIX = "{path}: unsupported file type {suffix!r}; give a .csv or .xlsx file"
UNREADABLE_FILE = "{path}: cannot read the file ({reason})"
UNREADABLE_XLSX = "{path}: not a readable .xlsx workbook ({reason})"
NOT_UTF8 = "not UTF-8 text (byte {byte:#04x}); save the file as CSV UTF-8"
BAD_CSV = "cannot parse the CSV here ({reason})"


def read_score_file(path: Path, *, rubric: Rubric) -> list[Sheet]:
    """Every sheet in ``path``, or ``PodiumError`` / ``ScoreFileError`` naming the problem."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise PodiumError(UNSUPPORTED_SUFFIX.format(path=path, suffix=path.suffix))
    if not path.exists():
        raise PodiumError(FILE_NOT_FOUND.format(path=path))
    if not path.is_file():
        raise PodiumError(NOT_A_FILE.format(path=path))
    if suffix == ".csv":
        try:
            data = path.read_bytes()
        except OSError as error:
            raise PodiumError(UNREADABLE_FILE.format(path=path, reason=error.strerror)) from None
        return read_csv_bytes(data, rubric=rubric, source=str(path))
    return read_xlsx(path, rubric=rubric)


def read_csv_bytes(data: bytes, *, rubric: Rubric, source: str = "<csv>") -> list[Sheet]:
    """Sheets from CSV bytes: UTF-8, with or without the BOM Excel writes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(line, NOT_UTF8.format(byte=data[error.start]))
        raise ScoreFileError(source, [problem], 1) from None

    reader = csv.reader(io.StringIO(text, newline=""))
    rows = _csv_records(reader, source)
    header = next(rows, None)
    if header is None:
        expected = ",".join((*IDENTITY_COLUMNS, *rubric.keys))
        raise ScoreFileError(source, [Problem(1, EMPTY_FILE.format(columns=expected))], 1)
    return sheets_from_rows(header[1], rows, rubric=rubric, source=source, strict_width=True)


def _csv_records(reader: CsvReader, source: str) -> Iterator[tuple[int, list[str]]]:
    # csv.reader.line_num counts physical lines read so far; a quoted field may span
    # several, so a record starts one line after where the previous one ended.
    line_num = getattr(reader, "line_num", 0)
    while True:
        start = line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ScoreFileError(
                source, [Problem(start, BAD_CSV.format(reason=error))], 1
            ) from None
        line_num = reader.line_num
        yield start, record


def read_xlsx(path: Path, *, rubric: Rubric) -> list[Sheet]:
    """Sheets from the first worksheet of an .xlsx workbook."""
    # Imported here so ranking a CSV never pays for loading openpyxl.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # any malformed zip/XML surfaces as a different exception
        raise PodiumError(UNREADABLE_XLSX.format(path=path, reason=error)) from None
    try:
        worksheet = workbook.worksheets[0]
        # Some writers record a wrong sheet size; re-measuring avoids cutting rows off.
        worksheet.reset_dimensions()
        rows = enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1)
        first = next(rows, None)
        if first is None:
            expected = ",".join((*IDENTITY_COLUMNS, *rubric.keys))
            raise ScoreFileError(str(path), [Problem(1, EMPTY_FILE.format(columns=expected))], 1)
        header: Sequence[Cell] = first[1]
        return sheets_from_rows(header, rows, rubric=rubric, source=str(path), strict_width=False)
    finally:
        workbook.close()
