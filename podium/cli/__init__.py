"""The ``podium`` command line: thin commands over the same services the pages use."""

from __future__ import annotations

from podium.cli import demo, manage, rank, serve, stats  # noqa: F401  (they register commands)
from podium.cli.app import app


def main() -> None:
    app()
