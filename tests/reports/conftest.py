from __future__ import annotations

from dataclasses import dataclass

import pytest

from podium.competitions.models import Stage, Track
from podium.judging.models import Panel, StageEntry
from podium.results.models import ResultRelease


@dataclass
class SignedTrack:
    stage: Stage
    track: Track
    panel: Panel
    release: ResultRelease
    entries: list[StageEntry]  # by the rank it signed off, so entries[0] advances


@pytest.fixture
def signed_rookie(edition) -> SignedTrack:
    """The demo's rookie semi-final as it stood between sign-off and publication: its own
    sheets, scores, ranks and signed-off ledger head, not yet published (under embargo).

    The tests using it read the demo's own venue report (yuhang-b), certificates and
    workbook, so the embargo has to be on the demo's track. Nothing is re-scored and no
    sheet, deliberation or sign-off is touched: only the publication is withdrawn (its
    two columns) and the finalists it created are taken out again. The test's transaction
    rolls both back.
    """
    panel = Panel.objects.select_related("stage", "track", "supervisor").get(
        stage__edition=edition, stage__kind="semifinal", track__code="rookie"
    )
    stage, track = panel.stage, panel.track
    ResultRelease.objects.filter(stage=stage, track=track).update(
        published_at=None, published_by=None
    )
    StageEntry.objects.filter(advanced_from__stage=stage, advanced_from__track=track).delete()
    entries = list(
        StageEntry.objects.filter(stage=stage, track=track)
        .select_related("project__team__account", "track", "stage")
        .order_by("rank", "project__code")
    )
    return SignedTrack(
        stage=stage,
        track=track,
        panel=panel,
        release=ResultRelease.objects.get(stage=stage, track=track),
        entries=entries,
    )


@pytest.fixture
def advanced_entry(edition) -> StageEntry:
    """A semi-final entry whose project advanced to the final (published in the demo)."""
    return (
        StageEntry.objects.filter(stage__kind="semifinal", advanced=True, track__code="leader")
        .select_related("project__team__account", "stage")
        .order_by("rank")
        .first()
    )


@pytest.fixture
def stopped_entry(edition) -> StageEntry:
    """A semi-final entry whose project did not advance."""
    return (
        StageEntry.objects.filter(stage__kind="semifinal", advanced=False, track__code="leader")
        .select_related("project__team__account", "stage")
        .order_by("-rank")
        .first()
    )
