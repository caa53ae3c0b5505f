"""Reads about results: live standings (embargoed), missing sheets, published tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from podium.accounts.models import User
from podium.competitions.models import Region, RegionQuota, Stage, Track
from podium.competitions.selectors import rule_for
from podium.judging.conflicts import conflict_reasons
from podium.judging.models import (
    AmendmentStatus,
    Judge,
    Panel,
    SheetAmendment,
    StageEntry,
)
from podium.judging.scoring import expected_sheets, panel_judges, submitted_pairs, track_scores
from podium.registration.models import Project
from podium.results.models import Deliberation, DeliberationStatus, DeliberationVote, ResultRelease
from podium.review.models import ReviewAssignment
from podium.review.selectors import missing_review_sheets, round_of
from podium.rules.deliberation import voters_of
from podium.rules.ranking import ProjectResult, results_from_scores, straddling_group
from podium.snapshots.store import read_once


@dataclass(frozen=True)
class Standing:
    entry: StageEntry
    result: ProjectResult | None  # None while the project has no submitted sheet


def field_of(stage: Stage, track: Track) -> QuerySet[StageEntry]:
    return StageEntry.objects.filter(stage=stage, track=track).select_related(
        "project__team", "project__industry", "project__province", "region", "venue", "track"
    )


def panel_of(stage: Stage, track: Track) -> Panel | None:
    return Panel.objects.filter(stage=stage, track=track).select_related("supervisor").first()


def supervisor_id_of(stage: Stage, track: Track) -> int | None:
    """The user who signs off: the venue panel's supervisor, or the online-review round's."""
    panel = panel_of(stage, track)
    if panel is not None:
        return panel.supervisor_id

    found = round_of(stage)
    return found.supervisor_id if found is not None else None


def supervisor_of(stage: Stage, track: Track) -> User | None:
    """The account of whoever signs the results off (see ``supervisor_id_of``)."""
    supervisor_id = supervisor_id_of(stage, track)
    return None if supervisor_id is None else User.objects.filter(pk=supervisor_id).first()


def release_of(stage: Stage, track: Track) -> ResultRelease | None:
    return (
        ResultRelease.objects.filter(stage=stage, track=track).select_related("checkpoint").first()
    )


def deliberation_of(stage: Stage, track: Track) -> Deliberation | None:
    """The panel's deliberation of a venue stage (regional ones are per region)."""
    return Deliberation.objects.filter(stage=stage, track=track, region__isnull=True).first()


def deliberation_in(pk: int, stage: Stage, track: Track) -> Deliberation | None:
    """Deliberation ``pk`` if it belongs to the stage and track (any region or none)."""
    return Deliberation.objects.filter(pk=pk, stage=stage, track=track).first()


def deliberation_or_404(pk: int) -> Deliberation:
    return get_object_or_404(Deliberation.objects.select_related("stage", "track"), pk=pk)


def vote_of(deliberation: Deliberation, judge: Judge) -> DeliberationVote | None:
    return deliberation.votes.filter(judge=judge).first()


def region_deliberations_of(stage: Stage, track: Track) -> list[Deliberation]:
    return list(
        Deliberation.objects.filter(stage=stage, track=track, region__isnull=False)
        .select_related("region")
        .order_by("region__code")
    )


def deliberation_voters(deliberation: Deliberation) -> QuerySet[Judge]:
    """The panel's judges, or in online review every reviewer of one of the tied projects."""
    if deliberation.panel is not None:
        return deliberation.panel.judges.all()

    pairs = ReviewAssignment.objects.filter(
        stage=deliberation.stage_id,
        project__code__in=deliberation.projects,
    ).values_list("judge_id", "project__code")
    voters = voters_of(((str(judge), code) for judge, code in pairs), deliberation.projects)
    return Judge.objects.filter(pk__in=[int(judge) for judge in voters])


def voter_count(deliberation: Deliberation) -> int:
    return deliberation_voters(deliberation).count()


def is_voter(deliberation: Deliberation, judge: Judge) -> bool:
    return deliberation_voters(deliberation).filter(pk=judge.pk).exists()


def requested_amendments(stage: Stage, track: Track) -> QuerySet[SheetAmendment]:
    """Corrections judges have asked for on the stage's sheets of the track, still undecided."""
    return SheetAmendment.objects.filter(
        sheet__stage=stage,
        sheet__project__entries__track=track,
        status=AmendmentStatus.REQUESTED,
    ).select_related("sheet__judge", "sheet__project")


def amendment_or_404(pk: int) -> SheetAmendment:
    return get_object_or_404(SheetAmendment.objects.select_related("sheet__project"), pk=pk)


def amendment_entry(amendment: SheetAmendment) -> StageEntry:
    """The stage entry of the amended sheet's project."""
    return amendment.sheet.project.entries.get(stage=amendment.sheet.stage_id)


@dataclass(frozen=True)
class RegionTie:
    region: Region
    projects: list[str]
    seats: int  # how many of the tied projects the region's quota still admits


