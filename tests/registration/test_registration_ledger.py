"""Registrations leave a trace in the ledger, and a file overtaken while it was checked
imports nothing and says why."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.urls import reverse

from podium.errors import PodiumError
from podium.ledger.models import EntryKind, LedgerEntry
from podium.ledger.services import ledger_verify
from podium.registration.imports import (
    edition_vocabulary,
    registrations_import,
    registrations_write,
)
from podium.registration.models import Member, Project, Team
from podium.registration.spreadsheets import open_rows
from podium.rules.registration_rows import registrations_from_rows
from tests.factories import ProjectFactory
from tests.registration.support import GOOD_ROWS, filled_template

pytestmark = pytest.mark.django_db


def test_an_import_is_ledgered_with_the_file_digest_and_the_codes(edition, users):
    data = filled_template(edition, GOOD_ROWS)

    summary = registrations_import(
        actor=users["organiser"], edition=edition, stream=io.BytesIO(data), name="teams.xlsx"
    )

    entry = LedgerEntry.objects.filter(kind=EntryKind.REGISTRATIONS_IMPORTED).latest("seq")
    assert entry.actor == "organiser"
    assert entry.payload["file"] == "teams.xlsx"
    assert entry.payload["sha256"] == hashlib.sha256(data).hexdigest()
    assert (entry.payload["teams"], entry.payload["members"]) == (2, 3)
    assert entry.payload["codes"] == [summary.codes[0], summary.codes[-1]]
    assert ledger_verify().ok


def test_a_dry_run_is_not_ledgered(edition, users):
    before = LedgerEntry.objects.count()

    registrations_import(
        actor=users["organiser"],
        edition=edition,
        stream=io.BytesIO(filled_template(edition, GOOD_ROWS)),
        name="teams.xlsx",
        dry_run=True,
    )

    assert LedgerEntry.objects.count() == before


def test_review_decisions_are_ledgered(client_as, users, edition):
    project = ProjectFactory(edition=edition)  # in no published results: it may be rejected

    client_as(users["organiser"]).post(
        reverse("registration:review_decide", args=[project.pk]),
        {"decision": "reject", "reason": "材料不完整"},
    )

    entry = LedgerEntry.objects.filter(kind=EntryKind.REGISTRATION_DECIDED).latest("seq")
    assert entry.subject.endswith(f"project:{project.code}")
    assert entry.payload == {"decision": "reject", "status": "rejected", "reason": "材料不完整"}


def test_rows_overtaken_by_another_write_import_nothing_and_say_why(edition):
    data = filled_template(edition, GOOD_ROWS)
    with open_rows(io.BytesIO(data), "teams.xlsx") as source:
        rows = registrations_from_rows(
            source.header, source.rows, edition_vocabulary(edition), source="teams.xlsx"
        )
    registrations_write(edition=edition, rows=rows[:1])  # another import lands first
    before = (Team.objects.count(), Project.objects.count(), Member.objects.count())

    with pytest.raises(PodiumError, match="changed while the file was being checked"):
        registrations_write(edition=edition, rows=rows)

    assert (Team.objects.count(), Project.objects.count(), Member.objects.count()) == before
