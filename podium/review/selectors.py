"""Reads for online review: the solver's instance, queues, progress and reminders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from podium import clock
from podium.competitions.models import Stage, StageKind, Track
from podium.judging.conflicts import conflict_pairs
from podium.judging.models import Judge, ScoreSheet, SheetStatus, StageEntry
from podium.registration.models import Project
from podium.review.models import PairKind, ReviewAssignment, ReviewPair, ReviewRound, ReviewRun
from podium.rules.affinity import ProjectProfile, affinity_map
from podium.rules.review_pace import expected_by, is_behind

Pair = tuple[str, str]  # (judge username, project code): ids people can read in errors


@dataclass
class Instance:
    judges: list[str]
    projects: list[str]
    affinity: dict[Pair, Decimal]
    conflicts: set[Pair]
    pinned: set[Pair]
    forbidden: set[Pair]
    kept: set[Pair]  # assignments whose sheet is already started
    judge_ids: dict[str, int] = field(default_factory=dict)
    project_ids: dict[str, int] = field(default_factory=dict)


def round_of(stage: Stage) -> ReviewRound | None:
    return ReviewRound.objects.filter(stage=stage).select_related("supervisor").first()


def latest_run(stage: Stage) -> ReviewRun | None:
    return ReviewRun.objects.filter(stage=stage).select_related("ran_by").first()


def pairs_of(stage: Stage) -> QuerySet[ReviewPair]:
    """The organisers' pinned and forbidden (judge, project) pairs of the stage."""
    return ReviewPair.objects.filter(stage=stage).select_related("judge__account", "project")


def pair_or_404(pk: int) -> ReviewPair:
    return get_object_or_404(ReviewPair.objects.select_related("stage"), pk=pk)


def reviewer_named(stage: Stage, username: str) -> Judge | None:
    """The judge of the stage's edition who logs in as ``username``."""
    return Judge.objects.filter(edition=stage.edition_id, account__username=username).first()


def project_coded(stage: Stage, code: str) -> Project | None:
    """The project of the stage's edition numbered ``code``."""
    return Project.objects.filter(edition=stage.edition_id, code=code).first()


def assignment_instance(stage: Stage) -> Instance | None:
    """Everything the solver needs, read once; None when the stage has no review round."""
    found = round_of(stage)
    if found is None:
        return None
    judges = list(found.reviewers.select_related("account").order_by("account__username"))
    projects = list(
        Project.objects.filter(entries__stage=stage).select_related("industry").order_by("code")
    )
    judge_name = {j.pk: j.account.username for j in judges}
    project_code = {p.pk: p.code for p in projects}
    field_qs = Project.objects.filter(entries__stage=stage)
    conflicts = {
        (judge_name[judge_id], project_code[project_id])
        for judge_id, project_id in conflict_pairs(judges, field_qs)
    }
    pairs: dict[str, set[Pair]] = {PairKind.PIN: set(), PairKind.FORBID: set()}
    for judge_id, project_id, kind in ReviewPair.objects.filter(stage=stage).values_list(
        "judge_id", "project_id", "kind"
    ):
        if judge_id in judge_name and project_id in project_code:
            pairs[kind].add((judge_name[judge_id], project_code[project_id]))
    started = set(ScoreSheet.objects.filter(stage=stage).values_list("judge_id", "project_id"))
    kept = (
        {
            (judge_name[j], project_code[p])
            for j, p in ReviewAssignment.objects.filter(stage=stage).values_list(
                "judge_id", "project_id"
            )
            if (j, p) in started and j in judge_name and p in project_code
        }
        - conflicts
        - pairs[PairKind.FORBID]
    )
    affinity = affinity_map(
        {j.account.username: j.expertise_tags for j in judges},
        {
            p.code: ProjectProfile(
                industry_code=p.industry.code,
                industry_name=p.industry.name,
                text=f"{p.title}\n{p.summary}",
            )
            for p in projects
        },
    )
    return Instance(
        judges=list(judge_name.values()),
        projects=list(project_code.values()),
        affinity=affinity,  # type: ignore[arg-type]
        conflicts=conflicts,
        pinned=pairs[PairKind.PIN] - conflicts,
        forbidden=pairs[PairKind.FORBID],
        kept=kept,
        judge_ids={name: pk for pk, name in judge_name.items()},
        project_ids={code: pk for pk, code in project_code.items()},
    )


def queue_of(judge: Judge) -> list[tuple[ReviewAssignment, ScoreSheet | None]]:
    """A reviewer's assigned projects with the state of their own sheet (never others')."""
    assignments = list(
        ReviewAssignment.objects.filter(judge=judge)
        .select_related("stage", "project__team", "project__industry", "project__track")
        .order_by("stage__position", "project__code")
    )
    sheets = {
        (s.stage_id, s.project_id): s
        for s in ScoreSheet.objects.filter(
            judge=judge, stage__in={a.stage_id for a in assignments}
        ).only("stage", "project", "status", "total", "judge")
    }
    return [(a, sheets.get((a.stage_id, a.project_id))) for a in assignments]


