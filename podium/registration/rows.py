"""A project as one registration row, checked by the rule every path shares (sign-up,
the team's edits, the organiser's edits, the spreadsheet import)."""

from __future__ import annotations

from collections.abc import Mapping

from podium.competitions.models import Edition
from podium.registration.imports import edition_vocabulary
from podium.registration.models import Project, Team
from podium.rules.registration_rows import Cell, RegistrationFileError, RegistrationRow, RowChecker


def checked_row(
    edition: Edition, values: Mapping[str, Cell], team: Team | None = None
) -> RegistrationRow:
    checker = RowChecker(edition_vocabulary(edition, exclude_team=team))
    row = checker.check(1, values)
    if checker.problems:
        raise RegistrationFileError("form", checker.problems)
    assert row is not None
    return row


def registration_values(project: Project) -> dict[str, Cell]:
    """The project as the form's (and the row checker's) values."""
    values: dict[str, Cell] = {
        "team": project.team.name,
        "title": project.title,
        "summary": project.summary,
        "track": project.track.code,
        "industry": project.industry.code,
        "province": project.province.code,
        "region": project.region.code,
        "lead_enterprise": project.lead_enterprise.name,
        "partners": "、".join(e.name for e in project.partner_enterprises.all()),
        "patents": project.patents,
        "software_copyrights": project.software_copyrights,
        "video_url": project.video_url,
    }
    for position, member in enumerate(project.team.members.all(), start=1):
        values[f"member{position}_name"] = member.name
        values[f"member{position}_email"] = member.email
    return values
