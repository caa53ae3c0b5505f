"""Demo results: the regional online review scored by the rules, and the semi-final field.

Each project gets five reviewers' sheets; ``podium.rules`` turns them into z-scores per
track, ranks each region's track and applies its quota, exactly as a real round would.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from podium.demo import figures as fig
from podium.judging.models import Panel, StageEntry
from podium.registration.models import Project
from podium.results.models import ResultRelease
from podium.rules.ranking import advance_with_decision, results_from_scores, straddling_group
from podium.rules.rubric import Sheet
from podium.rules.scoring import Method, score_track

if TYPE_CHECKING:
    from podium.demo.people import People
    from podium.demo.reference import Reference

CRITERIA = (("technical_solution", 30), ("application_results", 30), ("commercial_value", 25),
            ("qa_defense", 15))  # fmt: skip
HALF = Decimal("0.5")


def review_marks(rng: random.Random, quality: float, bias: float) -> dict[str, Decimal]:
    """One reviewer's marks: the project's quality, the reviewer's leniency and some noise."""
    share = min(0.98, max(0.2, 0.72 + 0.08 * quality + bias + rng.gauss(0, 0.05)))
    return {key: (Decimal(str(round(top * share * 2) / 2))).quantize(HALF) for key, top in CRITERIA}


def build_results(rng: random.Random, ref: Reference, people: People) -> None:
    regional = ref.stages["regional"]
    projects = list(
        Project.objects.filter(edition=ref.edition)
        .select_related("track", "region")
        .order_by("code")
    )
    reviewers = people.judges[2 * (fig.PANEL_INDUSTRY_JUDGES + fig.PANEL_INVESTMENT_JUDGES) :]
    bias = {judge.pk: rng.gauss(0, 0.04) for judge in reviewers}
    sheets_by_track: dict[str, list[Sheet]] = {code: [] for code in ref.tracks}
    for project in projects:
        quality = rng.gauss(0, 1)
        for judge in rng.sample(reviewers, fig.REVIEWERS_PER_PROJECT):
            sheets_by_track[project.track.code].append(
                Sheet(
                    track=project.track.code,
                    project=project.code,
                    judge=str(judge.pk),
                    marks=review_marks(rng, quality, bias[judge.pk]),
                )
            )
    scores = {
        code: score_track(sheets, method=Method.ZSCORE) for code, sheets in sheets_by_track.items()
    }
    entries = []
    advanced: list[Project] = []
    for region_code, region in ref.regions.items():
        for track_code in ref.tracks:
            members = [
                p for p in projects if p.region_id == region.pk and p.track.code == track_code
            ]
            track_scores = scores[track_code]
            rows = results_from_scores(
                {p.code: track_scores[p.code].score for p in members},
                judges={p.code: track_scores[p.code].judges for p in members},
                counted={p.code: track_scores[p.code].counted for p in members},
                quota=fig.REGIONAL_QUOTAS[region_code][track_code],
            )
            quota = fig.REGIONAL_QUOTAS[region_code][track_code]
            if tied := straddling_group(rows, quota=quota):
                # The demo's deliberation: the unrounded z-score breaks the tie.
                order = sorted(tied, key=lambda code: track_scores[code].raw, reverse=True)
                rows = advance_with_decision(rows, quota=quota, decided_order=order)
            by_code = {p.code: p for p in members}
            for row in rows:
                project = by_code[row.project]
                entries.append(
                    StageEntry(
                        stage=regional, project=project, track=project.track, region=region,
                        score=row.score, rank=row.rank, advanced=row.advanced,
                        judges=row.judges, counted=row.counted,
                    )
                )  # fmt: skip
                if row.advanced:
                    advanced.append(project)
    entries = StageEntry.objects.bulk_create(entries)
    released = datetime(2020, 10, 25, 2, 0, tzinfo=UTC)
    ResultRelease.objects.bulk_create(
        ResultRelease(
            stage=regional, track=track, signed_off_by=people.organiser, signed_off_at=released,
            published_by=people.organiser, published_at=released,
        )
        for track in ref.tracks.values()
    )  # fmt: skip
    _semifinal(rng, ref, people, advanced, {e.project_id: e for e in entries})


def _semifinal(rng, ref: Reference, people: People, advanced, regional_entries) -> None:
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
    entries = []
    for n, (track_code, track) in enumerate(ref.tracks.items()):
        venue = ref.venues[track_code]
        panel = Panel.objects.create(
            stage=semifinal, venue=venue, track=track,
            name=f"{semifinal.name}·{track.name}评委组", supervisor=people.supervisors[n],
        )  # fmt: skip
        panel.judges.set(people.judges[n * panel_size : (n + 1) * panel_size])
        if n == 0:
            # The demo's conflict of interest (回避): a judge who works for a finalist's
            # lead enterprise; the supervisor sees it and that sheet is excused.
            conflicted = sorted(
                (p for p in advanced if p.track_id == track.pk), key=lambda p: p.code
            )[4]
            people.judges[2].affiliations.add(conflicted.lead_enterprise)
        field = sorted((p for p in advanced if p.track_id == track.pk), key=lambda p: p.code)
        for project in field:
            entries.append(
                StageEntry(
                    stage=semifinal, project=project, track=track, region=project.region,
                    venue=venue, advanced_from=regional_entries[project.pk],
                )
            )  # fmt: skip
    StageEntry.objects.bulk_create(entries)
    seeds = {venue: f"{ref.edition.slug}-semifinal-{venue.code}" for venue in ref.venues.values()}
    with clock.frozen(datetime(2020, 11, 6, 2, 0, tzinfo=UTC)):
        committed = [
            draw_commit(organiser=people.organiser, stage=semifinal, venue=venue,
                        commitment=commitment(seed))
            for venue, seed in seeds.items()
        ]  # fmt: skip
    with clock.frozen(datetime(2020, 11, 9, 2, 0, tzinfo=UTC)):
        for found, seed in zip(committed, seeds.values(), strict=True):
            draw_reveal(organiser=people.organiser, draw=found, seed=seed)
    stage_schedule_set(
        organiser=people.organiser, stage=semifinal,
        days=[date(2020, 11, 10), date(2020, 11, 11)],
        # 69 leader teams at 10 + 4 minutes with 2-minute changeovers need 35 slots a day.
        windows=[(time(8, 0), time(12, 0)), (time(13, 0), time(18, 30))],
    )  # fmt: skip
    stage_schedule_set(
        organiser=people.organiser, stage=ref.stages["final"], days=[date(2020, 12, 10)],
        windows=[(time(9, 0), time(12, 0)), (time(14, 0), time(17, 0))],
    )  # fmt: skip
