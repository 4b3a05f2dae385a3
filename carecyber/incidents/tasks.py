"""Background work of incidents: the 72-hour clock's reminders and webhook deliveries.

Sweeps find what is due with one indexed query and fan out one small task per
item; each item task is idempotent (a unique reminder row, a claimed delivery),
so a retry or a second worker never repeats a reminder or a delivery.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="incidents.clock_reminders")
def clock_reminders() -> int:
    """Every few minutes: queue a reminder for each running clock that has passed 24, 48 or 66 hours."""
    from carecyber.incidents.services.grading import incidents_with_reminder_due

    ids = incidents_with_reminder_due()
    for incident_id in ids:
        send_clock_reminder.delay(incident_id)
    return len(ids)


@shared_task(name="incidents.send_clock_reminder", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_clock_reminder(incident_id: int) -> int | None:
    from carecyber.incidents.services.grading import clock_reminder_send

    return clock_reminder_send(incident_id=incident_id)


@shared_task(name="incidents.deliver_webhook")
def deliver_webhook(delivery_id: int) -> str:
    """One attempt; a failure is left pending with its next attempt time, for the retry sweep."""
    from carecyber.incidents.services.webhooks import delivery_attempt

    return delivery_attempt(delivery_id)


@shared_task(name="incidents.retry_webhooks")
def retry_webhooks() -> int:
    """Every minute: queue the deliveries whose next attempt has come."""
    from carecyber.incidents.services.webhooks import deliveries_due

    ids = deliveries_due()
    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)
    return len(ids)
