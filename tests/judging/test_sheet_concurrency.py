"""A submission retried many times at once on PostgreSQL (a tablet resending while its
answer is lost): every try answers the one sheet, and the ledger holds one entry.

The sequential retry is asserted on both databases (tests/judging/test_sheet_api.py,
test_sheets.py); SQLite serialises every writer, so the race needs PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from podium.errors import PodiumError
from podium.judging.models import ScoreSheet, SheetStatus
from podium.judging.services import sheet_subject, sheet_submit
from podium.ledger.models import LedgerEntry
from tests.scenarios import marks_for, scored_panel

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer; the row lock and the race need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]
TRIES = 12


def test_sheet_submit_retried_at_once_with_one_token_answers_one_sheet():
    scenario = scored_panel(size=1, judges=3)
    judge, entry = scenario.judges[0], scenario.entries[0]
    start = threading.Barrier(TRIES)

    def submit(_: int) -> tuple[int, str, int] | str:
        try:
            start.wait()
            sheet = sheet_submit(judge=judge, entry=entry, marks=marks_for(70), client_token="t")
            return sheet.pk, sheet.status, sheet.version
        except PodiumError as refused:
            return refused.message
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=TRIES) as pool:
        answers = list(pool.map(submit, range(TRIES)))

    sheet = ScoreSheet.objects.get(judge=judge, project=entry.project)
    assert answers == [(sheet.pk, SheetStatus.SUBMITTED, 1)] * TRIES
    assert LedgerEntry.objects.filter(subject=sheet_subject(entry)).count() == 1
