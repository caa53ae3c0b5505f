"""The verifiable draw: known answers, properties for any team list, and every refusal."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from podium.errors import PodiumError
from podium.rules.draw import (
    BLANK_TEAM,
    DUPLICATE_TEAM,
    EMPTY_SEED,
    NO_TEAMS,
    NOT_A_LIST,
    TEAM_NOT_TEXT,
    DrawRecord,
    commitment,
    draw,
    draw_key,
    draw_order,
    verify_draw,
)

# Computed once with Python's hmac/hashlib and checked with
#   printf %s podium-2020 | sha256sum
#   printf %s A | openssl dgst -sha256 -hmac podium-2020     (and B, C, D):
# A 8d8c5e31...  B a7e06f65...  C 0f1b07d1...  D 1662a398...  ->  C, D, A, B.
PODIUM_2020_COMMITMENT = "ade78c54077062c2d689c9e4291436580a644c3f0400b0ac7cff0f97356e3908"
PODIUM_2020_KEY_A = "8d8c5e318060a59f3d1e553f9e28e1dedf48a43d0edb64de6b041032637a3a3e"
PODIUM_2020_ORDER = ["C", "D", "A", "B"]

team_id = st.text(min_size=1, max_size=12).filter(lambda text: text.strip() != "")
team_lists = st.lists(team_id, min_size=1, max_size=30, unique=True)
seeds = st.text(min_size=1, max_size=40)


def reference_order(team_ids: list[str], seed: str) -> list[str]:
    """SPEC §4 written out directly: sort by hex HMAC-SHA256(key=seed, msg=team id)."""
    key = seed.encode("utf-8")

    def digest(team: str) -> str:
        return hmac.new(key, team.encode("utf-8"), hashlib.sha256).hexdigest()

    return sorted(team_ids, key=digest)


def test_draw_hard_coded_vector_podium_2020() -> None:
    record = draw(["A", "B", "C", "D"], "podium-2020")
    assert record == DrawRecord(
        commitment=PODIUM_2020_COMMITMENT, seed="podium-2020", order=tuple(PODIUM_2020_ORDER)
    )
    assert draw_key("podium-2020", "A") == PODIUM_2020_KEY_A


def test_commitment_is_sha256_of_utf8_seed() -> None:
    seed = "抽签-2020 种子"
    assert commitment(seed) == hashlib.sha256(seed.encode("utf-8")).hexdigest()


def test_draw_order_known_answer_with_non_ascii_ids() -> None:
    teams = [f"团队{number:03d}" for number in range(1, 70)]
    seed = "第二届中国工业互联网大赛 半决赛 领军组"
    assert draw_order(teams, seed) == reference_order(teams, seed)


def test_draw_order_ids_are_exact_bytes_not_stripped() -> None:
    # " A" and "A" are different ids with different keys; the rule never normalises.
    assert draw_key("s", " A") != draw_key("s", "A")
    assert sorted(draw_order([" A", "A"], "s")) == [" A", "A"]


@given(team_lists, seeds)
def test_draw_order_is_a_permutation_of_the_input(teams: list[str], seed: str) -> None:
    order = draw_order(teams, seed)
    assert sorted(order) == sorted(teams)


@given(team_lists, seeds)
def test_draw_order_matches_the_reference_rule(teams: list[str], seed: str) -> None:
    assert draw_order(teams, seed) == reference_order(teams, seed)


@given(st.data(), team_lists, seeds)
def test_draw_order_is_independent_of_input_order(
    data: st.DataObject, teams: list[str], seed: str
) -> None:
    shuffled = data.draw(st.permutations(teams))
    assert draw_order(shuffled, seed) == draw_order(teams, seed)


@given(st.lists(team_id, min_size=8, max_size=30, unique=True), seeds, seeds)
def test_draw_order_different_seeds_usually_differ(
    teams: list[str], seed: str, other_seed: str
) -> None:
    # 8 teams: two seeds give the same order with probability 1/8! (about 2.5e-5).
    assume(seed != other_seed)
    assert draw_order(teams, seed) != draw_order(teams, other_seed)


@given(team_lists, seeds)
def test_verify_draw_accepts_its_own_record(teams: list[str], seed: str) -> None:
    assert verify_draw(draw(teams, seed), list(reversed(teams))) is True


@given(team_lists, seeds, seeds)
def test_verify_draw_rejects_another_seed(teams: list[str], seed: str, other_seed: str) -> None:
    assume(seed != other_seed)
    forged = dataclasses.replace(draw(teams, seed), seed=other_seed)
    assert verify_draw(forged, teams) is False


@given(st.lists(team_id, min_size=2, max_size=30, unique=True), seeds)
def test_verify_draw_rejects_an_altered_order(teams: list[str], seed: str) -> None:
    record = draw(teams, seed)
    order = list(record.order)
    order[0], order[1] = order[1], order[0]
    assert verify_draw(dataclasses.replace(record, order=tuple(order)), teams) is False


def test_verify_draw_rejects_a_wrong_commitment() -> None:
    record = dataclasses.replace(draw(["A", "B", "C", "D"], "podium-2020"), commitment="0" * 64)
    assert verify_draw(record, ["A", "B", "C", "D"]) is False


def test_verify_draw_rejects_other_teams_and_bad_input() -> None:
    record = draw(["A", "B", "C", "D"], "podium-2020")
    assert verify_draw(record, ["A", "B", "C"]) is False
    assert verify_draw(record, ["A", "B", "C", "D", "E"]) is False
    assert verify_draw(record, ["A", "A", "B", "C"]) is False
    assert verify_draw(dataclasses.replace(record, seed=""), ["A", "B", "C", "D"]) is False


def test_verify_draw_accepts_a_list_order() -> None:
    record = DrawRecord(PODIUM_2020_COMMITMENT, "podium-2020", PODIUM_2020_ORDER)  # type: ignore[arg-type]
    assert verify_draw(record, ["D", "C", "B", "A"]) is True


@pytest.mark.parametrize(
    ("teams", "seed", "message"),
    [
        (["A"], "", EMPTY_SEED),
        ([], "s", NO_TEAMS),
        ("ABC", "s", NOT_A_LIST),
        (["A", ""], "s", BLANK_TEAM.format(position=2)),
        (["A", " \t\u3000"], "s", BLANK_TEAM.format(position=2)),
        (["A", 7], "s", TEAM_NOT_TEXT.format(position=2, team=7)),
        (["A", "B", "B", "A"], "s", DUPLICATE_TEAM.format(team="B", first=2, second=3)),
        (["A", "B", "C", "A", "C"], "s", DUPLICATE_TEAM.format(team="A", first=1, second=4)),
    ],
)
def test_draw_refuses_bad_input(teams: list[str], seed: str, message: str) -> None:
    with pytest.raises(PodiumError) as refused:
        draw_order(teams, seed)
    assert refused.value.message == message
    with pytest.raises(PodiumError) as refused_record:
        draw(teams, seed)
    assert refused_record.value.message == message


def test_commitment_refuses_empty_seed() -> None:
    with pytest.raises(PodiumError) as refused:
        commitment("")
    assert refused.value.message == EMPTY_SEED


def test_draw_record_is_frozen() -> None:
    record = draw(["A"], "s")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.seed = "t"  # type: ignore[misc]
