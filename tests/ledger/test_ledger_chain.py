"""The ledger's hash chain alone: any honest chain verifies, any tampering is named."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.rules.ledger_chain import (
    COLUMN_MISMATCH,
    CONTENT_NOT_OBJECT,
    CONTENT_SEQ_MISMATCH,
    FIRST_NOT_ONE,
    FLOAT_REFUSED,
    GENESIS,
    HASH_MISMATCH,
    KEY_NOT_STR,
    NOT_CANONICAL,
    PREV_HASH_MISMATCH,
    SEQ_GAP,
    SEQ_REPEATED,
    ChainEntry,
    ChainReport,
    canonical_json,
    chain_link,
    entry_hash,
    verify_chain,
)

HEX = "0123456789abcdef"

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
payloads = st.dictionaries(st.text(max_size=6), json_values, max_size=4)
chains = st.lists(payloads, min_size=1, max_size=12)


def build_chain(payload_list: list[dict]) -> list[ChainEntry]:
    entries: list[ChainEntry] = []
    prev_hash = GENESIS
    for seq, payload in enumerate(payload_list, start=1):
        entry = chain_link(
            seq=seq, prev_hash=prev_hash, content=canonical_json({"seq": seq, "payload": payload})
        )
        entries.append(entry)
        prev_hash = entry.hash
    return entries


def broken(seq: int, reason: str, verified: list[ChainEntry]) -> ChainReport:
    """The report expected when entry ``seq`` breaks, after the ``verified`` entries."""
    return ChainReport(
        ok=False,
        count=len(verified),
        head=verified[-1].hash if verified else GENESIS,
        first_broken_seq=seq,
        reason=reason,
    )


def flip(text: str, position: int, alphabet: str) -> str:
    """``text`` with the character at ``position`` replaced by a different one."""
    old = text[position]
    new = next(c for c in alphabet if c != old)
    return text[:position] + new + text[position + 1 :]


def renumber(entries: list[ChainEntry]) -> list[ChainEntry]:
    """Give rows consecutive seq values 1..n, as someone shifting rows in the table would."""
    return [dataclasses.replace(e, seq=seq) for seq, e in enumerate(entries, start=1)]


# --- canonical content and hashes -------------------------------------------------------


def test_canonical_json_sorts_keys_keeps_unicode_and_writes_decimals_as_strings():
    text = canonical_json({"b": [1, True, None], "a": {"评": Decimal("8.50")}})

    assert text == '{"a":{"评":"8.50"},"b":[1,true,null]}'


def test_canonical_json_writes_datetimes_and_dates_in_iso_8601():
    moment = datetime(2020, 11, 28, 13, 0, 29, 120000, tzinfo=UTC)

    text = canonical_json({"at": moment, "day": date(2020, 11, 28)})

    assert text == '{"at":"2020-11-28T13:00:29.120000+00:00","day":"2020-11-28"}'


def test_canonical_json_refuses_floats_naming_the_place():
    with pytest.raises(TypeError) as refused:
        canonical_json({"marks": [Decimal(1), 8.5]})

    assert str(refused.value) == FLOAT_REFUSED.format(path="content.marks[1]")


def test_canonical_json_refuses_non_string_keys():
    with pytest.raises(TypeError) as refused:
        canonical_json({"marks": {1: "a"}})

    assert str(refused.value) == KEY_NOT_STR.format(path="content.marks", key=1)


def test_canonical_json_refuses_values_without_one_json_form():
    with pytest.raises(TypeError) as refused:
        canonical_json({"judges": {"a", "b"}})

    assert str(refused.value) == NOT_CANONICAL.format(path="content.judges", type="set")


@given(payloads)
def test_canonical_json_is_the_same_for_equal_dicts_in_any_key_order(payload):
    reordered = dict(reversed(list(payload.items())))

    assert canonical_json(reordered) == canonical_json(payload)


def test_entry_hash_is_sha256_of_prev_hash_then_content():
    # Computed independently: printf '%s' "$GENESIS"'{"seq":1}' | sha256sum
    assert entry_hash(GENESIS, '{"seq":1}') == (
        "0a00898550374c41186879d92f30325cd0a550ce8c5da4d9aeef34a95c0b85ea"
    )


# --- honest chains ----------------------------------------------------------------------


def test_verify_empty_chain_is_ok_at_genesis():
    assert verify_chain([]) == ChainReport(
        ok=True, count=0, head=GENESIS, first_broken_seq=None, reason=""
    )


@given(chains)
def test_verify_any_appended_chain_is_ok(payload_list):
    entries = build_chain(payload_list)

    report = verify_chain(iter(entries))

    assert report == ChainReport(
        ok=True, count=len(entries), head=entries[-1].hash, first_broken_seq=None, reason=""
    )


# --- tampering ----------------------------------------------------------------------------


@given(chains, st.data())
def test_verify_flipped_content_character_names_that_entry(payload_list, data):
    entries = build_chain(payload_list)
    index = data.draw(st.integers(0, len(entries) - 1))
    position = data.draw(st.integers(0, len(entries[index].content) - 1))
    entries[index] = dataclasses.replace(
        entries[index], content=flip(entries[index].content, position, '{}":,0123456789abc')
    )

    report = verify_chain(entries)

    seq = index + 1
    assert report == broken(seq, HASH_MISMATCH.format(seq=seq), build_chain(payload_list)[:index])


@given(chains, st.data())
def test_verify_flipped_hash_character_names_that_entry(payload_list, data):
    entries = build_chain(payload_list)
    index = data.draw(st.integers(0, len(entries) - 1))
    position = data.draw(st.integers(0, 63))
    entries[index] = dataclasses.replace(
        entries[index], hash=flip(entries[index].hash, position, HEX)
    )

    report = verify_chain(entries)

    seq = index + 1
    assert report == broken(seq, HASH_MISMATCH.format(seq=seq), build_chain(payload_list)[:index])


@given(chains, st.data())
def test_verify_flipped_prev_hash_character_names_that_entry(payload_list, data):
    entries = build_chain(payload_list)
    index = data.draw(st.integers(0, len(entries) - 1))
    position = data.draw(st.integers(0, 63))
    entries[index] = dataclasses.replace(
        entries[index], prev_hash=flip(entries[index].prev_hash, position, HEX)
    )

    report = verify_chain(entries)

    seq = index + 1
    assert report == broken(
        seq, PREV_HASH_MISMATCH.format(seq=seq), build_chain(payload_list)[:index]
    )


@given(st.lists(payloads, min_size=2, max_size=12), st.data())
def test_verify_two_entries_with_swapped_seq_names_the_earlier(payload_list, data):
    entries = build_chain(payload_list)
    first, second = sorted(
        data.draw(st.lists(st.integers(0, len(entries) - 1), min_size=2, max_size=2, unique=True))
    )
    # Swap the rows' seq values; read back in seq order, each sits in the other's place.
    entries[first], entries[second] = (
        dataclasses.replace(entries[second], seq=first + 1),
        dataclasses.replace(entries[first], seq=second + 1),
    )

    report = verify_chain(entries)

    seq = first + 1
    assert report == broken(
        seq, PREV_HASH_MISMATCH.format(seq=seq), build_chain(payload_list)[:first]
    )


@given(st.lists(payloads, min_size=2, max_size=12), st.data())
def test_verify_deleted_entry_names_the_one_after_the_gap(payload_list, data):
    entries = build_chain(payload_list)
    index = data.draw(st.integers(0, len(entries) - 2))
    del entries[index]

    report = verify_chain(entries)

    seq = index + 2
    reason = (
        FIRST_NOT_ONE.format(seq=seq) if index == 0 else SEQ_GAP.format(seq=seq, previous=index)
    )
    assert report == broken(seq, reason, build_chain(payload_list)[:index])


@given(chains, st.data())
def test_verify_forged_entry_inserted_and_rows_renumbered_names_the_one_after_it(
    payload_list, data
):
    entries = build_chain(payload_list)
    index = data.draw(st.integers(0, len(entries) - 1))
    seq = index + 1
    # A well-formed forgery: right seq, linked to its predecessor, its hash correct.
    prev_hash = entries[index - 1].hash if index else GENESIS
    forged = chain_link(
        seq=seq,
        prev_hash=prev_hash,
        content=canonical_json({"seq": seq, "payload": {"forged": True}}),
    )
    entries = renumber([*entries[:index], forged, *entries[index:]])

    report = verify_chain(entries)

    # The forgery itself checks out; its successor no longer links to what precedes it.
    assert report == ChainReport(
        ok=False,
        count=seq,
        head=forged.hash,
        first_broken_seq=seq + 1,
        reason=PREV_HASH_MISMATCH.format(seq=seq + 1),
    )


@given(chains, st.data())
def test_verify_forged_entry_with_a_made_up_hash_names_it(payload_list, data):
    entries = build_chain(payload_list)
    index = data.draw(st.integers(0, len(entries)))
    seq = index + 1
    prev_hash = entries[index - 1].hash if index else GENESIS
    forged = ChainEntry(
        seq=seq, prev_hash=prev_hash, content=canonical_json({"seq": seq}), hash="f" * 64
    )
    entries = renumber([*entries[:index], forged, *entries[index:]])

    report = verify_chain(entries)

    assert report == broken(seq, HASH_MISMATCH.format(seq=seq), build_chain(payload_list)[:index])


def test_verify_repeated_seq_names_the_repeat():
    entries = build_chain([{}, {}, {}])

    report = verify_chain([entries[0], entries[1], entries[1], entries[2]])

    assert report == broken(2, SEQ_REPEATED.format(seq=2, previous=2), entries[:2])


def test_verify_content_claiming_another_seq_names_the_entry():
    entries = build_chain([{}])
    # Correctly hashed and linked, but the content says it is entry 5.
    liar = chain_link(seq=2, prev_hash=entries[0].hash, content=canonical_json({"seq": 5}))

    report = verify_chain([*entries, liar])

    assert report == broken(2, CONTENT_SEQ_MISMATCH.format(seq=2, claimed=5), entries)


@pytest.mark.parametrize("content", ["[2]", "not json", '"seq"'])
def test_verify_content_not_a_json_object_names_the_entry(content):
    entry = chain_link(seq=1, prev_hash=GENESIS, content=content)

    assert verify_chain([entry]) == broken(1, CONTENT_NOT_OBJECT.format(seq=1), [])


def test_verify_content_with_boolean_seq_is_not_entry_one():
    entry = chain_link(seq=1, prev_hash=GENESIS, content='{"seq":true}')

    assert verify_chain([entry]) == broken(1, CONTENT_SEQ_MISMATCH.format(seq=1, claimed=True), [])


def test_verify_column_differing_from_content_names_the_entry():
    content = canonical_json({"seq": 1, "actor": "judge001"})
    honest = chain_link(seq=1, prev_hash=GENESIS, content=content)
    edited = dataclasses.replace(honest, columns=(("actor", "judge002"),))

    assert verify_chain([dataclasses.replace(honest, columns=(("actor", "judge001"),))]).ok
    assert verify_chain([edited]) == broken(1, COLUMN_MISMATCH.format(seq=1, column="actor"), [])


# --- what a chain alone cannot see: why the head hash must be anchored outside ----------


@given(chains)
def test_verify_cannot_see_the_last_entry_cut_off_only_the_head_moves(payload_list):
    entries = build_chain(payload_list)

    report = verify_chain(entries[:-1])

    assert report.ok
    assert report.head == (entries[-2].hash if len(entries) > 1 else GENESIS)
    assert report.head != entries[-1].hash
