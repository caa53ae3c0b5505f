"""A visit's attendee list as CSV and as a spreadsheet, for the gate and the bus."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from podium.rules.spreadsheet_cells import inert_row
from podium.visits.models import Visit
from podium.visits.selectors import Attendee

COLUMNS = ["list", "position", "name", "role", "contact", "seats", "requested_at"]


def _rows(lists: dict[str, list[Attendee]]) -> list[list[object]]:
    return [
        inert_row(
            [
                status,
                a.position,
                a.name,
                str(a.role),
                a.contact,
                a.seats,
                a.requested_at.isoformat(),
            ]
        )
        for status, attendees in lists.items()
        for a in attendees
    ]


def attendees_csv(lists: dict[str, list[Attendee]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_rows(lists))
    return out.getvalue()


def attendees_xlsx(visit: Visit, lists: dict[str, list[Attendee]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "attendees"
    sheet.append(COLUMNS)
    for row in _rows(lists):
        sheet.append(row)
    about = book.create_sheet("visit")
    for key, value in [
        ("title", visit.title),
        ("place", visit.place),
        ("starts_at", visit.starts_at.isoformat()),
        ("ends_at", visit.ends_at.isoformat()),
        ("capacity", visit.capacity),
        ("seats_taken", visit.seats_taken),
    ]:
        about.append(inert_row([key, value]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
