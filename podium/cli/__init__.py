"""The ``podium`` command line: thin commands over the same services the pages use."""

from __future__ import annotations

from podium.cli import (  # noqa: F401  (each module registers its commands)
    assign,
    demo,
    draw,
    export_report,
    groups,
    ledger,
    manage,
    rank,
    registrations_io,
    schedule,
    serve,
    snapshots,
    stats,
    visits,
)
from podium.cli.app import app


def main() -> None:
    app()
