"""The Typer application every ``podium`` sub-command registers on."""

from __future__ import annotations

import os

import typer

app = typer.Typer(
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
