"""Demo data: the small cast signs in; the national loader gives exactly the sizes asked for."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from carecyber.core.demo.small import DEMO_PASSWORD, PEOPLE
from carecyber.core.models import Membership, Organisation, Role, SupportPartner, User

pytestmark = pytest.mark.django_db


def test_small_demo_has_a_person_for_every_role_who_can_sign_in(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--scale", "small")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "two-factor secret" in out
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert set(Organisation.objects.values_list("type", flat=True)) >= {
        "nhs_trust",
        "care_home",
        "gp_practice",
        "home_care",
        "community_pharmacy",
    }
    request = RequestFactory().post("/account/sign-in")
    for person in PEOPLE:
        assert authenticate(request, email=person.email, password=DEMO_PASSWORD) is not None, person.email


def test_demo_is_not_loaded_twice(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--scale", "small")
    call_command("demo", "--scale", "small", "--if-empty")
    assert Organisation.objects.filter(code="RNF").count() == 1


def test_national_loader_gives_exact_sizes() -> None:
    call_command("demo", "--scale", "national", "--organisations", "300", "--memberships", "4000")
    assert Organisation.objects.count() == 300
    assert SupportPartner.objects.count() == 28
    org_memberships = Membership.objects.filter(organisation__isnull=False)
    assert org_memberships.count() == 4000
    assert org_memberships.filter(role=Role.SECURITY_LEAD).count() == 300
    assert Membership.objects.filter(role=Role.SUPPORT_PARTNER).count() == 28 * 3
    assert User.objects.count() == 4000 + 28 * 3 + 12
    # Sequences continue after the bulk load: the next row gets a fresh id.
    org = Organisation.objects.create(code="NEXT1", name="Next", type="icb", region="london")
    assert org.pk > 300
    # Small organisations of the partner types have a partner in their own region.
    for org in Organisation.objects.filter(type="care_home").select_related("support_partner")[:50]:
        assert org.support_partner is not None and org.support_partner.region == org.region
