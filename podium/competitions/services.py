"""Setting a competition up: venues and the rules each stage judges a track by.

The demo, the admin and scripts call these, so every change to the setup is checked the
same way and appended to the ledger: a rule decides results, and who changed it, when,
from what to what, is part of the audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from podium.accounts.models import User
from podium.accounts.permissions import is_organiser, require
from podium.competitions.models import (
    Aggregation,
    Criterion,
    Edition,
    Stage,
    Track,
    TrackRule,
    Venue,
)
from podium.errors import PodiumError, gettext_noop
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append

ORGANISERS_ONLY = "only an organiser sets the competition up"
RULE_IN_USE = (
    "the rule of {stage} · {track} has judged submitted sheets; changing it now would"
    " change results already given"
)
VENUE_EXISTS = "code: the edition already has a venue {code!r}"
BAD_CODE = "code: use letters, digits and hyphens, e.g. hangzhou-a"
BAD_MINUTES = "{field}: a whole number of minutes from 0 to 600"
BAD_QUOTA = "advancement_quota: a whole number of at least 1, or none"
BAD_TRIM = "trim: a whole number from 0 to 5"
LIVE_ZSCORE = gettext_noop(
    "live_reveal: a z-score depends on every team's sheets, so no score can be revealed "
    "live under zscore; choose mean or trimmed, or reveal at publication"
)
BAD_AGGREGATION = "aggregation: one of {known}"
NO_CRITERIA = "criteria: a rule needs at least one criterion"
DUPLICATE_CRITERION = "criteria: the key {key!r} appears twice"
BAD_POINTS = "criteria: {key}: the maximum must be a positive number of points"
TRACK_ELSEWHERE = "track: {track} belongs to another edition than the stage"


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    name: str
    name_en: str
    max_points: Decimal | int | str


def setup_subject(edition: Edition) -> str:
    return f"edition:{edition.slug}/setup"


def _whole(value: object, *, low: int, high: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


@transaction.atomic
def venue_create(
    *,
    actor: User,
    edition: Edition,
    code: str,
    name: str,
    name_en: str,
    address: str = "",
    stream_links: Sequence[dict[str, str]] = (),
) -> Venue:
    require(is_organiser(actor), ORGANISERS_ONLY)
    if not code or not all(c.isascii() and (c.isalnum() or c == "-") for c in code):
        raise PodiumError(BAD_CODE, field="code")
    if Venue.objects.filter(edition=edition, code=code).exists():
        raise PodiumError(VENUE_EXISTS.format(code=code), field="code")
    venue = Venue.objects.create(
        edition=edition,
        code=code,
        name=name,
        name_en=name_en,
        address=address,
        stream_links=list(stream_links),
    )
    ledger_append(
        kind=EntryKind.SETUP_CHANGED,
        actor=actor.username,
        subject=setup_subject(edition),
        payload={"venue": code, "name": name, "address": address},
    )
    return venue


def rule_in_use(stage: Stage, track: Track) -> bool:
    """A rule that has judged a submitted sheet is history."""
    return stage.sheets.filter(status="submitted", project__track=track).exists()


def _criteria(criteria: Sequence[CriterionSpec]) -> list[tuple[CriterionSpec, Decimal]]:
    if not criteria:
        raise PodiumError(NO_CRITERIA, field="criteria")
    seen: set[str] = set()
    checked = []
    for spec in criteria:
        if spec.key in seen:
            raise PodiumError(DUPLICATE_CRITERION.format(key=spec.key), field="criteria")
        seen.add(spec.key)
        try:
            points = Decimal(str(spec.max_points))
        except InvalidOperation:
            points = Decimal(0)
        if not points.is_finite() or points <= 0:
            raise PodiumError(BAD_POINTS.format(key=spec.key), field="criteria")
        checked.append((spec, points))
    return checked


@transaction.atomic
def track_rule_set(
    *,
    actor: User,
    stage: Stage,
    track: Track,
    criteria: Sequence[CriterionSpec],
    aggregation: str = Aggregation.TRIMMED,
    trim: int = 1,
    advancement_quota: int | None = None,
    roadshow_minutes: int = 0,
    qa_minutes: int = 0,
    changeover_minutes: int = 0,
    live_reveal: bool = False,
    scored_live: bool | None = None,
) -> TrackRule:
    """Create or replace how ``stage`` judges ``track``, refused once it has judged.

    ``scored_live`` (by default: whenever the track has a roadshow, which a host runs on
    stage) takes sheets only through the venue's live gate."""
    require(is_organiser(actor), ORGANISERS_ONLY)
    if track.edition_id != stage.edition_id:
        raise PodiumError(TRACK_ELSEWHERE.format(track=track.code), field="track")
    if rule_in_use(stage, track):
        raise PodiumError(RULE_IN_USE.format(stage=stage.name, track=track.name))
    if aggregation not in Aggregation.values:
        known = ", ".join(Aggregation.values)
        raise PodiumError(BAD_AGGREGATION.format(known=known), field="aggregation")
    if live_reveal and aggregation == Aggregation.ZSCORE:
        raise PodiumError(LIVE_ZSCORE, field="live_reveal")
    for field, minutes in (
        ("roadshow_minutes", roadshow_minutes),
        ("qa_minutes", qa_minutes),
        ("changeover_minutes", changeover_minutes),
    ):
        if not _whole(minutes, low=0, high=600):
            raise PodiumError(BAD_MINUTES.format(field=field), field=field)
    if advancement_quota is not None and not _whole(advancement_quota, low=1):
        raise PodiumError(BAD_QUOTA, field="advancement_quota")
    if not _whole(trim, low=0, high=5):
        raise PodiumError(BAD_TRIM, field="trim")
    checked = _criteria(criteria)
    if scored_live is None:
        scored_live = roadshow_minutes > 0
    rule, _ = TrackRule.objects.update_or_create(
        stage=stage,
        track=track,
        defaults={
            "aggregation": aggregation,
            "trim": trim,
            "advancement_quota": advancement_quota,
            "roadshow_minutes": roadshow_minutes,
            "qa_minutes": qa_minutes,
            "changeover_minutes": changeover_minutes,
            "live_reveal": live_reveal,
            "scored_live": scored_live,
        },
    )
    rule.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(
            rule=rule,
            key=spec.key,
            name=spec.name,
            name_en=spec.name_en,
            max_points=points,
            position=position,
        )
        for position, (spec, points) in enumerate(checked)
    )
    ledger_append(
        kind=EntryKind.SETUP_CHANGED,
        actor=actor.username,
        subject=setup_subject(stage.edition),
        payload={
            "rule": {"stage": stage.kind, "track": track.code},
            "aggregation": aggregation,
            "trim": trim,
            "advancement_quota": advancement_quota,
            "live_reveal": live_reveal,
            "scored_live": scored_live,
            "minutes": [roadshow_minutes, qa_minutes, changeover_minutes],
            "criteria": [[spec.key, str(points)] for spec, points in checked],
        },
    )
    return rule
