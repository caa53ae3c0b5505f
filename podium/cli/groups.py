"""Command groups that several modules add to: ``podium export …`` and ``podium import …``."""

from __future__ import annotations

import typer

from podium.cli.app import app

export_app = typer.Typer(help="Write templates, reports and exports.", no_args_is_help=True)
import_app = typer.Typer(help="Read spreadsheets into the edition.", no_args_is_help=True)

app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
