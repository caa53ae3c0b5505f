"""A live event day under load: judges scoring on tablets, an audience on the live pages,
readers on the published results, all at once, against one `podium serve`.

Run:  .venv/bin/python bench/bench_load.py [--config sqlite|postgres|both] [--seconds 60]
      [--judges 200] [--viewers 2000] [--results-rate 200] [--arrival-seconds 20]
      [--think 1-3]

Each configuration starts from an empty database:
- ``sqlite``: ONE ``podium serve`` process on SQLite in a temporary PODIUM_DATA_DIR;
- ``postgres``: ``podium serve --workers 2`` on a fresh PostgreSQL database (bench_load_<pid>,
  created and dropped here; trust auth at 127.0.0.1:5432, user postgres) with Redis
  (redis://127.0.0.1:6379/14) and a PODIUM_INSTALLATION of its own.

The scenario is built before the server starts (``podium manage migrate``, then a
``python -c`` with the server's environment) from the test factories (tests/factories.py,
tests/scenarios.py): a current edition whose semi-final has two tracks scored, signed off
and published (20 projects, 13 judges each: the results pages), and whose final has
ceil(judges / 13) venues, each a panel of ~13 judges with 3 teams in its running order;
both stages have a schedule for today (/live/ shows each venue's timetable); every judge
and team is checked in and each venue's host (an organiser) has called the first team,
run its Q&A and opened scoring, all through podium.live.services. Each judge gets a
logged-in session (SessionStore with the auth keys); the public pages are rendered once
as the demo does (refresh_all). Before the clock starts each judge's tablet page is
loaded once (untimed) for its CSRF token, the entry on stage and the form's fields.

Then, for ``--seconds`` (a single asyncio client, hand-written HTTP/1.1 on asyncio
streams, uvloop when installed):
1. judges: each saves a draft (``POST /live/tablet/<panel>/draft/``, htmx, a random
   part of the rubric) every ``--think`` seconds after each answer (1-3 by default, the
   worst case: typing without a pause; 10-30 is a judge who listens between marks), the
   version the answer gives sent back with the next, and submits the full sheet once, at
   a random moment between 80% and 95% of the run (``POST .../submit/``, the page's
   client_token). As live.js, a failed draft is not retried (the next one sends the same
   version); after a 409 (version conflict) the judge reloads the form (``GET
   .../form/``); a failed submission is not sent again. (The tablet's own SSE stream is not opened.)
2. viewers: ``--viewers`` arrive spread at random over the first ``--arrival-seconds``;
   each GETs /live/, then opens /live/events/<panel>/ (the venues in turn) on the same
   connection and holds it to the end;
3. readers: ``--results-rate`` GETs per second, open-loop on a fixed schedule, of the two
   published tracks' /results/<stage>/<track>/ and /api/results/<stage>/<track> in turn.

Measured per kind (judge draft, judge submit, viewer page, viewer first event, results
page): count, p50/p95/p99/max ms of the requests that succeeded (a request from its
write, or for results from its scheduled time, to the last byte of the answer; a first
event from the stream's request to its first complete event), and errors by kind
(non-2xx, timeouts after 10 s, connection errors, a stream closed before the end), also
per 5 s of the run by start time. Also: server RSS (the server's process tree, summed,
sampled each second: max), its threads and PostgreSQL connections (max), "database is
locked" lines, tracebacks (by last exception) and "Internal Server Error" endpoints in
the server's output, the sheets lost (submits answered 200 with the submitted state minus
those stored as submitted: must be 0; stored but unanswered ones are counted apart), the
ledger's verification, the CPU used by the server (per process), this client, the database
(postgres, redis-server) and everything else (the machine may be shared: a high "others"
figure garbles the rest), and the client's event-loop lag.

Figures go to bench/results/load.json (one key per configuration; a run of one keeps the
other's; ``--label L`` stores a variant, e.g. ``--viewers 0 --results-rate 0 --label
judges-only``, under <config>-L), the server's output to bench/results/load-<key>-server.log;
a table is printed.
Targets: p95 < 200 ms for viewers and judges, 0 errors, 0 lost sheets.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "load.json"
PODIUM = REPO / ".venv" / "bin" / "podium"
HOST = "127.0.0.1"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = f"bench_load_{os.getpid()}"  # its own: two runs at once must not share one
REDIS_URL = "redis://127.0.0.1:6379/14"
PANEL_SIZE = 13
SETUP_TIMEOUT = 900  # migrate, or building the scenario
SERVER_START_TIMEOUT = 60
SERVER_STOP_TIMEOUT = 20
CHECK_TIMEOUT = 300  # the post-run checks
REQUEST_TIMEOUT = 10.0  # one request, or a stream's first event
WARMUP_CONCURRENCY = 8
SUBMIT_WINDOW = (0.80, 0.95)  # of the run: when each judge submits
# A judge's pause between drafts (--think). 1-3 s is the worst case, a judge typing without
# a pause (the tablet saves 600 ms after typing stops); 10-30 s is a judge typing one mark,
# then listening to the team. Above uvicorn's 5 s keep-alive the tablet opens a connection
# again, as a browser does.
THINK_SECONDS = (1.0, 3.0)
KINDS = ("judge draft", "judge submit", "viewer page", "viewer first event", "results page")
SESSION_COOKIE, CSRF_COOKIE = "sessionid", "csrftoken"
LOG_KEEP_BYTES = 32 * 2**20
TIMELINE_SECONDS = 5
KEEPALIVE_REUSE_SECONDS = 4.0  # below uvicorn's 5 s keep-alive timeout

# The scenario, built with the server's environment before it starts; prints JSON.
SETUP = r"""
import json, math, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.urls import reverse
from podium.competitions.models import StageKind
from podium.live import services
from podium.site.snapshots import refresh_all
from podium.snapshots.store import rendering_paused
from podium import clock
from podium.schedule.services import stage_schedule_set
from tests.factories import EditionFactory, OrganiserFactory, StageFactory
from tests.scenarios import publish, scored_panel, signed_off

