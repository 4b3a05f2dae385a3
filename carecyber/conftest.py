"""Named people for every role, across two organisations, and clients signed in as them.

Organisation A is an NHS trust with a site (A2); organisation B is a care home
helped by a support partner. Tests cross from A to B and expect 404.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.core.models import Membership, Organisation, Role, SupportPartner, User
from carecyber.core.roles import TWO_FACTOR_ROLES
from carecyber.testing.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SupportPartnerFactory,
    UserFactory,
    confirmed_totp,
)

PASSWORD = TEST_PASSWORD


@dataclass
class World:
    partner: SupportPartner
    org_a: Organisation
    site_a: Organisation
    org_b: Organisation
    national: User
    partner_member: User
    lead_a: User
    staff_a: User
    auditor_a: User
    lead_b: User
    staff_b: User


def _person(email: str, name: str) -> User:
    return UserFactory(email=email, full_name=name)


@pytest.fixture
def world(db: None) -> World:
    partner = SupportPartnerFactory(name="North West Partner", code="nw-partner")
    org_a = OrganisationFactory(name="Alder Hospitals NHS Trust", code="RAA", type="nhs_trust")
    site_a = OrganisationFactory(name="Alder Community Hospital", code="RAA02", type="nhs_trust", parent=org_a)
    org_b = OrganisationFactory(name="Birch Care Home", code="VBB01", type="care_home", support_partner=partner)
    w = World(
        partner=partner,
        org_a=org_a,
        site_a=site_a,
        org_b=org_b,
        national=_person("national@national.test", "Nia National"),
        partner_member=_person("partner@partner.test", "Pat Partner"),
        lead_a=_person("lead@alder.test", "Lena Lead"),
        staff_a=_person("staff@alder.test", "Sid Staff"),
        auditor_a=_person("auditor@audit.test", "Ada Auditor"),
        lead_b=_person("lead@birch.test", "Bea Lead"),
        staff_b=_person("staff@birch.test", "Bo Staff"),
    )
    Membership.objects.create(user=w.national, role=Role.NATIONAL)
    Membership.objects.create(user=w.partner_member, role=Role.SUPPORT_PARTNER, support_partner=partner)
    MembershipFactory(user=w.lead_a, organisation=org_a, role=Role.SECURITY_LEAD)
    MembershipFactory(user=w.staff_a, organisation=org_a, role=Role.STAFF)
    MembershipFactory(user=w.auditor_a, organisation=org_a, role=Role.AUDITOR)
    MembershipFactory(user=w.lead_b, organisation=org_b, role=Role.SECURITY_LEAD)
    MembershipFactory(user=w.staff_b, organisation=org_b, role=Role.STAFF)
    for user in (w.national, w.partner_member, w.lead_a, w.auditor_a, w.lead_b):
        confirmed_totp(user)
    return w


def signed_in(user: User) -> Client:
    """A client signed in as `user`, with two-factor done when their role needs it."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None or user.memberships.filter(role__in=TWO_FACTOR_ROLES).exists():
        assert device is not None, f"{user.email} needs a confirmed authenticator for this fixture"
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session["two_factor_required"] = True
        session.save()
    return client


@pytest.fixture
def as_person():  # type: ignore[no-untyped-def]
    return signed_in