@dataclass(frozen=True)
class JudgeProgress:
    judge: Judge
    assigned: int
    drafts: int
    submitted: int
    expected: int

    @property
    def behind(self) -> bool:
        return is_behind(submitted=self.submitted, expected=self.expected)


def _sheet_states(stage: Stage) -> dict[tuple[int, int], str]:
    return {
        (j, p): status
        for j, p, status in ScoreSheet.objects.filter(stage=stage).values_list(
            "judge_id", "project_id", "status"
        )
    }


def judge_progress(stage: Stage) -> list[JudgeProgress]:
    """Per reviewer of the round: assigned, drafts, submitted, and what the window expects."""
    found = round_of(stage)
    if found is None:
        return []
    states = _sheet_states(stage)
    assigned: Counter[int] = Counter()
    drafts: Counter[int] = Counter()
    submitted: Counter[int] = Counter()
    for judge_id, project_id in ReviewAssignment.objects.filter(stage=stage).values_list(
        "judge_id", "project_id"
    ):
        assigned[judge_id] += 1
        state = states.get((judge_id, project_id))
        drafts[judge_id] += state == SheetStatus.DRAFT
        submitted[judge_id] += state == SheetStatus.SUBMITTED
    now = clock.now()
    return [
        JudgeProgress(
            judge=judge,
            assigned=assigned[judge.pk],
            drafts=drafts[judge.pk],
            submitted=submitted[judge.pk],
            expected=expected_by(
                now=now, opens=found.opens_at, closes=found.closes_at, assigned=assigned[judge.pk]
            ),
        )
        for judge in found.reviewers.select_related("account").order_by("account__username")
    ]


def behind_schedule(stage: Stage) -> list[JudgeProgress]:
    return [row for row in judge_progress(stage) if row.behind]


@dataclass(frozen=True)
class RegionProgress:
    region: str
    track: str
    projects: int
    assigned: int  # review slots filled
    submitted: int
    complete: int  # projects whose every assigned sheet is submitted
    unassigned: int  # projects below k reviewers (after a release or a new entry)


def region_progress(stage: Stage) -> list[RegionProgress]:
    run = latest_run(stage)
    k = run.per_project if run else 0
    states = _sheet_states(stage)
    per_project: dict[int, list[str | None]] = {}
    for judge_id, project_id in ReviewAssignment.objects.filter(stage=stage).values_list(
        "judge_id", "project_id"
    ):
        per_project.setdefault(project_id, []).append(states.get((judge_id, project_id)))
    rows: dict[tuple[str, str], Counter[str]] = {}
    for project_id, region, track in (
        StageEntry.objects.filter(stage=stage)
        .order_by("region__code", "track__position")
        .values_list("project_id", "region__name", "track__name")
    ):
        counts = rows.setdefault((region or "—", track), Counter())
        sheets = per_project.get(project_id, [])
        counts["projects"] += 1
        counts["assigned"] += len(sheets)
        counts["submitted"] += sum(s == SheetStatus.SUBMITTED for s in sheets)
        counts["complete"] += bool(sheets) and all(s == SheetStatus.SUBMITTED for s in sheets)
        counts["unassigned"] += len(sheets) < k
    return [
        RegionProgress(
            region=region,
            track=track,
            projects=c["projects"],
            assigned=c["assigned"],
            submitted=c["submitted"],
            complete=c["complete"],
            unassigned=c["unassigned"],
        )
        for (region, track), c in rows.items()
    ]


def missing_review_sheets(stage: Stage, track: Track) -> list[tuple[Judge, StageEntry]]:
    """Assigned reviews of the track without a submitted sheet (for the sign-off)."""
    submitted = ScoreSheet.objects.filter(
        stage=stage,
        status=SheetStatus.SUBMITTED,
        judge=OuterRef("judge"),
        project=OuterRef("project"),
    )
    waiting = list(
        ReviewAssignment.objects.filter(
            stage=stage, project__entries__stage=stage, project__entries__track=track
        )
        .exclude(Exists(submitted))
        .select_related("judge__account")
        .order_by("judge__name", "project__code")
    )
    entries = {
        e.project_id: e
        for e in StageEntry.objects.filter(
            stage=stage, project__in=[a.project_id for a in waiting]
        ).select_related("project")
    }
    return [(a.judge, entries[a.project_id]) for a in waiting]


def projects_short_of_reviews(stage: Stage, track: Track) -> list[str]:
    """Codes of the track's projects holding fewer than the last run's k assignments
    (a reviewer declared a conflict, or the project came late): re-run before sign-off."""
    run = latest_run(stage)
    if run is None:
        return []
    counts = Counter(
        ReviewAssignment.objects.filter(
            stage=stage, project__entries__stage=stage, project__entries__track=track
        ).values_list("project__code", flat=True)
    )
    codes = StageEntry.objects.filter(stage=stage, track=track).values_list(
        "project__code", flat=True
    )
    return sorted(code for code in codes if counts[code] < run.per_project)


def regional_stage_current() -> Stage | None:
    return Stage.objects.filter(edition__is_current=True, kind=StageKind.REGIONAL).first()
