"""The lean .xlsx reader gives the values openpyxl gives, for whatever a sheet may hold."""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from podium.registration.xlsx_rows import XlsxError, XlsxRows

CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
)


def workbook_bytes(rows, *, title="报名表", write_only=False) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet(title) if write_only else book.active
    if not write_only:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def trimmed(row) -> list:
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return row


def openpyxl_rows(data: bytes) -> list[tuple[int, list]]:
    """Non-empty rows by number (openpyxl also yields the rows a sheet leaves out)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = enumerate(book["报名表"].iter_rows(values_only=True), start=1)
    return [(n, trimmed(r)) for n, r in rows if trimmed(r)]


def lean_rows(data: bytes) -> list[tuple[int, list]]:
    rows = XlsxRows(io.BytesIO(data), "报名表").rows()
    return [(n, trimmed(cells)) for n, cells in rows if trimmed(cells)]


@settings(max_examples=60, deadline=None)
@example(rows=[["=0"]], write_only=False)  # a formula cell with no cached value
@given(st.lists(st.lists(CELLS, max_size=6), min_size=1, max_size=6), st.booleans())
def test_lean_reader_matches_openpyxl(rows, write_only):
    rows = [[c.strip() or None if isinstance(c, str) else c for c in row] for row in rows]
    data = workbook_bytes(rows, write_only=write_only)

    assert lean_rows(data) == openpyxl_rows(data)


def test_rich_text_reads_as_its_plain_text():
    rich = CellRichText("星火", TextBlock(InlineFont(b=True), "智造"), "团队")
    book = Workbook()
    book.active.title = "报名表"
    book.active.append([rich, "x"])
    out = io.BytesIO()
    book.save(out)

    assert lean_rows(out.getvalue()) == [(1, ["星火智造团队", "x"])]


def test_preferred_sheet_is_read_even_when_not_first():
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["not this"])
    book.create_sheet("报名表").append(["this"])
    out = io.BytesIO()
    book.save(out)

    assert lean_rows(out.getvalue()) == [(1, ["this"])]


def test_not_a_workbook_is_refused():
    with pytest.raises(XlsxError):
        XlsxRows(io.BytesIO(b"PK\x03\x04garbage"), "报名表")
