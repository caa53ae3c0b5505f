"""A bare Starlette SSE broadcast server: bench_sse.py's reference for Podium's streams.

    python bench/sse_reference.py --host 127.0.0.1 --port 8001 [--state state.json]

- ``GET /live/events/{id}/`` sends the channel's state at once, then the latest state after
  every publish (a slow stream skips the states it missed), and a keep-alive comment after
  15 s of quiet: the same SSE wire format as Podium (``id: N``, ``event: state``,
  ``data: {... "version": N ...}``), so bench_sse.py's client parses both.
- ``POST /publish/{id}`` bumps the channel's version, broadcasts and answers
  ``{"version": N}``.
- ``GET /live/`` answers 200 (the bench waits for it to know the server is up).

A channel is the latest frame, encoded once, and one ``asyncio.Event`` its streams wait on,
replaced at every publish. The state sent is the JSON object in ``--state`` (bench_sse.py
gives it Podium's own snapshot, so both servers send the same bytes) with ``version`` set.
uvicorn runs it as ``podium serve`` runs Podium: uvloop, httptools, lifespan off, no access
log.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route

KEEPALIVE_SECONDS = 15
KEEPALIVE = b": keep-alive\n\n"
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
STATE: dict = {"phase": "idle"}  # replaced from --state


class Channel:
    __slots__ = ("changed", "frame", "version")

    def __init__(self) -> None:
        self.version = 0
        self.frame = self.encode()
        self.changed = asyncio.Event()

    def encode(self) -> bytes:
        message = json.dumps({**STATE, "version": self.version}, ensure_ascii=False)
        data = "".join(f"data: {line}\n" for line in message.splitlines())
        return f"id: {self.version}\nevent: state\n{data}\n".encode()

    def publish(self) -> int:
        self.version += 1
        self.frame = self.encode()
        woken, self.changed = self.changed, asyncio.Event()
        woken.set()
        return self.version


channels: dict[int, Channel] = {}


def channel(key: int) -> Channel:
    found = channels.get(key)
    if found is None:
        found = channels[key] = Channel()
    return found


async def frames(kept: Channel) -> AsyncIterator[bytes]:
    sent = None
    while True:
        changed = kept.changed
        if kept.frame is not sent:
            sent = kept.frame
            yield sent
        try:
            async with asyncio.timeout(KEEPALIVE_SECONDS):
                await changed.wait()
        except TimeoutError:
            yield KEEPALIVE


async def events(request: Request) -> StreamingResponse:
    kept = channel(request.path_params["id"])
    return StreamingResponse(frames(kept), media_type="text/event-stream", headers=STREAM_HEADERS)


async def publish(request: Request) -> JSONResponse:
    return JSONResponse({"version": channel(request.path_params["id"]).publish()})


async def up(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[
        Route("/live/events/{id:int}/", events, methods=["GET"]),
        Route("/publish/{id:int}", publish, methods=["POST"]),
        Route("/live/", up, methods=["GET"]),
    ]
)


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--state", type=Path, help="a JSON object: the state to send")
    args = parser.parse_args()
    if args.state:
        STATE.clear()
        STATE.update(json.loads(args.state.read_text()))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # as `podium serve` does
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info",
        lifespan="off",
        loop="uvloop",
        http="httptools",
        access_log=False,
    )


if __name__ == "__main__":
    main()
