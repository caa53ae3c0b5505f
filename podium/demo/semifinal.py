"""Demo semi-final: two days of sheets submitted through the real services, then the
supervisors' sign-off (with a deliberation where a tie straddles the cut) and publication.

Everything runs under a set clock, slot by slot along the timetable, so the ledger reads
like the two days of 2020-11-10 and 2020-11-11 and comes out the same on every build.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from podium import clock
from podium.accounts.models import Role, User
from podium.competitions.selectors import rule_for
from podium.competitions.services import venue_create
from podium.demo.reference import demo_user
from podium.errors import PodiumError
from podium.judging.conflicts import conflict_reasons
from podium.judging.models import Panel, ScoreSheet, SheetStatus, StageEntry
from podium.judging.panels import panel_create, panel_seat_judges
from podium.judging.services import sheet_submit
from podium.registration.models import Project
from podium.results.selectors import deliberation_of
from podium.results.services import (
    deliberation_confirm,
    deliberation_open,
    deliberation_vote,
    results_publish,
    results_sign_off,
)
from podium.rules.draw import commitment
from podium.rules.timetable import timetable
from podium.schedule.models import StageSchedule
from podium.schedule.services import draw_commit, draw_reveal

if TYPE_CHECKING:
    from podium.demo.people import People
    from podium.demo.reference import Reference

SIGN_OFF_AT = datetime(2020, 11, 11, 11, 0, tzinfo=UTC)  # 19:00 in Shanghai
PUBLISH_AT = datetime(2020, 11, 11, 11, 30, tzinfo=UTC)
CRITERIA = (("technical_solution", 30), ("application_results", 30), ("commercial_value", 25),
            ("qa_defense", 15))  # fmt: skip


def panel_marks(rng: random.Random, quality: float, leniency: float) -> dict[str, str]:
    """A panel judge's marks in half points: the project's quality and the judge's leniency."""
    share = min(0.97, max(0.45, 0.8 + 0.05 * quality + leniency + rng.gauss(0, 0.025)))
    return {key: str(Decimal(round(top * share * 2)) / 2) for key, top in CRITERIA}


def score_semifinal(rng: random.Random, ref: Reference, people: People) -> None:
    stage = ref.stages["semifinal"]
    for track in ref.tracks.values():
        panel = Panel.objects.get(stage=stage, track=track)
        entries = list(
            StageEntry.objects.filter(stage=stage, venue=panel.venue)
            .select_related("project", "track", "stage", "advanced_from")
            .order_by("draw_position")
        )
        judges = list(panel.judges.select_related("account").order_by("account__username"))
        leniency = {judge.pk: rng.gauss(0, 0.03) for judge in judges}
        rule = rule_for(stage, track)
        schedule = StageSchedule.objects.get(stage=stage)
        plan = timetable(
            [e.project.code for e in entries],
            roadshow_minutes=rule.roadshow_minutes,
            qa_minutes=rule.qa_minutes,
            changeover_minutes=rule.changeover_minutes,
            # The days and windows are the stage's schedule (set with the draw in results.py).
            days=schedule.day_dates(),
            windows=schedule.window_times(),
            tz=schedule.tz,
        )
        ends = {slot.team: slot.end for slot in plan.slots}
        field = Project.objects.filter(entries__in=entries)
        excused = {judge.pk: conflict_reasons(judge, field) for judge in judges}
        with clock.frozen(SIGN_OFF_AT) as now:
            for entry in entries:
                quality = float(entry.advanced_from.score - 50) / 10 + rng.gauss(0, 0.6)
                for judge in judges:
                    if entry.project_id in excused[judge.pk]:
                        continue
                    now.set(ends[entry.project.code] + timedelta(seconds=30 + judges.index(judge)))
                    sheet_submit(
                        judge=judge,
                        entry=entry,
                        marks=panel_marks(rng, quality, leniency[judge.pk]),
                        client_token=f"demo-{stage.pk}-{judge.pk}-{entry.project_id}",
                    )
            now.set(SIGN_OFF_AT)
            _sign_off(stage, track, panel, judges)
            now.set(PUBLISH_AT)
            results_publish(actor=people.organiser, stage=stage, track=track)
    prepare_final(ref, people)


FINAL_COMMIT_AT = datetime(2020, 12, 7, 2, 0, tzinfo=UTC)
FINAL_DRAW_AT = datetime(2020, 12, 9, 2, 0, tzinfo=UTC)


def prepare_final(ref: Reference, people: People) -> None:
    """Make the final (2020-12-10, Hangzhou) the next live event: a hall and a panel of 13
    per track (judge027–039 leader, judge040–052 rookie; supervisor3 and supervisor4),
    its finalists in the halls, and a real draw."""
    final, semifinal = ref.stages["final"], ref.stages["semifinal"]
    size = Panel.objects.get(stage=semifinal, track=ref.tracks["leader"]).judges.count()
    supervisors = [
        demo_user(ref, f"supervisor{3 + n}", Role.SUPERVISOR, f"督导员·{name}")
        for n, name in enumerate(("总决赛领军组", "总决赛新锐组"))
    ]
    User.objects.bulk_create(supervisors)
    for n, (code, track) in enumerate(ref.tracks.items()):
        with clock.frozen(FINAL_COMMIT_AT):
            venue = venue_create(
                actor=people.organiser,
                edition=ref.edition,
                code=f"hangzhou-{'ab'[n]}",
                name=f"杭州总决赛·{track.name}",
                name_en=f"Hangzhou final ({code})",
                address="浙江省杭州市",
                stream_links=ref.venues[code].stream_links,
            )
            panel = panel_create(
                actor=people.organiser,
                stage=final,
                venue=venue,
                track=track,
                name=f"{final.name}·{track.name}评委组",
                supervisor=supervisors[n],
            )
            first = 2 * size + n * size  # after the two semi-final panels
            judges = people.judges[first : first + size]
            panel_seat_judges(actor=people.organiser, panel=panel, judges=judges)
        StageEntry.objects.filter(stage=final, track=track).update(venue=venue)
        seed = f"{ref.edition.slug}-final-{venue.code}"
        with clock.frozen(FINAL_COMMIT_AT):
            draw = draw_commit(
                organiser=people.organiser, stage=final, venue=venue, commitment=commitment(seed)
            )
        with clock.frozen(FINAL_DRAW_AT):
            draw_reveal(organiser=people.organiser, draw=draw, seed=seed)


def _sign_off(stage, track, panel, judges) -> None:
    try:
        results_sign_off(actor=panel.supervisor, stage=stage, track=track)
        return
    except PodiumError:
        if deliberation_of(stage, track) is not None:
            raise
    deliberation = deliberation_open(actor=panel.supervisor, stage=stage, track=track)
    for judge in judges:
        totals = dict(
            ScoreSheet.objects.filter(
                stage=stage,
                judge=judge,
                project__code__in=deliberation.projects,
                status=SheetStatus.SUBMITTED,
            ).values_list("project__code", "total")
        )
        # Each judge ranks the tied projects by the totals they gave them themselves.
        order = sorted(deliberation.projects, key=lambda c: (-totals.get(c, 0), c))
        deliberation_vote(judge=judge, deliberation=deliberation, order=order)
    deliberation_confirm(actor=panel.supervisor, deliberation=deliberation)
    results_sign_off(actor=panel.supervisor, stage=stage, track=track)
