"""The `podium ledger` commands: verify the hash chain, show the latest entries."""

from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from podium.cli.app import app, django_setup

ledger_app = typer.Typer(
    help="The tamper-evident ledger: verify its hash chain, show its entries.",
    no_args_is_help=True,
)
app.add_typer(ledger_app, name="ledger")


class VerifyFormat(StrEnum):
    text = "text"
    json = "json"


@ledger_app.command()
def verify(
    format: VerifyFormat = typer.Option(VerifyFormat.text, "--format", help="Output format."),
) -> None:
    """Check every entry's hash and link; exit 1 naming the first broken entry."""
    django_setup()
    from podium.ledger.services import ledger_verify

    report = ledger_verify()
    if format is VerifyFormat.json:
        figures = {
            "ok": report.ok,
            "entries": report.count,
            "head": report.head,
            "first_broken": report.first_broken_seq,
            "reason": report.reason,
        }
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    elif report.ok:
        typer.echo(f"ok: {report.count} entries, head {report.head}")
    else:
        typer.echo(f"broken: {report.reason}", err=True)
    if not report.ok:
        raise typer.Exit(1)


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
