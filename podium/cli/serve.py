from __future__ import annotations

import typer

from podium.cli.app import app


def serve_forever(host: str, port: int) -> None:
    import uvicorn

    uvicorn.run("podium.asgi:application", host=host, port=port, log_level="info", lifespan="off")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve Podium through uvicorn (ASGI), static files included."""
    serve_forever(host, port)
