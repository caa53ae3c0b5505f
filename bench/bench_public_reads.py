"""Public reads under an audience: `podium serve` beside nginx serving a saved copy of the
same response bodies, measured with wrk in the same run, interleaved.

Run: ``.venv/bin/python bench/bench_public_reads.py [--data-dir DIR] [--seconds S]
[--connections C] [--rounds R]``. Without ``--data-dir`` it builds the demo edition in a
temporary directory first (about a minute). Needs ``wrk`` and ``nginx`` on the PATH
(Debian: ``apt-get install wrk nginx-light``). Prints req/s and latency per URL, the ratio
to nginx, and writes ``bench/results/public_reads.json``. The machine is shared: read the
ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "public_reads.json"
PODIUM = REPO / ".venv" / "bin" / "podium"
URLS = [
    "/results/1/leader/",  # the regional round: 1,457 teams across the regions
    "/api/results/1/leader",
    "/results/2/leader/",  # the semi-final
    "/api/results/2/leader",
]
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  types {{ text/html html; application/json json; }}
  server {{
    listen 127.0.0.1:{port};
    root {root}/www;
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    """req/s, p50 and p99 (ms), and errors from one wrk run."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {
        "rps": round(rate, 1),
        "p50_ms": round(latency("50"), 2),
        "p99_ms": round(latency("99"), 2),
        "errors": (int(errors.group(1)) if errors else 0)
        + (int(timeouts.group(1)) if timeouts else 0),
    }


def build_demo(data_dir: Path) -> None:
    env = {**os.environ, "PODIUM_DATA_DIR": str(data_dir)}
    subprocess.run([str(PODIUM), "demo", "--no-serve"], env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="a data dir with the demo built")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install wrk nginx-light)")

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        data_dir = options.data_dir or root / "data"
        if options.data_dir is None:
            print("building the demo edition …", flush=True)
            build_demo(data_dir)
        podium_port, nginx_port = free_port(), free_port()
        env = {**os.environ, "PODIUM_DATA_DIR": str(data_dir)}
        server = subprocess.Popen(
            [str(PODIUM), "serve", "--port", str(podium_port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        podium = f"http://127.0.0.1:{podium_port}"
        try:
            wait_for(podium + "/")
            for path in URLS:  # nginx serves the very bytes podium answers
                body = urllib.request.urlopen(podium + path, timeout=60).read()
                target = root / "www" / path.strip("/")
                target = target / "index.html" if path.endswith("/") else target
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(body)
            (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=nginx_port))
            nginx = subprocess.Popen(["nginx", "-c", str(root / "nginx.conf")])
            try:
                wait_for(f"http://127.0.0.1:{nginx_port}{URLS[0]}")
                figures = measure(podium, f"http://127.0.0.1:{nginx_port}", options)
            finally:
                nginx.terminate()
                nginx.wait()
        finally:
            server.terminate()
            server.wait()
    report(figures, options)


def measure(podium: str, nginx: str, options) -> dict[str, dict[str, list[dict]]]:
    figures: dict[str, dict[str, list[dict]]] = {p: {"podium": [], "nginx": []} for p in URLS}
    for _ in range(options.rounds):
        for path in URLS:
            for name, base in (("podium", podium), ("nginx", nginx)):
                figures[path][name].append(wrk(base + path, options.seconds, options.connections))
    return figures


def report(figures: dict[str, dict[str, list[dict]]], options) -> None:
    rows = []
    print(f"\nwrk -t1 -c{options.connections} -d{options.seconds}s, {options.rounds} rounds")
    print(f"{'public read':<26}{'podium req/s':>14}{'p99 ms':>9}{'nginx req/s':>14}{'ratio':>8}")
    for path, runs in figures.items():
        podium = max(runs["podium"], key=lambda r: r["rps"])
        nginx = max(runs["nginx"], key=lambda r: r["rps"])
        ratio = podium["rps"] / nginx["rps"] if nginx["rps"] else 0.0
        errors = sum(r["errors"] for r in runs["podium"])
        print(
            f"{path:<26}{podium['rps']:>14,.0f}{podium['p99_ms']:>9.1f}"
            f"{nginx['rps']:>14,.0f}{ratio:>8.2f}" + (f"  ({errors} errors)" if errors else "")
        )
        rows.append({"path": path, "podium": runs["podium"], "nginx": runs["nginx"]})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": sys.version.split()[0],
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "rows": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
