"""Telling everyone about a revision: targets → responses → deliveries and notifications → emails.

Each step is idempotent, so a worker can die anywhere and the job finishes
exactly once when it runs again:

1. Targets and responses are written in one transaction; delivery rows and
   in-app notifications in a second (responses, deliveries and notifications
   each have a unique constraint and are inserted with "do nothing on
   conflict", and the fan-out's state says which step is done).
2. Emails go out in chunks. Each email is sent while its delivery row is
   locked and marked sent in the same transaction; a row already marked sent
   is skipped, so retries never send twice.
3. `fan_out_sweep` (scheduled) picks up any fan-out whose heartbeat stopped
   and carries on from where it was.

The one window no design can close is between the mail server accepting a
message and our commit (a crash there resends it on retry); every message
carries a stable Message-ID, so mail systems drop such a duplicate.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from carecyber.alerts.deadlines import acknowledge_due
from carecyber.alerts.engine.markdown import plain
from carecyber.alerts.engine.model import SEVERITIES, TLP_LEVELS
from carecyber.alerts.models import (
    Advisory,
    AdvisoryRevision,
    AlertContact,
    Delivery,
    DeliveryStatus,
    FanOut,
    FanOutState,
    Notification,
    Response,
    ResponseState,
)
from carecyber.alerts.models.responses import Applicability
from carecyber.alerts.services.exports import advisory_url
from carecyber.alerts.services.targeting import Target, TargetingRun, compute_targets, targets_query
from carecyber.core.models import Membership, Organisation, Role, User

log = logging.getLogger(__name__)

CHUNK = 200
MAX_ATTEMPTS = 5
MAX_ORGANISATIONS_LISTED = 20
TLP_HANDLING = {
    "clear": "TLP:CLEAR – you may share this freely.",
    "green": "TLP:GREEN – share within the health and care community, not publicly.",
    "amber": "TLP:AMBER – share only within your organisation and with those who help you run it, "
    "on a need-to-know basis.",
    "amber+strict": "TLP:AMBER+STRICT – share only within your organisation, on a need-to-know basis.",
    "red": "TLP:RED – for you alone: do not share it with anyone.",
}


def responses_write(advisory: Advisory, revision: int, targets: dict[int, Target]) -> tuple[int, int]:
    """Create the missing responses (deadlines start now); refresh the reasons of existing ones. (total, new)."""
    now = timezone.now()
    existing = set(Response.objects.filter(advisory=advisory).values_list("organisation_id", flat=True))
    due = acknowledge_due(advisory.severity, now)
    if connection.vendor == "postgresql":
        added = _responses_insert_pg(advisory, revision, targets, existing, now, due)
    else:
        added = _responses_insert(advisory, revision, targets, existing, now, due)
    if revision > 1 and existing:
        changed = []
        for response in Response.objects.filter(advisory=advisory, organisation_id__in=list(existing & set(targets))):
            target = targets[response.organisation_id]
            if (response.reasons, response.match_count, response.rule_reason) != (
                target.reasons,
                target.match_count,
                target.rule_reason,
            ):
                response.reasons, response.match_count = target.reasons, target.match_count
                response.rule_reason = target.rule_reason
                changed.append(response)
        Response.objects.bulk_update(changed, ["reasons", "match_count", "rule_reason"], batch_size=2000)
    return len(existing | set(targets)), added


def _responses_insert(
    advisory: Advisory,
    revision: int,
    targets: dict[int, Target],
    existing: set[int],
    now: datetime,
    due: datetime | None,
) -> int:
    new_rows = [
        Response(
            advisory=advisory,
            organisation_id=org_id,
            targeted_at=now,
            targeted_revision=revision,
            reasons=target.reasons,
            rule_reason=target.rule_reason,
            match_count=target.match_count,
            ack_due_at=due,
        )
        for org_id, target in targets.items()
        if org_id not in existing
    ]
    Response.objects.bulk_create(new_rows, batch_size=5000, ignore_conflicts=True)
    return len(new_rows)


def _responses_insert_pg(
    advisory: Advisory,
    revision: int,
    targets: dict[int, Target],
    existing: set[int],
    now: datetime,
    due: datetime | None,
) -> int:
    """The same rows as `_responses_insert`, sent as one JSON document that PostgreSQL expands.

    Django's bulk insert quotes every value of every row in Python (arrays of JSON text): for tens of
    thousands of responses that cost more than the targeting. One JSON parameter costs one json.dumps.
    The defaults below are the model's; a test compares both ways field by field.
    """
    rows = [
        {"o": org_id, "r": target.reasons, "w": target.rule_reason, "m": target.match_count}
        for org_id, target in targets.items()
        if org_id not in existing
    ]
    if not rows:
        return 0
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (
                advisory_id, organisation_id, state, targeted_at, targeted_revision, reasons, rule_reason,
                match_count, ack_due_at, applicability, applicability_reason, outcome, closing_note,
                risk_owner_name, risk_owner_role)
            SELECT %s, t.o, %s, %s, %s, t.r, t.w, t.m, %s, %s, '', '', '', '', ''
            FROM jsonb_to_recordset(%s::jsonb) AS t(o bigint, r jsonb, w text, m integer)
            ON CONFLICT (advisory_id, organisation_id) DO NOTHING
            """,  # noqa: S608  # the table name comes from our own model, values are parameters
            [
                advisory.pk,
                ResponseState.OPEN,
                now,
                revision,
                due,
                Applicability.UNKNOWN,
                json.dumps(rows),
            ],
        )
        return max(int(cursor.rowcount), 0)


