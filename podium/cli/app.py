"""The Typer application every ``podium`` sub-command registers on."""

from __future__ import annotations

import os

import click
import typer
from typer.core import TyperGroup

from podium.errors import PodiumError


class PodiumGroup(TyperGroup):
    """The one place a domain refusal becomes what a terminal user sees: the reason on
    stderr (``--option:`` when it names one of the command's options, else ``error:``),
    nothing on stdout, exit status 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PodiumError as error:
            option = error.extra.get("option")
            typer.echo(
                f"--{option}: {error.message}" if option else f"error: {error.message}", err=True
            )
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=PodiumGroup,
    name="podium",
    help="Podium: run a judged competition end to end.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def django_setup() -> None:
    """Start Django only for the commands that need the database (``rank`` does not)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
    import django

    django.setup()