judges, panel_size = int(sys.argv[1]), int(sys.argv[2])
venues = math.ceil(judges / panel_size)
sizes = [judges // venues + (1 if v < judges % venues else 0) for v in range(venues)]
with rendering_paused():  # as the demo: every public page is rendered once, at the end
    edition = EditionFactory(current=True)
    semifinal = StageFactory(edition=edition, kind=StageKind.SEMIFINAL)
    final = StageFactory(edition=edition, kind=StageKind.FINAL)
    organiser = OrganiserFactory()
    # /live/ shows each venue's timetable: a stage on it needs its days and windows.
    today = clock.now().date()
    for stage, windows in ((semifinal, [("08:00", "12:00"), ("13:00", "18:30")]),
                           (final, [("09:00", "12:00"), ("14:00", "17:00")])):
        stage_schedule_set(organiser=organiser, stage=stage, days=[today], windows=windows)
    results = []
    for _ in range(2):
        done = signed_off(scored_panel(stage=semifinal, size=20, judges=13))
        publish(done)
        args = {"stage_id": semifinal.pk, "track": done.track.code}
        results += [reverse("results:public", kwargs=args), reverse("api:results", kwargs=args)]
    live = [scored_panel(stage=final, size=3, judges=n, quota=None) for n in sizes]
    for venue in live:
        for judge in venue.judges:
            services.host_check_in(actor=organiser, panel=venue.panel, judge_id=judge.pk)
        for entry in venue.entries:
            services.host_check_in(actor=organiser, panel=venue.panel, entry_id=entry.pk)
        services.host_next(actor=organiser, panel=venue.panel)
        services.host_start_qa(actor=organiser, panel=venue.panel)
        services.host_open_scoring(actor=organiser, panel=venue.panel)
refresh_all()
people = []
for venue in live:
    for judge in venue.judges:
        session = SessionStore()
        session[SESSION_KEY] = str(judge.account.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = judge.account.get_session_auth_hash()
        session.create()
        people.append({"user": judge.account.pk, "judge": judge.pk, "panel": venue.panel.pk,
                       "entry": venue.entries[0].pk, "session": session.session_key})
print(json.dumps({"panels": [v.panel.pk for v in live], "judges": people, "results": results,
                  "final": final.pk, "semifinal": semifinal.pk}))
"""

# After the run: which acknowledged submits are stored as submitted. Reads JSON on stdin.
CHECK = r"""
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
import django
django.setup()
from podium.judging.models import ScoreSheet, SheetStatus, StageEntry
asked = json.load(sys.stdin)
entries = {e.pk: e for e in StageEntry.objects.filter(pk__in=asked["entries"])}
submitted = set(
    ScoreSheet.objects.filter(
        stage__in={e.stage_id for e in entries.values()},
        project__in={e.project_id for e in entries.values()},
        status=SheetStatus.SUBMITTED,
    ).values_list("judge__account_id", "project_id")
)
acked = [(user, entries[entry].project_id) for user, entry in asked["acked"]]
missing = [pair for pair in acked if pair not in submitted]
print(json.dumps({"acked": len(acked), "acked_stored": len(acked) - len(missing),
                  "stored_submitted": len(submitted), "missing": missing[:20]}))
"""


# --------------------------------------------------------------------------- figures


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


class Stats:
    """Latencies of the requests that succeeded, and errors by kind, per kind; and both
    per slice of the run by when the request started (times: time.perf_counter())."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()  # set again when the clock starts
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.by_path: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, Counter] = defaultdict(Counter)
        self.samples: dict[str, dict[str, str]] = defaultdict(dict)  # an answer per error
        self.slices: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))

    def _slice(self, kind: str, started: float) -> list:
        return self.slices[kind][max(0, int((started - self.t0) // TIMELINE_SECONDS))]

    def ok(self, kind: str, started: float, path: str = "") -> None:
        latency = (time.perf_counter() - started) * 1000
        self.latencies[kind].append(latency)
        self._slice(kind, started).append(latency)
        if path:
            self.by_path[path].append(latency)

    def error(self, kind: str, what: str, started: float, sample: str = "") -> None:
        self.errors[kind][what] += 1
        self._slice(kind, started).append(None)
        if sample and what not in self.samples[kind]:
            self.samples[kind][what] = sample[:600]

    def timeline(self, kind: str) -> list[dict]:
        """Per TIMELINE_SECONDS of the run, by start: successes, errors, p95 ms."""
        rows = []
        for index, found in sorted(self.slices[kind].items()):
            good = [x for x in found if x is not None]
            rows.append(
                {
                    "from_s": index * TIMELINE_SECONDS,
                    "ok": len(good),
                    "errors": len(found) - len(good),
                    "p95_ms": round(percentile(good, 0.95), 1) if good else None,
                }
            )
        return rows

    def summary(self, kind: str) -> dict:
        values = self.latencies.get(kind, [])
        figures: dict = {"count": len(values), "errors": sum(self.errors[kind].values())}
        if values:
            figures.update(
                p50_ms=round(percentile(values, 0.50), 1),
                p95_ms=round(percentile(values, 0.95), 1),
                p99_ms=round(percentile(values, 0.99), 1),
                max_ms=round(max(values), 1),
            )
        figures["error_kinds"] = dict(self.errors[kind].most_common())
        if self.samples[kind]:
            figures["error_samples"] = self.samples[kind]
        figures["timeline"] = self.timeline(kind)
        return figures


# --------------------------------------------------------------------------- HTTP client


class ServerClosed(Exception):
    """The server closed the connection (or sent what is not HTTP) before its answer."""


class Answer:
    def __init__(self, status: int, headers: dict[str, str], cookies: dict[str, str], body: bytes):
        self.status, self.headers, self.cookies, self.body = status, headers, cookies, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], dict[str, str]]:
    line = await reader.readline()
    if not line:
        raise ServerClosed("server closed the connection before answering")
    parts = line.decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ServerClosed(f"bad status line {line[:80]!r}")
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n"):
            break
        if not line:
            raise ServerClosed("server closed the connection inside the headers")
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
        headers[name] = value
    return int(parts[1]), headers, cookies


async def chunk_size(reader: asyncio.StreamReader) -> int:
    line = await reader.readline()
    if not line:
        raise ServerClosed("server closed the connection mid-answer")
    return int(line.split(b";")[0], 16)


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = bytearray()
        while True:
            size = await chunk_size(reader)
            if size == 0:
                await reader.readline()
                return bytes(body)
            body += (await reader.readexactly(size + 2))[:-2]
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    try:
        pair = (float(low), float(high))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--think: give LO-HI in seconds, not {text!r}") from None
    if not 0 < pair[0] <= pair[1]:
        raise argparse.ArgumentTypeError(f"--think: need 0 < LO <= HI, not {text!r}")
    return pair


class Connection:
    """One keep-alive HTTP/1.1 connection, opened when first needed and after an error."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.idle_since = 0.0

    async def send(
        self, method: str, path: str, headers: list[str] = (), body: bytes = b""
    ) -> asyncio.StreamReader:
        # As browsers do, a kept connection is not reused once the server may be closing it
        # (uvicorn closes one idle for 5 s) or has closed it.
        if self.reader is not None and (
            self.reader.at_eof() or time.monotonic() - self.idle_since > KEEPALIVE_REUSE_SECONDS
        ):
            self.close()
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", *headers]
        if method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded"]
            lines += [f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        return self.reader

    async def request(
        self, method: str, path: str, headers: list[str] = (), body: bytes = b""
    ) -> Answer:
        reader = await self.send(method, path, headers, body)
        status, head, cookies = await read_head(reader)
        content = await read_body(reader, head)
        self.idle_since = time.monotonic()
        if head.get("connection", "").lower() == "close":
            self.close()
        return Answer(status, head, cookies, content)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def failure(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"timeout (> {REQUEST_TIMEOUT:g} s)"
    if isinstance(error, asyncio.IncompleteReadError):
        return "connection: closed mid-answer"
    if isinstance(error, ServerClosed):
        return f"connection: {error}"
    return f"connection: {type(error).__name__} {getattr(error, 'errno', '') or ''}".strip()


NETWORK_ERRORS = (OSError, ServerClosed, EOFError, TimeoutError, ValueError)


# --------------------------------------------------------------------------- the tablet


INPUT = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
# A draft's answer: the fragment with the new version as an out-of-band input.
VERSION = re.compile(r'name="version" value="(\d+)" id="version-[\d-]+" hx-swap-oob="true"')
SUBMITTED_MARK = 'id="tablet-submitted"'


def form_of(page: str) -> dict:
    """The tablet form's hidden fields and the rubric's inputs (name -> max points)."""
    start = page.find('id="tablet-sheet"')
    if start < 0:
        raise RuntimeError("no scoring form on the tablet page: " + page[:300])
    form = page[start : page.find("</form>", start)]
    hidden: dict[str, str] = {}
    marks: dict[str, int] = {}
    for match in INPUT.finditer(form):
        attrs = {name: value or "" for name, value in ATTRIBUTE.findall(match.group(1))}
        if "data-mark" in attrs:
            marks[attrs["name"]] = int(float(attrs["data-max"]))
        elif attrs.get("type") == "hidden":
            hidden[attrs["name"]] = attrs.get("value", "")
    return {"hidden": hidden, "marks": marks}


class Judge:
    def __init__(self, port: int, person: dict) -> None:
        self.person = person
        self.connection = Connection(port)
        self.panel = person["panel"]
        self.cookies = {SESSION_COOKIE: person["session"]}
        self.form: dict = {}
        self.version = 0
        self.resyncs = 0
        self.last_status = 0  # of the last answer (0: none came)

    def headers(self, htmx: bool = True) -> list[str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        lines = [f"Cookie: {cookie}"]
        if htmx:
            lines += [
                "HX-Request: true",
                f"X-CSRFToken: {self.form['hidden']['csrfmiddlewaretoken']}",
            ]
        return lines

    async def load(self, path: str) -> None:
        """The tablet page (or its form's fragment): CSRF token, entry, version, fields."""
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT * 3):
                answer = await self.connection.request("GET", path, self.headers(htmx=False))
        except BaseException:
            self.connection.close()  # never read a late answer as the next request's
            raise
        if answer.status != 200:
            raise RuntimeError(f"GET {path} as judge {self.person['user']}: {answer.status}")
        self.cookies.update({k: v for k, v in answer.cookies.items() if k == CSRF_COOKIE})
        self.form = form_of(answer.text)
        self.version = int(self.form["hidden"].get("version") or 0)

    def body(self, marks: dict[str, str]) -> bytes:
        hidden = self.form["hidden"]
        fields = {
            "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"],
            "entry": hidden["entry"],
            "client_token": hidden["client_token"],
            "version": str(self.version),
            **marks,
        }
        return urllib.parse.urlencode(fields).encode()

    def marks(self, rng: random.Random, every: bool) -> dict[str, str]:
        names = list(self.form["marks"])
        chosen = names if every else rng.sample(names, rng.randint(1, len(names)))
        return {name: str(rng.randint(0, self.form["marks"][name])) for name in chosen}

    async def post(self, stats: Stats, kind: str, action: str, body: bytes) -> Answer | None:
        """The answer when it is a success: a draft's carries the new version, a
        submission's the submitted state; anything else is counted as an error."""
        path = f"/live/tablet/{self.panel}/{action}/"
        started = time.perf_counter()
        self.last_status = 0
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                answer = await self.connection.request("POST", path, self.headers(), body)
        except NETWORK_ERRORS as error:
            self.connection.close()
            stats.error(kind, failure(error), started)
            return None
        self.last_status = answer.status
        if not 200 <= answer.status < 300:
            stats.error(kind, f"HTTP {answer.status}", started, answer.text)
            return None
        if action == "draft" and not VERSION.search(answer.text):
            what = f"HTTP {answer.status} without the new version"
            stats.error(kind, what, started, answer.text)
            return None
        if action == "submit" and SUBMITTED_MARK not in answer.text:
            what = f"HTTP {answer.status} without the submitted state"
            stats.error(kind, what, started, answer.text)
            return None
        stats.ok(kind, started)
        return answer

    async def resync(self) -> None:
        """The judge's "load the newest version" after a version conflict (409): the
        form again (version, token). After any other failure the tablet keeps its form
        and its next draft sends the same version, as live.js does."""
        self.resyncs += 1
        with contextlib.suppress(*NETWORK_ERRORS, RuntimeError):
            token = self.form["hidden"]["csrfmiddlewaretoken"]
            await self.load(f"/live/tablet/{self.panel}/form/")
            self.form["hidden"].setdefault("csrfmiddlewaretoken", token)

    async def run(
        self,
        rng: random.Random,
        stats: Stats,
        t0: float,
        seconds: float,
        think_seconds: tuple[float, float] = THINK_SECONDS,
    ) -> bool:
        """Drafts until its moment to submit, then the submission; True if acknowledged."""
        loop = asyncio.get_running_loop()
        submit_at = t0 + rng.uniform(*SUBMIT_WINDOW) * seconds
        await asyncio.sleep(max(0.0, t0 + rng.uniform(0, think_seconds[1]) - loop.time()))
        while loop.time() < submit_at:
            marks = self.marks(rng, every=False)
            answer = await self.post(stats, "judge draft", "draft", self.body(marks))
            if answer is not None:
                self.version = int(VERSION.search(answer.text).group(1))
            elif self.last_status == 409:
                await self.resync()
            think = rng.uniform(*think_seconds)
            await asyncio.sleep(max(0.0, min(think, submit_at - loop.time())))
        marks = self.marks(rng, every=True)
        return await self.post(stats, "judge submit", "submit", self.body(marks)) is not None


