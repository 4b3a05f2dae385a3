"""Background work of support: reminders and warnings, each idempotent (a marker per thing, set with it)."""

from __future__ import annotations

from celery import shared_task

from carecyber.core.actor import Actor


@shared_task(name="support.policy_review_reminders")
def policy_review_reminders() -> int:
    """Offer each organisation's policies again for review when their review date is near."""
    from carecyber.support.services.policies import policy_review_reminders_send

    return policy_review_reminders_send(actor=Actor.system("policy review reminders"))


@shared_task(name="support.ticket_due_warnings")
def ticket_due_warnings() -> int:
    """Warn each support desk, once per question, as its first reply nears (2 working days)."""
    from carecyber.support.services.helpline import ticket_due_warnings_send

    return ticket_due_warnings_send(actor=Actor.system("helpline first-reply warnings"))


@shared_task(name="support.group_message_deliver", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def group_message_deliver(message_id: int) -> int:
    """Fan one group message out to each recipient, in chunks, exactly once (see the service)."""
    from carecyber.support.services.partners import group_message_deliver_batch

    return group_message_deliver_batch(message_id=message_id)


@shared_task(name="support.coverage_apply")
def coverage_apply() -> int:
    """Place organisations added since the rules were set (and any moved outside an exception)."""
    from carecyber.support.services.partners import coverage_apply_all

    return coverage_apply_all(actor=Actor.system("partner coverage"))


@shared_task(name="support.event_reminders")
def event_reminders() -> int:
    """Remind people registered for an event in the 24 hours before it starts."""
    from carecyber.support.services.events import event_reminders_send

    return event_reminders_send(actor=Actor.system("event reminders"))