def region_ties(stage: Stage, track: Track) -> list[RegionTie]:
    """Every tie group that straddles a region's cut in the live standings, by region code."""
    quotas = {
        q.region_id: q
        for q in RegionQuota.objects.filter(stage=stage, track=track).select_related("region")
    }
    by_region: dict[int, list[ProjectResult]] = {}
    for standing in standings(stage, track):
        if standing.result is not None and standing.entry.region_id in quotas:
            by_region.setdefault(standing.entry.region_id, []).append(standing.result)
    ties = []
    for region_id, rows in by_region.items():
        quota = quotas[region_id].quota
        if tied := straddling_group(rows, quota=quota):
            group_rank = next(row.rank for row in rows if row.project == tied[0])
            ties.append(RegionTie(quotas[region_id].region, tied, quota - (group_rank - 1)))
    return sorted(ties, key=lambda tie: tie.region.code)


def standings(stage: Stage, track: Track) -> list[Standing]:
    """The live ranking from the submitted sheets, with the stage's rule and quotas.

    Scores are computed over the whole track (z-scores need every judge's sheets); ranks
    and quotas apply per region when the stage has region quotas, else per track.
    """
    rule = rule_for(stage, track)
    entries = list(field_of(stage, track).order_by("project__code"))
    scores = track_scores(stage, track)
    # Looked up by the keys of `groups` below: None for an entry without a region.
    region_quotas: dict[int | None, int] = dict(
        RegionQuota.objects.filter(stage=stage, track=track).values_list("region_id", "quota")
    )
    groups: dict[int | None, list[StageEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.region_id if region_quotas else None, []).append(entry)
    ranked: list[Standing] = []
    for group, members in groups.items():
        scored = [e.project.code for e in members if e.project.code in scores]
        rows = results_from_scores(
            {code: scores[code].score for code in scored},
            judges={code: scores[code].judges for code in scored},
            counted={code: scores[code].counted for code in scored},
            quota=region_quotas.get(group) if region_quotas else rule.advancement_quota,
        )
        by_code = {e.project.code: e for e in members}
        ranked += [Standing(entry=by_code[row.project], result=row) for row in rows]
        ranked += [Standing(entry=e, result=None) for e in members if e.project.code not in scores]
    return ranked


def missing_sheets(stage: Stage, track: Track) -> list[tuple[Judge, StageEntry]]:
    """Every (judge, entry) of the panel still without a submitted sheet, conflicts excused."""
    panel = panel_of(stage, track)
    if panel is None:
        # Online review: the sheets expected are the reviewers' assignments.

        return missing_review_sheets(stage, track)
    entries = list(field_of(stage, track).filter(venue=panel.venue).order_by("draw_position"))
    submitted = submitted_pairs(stage, {e.project_id for e in entries})
    expected = expected_sheets(panel_judges(panel), entries)
    missing = [(j, e) for j, e in expected if (j.pk, e.project_id) not in submitted]
    return sorted(missing, key=lambda pair: (pair[0].name, pair[0].pk, pair[1].draw_position or 0))


def published_table(stage: Stage, track: Track) -> list[StageEntry] | None:
    """The published results, or None while they are under embargo."""
    release = release_of(stage, track)
    if release is None or not release.is_published:
        return None
    return read_once(("published_table", stage.pk, track.pk), lambda: _table(stage, track))


def _table(stage: Stage, track: Track) -> list[StageEntry]:
    by_region = RegionQuota.objects.filter(stage=stage, track=track).exists()
    order = ("region__code", "rank", "project__code") if by_region else ("rank", "project__code")
    return list(field_of(stage, track).order_by(*order))


def published_pairs() -> set[tuple[int, int]]:
    """(stage id, track id) of every published release."""
    return set(
        ResultRelease.objects.filter(published_at__isnull=False).values_list("stage_id", "track_id")
    )


def panel_conflicts(stage: Stage, track: Track) -> list[tuple[Judge, StageEntry, str]]:
    """Every conflict of interest on the panel, for the supervisor to see."""
    panel = panel_of(stage, track)
    if panel is None:
        return []
    entries = {e.project_id: e for e in field_of(stage, track).filter(venue=panel.venue)}
    projects = Project.objects.filter(pk__in=entries)
    return [
        (judge, entries[project_id], reason)
        for judge in panel.judges.select_related("account").order_by("name")
        for project_id, reason in sorted(conflict_reasons(judge, projects).items())
    ]


def regional_ballots_for(judge: Judge) -> list[tuple[Deliberation, bool]]:
    """Open regional deliberations this reviewer votes in, each with whether they voted."""
    reviewed: dict[int, set[str]] = {}
    for stage_id, code in ReviewAssignment.objects.filter(judge=judge).values_list(
        "stage_id", "project__code"
    ):
        reviewed.setdefault(stage_id, set()).add(code)
    found = Deliberation.objects.filter(
        stage__in=reviewed, region__isnull=False, status=DeliberationStatus.VOTING
    ).select_related("stage", "track", "region")
    voted = set(
        DeliberationVote.objects.filter(judge=judge, deliberation__in=found).values_list(
            "deliberation_id", flat=True
        )
    )
    return [
        (d, d.pk in voted)
        for d in found.order_by("stage__position", "region__code")
        if reviewed[d.stage_id] & set(d.projects)
    ]
