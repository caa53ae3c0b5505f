"""A semi-final track put back to "before scoring", for tests that drive the results flow.

The demo ships its semi-final scored and published; these helpers undo that for the
rookie track (the ledger keeps its history: it is append-only) and score it again with
marks the test chooses.

Kept for the browser tests that drive the demo's own venue (test_live_stage_in_browser,
test_results_flow_in_browser). A new test builds its own venue with tests/scenarios.py
(``scored_panel``) instead of deleting and re-scoring the demo's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from podium.competitions.models import Stage, Track
from podium.judging.models import Judge, Panel, ScoreSheet, ScoringLock, StageEntry
from podium.judging.services import sheet_submit
from podium.live import services as live_services
from podium.live.models import CheckIn, LiveReveal
from podium.results.models import Deliberation, ResultRelease
from tests.people import organiser

CRITERIA = (("technical_solution", 30), ("application_results", 30), ("commercial_value", 25),
            ("qa_defense", 15))  # fmt: skip


@dataclass
class Scenario:
    stage: Stage
    track: Track
    panel: Panel
    judges: list[Judge]
    entries: list[StageEntry]


def reset_track(kind: str = "semifinal", track_code: str = "rookie") -> Scenario:
    panel = Panel.objects.select_related("stage", "track", "supervisor", "venue").get(
        stage__kind=kind, track__code=track_code
    )
    stage, track = panel.stage, panel.track
    StageEntry.objects.filter(stage__edition=stage.edition, stage__position__gt=stage.position,
                              track=track).delete()  # fmt: skip
    ResultRelease.objects.filter(stage=stage, track=track).delete()
    ScoringLock.objects.filter(stage=stage, track=track).delete()
    Deliberation.objects.filter(stage=stage, track=track).delete()
    entries = list(
        StageEntry.objects.filter(stage=stage, track=track)
        .select_related("project", "track", "stage")
        .order_by("draw_position")
    )
    ScoreSheet.objects.filter(stage=stage, project__entries__in=entries).delete()
    StageEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        score=None, rank=None, advanced=None, judges=None, counted=None, absence=""
    )
    LiveReveal.objects.filter(panel=panel).delete()
    everyone_checked_in(panel)
    judges = list(panel.judges.select_related("account").order_by("account__username"))
    return Scenario(stage=stage, track=track, panel=panel, judges=judges, entries=entries)


def scoring_open() -> Scenario:
    """``reset_track()``, its venue's host having called the first team, run its Q&A and
    opened scoring."""
    scenario = reset_track()
    for step in (
        live_services.host_next,
        live_services.host_start_qa,
        live_services.host_open_scoring,
    ):
        step(actor=organiser(), panel=scenario.panel)
    return scenario


def everyone_checked_in(panel: Panel) -> None:
    """Every team of the venue's running order and every judge of its panel is here, so
    the first team is called without the check-in question."""
    CheckIn.objects.filter(panel=panel).delete()
    entries = StageEntry.objects.filter(stage=panel.stage_id, venue=panel.venue_id)
    CheckIn.objects.bulk_create(
        [CheckIn(panel=panel, entry=entry) for entry in entries]
        + [CheckIn(panel=panel, judge=judge) for judge in panel.judges.all()]
    )


def marks_for(level: int) -> dict[str, str]:
    """Marks that total ``level`` points exactly (0 ≤ level ≤ 100), spread by weight."""
    left, marks = level, {}
    for key, top in CRITERIA[:-1]:
        mark = min(top, round(level * top / 100))
        marks[key] = str(mark)
        left -= mark
    marks[CRITERIA[-1][0]] = str(max(0, min(CRITERIA[-1][1], left)))
    return marks


def score_all(
    scenario: Scenario, levels: dict[int, int], *, skip: set[tuple[int, int]] = frozenset()
):
    """Every judge gives entry i (by draw order) the total levels[i]; skip (judge i, entry j)."""
    for j, entry in enumerate(scenario.entries):
        for i, judge in enumerate(scenario.judges):
            if (i, j) in skip:
                continue
            sheet_submit(
                judge=judge, entry=entry, marks=marks_for(levels[j]),
                client_token=f"t-{judge.pk}-{entry.pk}",
            )  # fmt: skip


def levels_with_tie_at(cut: int, size: int) -> dict[int, int]:
    """Distinct levels, except entries cut-1 and cut (0-based) tie: a tie straddling ``cut``."""
    levels = {j: 90 - j for j in range(size)}
    levels[cut] = levels[cut - 1]
    return levels
