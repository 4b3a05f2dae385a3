"""Demo alerts: the small demo gets real, targeted alerts; the national loader makes inventories that match."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carecyber.alerts.demo import PRODUCT_MIX, load_national_inventory
from carecyber.alerts.engine.model import ProductData
from carecyber.alerts.engine.versions import VersionRange
from carecyber.alerts.models import Advisory, AdvisoryStatus, AlertContact, Asset, Response, ResponseState
from carecyber.alerts.services import advisory_create
from carecyber.alerts.services.targeting import compute_targets
from carecyber.alerts.tests.conftest import advisory_input
from carecyber.core.actor import Actor
from carecyber.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_alerts_for_every_lead_to_work_on() -> None:
    call_command("demo", "--scale", "small", verbosity=0)
    assert Asset.objects.filter(organisation__code="RNF").count() == 5
    assert AlertContact.objects.filter(organisation__code="RNF", user__isnull=True).count() == 1  # alert-only
    published = Advisory.objects.filter(status=AdvisoryStatus.PUBLISHED)
    assert published.count() == 3
    assert Advisory.objects.filter(status=AdvisoryStatus.DRAFT, source="kev").count() == 1

    exchange = published.get(title__startswith="Exchange Server")
    by_code = {
        r.organisation.code: r for r in Response.objects.filter(advisory=exchange).select_related("organisation")
    }
    assert set(by_code) == {"RNF", "RNF02"}  # the trust and its site run an affected build
    assert by_code["RNF02"].reasons[0]["version"] == "15.1.2507.6"
    assert all(r.state == ResponseState.IN_PROGRESS and r.acknowledged_at for r in by_code.values())

    chrome = published.get(title__startswith="Chrome")
    states = dict(
        Response.objects.filter(advisory=chrome).values_list("organisation__code", "state")
    )  # the trust runs a patched Chrome
    assert states == {"VRC01": ResponseState.OPEN, "P81001": ResponseState.CLOSED}

    notice = published.get(severity="info")
    assert list(Response.objects.filter(advisory=notice).values_list("organisation__code", flat=True)) == ["VRC01"]


def test_the_national_loader_writes_normalised_inventories_that_targeting_finds() -> None:
    for n in range(6):
        OrganisationFactory(code=f"Z{n:05d}", type="nhs_trust" if n == 0 else "care_home", region="london")
    added = load_national_inventory(count=600, progress=False)
    assert added == Asset.objects.count() and 500 <= added <= 700
    trust_entries = Asset.objects.filter(organisation__code="Z00000").count()
    assert trust_entries > Asset.objects.filter(organisation__code="Z00001").count()  # a trust runs more
    chrome = Asset.objects.filter(vendor_name="Google", product_name="Chrome").first()
    assert chrome is not None and chrome.product_key == "google:chrome"
    assert (
        Asset.objects.filter(product_name="Exchange Server 2019")
        .exclude(product_key="microsoft:exchange_server")
        .count()
        == 0
    )
    assert {p.product for p in PRODUCT_MIX} >= set(Asset.objects.values_list("product_name", flat=True).distinct())

    advisory = advisory_create(
        actor=Actor.system("tests"),
        data=advisory_input(
            products=[
                ProductData(
                    vendor="Google",
                    product="Chrome",
                    version_range=VersionRange.from_vers("vers:generic/<138.0.7204.96"),
                )
            ]
        ),
    )
    targets = compute_targets(advisory)
    expected = set(
        Asset.objects.filter(product_key="google:chrome")
        .exclude(version__in=["138.0.7204.100", "139.0.7258.66"])
        .values_list("organisation_id", flat=True)
    )
    assert set(targets) == expected and expected
