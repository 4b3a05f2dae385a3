"""Clustering: the same attack reported anywhere in the country joins one campaign.

The engine decides what "the same attack" means (`same_campaign`: a shared attachment, or a shared sender
or link domain with the same subject or a near-identical body). Candidates are found with indexed filters
on what must be shared, among active campaigns seen in the last CANDIDATE_DAYS days.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.phishing.engine import Fingerprint, same_campaign
from carecyber.phishing.models import Campaign, CampaignStatus, PhishingReport

CANDIDATE_DAYS = 30
MAX_CANDIDATES = 50
MAX_MERGED = 100  # values kept per indicator kind, and per fingerprint list, on a campaign
SEVERITY = {"phishing": 4, "suspicious": 3, "spam": 2, "safe": 1, "": 0}


def _unsigned(value: int | None) -> int:
    return (value or 0) & ((1 << 64) - 1)


def fingerprint_of_report(report: PhishingReport) -> Fingerprint:
    return Fingerprint(
        sender_domain=report.sender_domain,
        normalised_subject=report.fp_subject,
        url_domains=tuple(report.fp_url_domains or ()),
        attachment_hashes=tuple(report.fp_attachment_hashes or ()),
        body_simhash=_unsigned(report.fp_simhash),
    )


def fingerprint_of_campaign(campaign: Campaign) -> Fingerprint:
    return Fingerprint(
        sender_domain=campaign.sender_domain,
        normalised_subject=campaign.fp_subject,
        url_domains=tuple(campaign.fp_url_domains or ()),
        attachment_hashes=tuple(campaign.fp_attachment_hashes or ()),
        body_simhash=_unsigned(campaign.fp_simhash),
    )


def _candidates(fp: Fingerprint) -> list[Campaign]:
    shared = Q(pk__in=[])
    if fp.sender_domain:
        shared |= Q(sender_domain=fp.sender_domain)
    for domain in fp.url_domains[:20]:
        shared |= Q(fp_url_domains__icontains=f'"{domain}"')
    for digest in fp.attachment_hashes[:20]:
        shared |= Q(fp_attachment_hashes__icontains=digest)
    since = timezone.now() - timedelta(days=CANDIDATE_DAYS)
    return list(
        Campaign.objects.filter(
            shared, status__in=[CampaignStatus.ACTIVE, CampaignStatus.ADVISORY], last_seen__gte=since
        ).order_by("-last_seen")[:MAX_CANDIDATES]
    )


def _next_reference(year: int) -> str:
    prefix = f"CMP-{year}-"
    last = (
        Campaign.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:04d}"


def _create(report: PhishingReport, fp: Fingerprint) -> Campaign:
    title = report.subject or (f"Emails from {fp.sender_domain}" if fp.sender_domain else "Untitled campaign")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Campaign.objects.create(
                    reference=_next_reference(report.received_at.year),
                    title=title[:300],
                    verdict=report.verdict,
                    sender_domain=fp.sender_domain[:253],
                    fp_subject=fp.normalised_subject[:300],
                    fp_url_domains=list(fp.url_domains)[:MAX_MERGED],
                    fp_attachment_hashes=list(fp.attachment_hashes)[:MAX_MERGED],
                    fp_simhash=report.fp_simhash,
                    first_seen=report.received_at,
                    last_seen=report.received_at,
                )
        except IntegrityError:  # another report took the reference at the same moment: take the next one
            continue
    raise RuntimeError("could not give the campaign a reference")


def _merged(current: list[str], extra: list[str]) -> list[str]:
    out = list(current)
    for value in extra:
        if len(out) >= MAX_MERGED:
            break
        if value not in out:
            out.append(value)
    return out


def campaign_refresh(*, campaign: Campaign) -> Campaign:
    """Counts, first and last seen and the worst verdict, from the campaign's reports (one aggregate query)."""
    reports = PhishingReport.objects.filter(campaign=campaign)
    figures = reports.aggregate(
        reports=Count("id"),
        organisations=Count("organisation", distinct=True),
        reporters=Count("reporter_address", distinct=True, filter=~Q(reporter_address="")),
        first=Min("received_at"),
        last=Max("received_at"),
    )
    verdicts = set(reports.values_list("verdict", flat=True).distinct())
    campaign.report_count = figures["reports"] or 0
    campaign.organisation_count = figures["organisations"] or 0
    campaign.reporter_count = figures["reporters"] or 0
    if figures["first"] is not None:
        campaign.first_seen = figures["first"]
        campaign.last_seen = figures["last"]
    campaign.verdict = max(verdicts or {""}, key=lambda v: SEVERITY.get(v, 0))
    campaign.save(
        update_fields=["report_count", "organisation_count", "reporter_count", "first_seen", "last_seen", "verdict"]
    )
    return campaign


CLUSTERING_LOCK = 0x7068_6973_6801  # any fixed number: the advisory lock every clustering step takes


def _serialise_clustering() -> None:
    """One clustering step at a time (until the transaction ends), so two workers seeing the first two reports
    of a new attack at the same moment cannot start two campaigns. Each step takes a few milliseconds.
    SQLite already lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CLUSTERING_LOCK])


def campaign_assign(*, report: PhishingReport) -> Campaign | None:
    """Put a triaged report into the active campaign it belongs to (in any organisation), or start one."""
    fp = fingerprint_of_report(report)
    if not (fp.sender_domain or fp.url_domains or fp.attachment_hashes):
        return None  # nothing that could tie it to anything else
    with transaction.atomic():
        _serialise_clustering()
        match = next((c for c in _candidates(fp) if same_campaign(fp, fingerprint_of_campaign(c))), None)
        created = match is None
        campaign = match if match is not None else _create(report, fp)
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        campaign.fp_url_domains = _merged(campaign.fp_url_domains or [], list(fp.url_domains))
        campaign.fp_attachment_hashes = _merged(campaign.fp_attachment_hashes or [], list(fp.attachment_hashes))
        indicators = dict(campaign.indicators or {})
        for kind, values in (report.indicators or {}).items():
            if isinstance(values, list):
                indicators[kind] = _merged(list(indicators.get(kind) or []), [str(v) for v in values])
        campaign.indicators = indicators
        campaign.save(update_fields=["fp_url_domains", "fp_attachment_hashes", "indicators"])
        PhishingReport.objects.filter(pk=report.pk).update(campaign=campaign)
        report.campaign = campaign
        campaign_refresh(campaign=campaign)
        audit_record(
            actor=Actor.system("phishing clustering"),
            action="phishing.campaign.created" if created else "phishing.campaign.joined",
            obj=campaign,
            organisation=report.organisation_id,
            object_label=campaign.reference,
            changes={"report": report.reference},
        )
    return campaign