# --------------------------------------------------------------------------- viewers, readers


class Viewer:
    def __init__(self) -> None:
        self.events = 0
        self.held = False  # the stream was still open at the end


async def watch(
    port: int, panel: int, start_at: float, end_at: float, stats: Stats, viewer: Viewer
) -> None:
    """GET /live/, then the venue's stream on the same connection, held to the end."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, start_at - loop.time()))
    connection = Connection(port)
    try:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                page = await connection.request("GET", "/live/")
        except NETWORK_ERRORS as error:
            stats.error("viewer page", failure(error), started)
            return
        if page.status != 200:
            stats.error("viewer page", f"HTTP {page.status}", started, page.text)
            return
        stats.ok("viewer page", started)
        await stream(connection, panel, end_at, stats, viewer)
    finally:
        connection.close()


async def stream(
    connection: Connection, panel: int, end_at: float, stats: Stats, viewer: Viewer
) -> None:
    kind = "viewer first event"
    loop = asyncio.get_running_loop()
    path = f"/live/events/{panel}/"
    started = time.perf_counter()
    first = True
    try:
        async with asyncio.timeout_at(min(end_at, loop.time() + REQUEST_TIMEOUT)) as deadline:
            headers = ["Accept: text/event-stream", "Cache-Control: no-cache"]
            reader = await connection.send("GET", path, headers)
            status, head, _ = await read_head(reader)
            if status != 200:
                body = await read_body(reader, head)
                stats.error(kind, f"HTTP {status}", started, body.decode("utf-8", "replace"))
                return
            buffer = bytearray()
            while True:
                size = await chunk_size(reader)
                if size == 0:
                    break
                buffer += (await reader.readexactly(size + 2))[:-2]
                while (end := buffer.find(b"\n\n")) >= 0:
                    block = bytes(buffer[:end])
                    del buffer[: end + 2]
                    if not any(line.startswith(b"data:") for line in block.split(b"\n")):
                        continue  # a keep-alive comment
                    viewer.events += 1
                    if first:
                        first = False
                        stats.ok(kind, started)
                        deadline.reschedule(end_at)
        stats.error(kind, "stream ended by the server before the end of the run", started)
    except TimeoutError:
        if first:
            stats.error(kind, failure(TimeoutError()), started)
        else:
            viewer.held = True
    except NETWORK_ERRORS as error:
        where = "before the first event: " if first else "stream: "
        stats.error(kind, where + failure(error), started)


async def read_results(
    port: int, paths: list[str], rate: float, t0: float, seconds: float, stats: Stats
) -> list[float]:
    """Open loop: request k leaves at t0 + k/rate (perf_counter) whatever the earlier ones
    are doing; its latency counts from that moment. Returns how late each one left (s)."""
    idle: list[Connection] = []
    lateness: list[float] = []
    tasks: set[asyncio.Task] = set()

    async def one(path: str, at: float) -> None:
        connection = idle.pop() if idle else Connection(port)
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                answer = await connection.request("GET", path)
        except NETWORK_ERRORS as error:
            connection.close()
            stats.error("results page", failure(error), at)
            return
        if answer.status != 200:
            stats.error("results page", f"HTTP {answer.status}", at, answer.text)
        else:
            stats.ok("results page", at, path)
        idle.append(connection)

    for k in range(int(rate * seconds)):
        at = t0 + k / rate
        if (wait := at - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
        lateness.append(max(0.0, time.perf_counter() - at))
        task = asyncio.create_task(one(paths[k % len(paths)], at))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT + 5)
    for connection in idle:
        connection.close()
    return lateness


async def loop_lag(stop: asyncio.Event, samples: list[float]) -> None:
    """How late a 50 ms sleep wakes: the client's own saturation."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.05)
        samples.append((loop.time() - before - 0.05) * 1000)


