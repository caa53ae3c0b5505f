"""Sign-off, tie-break deliberation, publication and advancement (SPEC §3).

The order is fixed: every sheet in → (deliberation when a tie straddles the cut) →
the venue's supervisor signs off → an organiser publishes → the next stage's entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from podium import clock
from podium.accounts.models import User
from podium.accounts.permissions import require
from podium.competitions.models import RegionQuota, Stage, Track
from podium.competitions.selectors import rule_for
from podium.errors import Message, PodiumError, gettext_noop
from podium.judging.models import (
    AmendmentStatus,
    Judge,
    ScoreSheet,
    ScoringLock,
    SheetAmendment,
    StageEntry,
)
from podium.judging.services import check_scoring_open, sheet_subject
from podium.judging.signals import sheet_changed
from podium.ledger.checkpoints import checkpoint_sign
from podium.ledger.models import CheckpointReason, EntryKind
from podium.ledger.services import ledger_append
from podium.results.models import Deliberation, DeliberationStatus, DeliberationVote, ResultRelease
from podium.results.permissions import (
    ORGANISERS_ONLY,
    STAFF_ONLY,
    SUPERVISOR_ONLY,
    can_confirm_deliberation,
    can_decide_amendment,
    can_open_deliberation,
    can_publish,
    can_sign_off,
)
from podium.results.selectors import (
    Standing,
    deliberation_voters,
    missing_sheets,
    panel_of,
    region_ties,
    standings,
)
from podium.review.selectors import projects_short_of_reviews
from podium.rules.deliberation import check_vote, decide
from podium.rules.ranking import ProjectResult, advance_with_decision, straddling_group

SHEETS_MISSING = gettext_noop("{count} sheet(s) are still missing, first: {judge} for {project}")
AMENDMENTS_PENDING = gettext_noop("{count} correction(s) await the supervisor's decision")
AMENDMENT_DECIDED = gettext_noop("this amendment was already {status}")
ALREADY_SIGNED = gettext_noop("these results are already signed off")
NOT_SIGNED = gettext_noop(
    "these results are not signed off yet; the venue's supervisor signs off first"
)
ALREADY_PUBLISHED = gettext_noop("these results are already published")
TIE_UNDECIDED = gettext_noop(
    "a tie straddles the cut ({projects}); the panel must deliberate first"
)
NO_TIE = gettext_noop("no tie straddles the cut; there is nothing to deliberate")
DELIBERATION_EXISTS = gettext_noop("a deliberation for this cut is already open")
NOT_ON_PANEL = gettext_noop("only the panel's judges vote in its deliberation")
ALREADY_VOTED = gettext_noop("this judge has already voted")
VOTING_CLOSED = gettext_noop("this deliberation is already confirmed")
VOTES_MISSING = gettext_noop("{count} judge(s) have not voted yet")
NO_PANEL = gettext_noop("this stage and track have no panel")
REVIEWS_SHORT = gettext_noop(
    "{count} project(s) have fewer reviews than the assignment asks, first: {project};"
    " re-run the reviewer assignment"
)
REGION_TIE_UNDECIDED = gettext_noop(
    "a tie straddles a region's cut ({projects}); the reviewers of the tied projects must"
    " deliberate and the round's supervisor confirm before sign-off"
)
NOT_A_REVIEWER = gettext_noop("only the reviewers of the tied projects vote in this deliberation")


def results_subject(stage: Stage, track: Track) -> str:
    return f"stage:{stage.pk}/track:{track.code}"


def _quota(stage: Stage, track: Track) -> int | None:
    return rule_for(stage, track).advancement_quota


def _rows_with_decision(stage: Stage, track: Track) -> list[ProjectResult]:
    """The standings' result rows, with a confirmed deliberation applied to the cut."""
    ranked = standings(stage, track)
    rows = [s.result for s in ranked if s.result is not None]
    if RegionQuota.objects.filter(stage=stage, track=track).exists():
        return _region_rows_with_decisions(stage, track, ranked)
    quota = _quota(stage, track)
    if quota is None:
        return rows
    tied = straddling_group(rows, quota=quota)
    if not tied:
        return rows
    deliberation = Deliberation.objects.filter(
        stage=stage, track=track, status=DeliberationStatus.CONFIRMED
    ).first()
    if deliberation is None or sorted(deliberation.projects) != tied:
        raise PodiumError(Message(TIE_UNDECIDED, projects=", ".join(tied)))
    # deliberation_confirm sets the decided order when it confirms.
    assert deliberation.decided_order is not None
    return advance_with_decision(rows, quota=quota, decided_order=deliberation.decided_order)


