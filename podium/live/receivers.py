"""The live venue's part in every sheet submission (see podium.judging.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from podium.judging.models import StageEntry
from podium.judging.signals import sheet_changed, sheet_submitting
from podium.live.gate import check_live_submission
from podium.live.services import announce_sheet


@receiver(sheet_submitting, dispatch_uid="live-gate")
def gate_submission(*, entry: StageEntry, **_: object) -> None:
    check_live_submission(entry)


@receiver(sheet_changed, dispatch_uid="live-announce")
def announce_change(*, entry: StageEntry, **_: object) -> None:
    announce_sheet(entry)
