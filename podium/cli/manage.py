from __future__ import annotations

import typer

from podium.cli.app import app, django_setup


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `podium manage migrate`."""
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["podium manage", *ctx.args])


@app.command()
def token(
    username: str = typer.Argument(..., help="Whose token."),
    name: str = typer.Option("script", help="A name to tell tokens apart."),
) -> None:
    """Create an API token for USERNAME and print it once."""
    django_setup()
    from podium.accounts.models import User
    from podium.accounts.services import api_token_create

    user = User.objects.filter(username=username).first()
    if user is None:
        typer.echo(f"username: no user {username!r}", err=True)
        raise typer.Exit(2)
    typer.echo(api_token_create(user=user, name=name))
