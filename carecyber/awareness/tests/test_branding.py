"""Branding: saved by the lead, audited and versioned; colours made accessible; bad input refused, nothing saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carecyber.awareness.models import Branding
from carecyber.awareness.tests.helpers import SVG_LOGO, png_claiming
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/awareness/branding"


def _post(world: World, **overrides: object):  # type: ignore[no-untyped-def]
    data = {"name": "Alder Hospitals", "colour": "#005EB8", "report_to": "spam@alder.test", "helpdesk": "0161 496 0123"}
    data.update(overrides)  # type: ignore[arg-type]
    return signed_in(world.lead_a).post(URL, data)


def test_a_lead_saves_the_branding_and_it_is_audited(world: World) -> None:
    response = _post(world)
    assert response.status_code == 302
    branding = Branding.objects.get(organisation=world.org_a)
    assert (branding.name, branding.colour_used, branding.version) == ("Alder Hospitals", "#005EB8", 1)
    assert AuditEvent.objects.filter(action="awareness.branding.saved", organisation=world.org_a).count() == 1
    _post(world, helpdesk="0161 496 9999")
    branding.refresh_from_db()
    assert branding.version == 2
    _post(world, helpdesk="0161 496 9999")  # nothing changed: same version
    branding.refresh_from_db()
    assert branding.version == 2


def test_a_too_light_colour_is_darkened_and_the_lead_is_told(world: World) -> None:
    client = signed_in(world.lead_a)
    response = client.post(URL, {"name": "Alder", "colour": "#FFEB3B", "report_to": "spam@alder.test"}, follow=True)
    branding = Branding.objects.get(organisation=world.org_a)
    assert branding.colour == "#FFEB3B" and branding.colour_used != "#FFEB3B"
    page = response.content.decode()
    assert "below the 4.5 to 1" in page and branding.colour_used in page


def test_an_svg_logo_is_stored_as_a_png_and_served_only_to_the_organisation(world: World) -> None:
    client = signed_in(world.lead_a)
    upload = SimpleUploadedFile("logo.svg", SVG_LOGO, content_type="image/svg+xml")
    data = {"name": "Alder", "colour": "#005EB8", "report_to": "spam@alder.test", "logo": upload}
    assert client.post(URL, data).status_code == 302
    branding = Branding.objects.get(organisation=world.org_a)
    assert bytes(branding.logo_png).startswith(b"\x89PNG")
    logo = client.get(reverse("awareness:branding-logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert logo.content.startswith(b"\x89PNG")
    assert signed_in(world.lead_b).get(reverse("awareness:branding-logo")).status_code == 404


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        (
            "evil.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>',
            "contains a script",
        ),
        ("bomb.png", png_claiming(60_000, 60_000), "decompression bomb"),
        ("photo.png", b"\xff\xd8\xff\xe0JFIF", "a JPEG photo"),
    ],
)
def test_a_hostile_logo_gets_a_clear_message_and_nothing_is_saved(
    world: World, filename: str, content: bytes, message: str
) -> None:
    client = signed_in(world.lead_a)
    data = {
        "name": "Alder",
        "colour": "#005EB8",
        "report_to": "spam@alder.test",
        "logo": SimpleUploadedFile(filename, content),
    }
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Branding.objects.filter(organisation=world.org_a).exists()
    assert not AuditEvent.objects.filter(action="awareness.branding.saved").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("colour", "blue", "hex code like #005EB8"),
        ("report_to", "not-an-email", "Enter an email address"),
        ("helpdesk", "call Dave", "Enter a phone number"),
        ("name", "", "Enter the name"),
    ],
)
def test_bad_input_is_explained_beside_the_field(world: World, field: str, value: str, message: str) -> None:
    response = _post(world, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Branding.objects.filter(organisation=world.org_a).exists()


def test_a_name_that_cannot_fit_the_smallest_banner_is_refused(world: World) -> None:
    response = _post(world, name="Pneumonoultramicroscopicsilicovolcanoconiosis" * 2)
    assert response.status_code == 200
    assert "too long to fit" in response.content.decode()
    assert not Branding.objects.filter(organisation=world.org_a).exists()


def test_staff_cannot_see_the_page_and_auditors_cannot_change_it(world: World, branding_a: Branding) -> None:
    assert signed_in(world.staff_a).get(URL).status_code == 403
    auditor = signed_in(world.auditor_a)
    page = auditor.get(URL)
    assert page.status_code == 200 and "Only a security lead can change the branding" in page.content.decode()
    assert auditor.post(URL, {"name": "Hacked", "colour": "#000000", "report_to": "x@y.test"}).status_code == 403
    branding_a.refresh_from_db()
    assert branding_a.name == "Alder Hospitals"


def test_another_organisation_sees_only_its_own_branding(world: World, branding_a: Branding) -> None:
    page = signed_in(world.lead_b).get(URL).content.decode()
    assert "Alder Hospitals" not in page and "spam@alder.test" not in page