def _region_rows_with_decisions(
    stage: Stage, track: Track, ranked: Sequence[Standing]
) -> list[ProjectResult]:
    """Per region, the confirmed deliberation of a tie at that region's cut applied."""
    # Looked up by entries' region_id, which is None for an entry without a region.
    quotas: dict[int | None, int] = dict(
        RegionQuota.objects.filter(stage=stage, track=track).values_list("region_id", "quota")
    )
    decided = {
        d.region_id: d
        for d in Deliberation.objects.filter(
            stage=stage, track=track, region__isnull=False, status=DeliberationStatus.CONFIRMED
        )
    }
    by_region: dict[int | None, list] = {}
    for standing in ranked:
        if standing.result is not None:
            by_region.setdefault(standing.entry.region_id, []).append(standing.result)
    rows, held = [], []
    for region_id, region_rows in by_region.items():
        quota = quotas.get(region_id)
        tied = straddling_group(region_rows, quota=quota) if quota is not None else []
        if not tied:
            rows += region_rows
            continue
        found = decided.get(region_id)
        if found is None or sorted(found.projects) != tied:
            held += tied
            continue
        assert quota is not None  # a tie was found, so the region has a quota
        assert found.decided_order is not None  # deliberation_confirm set it
        rows += advance_with_decision(region_rows, quota=quota, decided_order=found.decided_order)
    if held:
        raise PodiumError(Message(REGION_TIE_UNDECIDED, projects=", ".join(sorted(held))))
    return rows


def _region_deliberations_open(stage: Stage, track: Track) -> list[Deliberation]:
    """One deliberation for every region whose cut a tie straddles and that has none yet."""
    opened = set(
        Deliberation.objects.filter(stage=stage, track=track, region__isnull=False).values_list(
            "region_id", flat=True
        )
    )
    ties = [tie for tie in region_ties(stage, track) if tie.region.pk not in opened]
    if not ties:
        raise PodiumError(DELIBERATION_EXISTS if opened else NO_TIE)
    return [
        Deliberation.objects.create(
            stage=stage, track=track, region=tie.region, projects=tie.projects, seats=tie.seats
        )
        for tie in ties
    ]


@transaction.atomic
def deliberation_open(*, actor: User, stage: Stage, track: Track) -> Deliberation:
    require(can_open_deliberation(actor, stage, track), STAFF_ONLY)
    panel = panel_of(stage, track)
    if panel is None:
        if RegionQuota.objects.filter(stage=stage, track=track).exists():
            return _region_deliberations_open(stage, track)[0]
        raise PodiumError(NO_PANEL)
    if Deliberation.objects.filter(stage=stage, track=track).exists():
        raise PodiumError(DELIBERATION_EXISTS)
    rows = [s.result for s in standings(stage, track) if s.result is not None]
    quota = _quota(stage, track)
    tied = straddling_group(rows, quota=quota) if quota is not None else []
    if not tied:
        raise PodiumError(NO_TIE)
    group_rank = next(row.rank for row in rows if row.project == tied[0])
    assert quota is not None  # a tie straddles the cut only where there is a quota
    return Deliberation.objects.create(
        stage=stage, track=track, panel=panel, projects=tied, seats=quota - (group_rank - 1)
    )


def _region_of(deliberation: Deliberation) -> dict[str, str]:
    """The region a ledger entry is about, when the tie was at a region's cut."""
    return {"region": deliberation.region.code} if deliberation.region is not None else {}


