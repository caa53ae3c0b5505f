"""A semi-final venue put back to "before the draw": no draw row, no positions."""

from __future__ import annotations

from dataclasses import dataclass

from podium.competitions.models import Stage, Venue
from podium.judging.models import StageEntry
from podium.rules.draw import commitment
from podium.schedule.models import Draw

SEED = "podium-test-seed-2020"
COMMITMENT = commitment(SEED)


@dataclass
class Undrawn:
    stage: Stage
    venue: Venue
    codes: list[str]


def reset_venue() -> Undrawn:
    """The rookie venue of the demo's semi-final, its draw and positions removed."""
    draw = Draw.objects.select_related("stage", "venue").get(
        stage__kind="semifinal", venue__code="yuhang-b"
    )
    stage, venue = draw.stage, draw.venue
    draw.delete()
    entries = StageEntry.objects.filter(stage=stage, venue=venue)
    entries.update(draw_position=None)
    codes = sorted(entries.values_list("project__code", flat=True))
    return Undrawn(stage=stage, venue=venue, codes=codes)
