"""The public ledger page, the signed checkpoints as text, and the standalone verifier.

Each is stored as a snapshot when a checkpoint is signed (podium.site.snapshots), so a
crowd of readers never reaches the database.
"""

from __future__ import annotations

from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from podium.ledger.checkpoints import latest_checkpoint
from podium.ledger.models import Checkpoint
from podium.ledger.signing import installation_verifier_key
from podium.rules import transparency

NOTE_TYPE = "text/plain; charset=utf-8"
SHOWN = 50  # checkpoints listed on the page; the API lists them all
VERIFIER_NAME = "verify_ledger.py"


def index(request: HttpRequest) -> HttpResponse:
    checkpoints = list(Checkpoint.objects.order_by("-size")[: SHOWN + 1])
    rows = [
        {"checkpoint": c, "older": checkpoints[i + 1] if i + 1 < len(checkpoints) else None}
        for i, c in enumerate(checkpoints[:SHOWN])
    ]
    context = {
        "key": str(installation_verifier_key()),
        "latest": checkpoints[0] if checkpoints else None,
        "rows": rows,
        "more": len(checkpoints) > SHOWN,
        "verifier_name": VERIFIER_NAME,
    }
    return render(request, "ledger/index.html", context)


def note(request: HttpRequest, size: int) -> HttpResponse:
    found = Checkpoint.objects.filter(size=size).first()
    if found is None:
        raise Http404("no checkpoint of that size")
    return HttpResponse(found.note, content_type=NOTE_TYPE)


def latest_note(request: HttpRequest) -> HttpResponse:
    found = latest_checkpoint()
    if found is None:
        raise Http404("no checkpoint yet")
    return HttpResponse(found.note, content_type=NOTE_TYPE)


def verifier(request: HttpRequest) -> HttpResponse:
    """The file a third party runs: podium.rules.transparency, which needs nothing of
    Podium (the standard library and `cryptography`)."""
    response = HttpResponse(
        Path(transparency.__file__).read_bytes(), content_type="text/x-python; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{VERIFIER_NAME}"'
    return response
