"""Demo incidents: the small set (part of `carecyber demo --scale small`) goes through the services;
the national loader bulk-loads graded incidents."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carecyber.incidents.models import Incident
from carecyber.incidents.services.grading import rules_active
from carecyber.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_small_demo_gets_a_few_real_cases() -> None:
    with pytest.raises(CommandError, match="small demo first"):
        call_command("incidents_demo", "--scale", "small")
    call_command("demo", "--scale", "small", verbosity=0)  # calls incidents.demo.load_demo
    # The phishing demo's "I clicked a link" report is an incident of its own; these are the incidents demo's.
    incidents = list(Incident.objects.exclude(source="phishing").order_by("pk"))
    assert len(incidents) == 3
    assert Incident.objects.filter(source="phishing").count() == 1
    assert incidents[0].is_graded and incidents[0].tasks.count() == 5 and incidents[0].notifiable
    assert incidents[1].help_requested and incidents[1].shared_with_national
    assert incidents[2].anonymous and incidents[2].reporter is None
    call_command("incidents_demo", "--scale", "small", "--if-empty", verbosity=0)
    assert Incident.objects.count() == 4
    call_command("incidents_demo", "--scale", "small", verbosity=0)  # on demand, three more
    assert Incident.objects.count() == 7


def test_the_national_loader_adds_graded_incidents_in_bulk() -> None:
    for n in range(5):
        OrganisationFactory(code=f"Z{n:05d}", type="nhs_trust" if n == 0 else "care_home", region="london")
    call_command("incidents_demo", "--scale", "national", "--count", "400", "--shared", "0.5", verbosity=0)
    assert Incident.objects.count() == 400
    graded = Incident.objects.filter(graded_at__isnull=False)
    assert graded.count() > 300
    rules = rules_active()
    for incident in graded[:50]:
        assert (
            incident.level == rules.level(incident.graded_likelihood, incident.graded_severity).value
            or incident.nis_report
        )
        assert incident.aware_at >= incident.occurred_at
    assert Incident.objects.filter(shared_with_national=True).count() >= 150
    assert Incident.objects.filter(notify_health_department=True, shared_with_national=False).count() == 0
    # New incidents after a bulk load still get fresh ids (the sequence was moved on).
    assert Incident.objects.order_by("-pk").first().pk == 400  # type: ignore[union-attr]
