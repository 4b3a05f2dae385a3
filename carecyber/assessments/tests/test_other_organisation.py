"""Another organisation's toolkit pages are 404, never 403 and never data."""

from __future__ import annotations

import pytest

from carecyber.assessments.models import Assessment, Certificate, EvidenceFile, Publication
from carecyber.assessments.tests.conftest import fill
from carecyber.assessments.tests.test_publishing import publish
from carecyber.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def test_every_page_of_another_organisation_is_404(
    world: World, care_home_assessment: Assessment, tmp_path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    fill(care_home_assessment, unmet=["4.3.2"])
    [publication] = publish(world, care_home_assessment)
    from datetime import date

    from carecyber.assessments.services.evidence import evidence_add
    from carecyber.assessments.services.status import certificate_add
    from carecyber.assessments.tests.conftest import actor_for

    evidence = evidence_add(
        actor=actor_for(world.lead_b),
        organisation=world.org_b,
        item_reference="1.1.1",
        file_name="a.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4\n",
    )
    certificate = certificate_add(
        actor=actor_for(world.lead_b),
        organisation=world.org_b,
        kind="cyber_essentials",
        number="C1",
        issued_on=date(2026, 1, 1),
        expires_on=date(2027, 1, 1),
    )
    a = care_home_assessment
    base = f"/toolkit/VBB01/assessments/{a.pk}"
    get_paths = [
        "/toolkit/VBB01/",
        "/toolkit/VBB01/certificates/",
        f"/toolkit/VBB01/publications/{publication.pk}/",
        f"/toolkit/VBB01/evidence/{evidence.pk}/download",
        f"{base}/",
        f"{base}/standards/1/",
        f"{base}/items/1.1.1/",
        f"{base}/plan/",
        f"{base}/audits/",
        "/assure/VBB01/",
        f"/api/v1/toolkit/assessments/{a.pk}/",
        f"/api/v1/toolkit/assessments/{a.pk}/answers/",
        f"/api/v1/toolkit/assessments/{a.pk}/answers/1.1.1",
        # The same objects reached through the intruder's own code:
        f"/toolkit/RAA/assessments/{a.pk}/",
        f"/toolkit/RAA/publications/{publication.pk}/",
        f"/toolkit/RAA/evidence/{evidence.pk}/download",
    ]
    post_paths = [
        f"{base}/items/1.1.1/",
        f"{base}/items/1.1.1/comments",
        f"{base}/items/1.1.1/assign",
        f"{base}/items/1.1.1/evidence",
        f"{base}/publish",
        f"/toolkit/VBB01/evidence/{evidence.pk}/withdraw",
        f"/toolkit/VBB01/certificates/{certificate.pk}/withdraw",
        f"{base}/plan/sign-off",
        f"{base}/plan/reopen",
        f"{base}/audits/",
        "/toolkit/VBB01/start",
    ]
    intruder = signed_in(world.lead_a)
    for path in get_paths:
        assert intruder.get(path).status_code == 404, path
    for path in post_paths:
        assert intruder.post(path, {"version": "0", "value": "yes", "body": "x"}).status_code == 404, path
    assert EvidenceFile.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert Certificate.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert Publication.objects.count() == 1
