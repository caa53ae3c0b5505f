"""The `podium ledger` commands: verify the chain, the sheets and a checkpoint; sign and
print a checkpoint; export the public entries; show the latest entries."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from podium.cli.app import app, django_setup
from podium.errors import PodiumError
from podium.rules import transparency

ledger_app = typer.Typer(
    help="The tamper-evident ledger: verify its hash chain, show its entries.",
    no_args_is_help=True,
)
app.add_typer(ledger_app, name="ledger")


class VerifyFormat(StrEnum):
    text = "text"
    json = "json"


BAD_HEAD = "give SIZE:ROOTHASH, the root (or an entry's hash) as 64 hex digits"


def _parse_head(text: str) -> tuple[int, str]:
    size, _, root = text.partition(":")
    if not size.isdigit() or int(size) < 1 or not re.fullmatch("[0-9a-f]{64}", root):
        raise PodiumError(BAD_HEAD, option="head")
    return int(size), root


def _opened_checkpoint(path: Path, key_text: str | None) -> tuple[int, str]:
    from podium.ledger.signing import installation_verifier_key

    try:
        note = path.read_text(encoding="utf-8")
        key = transparency.parse_verifier_key(key_text) if key_text else None
        opened = transparency.open_checkpoint(note, key or installation_verifier_key())
    except (OSError, UnicodeDecodeError, transparency.CheckFailed) as error:
        raise PodiumError(str(error), option="checkpoint") from None
    return opened.size, opened.root_hex


@ledger_app.command()
def verify(
    format: VerifyFormat = typer.Option(VerifyFormat.text, "--format", help="Output format."),
    checkpoint: Path | None = typer.Option(
        None, "--checkpoint", help="A signed checkpoint (as `podium ledger checkpoint` prints it)."
    ),
    head: str | None = typer.Option(
        None, "--head", help="SIZE:ROOTHASH from a checkpoint or a printed head."
    ),
    key: str | None = typer.Option(
        None, "--key", help="The verifier key for --checkpoint (default: this installation's)."
    ),
) -> None:
    """Check every entry's hash and link, every submitted sheet against its entry, and the
    ledger against a head anchored outside it; exit 1 naming the first fault."""
    django_setup()
    from podium.judging.audit import sheets_against_ledger
    from podium.ledger.checkpoints import coverage
    from podium.ledger.services import ledger_verify

    anchor = None
    if checkpoint is not None:
        anchor = _opened_checkpoint(checkpoint, key)
    elif head is not None:
        anchor = _parse_head(head)
    report = ledger_verify()
    sheets = sheets_against_ledger()
    covered = coverage(size=anchor[0], root_hash=anchor[1]) if anchor else None
    faults = [
        *([report.reason] if not report.ok else []),
        *([sheets.first_mismatch] if sheets.mismatches else []),
        *([covered.reason] if covered is not None and not covered.ok else []),
    ]
    if format is VerifyFormat.json:
        figures = {
            "ok": not faults,
            "entries": report.count,
            "head": report.head,
            "first_broken": report.first_broken_seq,
            "reason": report.reason,
            "sheets": {
                "checked": sheets.checked,
                "mismatches": sheets.mismatches,
                "first_mismatch": sheets.first_mismatch or None,
            },
            "anchor": None
            if covered is None
            else {
                "ok": covered.ok,
                "covered": covered.covered,
                "beyond": covered.beyond,
                "reason": covered.reason or None,
            },
        }
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    elif not faults:
        typer.echo(f"ok: {report.count} entries, head {report.head}")
        typer.echo(f"ok: {sheets.checked} submitted sheets match their ledger entries")
        if covered is not None:
            typer.echo(
                f"ok: the first {covered.covered} entries match the head; "
                f"{covered.beyond} after it are covered only by a later checkpoint"
            )
    for fault in faults if format is VerifyFormat.text else []:
        typer.echo(f"broken: {fault}", err=True)
    if faults:
        raise typer.Exit(1)


@ledger_app.command()
def checkpoint() -> None:
    """Sign the ledger as it stands (or reuse the checkpoint of this size) and print it."""
    django_setup()
    from podium.ledger.checkpoints import checkpoint_sign
    from podium.ledger.models import CheckpointReason

    typer.echo(checkpoint_sign(reason=CheckpointReason.ON_DEMAND).note, nl=False)


@ledger_app.command()
def key() -> None:
    """The verifier key a third party checks this installation's checkpoints with."""
    django_setup()
    from podium.ledger.signing import installation_verifier_key

    typer.echo(str(installation_verifier_key()))


@ledger_app.command()
def export(
    output: Path = typer.Argument(..., help="Where to write the entries (JSON lines)."),
) -> None:
    """The entries as the public reads them (embargoed contents as null), one JSON object
    per line, for the standalone verifier."""
    django_setup()
    from dataclasses import asdict

    from podium.ledger.checkpoints import ledger_size
    from podium.ledger.selectors import PAGE_LIMIT, public_entries

    size = ledger_size()
    with output.open("w", encoding="utf-8") as file:
        for start in range(1, size + 1, PAGE_LIMIT):
            for entry in public_entries(start=start, end=min(start + PAGE_LIMIT - 1, size)):
                file.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
    typer.echo(f"{size} entries written to {output}")


@ledger_app.command()
def show(
    last: int = typer.Option(20, "--last", min=1, help="How many of the latest entries."),
) -> None:
    """The latest entries, oldest first."""
    django_setup()
    from django.utils import timezone

    from podium.ledger.services import ledger_entries

    entries = list(ledger_entries().order_by("-seq")[:last])[::-1]
    if not entries:
        typer.echo("ledger: no entries")
        return
    table = Table(title=f"ledger: last {len(entries)}", show_header=True)
    table.add_column("seq", justify="right", no_wrap=True)
    table.add_column("recorded_at", no_wrap=True)
    table.add_column("kind", overflow="fold")
    table.add_column("actor", overflow="fold")
    table.add_column("subject", overflow="fold")
    table.add_column("hash", no_wrap=True)
    for entry in entries:
        table.add_row(
            str(entry.seq),
            timezone.localtime(entry.recorded_at).isoformat(sep=" ", timespec="seconds"),
            entry.kind,
            entry.actor or "—",
            entry.subject,
            entry.hash[:12],
        )
    Console().print(table)