@transaction.atomic
def deliberation_vote(
    *, judge: Judge, deliberation: Deliberation, order: list[str]
) -> DeliberationVote:
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    if deliberation.status != DeliberationStatus.VOTING:
        raise PodiumError(VOTING_CLOSED)
    if not deliberation_voters(deliberation).filter(pk=judge.pk).exists():
        raise PodiumError(NOT_ON_PANEL if deliberation.panel_id else NOT_A_REVIEWER)
    if DeliberationVote.objects.filter(deliberation=deliberation, judge=judge).exists():
        raise PodiumError(ALREADY_VOTED)
    order = list(check_vote(order, deliberation.projects))
    vote = DeliberationVote.objects.create(deliberation=deliberation, judge=judge, order=order)
    ledger_append(
        kind=EntryKind.DELIBERATION_VOTE,
        actor=judge.account.username,
        subject=results_subject(deliberation.stage, deliberation.track),
        payload={"judge": judge.account.username, "order": order, **_region_of(deliberation)},
    )
    return vote


@transaction.atomic
def deliberation_confirm(*, actor: User, deliberation: Deliberation) -> Deliberation:
    deliberation = (
        Deliberation.objects.select_for_update()
        .select_related("stage", "track")
        .get(pk=deliberation.pk)
    )
    require(can_confirm_deliberation(actor, deliberation), SUPERVISOR_ONLY)
    if deliberation.status != DeliberationStatus.VOTING:
        raise PodiumError(VOTING_CLOSED)
    votes = list(deliberation.votes.values_list("order", flat=True))
    waiting = deliberation_voters(deliberation).count() - len(votes)
    if waiting:
        raise PodiumError(Message(VOTES_MISSING, count=waiting))
    decision = decide(votes, deliberation.projects)
    deliberation.decided_order = list(decision.order)
    deliberation.method = decision.method
    deliberation.status = DeliberationStatus.CONFIRMED
    deliberation.confirmed_by = actor
    deliberation.confirmed_at = clock.now()
    deliberation.save()
    ledger_append(
        kind=EntryKind.DELIBERATION_DECIDED,
        actor=actor.username,
        subject=results_subject(deliberation.stage, deliberation.track),
        payload={
            "tied": deliberation.projects,
            "seats": deliberation.seats,
            "order": deliberation.decided_order,
            "method": decision.method,
            "points": decision.points,
            "votes": len(votes),
            **_region_of(deliberation),
        },
    )
    return deliberation


@transaction.atomic
def amendment_decide(*, actor: User, amendment: SheetAmendment, approve: bool) -> SheetAmendment:
    """The actor approves (the sheet takes the new marks) or rejects a correction."""
    amendment = SheetAmendment.objects.select_for_update().get(pk=amendment.pk)
    require(can_decide_amendment(actor, amendment), SUPERVISOR_ONLY)
    if amendment.status != AmendmentStatus.REQUESTED:
        raise PodiumError(Message(AMENDMENT_DECIDED, status=amendment.get_status_display()))
    sheet = ScoreSheet.objects.select_for_update().get(pk=amendment.sheet_id)
    entry = StageEntry.objects.select_related("track", "project").get(
        stage=sheet.stage_id, project=sheet.project_id
    )
    check_scoring_open(entry)
    amendment.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
    amendment.decided_by = actor
    amendment.decided_at = clock.now()
    amendment.save()
    if approve:
        sheet.marks = amendment.marks
        sheet.total = sum((Decimal(v) for v in amendment.marks.values()), Decimal(0))
        sheet.version += 1
        sheet.ledger_seq = ledger_append(
            kind=EntryKind.SHEET_AMENDED,
            actor=actor.username,
            subject=sheet_subject(entry),
            payload={
                "judge": sheet.judge.account.username,
                "reason": amendment.reason,
                "previous_marks": amendment.previous_marks,
                "marks": amendment.marks,
                "total": str(sheet.total),
            },
            refers_to=sheet.ledger_seq,
        ).seq
        sheet.save(update_fields=["marks", "total", "version", "ledger_seq", "updated_at"])
        sheet_changed.send(sender=ScoreSheet, entry=entry)
    return amendment


