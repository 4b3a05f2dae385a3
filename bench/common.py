"""Shared helpers for the benchmarks: a national-scale PostgreSQL database, a real server, real load.

Benchmarks are scripts, not tests: each prints its figures and the data size
they ran on. They use their own database (never the one `make run` uses),
start gunicorn on loopback, sign people in by creating real sessions, and
drive load with wrk (Debian's package, installed if missing) from a second
process, so the figures include HTTP, middleware, templates and SQL.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CARECYBER = str(BIN / "carecyber")
DEFAULT_BENCH_DB = "postgres://postgres@127.0.0.1:5432/carecyber_bench"


def heading(text: str) -> None:
    print(f"\n=== {text}", flush=True)


def bench_env(database_url: str | None = None, **extra: str) -> dict[str, str]:
    """Environment for every process of a benchmark: its own database and data folder, no debug."""
    url = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_BENCH_DB)
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", REPO / "var" / "bench"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="carecyber.config.settings.local",
        DEBUG="false",
        DEMO_MODE="false",
        CARECYBER_DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def ensure_database(env: dict[str, str]) -> None:
    """Create the PostgreSQL database if it is missing, and migrate it."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[-1]
        host_part = url.split("://", 1)[1].rsplit("/", 1)[0]
        user, _, hostport = host_part.rpartition("@")
        host, _, port = hostport.partition(":")
        args = ["-h", host or "127.0.0.1", "-p", port or "5432", "-U", (user.split(":")[0] or "postgres")]
        listed = subprocess.run(
            ["psql", *args, "-tAc", "SELECT datname FROM pg_database", "postgres"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        exists = "1" if name in listed else ""
        if exists != "1":
            subprocess.run(["createdb", *args, name], check=True)
    subprocess.run([CARECYBER, "migrate", "--noinput", "-v", "0"], env=env, check=True)


def setup_django(env: dict[str, str]) -> None:
    """Use the benchmark's database from this process too (for sessions, counts and direct timings)."""
    os.environ.update(env)
    import django

    django.setup()


def ensure_national_data(env: dict[str, str], *, organisations: int = 50_000, memberships: int = 1_500_000) -> None:
    from carecyber.core.models import Organisation

    existing = Organisation.objects.filter(code__startswith="Z").count()
    if existing >= organisations:
        print(f"national data present: {existing:,} organisations", flush=True)
        return
    if existing:
        raise SystemExit(
            f"the bench database has {existing:,} generated organisations, fewer than {organisations:,}:"
            " drop it (dropdb) and run again"
        )
    print(f"loading national data ({organisations:,} organisations, {memberships:,} memberships)…", flush=True)
    subprocess.run(
        [
            CARECYBER,
            "demo",
            "--scale",
            "national",
            "--organisations",
            str(organisations),
            "--memberships",
            str(memberships),
        ],
        env=env,
        check=True,
    )


def collect_static(env: dict[str, str]) -> None:
    subprocess.run([CARECYBER, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 4, threads: int = 1) -> Iterator[str]:
    """Serve the app with gunicorn on loopback; yields the base URL."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "carecyber.config.wsgi",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        env={**env, "ALLOWED_HOSTS": "127.0.0.1,localhost"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit(f"gunicorn stopped: {Path(log.name).read_text()[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def session_cookie(email: str) -> str:
    """A real, two-factor-verified session for `email` (its most senior membership), as a Cookie header."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carecyber.core.models import User
    from carecyber.core.queries import memberships_of

    user = User.objects.get(email=email)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Benchmark", defaults={"confirmed": True})
    membership = memberships_of(user).first()
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store["two_factor_required"] = True
    store["membership_id"] = membership.pk if membership else None
    store["last_seen"] = int(time.time()) + 365 * 24 * 3600  # never idle during a run
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class LoadResult:
    path: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non_2xx: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.path}: p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"{self.rps:.1f} requests/s ({self.requests:,} requests, {self.errors + self.non_2xx} errors)"
        )


_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, check=False)
    return shutil.which("wrk")


def load(
    base: str,
    path: str,
    *,
    cookie: str = "",
    concurrency: int = 8,
    seconds: int = 15,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Concurrent GETs of one path for `seconds`, with wrk (or a Python client if wrk cannot be installed)."""
    all_headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
    # Warm every worker up (first requests compile templates and fill caches).
    _python_load(base, path, all_headers, concurrency=concurrency, seconds=2)
    wrk = ensure_wrk()
    if wrk is None:
        print("  (wrk not available: using the Python load client)")
        return _python_load(base, path, all_headers, concurrency=concurrency, seconds=seconds)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_REPORT)
    cmd = [wrk, f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "30s", "-s", script.name]
    for name, value in all_headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, f"{base}{path}"], capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return LoadResult(
        path, data["requests"], data["seconds"], data["p50"], data["p95"], data["p99"], data["errors"], data["non2xx"]
    )


def _python_load(base: str, path: str, headers: dict[str, str], *, concurrency: int, seconds: float) -> LoadResult:
    import http.client
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except OSError:
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
                ok = False
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    begin = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begin
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 2 else [0.0] * 99
    return LoadResult(path, len(latencies) + errors, elapsed, q[49], q[94], q[98], 0, errors)


def query_count(path: str, cookie: str) -> tuple[int, int]:
    """(status, number of SQL queries) for one request through the whole stack, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    name, _, value = cookie.partition("=")
    client = Client(HTTP_HOST="localhost")
    if name:  # public pages are counted without a session
        client.cookies[name] = value
    client.get(path)  # warm: sessions and caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response.status_code, len(ctx.captured_queries)


def timed(fn: Any, *, repeat: int = 20) -> tuple[float, float]:
    """(median ms, p95 ms) of calling fn() `repeat` times."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]
