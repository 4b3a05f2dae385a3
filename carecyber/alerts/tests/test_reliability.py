"""A real Celery worker killed in the middle of a fan-out, then started again: nothing lost, nothing doubled.

Needs a Redis broker (CELERY_BROKER_URL) and PostgreSQL (the worker is another
process and must share the database); skipped with a notice otherwise. Email
goes to a real SMTP server (aiosmtpd) in this process, which holds one message
in the middle of the run while the worker is killed with SIGKILL, so the kill
lands exactly where it hurts most: in the middle of sending.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from carecyber.alerts.models import Advisory, AlertContact, Asset, Delivery, FanOut, FanOutState, Response
from carecyber.alerts.services import advisory_create, advisory_publish
from carecyber.alerts.tests.conftest import actor_for, advisory_input
from carecyber.core.models import Organisation

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ORGANISATIONS = 300
HOLD_AT = 60  # the message the mail server holds while the worker is killed


def _broker() -> str:
    url = settings.CELERY_BROKER_URL or os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        return ""
    import redis

    try:
        return url if redis.Redis.from_url(url, socket_connect_timeout=1).ping() else ""
    except redis.RedisError:
        return ""


class HoldingMailbox:
    """An SMTP handler that records each accepted message and holds message number HOLD_AT until released."""

    def __init__(self) -> None:
        self.accepted: list[tuple[str, str]] = []
        self.count = 0
        self.held = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.count += 1
            number = self.count
        if number == HOLD_AT:
            self.held.set()
            while not self.release.is_set():  # the client is killed while it waits for our answer
                await asyncio.sleep(0.05)
            return "451 Try again later"  # never reached the recipient: the client is gone
        message_id = next(
            (
                line.split(":", 1)[1].strip()
                for line in envelope.content.decode().splitlines()
                if line.lower().startswith("message-id:")
            ),
            "",
        )
        with self.lock:
            self.accepted.append((envelope.rcpt_tos[0], message_id))
        return "250 OK"


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


LOG_DIR = Path(os.environ.get("TMPDIR", "/tmp"))


def _start_worker(env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    log = (LOG_DIR / f"carecyber-{name}.log").open("wb")
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "carecyber"),
            "worker",
            "--concurrency=1",
            f"--hostname={name}@%h",
            "--loglevel=INFO",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the kill reaches its pool child too
    )


def _stop(worker: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def _other_sessions() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def _wait_for_other_sessions_to_close(before: set[int]) -> None:
    """The workers' database sessions end with them; wait, so the test database can be dropped afterwards.
    Sessions open before the workers started (a live server thread of other tests) are not theirs."""
    _wait(lambda: _other_sessions() <= before, 30, "the workers' database sessions to close")


def _wait(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_worker_finishes_the_fan_out_exactly_once(world) -> None:
    broker = _broker()
    if not broker:
        pytest.skip("no Redis broker reachable (set CELERY_BROKER_URL): the worker-kill test did not run")
    if connection.vendor != "postgresql":
        pytest.skip("the worker-kill test needs PostgreSQL (a worker process must share the database)")
    import redis
    from aiosmtpd.controller import Controller

    from carecyber.config.celery import app

    redis.Redis.from_url(broker).flushdb()  # our own Redis database: no messages left from an earlier run
    sessions_before = _other_sessions()
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Reliability {n}", code=f"RL{n:04d}", type="care_home", region="london")
            for n in range(ORGANISATIONS)
        ]
    )
    AlertContact.objects.bulk_create(
        [
            AlertContact(organisation=o, name=f"Contact {o.code}", email=f"{o.code.lower()}@reliability.test")
            for o in orgs
        ]
    )
    Asset.objects.bulk_create(
        [
            Asset(
                organisation=o,
                vendor_name="Microsoft",
                product_name="Exchange Server",
                version="15.2.986.5",
                vendor="microsoft",
                product="exchange_server",
                product_key="microsoft:exchange_server",
            )
            for o in orgs
        ]
    )
    mailbox = HoldingMailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(mailbox, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "carecyber.config.settings.local",
        "DEBUG": "false",
        "DEMO_MODE": "false",
    }
    first = _start_worker(env, "reliability-1")
    second = None
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend)
    try:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend = False, broker, broker
        national = actor_for(world.national)
        advisory = advisory_create(actor=national, data=advisory_input())
        advisory_publish(actor=national, advisory=advisory)  # the fan-out goes to the worker through Redis

        assert mailbox.held.wait(120), "the worker never got far enough into the fan-out"
        _stop(first, signal.SIGKILL)  # killed while it waits for the mail server's answer
        mailbox.release.set()
        fanout = FanOut.objects.get(advisory=advisory)
        sent_before = Delivery.objects.filter(advisory=advisory, status="sent").count()
        assert fanout.state == FanOutState.DELIVERING
        assert sent_before == HOLD_AT - 1 < ORGANISATIONS
        assert len(mailbox.accepted) == HOLD_AT - 1

        second = _start_worker(env, "reliability-2")
        from carecyber.alerts.tasks import fan_out_sweep

        # The schedule runs the sweep every minute and resumes fan-outs quiet for two; here, compressed in time.
        deadline = time.monotonic() + 180
        while FanOut.objects.get(pk=fanout.pk).state != FanOutState.DONE:
            assert time.monotonic() < deadline, "timed out waiting for the fan-out to finish"
            fan_out_sweep.apply_async(kwargs={"stale_seconds": 2})
            time.sleep(3)
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend = old
        mailbox.release.set()
        _stop(first, signal.SIGKILL)
        if second is not None:
            _stop(second)
        smtp.stop()
        _wait_for_other_sessions_to_close(sessions_before)

    recipients = [to for to, _ in mailbox.accepted]
    message_ids = [mid for _, mid in mailbox.accepted]
    assert len(recipients) == ORGANISATIONS, "every contact got the alert"
    assert len(set(recipients)) == ORGANISATIONS, "nobody got it twice"
    assert len(set(message_ids)) == ORGANISATIONS
    assert set(recipients) == {f"{o.code.lower()}@reliability.test" for o in orgs}
    assert Response.objects.filter(advisory=advisory).count() == ORGANISATIONS
    assert Delivery.objects.filter(advisory=advisory).count() == ORGANISATIONS
    assert set(Delivery.objects.filter(advisory=advisory).values_list("status", flat=True)) == {"sent"}
    assert Advisory.objects.get(pk=advisory.pk).revision == 1