# --------------------------------------------------------------------------- processes


def processes() -> dict[int, tuple[int, str, int]]:
    """Every process: pid -> (parent pid, name, user + system CPU ticks)."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                text = Path(f"/proc/{entry}/stat").read_text()
                name = text[text.index("(") + 1 : text.rindex(")")]
                stat = text.rsplit(") ", 1)[1].split()
                found[int(entry)] = (int(stat[1]), name, int(stat[11]) + int(stat[12]))
    return found


def process_tree(root: int, table: dict[int, tuple[int, str, int]]) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _, _) in table.items():
        children[parent].append(pid)
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def status_field(pid: int, field: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_kib(pid: int) -> int:
    return status_field(pid, "VmRSS")


def threads(pid: int) -> int:
    return status_field(pid, "Threads")


DATABASE_PROCESSES = ("postgres", "redis-server")
POSTGRES_PORT = 5432


def database_sockets(pids: list[int]) -> int:
    """The server's open TCP connections to PostgreSQL (counted from /proc, so the count
    costs the database no connection of its own)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for row in Path(table).read_text().splitlines()[1:]:
                fields = row.split()
                if int(fields[2].rsplit(":", 1)[1], 16) == POSTGRES_PORT and fields[3] == "01":
                    inodes.add(fields[9])  # ESTABLISHED, to the PostgreSQL port
    if not inodes:
        return 0
    found = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                    found += link.startswith("socket:[") and link[8:-1] in inodes
    return found


