"""Background work of the toolkit: expiry, reminders (chunked fan-out), recompute and peer figures.

Every task is idempotent: it can run again, or twice at once, and the result is the same.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@shared_task(name="assessments.expire_statuses")
def expire_statuses(today: str | None = None) -> int:
    """Statuses whose publication (or Cyber Essentials Plus certificate) has run out are recomputed."""
    from carecyber.assessments.services.status import statuses_expire

    return len(statuses_expire(today=_day(today)))


@shared_task(name="assessments.send_reminders")
def send_reminders(today: str | None = None) -> int:
    """Fan out: one chunk task per range of organisation ids. Returns how many chunks were queued."""
    from carecyber.assessments.services.assessments import today_local
    from carecyber.assessments.services.reminders import reminder_chunks

    day = (_day(today) or today_local()).isoformat()
    chunks = reminder_chunks()
    for first, last in chunks:
        send_reminders_chunk.delay(first, last, day)
    return len(chunks)


@shared_task(
    name="assessments.send_reminders_chunk", autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True
)
def send_reminders_chunk(first_id: int, last_id: int, today: str) -> int:
    from carecyber.assessments.services.reminders import reminders_send_chunk

    return reminders_send_chunk(first_id=first_id, last_id=last_id, today=date.fromisoformat(today))


@shared_task(name="assessments.recompute_statuses")
def recompute_statuses(today: str | None = None) -> dict[str, Any]:
    from carecyber.assessments.services.status import statuses_recompute

    report = statuses_recompute(today=_day(today))
    return {
        "assessments_refreshed": report.assessments_refreshed,
        "organisations": report.organisations,
        "statuses_changed": report.statuses_changed,
    }


@shared_task(name="assessments.refresh_benchmarks")
def refresh_benchmarks(today: str | None = None) -> dict[str, int]:
    from carecyber.assessments.services.benchmarks import benchmarks_refresh

    report = benchmarks_refresh(today=_day(today))
    return {"groups": report.groups, "standard_rows": report.standard_rows, "item_rows": report.item_rows}
