"""The one scoring read model: which sheets a panel expects, and the scores of a stage's
track. The live reveal, the host's progress, the supervisor's preview, ``missing_sheets``
and the standings all read these, so no two screens can disagree about a score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from podium.competitions.models import Stage, Track, TrackRule
from podium.competitions.selectors import rule_for
from podium.judging.conflicts import conflict_pairs
from podium.judging.models import Judge, Panel, ScoreSheet, SheetStatus, StageEntry
from podium.registration.models import Project
from podium.rules.rubric import Sheet
from podium.rules.scoring import ProjectScore, score_track, struck_positions


def panel_judges(panel: Panel) -> list[Judge]:
    return list(panel.judges.select_related("account").order_by("name"))


def expected_sheets(
    judges: list[Judge], entries: Iterable[StageEntry]
) -> list[tuple[Judge, StageEntry]]:
    """Every (judge, entry) that must be scored: a conflicted judge is excused, and a
    team that does not present (缺赛/弃权) is not scored at all."""
    entries = [entry for entry in entries if not entry.absence]
    excused = conflict_pairs(judges, Project.objects.filter(pk__in={e.project_id for e in entries}))
    return [
        (judge, entry)
        for entry in entries
        for judge in judges
        if (judge.pk, entry.project_id) not in excused
    ]


def submitted_pairs(stage: Stage | int, project_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(judge id, project id) of every submitted sheet of those projects in the stage."""
    return set(
        ScoreSheet.objects.filter(
            stage=stage, project__in=list(project_ids), status=SheetStatus.SUBMITTED
        ).values_list("judge_id", "project_id")
    )


def track_scores(
    stage: Stage, track: Track, rule: TrackRule | None = None
) -> dict[str, ProjectScore]:
    """Every scored project of the stage's track by code, by the track's rule (``rule``
    when the caller has it), over the whole track (a z-score needs every judge's sheets)."""
    rule = rule or rule_for(stage, track)
    key = f"{stage.pk}:{track.code}"
    sheets = [
        Sheet(
            track=key,
            project=code,
            judge=str(judge),
            marks={k: Decimal(v) for k, v in marks.items()},
        )
        for code, judge, marks in ScoreSheet.objects.filter(
            stage=stage,
            project__entries__stage=stage,
            project__entries__track=track,
            status=SheetStatus.SUBMITTED,
        ).values_list("project__code", "judge_id", "marks")
    ]
    return score_track(sheets, method=rule.aggregation, trim=rule.trim)


@dataclass(frozen=True)
class JudgeTotal:
    judge: str
    total: Decimal
    struck: bool  # dropped as one of the highest or lowest (trimmed mean)


def panel_marks(entry: StageEntry, rule: TrackRule | None = None) -> list[JudgeTotal]:
    """Each submitted sheet's total for ``entry`` by judge name, with
    the totals its rule strikes out: what the supervisor checks and the screen shows."""
    rule = rule or rule_for(entry.stage, entry.track)
    rows = [
        (name, total)
        for name, total in ScoreSheet.objects.filter(
            stage=entry.stage_id, project=entry.project_id, status=SheetStatus.SUBMITTED
        )
        .order_by("judge__name", "judge_id")
        .values_list("judge__name", "total")
        if total is not None  # a submitted sheet always has its total
    ]
    struck = struck_positions([total for _, total in rows], method=rule.aggregation, trim=rule.trim)
    return [JudgeTotal(name, total, i in struck) for i, (name, total) in enumerate(rows)]
