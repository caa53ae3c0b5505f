from __future__ import annotations

import resource

import typer

from podium.cli.app import app


def raise_open_files_limit() -> tuple[int, int]:
    """Every open stream is a socket: lift the soft limit on open files to the hard one
    (often 1,024 → 1,048,576), so one process can hold ten thousand viewers."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return soft, hard


def serve_forever(host: str, port: int, *, access_log: bool = False) -> None:
    import uvicorn

    raise_open_files_limit()

    # uvloop and httptools when installed (they are dependencies); a line per request
    # only when asked: under an audience the access log alone costs a core.
    uvicorn.run(
        "podium.asgi:application",
        host=host,
        port=port,
        log_level="info",
        lifespan="off",
        loop="auto",
        http="auto",
        access_log=access_log,
    )


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    access_log: bool = typer.Option(False, help="Log a line per request."),
) -> None:
    """Serve Podium through uvicorn (ASGI), static files included."""
    serve_forever(host, port, access_log=access_log)
