"""Server-sent events under load: fan-out latency and how many streams one server holds.

Run by hand:  .venv/bin/python bench/bench_sse.py [--clients 1000 5000] [--redis]
              [--capacity 1000 2000 5000 8000 10000] [--storm OPEN JOINING] [--timeout 300]

It builds the demo edition into a temporary PODIUM_DATA_DIR, starts ONE `podium serve` on
a free loopback port, opens N concurrent SSE streams to /live/events/<panel>/ from a single
asyncio load generator (raw sockets, hand-written HTTP/1.1 GET, minimal chunked + SSE
parser), then commits state changes and times how long each stream takes to receive the
new version. A capacity ramp follows on a fresh server process (on the same data): a process
that once held thousands of streams keeps that memory after they close, which would count
against the next level. Figures go to bench/results/sse.json, under the key "local"
(in-process broker) or "redis" (REDIS_URL set: Redis pub/sub path); a run with other parts
than the default two (latency, capacity) is stored under e.g. "local-storm".

Every latency run and the capacity ramp are then repeated, by the same client code on the
same machine, against a reference: a bare Starlette SSE broadcast server (bench/
sse_reference.py; uvicorn with podium serve's settings: uvloop, httptools, lifespan off, no
access log) that sends Podium's own snapshot JSON in the same wire format. Its trigger is a
``POST /publish/<id>`` from a subprocess. The reference's figures are stored beside
Podium's under "reference", the Podium/reference ratios under "comparison" (connect time,
server RSS per 1,000 streams above the idle RSS, delivery p50/p95/p99 from the call's start
at each client count and ramp level). It needs the "bench" extra: pip install -e ".[bench]".

How a change is triggered:
- with --redis: a `python -c` subprocess calls podium.live.services.host_* directly (the
  event crosses processes through Redis pub/sub);
- without Redis the broker is per process, so a change committed in another process never
  reaches the server's streams (the script measures that once); the change is made
  inside the server instead, through the host's HTTP action (organiser login + CSRF), from a
  subprocess.
Either way the commit time is the wall clock right after the service (or the HTTP POST)
returns: on_commit has fired by then. Latencies are also given from the call's start: over
HTTP the server answers the POST only after its event loop has handed the event to every
stream, so "after the POST returned" comes late and those latencies go negative.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "sse.json"
REFERENCE_SERVER = REPO / "bench" / "sse_reference.py"
REDIS_URL = "redis://127.0.0.1:6379/15"
HOST = "127.0.0.1"
DEMO_TIMEOUT = 300  # seconds for `podium demo --no-serve`
SERVER_START_TIMEOUT = 60
TRIGGER_TIMEOUT = 60  # one trigger subprocess
DELIVERY_TIMEOUT = 30  # waiting for every stream to receive one change
SETTLE_TIMEOUT = 60  # waiting for the server to drop closed streams
CAPACITY_RSS_LIMIT_KIB = 4 * 2**20  # 4 GiB
CAPACITY_HOLD_SECONDS = 5
CROSS_PROCESS_WAIT = 5
STORM_LEAD_SECONDS = 3  # the crowd starts connecting this long before the change

# Chooses the valid next action from the venue's state (the state machine refuses others),
# then either calls the service (mode "service") or POSTs the host action (mode "http").
TRIGGER = r"""
import json, os, re, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
import django
django.setup()
from podium.judging.models import Panel
from podium.live import services
from podium.live.models import Phase
from podium.live.selectors import state_of

from django.urls import reverse

# Warm, as a running worker is: a cold process would import every view module inside the
# timed call (the first reverse(), from a post_save receiver), ~1 s within the transaction.
reverse("live:index")
mode, panel_id, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
panel = Panel.objects.get(pk=panel_id)
state = state_of(panel)
if state.paused_at is not None:
    name = "resume"
else:
    name = {Phase.IDLE: "next", Phase.CLOSED: "next", Phase.ROADSHOW: "qa",
            Phase.QA: "open", Phase.SCORING: "close"}.get(state.phase)
if name is None:
    sys.exit(f"venue {panel_id} is in phase {state.phase}: no further action")
confirm = name in ("next", "close")  # go on without missing check-ins or sheets
if mode == "service":
    from django.contrib.auth import get_user_model
    organiser = get_user_model().objects.get(username="organiser")
    action = {"next": services.host_next, "qa": services.host_start_qa,
              "open": services.host_open_scoring, "close": services.host_close_scoring,
              "resume": services.host_resume}[name]
    extra = {"confirmed": True} if confirm else {}
    before = time.time()
    version = action(actor=organiser, panel=panel, **extra).version
    after = time.time()
