"""What a venue's results report and an advancing team's certificate are made of.

Both read only what the results flow froze: the entries' published score, rank and
advancement (written at sign-off) and the release's sign-off and ledger head.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet

from podium.competitions.models import Edition, RegionQuota, Stage, Track, TrackRule, Venue
from podium.competitions.selectors import rule_for
from podium.errors import PodiumError
from podium.judging.models import Judge, Panel, StageEntry
from podium.registration.models import Member
from podium.results.models import Deliberation, ResultRelease
from podium.results.services import next_stage

NO_STAGE = "no stage {kind!r} in {edition}; valid: {valid}"
NO_VENUE = "no venue {code!r} in {stage}; valid: {valid}"
NO_TRACK = "the panel of {venue} in {stage} has no track, so it has no results"
NOT_SIGNED_OFF = "the results of {venue} in {stage} are not signed off yet"
NO_CERTIFICATES = "{stage} has no published results with advancing teams, so no certificates"


@dataclass(frozen=True)
class VenueReport:
    stage: Stage
    venue: Venue
    track: Track
    panel: Panel
    rule: TrackRule
    release: ResultRelease
    entries: list[StageEntry]
    judges: list[Judge]
    deliberation: Deliberation | None

    @property
    def is_published(self) -> bool:
        return self.release.is_published


@dataclass(frozen=True)
class Certificate:
    entry: StageEntry
    members: list[str]
    release: ResultRelease
    next_stage: Stage
    ranked_in_region: bool  # the rank counts within the entry's region (regional quotas)

    @property
    def number(self) -> str:
        stage = self.entry.stage
        return f"{stage.edition.slug}-{stage.kind}-{self.entry.project.code}".upper()


def stage_of(edition: Edition, kind: str) -> Stage:
    stages = list(edition.stages.select_related("edition__competition").order_by("position"))
    for stage in stages:
        if stage.kind == kind:
            return stage
    valid = ", ".join(s.kind for s in stages) or "(none)"
    raise PodiumError(NO_STAGE.format(kind=kind, edition=edition, valid=valid), field="stage")


def venues_of(stage: Stage) -> QuerySet[Venue]:
    """The venues where ``stage`` has a panel, i.e. the ones a report can be made for."""
    return Venue.objects.filter(panels__stage=stage).order_by("code").distinct()


def venue_of(stage: Stage, code: str) -> Venue:
    venues = list(venues_of(stage))
    for venue in venues:
        if venue.code == code:
            return venue
    valid = ", ".join(v.code for v in venues) or "(this stage has no venue)"
    raise PodiumError(NO_VENUE.format(code=code, stage=stage, valid=valid), field="venue")


def release_for(stage: Stage, venue: Venue) -> ResultRelease | None:
    """The release of the track judged at ``venue``; None when nothing is signed off."""
    return (
        ResultRelease.objects.filter(
            stage=stage, track__panels__stage=stage, track__panels__venue=venue
        )
        .exclude(signed_off_at=None)
        .select_related("signed_off_by", "published_by")
        .first()
    )


def venue_report(stage: Stage, venue: Venue) -> VenueReport:
    panel = Panel.objects.select_related("track", "supervisor").get(stage=stage, venue=venue)
    if panel.track is None:
        raise PodiumError(NO_TRACK.format(venue=venue, stage=stage), field="venue")
    release = release_for(stage, venue)
    if release is None:
        raise PodiumError(NOT_SIGNED_OFF.format(venue=venue, stage=stage), field="venue")
    entries = list(
        StageEntry.objects.filter(stage=stage, track=panel.track, venue=venue)
        .select_related("project__team", "project__lead_enterprise")
        .order_by(F("rank").asc(nulls_last=True), "project__code")
    )
    return VenueReport(
        stage=stage,
        venue=venue,
        track=panel.track,
        panel=panel,
        rule=rule_for(stage, panel.track),
        release=release,
        entries=entries,
        judges=list(panel.judges.order_by("kind", "name")),
        deliberation=Deliberation.objects.filter(
            stage=stage, track=panel.track, decided_order__isnull=False
        ).first(),
    )


def published_releases(stage: Stage) -> dict[int, ResultRelease]:
    """The stage's published releases by track id."""
    return {
        r.track_id: r for r in ResultRelease.objects.filter(stage=stage).exclude(published_at=None)
    }


def certificate_entries(stage: Stage, releases: dict[int, ResultRelease]) -> QuerySet[StageEntry]:
    """Entries that earn a certificate: advancing, published, and with a stage to go to."""
    if next_stage(stage) is None:
        return StageEntry.objects.none()
    return StageEntry.objects.filter(stage=stage, advanced=True, track__in=list(releases))


def certificates_of(stage: Stage, *, project_code: str | None = None) -> list[Certificate]:
    """Certificates of the teams that advance from ``stage``, once their results are out."""
    following = next_stage(stage)
    releases = published_releases(stage)
    entries = (
        certificate_entries(stage, releases)
        .select_related(
            "stage__edition__competition",
            "track",
            "region",
            "project__team",
            "project__lead_enterprise",
        )
        .prefetch_related(
            Prefetch("project__team__members", queryset=Member.objects.order_by("position"))
        )
    )
    # Ranks are per region where the stage has region quotas, so the pages follow regions.
    by_region = RegionQuota.objects.filter(stage=stage).exists()
    region = ("region__code",) if by_region else ()
    entries = entries.order_by("track__position", *region, "rank", "project__code")
    if project_code is not None:
        entries = entries.filter(project__code=project_code)
    return [
        Certificate(
            entry=entry,
            members=[m.name for m in entry.project.team.members.all()],
            release=releases[entry.track_id],
            next_stage=following,
            ranked_in_region=by_region,
        )
        for entry in entries
    ]


def certificates_required(stage: Stage) -> list[Certificate]:
    found = certificates_of(stage)
    if not found:
        raise PodiumError(NO_CERTIFICATES.format(stage=stage), field="stage")
    return found


@dataclass(frozen=True)
class VenueStatus:
    venue: Venue
    track: Track | None
    release: ResultRelease | None


@dataclass(frozen=True)
class StageReports:
    stage: Stage
    venues: list[VenueStatus]
    certificates: int


def report_index(edition: Edition) -> list[StageReports]:
    """Per stage: each venue's report status and how many certificates are ready."""
    releases = {
        (r.stage_id, r.track_id): r
        for r in ResultRelease.objects.filter(stage__edition=edition).select_related(
            "signed_off_by"
        )
    }
    panels = Panel.objects.filter(stage__edition=edition).select_related("venue", "track")
    by_stage: dict[int, list[VenueStatus]] = {}
    for panel in panels.order_by("venue__code"):
        release = releases.get((panel.stage_id, panel.track_id))
        by_stage.setdefault(panel.stage_id, []).append(
            VenueStatus(venue=panel.venue, track=panel.track, release=release)
        )
    return [
        StageReports(
            stage=stage,
            venues=by_stage.get(stage.pk, []),
            certificates=certificate_entries(stage, published_releases(stage)).count(),
        )
        for stage in edition.stages.order_by("position")
    ]