def responses_write_pg(advisory: Advisory, revision: int, run: TargetingRun | None = None) -> tuple[int, int]:
    """`responses_write(advisory, revision, compute_targets(advisory, run))` in one PostgreSQL statement.

    The targets query (targeting.targets_query) builds each organisation's reasons and match count in the
    database, and the same statement inserts the missing responses and refreshes the reasons of existing
    ones, so a common product's hundreds of thousands of matching entries never leave PostgreSQL. The
    update reads the statement's snapshot, so it never touches the rows the insert adds. (total, new).
    """
    select, params = targets_query(advisory, run)
    table = connection.ops.quote_name(Response._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        # Sorting a common product's matching entries by organisation takes tens of megabytes: in memory, not
        # on disk, for this statement only (RESET returns to the server's setting for the rest of the work).
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            f"""
            WITH t AS MATERIALIZED ({select}),
            added AS (
                INSERT INTO {table} (
                    advisory_id, organisation_id, state, targeted_at, targeted_revision, reasons, rule_reason,
                    match_count, ack_due_at, applicability, applicability_reason, outcome, closing_note,
                    risk_owner_name, risk_owner_role)
                SELECT %s, t.o, %s, %s, %s, t.r, t.w, t.m, %s, %s, '', '', '', '', '' FROM t
                ON CONFLICT (advisory_id, organisation_id) DO NOTHING
                RETURNING 1
            ),
            changed AS (
                UPDATE {table} r SET reasons = t.r, match_count = t.m, rule_reason = t.w
                FROM t
                WHERE %s AND r.advisory_id = %s AND r.organisation_id = t.o
                  AND (r.reasons, r.match_count, r.rule_reason) IS DISTINCT FROM (t.r, t.m, t.w)
                RETURNING 1
            )
            SELECT (SELECT COUNT(*) FROM added), (SELECT COUNT(*) FROM changed)
            """,  # noqa: S608  # the targets query and table name are our own SQL, values are parameters
            [
                *params,
                advisory.pk,
                ResponseState.OPEN,
                now,
                revision,
                acknowledge_due(advisory.severity, now),
                Applicability.UNKNOWN,
                revision > 1,
                advisory.pk,
            ],
        )
        added, _changed = cursor.fetchone()
        cursor.execute("RESET work_mem")
    return Response.objects.filter(advisory=advisory).count(), int(added)


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "delivery": q(Delivery._meta.db_table),
        "contact": q(AlertContact._meta.db_table),
        "response": q(Response._meta.db_table),
        "organisation": q(Organisation._meta.db_table),
        "membership": q(Membership._meta.db_table),
        "user": q(User._meta.db_table),
        "notification": q(Notification._meta.db_table),
        "key": q("key"),
    }


