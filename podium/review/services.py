"""Every change to online review: the round, pins and forbids, the solver run, releases.

The solver is ``podium.rules.assignment``; this module only loads the instance, keeps
what must not move (sheets already started, the organiser's pins), and stores the answer.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from podium import clock
from podium.accounts.models import User
from podium.accounts.permissions import is_organiser, require
from podium.competitions.models import Stage, StageKind
from podium.errors import PodiumError
from podium.judging.conflicts import conflict_reason
from podium.judging.models import (
    ConflictDeclaration,
    Judge,
    ScoreSheet,
    ScoringLock,
    StageEntry,
)
from podium.judging.services import conflict_declare
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.registration.models import Project, ProjectStatus
from podium.review.models import PairKind, ReviewAssignment, ReviewPair, ReviewRound, ReviewRun
from podium.review.permissions import ORGANISERS_ONLY
from podium.review.selectors import assignment_instance
from podium.rules.assignment import assign_reviewers

NOT_REGIONAL = "online review runs in a regional round; {stage} is not one"
NO_ROUND = "this stage has no online-review round yet; set its window and reviewers first"
NO_REVIEWERS = "the review round has no reviewers; add judges to its pool first"
NO_PROJECTS = "no project is entered in this stage yet"
WINDOW_ORDER = "closes_at: the review window must close after it opens"
BAD_NUMBER = "{field}: give a whole number of at least 1"
NOT_IN_STAGE = "project: {project} is not entered in this stage"
NOT_A_REVIEWER = "judge: {judge} is not in this round's reviewer pool"
PIN_CONFLICTED = "judge: {judge} may not review {project}: {reason}"
FORBID_STARTED = "judge: {judge} has already started the sheet for {project}; a started sheet stays"
UNKNOWN_KIND = "kind: use pin or forbid"
SIGNED_OFF = (
    "the {track} results of {stage} are signed off: its reviewers can no longer be assigned"
)

CENT = Decimal("0.01")
LEDGER_KIND_RUN = EntryKind.REVIEW_ASSIGNED
LEDGER_KIND_PAIR = EntryKind.REVIEW_PAIR


def review_subject(stage: Stage) -> str:
    return f"stage:{stage.pk}/review"


def _check_not_signed_off(stage: Stage) -> None:
    """A signed-off (and so a published) round's assignments are what its results rest
    on: a re-run or a new pin could drop a reviewer whose sheet was counted."""
    lock = ScoringLock.objects.filter(stage=stage).select_related("track").first()
    if lock is not None:
        raise PodiumError(SIGNED_OFF.format(track=lock.track.name, stage=stage.name))


def _check_regional(stage: Stage) -> None:
    if stage.kind != StageKind.REGIONAL:
        raise PodiumError(NOT_REGIONAL.format(stage=stage.name))


@transaction.atomic
def review_round_set(
    *,
    actor: User,
    stage: Stage,
    opens_at: datetime,
    closes_at: datetime,
    reviewers: list[Judge],
    supervisor: User | None = None,
) -> ReviewRound:
    require(is_organiser(actor), ORGANISERS_ONLY)
    _check_regional(stage)
    if closes_at <= opens_at:
        raise PodiumError(WINDOW_ORDER, field="closes_at")
    found, _ = ReviewRound.objects.update_or_create(
        stage=stage,
        defaults={"opens_at": opens_at, "closes_at": closes_at, "supervisor": supervisor},
    )
    found.reviewers.set(reviewers)
    return found


@transaction.atomic
def review_enter_projects(*, actor: User, stage: Stage) -> int:
    """Enter every accepted project of the edition not yet in the stage; returns how many."""
    require(is_organiser(actor), ORGANISERS_ONLY)
    _check_regional(stage)
    present = StageEntry.objects.filter(stage=stage).values("project_id")
    missing = Project.objects.filter(
        edition=stage.edition_id, status=ProjectStatus.ACCEPTED
    ).exclude(pk__in=present)
    created = StageEntry.objects.bulk_create(
        StageEntry(stage=stage, project=p, track_id=p.track_id, region_id=p.region_id)
        for p in missing.order_by("code")
    )
    return len(created)


def _whole(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PodiumError(BAD_NUMBER.format(field=field), field=field)
    return value


@transaction.atomic
def review_assign(*, organiser: User, stage: Stage, per_project: int, max_load: int) -> ReviewRun:
    """Solve the stage's assignment exactly and store it; started sheets never move.

    A re-run (a new project, a declared conflict, a new reviewer) fixes every assignment
    whose sheet is already started, plus the organiser's pins, and re-solves the rest.
    """
    require(is_organiser(organiser), ORGANISERS_ONLY)
    _check_regional(stage)
    _check_not_signed_off(stage)
    per_project = _whole(per_project, "per_project")
    max_load = _whole(max_load, "max_load")
    ReviewRound.objects.select_for_update().filter(stage=stage).first()
    instance = assignment_instance(stage)
    if instance is None:
        raise PodiumError(NO_ROUND)
    if not instance.judges:
        raise PodiumError(NO_REVIEWERS)
    if not instance.projects:
        raise PodiumError(NO_PROJECTS)
    result = assign_reviewers(
        judges=instance.judges,
        projects=instance.projects,
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        per_project=per_project,
        max_load=max_load,
        pinned=instance.pinned | instance.kept,
        forbidden=instance.forbidden,
    )
    chosen = {(j, p): value for j, p, value in result.pairs}
    current = {
        (a.judge.account.username, a.project.code): a
        for a in ReviewAssignment.objects.filter(stage=stage).select_related(
            "judge__account", "project"
        )
    }
    removed = [a.pk for pair, a in current.items() if pair not in chosen]
    ReviewAssignment.objects.filter(pk__in=removed).delete()
    now = clock.now()
    added = [
        ReviewAssignment(
            stage=stage,
            judge_id=instance.judge_ids[j],
            project_id=instance.project_ids[p],
            affinity=value,
            pinned=(j, p) in instance.pinned,
            created_at=now,
        )
        for (j, p), value in chosen.items()
        if (j, p) not in current
    ]
    ReviewAssignment.objects.bulk_create(added, batch_size=2000)
    for pair, found in current.items():
        if pair in chosen and found.pinned != (pair in instance.pinned):
            found.pinned = pair in instance.pinned
            found.save(update_fields=["pinned"])
    kept = len(instance.kept & chosen.keys())
    payload = {
        "per_project": per_project,
        "max_load": max_load,
        "objective": str(result.objective),
        "upper_bound": str(result.upper_bound),
        "reviewers": len(instance.judges),
        "projects": len(instance.projects),
        "assignments": len(chosen),
        "kept": kept,
        "added": len(added),
        "removed": len(removed),
    }
    entry = ledger_append(
        kind=LEDGER_KIND_RUN,
        actor=organiser.username,
        subject=review_subject(stage),
        payload=payload,
    )
    return ReviewRun.objects.create(
        stage=stage,
        per_project=per_project,
        max_load=max_load,
        objective=result.objective.quantize(CENT),
        upper_bound=result.upper_bound.quantize(CENT),
        assignments=len(chosen),
        kept=kept,
        added=len(added),
        removed=len(removed),
        ran_by=organiser,
        ran_at=now,
        ledger_seq=entry.seq,
    )


def _pair_parties(stage: Stage, judge: Judge, project: Project) -> None:
    if not StageEntry.objects.filter(stage=stage, project=project).exists():
        raise PodiumError(NOT_IN_STAGE.format(project=project.code), field="project")
    if not ReviewRound.objects.filter(stage=stage, reviewers=judge).exists():
        raise PodiumError(NOT_A_REVIEWER.format(judge=judge.account.username), field="judge")


@transaction.atomic
def review_pair_set(
    *, organiser: User, stage: Stage, judge: Judge, project: Project, kind: str
) -> ReviewPair:
    require(is_organiser(organiser), ORGANISERS_ONLY)
    """Pin (always assign) or forbid (never assign) a pair; the next run applies it."""
    _check_regional(stage)
    _check_not_signed_off(stage)
    if kind not in PairKind.values:
        raise PodiumError(UNKNOWN_KIND, field="kind")
    _pair_parties(stage, judge, project)
    names = {"judge": judge.account.username, "project": project.code}
    if kind == PairKind.PIN and (reason := conflict_reason(judge, project)):
        raise PodiumError(PIN_CONFLICTED.format(reason=reason, **names), field="judge")
    if (
        kind == PairKind.FORBID
        and ScoreSheet.objects.filter(stage=stage, judge=judge, project=project).exists()
    ):
        raise PodiumError(FORBID_STARTED.format(**names), field="judge")
    pair, _ = ReviewPair.objects.update_or_create(
        stage=stage,
        judge=judge,
        project=project,
        defaults={"kind": kind, "set_by": organiser, "set_at": clock.now()},
    )
    ledger_append(
        kind=LEDGER_KIND_PAIR,
        actor=organiser.username,
        subject=review_subject(stage),
        payload={**names, "kind": kind},
    )
    return pair


@transaction.atomic
def review_pair_clear(*, organiser: User, pair: ReviewPair) -> None:
    require(is_organiser(organiser), ORGANISERS_ONLY)
    _check_not_signed_off(pair.stage)
    ledger_append(
        kind=LEDGER_KIND_PAIR,
        actor=organiser.username,
        subject=review_subject(pair.stage),
        payload={
            "judge": pair.judge.account.username,
            "project": pair.project.code,
            "kind": "cleared",
        },
    )
    pair.delete()


@transaction.atomic
def review_release(
    *, judge: Judge, assignment: ReviewAssignment, reason: str
) -> ConflictDeclaration:
    """The reviewer declares a conflict: the assignment goes, the next run fills the gap."""
    entry = StageEntry.objects.select_related("stage", "track", "project").get(
        stage=assignment.stage_id, project=assignment.project_id
    )
    declaration = conflict_declare(judge=judge, entry=entry, reason=reason)
    ReviewPair.objects.filter(
        stage=assignment.stage_id, judge=judge, project=assignment.project_id
    ).delete()
    assignment.delete()
    return declaration
