"""Organisations of health and care, their email domains and their support partners."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import ClassVar

import yaml
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from carecyber.core.tenancy import TenantModel, TenantQuerySet

ORGANISATION_CODE_RE = re.compile(r"^[A-Z0-9]{3,6}$")
DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_TYPES_FILE = Path(__file__).resolve().parents[1] / "data" / "organisation_types.yaml"


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    ICB = "icb", "Integrated care board"
    CSU = "csu", "Commissioning support unit"
    ALB = "alb", "Arm's-length body"
    GP_PRACTICE = "gp_practice", "GP practice"
    COMMUNITY_PHARMACY = "community_pharmacy", "Community pharmacy"
    DENTAL_PRACTICE = "dental_practice", "Dental practice"
    OPTOMETRIST = "optometrist", "Optometrist"
    CARE_HOME = "care_home", "Care home"
    HOME_CARE = "home_care", "Home care provider"
    INDEPENDENT_PROVIDER = "independent_provider", "Independent provider"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    IT_SUPPLIER = "it_supplier", "IT supplier"


class Region(models.TextChoices):
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    MIDLANDS = "midlands", "Midlands"
    NORTH_EAST_AND_YORKSHIRE = "north_east_and_yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north_west", "North West"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


@cache
def _category_table() -> tuple[dict[str, int], dict[int, str]]:
    data = yaml.safe_load(_TYPES_FILE.read_text(encoding="utf-8"))
    by_type = {str(key): int(value) for key, value in data["types"].items()}
    labels = {int(key): str(value) for key, value in data["categories"].items()}
    missing = set(OrganisationType.values) - set(by_type)
    if missing:
        raise ValueError(f"{_TYPES_FILE.name}: no category for {sorted(missing)}")
    return by_type, labels


def category_of(org_type: str) -> int:
    return _category_table()[0][org_type]


def category_label(category: int) -> str:
    return _category_table()[1][category]


def types_in_category(category: int) -> list[str]:
    return sorted(t for t, c in _category_table()[0].items() if c == category)


def normalise_code(value: str) -> str:
    return value.strip().upper()


def validate_organisation_code(value: str) -> None:
    if not ORGANISATION_CODE_RE.match(value):
        raise ValidationError("Enter an organisation code of 3 to 6 letters or digits, like RX1 or A81001")


def normalise_domain(value: str) -> str:
    return value.strip().lower().rstrip(".").removeprefix("@")


def validate_domain(value: str) -> None:
    if not DOMAIN_RE.match(value):
        raise ValidationError(f"Enter an email domain like example.nhs.uk, not {value!r}")


class SupportPartner(models.Model):
    """A regional support partner that helps a set of (mostly small) organisations."""

    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    region = models.CharField(max_length=40, choices=Region.choices)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(TenantModel):
    tenant_path: ClassVar[str] = ""

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=6, unique=True, validators=[validate_organisation_code])
    type = models.CharField(max_length=30, choices=OrganisationType.choices)
    region = models.CharField(max_length=40, choices=Region.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        help_text="The headquarters that acts for this site",
    )
    support_partner = models.ForeignKey(
        SupportPartner, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet["Organisation"].as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="organisation_name_lower"),
            models.Index(fields=["region", "type"], name="organisation_region_type"),
            models.Index(fields=["support_partner", "name"], name="organisation_partner_name"),
            # National lists page through every organisation in name order: read in order, never sorted.
            models.Index(fields=["name", "code"], name="organisation_name_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def category(self) -> int:
        return category_of(self.type)

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    def clean(self) -> None:
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "An organisation cannot be its own headquarters"})
        if self.parent is not None and self.parent.parent_id is not None:
            raise ValidationError({"parent": "A site cannot be the headquarters of another site"})


class OrganisationDomain(TenantModel):
    """An email domain that belongs to an organisation (used to recognise its people)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True, validators=[validate_domain])

    objects = TenantQuerySet["OrganisationDomain"].as_manager()

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
