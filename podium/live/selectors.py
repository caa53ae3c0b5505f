"""What each live screen shows, built from the database (never from a cached copy)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.urls import reverse

from podium import clock
from podium.competitions.models import Aggregation, StageKind, TrackRule
from podium.competitions.selectors import edition_current, rule_for
from podium.judging.models import Judge, Panel, ScoringLock, StageEntry
from podium.judging.scoring import (
    expected_sheets,
    panel_judges,
    panel_marks,
    submitted_pairs,
    track_scores,
)
from podium.live.models import CheckIn, LiveReveal, Phase, VenueState
from podium.rules.ranking import competition_ranks
from podium.rules.scoring import ProjectScore

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
    return VenueState.objects.select_related("entry__project__team", "entry__track").filter(
        panel=panel
    ).first() or (VenueState(panel=panel))


def next_entry(panel: Panel, state: VenueState) -> StageEntry | None:
    """The next team to call after the one on stage, passing over absent teams."""
    order = running_order(panel)
    ids = [e.pk for e in order]
    after = ids.index(state.entry_id) + 1 if state.entry_id in ids else 0
    return next((e for e in order[after:] if not e.absence), None)


def previous_entry(panel: Panel, state: VenueState) -> StageEntry | None:
    """The team that presented before the one on stage (the last team once the session is
    finished), passing over absent teams."""
    order = running_order(panel)
    ids = [e.pk for e in order]
    if state.phase == Phase.FINISHED:
        before = len(order)
    else:
        before = ids.index(state.entry_id) if state.entry_id in ids else 0
    return next((e for e in reversed(order[:before]) if not e.absence), None)


def turn_to_come(order: list[StageEntry], state: VenueState, entry: StageEntry) -> bool:
    """Whether ``entry``'s turn on the running ``order`` has not passed: a team after the
    one on stage, or the team on stage before it has presented (its roadshow: it may be
    marked absent) or whose turn an absence just ended (it may be put back)."""
    if state.phase == Phase.FINISHED:
        return False
    ids = [e.pk for e in order]
    here = ids.index(entry.pk)
    now = ids.index(state.entry_id) if state.entry_id in ids else -1
    if here != now:
        return here > now
    return state.phase == Phase.ROADSHOW or (state.phase == Phase.CLOSED and bool(entry.absence))


def expected_judges(panel: Panel, entry: StageEntry) -> list[Judge]:
    """The panel's judges who must score ``entry`` (conflicted ones are excused)."""
    return [judge for judge, _ in expected_sheets(panel_judges(panel), [entry])]


def sheets_in(panel: Panel, entry: StageEntry) -> tuple[set[int], list[Judge]]:
    """(judge ids with a submitted sheet, expected judges) for the entry on stage."""
    submitted = {judge for judge, _ in submitted_pairs(entry.stage_id, [entry.project_id])}
    return submitted, expected_judges(panel, entry)


def reveals_live(rule: TrackRule) -> bool:
    """A score is shown live only where one team's sheets decide it: never under
    ``zscore``, whose score moves with every other team's sheets (the configuration
    refuses the pair; this guards the screen all the same)."""
    return rule.live_reveal and rule.aggregation != Aggregation.ZSCORE


def entry_score(entry: StageEntry, rule: TrackRule | None = None) -> Decimal | None:
    """The score of the entry on stage from the stage track's scores (None if unscored)."""
    found = track_scores(entry.stage, entry.track, rule).get(entry.project.code)
    return found.score if found else None


def phase_limit_seconds(state: VenueState, rule: TrackRule | None = None) -> int | None:
    if state.phase not in TIMED or state.entry is None:
        return None
    rule = rule or rule_for(state.panel.stage, state.entry.track)
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
        "absence": str(entry.get_absence_display()) if entry.absence else "",
    }


def public_state(panel: Panel) -> dict:
    """Everything a public screen may show. Scores appear only when revealed (现场亮分)."""
    panel = Panel.objects.select_related("stage", "venue", "track").get(pk=panel.pk)
    state = state_of(panel)
    if state.phase == Phase.IDLE and signed_off(panel):
        # Scored and signed off without the live console: the session is over, not
        # "not started" with a first team "next".
        state.phase = Phase.FINISHED
    entry = state.entry
    revealed = _revealed_entries(panel)
    track = entry.track if entry is not None else panel.track
    # The rule matters only for a team on stage or a leaderboard to show.
    rule = rule_for(panel.stage, track) if track and (entry or revealed) else None
    if entry is not None:
        entry.stage = panel.stage  # the venue's stage: read once
    submitted, expected = sheets_in(panel, entry) if entry else (set(), [])
    score, marks, board = None, None, []
    if rule is not None and track is not None and reveals_live(rule):
        on_screen = entry is not None and state.revealed
        # One read of the track's scores serves the score on screen and the leaderboard.
        scores = track_scores(panel.stage, track, rule) if revealed or on_screen else {}
        board = leaderboard(revealed, scores)
        if entry is not None and on_screen:
            found = scores.get(entry.project.code)
            score = found.score if found else None
            marks = [{"total": str(m.total), "struck": m.struck} for m in panel_marks(entry, rule)]
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
            "limit": phase_limit_seconds(state, rule),
            "elapsed": round(state.elapsed_seconds(now), 3),
            "paused": state.paused_at is not None,
            "server_time": int(now.timestamp() * 1000),
        },
        "sheets": {"in": len(submitted & {j.pk for j in expected}), "expected": len(expected)},
        "score": str(score) if score is not None else None,
        "marks": marks,
        "leaderboard": board,
        "results_url": _results_url(panel) if state.phase == Phase.FINISHED else None,
    }


def _revealed_entries(panel: Panel) -> list[StageEntry]:
    return [
        reveal.entry
        for reveal in LiveReveal.objects.filter(panel=panel).select_related("entry__project__team")
    ]


def leaderboard(revealed: list[StageEntry], scores: dict[str, ProjectScore]) -> list[dict]:
    """The venue's running order of scores revealed so far (现场排名), best first, ties
    sharing a rank. Scores come from the sheets, so an approved amendment moves them."""
    scored = {e.project.code: e for e in revealed if e.project.code in scores}
    ranks = competition_ranks({code: scores[code].score for code in scored})
    rows = [
        {
            "rank": ranks[code],
            "code": code,
            "title": entry.project.title,
            "team": entry.project.team.name,
            "score": str(scores[code].score),
        }
        for code, entry in scored.items()
    ]
    return sorted(rows, key=lambda row: (row["rank"], row["code"]))


def checked_in(panel: Panel) -> tuple[set[int], set[int]]:
    """(entry ids, judge ids) checked in at the venue."""
    entries: set[int] = set()
    judges: set[int] = set()
    for entry_id, judge_id in CheckIn.objects.filter(panel=panel).values_list("entry", "judge"):
        if entry_id is not None:
            entries.add(entry_id)
        else:
            judges.add(judge_id)
    return entries, judges


def signed_off(panel: Panel) -> bool:
    """The panel's results are signed off: its sheets are locked for good."""
    locks = ScoringLock.objects.filter(stage=panel.stage_id)
    return locks.filter(track=panel.track_id).exists() if panel.track_id else locks.exists()


def _results_url(panel: Panel) -> str | None:
    # The results page itself says whether they are published yet.
    if panel.track is None:
        return reverse("results:index")
    return reverse("results:public", args=[panel.stage_id, panel.track.code])


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
        .order_by("pk")  # not the default, which joins the stage, edition and project
        .first()
    )
