"""Packs: made in the background, cached per branding version, previewed with alt text, downloaded as one ZIP."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecyber.awareness import services
from carecyber.awareness.models import Branding, Pack, PackDownload, PackStatus
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_after_commit(committed):  # type: ignore[no-untyped-def]
    global _committed
    _committed = committed


def _pack(world: World, themes: list[str] | None = None, variant: int = 0) -> Pack:
    with _committed():
        pack = services.pack_request(
            actor=lead_actor(world), organisation=world.org_a, themes=themes or ["phishing"], variant=variant
        )
    pack.refresh_from_db()
    return pack


def test_making_a_pack_from_the_page_builds_it_and_shows_every_image_with_alt_text(
    world: World, branding_a: Branding
) -> None:
    client = signed_in(world.lead_a)
    with _committed():
        response = client.post(reverse("awareness:pack-list"), {"themes": ["phishing"], "variant": "1"})
    pack = Pack.objects.get(organisation=world.org_a)
    assert response.status_code == 302 and response["Location"] == reverse("awareness:pack-detail", args=[pack.pk])
    assert pack.status == PackStatus.READY  # tasks run in-process in tests
    page = client.get(response["Location"]).content.decode()
    images = [f for f in pack.manifest if f["media_type"] == "image/png"]
    assert len(images) == 14
    for f in images:
        assert f'alt="{f["alt"]}"' in page.replace("&#39;", "'")
    assert "Download the whole pack" in page
    assert "Read the newsletter article" in page


def test_packs_are_cached_per_branding_version(world: World, branding_a: Branding) -> None:
    first = _pack(world)
    again = _pack(world)
    assert again.pk == first.pk
    assert AuditEvent.objects.filter(action="awareness.pack.built").count() == 1
    assert _pack(world, variant=1).pk != first.pk  # different wording: a different pack
    services.branding_save(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.BrandingInput(name="Alder Hospitals", colour="#330072", report_to="spam@alder.test"),
    )
    changed = _pack(world)
    assert changed.pk != first.pk and changed.branding_version == first.branding_version + 1
    page = signed_in(world.lead_a).get(reverse("awareness:pack-detail", args=[first.pk])).content.decode()
    assert "Your branding has changed" in page


def test_downloading_records_who_and_when_and_gives_the_whole_zip(world: World, branding_a: Branding) -> None:
    pack = _pack(world)
    response = signed_in(world.lead_a).post(reverse("awareness:pack-download", args=[pack.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="alder-hospitals-keep-it-confidential')
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert len([n for n in zf.namelist() if n.endswith(".png")]) == 14
    download = PackDownload.objects.get()
    assert download.user == world.lead_a and download.pack == pack
    assert AuditEvent.objects.filter(action="awareness.pack.downloaded").count() == 1


def test_single_files_and_previews_are_served_only_if_listed(world: World, branding_a: Branding) -> None:
    pack = _pack(world)
    client = signed_in(world.lead_a)
    image = next(f["path"] for f in pack.manifest if f["media_type"] == "image/png")
    html = next(f["path"] for f in pack.manifest if f["media_type"] == "text/html")
    preview = client.get(reverse("awareness:pack-preview", args=[pack.pk, image]))
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    full = client.get(reverse("awareness:pack-file", args=[pack.pk, image]))
    assert full.status_code == 200 and len(full.content) > len(preview.content)
    served = client.get(reverse("awareness:pack-file", args=[pack.pk, html]))
    assert served["Content-Type"].startswith("text/plain") and served["Content-Disposition"].startswith("attachment")
    for bad in ("../../etc/passwd", "nothing.png", html.replace(".html", ".exe")):
        assert client.get(reverse("awareness:pack-file", args=[pack.pk, bad])).status_code == 404
    assert client.get(reverse("awareness:pack-preview", args=[pack.pk, html])).status_code == 404


def test_another_organisation_gets_404_for_every_pack_page(world: World, branding_a: Branding) -> None:
    pack = _pack(world)
    image = next(f["path"] for f in pack.manifest if f["media_type"] == "image/png")
    other = signed_in(world.lead_b)
    assert other.get(reverse("awareness:pack-detail", args=[pack.pk])).status_code == 404
    assert other.post(reverse("awareness:pack-download", args=[pack.pk])).status_code == 404
    assert other.get(reverse("awareness:pack-file", args=[pack.pk, image])).status_code == 404
    assert other.get(reverse("awareness:pack-preview", args=[pack.pk, image])).status_code == 404
    assert not PackDownload.objects.exists()


def test_bad_requests_are_explained_and_nothing_is_made(world: World, branding_a: Branding) -> None:
    with pytest.raises(ValidationError, match="Unknown theme"):
        _pack(world, themes=["ransomware"])
    response = signed_in(world.lead_a).post(reverse("awareness:pack-list"), {"variant": "0"})
    assert "Choose at least one theme" in response.content.decode()
    assert not Pack.objects.exists()


def test_a_pack_needs_branding_first(world: World) -> None:
    with pytest.raises(ValidationError, match="branding first"):
        _pack(world)


def test_building_twice_is_harmless(world: World, branding_a: Branding) -> None:
    pack = _pack(world)
    zip_path = pack.zip_path
    services.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.zip_path == zip_path
    assert AuditEvent.objects.filter(action="awareness.pack.built").count() == 1


def test_a_pack_waiting_while_the_branding_changes_fails_clearly(world: World, branding_a: Branding) -> None:
    pack = Pack.objects.create(
        organisation=world.org_a,
        key="x" * 64,
        branding_version=branding_a.version - 1 if branding_a.version > 1 else 99,
        themes=["phishing"],
    )
    services.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED and "branding changed" in pack.error
    page = signed_in(world.lead_a).get(reverse("awareness:pack-detail", args=[pack.pk])).content.decode()
    assert "could not be made" in page


def test_staff_cannot_reach_packs(world: World, branding_a: Branding) -> None:
    assert signed_in(world.staff_a).get(reverse("awareness:pack-list")).status_code == 403