def deliveries_write(advisory: Advisory, revision: int) -> int:
    """One delivery row per person for this revision: the organisations' alert contacts, or (for an
    organisation with none) its security leads and those of its headquarters. Set-based and idempotent."""
    t = _tables()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {t["delivery"]} (advisory_id, revision, email, name, status, attempts, created_at, last_error)
            SELECT %s, %s, LOWER(c.email), MAX(c.name), %s, 0, %s, ''
            FROM {t["contact"]} c
            WHERE c.organisation_id IN (SELECT r.organisation_id FROM {t["response"]} r WHERE r.advisory_id = %s)
            GROUP BY LOWER(c.email)
            ON CONFLICT (advisory_id, revision, email) DO NOTHING
            """,  # noqa: S608  # table names come from our own models, values are parameters
            [advisory.pk, revision, DeliveryStatus.PENDING, now, advisory.pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {t["delivery"]} (advisory_id, revision, email, name, status, attempts, created_at, last_error)
            SELECT %s, %s, LOWER(u.email), MAX(u.full_name), %s, 0, %s, ''
            FROM {t["response"]} r
            JOIN {t["organisation"]} o ON o.id = r.organisation_id
            JOIN {t["membership"]} m ON m.role = %s
                AND (m.organisation_id = r.organisation_id OR m.organisation_id = o.parent_id)
            JOIN {t["user"]} u ON u.id = m.user_id AND u.is_active = %s
            WHERE r.advisory_id = %s
              AND NOT EXISTS (SELECT 1 FROM {t["contact"]} c WHERE c.organisation_id = r.organisation_id)
            GROUP BY LOWER(u.email)
            ON CONFLICT (advisory_id, revision, email) DO NOTHING
            """,  # noqa: S608  # table names come from our own models, values are parameters
            [advisory.pk, revision, DeliveryStatus.PENDING, now, Role.SECURITY_LEAD, True, advisory.pk],
        )
    return Delivery.objects.filter(advisory=advisory, revision=revision).count()


def notification_text(advisory: Advisory, kind: str) -> str:
    verb = {"published": "New", "updated": "Updated", "withdrawn": "Withdrawn"}.get(kind, "New")
    return f"{verb} {SEVERITIES[advisory.severity]} alert {advisory.reference}: {advisory.title}"[:300]


def notifications_write(advisory: Advisory, revision: int, kind: str) -> None:
    """One in-app notice per person per revision: security leads of targeted organisations (and of their
    headquarters), and alert contacts who are members."""
    t = _tables()
    key = Notification.key_for_revision(advisory.pk, revision)
    text = notification_text(advisory, kind)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {t["notification"]} (user_id, advisory_id, {t["key"]}, text, created_at)
            SELECT DISTINCT m.user_id, %s, %s, %s, %s
            FROM {t["response"]} r
            JOIN {t["organisation"]} o ON o.id = r.organisation_id
            JOIN {t["membership"]} m ON m.role = %s
                AND (m.organisation_id = r.organisation_id OR m.organisation_id = o.parent_id)
            WHERE r.advisory_id = %s
            ON CONFLICT (user_id, {t["key"]}) DO NOTHING
            """,  # noqa: S608  # table names come from our own models, values are parameters
            [advisory.pk, key, text, now, Role.SECURITY_LEAD, advisory.pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {t["notification"]} (user_id, advisory_id, {t["key"]}, text, created_at)
            SELECT DISTINCT c.user_id, %s, %s, %s, %s
            FROM {t["contact"]} c
            WHERE c.user_id IS NOT NULL
              AND c.organisation_id IN (SELECT r.organisation_id FROM {t["response"]} r WHERE r.advisory_id = %s)
            ON CONFLICT (user_id, {t["key"]}) DO NOTHING
            """,  # noqa: S608  # table names come from our own models, values are parameters
            [advisory.pk, key, text, now, advisory.pk],
        )


def fan_out_target(fanout_id: int, run: TargetingRun | None = None) -> FanOut:
    """Step 1: targets and responses, in one transaction (pending → targeted). Does nothing if already done.

    This is what publishing waits on: once it commits, every targeted organisation sees the alert and its
    deadlines. The people to tell follow in their own transaction, so a national alert's responses are not
    held back by tens of thousands of delivery rows and notices."""
    with transaction.atomic():
        fanout = FanOut.objects.select_for_update().select_related("advisory").get(pk=fanout_id)
        if fanout.state != FanOutState.PENDING:
            return fanout
        advisory = fanout.advisory
        started = time.perf_counter()
        if fanout.kind == "withdrawn":
            total = Response.objects.filter(advisory=advisory).count()
            new = 0
        elif connection.vendor == "postgresql":
            total, new = responses_write_pg(advisory, fanout.revision, run)
        else:
            total, new = responses_write(advisory, fanout.revision, compute_targets(advisory, run))
        fanout.targeting_seconds = time.perf_counter() - started
        fanout.targeted, fanout.newly_targeted = total, new
        fanout.state = FanOutState.TARGETED
        fanout.heartbeat_at = timezone.now()
        fanout.save()
    return fanout


