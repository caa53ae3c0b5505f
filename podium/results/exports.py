"""Results as spreadsheets: the same columns in CSV and XLSX, with the ledger head."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import Workbook

from podium.competitions.models import Stage, Track
from podium.results.selectors import published_table, release_of, standings
from podium.rules.spreadsheet_cells import inert_row

COLUMNS = ["rank", "project", "title", "team", "region", "score", "judges", "counted", "advanced"]


def results_rows(stage: Stage, track: Track) -> list[list[object]]:
    table = published_table(stage, track)
    if table is not None:
        return [
            [
                e.rank,
                e.project.code,
                e.project.title,
                e.project.team.name,
                e.region.name if e.region else "",
                str(e.score) if e.score is not None else "",
                e.judges,
                e.counted,
                e.advanced,
            ]
            for e in table
        ]
    return [
        [
            s.result.rank if s.result else "",
            s.entry.project.code,
            s.entry.project.title,
            s.entry.project.team.name,
            s.entry.region.name if s.entry.region else "",
            str(s.result.score) if s.result else "",
            s.result.judges if s.result else 0,
            s.result.counted if s.result else 0,
            s.result.advanced if s.result else None,
        ]
        for s in standings(stage, track)
    ]


def _footer(stage: Stage, track: Track) -> list[str]:
    release = release_of(stage, track)
    head = release.ledger_head if release and release.ledger_head else "(not signed off)"
    return ["ledger head", head]


def results_csv(stage: Stage, track: Track) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(inert_row(row) for row in results_rows(stage, track))
    writer.writerow(_footer(stage, track))
    return out.getvalue()


def results_xlsx(stage: Stage, track: Track) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{track.code}"[:31]
    sheet.append(COLUMNS)
    for row in results_rows(stage, track):
        sheet.append(inert_row(row))
    sheet.append(_footer(stage, track))
    return stable_xlsx(book)


STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest


def stable_xlsx(book: Workbook) -> bytes:
    """The workbook's bytes, the same for the same cells: openpyxl stamps each member of
    the zip, and the document's "created" and "modified", with the time, which would give
    a stored download a new ETag at every render."""
    saved = io.BytesIO()
    book.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "docProps/core.xml":
                data = STAMPS.sub(b"", data)
            stamped = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME)
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, data)
    return out.getvalue()
