"""An advisory from the database as the engines' neutral shape, and its STIX and CSAF forms."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from carecyber.alerts.engine.exporters import ExportMeta, Revision
from carecyber.alerts.engine.exporters.csaf import csaf_document
from carecyber.alerts.engine.exporters.stix import stix_bundle, stix_objects
from carecyber.alerts.engine.model import AdvisoryData, CveData, Indicators, ProductData, range_from_dict
from carecyber.alerts.models import Advisory, AdvisoryStatus


def advisory_data(advisory: Advisory) -> AdvisoryData:
    return AdvisoryData(
        title=advisory.title,
        summary=advisory.summary,
        severity=advisory.severity,
        tlp=advisory.tlp,
        known_exploited=advisory.known_exploited,
        threat_details=advisory.threat_details,
        remediation=advisory.remediation,
        references=list(advisory.references),
        cves=[
            CveData(
                cve_id=c.cve_id,
                cvss_vector=c.cvss_vector,
                description=c.description,
                known_exploited=c.known_exploited,
                kev_due_date=c.kev_due_date.isoformat() if c.kev_due_date else "",
                ransomware_use=c.ransomware_use,
            )
            for c in advisory.cves.all()
        ],
        products=[
            ProductData(
                vendor=p.vendor_name,
                product=p.product_name,
                purl=p.purl_key,
                cpe=p.cpe,
                version_range=range_from_dict(p.version_range),
                note=p.note,
            )
            for p in advisory.products.all()
        ],
        indicators=Indicators.from_dict(advisory.indicators),
        source=advisory.source,
        source_id=advisory.source_id,
        source_label=advisory.source_label,
    )


def advisory_url(advisory: Advisory) -> str:
    return f"{settings.SITE_URL}{reverse('alerts:advisory-detail', args=[advisory.reference])}"


def export_meta(advisory: Advisory) -> ExportMeta:
    revisions = list(advisory.revisions.order_by("number"))
    now = timezone.now()
    created = advisory.published_at or advisory.created_at or now
    modified = revisions[-1].created_at if revisions else (advisory.updated_at or now)
    return ExportMeta(
        reference=advisory.reference,
        revision=max(advisory.revision, 1),
        created=created,
        modified=max(modified, created),
        url=advisory_url(advisory),
        withdrawn=advisory.status == AdvisoryStatus.WITHDRAWN,
        publisher_namespace=settings.SITE_URL,
        history=tuple(Revision(r.number, r.created_at, r.change_summary) for r in revisions),
    )


def advisory_stix_objects(advisory: Advisory) -> list[dict[str, Any]]:
    return stix_objects(advisory_data(advisory), export_meta(advisory))


def advisory_stix_bundle(advisory: Advisory) -> dict[str, Any]:
    return stix_bundle(advisory_stix_objects(advisory))


def advisory_csaf(advisory: Advisory) -> dict[str, Any]:
    return csaf_document(advisory_data(advisory), export_meta(advisory))
