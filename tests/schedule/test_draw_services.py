"""Commit, then reveal: the order the rules give, positions 1..n, one ledger entry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from podium import clock
from podium.errors import PodiumError, Refused
from podium.judging.models import StageEntry
from podium.ledger.models import EntryKind, LedgerEntry
from podium.ledger.services import ledger_verify
from podium.rules.draw import commitment, draw
from podium.schedule.models import Draw
from podium.schedule.services import (
    ALREADY_COMMITTED,
    ALREADY_REVEALED,
    BAD_COMMITMENT,
    NOT_COMMITTED,
    SEED_MISMATCH,
    draw_commit,
    draw_reveal,
    draw_subject,
    draw_to_reveal,
)
from tests.schedule.support import COMMITMENT, SEED

pytestmark = pytest.mark.django_db
COMMITTED_AT = datetime(2020, 11, 6, 2, 0, tzinfo=UTC)
REVEALED_AT = datetime(2020, 11, 9, 2, 0, tzinfo=UTC)


def positions(undrawn) -> dict[str, int | None]:
    return dict(
        StageEntry.objects.filter(stage=undrawn.stage, venue=undrawn.venue).values_list(
            "project__code", "draw_position"
        )
    )


def head_seq() -> int:
    return LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def commit(users, undrawn, value: str = COMMITMENT) -> Draw:
    with clock.frozen(COMMITTED_AT):
        return draw_commit(
            organiser=users["organiser"], stage=undrawn.stage, venue=undrawn.venue, commitment=value
        )


def test_draw_commit_records_the_commitment_and_who(users, undrawn):
    found = commit(users, undrawn)

    stored = Draw.objects.get(pk=found.pk)
    assert (stored.commitment, stored.seed, stored.order) == (COMMITMENT, "", [])
    assert (stored.committed_at, stored.committed_by) == (COMMITTED_AT, users["organiser"])
    assert (stored.track.code, stored.revealed_at) == ("rookie", None)


def test_draw_reveal_positions_follow_the_rules_draw(users, undrawn):
    found = commit(users, undrawn)

    with clock.frozen(REVEALED_AT):
        revealed = draw_reveal(organiser=users["organiser"], draw=found, seed=SEED)

    expected = draw(undrawn.codes, SEED).order
    by_position = sorted(positions(undrawn).items(), key=lambda item: item[1])
    assert [code for code, _ in by_position] == list(expected)
    assert sorted(positions(undrawn).values()) == list(range(1, len(undrawn.codes) + 1))
    stored = Draw.objects.get(pk=revealed.pk)
    assert (stored.seed, stored.order) == (SEED, list(expected))
    assert (stored.revealed_at, stored.revealed_by) == (REVEALED_AT, users["organiser"])


def test_draw_reveal_appends_one_ledger_entry_with_the_record(users, undrawn):
    found = commit(users, undrawn)
    start = head_seq()

    with clock.frozen(REVEALED_AT):
        draw_reveal(organiser=users["organiser"], draw=found, seed=SEED)

    entries = list(LedgerEntry.objects.filter(seq__gt=start))
    assert [(e.kind, e.actor, e.subject) for e in entries] == [
        (EntryKind.DRAW, "organiser", draw_subject(undrawn.stage, undrawn.venue))
    ]
    assert entries[0].payload == {
        "stage": "semifinal",
        "track": "rookie",
        "venue": "yuhang-b",
        "commitment": COMMITMENT,
        "seed": SEED,
        "order": list(draw(undrawn.codes, SEED).order),
    }
    assert entries[0].recorded_at == REVEALED_AT
    assert ledger_verify().ok


def test_draw_reveal_wrong_seed_refused_and_nothing_changes(users, undrawn):
    found = commit(users, undrawn)
    start = head_seq()

    with pytest.raises(PodiumError) as refused:
        draw_reveal(organiser=users["organiser"], draw=found, seed="another seed")

    assert refused.value.message == SEED_MISMATCH.format(
        digest=commitment("another seed"), commitment=COMMITMENT
    )
    assert refused.value.extra == {"field": "seed"}
    stored = Draw.objects.get(pk=found.pk)
    assert (stored.seed, stored.order, stored.revealed_at) == ("", [], None)
    assert set(positions(undrawn).values()) == {None}
    assert head_seq() == start


def test_draw_reveal_empty_seed_refused_naming_the_field(users, undrawn):
    found = commit(users, undrawn)

    with pytest.raises(PodiumError) as refused:
        draw_reveal(organiser=users["organiser"], draw=found, seed="")

    assert refused.value.message.startswith("seed: the seed is empty")
    assert refused.value.extra == {"field": "seed"}


def test_draw_reveal_second_time_refused_and_nothing_changes(users, undrawn):
    found = commit(users, undrawn)
    draw_reveal(organiser=users["organiser"], draw=found, seed=SEED)
    before, start = positions(undrawn), head_seq()

    with pytest.raises(PodiumError) as refused:
        draw_reveal(organiser=users["organiser"], draw=found, seed=SEED)

    assert refused.value.message == ALREADY_REVEALED.format(venue="yuhang-b", stage="semifinal")
    assert (positions(undrawn), head_seq()) == (before, start)


def test_draw_to_reveal_before_commit_refused(undrawn):
    with pytest.raises(PodiumError) as refused:
        draw_to_reveal(stage=undrawn.stage, venue=undrawn.venue)

    assert refused.value.message == NOT_COMMITTED.format(venue="yuhang-b", stage="semifinal")


def test_draw_commit_second_time_refused_and_the_first_stays(users, undrawn):
    first = commit(users, undrawn)

    with pytest.raises(PodiumError) as refused:
        commit(users, undrawn, commitment("other"))

    assert refused.value.message == ALREADY_COMMITTED.format(
        venue="yuhang-b", stage="semifinal", commitment=COMMITMENT
    )
    assert list(Draw.objects.filter(stage=undrawn.stage, venue=undrawn.venue)) == [first]


@pytest.mark.parametrize(
    "value",
    ["", "abc", COMMITMENT.upper(), COMMITMENT[:-1] + "g", COMMITMENT + "0", SEED],
)
def test_draw_commit_not_lowercase_sha256_hex_refused(users, undrawn, value):
    with pytest.raises(PodiumError) as refused:
        commit(users, undrawn, value)

    assert refused.value.message == BAD_COMMITMENT.format(given=value)
    assert refused.value.extra == {"field": "commitment"}
    assert not Draw.objects.filter(stage=undrawn.stage, venue=undrawn.venue).exists()


def test_draw_commit_surrounding_whitespace_ignored(users, undrawn):
    found = commit(users, undrawn, f"  {COMMITMENT}\n")

    assert found.commitment == COMMITMENT


@pytest.mark.parametrize("role", ["judge", "supervisor", "team", "partner"])
def test_draw_services_refuse_non_organisers(users, undrawn, role):
    with pytest.raises(Refused):
        draw_commit(
            organiser=users[role], stage=undrawn.stage, venue=undrawn.venue, commitment=COMMITMENT
        )
    found = commit(users, undrawn)
    with pytest.raises(Refused):
        draw_reveal(organiser=users[role], draw=found, seed=SEED)

    assert Draw.objects.get(pk=found.pk).revealed_at is None


def test_draw_commit_venue_without_entries_refused(users, edition):
    final = edition.stages.get(kind="final")
    venue = edition.venues.get(code="yuhang-a")

    with pytest.raises(PodiumError) as refused:
        draw_commit(organiser=users["organiser"], stage=final, venue=venue, commitment=COMMITMENT)

    assert refused.value.message == (
        "venue: yuhang-a has no entries in final; there is nothing to draw"
    )
    assert refused.value.extra == {"field": "venue"}


def test_demo_draws_are_recorded_and_verifiable(edition):
    draws = Draw.objects.filter(stage__edition=edition).select_related("venue")

    for found in draws:
        codes = StageEntry.objects.filter(stage=found.stage, venue=found.venue).values_list(
            "project__code", flat=True
        )
        assert found.seed == f"ciic-2020-{found.stage.kind}-{found.venue.code}"
        assert draw(list(codes), found.seed).order == tuple(found.order)
        assert commitment(found.seed) == found.commitment
    venues = sorted(d.venue.code for d in draws)
    assert venues == ["hangzhou-a", "hangzhou-b", "yuhang-a", "yuhang-b"]