class Sampler:
    """Each second: the server tree's RSS (summed); and the CPU each process used over the
    run, as the server's, this client's, the database's (PostgreSQL, Redis) and others'."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.rss: list[int] = []
        self.server: set[int] = set()
        self.first: dict[int, int] = {}
        self.last: dict[int, tuple[str, int]] = {}
        self.processes = 0
        self.threads = 0
        self.db_connections = 0
        self.started = time.monotonic()

    def sample(self) -> None:
        table = processes()
        tree = process_tree(self.server_pid, table)
        self.server.update(tree)
        self.processes = max(self.processes, len(tree))
        self.rss.append(sum(rss_kib(pid) for pid in tree))
        self.threads = max(self.threads, sum(threads(pid) for pid in tree))
        self.db_connections = max(self.db_connections, database_sockets(tree))
        for pid, (_, name, ticks) in table.items():
            self.first.setdefault(pid, ticks)
            self.last[pid] = (name, ticks)

    async def run(self, stop: asyncio.Event) -> None:
        self.started = time.monotonic()
        while not stop.is_set():
            await asyncio.to_thread(self.sample)  # reading /proc: off the client's loop
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
        await asyncio.to_thread(self.sample)

    def figures(self) -> dict:
        elapsed = max(time.monotonic() - self.started, 1e-9) * os.sysconf("SC_CLK_TCK")
        groups: Counter = Counter()
        others: Counter = Counter()
        per_process: dict[str, float] = {}
        for pid, (name, ticks) in self.last.items():
            used = ticks - self.first[pid]
            if pid in self.server:
                groups["server"] += used
                per_process[f"{pid} {name}"] = round(used / elapsed, 2)
            elif pid == os.getpid():
                groups["client"] += used
            elif name in DATABASE_PROCESSES:
                groups["database"] += used
            else:
                groups["other"] += used
                others[name] += used
        return {
            "server_rss_max_mib": round(max(self.rss, default=0) / 1024, 1),
            "server_rss_first_mib": round((self.rss[0] if self.rss else 0) / 1024, 1),
            "server_processes": self.processes,
            "server_threads_max": self.threads,
            "server_postgres_connections_max": self.db_connections,
            **{f"{k}_cpu_cores": round(groups[k] / elapsed, 2) for k in CPU_GROUPS},
            "server_cpu_cores_by_process": per_process,
            "other_cpu_top": {k: round(v / elapsed, 2) for k, v in others.most_common(3) if v},
        }


CPU_GROUPS = ("server", "client", "database", "other")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run_python(code: str, args: list[str], env: dict, stdin: str = "", timeout: float = 0) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout or SETUP_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"subprocess failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def podium(args: list[str], env: dict, timeout: float = SETUP_TIMEOUT) -> str:
    done = subprocess.run(
        [str(PODIUM), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"podium {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [str(PODIUM), "serve", "--host", HOST, "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    up = 0
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            up += 1
            if up >= workers * 3:  # every worker has had time to take its share
                return server
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"server not up after {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def stop_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(SERVER_STOP_TIMEOUT)


TRACEBACK_END = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)\b.*)$")


def server_output(log: Path) -> dict:
    """What the server said: "database is locked", tracebacks (their last line, counted),
    Django's "Internal Server Error: <path>" lines (by endpoint) and the first traceback."""
    text = log.read_text(errors="replace") if log.exists() else ""
    lines = text.splitlines()
    errors: Counter = Counter()
    endpoints: Counter = Counter()
    first = ""
    start, pending = None, None  # a report's first line; its last exception, not counted yet
    for n, line in enumerate(lines):
        if pending is not None and line.strip():
            # A chained report ("During handling...", "The above exception was the direct
            # cause...") goes on: only its last exception is counted.
            if not line.startswith(("During handling of the above", "The above exception")):
                errors[pending] += 1
                first = first or "\n".join(lines[max(0, start - 1) : n])[-8000:]
                start = None
            pending = None
        if line.startswith("Traceback (most recent call last)"):
            start = n if start is None else start
        elif start is not None and (found := TRACEBACK_END.match(line)):
            pending = re.sub(r"0x[0-9a-f]+", "0x…", found.group(1))[:300]
        if line.startswith("Internal Server Error:"):
            path = line.split(":", 1)[1].strip()
            endpoints[re.sub(r"\d+", "<n>", path)] += 1
    if pending is not None:
        errors[pending] += 1
        first = first or "\n".join(lines[max(0, start - 1) :])[-8000:]
    return {
        "database_is_locked": text.count("database is locked"),
        "tracebacks": sum(errors.values()),
        "traceback_kinds": dict(errors.most_common(20)),
        "internal_server_errors": dict(endpoints.most_common()),
        "first_traceback": first,
        "log_lines": len(lines),
    }


