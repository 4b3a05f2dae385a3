"""Background work: in-process without a broker; on a real Celery worker when a broker is reachable."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from carecyber.core.mail import send_templated
from carecyber.core.tasks import ping

pytestmark = pytest.mark.django_db


def test_without_a_broker_tasks_run_in_this_process() -> None:
    result = ping.delay("here")
    assert result.get(timeout=1)["pid"] == os.getpid()


def test_email_is_sent_by_the_task_with_both_parts() -> None:
    send_templated(
        to=["a@example.test"],
        subject="Hello",
        template="invitation",
        context={
            "user": {"full_name": "Ann"},
            "membership": {"place_name": "Oak Surgery", "get_role_display": lambda: "Staff"},
            "inviter": None,
            "link": "http://x/y",
            "needs_password": True,
        },
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Hello Ann" in message.body and "Oak Surgery" in message.body
    assert message.alternatives[0][1] == "text/html"  # type: ignore[attr-defined]


def _broker_reachable(url: str) -> bool:
    if not url.startswith("redis"):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.worker
def test_a_real_worker_runs_the_task() -> None:
    broker = settings.CELERY_BROKER_URL or os.environ.get("CELERY_BROKER_URL", "")
    if not _broker_reachable(broker):
        pytest.skip("no Redis broker reachable (set CELERY_BROKER_URL): the real-worker test did not run")
    from carecyber.config.celery import app

    name = f"test-{uuid.uuid4().hex[:8]}"
    queue = f"q-{name}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "DJANGO_SETTINGS_MODULE": "carecyber.config.settings.local",
    }
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "carecyber"),
            "worker",
            "--concurrency=1",
            f"--hostname={name}@%h",
            f"--queues={queue}",
            "--loglevel=WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend)
    try:
        app.conf.task_always_eager = False
        app.conf.broker_url = broker
        app.conf.result_backend = broker
        token = uuid.uuid4().hex
        result = ping.apply_async(args=[token], queue=queue)
        answer = result.get(timeout=60)
        assert answer["token"] == token
        assert answer["pid"] != os.getpid()
        assert answer["pid"] in set(_children(worker.pid)) | {worker.pid}
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend = old
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().split()
                except OSError:
                    continue
                if int(stat[3]) == pid:
                    found.add(int(entry.name))
        if found:
            break
    return found
