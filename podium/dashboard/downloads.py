"""A chart as an image (SVG, PNG) and its table as data (CSV, XLSX).

PNG: resvg (``resvg-py``) rasterises the very SVG pygal drew, so the PNG matches the SVG.
It is one wheel from PyPI with the renderer compiled in; CairoSVG would need the system's
cairo library, and a second drawing in matplotlib would drift from the SVG. Chinese text
needs a CJK font on the machine (Debian: fonts-noto-cjk), as it does in a browser.
"""

from __future__ import annotations

import csv
import io

import resvg_py
from openpyxl import Workbook

from podium.dashboard.tables import Table
from podium.rules.spreadsheet_cells import inert_row


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(inert_row(table.columns))
    writer.writerows(inert_row(row) for row in table.rows)
    return out.getvalue()


def table_xlsx(table: Table, *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    sheet.append(inert_row(table.columns))
    for row in table.rows:
        sheet.append(inert_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def svg_png(svg: str) -> bytes:
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="white"))
