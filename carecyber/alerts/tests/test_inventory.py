"""Asset inventories: by hand, CSV and CycloneDX; names meet through aliases; scoped to the organisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carecyber.alerts.models import Asset
from carecyber.alerts.services import product_alias_add, vendor_alias_add
from carecyber.alerts.tests.conftest import actor_for
from carecyber.conftest import signed_in

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_a_lead_adds_an_entry_and_the_names_are_normalised(world) -> None:
    page = signed_in(world.lead_a).post(
        "/alerts/inventory/RAA/add",
        {
            "vendor": "Microsoft Corporation",
            "product": "Exchange Server 2019",
            "version": "15.2.986.5",
            "location": "DC1",
        },
    )
    assert page.status_code == 302
    asset = Asset.objects.get(organisation=world.org_a)
    assert asset.product_key == "microsoft:exchange_server"
    assert asset.vendor_name == "Microsoft Corporation"  # kept as written


def test_bad_entries_are_explained_and_not_saved(world) -> None:
    page = signed_in(world.lead_a).post("/alerts/inventory/RAA/add", {"vendor": "Acme", "cpe": "cpe:2.3:x:broken"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html and "A CPE 2.3 name has 11 parts" in html
    assert not Asset.objects.exists()


def test_csv_and_sbom_imports(world) -> None:
    client = signed_in(world.lead_a)
    page = client.post(
        "/alerts/inventory/RAA/import", {"file": SimpleUploadedFile("a.csv", (FIXTURES / "assets.csv").read_bytes())}
    )
    assert page.status_code == 302
    assert Asset.objects.filter(organisation=world.org_a, source="csv").count() == 4
    agent = Asset.objects.get(purl__startswith="pkg:pypi/wardmgr-agent")
    assert agent.version == "1.4.0" and agent.purl_key == "pkg:pypi/wardmgr-agent"
    client.post(
        "/alerts/inventory/RAA/import", {"file": SimpleUploadedFile("b.json", (FIXTURES / "sbom.json").read_bytes())}
    )
    client.post(
        "/alerts/inventory/RAA/import", {"file": SimpleUploadedFile("c.xml", (FIXTURES / "sbom.xml").read_bytes())}
    )
    assert Asset.objects.filter(organisation=world.org_a, source="sbom").count() == 6
    # Replacing drops the earlier entries of the same kind only.
    client.post(
        "/alerts/inventory/RAA/import",
        {"file": SimpleUploadedFile("c.xml", (FIXTURES / "sbom.xml").read_bytes()), "replace": "on"},
    )
    assert Asset.objects.filter(organisation=world.org_a, source="sbom").count() == 2
    assert Asset.objects.filter(organisation=world.org_a, source="csv").count() == 4


def test_a_bad_file_is_refused_whole(world) -> None:
    page = signed_in(world.lead_a).post(
        "/alerts/inventory/RAA/import",
        {"file": SimpleUploadedFile("bad.csv", (FIXTURES / "assets_bad.csv").read_bytes())},
    )
    assert page.status_code == 400
    assert "Line 3: give a product name" in page.content.decode()
    assert not Asset.objects.exists()


def test_another_organisations_inventory_is_404_and_staff_cannot_change(world, add_asset) -> None:
    asset = add_asset(world.org_b, vendor="Acme", product="Portal", version="1.0")
    lead_a = signed_in(world.lead_a)
    for url in (
        "/alerts/inventory/VBB01/",
        "/alerts/inventory/VBB01/add",
        f"/alerts/inventory/VBB01/{asset.pk}/",
        "/alerts/organisations/VBB01/",
        "/alerts/contacts/VBB01/",
    ):
        assert lead_a.get(url).status_code == 404, url
    assert lead_a.post(f"/alerts/inventory/RAA/{asset.pk}/remove").status_code == 404
    assert signed_in(world.staff_b).get("/alerts/inventory/VBB01/add").status_code == 403
    assert signed_in(world.partner_member).get("/alerts/inventory/VBB01/").status_code == 200  # partner reads
    assert Asset.objects.filter(pk=asset.pk).exists()


def test_inventory_csv_export(world, add_asset) -> None:
    add_asset(world.org_a, vendor="Google", product="Chrome", version="137.0.1", location="Desktops")
    response = signed_in(world.lead_a).get("/alerts/inventory/RAA/?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines() == ["vendor,product,version,purl,cpe,location,owner", "Google,Chrome,137.0.1,,,Desktops,"]


def test_a_new_alias_renormalises_existing_inventories(world, add_asset, django_capture_on_commit_callbacks) -> None:
    asset = add_asset(world.org_b, vendor="Northwind Health Ltd", product="Care Planner Pro", version="2.1")
    assert asset.product_key == "northwind_health:care_planner_pro"
    national = actor_for(world.national)
    with django_capture_on_commit_callbacks(execute=True):
        vendor_alias_add(actor=national, alias="Northwind Health", vendor="northwind")
    asset.refresh_from_db()
    assert asset.product_key == "northwind:care_planner_pro"
    with django_capture_on_commit_callbacks(execute=True):
        product_alias_add(actor=national, vendor="northwind", alias="Care Planner Pro", product="care_planner")
    asset.refresh_from_db()
    assert asset.product_key == "northwind:care_planner"


def test_aliases_page_is_national_only(world) -> None:
    assert signed_in(world.national).get("/alerts/aliases/").status_code == 200
    assert "microsoft:exchange_server_2019" in signed_in(world.national).get("/alerts/aliases/").content.decode()
    assert signed_in(world.lead_a).get("/alerts/aliases/").status_code == 403


def test_contacts_alert_only_or_member(world) -> None:
    client = signed_in(world.lead_b)
    client.post("/alerts/contacts/VBB01/", {"name": "On-call", "email": "OnCall@Birch.test"})
    client.post("/alerts/contacts/VBB01/", {"name": "Bea", "email": world.lead_b.email})
    html = client.get("/alerts/contacts/VBB01/").content.decode()
    assert "oncall@birch.test" in html and "Alert emails only" in html and "Member: also sees alerts" in html
    duplicate = client.post("/alerts/contacts/VBB01/", {"name": "Again", "email": "oncall@birch.test"})
    assert "already an alert contact" in duplicate.content.decode()
    assert (
        signed_in(world.staff_b).post("/alerts/contacts/VBB01/", {"name": "X", "email": "x@y.test"}).status_code == 403
    )
