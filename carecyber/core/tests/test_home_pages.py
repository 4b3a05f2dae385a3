"""A home page for each role, showing what that role needs."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from carecyber.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def test_visitors_see_the_front_page() -> None:
    html = Client().get("/").content.decode()
    assert "Cyber security for everyone in health and care" in html
    assert 'href="/account/sign-in"' in html


def test_staff_home(world: World) -> None:
    html = signed_in(world.staff_a).get("/").content.decode()
    assert "Hello, Sid" in html and "Alder Hospitals NHS Trust" in html
    assert "Check a password" in html
    assert "Audit log" not in html  # not in a staff member's navigation


def test_lead_home_shows_the_organisation_at_a_glance(world: World) -> None:
    html = signed_in(world.lead_a).get("/").content.decode()
    assert "Alder Hospitals NHS Trust at a glance" in html
    assert "3 people" in html  # lead, staff and auditor
    assert "2 of 2 use two-factor" in html
    assert "Audit log" in html


def test_national_home_shows_the_whole_picture(world: World) -> None:
    html = signed_in(world.national).get("/").content.decode()
    assert "The whole picture" in html
    assert 'role="img"' in html  # the chart
    assert "Organisations by region and category" in html  # and its table
    assert "North West" in html


def test_partner_home_shows_its_organisations(world: World) -> None:
    html = signed_in(world.partner_member).get("/").content.decode()
    assert "You support 1 organisation." in html
    assert "Care home" in html


def test_pages_carry_a_strict_content_security_policy(world: World) -> None:
    response = signed_in(world.staff_a).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_pages_render_with_hashed_production_static_files(world: World, tmp_path: object, settings: object) -> None:
    """Production serves hashed static names from a manifest; every asset a page names must be in it."""
    from pathlib import Path

    from django.core.management import call_command

    settings.STATIC_ROOT = Path(str(tmp_path))  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    for user, path in ((None, "/"), (world.national, "/"), (world.lead_a, "/"), (None, "/account/sign-in")):
        client = signed_in(user) if user else Client()
        response = client.get(path)
        assert response.status_code == 200
        assert re.search(r"/static/carecyber/main\.[0-9a-f]{12}\.css", response.content.decode())
