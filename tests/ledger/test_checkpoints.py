"""Signed checkpoints on the stored ledger: signed at sign-off and publication, and
`podium ledger verify --checkpoint` detecting every rewrite of what one covers, while plain
`verify` catches a sheet row edited beside its ledger entry."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from typer.testing import CliRunner

from podium.cli import app
from podium.judging.audit import MARKS_DIFFER, NOT_LATEST, ROW_MISSING
from podium.judging.models import ScoreSheet
from podium.ledger.checkpoints import (
    ROOT_DIFFERS,
    TRUNCATED,
    checkpoint_sign,
    consistency_proof,
    inclusion_proof,
    ledger_leaves,
    ledger_size,
)
from podium.ledger.models import Checkpoint, CheckpointReason, EntryKind, LedgerEntry
from podium.ledger.services import ledger_append
from podium.ledger.signing import installation_verifier_key
from podium.ledger.triggers import drop_triggers
from podium.rules import transparency
from podium.rules.ledger_chain import entry_hash
from tests.scenarios import publish, scored_panel, signed_off

pytestmark = pytest.mark.django_db
SUBJECT = "checkpoint-test/stage:2/track:leader"


@pytest.fixture
def signed(db) -> Checkpoint:
    """Six entries after whatever the ledger holds, then a checkpoint over all of them."""
    for n in range(6):
        ledger_append(
            kind=EntryKind.CORRECTION, actor="judge001", subject=SUBJECT, payload={"n": n}
        )
    return checkpoint_sign(reason=CheckpointReason.ON_DEMAND)


@pytest.fixture
def saved(signed, tmp_path):
    path = tmp_path / "checkpoint.txt"
    path.write_text(signed.note, encoding="utf-8")
    return path


def raw(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify(*args: str):
    return CliRunner().invoke(app, ["ledger", "verify", *args])


def rechain_from(seq: int) -> None:
    """Recompute every hash from ``seq`` on, as a forger who can write the table would."""
    previous = LedgerEntry.objects.get(seq=seq - 1).hash
    for entry in LedgerEntry.objects.filter(seq__gte=seq).order_by("seq"):
        content = json.loads(entry.content)
        content["seq"] = entry.seq
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        new_hash = entry_hash(previous, text)
        raw(
            "UPDATE ledger_ledgerentry SET content = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [text, previous, new_hash, entry.pk],
        )
        previous = new_hash


def test_checkpoint_sign_covers_the_whole_ledger_and_opens_with_the_installation_key(signed):
    opened = transparency.open_checkpoint(signed.note, installation_verifier_key())

    assert (opened.size, opened.root_hex) == (ledger_size(), signed.root_hash)
    assert opened.root == transparency.tree_root(ledger_leaves(signed.size))


def test_checkpoint_sign_twice_at_one_size_keeps_the_first(signed):
    again = checkpoint_sign(reason=CheckpointReason.ON_DEMAND)

    assert (again.pk, again.note) == (signed.pk, signed.note)


def test_sign_off_and_publication_each_sign_a_checkpoint_covering_their_entry():
    scenario = signed_off(scored_panel(size=4, judges=3, quota=2))
    signoff = LedgerEntry.objects.filter(kind=EntryKind.SIGNOFF).order_by("-seq").first()

    release = publish(scenario)

    assert release.checkpoint.size == signoff.seq
    assert release.checkpoint.reason == CheckpointReason.SIGNOFF
    latest = Checkpoint.objects.order_by("-size").first()
    assert (latest.size, latest.reason) == (ledger_size(), CheckpointReason.PUBLICATION)


def test_inclusion_and_consistency_proofs_verify_against_signed_checkpoints(signed):
    older = Checkpoint.objects.filter(size__lt=signed.size).order_by("-size").first()
    older = older or checkpoint_sign(reason=CheckpointReason.ON_DEMAND)
    seq = signed.size - 2
    entry = LedgerEntry.objects.get(seq=seq)

    included = inclusion_proof(seq=seq, size=signed.size)
    extended = consistency_proof(old=older.size, new=signed.size)

    assert transparency.verify_inclusion(
        leaf=transparency.leaf_hash(entry.hash),
        index=seq - 1,
        size=signed.size,
        proof=transparency.proof_hashes(included.proof),
        root=bytes.fromhex(signed.root_hash),
    )
    assert transparency.verify_consistency(
        old=older.size,
        new=signed.size,
        old_root=bytes.fromhex(older.root_hash),
        new_root=bytes.fromhex(signed.root_hash),
        proof=transparency.proof_hashes(extended.proof),
    )


def test_cli_verify_with_the_checkpoint_on_an_honest_ledger(saved, signed):
    ledger_append(kind=EntryKind.CORRECTION, actor="", subject=SUBJECT, payload={"after": 1})

    result = verify("--checkpoint", str(saved))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"ok: the first {signed.size} entries match the head; "
        "1 after it are covered only by a later checkpoint"
    )


@pytest.mark.parametrize(
    "tamper",
    ["edit_and_rechain", "delete_middle_and_renumber", "rewrite_last_and_rehash"],
)
def test_cli_verify_checkpoint_detects_a_rewrite_the_chain_cannot(saved, signed, tamper):
    last = signed.size
    drop_triggers(connection)  # the test's transaction rolls the DDL back
    if tamper == "edit_and_rechain":
        raw(
            "UPDATE ledger_ledgerentry SET actor = 'forger', "
            'content = REPLACE(content, \'"actor":"judge001"\', \'"actor":"forger"\') '
            "WHERE seq = %s",
            [last - 3],
        )
        rechain_from(last - 3)
    elif tamper == "delete_middle_and_renumber":
        raw("DELETE FROM ledger_ledgerentry WHERE seq = %s", [last - 3])
        for seq in range(last - 2, last + 1):  # one by one, so seq stays unique throughout
            raw("UPDATE ledger_ledgerentry SET seq = seq - 1 WHERE seq = %s", [seq])
        rechain_from(last - 3)
        ledger_append(kind=EntryKind.CORRECTION, actor="judge001", subject=SUBJECT, payload={})
    else:
        raw(
            "UPDATE ledger_ledgerentry SET content = REPLACE(content, '\"n\":5', '\"n\":50') "
            "WHERE seq = %s",
            [last],
        )
        rechain_from(last)

    plain = verify()
    anchored = verify("--checkpoint", str(saved))

    assert plain.exit_code == 0  # the chain alone is consistent again
    assert anchored.exit_code == 1
    assert anchored.stderr == f"broken: {ROOT_DIFFERS.format(size=last)}\n"


def test_cli_verify_checkpoint_detects_a_truncated_tail(saved, signed):
    drop_triggers(connection)
    raw("DELETE FROM ledger_ledgerentry WHERE seq > %s", [signed.size - 2])

    result = verify("--checkpoint", str(saved))

    assert result.exit_code == 1
    assert result.stderr == (
        f"broken: {TRUNCATED.format(count=signed.size - 2, size=signed.size)}\n"
    )


def test_cli_verify_head_accepts_the_root_or_the_chain_hash_and_refuses_others(signed):
    head = LedgerEntry.objects.get(seq=signed.size).hash

    by_root = verify("--head", f"{signed.size}:{signed.root_hash}")
    by_chain = verify("--head", f"{signed.size}:{head}")
    wrong = verify("--head", f"{signed.size}:{'0' * 64}")
    malformed = verify("--head", "12:xyz")

    assert (by_root.exit_code, by_chain.exit_code, wrong.exit_code) == (0, 0, 1)
    assert wrong.stderr == f"broken: {ROOT_DIFFERS.format(size=signed.size)}\n"
    assert malformed.exit_code == 2
    assert malformed.stdout == ""
    assert malformed.stderr.startswith("--head: give SIZE:ROOTHASH")


def test_cli_verify_refuses_a_checkpoint_altered_or_signed_by_another_key(saved, signed, tmp_path):
    altered = tmp_path / "altered.txt"
    altered.write_text(signed.note.replace(f"\n{signed.size}\n", f"\n{signed.size - 1}\n", 1))
    other = transparency.verifier_key("other", Ed25519PrivateKey.generate().public_key())

    forged = verify("--checkpoint", str(altered))
    foreign = verify("--checkpoint", str(saved), "--key", str(other))

    assert (forged.exit_code, foreign.exit_code) == (2, 2)
    key = installation_verifier_key()
    assert forged.stderr == f"--checkpoint: {transparency.SIGNATURE_FAILS.format(name=key.name)}\n"
    not_signed = transparency.NOT_SIGNED_BY.format(name="other", key_id=other.key_id.hex())
    assert foreign.stderr == f"--checkpoint: {not_signed}\n"


def _submitted_sheet() -> ScoreSheet:
    return ScoreSheet.objects.filter(status="submitted").order_by("ledger_seq").last()


def _sheet_name(sheet: ScoreSheet) -> str:
    entry = LedgerEntry.objects.get(seq=sheet.ledger_seq)
    return f"{entry.subject}/judge:{sheet.judge.account.username}"


def test_cli_verify_names_a_sheet_whose_marks_were_edited_beside_the_ledger():
    sheet = _submitted_sheet()
    key, mark = next(iter(sheet.marks.items()))
    ScoreSheet.objects.filter(pk=sheet.pk).update(marks={**sheet.marks, key: f"{mark}1"})

    result = verify()

    assert result.exit_code == 1
    assert result.stderr == (
        f"broken: {MARKS_DIFFER.format(sheet=_sheet_name(sheet), seq=sheet.ledger_seq)}\n"
    )


def test_cli_verify_names_a_sheet_pointed_back_at_an_older_version_or_deleted():
    sheet = _submitted_sheet()
    name = _sheet_name(sheet)
    ledger_append(
        kind=EntryKind.SHEET_AMENDED,
        actor="supervisor",
        subject=LedgerEntry.objects.get(seq=sheet.ledger_seq).subject,
        payload={"judge": sheet.judge.account.username, "marks": {}, "total": "0"},
    )
    newer = ledger_size()

    stale = verify()
    ScoreSheet.objects.filter(pk=sheet.pk).delete()
    gone = verify()

    assert stale.stderr == (
        f"broken: {NOT_LATEST.format(sheet=name, seq=sheet.ledger_seq, latest=newer)}\n"
    )
    assert gone.stderr == f"broken: {ROW_MISSING.format(seq=newer, sheet=name)}\n"


def test_cli_verify_json_reports_the_sheets_and_the_anchor(saved, signed):
    result = verify("--format", "json", "--checkpoint", str(saved))

    figures = json.loads(result.stdout)
    submitted = ScoreSheet.objects.filter(status="submitted").count()
    assert result.exit_code == 0
    assert figures["sheets"] == {"checked": submitted, "mismatches": 0, "first_mismatch": None}
    assert figures["anchor"] == {"ok": True, "covered": signed.size, "beyond": 0, "reason": None}


def test_cli_checkpoint_prints_the_signed_note_and_key_prints_the_verifier_key(signed):
    note = CliRunner().invoke(app, ["ledger", "checkpoint"])
    key = CliRunner().invoke(app, ["ledger", "key"])

    assert note.stdout == signed.note
    assert key.stdout == f"{installation_verifier_key()}\n"