# --------------------------------------------------------------------------- one run


async def load(args, port: int, scenario: dict, server_pid: int) -> dict:
    rng = random.Random(20201210)
    stats = Stats()
    judges = [Judge(port, person) for person in scenario["judges"]]
    gate = asyncio.Semaphore(WARMUP_CONCURRENCY)

    async def warm(judge: Judge) -> None:
        async with gate:
            await judge.load(f"/live/tablet/{judge.panel}/")
            judge.connection.close()  # a fresh connection when the clock starts

    await asyncio.gather(*(warm(j) for j in judges))
    warm_connection = Connection(port)
    for path in ["/live/", *scenario["results"]] * 3:
        async with asyncio.timeout(REQUEST_TIMEOUT * 3):
            await warm_connection.request("GET", path)
    warm_connection.close()

    loop = asyncio.get_running_loop()
    t0 = loop.time() + 1.0
    end_at = t0 + args.seconds
    stats.t0 = time.perf_counter() + (t0 - loop.time())
    panels = scenario["panels"]
    viewers = [Viewer() for _ in range(args.viewers)]
    arrivals = sorted(rng.uniform(0, args.arrival_seconds) for _ in viewers)
    stop = asyncio.Event()
    lag: list[float] = []
    sampler = Sampler(server_pid)
    background = [asyncio.create_task(sampler.run(stop)), asyncio.create_task(loop_lag(stop, lag))]
    judge_tasks = [
        asyncio.create_task(j.run(random.Random(rng.random()), stats, t0, args.seconds, args.think))
        for j in judges
    ]
    viewer_tasks = [
        asyncio.create_task(watch(port, panels[i % len(panels)], t0 + at, end_at, stats, v))
        for i, (at, v) in enumerate(zip(arrivals, viewers, strict=True))
    ]
    results_task = asyncio.create_task(
        read_results(port, scenario["results"], args.results_rate, stats.t0, args.seconds, stats)
    )
    everything = [*judge_tasks, *viewer_tasks, results_task]
    _, pending = await asyncio.wait(everything, timeout=args.seconds + 1 + REQUEST_TIMEOUT + 10)
    for task in pending:
        task.cancel()
    stop.set()
    await asyncio.gather(*background, *pending, return_exceptions=True)
    crashed = [
        t.exception() for t in everything if t.done() and not t.cancelled() and t.exception()
    ]
    if crashed:
        raise RuntimeError(f"{len(crashed)} client task(s) failed: {crashed[0]!r}") from crashed[0]

    acked = [
        [j.person["user"], j.person["entry"]]
        for j, t in zip(judges, judge_tasks, strict=True)
        if not t.cancelled() and t.result()
    ]
    lateness = results_task.result() if not results_task.cancelled() else []
    return {
        "kinds": {kind: stats.summary(kind) for kind in KINDS},
        "results_by_path": {
            path: {
                "count": len(v),
                "p50_ms": round(percentile(v, 0.5), 1),
                "p95_ms": round(percentile(v, 0.95), 1),
            }
            for path, v in stats.by_path.items()
        },
        "acked": acked,
        "judges_unfinished": len([t for t in judge_tasks if t.cancelled()]),
        "draft_resyncs": sum(j.resyncs for j in judges),
        "viewers_held_to_end": sum(v.held for v in viewers),
        "sse_events_per_stream": round(
            sum(v.events for v in viewers) / max(1, sum(1 for v in viewers if v.events)), 2
        ),
        "results_sent_late_ms_p99": round(percentile(lateness, 0.99) * 1000, 1)
        if lateness
        else None,
        "client_loop_lag_ms": {
            "p50": round(percentile(lag, 0.5), 1) if lag else None,
            "p99": round(percentile(lag, 0.99), 1) if lag else None,
            "max": round(max(lag), 1) if lag else None,
        },
        **sampler.figures(),
    }