def fan_out_recipients(fanout_id: int) -> FanOut:
    """Step 2: one delivery row and one in-app notice per person, in one transaction (targeted → delivering).
    Reads the responses step 1 committed; does nothing before step 1 or once done."""
    with transaction.atomic():
        fanout = FanOut.objects.select_for_update().select_related("advisory").get(pk=fanout_id)
        if fanout.state != FanOutState.TARGETED:
            return fanout
        fanout.deliveries = deliveries_write(fanout.advisory, fanout.revision)
        notifications_write(fanout.advisory, fanout.revision, fanout.kind)
        fanout.state = FanOutState.DELIVERING
        fanout.heartbeat_at = timezone.now()
        fanout.save()
    return fanout


def fan_out_prepare(fanout_id: int, run: TargetingRun | None = None) -> FanOut:
    """Steps 1 and 2: whatever of them is still to do."""
    fan_out_target(fanout_id, run)
    return fan_out_recipients(fanout_id)


def pending_chunks(fanout: FanOut) -> list[tuple[int, int]]:
    """(first id, last id) ranges of the deliveries still to send, CHUNK at a time."""
    ids = list(
        Delivery.objects.filter(advisory_id=fanout.advisory_id, revision=fanout.revision, status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [(ids[i], ids[min(i + CHUNK, len(ids)) - 1]) for i in range(0, len(ids), CHUNK)]


def fan_out_finish_if_done(fanout: FanOut) -> bool:
    remaining = Delivery.objects.filter(
        advisory_id=fanout.advisory_id, revision=fanout.revision, status=DeliveryStatus.PENDING
    ).exists()
    if remaining:
        return False
    FanOut.objects.filter(pk=fanout.pk, state=FanOutState.DELIVERING).update(
        state=FanOutState.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now()
    )
    return True


def _organisations_by_email(advisory: Advisory, emails: list[str]) -> dict[str, list[Response]]:
    """For each recipient in a chunk, the targeted responses that make them a recipient
    (as an alert contact, or as a security lead of an organisation, or its headquarters, that has none)."""
    contact_pairs = list(
        AlertContact.objects.filter(email__in=emails, organisation__alert_responses__advisory=advisory).values_list(
            "email", "organisation_id"
        )
    )
    lead_pairs = list(
        Membership.objects.filter(
            role=Role.SECURITY_LEAD, user__email__in=emails, organisation__isnull=False
        ).values_list("user__email", "organisation_id")
    )
    lead_orgs: dict[int, set[str]] = defaultdict(set)
    for email, org_id in lead_pairs:
        lead_orgs[org_id].add(email.lower())
    contact_orgs = {org_id for _, org_id in contact_pairs}
    responses = {
        r.organisation_id: r
        for r in Response.objects.filter(advisory=advisory)
        .filter(
            Q(organisation_id__in=contact_orgs)
            | Q(organisation_id__in=list(lead_orgs))
            | Q(organisation__parent_id__in=list(lead_orgs))
        )
        .select_related("organisation")
    }
    with_contacts = set(
        AlertContact.objects.filter(organisation_id__in=list(responses)).values_list("organisation_id", flat=True)
    )
    found: dict[str, list[Response]] = defaultdict(list)
    for email, org_id in contact_pairs:
        if org_id in responses:
            found[email.lower()].append(responses[org_id])
    for org_id, response in responses.items():
        if org_id in with_contacts:
            continue
        parent_id = response.organisation.parent_id
        for email in lead_orgs.get(org_id, set()) | (lead_orgs.get(parent_id, set()) if parent_id else set()):
            if response not in found[email]:
                found[email].append(response)
    return found


def email_context(
    advisory: Advisory, revision: AdvisoryRevision | None, kind: str, responses: list[Response]
) -> dict[str, Any]:
    listed = sorted(responses, key=lambda r: r.organisation.name)[:MAX_ORGANISATIONS_LISTED]
    return {
        "advisory": advisory,
        "kind": kind,
        "severity": SEVERITIES[advisory.severity],
        "tlp": TLP_LEVELS[advisory.tlp],
        "tlp_handling": TLP_HANDLING[advisory.tlp],
        "summary": plain(advisory.summary),
        "remediation": plain(advisory.remediation),
        "change_summary": revision.change_summary if revision is not None and kind != "published" else "",
        "responses": listed,
        "more": max(0, len(responses) - len(listed)),
        "link": advisory_url(advisory),
    }


def email_subject(advisory: Advisory, kind: str) -> str:
    prefix = {"published": "", "updated": "Updated: ", "withdrawn": "Withdrawn: "}.get(kind, "")
    return f"{prefix}{SEVERITIES[advisory.severity]} alert {advisory.reference}: {advisory.title}"[:200]


def _send(delivery: Delivery, context: dict[str, Any], subject: str) -> None:
    from carecyber.core.tasks import send_email

    ctx = {"subject": subject, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, "name": delivery.name}
    ctx.update(context)
    # Sent here, not queued through core.mail.send_templated: "exactly once" needs the send inside the
    # delivery row's lock, and a queued send would be a second task whose retries we could not see.
    send_email(
        to=[delivery.email],
        subject=subject,
        text=render_to_string("email/alerts_advisory.txt", ctx),
        html=render_to_string("email/alerts_advisory.html", ctx),
        headers={
            "Message-ID": f"<{delivery.advisory.reference.lower()}.r{delivery.revision}.{delivery.pk}@carecyber>",
            "X-CareCyber-Alert": f"{delivery.advisory.reference} revision {delivery.revision}",
        },
    )


def deliveries_send(fanout_id: int, first_id: int, last_id: int) -> int:
    """Send the pending deliveries with ids in [first_id, last_id]; returns how many were sent now."""
    fanout = FanOut.objects.select_related("advisory").get(pk=fanout_id)
    advisory = fanout.advisory
    pending = list(
        Delivery.objects.filter(
            advisory=advisory,
            revision=fanout.revision,
            status=DeliveryStatus.PENDING,
            pk__gte=first_id,
            pk__lte=last_id,
        )
        .order_by("pk")
        .values_list("pk", "email")
    )
    if not pending:
        fan_out_finish_if_done(fanout)
        return 0
    revision = AdvisoryRevision.objects.filter(advisory=advisory, number=fanout.revision).first()
    by_email = _organisations_by_email(advisory, [email for _, email in pending])
    subject = email_subject(advisory, fanout.kind)
    sent = 0
    for position, (pk, email) in enumerate(pending):
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .select_related("advisory")
                .filter(pk=pk, status=DeliveryStatus.PENDING)
                .first()
            )
            if delivery is None:
                continue  # sent by another worker, or being sent right now
            delivery.attempts += 1
            try:
                _send(delivery, email_context(advisory, revision, fanout.kind, by_email.get(email, [])), subject)
            except OSError as exc:
                delivery.last_error = str(exc)[:300]
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.status = DeliveryStatus.FAILED
                delivery.save(update_fields=["attempts", "last_error", "status"])
                log.warning("alert email %s not sent (attempt %s)", delivery.pk, delivery.attempts)
                continue
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["attempts", "status", "sent_at"])
            sent += 1
        if position % 20 == 0:
            FanOut.objects.filter(pk=fanout.pk).update(heartbeat_at=timezone.now())
    FanOut.objects.filter(pk=fanout.pk).update(heartbeat_at=timezone.now())
    fan_out_finish_if_done(fanout)
    return sent


def fan_out_sweep(*, stale_seconds: int = 120) -> list[int]:
    """Fan-outs whose heartbeat stopped (a worker died): returns their ids for the caller to run again."""
    cutoff = timezone.now() - timedelta(seconds=stale_seconds)
    stale = list(
        FanOut.objects.filter(
            state__in=[FanOutState.PENDING, FanOutState.TARGETED, FanOutState.DELIVERING], heartbeat_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    FanOut.objects.filter(pk__in=stale).update(heartbeat_at=timezone.now())
    return stale
