"""What analysts and the national team change: verdict overrides, raw downloads, campaign advisories and status.

Each function is keyword-only, checks the role, runs in one transaction and
writes one audit record naming the organisation whose data it touched.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import send_templated
from carecyber.phishing import access, queries
from carecyber.phishing.models import (
    Campaign,
    CampaignStatus,
    Override,
    PhishingReport,
    RawMessage,
    VerdictChoice,
)

NOTE_MAX = 2000
ADVISORY_KINDS = ("urls", "domains", "ips", "sha256")


def _reporter_email(report: PhishingReport) -> str:
    if report.reporter is not None and report.reporter.is_active and report.reporter.email:
        return report.reporter.email
    return report.reporter_address


def _tell_reporter_of_new_verdict(report: PhishingReport) -> None:
    """The reporter hears that a person looked again, with the advice the reporter's pages give (sent once saved)."""
    from carecyber.phishing import presenters_reporter
    from carecyber.phishing.services.reporting import report_url

    address = _reporter_email(report)
    if not address:
        return
    advice = presenters_reporter.advice_for(report)
    context = {
        "report": report,
        "subject": presenters_reporter.subject_for_email(report),
        "advice": advice,
        "link": report_url(report),
        "has_account": report.reporter_id is not None,
    }

    def send() -> None:
        send_templated(
            to=[address],
            subject=f"{advice.headline}: an update on the email you reported ({report.reference})",
            template="phishing_verdict_changed",
            context=context,
        )

    transaction.on_commit(send)


def report_override(*, actor: Actor, report: PhishingReport, verdict: str, note: str) -> Override:
    """Replace the verdict that stands with the analyst's, keeping why as labelled feedback for tuning."""
    if not access.can_override(actor):
        raise PermissionDenied("Your role cannot change a verdict")
    note = note.strip()
    errors: dict[str, str] = {}
    if verdict not in VerdictChoice.values:
        errors["verdict"] = "Choose a verdict."
    if not note:
        errors["note"] = "Say why you are changing the verdict: it teaches the engine."
    elif len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX} characters."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = queries.reports_for_analyst(actor).select_for_update(of=("self",)).filter(pk=report.pk).first()
        if locked is None:
            raise PermissionDenied("This report is outside what you can see")
        before = locked.verdict
        override = Override.objects.create(
            report=locked,
            verdict_before=before,
            verdict=verdict,
            engine_score=locked.engine_score,
            note=note,
            analyst=actor.user,
        )
        now = timezone.now()
        changed = before != verdict
        locked.verdict = verdict
        locked.overridden = True
        fields = ["verdict", "overridden"]
        if changed and _reporter_email(locked):
            locked.verdict_sent_at = now
            fields.append("verdict_sent_at")
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="phishing.report.override",
            obj=locked,
            organisation=locked.organisation_id,
            changes={"verdict": [before, verdict], "engine_verdict": locked.engine_verdict},
            object_label=locked.reference,
        )
        if changed:
            _tell_reporter_of_new_verdict(locked)
    report.verdict, report.overridden = locked.verdict, True
    return override


def report_raw_download(*, actor: Actor, report: PhishingReport, outlook: bool = False) -> RawMessage:
    """The stored bytes for an analyst to open in a safe place (the email, or the Outlook file as it was
    reported); the download itself is audited."""
    if not access.can_view_queue(actor):
        raise PermissionDenied("Your role cannot download reported messages")
    with transaction.atomic():
        raw = queries.raw_message_for_analyst(actor, report)
        if raw is None:
            raise ValidationError({"raw": "No message was kept for this report."})
        if outlook and not raw.original:
            raise ValidationError({"raw": "This report was not an Outlook file."})
        audit_record(
            actor=actor,
            action="phishing.report.raw_download",
            obj=report,
            organisation=report.organisation_id,
            changes={"sha256": raw.sha256, "size": raw.size, "format": "msg" if outlook else "eml"},
            object_label=report.reference,
        )
    return raw


