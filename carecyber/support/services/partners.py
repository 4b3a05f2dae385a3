"""Partner coverage (rules by region and type, with hand-placed exceptions) and messages to groups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, OrganisationType, Region, Role, SupportPartner, User
from carecyber.support import permissions
from carecyber.support.models import (
    OPEN_STATUSES,
    CoverageException,
    CoverageRule,
    GroupMessage,
    GroupMessageDelivery,
    GroupMessageStatus,
    MessagePreference,
    Ticket,
)

SUBJECT_MAX = 150
BODY_MAX = 5000
UNSUBSCRIBE_SALT = "support.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def _require_national(actor: Actor) -> None:
    if not permissions.can_manage_coverage(actor):
        raise PermissionDenied("Only the national team can change which partner covers which organisations")


# --- coverage ----------------------------------------------------------------------------------------------


def _apply_rule(rule_region: str, rule_type: str, partner_id: int | None) -> int:
    """Move the organisations a rule covers (except hand-placed ones) and their open tickets. Two statements."""
    targets = (
        Organisation.objects.filter(region=rule_region, type=rule_type)
        .exclude(pk__in=CoverageException.objects.values("organisation_id"))
        .exclude(support_partner_id=partner_id)
    )
    moved_ids = list(targets.values_list("pk", flat=True))
    if not moved_ids:
        return 0
    Organisation.objects.filter(pk__in=moved_ids).update(support_partner_id=partner_id, updated_at=timezone.now())
    Ticket.objects.filter(organisation_id__in=moved_ids, status__in=OPEN_STATUSES).update(partner_id=partner_id)
    return len(moved_ids)


def coverage_rule_set(*, actor: Actor, region: str, org_type: str, partner: SupportPartner | None) -> int:
    """Set who covers one region and type, and move its organisations now. Returns how many moved."""
    _require_national(actor)
    if region not in Region.values:
        raise ValidationError({"region": "Choose a region"})
    if org_type not in OrganisationType.values:
        raise ValidationError({"org_type": "Choose a type of organisation"})
    if partner is not None and partner.region != region:
        raise ValidationError(
            {"partner": f"{partner.name} works in {Region(partner.region).label}, not {Region(region).label}"}
        )
    with transaction.atomic():
        rule, _ = CoverageRule.objects.select_for_update().get_or_create(
            region=region, org_type=org_type, defaults={"partner": partner, "updated_by": actor.user}
        )
        before = rule.partner.code if rule.partner else None
        rule.partner, rule.updated_by = partner, actor.user
        rule.save()
        moved = _apply_rule(region, org_type, partner.pk if partner else None)
        audit_record(
            actor=actor,
            action="coverage.rule_set",
            obj=rule,
            object_label=f"{Region(region).label}, {OrganisationType(org_type).label}",
            changes={"partner": [before, partner.code if partner else None], "organisations_moved": moved},
        )
    return moved


def coverage_region_set(*, actor: Actor, region: str, choices: Mapping[str, str]) -> tuple[int, int]:
    """Several rules of one region at once, all or none: {type: partner code, or "none" for the national team}.

    A type left empty keeps its rule. Returns (rules changed, organisations moved).
    """
    _require_national(actor)
    current = {r.org_type: r for r in CoverageRule.objects.filter(region=region).select_related("partner")}
    changed = moved = 0
    with transaction.atomic():
        for org_type, code in sorted(choices.items()):
            if not code:
                continue
            rule = current.get(org_type)
            if rule is not None and code == (rule.partner.code if rule.partner else "none"):
                continue
            partner = None
            if code != "none":
                partner = SupportPartner.objects.filter(code=code).first()
                if partner is None:
                    raise ValidationError({"partner": f"There is no support partner called {code!r}"})
            moved += coverage_rule_set(actor=actor, region=region, org_type=org_type, partner=partner)
            changed += 1
    return changed, moved


def coverage_apply_all(*, actor: Actor) -> int:
    """Apply every rule (for organisations added since, or moved by hand outside an exception). Idempotent."""
    _require_national(actor)
    moved = 0
    with transaction.atomic():
        for rule in CoverageRule.objects.all():
            moved += _apply_rule(rule.region, rule.org_type, rule.partner_id)
        if moved:
            audit_record(
                actor=actor,
                action="coverage.applied",
                object_label=f"{moved} organisations moved",
                changes={"organisations_moved": moved},
            )
    return moved


def coverage_exception_set(
    *, actor: Actor, organisation: Organisation, partner: SupportPartner | None, reason: str
) -> CoverageException:
    """Place one organisation by hand; rules will leave it there until the exception is cleared."""
    _require_national(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this organisation is placed by hand"})
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason to 300 characters or fewer"})
    with transaction.atomic():
        before = organisation.support_partner.code if organisation.support_partner else None
        exception, _ = CoverageException.objects.update_or_create(
            organisation=organisation, defaults={"partner": partner, "reason": reason, "set_by": actor.user}
        )
        Organisation.objects.filter(pk=organisation.pk).update(support_partner=partner, updated_at=timezone.now())
        Ticket.objects.filter(organisation=organisation, status__in=OPEN_STATUSES).update(partner=partner)
        audit_record(
            actor=actor,
            action="coverage.exception_set",
            obj=exception,
            organisation=organisation,
            object_label=organisation.code,
            changes={"partner": [before, partner.code if partner else None], "reason": reason},
        )
    organisation.refresh_from_db()
    return exception


def coverage_exception_clear(*, actor: Actor, organisation: Organisation) -> None:
    """Hand the organisation back to the rules (applied straight away)."""
    _require_national(actor)
    with transaction.atomic():
        deleted, _ = CoverageException.objects.filter(organisation=organisation).delete()
        if not deleted:
            return
        rule = CoverageRule.objects.filter(region=organisation.region, org_type=organisation.type).first()
        if rule is not None:
            _apply_rule(rule.region, rule.org_type, rule.partner_id)
        audit_record(
            actor=actor, action="coverage.exception_cleared", organisation=organisation, object_label=organisation.code
        )


# --- messages to groups ------------------------------------------------------------------------------------


def _clean(value: str, *, field: str, label: str, limit: int) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: f"Enter {label}"})
    if len(text) > limit:
        raise ValidationError({field: f"Keep {label} to {limit:,} characters or fewer (it has {len(text):,})"})
    if "<" in text or ">" in text:
        raise ValidationError({field: f"Remove the < and > signs from {label}: messages are plain text"})
    return text


def group_message_send(
    *,
    actor: Actor,
    organisation_ids: Sequence[int],
    filter_summary: str,
    subject: str,
    body: str,
    essential: bool,
    idempotency_key: str,
) -> tuple[GroupMessage, bool]:
    """Queue one message to the security leads of these organisations. Sending the same form twice sends once.

    Returns (message, created). The organisations are checked against the
    actor's scope, so a partner can only ever reach its own.
    """
    if not permissions.can_use_partner_dashboard(actor):
        raise PermissionDenied("Only support partners and the national team can message groups of organisations")
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError({"idempotency_key": "The form has expired: open it again"})
    existing = GroupMessage.objects.filter(sender=actor.user, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for field, label, limit, value in (
        ("subject", "a subject", SUBJECT_MAX, subject),
        ("body", "your message", BODY_MAX, body),
    ):
        try:
            cleaned[field] = _clean(value, field=field, label=label, limit=limit)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    allowed = list(
        Organisation.objects.visible_to(actor).filter(pk__in=list(organisation_ids)).values_list("pk", flat=True)
    )
    if not allowed:
        errors.setdefault("__all__", []).append("No organisations match these filters: change them and try again")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            message = GroupMessage.objects.create(
                sender=actor.user,
                partner=actor.support_partner,
                subject=cleaned["subject"],
                body=cleaned["body"],
                essential=essential,
                filter_summary=filter_summary[:500],
                organisation_ids=sorted(allowed),
                idempotency_key=idempotency_key,
            )
            audit_record(
                actor=actor,
                action="group_message.queued",
                obj=message,
                object_label=message.subject,
                changes={"organisations": len(allowed), "essential": essential, "filters": filter_summary[:200]},
            )
            transaction.on_commit(lambda: _queue_delivery(message.pk))
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request made it.
        return GroupMessage.objects.get(sender=actor.user, idempotency_key=idempotency_key), False
    return message, True


def _queue_delivery(message_id: int) -> None:
    from carecyber.support.tasks import group_message_deliver

    group_message_deliver.delay(message_id)


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def group_message_deliver_batch(*, message_id: int, chunk: int = 500) -> int:
    """Make each recipient's delivery once, then send them in chunks. Safe to run again after a crash.

    Deliveries are unique per person; a chunk is marked sent in the same
    transaction that queues its emails (on commit), so a retry picks up only
    what was not queued.
    """
    message = GroupMessage.objects.get(pk=message_id)
    if message.status == GroupMessageStatus.SENT:
        return 0
    GroupMessage.objects.filter(pk=message.pk, status=GroupMessageStatus.QUEUED).update(
        status=GroupMessageStatus.SENDING
    )
    ids = list(message.organisation_ids)
    for start in range(0, len(ids), chunk):
        leads = Membership.objects.filter(
            organisation_id__in=ids[start : start + chunk], role=Role.SECURITY_LEAD, user__is_active=True
        ).values_list("user_id", "organisation_id")
        GroupMessageDelivery.objects.bulk_create(
            [GroupMessageDelivery(message=message, user_id=u, organisation_id=o) for u, o in leads],
            ignore_conflicts=True,
            batch_size=1000,
        )
    GroupMessage.objects.filter(pk=message.pk).update(recipients=message.deliveries.count())
    sender_name = message.partner.name if message.partner else "the national support team"
    queued = 0
    while True:
        with transaction.atomic():
            batch = list(
                GroupMessageDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(message=message, sent_at__isnull=True, skipped_reason="")
                .select_related("user", "organisation")
                .order_by("pk")[:chunk]
            )
            if not batch:
                break
            opted_out: set[int] = set()
            if not message.essential:
                opted_out = set(
                    MessagePreference.objects.filter(
                        user_id__in=[d.user_id for d in batch], non_essential_opt_out=True
                    ).values_list("user_id", flat=True)
                )
            now = timezone.now()
            to_send = [d for d in batch if d.user_id not in opted_out]
            GroupMessageDelivery.objects.filter(pk__in=[d.pk for d in batch if d.user_id in opted_out]).update(
                skipped_reason="unsubscribed"
            )
            GroupMessageDelivery.objects.filter(pk__in=[d.pk for d in to_send]).update(sent_at=now)
            transaction.on_commit(lambda batch=to_send: _send_batch(message, batch, sender_name))  # type: ignore[misc]
            queued += len(to_send)
    counts = message.deliveries.aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)), skipped=Count("pk", filter=~Q(skipped_reason=""))
    )
    GroupMessage.objects.filter(pk=message.pk).update(
        status=GroupMessageStatus.SENT, finished_at=timezone.now(), sent=counts["sent"], skipped=counts["skipped"]
    )
    return queued


def _send_batch(message: GroupMessage, batch: list[GroupMessageDelivery], sender_name: str) -> None:
    for delivery in batch:
        headers: dict[str, str] = {}
        context: dict[str, object] = {
            "message": message,
            "organisation": delivery.organisation,
            "user": delivery.user,
            "sender_name": sender_name,
        }
        if not message.essential:
            link = absolute_url(reverse("support:unsubscribe", args=[unsubscribe_token(delivery.user)]))
            headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
            context["unsubscribe_link"] = link
        send_templated(
            to=[delivery.user.email],
            subject=message.subject,
            template="support_group_message",
            context=context,
            headers=headers,
        )


def message_preference_set(*, actor: Actor, user: User, non_essential_opt_out: bool, via: str) -> MessagePreference:
    """Stop (or start again) non-essential messages. Essential ones always reach security leads."""
    if actor.user is not None and actor.user.pk != user.pk:
        raise PermissionDenied("You can only change your own messages")
    with transaction.atomic():
        preference, _ = MessagePreference.objects.update_or_create(
            user=user, defaults={"non_essential_opt_out": non_essential_opt_out}
        )
        audit_record(
            actor=actor,
            action="messages.unsubscribed" if non_essential_opt_out else "messages.resubscribed",
            obj=preference,
            object_label=user.email,
            changes={"via": via},
        )
    return preference
