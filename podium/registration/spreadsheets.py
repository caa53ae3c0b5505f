"""Registration files: stream rows out of .xlsx/.csv, write the template and the export.

Row numbers are what a person sees: the spreadsheet's row, or the CSV line where the
record starts; the header is row 1 in both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from podium.errors import PodiumError
from podium.registration.xlsx_rows import XlsxError, XlsxRows
from podium.rules.registration_rows import (
    HEADERS,
    MAX_MEMBERS,
    REQUIRED_KEYS,
    Cell,
    Problem,
    RegistrationFileError,
    gettext_noop,
)
from podium.rules.spreadsheet_cells import inert_cell, inert_row

DATA_SHEET, HELP_SHEET, LISTS_SHEET = "报名表", "填写说明", "可选值"
UNSUPPORTED = "{name}: unsupported file type; upload a .xlsx or .csv file"
UNREADABLE_XLSX = "{name}: not a readable .xlsx workbook ({reason})"
NOT_UTF8 = gettext_noop("not UTF-8 text; save the file as CSV UTF-8")
BAD_CSV = gettext_noop("cannot read the CSV here ({reason})")
LIST_COLUMNS = ("track", "industry", "province", "region")


@dataclass
class RowSource:
    header: Sequence[Cell]
    rows: Iterator[tuple[int, Sequence[Cell]]]
    total: int | None  # rows after the header, when the file tells


@contextmanager
def open_rows(stream: BinaryIO, name: str) -> Iterator[RowSource]:
    """The header and a lazy iterator over the data rows of ``stream``."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "csv":
        yield _csv_source(stream, name)
    elif suffix == "xlsx":
        try:
            book = XlsxRows(stream, DATA_SHEET)
        except XlsxError as error:
            raise PodiumError(UNREADABLE_XLSX.format(name=name, reason=error)) from None
        try:
            rows = _xlsx_records(book, name)
            first = next(rows, None)
            total = book.last_row - 1 if book.last_row else None
            yield RowSource(header=first[1] if first else (), rows=rows, total=total)
        finally:
            book.close()
    else:
        raise PodiumError(UNSUPPORTED.format(name=name))


def _xlsx_records(book: XlsxRows, name: str) -> Iterator[tuple[int, list]]:
    try:
        yield from book.rows()
    except XlsxError as error:
        raise PodiumError(UNREADABLE_XLSX.format(name=name, reason=error)) from None


def _line_count(stream: BinaryIO) -> int | None:
    """Lines in the file, for the progress bar (a quoted multi-line summary counts more)."""
    if not stream.seekable():
        return None
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    stream.seek(0)
    return lines


def _csv_source(stream: BinaryIO, name: str) -> RowSource:
    lines = _line_count(stream)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    records = _csv_records(reader, name)
    first = next(records, None)
    total = max(lines - 1, 0) if lines is not None else None
    return RowSource(header=first[1] if first else (), rows=records, total=total)


def _csv_records(reader, name: str) -> Iterator[tuple[int, list[str]]]:
    # line_num counts physical lines read so far; a quoted summary may span several.
    line_num = 0
    while True:
        start = line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise RegistrationFileError(name, [Problem(start, "", NOT_UTF8)]) from None
        except csv.Error as error:
            problem = Problem(start, "", BAD_CSV, {"reason": str(error)})
            raise RegistrationFileError(name, [problem]) from None
        line_num = reader.line_num
        yield start, record


def column_keys(members: int = MAX_MEMBERS) -> list[str]:
    keys = [key for key in HEADERS if not key.startswith("member")]
    for position in range(1, members + 1):
        keys += [f"member{position}_name", f"member{position}_email"]
    return keys


INSTRUCTIONS = (
    "每行填写一支参赛团队：项目信息与全部成员（成员1为队长，最多8名成员）。",
    "表头为橙色底的列为必填项。",
    "任一行有误时，整个文件都不会导入，并一次列出错误（行号与列名；列出前200处，其余给出数目）。",
    "赛道、行业、省份、赛区须填写“可选值”工作表中的名称；赛区可留空，系统按省份自动确定。",
    "合作单位可填写多个，用顿号、分号或逗号分隔。",
    "专利数、软件著作权数填写非负整数，留空视为0。",
    "每位成员须填写姓名与邮箱；同一邮箱不能出现在两支团队中，团队名称在本届大赛中不能重复。",
    "视频链接须以 http:// 或 https:// 开头。",
    "可用 LibreOffice 或 Excel 编辑，保存为 .xlsx，或另存为 CSV（UTF-8）。",
)


def template_xlsx(vocabulary_lists: dict[str, list[str]]) -> bytes:
    """The import template: headers, a help sheet and the allowed values as drop-downs."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    keys = column_keys()
    sheet.append([HEADERS[key] for key in keys])
    required = PatternFill("solid", fgColor="FFE8D5")
    for index, key in enumerate(keys, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if key in REQUIRED_KEYS:
            cell.fill = required
        sheet.column_dimensions[get_column_letter(index)].width = 40 if key == "summary" else 16
    sheet.freeze_panes = "B2"

    lists = book.create_sheet(LISTS_SHEET)
    for column, kind in enumerate(LIST_COLUMNS, start=1):
        values = vocabulary_lists.get(kind, [])
        lists.cell(row=1, column=column, value=HEADERS[kind]).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=column, value=inert_cell(value))
        lists.column_dimensions[get_column_letter(column)].width = 16
        if values:
            letter = get_column_letter(column)
            target = get_column_letter(keys.index(kind) + 1)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=HEADERS[kind],
                error=f"请从“{LISTS_SHEET}”工作表选择{HEADERS[kind]}",
            )
            validation.add(f"{target}2:{target}5000")
            sheet.add_data_validation(validation)

    guide = book.create_sheet(HELP_SHEET, 1)
    guide.column_dimensions["A"].width = 100
    guide.append(["填写说明"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in INSTRUCTIONS:
        guide.append([line])
    guide.append([])
    guide.append(["必填列：" + "、".join(HEADERS[k] for k in keys if k in REQUIRED_KEYS)])
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_xlsx(rows: Iterator[list[object]], members: int) -> bytes:
    """Registrations in the template's columns (write-only: big editions stay small in RAM)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    sheet.append([HEADERS[key] for key in column_keys(max(members, 1))])
    for row in rows:
        sheet.append(inert_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
