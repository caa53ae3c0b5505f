"""A stage's timetable as iCalendar (RFC 5545) and as a spreadsheet."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import Workbook

from podium import clock
from podium.competitions.models import Stage
from podium.rules.spreadsheet_cells import inert_row
from podium.schedule.selectors import VenueTimetable
from podium.schedule.serialize import slot_rows

COLUMNS = ["stage", "venue", "track", "position", "team", "title", "day", "start", "end"]
PRODID = "-//Podium//Schedule//EN"
CRLF = "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (RFC 5545 §3.1).

    Folds between characters, never inside a character's UTF-8 bytes.
    """
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def uid(found: VenueTimetable, team: str) -> str:
    """Stable per slot: the same stage, venue and team give the same UID on every export."""
    return f"{found.stage.edition.slug}-{found.stage.kind}-{found.venue.code}-{team}@podium"


def schedule_ics(stage: Stage, timetables: list[VenueTimetable]) -> str:
    stamp = _utc(clock.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(f'{stage.edition.name} · {stage.name}')}",
    ]
    for found in timetables:
        for slot in found.timetable.slots:
            entry = found.entries[slot.team]
            description = (
                f"{slot.team} · {found.track.name} · {stage.name} · #{entry.draw_position}"
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid(found, slot.team)}",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{_utc(slot.start)}",
                f"DTEND:{_utc(slot.end)}",
                f"SUMMARY:{_text(entry.project.title)}",
                f"LOCATION:{_text(found.venue.name)}",
                f"DESCRIPTION:{_text(description)}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + CRLF for line in lines)


def schedule_xlsx(stage: Stage, timetables: list[VenueTimetable]) -> bytes:
    """One row per slot; day and times are local (the schedule's zone), as text."""
    titles = {(f.venue.code, code): e for f in timetables for code, e in f.entries.items()}
    book = Workbook()
    sheet = book.active
    sheet.title = stage.kind[:31]
    sheet.append(COLUMNS)
    for row in slot_rows(timetables):
        entry = titles[(row["venue"], row["team"])]
        sheet.append(
            inert_row(
                [
                    row["stage"],
                    row["venue"],
                    row["track"],
                    entry.draw_position,
                    row["team"],
                    entry.project.title,
                    row["start"].date().isoformat(),
                    row["start"].strftime("%H:%M"),
                    row["end"].strftime("%H:%M"),
                ]
            )
        )
    for found in timetables:
        if found.shortfall:
            sheet.append(inert_row([found.shortfall]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
