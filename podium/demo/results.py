"""Demo results: the regional online review (see ``podium.demo.review``) and the
semi-final field it published, with its venues, draws and schedules.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from podium.demo import figures as fig
from podium.demo.review import build_regional_review
from podium.judging.models import StageEntry
from podium.judging.panels import panel_create, panel_seat_judges

PANELS_AT = datetime(2020, 11, 5, 2, 0, tzinfo=UTC)  # the semi-final panels are formed

if TYPE_CHECKING:
    from podium.demo.people import People
    from podium.demo.reference import Reference


def build_results(rng: random.Random, ref: Reference, people: People) -> None:
    build_regional_review(rng, ref, people)
    advanced = [
        e.project
        for e in StageEntry.objects.filter(stage=ref.stages["semifinal"]).select_related("project")
    ]
    _semifinal(rng, ref, people, advanced)


def _semifinal(rng, ref: Reference, people: People, advanced) -> None:
    """The semi-final field per venue, its order from a real draw, and the stages' schedules.

    Each venue's seed is public ("ciic-2020-semifinal-yuhang-a"): the organiser commits to
    its SHA-256 on 2020-11-06 and reveals it at the draw on 2020-11-09, 10:00 in Shanghai.
    """
    from datetime import date, time

    from podium import clock
    from podium.rules.draw import commitment
    from podium.schedule.services import draw_commit, draw_reveal, stage_schedule_set

    semifinal = ref.stages["semifinal"]
    panel_size = fig.PANEL_INDUSTRY_JUDGES + fig.PANEL_INVESTMENT_JUDGES
    for n, (track_code, track) in enumerate(ref.tracks.items()):
        venue = ref.venues[track_code]
        with clock.frozen(PANELS_AT):
            panel = panel_create(
                actor=people.organiser,
                stage=semifinal,
                venue=venue,
                track=track,
                name=f"{semifinal.name}·{track.name}评委组",
                supervisor=people.supervisors[n],
            )
            judges = people.judges[n * panel_size : (n + 1) * panel_size]
            panel_seat_judges(actor=people.organiser, panel=panel, judges=judges)
        if n == 0:
            # The demo's conflict of interest (回避): a judge who works for a finalist's
            # lead enterprise; the supervisor sees it and that sheet is excused.
            conflicted = sorted(
                (p for p in advanced if p.track_id == track.pk), key=lambda p: p.code
            )[4]
            people.judges[2].affiliations.add(conflicted.lead_enterprise)
        # The regional publication entered them; the semi-final seats them in the venue.
        StageEntry.objects.filter(stage=semifinal, track=track).update(venue=venue)
    seeds = {venue: f"{ref.edition.slug}-semifinal-{venue.code}" for venue in ref.venues.values()}
    with clock.frozen(datetime(2020, 11, 6, 2, 0, tzinfo=UTC)):
        committed = [
            draw_commit(
                organiser=people.organiser,
                stage=semifinal,
                venue=venue,
                commitment=commitment(seed),
            )
            for venue, seed in seeds.items()
        ]
    with clock.frozen(datetime(2020, 11, 9, 2, 0, tzinfo=UTC)):
        for found, seed in zip(committed, seeds.values(), strict=True):
            draw_reveal(organiser=people.organiser, draw=found, seed=seed)
    stage_schedule_set(
        organiser=people.organiser,
        stage=semifinal,
        days=[date(2020, 11, 10), date(2020, 11, 11)],
        # 69 leader teams at 10 + 4 minutes with 2-minute changeovers need 35 slots a day.
        windows=[(time(8, 0), time(12, 0)), (time(13, 0), time(18, 30))],
    )
    stage_schedule_set(
        organiser=people.organiser,
        stage=ref.stages["final"],
        days=[date(2020, 12, 10)],
        windows=[(time(9, 0), time(12, 0)), (time(14, 0), time(17, 0))],
    )
