from __future__ import annotations

import typer

from podium.cli.app import app, django_setup


@app.command()
def snapshots() -> None:
    """Render the stored public pages again (the edition's pages and its published
    results, in every language) and drop the venue states kept in Redis: after an
    upgrade or a restore."""
    django_setup()
    from podium.live.events import forget_kept_states
    from podium.site.snapshots import refresh_all

    typer.echo(f"rendered {refresh_all()} public URL(s) in every language")
    # After a restore the venues' states kept for server push may be newer than the
    # database: streams read them from the database again.
    typer.echo(f"dropped {forget_kept_states()} venue state(s) kept for server push")
