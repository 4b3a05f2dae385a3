"""factory_boy factories for the core models."""

from __future__ import annotations

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.core.models import Membership, Organisation, OrganisationType, Region, Role, SupportPartner, User


class SupportPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPartner

    name = factory.Sequence(lambda n: f"Care Cyber Partner {n}")
    code = factory.Sequence(lambda n: f"partner-{n}")
    region = Region.NORTH_WEST


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")
    type = OrganisationType.CARE_HOME
    region = Region.NORTH_WEST


TEST_PASSWORD = "violet-kettle-orbit-harbour"  # noqa: S105  # the fixtures' shared password


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STAFF


def confirmed_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
