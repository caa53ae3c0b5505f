"""The draw (commit, then reveal) and a stage's schedule: every change, one function each.

A draw is published in two steps (SPEC §4). Before it, the organiser commits to the
SHA-256 of a seed only they know; after it, they reveal the seed. The order is then the
venue's team ids sorted by HMAC-SHA256(seed, team id) (``podium.rules.draw``), anyone can
recompute it, and the reveal is recorded in the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time
from typing import cast

from django.db import transaction

from podium import clock
from podium.accounts.models import User
from podium.accounts.permissions import is_organiser, require
from podium.competitions.models import Stage, Track, Venue
from podium.errors import PodiumError
from podium.judging.models import StageEntry
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.rules import draw as draw_rules
from podium.rules.timetable import DEFAULT_TZ, Window, timetable
from podium.schedule.models import Draw, StageSchedule

ORGANISERS_ONLY = "only an organiser commits and reveals a draw or sets a schedule"
BAD_COMMITMENT = (
    "commitment: give the SHA-256 of the seed as 64 lowercase hexadecimal characters "
    "(0-9, a-f), got {given!r}"
)
OTHER_EDITION = "venue: {venue} is not a venue of the edition of {stage}"
NO_ENTRIES = "venue: {venue} has no entries in {stage}; there is nothing to draw"
MIXED_TRACKS = "venue: {venue} holds entries of several tracks in {stage} ({tracks})"
ALREADY_COMMITTED = (
    "the draw of {venue} in {stage} is already committed to {commitment}; "
    "a commitment cannot change"
)
NOT_COMMITTED = (
    "the draw of {venue} in {stage} has no commitment yet; "
    "publish the SHA-256 of the seed before revealing it"
)
ALREADY_REVEALED = "the draw of {venue} in {stage} is already revealed; a draw is revealed once"
SEED_MISMATCH = (
    "seed: its SHA-256 is {digest}, not the commitment {commitment} published before the draw"
)
SEED_TOO_LONG = "seed: at most {limit} characters, got {length}"
NOT_A_DAY = "days: {day!r} is not a date (YYYY-MM-DD)"
NOT_A_TIME = "windows: {value!r} in window {position} is not a time of day (HH:MM)"

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def draw_subject(stage: Stage, venue: Venue) -> str:
    return f"stage:{stage.pk}/venue:{venue.code}"


def _check_organiser(user: User) -> None:
    require(is_organiser(user), ORGANISERS_ONLY)


def _venue_track(stage: Stage, venue: Venue) -> Track:
    """The one track of the venue's entries in the stage (a draw covers one track)."""
    if venue.edition_id != stage.edition_id:
        raise PodiumError(OTHER_EDITION.format(venue=venue.code, stage=stage.kind), field="venue")
    entries = StageEntry.objects.filter(stage=stage, venue=venue).select_related("track")
    tracks = {entry.track.code: entry.track for entry in entries}
    if not tracks:
        raise PodiumError(NO_ENTRIES.format(venue=venue.code, stage=stage.kind), field="venue")
    if len(tracks) > 1:
        message = MIXED_TRACKS.format(
            venue=venue.code, stage=stage.kind, tracks=", ".join(sorted(tracks))
        )
        raise PodiumError(message, field="venue")
    return next(iter(tracks.values()))


@transaction.atomic
def draw_commit(*, organiser: User, stage: Stage, venue: Venue, commitment: str) -> Draw:
    """Record the SHA-256 of the seed the organiser will reveal after the draw."""
    _check_organiser(organiser)
    given = commitment.strip()
    if not SHA256_HEX.fullmatch(given):
        raise PodiumError(BAD_COMMITMENT.format(given=commitment), field="commitment")
    track = _venue_track(stage, venue)
    existing = Draw.objects.select_for_update().filter(stage=stage, venue=venue).first()
    if existing is not None:
        raise PodiumError(
            ALREADY_COMMITTED.format(
                venue=venue.code, stage=stage.kind, commitment=existing.commitment
            ),
            field="commitment",
        )
    return Draw.objects.create(
        stage=stage,
        track=track,
        venue=venue,
        commitment=given,
        committed_at=clock.now(),
        committed_by=organiser,
    )