def environment(config: str, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="podium.settings", PODIUM_DATA_DIR=str(data_dir))
    if config == "postgres":
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}",
            REDIS_URL=REDIS_URL,
            PODIUM_INSTALLATION=f"bench-load-{os.getpid()}-{int(time.time())}",
        )
    return env


def postgres(sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def postgres_sessions() -> int:
    """Sessions (connections) established to the benchmark's database so far."""
    query = f"SELECT sessions FROM pg_stat_database WHERE datname = '{PG_DATABASE}'"
    return int(postgres(query)[0][0])


def forget_redis_keys(installation: str) -> int:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"podium:{installation}:*"))
    if keys:
        client.delete(*keys)
    return len(keys)


def code_version() -> dict:
    """The commit the server runs and the files of podium/ changed from it (the working
    tree is what `podium serve` imports)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "podium").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD"), "podium_changed": changed}


def run_config(config: str, args) -> dict:
    workers = 2 if config == "postgres" else 1
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-load-{config}-"))
    env = environment(config, data_dir)
    log = data_dir / "server.log"
    server = None
    try:
        if config == "postgres":
            postgres(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            postgres(f"CREATE DATABASE {PG_DATABASE}")
        started = time.monotonic()
        podium(["manage", "migrate", "--verbosity", "0"], env)
        setup_env = {**env, "PYTHONPATH": str(REPO)}
        scenario = run_python(SETUP, [str(args.judges), str(PANEL_SIZE)], setup_env)
        setup_seconds = round(time.monotonic() - started, 1)
        print(
            f"[{config}] scenario: {len(scenario['panels'])} venues, "
            f"{len(scenario['judges'])} judges, built in {setup_seconds} s",
            flush=True,
        )
        port = free_port()
        version = code_version()
        sessions = postgres_sessions() if config == "postgres" else 0
        server = start_server(env, port, workers, log)
        figures = asyncio.run(
            asyncio.wait_for(load(args, port, scenario, server.pid), args.seconds + 600)
        )
        stop_server(server)
        if config == "postgres":
            # The server's connections to PostgreSQL over its life (start, warm-up, run).
            figures["server_postgres_sessions_opened"] = postgres_sessions() - sessions
        entries = sorted({p["entry"] for p in scenario["judges"]})
        check = run_python(
            CHECK,
            [],
            env,
            json.dumps({"acked": figures.pop("acked"), "entries": entries}),
            CHECK_TIMEOUT,
        )
        ledger = json.loads(podium(["ledger", "verify", "--format", "json"], env, CHECK_TIMEOUT))
        output = server_output(log)
        key = f"{config}-{args.label}" if args.label else config
        kept = REPO / "bench" / "results" / f"load-{key}-server.log"
        kept.parent.mkdir(parents=True, exist_ok=True)
        with log.open("rb") as source:
            source.seek(max(0, log.stat().st_size - LOG_KEEP_BYTES))
            kept.write_bytes(source.read())
        return {
            "server": f"podium serve{' --workers 2' if workers > 1 else ''}",
            "database": "PostgreSQL + Redis" if config == "postgres" else "SQLite",
            "venues": len(scenario["panels"]),
            "judges": len(scenario["judges"]),
            "setup_seconds": setup_seconds,
            **version,
            **figures,
            "submits_acknowledged": check["acked"],
            "acknowledged_and_stored": check["acked_stored"],
            "stored_submitted": check["stored_submitted"],
            "lost_sheets": check["acked"] - check["acked_stored"],
            # The server committed them but its answer never reached the judge (a timeout).
            "stored_not_acknowledged": check["stored_submitted"] - check["acked_stored"],
            "lost_examples": check["missing"],
            "ledger": {k: ledger.get(k) for k in ("ok", "entries", "first_broken")},
            "server_output": output,
            "server_log": str(kept.relative_to(REPO)),
        }
    finally:
        stop_server(server)
        if config == "postgres":
            with contextlib.suppress(Exception):
                postgres(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            with contextlib.suppress(Exception):
                forget_redis_keys(env["PODIUM_INSTALLATION"])
        shutil.rmtree(data_dir, ignore_errors=True)


# --------------------------------------------------------------------------- report


def print_table(config: str, figures: dict) -> None:
    print(
        f"\n== {config}: {figures['server']} on {figures['database']}, "
        f"{figures['venues']} venues, {figures['judges']} judges "
        f"(a draft every {'-'.join(f'{t:g}' for t in figures['parameters']['think_seconds'])} s); "
        "code at "
        f"{figures.get('commit')}{' + changes' if figures.get('podium_changed') else ''}"
    )
    print(
        f"{'kind':<20}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}"
        f"{'errors':>8}"
    )
    for kind in KINDS:
        row = figures["kinds"][kind]
        cells = [f"{row.get(k, '-'):>10}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")]
        print(f"{kind:<20}{row['count']:>8}{''.join(cells)}{row['errors']:>8}")
    for kind in KINDS:
        for what, count in figures["kinds"][kind]["error_kinds"].items():
            print(f"  error  {kind}: {what} × {count}")
    print(f"per {TIMELINE_SECONDS} s of the run, by start: successes/errors (p95 ms)")
    for kind in KINDS:
        cells = [
            f"{row['ok']}/{row['errors']}({row['p95_ms'] or '-'})"
            for row in figures["kinds"][kind]["timeline"]
        ]
        print(f"  {kind:<19} {' '.join(cells)}")
    output = figures["server_output"]
    if figures["server_processes"] > 1:
        print(f"server CPU by process (cores): {figures['server_cpu_cores_by_process']}")
    print(
        f"server RSS max {figures['server_rss_max_mib']} MiB over "
        f"{figures['server_processes']} process(es), {figures['server_threads_max']} threads "
        f"and {figures['server_postgres_connections_max']} PostgreSQL connections at most; "
        f"CPU (cores): server "
        f"{figures['server_cpu_cores']}, client {figures['client_cpu_cores']}, database "
        f"{figures['database_cpu_cores']}, others {figures['other_cpu_cores']} "
        f"{figures['other_cpu_top'] or ''}"
    )
    if "server_postgres_sessions_opened" in figures:
        opened = figures["server_postgres_sessions_opened"]
        print(f"PostgreSQL sessions opened by the server: {opened}")
    print(
        f"'database is locked' in server output: {output['database_is_locked']}; "
        f"tracebacks: {output['tracebacks']} {output['traceback_kinds'] or ''}"
    )
    print(
        f"lost sheets: {figures['lost_sheets']} (acknowledged {figures['submits_acknowledged']}, "
        f"of those stored {figures['acknowledged_and_stored']}; submitted in the database "
        f"{figures['stored_submitted']}, of which unanswered {figures['stored_not_acknowledged']});"
        f" ledger ok: {figures['ledger']['ok']}"
    )
    lag = figures["client_loop_lag_ms"]
    print(
        f"viewers holding their stream at the end: {figures['viewers_held_to_end']}; "
        f"events per stream {figures['sse_events_per_stream']}; client loop lag p99 "
        f"{lag['p99']} ms, max {lag['max']} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--judges", type=int, default=200)
    parser.add_argument("--viewers", type=int, default=2000)
    parser.add_argument("--results-rate", type=float, default=200)
    parser.add_argument("--arrival-seconds", type=float, default=20)
    parser.add_argument(
        "--think",
        type=think_range,
        default=THINK_SECONDS,
        metavar="LO-HI",
        help="seconds a judge pauses between drafts, drawn evenly (default 1-3, the worst case)",
    )
    parser.add_argument(
        "--label", default="", help="store under <config>-<label> (a variant run) in load.json"
    )
    args = parser.parse_args()
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if args.viewers + args.judges + args.results_rate * REQUEST_TIMEOUT > hard - 100:
        sys.exit(f"the open-files limit ({hard}) is too low for this many clients")

    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stored.setdefault("configs", {})
    configs = ["sqlite", "postgres"] if args.config == "both" else [args.config]
    for config in configs:
        figures = run_config(config, args)
        figures["parameters"] = {
            "seconds": args.seconds,
            "judges": args.judges,
            "viewers": args.viewers,
            "results_rate": args.results_rate,
            "arrival_seconds": args.arrival_seconds,
            "think_seconds": list(args.think),
        }
        figures["when"] = datetime.now(UTC).isoformat(timespec="seconds")
        figures["drafts_per_second_offered"] = round(args.judges * 2 / sum(args.think), 1)
        key = f"{config}-{args.label}" if args.label else config
        stored["configs"][key] = figures
        stored["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform()}
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
        print_table(key, figures)
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
