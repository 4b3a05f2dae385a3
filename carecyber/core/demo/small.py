"""A handful of organisations of different types, with a named person for every role."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.extensions import CAPABILITY_APPS
from carecyber.core.models import Membership, Organisation, OrganisationDomain, Role, SupportPartner, User
from carecyber.core.roles import TWO_FACTOR_ROLES

# One memorable password for every demo person; it passes the platform's own policy.
DEMO_PASSWORD = "marmalade-orbit-tulip-canyon"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    memberships: tuple[tuple[str, str], ...]  # (role, organisation code or partner code or "")
    description: str


PARTNERS = [
    ("nw-care-partnership", "North West Care Cyber Partnership", "north_west"),
    ("sw-care-partnership", "South West Care Cyber Partnership", "south_west"),
]

ORGANISATIONS = [
    # code, name, type, region, parent code, partner code, domains
    (
        "RNF",
        "Northfield Hospitals NHS Foundation Trust",
        "nhs_trust",
        "north_west",
        None,
        None,
        ["northfield.nhs.test"],
    ),
    ("RNF02", "Northfield Community Hospital", "nhs_trust", "north_west", "RNF", None, []),
    ("VRC01", "Rosewood Care Home", "care_home", "north_west", None, "nw-care-partnership", ["rosewoodcare.test"]),
    (
        "P81001",
        "Riverside Medical Practice",
        "gp_practice",
        "north_west",
        None,
        "nw-care-partnership",
        ["riverside-practice.nhs.test"],
    ),
    ("VBH02", "Brightwater Home Care", "home_care", "south_west", None, "sw-care-partnership", ["brightwater.test"]),
    ("FQ123", "High Street Pharmacy", "community_pharmacy", "south_west", None, "sw-care-partnership", []),
]

PEOPLE = [
    DemoPerson(
        "nadia.okafor@carecyber.test",
        "Nadia Okafor",
        ((Role.NATIONAL, ""),),
        "National team analyst: sees every organisation",
    ),
    DemoPerson(
        "peter.lindqvist@nwcarecyber.test",
        "Peter Lindqvist",
        ((Role.SUPPORT_PARTNER, "nw-care-partnership"),),
        "Support partner for the North West",
    ),
    DemoPerson(
        "sam.patel@northfield.nhs.test",
        "Sam Patel",
        ((Role.SECURITY_LEAD, "RNF"),),
        "Security lead of an NHS trust (acts for its site too)",
    ),
    DemoPerson("jo.williams@northfield.nhs.test", "Jo Williams", ((Role.STAFF, "RNF"),), "Staff nurse at the trust"),
    DemoPerson(
        "grace.adeyemi@rosewoodcare.test",
        "Grace Adeyemi",
        ((Role.SECURITY_LEAD, "VRC01"),),
        "Registered manager and IG lead of a 40-bed care home",
    ),
    DemoPerson("tom.baker@rosewoodcare.test", "Tom Baker", ((Role.STAFF, "VRC01"),), "Care worker at the care home"),
    DemoPerson(
        "lee.chen@riverside-practice.nhs.test",
        "Lee Chen",
        ((Role.SECURITY_LEAD, "P81001"),),
        "Practice manager of a GP practice",
    ),
    DemoPerson(
        "alex.morgan@audit.test",
        "Alex Morgan",
        ((Role.AUDITOR, "RNF"), (Role.AUDITOR, "VRC01")),
        "Independent auditor for two organisations (can switch)",
    ),
]


def totp_key_for(email: str) -> str:
    """A fixed secret per demo person, so the demo and the browser tests can compute codes."""
    return hashlib.sha1(f"carecyber-demo-totp:{email}".encode(), usedforsecurity=False).hexdigest()[:40]


def totp_base32(key_hex: str) -> str:
    return b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")


def load_small_demo() -> list[DemoPerson]:
    """Create the small demo set. Safe to run on an empty database only (the caller checks)."""
    actor = Actor.system("demo data")
    with transaction.atomic():
        partners = {
            code: SupportPartner.objects.create(code=code, name=name, region=region) for code, name, region in PARTNERS
        }
        orgs: dict[str, Organisation] = {}
        for code, name, org_type, region, parent, partner, domains in ORGANISATIONS:
            org = Organisation.objects.create(
                code=code,
                name=name,
                type=org_type,
                region=region,
                parent=orgs[parent] if parent else None,
                support_partner=partners[partner] if partner else None,
            )
            OrganisationDomain.objects.bulk_create([OrganisationDomain(organisation=org, domain=d) for d in domains])
            orgs[code] = org
            audit_record(actor=actor, action="organisation.created", obj=org, organisation=org)
        for person in PEOPLE:
            user = User.objects.create_user(email=person.email, password=DEMO_PASSWORD, full_name=person.full_name)
            for role, place in person.memberships:
                Membership.objects.create(
                    user=user,
                    role=role,
                    organisation=orgs.get(place) if role not in {Role.NATIONAL, Role.SUPPORT_PARTNER} else None,
                    support_partner=partners.get(place) if role == Role.SUPPORT_PARTNER else None,
                )
            if any(role in TWO_FACTOR_ROLES for role, _ in person.memberships):
                TOTPDevice.objects.create(
                    user=user, name="Demo authenticator", key=totp_key_for(person.email), confirmed=True
                )
            audit_record(actor=actor, action="membership.added", obj=user, object_label=person.email)
        load_capability_demos(
            DemoWorld(
                organisations=orgs, partners=partners, people={p.email: User.objects.get(email=p.email) for p in PEOPLE}
            )
        )
    return PEOPLE


@dataclass(frozen=True)
class DemoWorld:
    """What the small demo created, handed to each capability's own demo loader."""

    organisations: dict[str, Organisation]
    partners: dict[str, SupportPartner]
    people: dict[str, User]


def load_capability_demos(world: DemoWorld) -> list[str]:
    """Each capability may ship `carecyber/<app>/demo.py` with `load_demo(world)`; run the ones that exist."""
    loaded = []
    for app in CAPABILITY_APPS:
        module_name = f"carecyber.{app}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        load_demo = getattr(importlib.import_module(module_name), "load_demo", None)
        if load_demo is not None:
            load_demo(world)
            loaded.append(app)
    return loaded
