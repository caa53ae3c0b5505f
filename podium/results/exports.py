"""Results as spreadsheets: the same columns in CSV and XLSX, with the ledger head."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from podium.competitions.models import Stage, Track
from podium.results.selectors import published_table, release_of, standings

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
    writer.writerows(results_rows(stage, track))
    writer.writerow(_footer(stage, track))
    return out.getvalue()


def results_xlsx(stage: Stage, track: Track) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{track.code}"[:31]
    sheet.append(COLUMNS)
    for row in results_rows(stage, track):
        sheet.append(row)
    sheet.append(_footer(stage, track))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
