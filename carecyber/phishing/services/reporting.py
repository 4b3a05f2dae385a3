"""Reporting a suspicious email: keep it whole (always), thank the reporter at once, triage it in the background.

And afterwards: "I clicked a link" / "I entered my password" record that, open an incident and alert the
organisation's security leads straight away.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Organisation, User
from carecyber.incidents.models import Incident
from carecyber.phishing import access, presenters_reporter
from carecyber.phishing.models import PhishingReport, RawMessage, Route
from carecyber.phishing.msgfile import msg_to_eml

CLICK_KINDS = {"clicked": "clicked a link or opened an attachment", "entered_password": "entered their password"}


def max_message_bytes() -> int:
    return int(getattr(settings, "PHISHING_MAX_MESSAGE_BYTES", 10 * 1024 * 1024))


def report_url(report: PhishingReport) -> str:
    return absolute_url(reverse("phishing:my-report", args=[report.pk]))


def report_create(
    *,
    actor: Actor,
    organisation: Organisation | None,
    reporter: User | None,
    reporter_address: str,
    raw: bytes,
    route: str,
    filename: str = "",
    acknowledge: bool,
) -> PhishingReport:
    """Keep the report and its bytes (cut to the size limit), audit it, thank the reporter, queue the triage.

    Every route comes through here: the web form, the API and the mailbox.
    """
    if route not in Route.values:
        raise ValidationError({"route": "Unknown way of reporting"})
    raw = bytes(raw)
    limit = max_message_bytes()
    truncated = len(raw) > limit
    kept = raw[:limit]
    converted = msg_to_eml(kept) if not truncated else None
    original = b""
    if converted is not None:
        original, kept = kept, converted
    now = timezone.now()
    with transaction.atomic():
        report = PhishingReport.objects.create(
            organisation=organisation,
            reporter=reporter,
            reporter_address=reporter_address[:254],
            route=route,
            received_at=now,
            acknowledged_at=now if acknowledge and reporter_address else None,
        )
        RawMessage.objects.create(
            report=report,
            data=kept,
            size=len(raw),
            sha256=hashlib.sha256(kept).hexdigest(),
            truncated=truncated,
            filename=filename[:255],
            original=original,
        )
        audit_record(
            actor=actor,
            action="phishing.reported",
            obj=report,
            organisation=organisation,
            object_label=report.reference,
            changes={
                "route": route,
                "size": len(raw),
                "truncated": truncated,
                **({"converted_from": "outlook_msg"} if converted is not None else {}),
            },
        )
        report_id = report.pk
        if report.acknowledged_at is not None:
            transaction.on_commit(lambda: _send_thanks(report_id))
        transaction.on_commit(lambda: _queue_triage(report_id))
    return report


def _queue_triage(report_id: int) -> None:
    from carecyber.phishing.tasks import triage_report

    triage_report.delay(report_id)


def _send_thanks(report_id: int) -> None:
    report = PhishingReport.objects.select_related("organisation").get(pk=report_id)
    send_templated(
        to=[report.reporter_address],
        subject=f"Thank you for reporting a suspicious email ({report.reference})",
        template="phishing_thanks",
        context={"report": report, "link": report_url(report), "has_account": report.reporter_id is not None},
    )


def report_submit(*, actor: Actor, raw: bytes, route: str, filename: str = "") -> PhishingReport:
    """A person reports an email from the web page or the API, for the organisation they are acting in."""
    if not access.can_report(actor) or actor.organisation is None or actor.user is None:
        raise PermissionDenied("Only people in an organisation can report a suspicious email")
    if route == Route.MAILBOX:
        raise ValidationError({"route": "Mailbox reports come through the mailbox"})
    return report_create(
        actor=actor,
        organisation=actor.organisation,
        reporter=actor.user,
        reporter_address=actor.user.email,
        raw=raw,
        route=route,
        filename=filename,
        acknowledge=True,
    )


def report_mark_clicked(*, actor: Actor, report: PhishingReport, kind: str) -> tuple[PhishingReport, Incident]:
    """The reporter tells us they clicked a link or entered their password: record it, open an incident
    (the incidents app alerts the leads about the case) and tell the security leads about the report at once."""
    from carecyber.incidents.services.common import leads_of
    from carecyber.incidents.services.reporting import PHISHING_KINDS, incident_report_from_phishing

    if kind not in CLICK_KINDS or kind not in PHISHING_KINDS:
        raise ValidationError({"kind": "Say whether you clicked a link or entered your password"})
    if actor.user is None or report.reporter_id != actor.user.pk or report.organisation_id is None:
        raise PermissionDenied("Only the person who reported this email can tell us this")
    now = timezone.now()
    with transaction.atomic():
        locked = PhishingReport.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=report.pk)
        field = "entered_password_at" if kind == "entered_password" else "clicked_at"
        first_time = getattr(locked, field) is None
        if first_time:
            setattr(locked, field, now)
            locked.save(update_fields=[field])
        what = "entered my password" if kind == "entered_password" else "clicked a link"
        incident = incident_report_from_phishing(
            actor=actor,
            phishing_report_id=locked.pk,
            kind=kind,
            summary=f"I {what} in a suspicious email I reported ({locked.reference})",
        )
        audit_record(
            actor=actor,
            action=f"phishing.{kind}",
            obj=locked,
            organisation=locked.organisation_id,
            object_label=locked.reference,
            changes={"incident": incident.reference, "first_time": first_time},
        )
        if first_time:
            organisation = locked.organisation
            assert organisation is not None
            recipients = sorted({u.email for u in leads_of(organisation) if u.email})
            context = {
                "report": locked,
                "subject": presenters_reporter.subject_for_email(locked),
                "who": actor.user.full_name or actor.user.email,
                "what": CLICK_KINDS[kind],
                "password": kind == "entered_password",
                "incident_reference": incident.reference,
                "incident_link": absolute_url(reverse("incidents:case", args=[incident.pk])),
                "organisation": organisation,
            }
            if recipients:
                subject = (
                    f"Urgent: {context['who']} {CLICK_KINDS[kind]} in a reported phishing email ({locked.reference})"
                )
                transaction.on_commit(
                    lambda: send_templated(
                        to=recipients, subject=subject, template="phishing_lead_clicked", context=context
                    )
                )
    return locked, incident