def draw_to_reveal(*, stage: Stage, venue: Venue) -> Draw:
    """The venue's committed, not yet revealed draw, or the reason there is none."""
    found = Draw.objects.filter(stage=stage, venue=venue).select_related("stage", "venue").first()
    if found is None:
        raise PodiumError(NOT_COMMITTED.format(venue=venue.code, stage=stage.kind), field="seed")
    if found.is_revealed:
        raise PodiumError(ALREADY_REVEALED.format(venue=venue.code, stage=stage.kind), field="seed")
    return found


@transaction.atomic
def draw_reveal(*, organiser: User, draw: Draw, seed: str) -> Draw:
    """Reveal the seed, draw the order and give the venue's entries positions 1..n.

    The seed must hash to the commitment. Refused, nothing changes; done, the ledger
    records the stage, track, venue, commitment, seed and order.
    """
    _check_organiser(organiser)
    found = (
        Draw.objects.select_for_update().select_related("stage", "track", "venue").get(pk=draw.pk)
    )
    stage, venue = found.stage, found.venue
    if found.is_revealed:
        raise PodiumError(ALREADY_REVEALED.format(venue=venue.code, stage=stage.kind), field="seed")
    if not seed:
        raise PodiumError(f"seed: {draw_rules.EMPTY_SEED}", field="seed")
    limit = Draw._meta.get_field("seed").max_length
    assert limit is not None  # the seed column is declared with a max_length
    if len(seed) > limit:
        raise PodiumError(SEED_TOO_LONG.format(limit=limit, length=len(seed)), field="seed")
    digest = draw_rules.commitment(seed)
    if digest != found.commitment:
        raise PodiumError(
            SEED_MISMATCH.format(digest=digest, commitment=found.commitment), field="seed"
        )
    entries = {
        entry.project.code: entry
        for entry in StageEntry.objects.filter(stage=stage, venue=venue).select_related("project")
    }
    if not entries:
        raise PodiumError(NO_ENTRIES.format(venue=venue.code, stage=stage.kind), field="venue")
    record = draw_rules.draw(sorted(entries), seed)
    # Positions are unique per stage and venue: clear them all before giving the new ones.
    StageEntry.objects.filter(stage=stage, venue=venue).update(draw_position=None)
    for position, code in enumerate(record.order, start=1):
        entries[code].draw_position = position
    StageEntry.objects.bulk_update(entries.values(), ["draw_position"])

    found.seed, found.order = seed, list(record.order)
    found.revealed_at, found.revealed_by = clock.now(), organiser
    found.save(update_fields=["seed", "order", "revealed_at", "revealed_by"])
    ledger_append(
        kind=EntryKind.DRAW,
        actor=organiser.username,
        subject=draw_subject(stage, venue),
        payload={
            "stage": stage.kind,
            "track": found.track.code,
            "venue": venue.code,
            "commitment": found.commitment,
            "seed": seed,
            "order": list(record.order),
        },
    )
    return found


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PodiumError(NOT_A_DAY.format(day=value), field="days") from None


def _time(value: object, position: int) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise PodiumError(
            NOT_A_TIME.format(value=value, position=position), field="windows"
        ) from None


def _clock(moment: time) -> str:
    """08:30, or 08:30:15 when the seconds matter."""
    return moment.isoformat("minutes" if not (moment.second or moment.microsecond) else "auto")


def _window(window: object, position: int) -> Window:
    if isinstance(window, tuple | list) and len(window) == 2:
        start, end = (_time(end, position) for end in window)
        return start, end
    # Not a pair: timetable() refuses it and names what is wrong, so it goes no further.
    return cast(Window, window)


@transaction.atomic
def stage_schedule_set(
    *,
    organiser: User,
    stage: Stage,
    days: Sequence[date | str],
    windows: Sequence[Sequence[time | str]],
    tz: str = DEFAULT_TZ,
) -> StageSchedule:
    """Set the days the stage runs and each day's windows (local times in ``tz``)."""
    _check_organiser(organiser)
    found_days = [_day(day) for day in days]
    found_windows = [_window(window, n) for n, window in enumerate(windows, start=1)]
    # The rules check days, windows and zone once, for every caller (1 minute: any length).
    timetable(
        [],
        roadshow_minutes=1,
        qa_minutes=0,
        changeover_minutes=0,
        days=found_days,
        windows=found_windows,
        tz=tz,
    )
    schedule, _ = StageSchedule.objects.update_or_create(
        stage=stage,
        defaults={
            "days": [day.isoformat() for day in sorted(found_days)],
            "windows": [[_clock(start), _clock(end)] for start, end in sorted(found_windows)],
            "tz": tz,
        },
    )
    return schedule
