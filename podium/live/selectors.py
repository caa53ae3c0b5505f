"""What each live screen shows, built from the database (never from a cached copy)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from podium import clock
from podium.competitions.models import StageKind
from podium.competitions.selectors import edition_current, rule_for
from podium.judging.conflicts import conflict_reasons
from podium.judging.models import Panel, ScoreSheet, SheetStatus, StageEntry
from podium.live.models import Phase, VenueState
from podium.registration.models import Project
from podium.rules.rubric import Sheet
from podium.rules.scoring import score_track

TIMED = {Phase.ROADSHOW: "roadshow_minutes", Phase.QA: "qa_minutes"}


def channel(panel: Panel | int) -> str:
    return f"venue-{panel if isinstance(panel, int) else panel.pk}"


def running_order(panel: Panel) -> list[StageEntry]:
    return list(
        StageEntry.objects.filter(stage=panel.stage_id, venue=panel.venue_id)
        .select_related("project__team", "track")
        .order_by("draw_position", "project__code")
    )


def state_of(panel: Panel) -> VenueState:
    return VenueState.objects.select_related("entry__project__team").filter(
        panel=panel
    ).first() or (VenueState(panel=panel))


def next_entry(panel: Panel, state: VenueState) -> StageEntry | None:
    order = running_order(panel)
    if state.entry_id is None:
        return order[0] if order else None
    ids = [e.pk for e in order]
    position = ids.index(state.entry_id) if state.entry_id in ids else -1
    return order[position + 1] if position + 1 < len(order) else None


def expected_judges(panel: Panel, entry: StageEntry) -> list:
    """The panel's judges who must score ``entry`` (conflicted ones are excused)."""
    projects = Project.objects.filter(pk=entry.project_id)
    return [
        judge
        for judge in panel.judges.select_related("account").order_by("name")
        if entry.project_id not in conflict_reasons(judge, projects)
    ]


def sheets_in(panel: Panel, entry: StageEntry) -> tuple[set[int], list]:
    """(judge ids with a submitted sheet, expected judges) for the entry on stage."""
    submitted = set(
        ScoreSheet.objects.filter(
            stage=entry.stage_id, project=entry.project_id, status=SheetStatus.SUBMITTED
        ).values_list("judge_id", flat=True)
    )
    return submitted, expected_judges(panel, entry)


def entry_score(entry: StageEntry) -> Decimal | None:
    """The published-style score of one project from its submitted sheets."""
    rule = rule_for(entry.stage, entry.track)
    sheets = [
        Sheet(
            track="live",
            project=entry.project.code,
            judge=str(judge_id),
            marks={k: Decimal(v) for k, v in marks.items()},
        )
        for judge_id, marks in ScoreSheet.objects.filter(
            stage=entry.stage_id, project=entry.project_id, status=SheetStatus.SUBMITTED
        ).values_list("judge_id", "marks")
    ]
    if not sheets:
        return None
    return score_track(sheets, method=rule.aggregation, trim=rule.trim)[entry.project.code].score


def phase_limit_seconds(state: VenueState) -> int | None:
    if state.phase not in TIMED or state.entry is None:
        return None
    rule = rule_for(state.panel.stage, state.entry.track)
    return getattr(rule, TIMED[Phase(state.phase)]) * 60


def _entry_brief(entry: StageEntry | None) -> dict | None:
    if entry is None:
        return None
    return {
        "id": entry.pk,
        "project_id": entry.project_id,
        "code": entry.project.code,
        "title": entry.project.title,
        "team": entry.project.team.name,
        "slot": entry.draw_position,
    }


def public_state(panel: Panel) -> dict:
    """Everything a public screen may show. Scores appear only when revealed (现场亮分)."""
    panel = Panel.objects.select_related("stage", "venue", "track").get(pk=panel.pk)
    state = state_of(panel)
    entry = state.entry
    submitted, expected = sheets_in(panel, entry) if entry else (set(), [])
    score = None
    if entry and state.revealed and rule_for(panel.stage, entry.track).live_reveal:
        score = entry_score(entry)
    now = clock.now()
    return {
        "version": state.version,
        "panel": panel.pk,
        "stage": panel.stage.name,
        "venue": panel.venue.name,
        "track": panel.track.name if panel.track else "",
        "phase": state.phase,
        "entry": _entry_brief(entry),
        "next": _entry_brief(next_entry(panel, state)) if state.phase != Phase.FINISHED else None,
        "timer": {
            "limit": phase_limit_seconds(state),
            "elapsed": round(state.elapsed_seconds(now), 3),
            "paused": state.paused_at is not None,
            "server_time": int(now.timestamp() * 1000),
        },
        "sheets": {"in": len(submitted & {j.pk for j in expected}), "expected": len(expected)},
        "score": str(score) if score is not None else None,
    }


def live_panels() -> QuerySet[Panel]:
    """The current edition's semi-final and final panels, the coming stage first."""
    edition = edition_current()
    if edition is None:
        return Panel.objects.none()
    return (
        # The coming stage first: the demo's final is next, its semi-final is history.
        Panel.objects.filter(
            stage__edition=edition, stage__kind__in=[StageKind.SEMIFINAL, StageKind.FINAL]
        )
        .select_related("stage", "venue", "track", "supervisor")
        .order_by("-stage__position", "venue__code")
    )


def venue_entry(panel: Panel, entry_id: int | str) -> StageEntry | None:
    """The entry ``entry_id`` if it is in the panel's stage and venue."""
    return (
        panel.stage.entries.filter(pk=entry_id, venue=panel.venue)
        .select_related("stage", "track", "project")
        .first()
    )
