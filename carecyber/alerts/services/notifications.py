"""In-app notifications: a person marks their own as read (a read receipt, so not audited)."""

from __future__ import annotations

from django.utils import timezone

from carecyber.alerts.models import Notification
from carecyber.core.actor import Actor


def notifications_mark_read(*, actor: Actor, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the person's unread ones) as read; returns how many changed."""
    if actor.user is None:
        return 0
    mine = Notification.objects.filter(user=actor.user, read_at__isnull=True)
    if notification is not None:
        mine = mine.filter(pk=notification.pk)
    return mine.update(read_at=timezone.now())
