from __future__ import annotations

import resource
from collections.abc import Sequence

import typer

from podium.cli.app import app, django_setup


def raise_open_files_limit() -> tuple[int, int]:
    """Every open stream is a socket: lift the soft limit on open files to the hard one
    (often 1,024 → 1,048,576), so one process can hold ten thousand viewers."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return soft, hard


def workers_refusal(workers: int) -> str | None:
    """Why this installation cannot run ``workers`` processes, or None when it can."""
    from django.conf import settings

    if workers < 1:
        return f"--workers {workers}: give 1 or more"
    if workers == 1:
        return None
    missing = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("PostgreSQL (DATABASE_URL): SQLite lets one process write at a time")
    if not settings.REDIS_URL:
        missing.append("Redis (REDIS_URL): server push crosses processes only through Redis")
    if not missing:
        return None
    return f"--workers {workers} needs " + "; and ".join(missing)


def render_stored_pages() -> None:
    """Every public page stored before the first reader comes: one missed by a process
    that stopped mid-render, or from before an upgrade, would be computed per request."""
    from django.db import DatabaseError

    from podium.site.snapshots import refresh_all

    try:
        typer.echo(f"stored {refresh_all()} public URL(s) in every language")
    except DatabaseError as error:
        typer.echo(f"podium serve: public pages not stored ({error}); migrate first", err=True)


def proxy_options(trusted: Sequence[str]) -> dict[str, object]:
    """uvicorn's reading of X-Forwarded-For and X-Forwarded-Proto: only from the proxies
    named in PODIUM_TRUSTED_PROXIES, and not at all when none is named. (uvicorn's own
    default believes them from 127.0.0.1, so any client whose requests arrive from there
    could give a new address with each password it tries, and never be locked out.)"""
    if not trusted:
        return {"proxy_headers": False, "forwarded_allow_ips": []}
    return {"proxy_headers": True, "forwarded_allow_ips": list(trusted)}


def serve_forever(host: str, port: int, *, access_log: bool = False, workers: int = 1) -> None:
    import uvicorn
    from django.conf import settings

    raise_open_files_limit()

    # uvloop and httptools when installed (they are dependencies); a line per request
    # only when asked: under an audience the access log alone costs a core.
    uvicorn.run(
        "podium.asgi:application",
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        lifespan="off",
        loop="auto",
        http="auto",
        access_log=access_log,
        **proxy_options(settings.PODIUM_TRUSTED_PROXIES),
    )


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    access_log: bool = typer.Option(False, help="Log a line per request."),
    workers: int = typer.Option(
        1, help="Worker processes (more than 1 needs PostgreSQL and Redis).", min=None
    ),
) -> None:
    """Serve Podium through uvicorn (ASGI), static files included."""
    django_setup()
    refusal = workers_refusal(workers)
    if refusal is not None:
        typer.echo(f"podium serve: {refusal}", err=True)
        raise typer.Exit(2)
    if workers > 1:
        typer.echo(f"{workers} workers on PostgreSQL, sharing server push through Redis")
    render_stored_pages()
    serve_forever(host, port, access_log=access_log, workers=workers)
