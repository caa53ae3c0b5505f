from __future__ import annotations

import pytest

from podium.judging.models import StageEntry
from podium.results.services import results_sign_off
from tests.scenario import reset_track, score_all


@pytest.fixture
def signed_rookie(users):
    """The rookie semi-final scored again and signed off, not published: under embargo."""
    scenario = reset_track()
    score_all(scenario, {j: 80 - j for j in range(31)})
    results_sign_off(supervisor=scenario.panel.supervisor, stage=scenario.stage,
                     track=scenario.track)  # fmt: skip
    return scenario


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
