from __future__ import annotations

import typer

from podium.cli.app import app, django_setup
from podium.cli.serve import serve_forever


@app.command()
def demo(
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve after building."),
    reset: bool = typer.Option(False, help="Delete all data first (needed on a used database)."),
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, help="Port to serve on."),
) -> None:
    """Build the demo edition (the 2nd China Industrial Internet Competition) and serve it."""
    django_setup()
    from django.core.management import call_command

    from podium.demo.build import DEMO_LOGINS, demo_build
    from podium.site.snapshots import refresh_all
    from podium.snapshots.store import rendering_paused

    call_command("migrate", interactive=False, verbosity=0)
    with rendering_paused():
        report = demo_build(reset=reset, progress=True)
    refresh_all()  # every public page once, the demo built (or built by an earlier version)
    typer.echo(report)
    typer.echo(f"\nDemo logins (password for all: {DEMO_LOGINS['password']}):")
    for role, username in DEMO_LOGINS["users"]:
        typer.echo(f"  {role:<11} {username}")
    if serve:
        typer.echo(f"\nServing on http://{host}:{port}/  (Ctrl-C stops)")
        serve_forever(host, port)
