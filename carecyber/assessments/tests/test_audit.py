"""Independent audit: the assigned auditor sees the assessment read-only, records findings and an opinion."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from carecyber.assessments.models import Assessment, AuditFinding, IndependentAudit
from carecyber.assessments.tests.conftest import fill
from carecyber.conftest import World, signed_in
from carecyber.core.models import Membership, Role
from carecyber.testing.factories import UserFactory, confirmed_totp

pytestmark = pytest.mark.django_db


def _base(a: Assessment) -> str:
    return f"/toolkit/{a.organisation.code}/assessments/{a.pk}/"


@pytest.fixture
def audit(world: World, trust_assessment: Assessment, django_capture_on_commit_callbacks: Any) -> IndependentAudit:
    fill(trust_assessment)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.lead_a).post(_base(trust_assessment) + "audits/", {"auditor": world.auditor_a.email})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [world.auditor_a.email]
    return IndependentAudit.objects.get()


def test_an_auditor_sees_only_the_assessments_they_audit(world: World, trust_assessment: Assessment) -> None:
    auditor = signed_in(world.auditor_a)
    assert auditor.get(_base(trust_assessment)).status_code == 404
    assert auditor.get(_base(trust_assessment) + "items/1.1.1/").status_code == 404


def test_the_auditor_reads_but_cannot_change(world: World, audit: IndependentAudit) -> None:
    a = audit.assessment
    auditor = signed_in(world.auditor_a)
    assert auditor.get(_base(a)).status_code == 200
    page = auditor.get(_base(a) + "items/3.1.1/").content.decode()
    assert "What percentage" in page and 'name="value"' not in page
    assert auditor.post(_base(a) + "items/3.1.1/", {"version": "1", "value": "10"}).status_code == 403
    assert auditor.get(f"/toolkit/{a.organisation.code}/assessments/{a.pk}/publish").status_code == 403


def test_findings_opinion_and_responses(
    world: World, audit: IndependentAudit, django_capture_on_commit_callbacks: Any
) -> None:
    a = audit.assessment
    url = _base(a) + f"audits/{audit.pk}/"
    auditor = signed_in(world.auditor_a)
    bad = auditor.post(url, {"form": "finding", "item": "3.1.1", "rating": "disagrees", "finding": ""})
    assert bad.status_code == 400 and "Describe what you found" in bad.content.decode()
    assert (
        auditor.post(
            url, {"form": "finding", "item": "3.1.1", "rating": "disagrees", "finding": "Records show 81%, not 100%."}
        ).status_code
        == 302
    )
    lead = signed_in(world.lead_a)
    assert lead.post(url, {"form": "finding", "item": "3.1.2", "rating": "agrees", "finding": "x"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        auditor.post(
            url, {"form": "opinion", "reliance": "moderate", "risk_level": "medium", "opinion": "Mostly sound."}
        )
    audit.refresh_from_db()
    assert (audit.state, audit.reliance, audit.risk_level) == ("opinion_given", "moderate", "medium")
    assert "independent audit" in mail.outbox[-1].subject
    late = auditor.post(url, {"form": "finding", "item": "3.1.2", "rating": "agrees", "finding": "Late"})
    assert late.status_code in {200, 400} and AuditFinding.objects.count() == 1
    finding = AuditFinding.objects.get()
    home = lead.get("/").content.decode()
    assert "1 audit finding is waiting for your response" in home
    response = lead.post(url + f"findings/{finding.pk}/respond", {"response": "We will recount the training."})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.response == "We will recount the training." and finding.responded_by == world.lead_a
    assert auditor.post(url + f"findings/{finding.pk}/respond", {"response": "x"}).status_code == 403
    page = lead.get(_base(a) + "items/3.1.1/").content.decode()
    assert "Records show 81%" in page


def test_only_an_auditor_of_the_organisation_can_be_assigned(world: World, trust_assessment: Assessment) -> None:
    outsider = UserFactory(email="other@audit.test")
    Membership.objects.create(user=outsider, organisation=world.org_b, role=Role.AUDITOR)
    confirmed_totp(outsider)
    response = signed_in(world.lead_a).post(_base(trust_assessment) + "audits/", {"auditor": outsider.email})
    assert response.status_code == 400
    assert not IndependentAudit.objects.exists()
