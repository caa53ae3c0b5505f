"""Reads: the draws of an edition, and each stage's timetable from its drawn order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db.models import Count, QuerySet

from podium.competitions.models import Edition, Stage, Track, TrackRule, Venue
from podium.errors import PodiumError
from podium.judging.models import StageEntry
from podium.registration.models import Project
from podium.rules.timetable import Slot, Timetable, timetable
from podium.schedule.models import Draw, StageSchedule

NO_SCHEDULE = "{stage} has no schedule: set its days and session windows first"
MIXED_TRACKS = "{stage} · {venue}: the drawn entries belong to several tracks ({tracks})"
DOES_NOT_FIT = (
    "{stage} · {venue}: {teams} team(s) do not fit in the sessions; "
    "the last session would have to run {minutes} minute(s) longer"
)


@dataclass(frozen=True)
class VenueTimetable:
    """One venue's timetable in a stage, with what the pages need to show it."""

    stage: Stage
    venue: Venue
    track: Track
    timetable: Timetable
    entries: dict[str, StageEntry]  # project code -> entry (with its project)

    @property
    def shortfall(self) -> str:
        """Why the timetable does not fit, or "" when it does."""
        if self.timetable.fits:
            return ""
        return DOES_NOT_FIT.format(
            stage=self.stage.kind,
            venue=self.venue.code,
            teams=self.timetable.overflow_teams,
            minutes=self.timetable.overflow_minutes,
        )


@dataclass(frozen=True)
class DrawTarget:
    """A venue of a stage with entries: what there is to draw, and its draw if any."""

    stage: Stage
    venue: Venue
    tracks: tuple[Track, ...]
    entries: int
    draw: Draw | None


def draws_of(edition: Edition) -> QuerySet[Draw]:
    return (
        Draw.objects.filter(stage__edition=edition)
        .select_related("stage", "track", "venue")
        .order_by("stage__position", "venue__code")
    )


def revealed_draws(edition: Edition) -> QuerySet[Draw]:
    return draws_of(edition).filter(revealed_at__isnull=False)


def draw_targets(edition: Edition) -> list[DrawTarget]:
    """Every (stage, venue) holding entries, in stage then venue order, with its draw."""
    counts = (
        StageEntry.objects.filter(stage__edition=edition, venue__isnull=False)
        .values("stage", "venue", "track")
        .annotate(entries=Count("id"))
        .order_by()
    )
    stages = {s.pk: s for s in Stage.objects.filter(edition=edition)}
    venues = {v.pk: v for v in Venue.objects.filter(edition=edition)}
    tracks = {t.pk: t for t in Track.objects.filter(edition=edition)}
    draws = {(d.stage_id, d.venue_id): d for d in draws_of(edition)}
    grouped: dict[tuple[int, int], list[dict]] = {}
    for row in counts:
        grouped.setdefault((row["stage"], row["venue"]), []).append(row)
    targets = [
        DrawTarget(
            stage=stages[stage_id],
            venue=venues[venue_id],
            tracks=tuple(sorted((tracks[r["track"]] for r in rows), key=lambda t: t.position)),
            entries=sum(r["entries"] for r in rows),
            draw=draws.get((stage_id, venue_id)),
        )
        for (stage_id, venue_id), rows in grouped.items()
    ]
    return sorted(targets, key=lambda t: (t.stage.position, t.venue.code))


def scheduled_stages(edition: Edition) -> list[Stage]:
    """The edition's stages that have a schedule, in order."""
    return list(
        Stage.objects.filter(edition=edition, schedule__isnull=False)
        .select_related("edition", "schedule")
        .order_by("position")
    )


def drawn_projects(edition: Edition) -> dict[tuple[int, int], dict[str, Project]]:
    """(stage id, venue id) -> project code -> project, for every entry with a venue."""
    found: dict[tuple[int, int], dict[str, Project]] = {}
    entries = StageEntry.objects.filter(stage__edition=edition, venue__isnull=False)
    for entry in entries.select_related("project"):
        found.setdefault((entry.stage_id, entry.venue_id), {})[entry.project.code] = entry.project
    return found


def _venue_timetables(stage: Stage, schedule: StageSchedule) -> list[VenueTimetable]:
    rules = {rule.track_id: rule for rule in TrackRule.objects.filter(stage=stage)}
    # A team that does not present (缺赛/弃权) leaves the timetable: the teams after it
    # move up into its slot.
    entries = (
        StageEntry.objects.filter(
            stage=stage, venue__isnull=False, draw_position__isnull=False, absence=""
        )
        .select_related("project", "venue", "track")
        .order_by("venue__code", "draw_position")
    )
    days, windows = schedule.day_dates(), schedule.window_times()
    found = []
    for _, group in groupby(entries, key=lambda e: e.venue_id):
        drawn = list(group)
        venue, track = drawn[0].venue, drawn[0].track
        if len({e.track_id for e in drawn}) > 1:
            tracks = ", ".join(sorted({e.track.code for e in drawn}))
            raise PodiumError(
                MIXED_TRACKS.format(stage=stage.kind, venue=venue.code, tracks=tracks)
            )
        rule = rules.get(track.pk) or TrackRule(stage=stage, track=track)
        plan = timetable(
            [e.project.code for e in drawn],
            roadshow_minutes=rule.roadshow_minutes,
            qa_minutes=rule.qa_minutes,
            changeover_minutes=rule.changeover_minutes,
            days=days,
            windows=windows,
            tz=schedule.tz,
        )
        found.append(
            VenueTimetable(
                stage=stage,
                venue=venue,
                track=track,
                timetable=plan,
                entries={e.project.code: e for e in drawn},
            )
        )
    return found


def venue_timetables(stage: Stage) -> list[VenueTimetable]:
    """The stage's timetable per venue (by venue code); refused when it has no schedule."""
    try:
        schedule = stage.schedule
    except StageSchedule.DoesNotExist:
        raise PodiumError(NO_SCHEDULE.format(stage=stage.kind), field="stage") from None
    return _venue_timetables(stage, schedule)


def stage_timetable(stage: Stage) -> dict[str, Timetable]:
    """Venue code -> the timetable laid from its draw positions, track rule and schedule."""
    return {found.venue.code: found.timetable for found in venue_timetables(stage)}


def edition_timetables(edition: Edition) -> list[VenueTimetable]:
    """Every scheduled stage's venue timetables, in stage then venue order."""
    schedules = StageSchedule.objects.filter(stage__edition=edition).select_related("stage")
    found: list[VenueTimetable] = []
    for schedule in sorted(schedules, key=lambda s: s.stage.position):
        found.extend(_venue_timetables(schedule.stage, schedule))
    return found


@dataclass(frozen=True)
class VenueDay:
    venue_timetable: VenueTimetable
    slots: list[tuple[Slot, StageEntry]]


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    venues: list[VenueDay]


def by_day(timetables: list[VenueTimetable]) -> list[ScheduleDay]:
    """One stage's venue timetables regrouped for reading: day, then venue side by side."""
    days = sorted({slot.start.date() for t in timetables for slot in t.timetable.slots})
    return [
        ScheduleDay(
            day=day,
            venues=[
                VenueDay(
                    venue_timetable=t,
                    slots=[
                        (slot, t.entries[slot.team])
                        for slot in t.timetable.slots
                        if slot.start.date() == day
                    ],
                )
                for t in timetables
            ],
        )
        for day in days
    ]
