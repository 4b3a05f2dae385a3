"""The small demo gives each demo person something real on the support pages."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carecyber.assessments.models import EvidenceFile
from carecyber.core.models import User
from carecyber.support.models import Event, EventRegistration, GroupMessage, IssuedPolicy, Ticket, TicketStatus
from carecyber.support.tests.conftest import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUS_SIGNING_KEYS_DIR", str(tmp_path_factory.mktemp("status-keys")))
    call_command("demo", "--scale", "small", verbosity=0)


def test_the_demo_has_policies_questions_events_and_a_group_message_the_partner_sees(demo: None) -> None:
    assert IssuedPolicy.objects.filter(organisation__code="P81001").count() == 10
    assert not IssuedPolicy.objects.filter(organisation__code="VRC01").exists()  # Grace's first time is to try
    statuses = dict(Ticket.objects.values_list("subject", "status"))
    assert statuses["A text says it is from our bank"] == TicketStatus.RESOLVED
    assert statuses["What counts as training records?"] == TicketStatus.WAITING_ON_ORGANISATION
    assert statuses["Adding our branch surgery to the policies"] == TicketStatus.OPEN
    national = Ticket.objects.get(subject="Signing in after changing my phone")
    assert national.partner is None  # Northfield has no support partner: the national team answers
    assert Ticket.objects.get(subject="A text says it is from our bank").rating == 5
    assert Event.objects.count() == 2 and EventRegistration.objects.count() == 3
    assert GroupMessage.objects.get().organisation_ids  # the North West partner's organisations
    attached = EvidenceFile.objects.filter(assessment__organisation__code="P81001", file_name__contains="incident")
    assert sorted(attached.values_list("item__reference", flat=True)) == ["6.1.1", "6.1.2", "6.1.3", "6.1.4"]
    # The North West partner sees it on the dashboard and the helpline (one test: the demo takes a while).
    client = as_user(User.objects.get(email="peter.lindqvist@nwcarecyber.test"))
    html = client.get("/support/partner/").content.decode()
    assert "Rosewood Care Home" in html and "Riverside Medical Practice" in html
    assert "Standards Met" in html and "Approaching Standards" in html and "10 of 10" in html
    html = client.get("/support/help/").content.decode()
    assert "What counts as training records?" in html and "Signing in after changing my phone" not in html
