"""Public reads under an audience: `podium serve` beside nginx serving a saved copy of the
same response bodies, measured with wrk in the same run, interleaved; and the documented
production set-up (docs/deploy: nginx caching in front of `podium serve`) beside both.

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
    "/",  # home
    "/wall/",  # the display wall (展示墙), first page
    "/schedule/",
    "/live/",  # the live index: every venue's card
    "/dashboard/",
    "/results/1/leader/",  # the regional round: 1,457 teams across the regions
    "/api/results/1/leader",
    "/results/2/leader/",  # the semi-final
    "/api/results/2/leader",
]
LOCATIONS = REPO / "docs" / "deploy" / "podium-locations.conf"
# The documented locations, with this run's static dir: nginx in front of podium.
PROXY_CONF = """
worker_processes 1;
daemon off;
pid {root}/proxy.pid;
error_log {root}/proxy-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  proxy_cache_path {root}/cache levels=1:2 keys_zone=podium:20m max_size=1g inactive=1h
                   use_temp_path=off;
  upstream podium {{ server 127.0.0.1:{podium_port}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    {locations}
  }}
}}
"""
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
    default_type application/json;  # the API's URLs have no extension
    location / {{ index index.html; try_files $uri $uri/ =404; }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    last: OSError | None = None
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError as error:
            last = error
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s: {last!r}")


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
        root.chmod(0o755)  # nginx's workers run as another user and read from here
        data_dir = options.data_dir or root / "data"
        if options.data_dir is None:
            print("building the demo edition …", flush=True)
            build_demo(data_dir)
        podium_port, nginx_port, proxy_port = free_port(), free_port(), free_port()
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
            locations = LOCATIONS.read_text().replace(
                "/srv/podium/data/static/", f"{data_dir}/static/"
            )
            (root / "proxy.conf").write_text(
                PROXY_CONF.format(
                    root=root, port=proxy_port, podium_port=podium_port, locations=locations
                )
            )
            nginx = subprocess.Popen(["nginx", "-c", str(root / "nginx.conf")])
            proxy = subprocess.Popen(["nginx", "-c", str(root / "proxy.conf")])
            try:
                wait_for(f"http://127.0.0.1:{nginx_port}{URLS[0]}")
                wait_for(f"http://127.0.0.1:{proxy_port}{URLS[0]}")
                targets = {
                    "podium": podium,
                    "nginx": f"http://127.0.0.1:{nginx_port}",
                    "proxied": f"http://127.0.0.1:{proxy_port}",
                }
                figures = measure(targets, options)
            finally:
                for each in (nginx, proxy):
                    each.terminate()
                    each.wait()
        finally:
            server.terminate()
            server.wait()
    report(figures, options)


def measure(targets: dict[str, str], options) -> dict[str, dict[str, list[dict]]]:
    figures: dict[str, dict[str, list[dict]]] = {p: {n: [] for n in targets} for p in URLS}
    for _ in range(options.rounds):
        for path in URLS:
            for name, base in targets.items():
                figures[path][name].append(wrk(base + path, options.seconds, options.connections))
    return figures


def report(figures: dict[str, dict[str, list[dict]]], options) -> None:
    rows = []
    print(f"\nwrk -t1 -c{options.connections} -d{options.seconds}s, {options.rounds} rounds")
    print(
        f"{'public read':<24}{'podium req/s':>13}{'p99 ms':>8}{'nginx req/s':>13}{'ratio':>7}"
        f"{'nginx→podium':>14}{'p99 ms':>8}{'ratio':>7}"
    )
    for path, runs in figures.items():
        best = {name: max(found, key=lambda r: r["rps"]) for name, found in runs.items()}
        static = best["nginx"]["rps"] or 1.0
        errors = sum(r["errors"] for name in ("podium", "proxied") for r in runs[name])
        print(
            f"{path:<24}{best['podium']['rps']:>13,.0f}{best['podium']['p99_ms']:>8.1f}"
            f"{best['nginx']['rps']:>13,.0f}{best['podium']['rps'] / static:>7.2f}"
            f"{best['proxied']['rps']:>14,.0f}{best['proxied']['p99_ms']:>8.1f}"
            f"{best['proxied']['rps'] / static:>7.2f}" + (f"  ({errors} errors)" if errors else "")
        )
        rows.append({"path": path, **runs})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": sys.version.split()[0],
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "command": f"wrk -t1 -c{options.connections} -d{options.seconds}s --latency",
                "rows": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
