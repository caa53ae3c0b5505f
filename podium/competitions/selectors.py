"""Reads about editions, stages and tracks."""

from __future__ import annotations

from django.db.models import QuerySet

from podium.competitions.models import Edition, Region, Stage, StageKind, Track, TrackRule
from podium.errors import PodiumError
from podium.rules.rubric import Criterion, Rubric


def edition_current() -> Edition | None:
    return Edition.objects.filter(is_current=True).select_related("competition", "previous").first()


def edition_by_slug(slug: str | None) -> Edition | None:
    """The edition named by ``slug``, or the current one when no slug is given."""
    if not slug:
        return edition_current()
    return Edition.objects.filter(slug=slug).select_related("competition", "previous").first()


def all_editions() -> QuerySet[Edition]:
    """Every edition, newest year first."""
    return Edition.objects.select_related("previous").order_by("-year", "number")


NO_EDITION = "no edition {slug!r}"
NO_CURRENT_EDITION = "there is no current edition (`podium demo` builds one)"


def edition_required(slug: str | None = None) -> Edition:
    """The edition named by ``slug`` (or the current one), or a refusal naming --edition."""
    found = edition_by_slug(slug)
    if found is None:
        message = NO_EDITION.format(slug=slug) if slug else NO_CURRENT_EDITION
        raise PodiumError(message, field="edition", option="edition", status=404)
    return found


def stages_of(edition: Edition) -> QuerySet[Stage]:
    return edition.stages.order_by("position")


def tracks_of(edition: Edition) -> QuerySet[Track]:
    return edition.tracks.order_by("position", "code")


def regions_of(edition: Edition) -> QuerySet[Region]:
    return edition.regions.all()


def tracks_with_rules(edition: Edition) -> QuerySet[Track]:
    """The edition's tracks with their per-stage rules, each rule's stage and criteria."""
    return tracks_of(edition).prefetch_related("rules__stage", "rules__criteria")


def stage_of_kind(edition: Edition, kind: StageKind) -> Stage | None:
    return edition.stages.filter(kind=kind).first()


def rules_of(stage: Stage) -> QuerySet[TrackRule]:
    return stage.track_rules.select_related("track").prefetch_related("criteria")


def stage_quotas(stage: Stage) -> dict[int, int | None]:
    """Places each track sends on from ``stage``: the track quota, or its regions' sum."""
    quotas = {rule.track_id: rule.advancement_quota for rule in stage.track_rules.all()}
    for quota in stage.region_quotas.all():
        quotas[quota.track_id] = (quotas.get(quota.track_id) or 0) + quota.quota
    return quotas


def rule_for(stage: Stage, track: Track) -> TrackRule:
    return TrackRule.objects.prefetch_related("criteria").get(stage=stage, track=track)


def criterion_labels(stage: Stage, track: Track) -> dict[str, str]:
    """Each criterion's key to its label, as judges read it (技术方案, not the key)."""
    return labels_of(rule_for(stage, track))


def rubric_for(stage: Stage, track: Track) -> Rubric:
    """The stage's rubric for a track as the rules package sees it."""
    return rubric_of(rule_for(stage, track))


def labels_of(rule: TrackRule) -> dict[str, str]:
    """``criterion_labels`` of a rule already read (its criteria prefetched)."""
    return {c.key: c.label for c in rule.criteria.all()}


def rubric_of(rule: TrackRule) -> Rubric:
    """``rubric_for`` of a rule already read (its criteria prefetched)."""
    return Rubric(
        criteria=tuple(Criterion(key=c.key, max_points=c.max_points) for c in rule.criteria.all())
    )