def campaign_indicators(actor: Actor, campaign: Campaign, *, limit: int = 500) -> dict[str, list[str]]:
    """The campaign's indicators merged with those of its reports (raw values: defang them to show)."""
    merged: dict[str, dict[str, None]] = {kind: {} for kind in (*ADVISORY_KINDS, "sender_addresses")}

    def add(source: object) -> None:
        if not isinstance(source, dict):
            return
        for kind, bucket in merged.items():
            values = source.get(kind) or []
            if isinstance(values, list):
                for value in values:
                    if isinstance(value, str) and value:
                        bucket.setdefault(value, None)

    add(campaign.indicators)
    for indicators in queries.campaign_reports(actor, campaign).values_list("indicators", flat=True)[:limit]:
        add(indicators)
    return {kind: list(bucket)[:limit] for kind, bucket in merged.items()}


def campaign_advisory_draft(*, actor: Actor, campaign: Campaign) -> str:
    """Turn a campaign into a draft advisory carrying its indicators; returns the advisory's reference."""
    from carecyber.alerts.services.advisories import advisory_draft_from_indicators

    if not access.can_run_campaigns(actor):
        raise PermissionDenied("Only the national team drafts advisories from campaigns")
    with transaction.atomic():
        locked = queries.campaigns_for(actor).select_for_update().filter(pk=campaign.pk).first()
        if locked is None:
            raise PermissionDenied("This campaign is outside what you can see")
        if locked.advisory_reference:
            raise ValidationError({"campaign": f"An advisory has already been drafted: {locked.advisory_reference}."})
        found = campaign_indicators(actor, locked)
        indicators = {kind: found[kind] for kind in ADVISORY_KINDS if found[kind]}
        if not indicators:
            raise ValidationError({"campaign": "This campaign has no indicators to put in an advisory."})
        verdict = VerdictChoice(locked.verdict).label.lower() if locked.verdict in VerdictChoice.values else "reported"
        summary = (
            f"Staff in {locked.organisation_count} organisation{'s' if locked.organisation_count != 1 else ''} "
            f"reported {locked.report_count} cop{'ies' if locked.report_count != 1 else 'y'} of a {verdict} email "
            f"between {timezone.localtime(locked.first_seen):%d %B %Y} and "
            f"{timezone.localtime(locked.last_seen):%d %B %Y}. Subject seen: {locked.title}."
        )
        advisory = advisory_draft_from_indicators(
            actor=actor,
            title=f"Phishing campaign: {locked.title}"[:300],
            summary=summary,
            indicators=indicators,
            source_label=f"Phishing campaign {locked.reference}",
        )
        before = locked.status
        locked.advisory_reference = advisory.reference
        locked.status = CampaignStatus.ADVISORY
        locked.save(update_fields=["advisory_reference", "status"])
        audit_record(
            actor=actor,
            action="phishing.campaign.advisory_draft",
            obj=locked,
            changes={"advisory": advisory.reference, "status": [before, locked.status]},
            object_label=locked.reference,
        )
    campaign.advisory_reference, campaign.status = locked.advisory_reference, locked.status
    return advisory.reference


def campaign_status_set(*, actor: Actor, campaign: Campaign, close: bool) -> Campaign:
    """Close a campaign (nothing more is expected of it) or reopen it (it came back)."""
    if not access.can_run_campaigns(actor):
        raise PermissionDenied("Only the national team closes or reopens campaigns")
    with transaction.atomic():
        locked = queries.campaigns_for(actor).select_for_update().filter(pk=campaign.pk).first()
        if locked is None:
            raise PermissionDenied("This campaign is outside what you can see")
        before = locked.status
        if close:
            if before == CampaignStatus.CLOSED:
                raise ValidationError({"status": "This campaign is already closed."})
            after = CampaignStatus.CLOSED
        else:
            if before != CampaignStatus.CLOSED:
                raise ValidationError({"status": "This campaign is not closed."})
            after = CampaignStatus.ADVISORY if locked.advisory_reference else CampaignStatus.ACTIVE
        locked.status = after
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="phishing.campaign.close" if close else "phishing.campaign.reopen",
            obj=locked,
            changes={"status": [before, after]},
            object_label=locked.reference,
        )
    campaign.status = locked.status
    return locked
