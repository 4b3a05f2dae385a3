"""Background work: building packs, sending exercise emails a few at a time, and campaign reminders."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="awareness.build_pack", acks_late=True)
def build_pack_task(pack_id: int) -> str:
    """Render one pack. Safe to run twice: a pack already built is left alone."""
    from carecyber.awareness.services import pack_build

    pack = pack_build(pack_id=pack_id)
    return pack.status if pack else "missing"


@shared_task(name="awareness.send_exercise_emails")
def send_exercise_emails() -> int:
    """Send the exercise emails that are due (a chunk per run; the schedule runs it every minute)."""
    from carecyber.awareness.services import exercise_send_due

    return exercise_send_due()


@shared_task(name="awareness.send_campaign_reminders")
def send_campaign_reminders() -> int:
    """Remind security leads that their next campaign week is coming up."""
    from carecyber.awareness.services import campaign_reminders_send

    return campaign_reminders_send()