@transaction.atomic
def results_sign_off(*, actor: User, stage: Stage, track: Track) -> ResultRelease:
    """Freeze the results: every sheet in, corrections decided, the cut settled."""
    require(can_sign_off(actor, stage, track), SUPERVISOR_ONLY)
    release, _ = ResultRelease.objects.select_for_update().get_or_create(stage=stage, track=track)
    if release.signed_off_at:
        raise PodiumError(ALREADY_SIGNED)
    # Online review has no panel: there each project needs its k reviews first.
    if panel_of(stage, track) is None and (short := projects_short_of_reviews(stage, track)):
        raise PodiumError(Message(REVIEWS_SHORT, count=len(short), project=short[0]))
    if missing := missing_sheets(stage, track):
        judge, entry = missing[0]
        raise PodiumError(
            Message(
                SHEETS_MISSING, count=len(missing), judge=judge.name, project=entry.project.code
            )
        )
    pending = SheetAmendment.objects.filter(
        sheet__stage=stage, sheet__project__entries__track=track, status=AmendmentStatus.REQUESTED
    ).count()
    if pending:
        raise PodiumError(Message(AMENDMENTS_PENDING, count=pending))
    rows = _rows_with_decision(stage, track)
    entries = {
        e.project.code: e
        for e in StageEntry.objects.filter(stage=stage, track=track).select_related("project")
    }
    for row in rows:
        entry = entries[row.project]
        entry.score, entry.rank, entry.advanced = row.score, row.rank, row.advanced
        entry.judges, entry.counted = row.judges, row.counted
    StageEntry.objects.bulk_update(
        entries.values(), ["score", "rank", "advanced", "judges", "counted"]
    )
    signoff = ledger_append(
        kind=EntryKind.SIGNOFF,
        actor=actor.username,
        subject=results_subject(stage, track),
        payload={
            "method": rule_for(stage, track).aggregation,
            "results": [
                {
                    "project": r.project,
                    "score": str(r.score),
                    "rank": r.rank,
                    "judges": r.judges,
                    "counted": r.counted,
                    "advanced": r.advanced,
                }
                for r in rows
            ],
        },
    )
    release.signed_off_by, release.signed_off_at = actor, clock.now()
    ScoringLock.objects.get_or_create(stage=stage, track=track)
    release.ledger_head = signoff.hash
    release.checkpoint = checkpoint_sign(reason=CheckpointReason.SIGNOFF)
    release.save()
    return release


def next_stage(stage: Stage) -> Stage | None:
    return stage.edition.stages.filter(position__gt=stage.position).order_by("position").first()


@transaction.atomic
def results_publish(*, actor: User, stage: Stage, track: Track) -> ResultRelease:
    """Lift the embargo and create the next stage's entries for those who advanced."""
    require(can_publish(actor), ORGANISERS_ONLY)
    release = ResultRelease.objects.select_for_update().filter(stage=stage, track=track).first()
    if release is None or not release.signed_off_at:
        raise PodiumError(NOT_SIGNED)
    if release.published_at:
        raise PodiumError(ALREADY_PUBLISHED)
    release.published_by, release.published_at = actor, clock.now()
    release.save()
    ledger_append(
        kind=EntryKind.PUBLICATION,
        actor=actor.username,
        subject=results_subject(stage, track),
        payload={"signed_off_head": release.ledger_head},
    )
    following = next_stage(stage)
    advanced = list(
        StageEntry.objects.filter(stage=stage, track=track, advanced=True)
        .select_related("project")
        .order_by("rank", "project__code")
    )
    if following is not None and advanced:
        StageEntry.objects.bulk_create(
            StageEntry(
                stage=following, project=e.project, track=track, region=e.region, advanced_from=e
            )
            for e in advanced
        )
        ledger_append(
            kind=EntryKind.ADVANCEMENT,
            actor=actor.username,
            subject=results_subject(following, track),
            payload={"from_stage": stage.pk, "projects": [e.project.code for e in advanced]},
        )
    checkpoint_sign(reason=CheckpointReason.PUBLICATION)
    return release