else:
    import httpx
    from podium.demo.reference import DEMO_PASSWORD
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        login = client.post("/accounts/login/", data={"username": "organiser",
                            "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
        if login.status_code != 302:
            sys.exit(f"organiser login failed: HTTP {login.status_code}")
        headers = {"X-CSRFToken": client.cookies["csrftoken"], "Referer": base + "/",
                   "HX-Request": "true"}  # the console's request: answered 204
        data = {"confirm": "1"} if confirm else {}
        before = time.time()
        reply = client.post(f"/live/host/{panel_id}/{name}/", headers=headers, data=data)
        after = time.time()
    if reply.status_code != 204:
        sys.exit(f"host action {name}: HTTP {reply.status_code} {reply.text[:200]}")
    version = state_of(panel).version
print(json.dumps({"action": name, "before": before, "after": after, "version": version}))
"""

# The reference's change: one POST, timed like the host action above.
REFERENCE_TRIGGER = r"""
import json, sys, time
import httpx
mode, panel_id, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with httpx.Client(base_url=base, timeout=30) as client:
    client.get("/live/")  # the connection is open before the clock starts, as for Podium
    before = time.time()
    reply = client.post(f"/publish/{panel_id}")
    after = time.time()
if reply.status_code != 200:
    sys.exit(f"publish: HTTP {reply.status_code} {reply.text[:200]}")
print(json.dumps({"action": "publish", "before": before, "after": after,
                  "version": reply.json()["version"]}))
"""

PANEL_QUERY = r"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
import django
django.setup()
from podium.live.models import Phase
from podium.live.selectors import state_of
from podium.live.views import live_panels
print(json.dumps([p.pk for p in live_panels() if state_of(p).phase != Phase.FINISHED]))
"""


# --------------------------------------------------------------------------- load generator


class Tracker:
    """Counts streams that have received version >= target; one per change."""

    def __init__(self) -> None:
        self.target: int | None = None
        self.expected = 0
        self.count = 0
        self.done = asyncio.Event()

    def arm(self, target: int, clients: list[SSEClient]) -> None:
        self.target, self.count = target, 0
        self.expected = sum(1 for c in clients if c.open)
        self.done.clear()
        for client in clients:
            if client.open and client.arrival(target) is not None:
                client.counted_for = target
                self.count += 1
        if self.count >= self.expected:
            self.done.set()

    def hit(self) -> None:
        self.count += 1
        if self.count >= self.expected:
            self.done.set()


class SSEClient(asyncio.Protocol):
    """One SSE stream: writes a GET, parses the chunked body into events (id = version)."""

    def __init__(self, request: bytes, tracker: Tracker) -> None:
        self.request = request
        self.tracker = tracker
        self.transport: asyncio.Transport | None = None
        self.snapshot = asyncio.get_running_loop().create_future()
        self.buffer = bytearray()
        self.body = bytearray()
        self.headers_done = False
        self.chunked = False
        self.data_left = 0  # bytes of the current chunk still to come
        self.crlf_left = 0  # its trailing CRLF
        self.open = False
        self.error: str | None = None
        self.events: list[tuple[int, float]] = []  # (version, arrival wall-clock time)
        self.counted_for: int | None = None  # the tracker target already counted
        self.first_data = b""  # the snapshot's JSON

    # -- asyncio.Protocol
    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.time()
        self.buffer += data
        if not self.headers_done and not self._headers():
            return
        self._body()
        self._events(now)

    def connection_lost(self, exc) -> None:
        self.open = False
        if not self.snapshot.done():
            self.snapshot.set_result(False)
            self.error = self.error or f"closed before the snapshot ({exc or 'EOF'})"

    # -- parsing
    def _headers(self) -> bool:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        del self.buffer[: end + 4]
        self.headers_done = True
        status = head[0].split(" ", 2)
        if len(status) < 2 or status[1] != "200":
            self.error = f"HTTP {head[0]}"
            self.transport.close()
            return False
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
                self.chunked = True
        return True

    def _body(self) -> None:
        buffer = self.buffer
        if not self.chunked:
            self.body += buffer
            buffer.clear()
            return
        while buffer:
            if self.data_left:
                take = min(self.data_left, len(buffer))
                self.body += buffer[:take]
                del buffer[:take]
                self.data_left -= take
            elif self.crlf_left:
                take = min(self.crlf_left, len(buffer))
                del buffer[:take]
                self.crlf_left -= take
            else:
                end = buffer.find(b"\r\n")
                if end < 0:
                    return
                size = int(bytes(buffer[:end]).split(b";")[0], 16)
                del buffer[: end + 2]
                if size == 0:
                    self.transport.close()
                    return
                self.data_left, self.crlf_left = size, 2

    def _events(self, now: float) -> None:
        while (end := self.body.find(b"\n\n")) >= 0:
            block = bytes(self.body[:end])
            del self.body[: end + 2]
            version = None
            data = []
            for line in block.split(b"\n"):
                if line.startswith(b"id:"):
                    version = int(line[3:])
                elif line.startswith(b"data:"):
                    data.append(line[5:])
            if not data:  # a comment (keep-alive)
                continue
            if version is None:
                version = int(json.loads(b"\n".join(data))["version"])
            self.events.append((version, now))
            if not self.snapshot.done():
                self.first_data = b"\n".join(data)
                self.open = True
                self.snapshot.set_result(True)
            target = self.tracker.target
            if target is not None and version >= target and self.counted_for != target:
                self.counted_for = target
                self.tracker.hit()

    def arrival(self, version: int) -> float | None:
        """When this stream first received a state of at least ``version``."""
        for seen, at in self.events:
            if seen >= version:
                return at
        return None

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def open_streams(
    port: int, panel_id: int, count: int, concurrency: int, timeout: float, tracker: Tracker
) -> tuple[list[SSEClient], float, dict[str, int]]:
    """Open ``count`` streams (at most ``concurrency`` awaiting their snapshot at once)."""
    loop = asyncio.get_running_loop()
    request = (
        f"GET /live/events/{panel_id}/ HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
    ).encode()
    gate = asyncio.Semaphore(concurrency)
    clients: list[SSEClient] = []
    errors: dict[str, int] = {}
    started, started_wall = time.monotonic(), time.time()
    deadline = started + timeout

    async def one() -> None:
        async with gate:
            left = deadline - time.monotonic()
            if left <= 0:
                errors["not attempted before the timeout"] = (
                    errors.get("not attempted before the timeout", 0) + 1
                )
                return
            try:
                _, client = await asyncio.wait_for(
                    loop.create_connection(lambda: SSEClient(request, tracker), HOST, port),
                    left,
                )
            except (OSError, TimeoutError) as error:
                key = f"connect: {type(error).__name__} {getattr(error, 'errno', '')}".strip()
                errors[key] = errors.get(key, 0) + 1
                return
            clients.append(client)
            try:
                await asyncio.wait_for(
                    asyncio.shield(client.snapshot), max(0.0, deadline - time.monotonic())
                )
            except TimeoutError:
                errors["no snapshot before the timeout"] = (
                    errors.get("no snapshot before the timeout", 0) + 1
                )
                return
            if client.error:
                errors[client.error] = errors.get(client.error, 0) + 1

    await asyncio.gather(*(one() for _ in range(count)))
    for client in clients:  # abandon those still waiting for their snapshot
        if not client.open:
            client.close()
    connected = [c for c in clients if c.open]
    if connected and len(connected) == count:  # until the last snapshot arrived
        return clients, max(c.events[0][1] for c in connected) - started_wall, errors
    return clients, min(time.monotonic() - started, timeout), errors


def snapshot_phase(clients: list[SSEClient]) -> str | None:
    """The venue's phase in the snapshots just served (its cost depends on it)."""
    for client in clients:
        if client.first_data:
            return json.loads(client.first_data)["phase"]
    return None


def close_all(clients: list[SSEClient]) -> None:
    for client in clients:
        client.close()


async def run_trigger(env: dict, mode: str, panel_id: int, base: str) -> dict:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        REFERENCE_TRIGGER if mode == "reference" else TRIGGER,
        mode,
        str(panel_id),
        base,
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), TRIGGER_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    if process.returncode != 0:
        raise RuntimeError(f"trigger failed: {err.decode()[-800:]}")
    return json.loads(out.decode().strip().splitlines()[-1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def one_change(
    clients: list[SSEClient], tracker: Tracker, env: dict, mode: str, panel_id: int, base: str
) -> dict:
    """Commit one change and time its arrival on every open stream."""
    open_before = sum(1 for c in clients if c.open)
    tracker.target = None
    trigger = await run_trigger(env, mode, panel_id, base)
    tracker.arm(trigger["version"], clients)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(tracker.done.wait(), DELIVERY_TIMEOUT)
    arrivals = [at for c in clients if (at := c.arrival(trigger["version"])) is not None]
    tracker.target = None
    return {
        "action": trigger["action"],
        "version": trigger["version"],
        "open_streams": open_before,
        "received": len(arrivals),
        "trigger_call_ms": round((trigger["after"] - trigger["before"]) * 1000, 1),
        **spread([(at - trigger["after"]) * 1000 for at in arrivals], ""),
        **spread([(at - trigger["before"]) * 1000 for at in arrivals], "_from_call_start"),
    }


def spread(latencies: list[float], suffix: str) -> dict:
    if not latencies:
        return {}
    return {
        f"first_ms{suffix}": round(min(latencies), 1),
        f"median_ms{suffix}": round(statistics.median(latencies), 1),
        f"p95_ms{suffix}": round(percentile(latencies, 0.95), 1),
        f"p99_ms{suffix}": round(percentile(latencies, 0.99), 1),
        f"last_ms{suffix}": round(max(latencies), 1),
        f"within_1s{suffix}": sum(1 for x in latencies if x <= 1000),
    }


# --------------------------------------------------------------------------- server process


class OtherLoad:
    """CPU used meanwhile by processes other than the server and this script (and its
    triggers), in cores: on a shared machine it tells how far to trust the figures."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.start = self._sample()

    def _sample(self) -> tuple[float, float]:
        hz = os.sysconf("SC_CLK_TCK")
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = sum(int(x) for x in fields) - int(fields[3]) - int(fields[4])  # not idle/iowait
        ours = 0
        for pid in (self.server_pid, os.getpid()):
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
                ours += sum(int(x) for x in stat[11:15])  # utime stime cutime cstime
        return (busy - ours) / hz, time.monotonic()

    def cores(self) -> float:
        """Since the last call (or creation)."""
        end = self._sample()
        (cpu0, t0), (cpu1, t1) = self.start, end
        self.start = end
        return round(max(0.0, cpu1 - cpu0) / max(t1 - t0, 1e-9), 2)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def proc_status(pid: int) -> dict:
    figures: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                figures[key] = int(value.split()[0])
    with contextlib.suppress(OSError):
        figures["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    return figures


def server_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except OSError:
        return False
    return state not in "ZX"


def rss_mib(pid: int) -> float:
    return round(proc_status(pid).get("VmRSS", 0) / 1024, 1)


async def settle(pid: int, threads_idle: int) -> None:
    """Wait (bounded) until the server has dropped the streams just closed."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        if proc_status(pid).get("Threads", 0) <= threads_idle + 20:
            return
        await asyncio.sleep(0.5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/live/", timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer within {SERVER_START_TIMEOUT} s")


def stop_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)


# --------------------------------------------------------------------------- the benchmark

FIGURES = ("first_ms", "median_ms", "p95_ms", "p99_ms", "last_ms", "within_1s")
SUMMARY = ("received", "trigger_call_ms", *FIGURES, *(f"{k}_from_call_start" for k in FIGURES))


def per_1000(mib: float, streams: int) -> float | None:
    """Server memory per 1,000 streams: the RSS above idle over the number of thousands."""
    return round(mib * 1000 / streams, 1) if streams else None


def server_name(reference: bool) -> str:
    return "reference" if reference else "podium"


def per_stream(seconds: float, streams: int) -> float | None:
    return round(seconds * 1000 / streams, 1) if streams else None


def median_of(values: list) -> float | int:
    middle = statistics.median(values)
    return middle if isinstance(middle, int) else round(middle, 1)


def trigger_mode(args, reference: bool) -> str:
    if reference:
        return "reference"
    return "service" if args.redis else "http"


async def latency_runs(
    args, env: dict, port: int, panel_id: int, pid: int, reference: bool = False
) -> dict:
    """For each N: open N streams, commit ``args.rounds`` changes, close them all."""
    base, mode = f"http://{HOST}:{port}", trigger_mode(args, reference)
    tracker = Tracker()
    threads_idle = proc_status(pid).get("Threads", 0)
    out: dict = {"latency": []}
    for index, count in enumerate(args.clients):
        print(
            f"\n== {server_name(reference)}: {count} streams: connecting "
            f"(timeout {args.timeout:.0f} s) ...",
            flush=True,
        )
        rss_before = rss_mib(pid)
        others, cpu0, own0 = OtherLoad(pid), cpu_seconds(pid), cpu_seconds(os.getpid())
        clients, seconds, errors = await open_streams(
            port, panel_id, count, args.concurrency, args.timeout, tracker
        )
        connected = sum(1 for c in clients if c.open)
        status = proc_status(pid)
        cpu_ms = per_stream(cpu_seconds(pid) - cpu0, connected)
        own_ms = per_stream(cpu_seconds(os.getpid()) - own0, connected)
        # Snapshots abandoned at the timeout still run to their end in the server's threads;
        # let them finish so that they do not delay the changes measured next.
        await settle(pid, threads_idle + connected)
        entry = {
            "clients": count,
            "connected": connected,
            "connect_seconds": round(seconds, 2),
            "connects_per_second": round(connected / seconds, 1) if seconds else None,
            "snapshot_phase": snapshot_phase(clients),
            "connect_errors": errors,
            "server_cpu_ms_per_connect": cpu_ms,
            "load_generator_cpu_ms_per_connect": own_ms,
            "other_processes_cpu_cores_while_connecting": others.cores(),
            "server_rss_mib_before": rss_before,
            "server_rss_mib": round(status.get("VmRSS", 0) / 1024, 1),
            "server_threads": status.get("Threads"),
            "server_fds": status.get("fds"),
            "rounds": [],
        }
        print(
            f"   connected {connected}/{count} in {seconds:.2f} s (snapshots in phase "
            f"{entry['snapshot_phase']}); server {status}; errors {errors or 'none'}",
            flush=True,
        )
        try:
            if index == 0 and mode == "http" and connected:
                # Without Redis the broker lives in the server process: a change committed
                # elsewhere (a CLI, a second worker) is not expected to arrive. Measure it.
                trigger = await run_trigger(env, "service", panel_id, base)
                await asyncio.sleep(CROSS_PROCESS_WAIT)
                got = sum(1 for c in clients if c.arrival(trigger["version"]) is not None)
                out["cross_process_change"] = {
                    "open_streams": connected,
                    "received_within_s": CROSS_PROCESS_WAIT,
                    "received": got,
                }
                print(
                    f"   change committed in another process (no Redis): {got}/{connected} "
                    f"streams received it within {CROSS_PROCESS_WAIT} s",
                    flush=True,
                )
            for number in range(args.rounds if connected else 0):
                row = await one_change(clients, tracker, env, mode, panel_id, base)
                entry["rounds"].append(row)
                print(
                    f"   change {number + 1} ({row['action']} -> v{row['version']}): {row}",
                    flush=True,
                )
                await asyncio.sleep(1)
        finally:
            close_all(clients)
        rounds = entry["rounds"]
        entry["median"] = {
            key: median_of([r[key] for r in rounds])
            for key in SUMMARY
            if rounds and all(key in r for r in rounds)
        }
        entry["other_processes_cpu_cores_during_changes"] = others.cores()
        await settle(pid, threads_idle)
        entry["server_rss_mib_after_close"] = rss_mib(pid)
        out["latency"].append(entry)
    return out


async def storm_probe(args, env: dict, port: int, panel_id: int, pid: int) -> dict:
    """A change committed while a crowd of streams is still connecting: how late does it
    reach the streams already open? (Each new stream builds its snapshot in a thread.)"""
    base, mode = f"http://{HOST}:{port}", "service" if args.redis else "http"
    tracker = Tracker()
    threads_idle = proc_status(pid).get("Threads", 0)
    established, extra = args.storm
    print(f"\n== storm: {established} streams open, {extra} more connecting ...", flush=True)
    clients, _, _ = await open_streams(
        port, panel_id, established, args.concurrency, args.timeout, tracker
    )
    open_before = [c for c in clients if c.open]
    await settle(pid, threads_idle + len(open_before))
    quiet = await one_change(open_before, tracker, env, mode, panel_id, base)
    joining: list[SSEClient] = []
    crowd = asyncio.create_task(
        # their own tracker: only the established streams count for the change
        open_streams(port, panel_id, extra, args.concurrency, args.timeout, Tracker())
    )
    try:
        await asyncio.sleep(STORM_LEAD_SECONDS)
        threads = proc_status(pid).get("Threads", 0)
        during = await one_change(open_before, tracker, env, mode, panel_id, base)
        joining, joined_seconds, _ = await crowd
    finally:
        crowd.cancel()
        close_all(clients + joining)
    out = {
        "established": len(open_before),
        "connecting": extra,
        "server_threads_when_triggered": threads,
        "joined": sum(1 for c in joining if c.events),
        "joined_seconds": round(joined_seconds, 2),
        "change_when_quiet": quiet,
        "change_while_connecting": during,
    }
    print(f"   {out}", flush=True)
    await settle(pid, threads_idle)
    return out


async def capacity_ramp(
    args, env: dict, port: int, panel_id: int, pid: int, reference: bool = False
) -> dict:
    """Add streams level by level (keeping those open) until a level is not held."""
    base, mode = f"http://{HOST}:{port}", trigger_mode(args, reference)
    tracker = Tracker()
    levels, held, clients = [], 0, []
    idle_rss, connecting = rss_mib(pid), 0.0
    rss_limit_kib = args.rss_limit_gib * 2**20
    try:
        for level in args.capacity:
            need = max(0, level - sum(1 for c in clients if c.open))
            print(
                f"\n== {server_name(reference)}: capacity: {level} streams (+{need}) ...",
                flush=True,
            )
            others, cpu0 = OtherLoad(pid), cpu_seconds(pid)
            added, seconds, errors = await open_streams(
                port, panel_id, need, args.concurrency, args.timeout, tracker
            )
            cpu_ms = per_stream(cpu_seconds(pid) - cpu0, sum(1 for c in added if c.open))
            clients += added
            connecting += seconds
            await asyncio.sleep(CAPACITY_HOLD_SECONDS)
            alive = sum(1 for c in clients if c.open)
            status = proc_status(pid)
            row = {
                "clients": level,
                "added": need,
                "added_connected": sum(1 for c in added if c.events),
                "open_after_hold": alive,
                "connect_seconds": round(seconds, 2),
                "connect_seconds_cumulative": round(connecting, 2),
                "snapshot_phase": snapshot_phase(added),
                "server_cpu_ms_per_connect": cpu_ms,
                "connect_errors": errors,
                "server_rss_mib": round(status.get("VmRSS", 0) / 1024, 1),
                "server_rss_mib_per_1000_streams": per_1000(
                    status.get("VmRSS", 0) / 1024 - idle_rss, level
                ),
                "server_threads": status.get("Threads"),
                "server_fds": status.get("fds"),
                "server_alive": server_alive(pid),
            }
            if alive and row["server_alive"]:
                row["change"] = await one_change(clients, tracker, env, mode, panel_id, base)
            row["other_processes_cpu_cores"] = others.cores()
            row["held"] = (
                row["server_alive"]
                and alive >= 0.99 * level
                and status.get("VmRSS", 0) <= rss_limit_kib
            )
            levels.append(row)
            print(f"   {row}", flush=True)
            if not row["held"]:
                break
            held = level
    finally:
        close_all(clients)
    return {
        "criterion": f"at least 99% of the level's streams open after their snapshot and a "
        f"{CAPACITY_HOLD_SECONDS} s hold, server alive, server RSS <= {args.rss_limit_gib} GiB",
        "largest_level_held": held,
        "server_idle_rss_mib": idle_rss,
        "levels": levels,
    }


def print_latency(result: dict, server: str) -> None:
    print(f"\nSSE fan-out ({result['path']}: {result['trigger']}), one {server}, loopback")
    print(
        f"{'clients':>7} {'connected':>9} {'conn s':>7} {'phase':>9} {'from':>11} "
        f"{'first ms':>9} {'median ms':>9} {'p95 ms':>8} {'p99 ms':>8} {'last ms':>8} "
        f"{'<=1 s':>6} {'call ms':>8} {'RSS MiB':>8} {'other cpu':>9}"
    )
    for e in result["latency"]:
        m = e["median"]
        rows = (
            ("", "call return", "other_processes_cpu_cores_while_connecting"),
            ("_from_call_start", "call start", "other_processes_cpu_cores_during_changes"),
        )
        for suffix, label, busy in rows:
            cells = [m.get(f"{k}{suffix}", "-") for k in FIGURES]
            print(
                f"{e['clients']:>7} {e['connected']:>9} {e['connect_seconds']:>7} "
                f"{e['snapshot_phase'] or '-':>9} {label:>11} {cells[0]:>9} {cells[1]:>9} "
                f"{cells[2]:>8} {cells[3]:>8} {cells[4]:>8} {cells[5]:>6} "
                f"{m.get('trigger_call_ms', '-'):>8} {e['server_rss_mib']:>8} {e[busy]:>9}"
            )
    connects = [
        f"{e['clients']}: {e['connects_per_second']}/s, server CPU "
        f"{e['server_cpu_ms_per_connect']} ms per stream"
        for e in result["latency"]
    ]
    print("connecting: " + "; ".join(connects))
    print(
        "(median of the rounds; 'call return' = commit time taken right after the service or "
        "POST returned,\n 'call start' = just before it; 'call ms' = the call's duration; "
        "'other cpu' = cores used by other\n processes on the machine while connecting "
        "(1st row) and during the changes (2nd row))"
    )


def print_tables(result: dict, server: str = "`podium serve`") -> None:
    if result.get("latency"):
        print_latency(result, server)
    if "cross_process_change" in result:
        x = result["cross_process_change"]
        print(
            f"change committed in another process without Redis: {x['received']}/"
            f"{x['open_streams']} streams got it within {x['received_within_s']} s"
        )
    if storm := result.get("storm"):
        print(
            f"\nstorm: change to {storm['established']} open streams while "
            f"{storm['connecting']} more connect ({storm['server_threads_when_triggered']} "
            "server threads at the trigger), from the call's start:"
        )
        for label in ("change_when_quiet", "change_while_connecting"):
            c = storm[label]
            print(
                f"  {label:<24} received {c['received']}/{c['open_streams']}, median "
                f"{c.get('median_ms_from_call_start')} ms, last "
                f"{c.get('last_ms_from_call_start')} ms"
            )
    capacity = result.get("capacity") or {}
    if capacity:
        print(
            f"\ncapacity ramp (fresh server): largest level held = "
            f"{capacity['largest_level_held']}\n({capacity['criterion']})"
        )
        print(
            f"{'level':>7} {'added':>6} {'added ok':>8} {'open':>6} {'conn s':>7} "
            f"{'cum s':>7} {'cpu ms/c':>8} {'RSS MiB':>8} {'MiB/1k':>7} {'threads':>8} "
            f"{'fds':>6} {'chg med ms':>10} {'chg p99 ms':>10} {'chg last ms':>11} "
            f"{'other cpu':>9} {'held':>5}"
        )
        for r in capacity["levels"]:
            change = r.get("change") or {}
            print(
                f"{r['clients']:>7} {r['added']:>6} {r['added_connected']:>8} "
                f"{r['open_after_hold']:>6} {r['connect_seconds']:>7} "
                f"{r['connect_seconds_cumulative']:>7} "
                f"{r['server_cpu_ms_per_connect'] or '-':>8} {r['server_rss_mib']:>8} "
                f"{r['server_rss_mib_per_1000_streams'] or '-':>7} "
                f"{r['server_threads'] or '-':>8} {r['server_fds'] or '-':>6} "
                f"{change.get('median_ms_from_call_start', '-'):>10} "
                f"{change.get('p99_ms_from_call_start', '-'):>10} "
                f"{change.get('last_ms_from_call_start', '-'):>11} "
                f"{r['other_processes_cpu_cores']:>9} "
                f"{'yes' if r['held'] else 'NO':>5}"
            )
        print(
            f"(idle RSS {capacity['server_idle_rss_mib']} MiB; 'cum s' = connect time of the "
            "levels so far; MiB/1k = (RSS - idle RSS) / (level / 1000); change latencies "
            "from the call's start)"
        )


# --------------------------------------------------------------------------- the reference

# Figures set beside each other; delivery is timed from the trigger call's start (see the
# module docstring: after the HTTP call returns comes too late on Podium's side).
DELIVERY = (("p50", "median_ms"), ("p95", "p95_ms"), ("p99", "p99_ms"), ("last", "last_ms"))


def headline(result: dict) -> dict:
    """Per client count (latency runs) and per ramp level: connect time, server MiB per
    1,000 streams above idle, delivery percentiles, and how many streams got the change."""
    out: dict = {"latency": {}, "capacity": {}}
    for e in result.get("latency") or []:
        m = e.get("median") or {}
        out["latency"][str(e["clients"])] = {
            "connected": e["connected"],
            "connect_seconds": e["connect_seconds"],
            "rss_mib_per_1000_streams": per_1000(
                e["server_rss_mib"] - e["server_rss_mib_before"], e["clients"]
            ),
            **{f"delivery_{name}_ms": m.get(f"{key}_from_call_start") for name, key in DELIVERY},
            "received": m.get("received"),
            "trigger_call_ms": m.get("trigger_call_ms"),
        }
    for r in (result.get("capacity") or {}).get("levels", []):
        change = r.get("change") or {}
        out["capacity"][str(r["clients"])] = {
            "open": r["open_after_hold"],
            "connect_seconds": r["connect_seconds"],
            "connect_seconds_cumulative": r["connect_seconds_cumulative"],
            "rss_mib_per_1000_streams": r["server_rss_mib_per_1000_streams"],
            **{
                f"delivery_{name}_ms": change.get(f"{key}_from_call_start")
                for name, key in DELIVERY
            },
            "received": change.get("received"),
            "trigger_call_ms": change.get("trigger_call_ms"),
            "held": r["held"],
        }
    return out


def ratio(a, b) -> float | None:
    if isinstance(a, bool) or not isinstance(a, int | float) or not isinstance(b, int | float):
        return None
    if b <= 0:
        return None
    return round(a / b, 2)


def comparison(podium: dict, reference: dict) -> dict:
    """Podium's headline figures, the reference's, and Podium / reference for each."""
    ours, theirs = headline(podium), headline(reference)
    out: dict = {}
    for part in ("latency", "capacity"):
        out[part] = {}
        for count, figures in ours[part].items():
            other = theirs[part].get(count, {})
            out[part][count] = {
                name: {
                    "podium": value,
                    "reference": other.get(name),
                    "ratio": ratio(value, other.get(name)),
                }
                for name, value in figures.items()
            }
    return out


COMPARED = (
    ("connect_seconds", "connect s"),
    ("connect_seconds_cumulative", "connect s, levels so far"),
    ("rss_mib_per_1000_streams", "MiB per 1,000 streams"),
    ("delivery_p50_ms", "delivery p50 ms"),
    ("delivery_p95_ms", "delivery p95 ms"),
    ("delivery_p99_ms", "delivery p99 ms"),
    ("delivery_last_ms", "delivery last ms"),
    ("received", "streams that got the change"),
    ("trigger_call_ms", "trigger call ms"),
)


def print_comparison(compared: dict) -> None:
    print(
        "\nPodium vs the bare Starlette reference (same client, same machine, same run); "
        "ratio = Podium / reference"
    )
    print(f"{'':<44} {'Podium':>9} {'reference':>9} {'ratio':>7}")
    for part, title in (("latency", "latency run"), ("capacity", "ramp level")):
        for count, figures in compared.get(part, {}).items():
            for name, label in COMPARED:
                if name not in figures:
                    continue
                f = figures[name]
                cells = ["-" if f[k] is None else f[k] for k in ("podium", "reference", "ratio")]
                print(
                    f"{f'{title} {count}: {label}':<44} {cells[0]:>9} {cells[1]:>9} {cells[2]:>7}"
                )
    print(
        "(delivery = change to stream arrival, from just before the trigger call: Podium's "
        "host action\n (or service call with --redis), the reference's POST /publish; "
        "'trigger call ms' = that call's duration)"
    )


def start_server(
    env: dict, data_dir: Path, label: str, state: Path | None = None
) -> tuple[subprocess.Popen, int]:
    """``podium serve``, or with ``state`` the reference server sending that state."""
    port = free_port()
    log = data_dir / f"server-{label}.log"
    if state is None:
        command = [sys.executable, "-m", "podium.cli", "serve"]
    else:
        command = [sys.executable, str(REFERENCE_SERVER), "--state", str(state)]
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [*command, "--host", HOST, "--port", str(port)],
            env=env,
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this script, which stops it
        )
    try:
        wait_until_up(f"http://{HOST}:{port}", server, log)
    except BaseException:
        stop_server(server)
        raise
    limits = Path(f"/proc/{server.pid}/limits").read_text()
    nofile = " ".join(next(x for x in limits.splitlines() if "open files" in x).split())
    print(
        f"server ({label}) pid {server.pid} on http://{HOST}:{port}; {nofile}; "
        f"idle RSS {rss_mib(server.pid)} MiB; {native_parts(server.pid)}",
        flush=True,
    )
    return server, port


def native_parts(pid: int) -> str:
    """Whether uvloop's and httptools' extensions are loaded: both servers should run them."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return "maps unreadable"
    return ", ".join(
        f"{name} {'loaded' if f'/{name}/' in maps else 'NOT loaded'}"
        for name in ("uvloop", "httptools")
    )


async def fetch_state(port: int, panel_id: int, timeout: float) -> dict:
    """Podium's snapshot of the venue, for the reference to send the same bytes."""
    clients, _, errors = await open_streams(port, panel_id, 1, 1, timeout, Tracker())
    close_all(clients)
    if not clients or not clients[0].first_data:
        raise RuntimeError(f"no snapshot from Podium: {errors}")
    return json.loads(clients[0].first_data)


def source() -> dict:
    """The commit measured and the files that differed from it (the working tree runs)."""

    def git(*words: str) -> str:
        try:
            return subprocess.run(
                ["git", *words], cwd=REPO, capture_output=True, text=True, timeout=30
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = [line[3:] for line in git("status", "--porcelain").splitlines() if line]
    return {"commit": git("rev-parse", "HEAD").strip(), "changed_files": changed}


def interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients",
        type=int,
        nargs="*",
        default=[1000, 5000],
        help="client counts for the latency runs (none: skip them)",
    )
    parser.add_argument("--redis", action="store_true", help=f"serve with REDIS_URL={REDIS_URL}")
    parser.add_argument("--rounds", type=int, default=3, help="changes per client count")
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds allowed to connect one level"
    )
    parser.add_argument(
        "--concurrency", type=int, default=200, help="streams awaiting their snapshot at once"
    )
    parser.add_argument(
        "--capacity",
        type=int,
        nargs="*",
        default=[1000, 2000, 5000, 8000, 10000],
        help="ramp levels (give none to skip the capacity probe)",
    )
    parser.add_argument(
        "--storm",
        type=int,
        nargs=2,
        metavar=("OPEN", "JOINING"),
        help="also time a change made while JOINING streams connect "
        "(OPEN already open); off by default",
    )
    parser.add_argument(
        "--rss-limit-gib", type=float, default=4, help="the ramp stops above this server RSS"
    )
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, interrupted)  # a kill cleans up like Ctrl-C does
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(
        f"RLIMIT_NOFILE: soft {soft} -> {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}, "
        f"hard {hard} (the server inherits it)"
    )

    data_dir = Path(tempfile.mkdtemp(prefix="podium-bench-sse-"))
    server: subprocess.Popen | None = None
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(
            PODIUM_DATA_DIR=str(data_dir),
            SECRET_KEY="bench-sse",
            DJANGO_SETTINGS_MODULE="podium.settings",
        )
        if args.redis:
            env["REDIS_URL"] = REDIS_URL
        print(f"building the demo into {data_dir} ...", flush=True)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "podium.cli", "demo", "--no-serve"],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=DEMO_TIMEOUT,
        )
        print(f"  built in {time.monotonic() - started:.1f} s", flush=True)
        panels = json.loads(
            subprocess.run(
                [sys.executable, "-c", PANEL_QUERY],
                env=env,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
                timeout=120,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        if not panels:
            raise RuntimeError("the demo has no live venue left to drive")
        panel_id = panels[0]
        print(
            f"venue (panel) {panel_id}; {'Redis pub/sub' if args.redis else 'in-process broker'}",
            flush=True,
        )

        result: dict = {
            "path": "redis" if args.redis else "local",
            "trigger": "service call in a subprocess, via Redis pub/sub"
            if args.redis
            else "host HTTP action, in the server process",
            "machine": {
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
                "rlimit_nofile_before": [soft, hard],
                "rlimit_nofile": [resource.getrlimit(resource.RLIMIT_NOFILE)[0], hard],
            },
            "source": source(),
            "connect_concurrency": args.concurrency,
            "timeout_seconds": args.timeout,
        }
        import starlette

        reference: dict = {
            "path": "reference",
            "server": f"bare Starlette {starlette.__version__} SSE broadcast (bench/"
            "sse_reference.py), uvicorn: uvloop, httptools, lifespan off, no access log",
            "trigger": "POST /publish/<id> from a subprocess",
        }
        state = data_dir / "reference-state.json"  # Podium's snapshot, for the reference

        def keep_state(port: int) -> None:
            if not state.exists():
                found = asyncio.run(fetch_state(port, panel_id, SERVER_START_TIMEOUT))
                state.write_text(json.dumps(found, ensure_ascii=False))
                reference["state_bytes"] = len(state.read_bytes())

        # Each part runs on Podium, then on the reference: close in time on a shared machine.
        if args.clients or args.storm:
            server, port = start_server(env, data_dir, "latency")
            result["server_idle_rss_mib"] = rss_mib(server.pid)
            result["server_native_parts"] = native_parts(server.pid)
            if args.clients:
                result.update(asyncio.run(latency_runs(args, env, port, panel_id, server.pid)))
            if args.storm:
                result["storm"] = asyncio.run(storm_probe(args, env, port, panel_id, server.pid))
            keep_state(port)
            stop_server(server)
        if args.clients:
            server, port = start_server(env, data_dir, "reference-latency", state)
            reference["server_idle_rss_mib"] = rss_mib(server.pid)
            reference["server_native_parts"] = native_parts(server.pid)
            reference.update(
                asyncio.run(latency_runs(args, env, port, panel_id, server.pid, reference=True))
            )
            stop_server(server)
        if args.capacity:
            server, port = start_server(env, data_dir, "capacity")
            result["capacity"] = asyncio.run(capacity_ramp(args, env, port, panel_id, server.pid))
            keep_state(port)
            stop_server(server)
            server, port = start_server(env, data_dir, "reference-capacity", state)
            reference["capacity"] = asyncio.run(
                capacity_ramp(args, env, port, panel_id, server.pid, reference=True)
            )
            stop_server(server)
        result["reference"] = reference
        result["comparison"] = comparison(result, reference)
        print("\n======== Podium ========")
        print_tables(result)
        print("\n======== reference ========")
        print_tables(reference, "bare Starlette server")
        print_comparison(result["comparison"])
        stored = {}
        if RESULTS.exists():
            with contextlib.suppress(ValueError):
                stored = json.loads(RESULTS.read_text())
        # A run with other parts than the default ones is kept apart from it.
        parts = [
            n
            for n, on in (
                ("latency", args.clients),
                ("storm", args.storm),
                ("capacity", args.capacity),
            )
            if on
        ]
        key = result["path"]
        if parts != ["latency", "capacity"]:
            key += "-" + "+".join(parts)
        stored[key] = result
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwritten to {RESULTS.relative_to(REPO)} under {key!r}")
    finally:
        stop_server(server)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: the server is stopped and the data dir removed")
