from __future__ import annotations

import typer

from podium.cli.app import app, django_setup


@app.command()
def snapshots() -> None:
    """Render the stored public pages again (the edition's pages and its published
    results, in every language)."""
    django_setup()
    from podium.site.snapshots import refresh_all

    typer.echo(f"rendered {refresh_all()} public URL(s) in every language")
