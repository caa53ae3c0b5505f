"""The public ledger over real HTTP, as a third party meets it: the page and the signed
checkpoints served from stored bytes, embargoed contents withheld, proofs refused with a
reason when out of range, and the downloaded standalone verifier checking the demo's
checkpoints, entries, an inclusion and a consistency proof in a Python of its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from podium.ledger.models import Checkpoint, EntryKind, LedgerEntry
from podium.ledger.selectors import public_entries
from podium.ledger.signing import installation_verifier_key
from podium.snapshots.models import PublicSnapshot
from tests.http_get import http_get

pytestmark = pytest.mark.usefixtures("snapshots_inline")


@pytest.mark.django_db(transaction=True)
def test_ledger_page_and_notes_are_stored_bytes_showing_the_key_and_checkpoints(asgi_demo):
    latest = Checkpoint.objects.order_by("-size").first()

    page = http_get(f"{asgi_demo}/ledger/")
    note = http_get(f"{asgi_demo}/ledger/checkpoints/{latest.size}.txt")
    listed = http_get(f"{asgi_demo}/api/ledger/checkpoints")

    stored = PublicSnapshot.objects.get(path="/ledger/", language="zh-hans")
    assert (page[0], page[1].get("etag")) == (200, stored.etag)
    text = page[2].decode()
    assert str(installation_verifier_key()) in text
    assert latest.note in text
    assert note[2].decode() == latest.note
    assert "etag" in {k.lower() for k in note[1]}
    body = json.loads(listed[2])
    assert [c["size"] for c in body["checkpoints"]] == list(
        Checkpoint.objects.order_by("-size").values_list("size", flat=True)
    )
    assert body["verifier_key"] == str(installation_verifier_key())


@pytest.mark.django_db(transaction=True)
def test_entries_withhold_embargoed_contents_and_show_public_ones(asgi_demo):
    sheet = LedgerEntry.objects.filter(kind=EntryKind.SHEET_SUBMITTED).first()
    draw = LedgerEntry.objects.filter(kind=EntryKind.DRAW).first()
    # The final is not published: its sign-off (if any) and sheets stay hashes.
    page = json.loads(http_get(f"{asgi_demo}/api/ledger/entries?start={sheet.seq}")[2])
    drawn = json.loads(http_get(f"{asgi_demo}/api/ledger/entries?start={draw.seq}")[2])

    first = page["entries"][0]
    assert (first["seq"], first["kind"], first["hash"], first["content"]) == (
        sheet.seq,
        "sheet_submitted",
        sheet.hash,
        None,
    )
    assert "actor" not in first
    assert "subject" not in first
    assert drawn["entries"][0]["content"] == draw.content
    assert len(page["entries"]) == min(1000, LedgerEntry.objects.filter(seq__gte=sheet.seq).count())


@pytest.mark.django_db(transaction=True)
def test_proofs_out_of_range_are_refused_with_the_field(asgi_demo):
    size = LedgerEntry.objects.count()

    beyond = http_get(f"{asgi_demo}/api/ledger/proof/inclusion?entry=1&size={size + 1}")
    backwards = http_get(f"{asgi_demo}/api/ledger/proof/consistency?from=5&to=4")
    huge = http_get(f"{asgi_demo}/api/ledger/proof/inclusion?entry=1&size={2**64}")

    assert (beyond[0], json.loads(beyond[2])) == (
        400,
        {"detail": f"size: the ledger holds {size} entries, not {size + 1}", "field": "size"},
    )
    assert (backwards[0], json.loads(backwards[2])["field"]) == (400, "from")
    assert (huge[0], json.loads(huge[2])["field"]) == (400, "size")


@pytest.mark.django_db(transaction=True)
def test_standalone_verifier_checks_the_demo_ledger_from_outside(asgi_demo, tmp_path):
    newer, older = Checkpoint.objects.order_by("-size")[:2]
    sheet = LedgerEntry.objects.filter(kind=EntryKind.SHEET_SUBMITTED, seq__lte=newer.size).last()
    status, _, source = http_get(f"{asgi_demo}/ledger/verify_ledger.py")
    script = tmp_path / "verify_ledger.py"
    script.write_bytes(source)
    api = f"{asgi_demo}/api/ledger"
    command = [
        *(sys.executable, "-I", str(script)),  # -I: no Podium on the path, as outside
        *("--key", str(installation_verifier_key())),
        *("--checkpoint", f"{asgi_demo}/ledger/checkpoints/{newer.size}.txt"),
        *("--entries", f"{api}/entries"),
        *("--inclusion", f"{api}/proof/inclusion?entry={sheet.seq}&size={newer.size}"),
        *("--consistency", f"{api}/proof/consistency?from={older.size}&to={newer.size}"),
        *("--older", f"{asgi_demo}/ledger/checkpoints/{older.size}.txt"),
    ]

    run = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)

    assert status == 200
    assert (run.returncode, run.stderr) == (0, "")
    beyond = LedgerEntry.objects.count() - newer.size
    assert run.stdout.splitlines()[1:] == [
        f"entries: the first {newer.size} match the checkpoint "
        f"({_public_contents()} with content hashed); {beyond} after it are not covered",
        f"inclusion: entry {sheet.seq} is in the first {newer.size} entries",
        f"consistency: the {newer.size} entries extend the earlier {older.size}",
    ]


def _public_contents() -> int:
    return sum(e.content is not None for e in public_entries(start=1, end=2**62))
