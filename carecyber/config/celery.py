"""The Celery app. Without CELERY_BROKER_URL, tasks run in the calling process."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecyber.config.settings.local")

app = Celery("carecyber")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _add_scheduled_jobs(sender: Celery, **kwargs: object) -> None:
    """Each app's schedule.py lists its jobs; Celery beat runs them (see core/extensions.py)."""
    from carecyber.core.extensions import scheduled_jobs

    for job in scheduled_jobs():
        sender.add_periodic_task(job.seconds, sender.signature(job.task, kwargs=job.kwargs), name=job.name)
