"""The reporter's pages and API: no-JS form flows, verdict page, buttons, and other organisations get 404."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from carecyber.accounts.services import api_token_create
from carecyber.conftest import World, signed_in
from carecyber.core.models import User
from carecyber.phishing.models import PhishingReport, RawMessage, ReportStatus, Route
from carecyber.phishing.services.reporting import report_submit
from carecyber.phishing.tests.reporter_helpers import actor_for, committed, fixture

pytestmark = pytest.mark.django_db


def _upload(client: Client, name: str, data: bytes) -> object:
    with committed():
        return client.post(reverse("phishing:report-form"), {"message_file": SimpleUploadedFile(name, data)})


def test_uploading_an_email_shows_thanks_then_the_verdict_with_reasons(world: World) -> None:
    client = signed_in(world.staff_a)
    form = client.get(reverse("phishing:report-form")).content.decode()
    assert 'enctype="multipart/form-data"' in form and "Report a suspicious email" in form
    response = _upload(client, "payroll.eml", fixture("reporter_payroll_phish.eml"))
    report = PhishingReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("phishing:my-report", args=[report.pk])  # type: ignore[attr-defined]
    page = client.get(reverse("phishing:my-report", args=[report.pk])).content.decode()
    assert "Thank you for reporting this email" in page and report.reference in page
    assert "This is a phishing email" in page and "What we noticed" in page and "What to do next" in page
    assert "I clicked a link" in page and "I entered my password" in page
    assert RawMessage.objects.get(report=report).filename == "payroll.eml"
    again = client.get(reverse("phishing:my-report", args=[report.pk])).content.decode()
    assert "Thank you for reporting this email" not in again  # the thank-you panel shows once


def test_pasting_the_source_works_too(world: World) -> None:
    client = signed_in(world.staff_b)
    with committed():
        response = client.post(reverse("phishing:report-form"), {"source": fixture("reporter_rota_note.eml").decode()})
    assert response.status_code == 302
    report = PhishingReport.objects.get()
    assert report.route == Route.PASTE and report.organisation == world.org_b and report.verdict == "safe"


def test_an_empty_form_is_refused_with_a_message_beside_the_field(world: World) -> None:
    response = signed_in(world.staff_a).post(reverse("phishing:report-form"), {})
    assert response.status_code == 200
    assert "Choose the saved email, or paste its source below" in response.content.decode()
    assert not PhishingReport.objects.exists()


def test_a_paste_too_large_to_send_says_to_upload_the_file_instead(world: World) -> None:
    client = signed_in(world.staff_a)
    source = fixture("reporter_rota_note.eml").decode() + "\n" + "padding line of a very long message\n" * 70_000
    response = client.post(reverse("phishing:report-form"), {"source": source})
    page = response.content.decode()
    assert response.status_code == 413
    assert "This is too large to send" in page and "save the email as a file (.eml or .msg) and upload it" in page
    assert not PhishingReport.objects.exists()
    # The same email as a file is accepted: files are not held to the form-text limit.
    assert _upload(client, "long.eml", source.encode()).status_code == 302  # type: ignore[attr-defined]
    assert PhishingReport.objects.get().route == Route.UPLOAD


def test_a_paste_over_the_paste_limit_gets_one_message_saying_to_upload(world: World) -> None:
    from carecyber.phishing import forms_reporter

    client = signed_in(world.staff_a)
    source = "Subject: hi\n\n" + "x" * forms_reporter.MAX_PASTE_CHARS  # under the request limit, over the field's
    page = client.post(reverse("phishing:report-form"), {"source": source}).content.decode()
    assert "This is too long to paste: save the email as a file and upload it instead." in page
    assert "Choose the saved email, or paste its source below" not in page
    assert not PhishingReport.objects.exists()


def test_a_request_over_the_whole_size_limit_gets_a_page_not_a_bare_error(world: World, settings: object) -> None:
    settings.MAX_REQUEST_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    client = signed_in(world.staff_a)
    response = _upload(client, "huge.eml", b"Subject: x\n\n" + b"y" * (2 * 1024 * 1024))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "This is too large to send" in page and "the limit is 1 MB" in page and "<html" in page.lower()
    assert world.staff_a.full_name and world.staff_a.full_name in page and "Sign in" not in page  # still signed in
    assert "Content-Security-Policy" in response  # type: ignore[operator]  # served like any other page
    assert not PhishingReport.objects.exists()


def test_an_empty_file_is_kept_and_called_unreadable(world: World) -> None:
    client = signed_in(world.staff_a)
    assert _upload(client, "empty.eml", b"").status_code == 302  # type: ignore[attr-defined]
    report = PhishingReport.objects.get()
    assert report.status == ReportStatus.UNREADABLE
    page = client.get(reverse("phishing:my-report", args=[report.pk])).content.decode()
    assert "We could not read this message" in page


def test_the_buttons_are_plain_forms_that_record_it_and_tell_the_lead(world: World) -> None:
    client = signed_in(world.staff_a)
    _upload(client, "payroll.eml", fixture("reporter_payroll_phish.eml"))
    report = PhishingReport.objects.get()
    mail.outbox.clear()
    with committed():
        response = client.post(reverse("phishing:my-report-clicked", args=[report.pk]), {"kind": "clicked"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.clicked_at is not None
    assert any(m.to == ["lead@alder.test"] and "clicked a link" in m.subject for m in mail.outbox)
    page = client.get(reverse("phishing:my-report", args=[report.pk])).content.decode()
    assert "Thank you for telling us" in page and "You told us you clicked a link" in page
    assert client.get(reverse("phishing:my-report-clicked", args=[report.pk])).status_code == 405


def test_your_reports_lists_only_your_own_and_the_home_page_shows_them(world: World) -> None:
    with committed():
        mine = report_submit(actor=actor_for(world.staff_a), raw=fixture("reporter_payroll_phish.eml"), route="upload")
        report_submit(actor=actor_for(world.lead_a), raw=fixture("reporter_rota_note.eml"), route="upload")
    client = signed_in(world.staff_a)
    listing = client.get(reverse("phishing:my-reports")).content.decode()
    assert mine.reference in listing and "Rota for next week" not in listing
    home = client.get(reverse("core:home")).content.decode()
    assert "Report a suspicious email" in home and "Emails you reported" in home and "Phishing" in home


def test_another_organisation_and_another_person_get_404(world: World) -> None:
    with committed():
        report = report_submit(
            actor=actor_for(world.staff_a), raw=fixture("reporter_payroll_phish.eml"), route="upload"
        )
    for user in (world.staff_b, world.lead_b, world.lead_a):  # another organisation, and a colleague
        client = signed_in(user)
        assert client.get(reverse("phishing:my-report", args=[report.pk])).status_code == 404
        response = client.post(reverse("phishing:my-report-clicked", args=[report.pk]), {"kind": "clicked"})
        assert response.status_code == 404
        assert client.get(reverse("phishing:api-my-report", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.clicked_at is None


def _token(user: User) -> str:
    _token_obj, secret = api_token_create(actor=actor_for(user), name="mail add-in", days=30)
    return secret


def test_the_api_takes_raw_bytes_and_gives_back_the_verdict(world: World) -> None:
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(world.staff_b)}", "HTTP_X_FILENAME": "payroll.eml"}
    with committed():
        response = client.post(
            reverse("phishing:api-my-reports"),
            data=fixture("reporter_payroll_phish.eml"),
            content_type="message/rfc822",
            **headers,
        )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "received" and created["reference"].startswith("PR-")
    detail = client.get(reverse("phishing:api-my-report", args=[created["id"]]), **headers).json()
    assert detail["verdict"] == "phishing" and detail["headline"] == "This is a phishing email" and detail["reasons"]
    listing = client.get(reverse("phishing:api-my-reports"), **headers).json()
    assert [r["id"] for r in listing["results"]] == [created["id"]]
    other = {"HTTP_AUTHORIZATION": f"Bearer {_token(world.staff_a)}"}
    assert client.get(reverse("phishing:api-my-report", args=[created["id"]]), **other).status_code == 404
    assert client.get(reverse("phishing:api-my-reports"), **other).json()["results"] == []


def test_the_api_keeps_empty_and_oversized_bodies(world: World, settings: object) -> None:
    settings.PHISHING_MAX_MESSAGE_BYTES = 2048  # type: ignore[attr-defined]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(world.staff_a)}"}
    client = Client()
    with committed():
        empty = client.post(reverse("phishing:api-my-reports"), data=b"", content_type="message/rfc822", **headers)
        big = client.post(
            reverse("phishing:api-my-reports"),
            data=b"Subject: x\r\n\r\n" + b"y" * 5000,
            content_type="application/octet-stream",
            **headers,
        )
    assert empty.status_code == 201 and big.status_code == 201
    assert big.json()["truncated"] is True
    assert PhishingReport.objects.get(pk=empty.json()["id"]).status == ReportStatus.UNREADABLE
    assert (
        client.post(
            reverse("phishing:api-my-reports"), data={"a": 1}, content_type="application/json", **headers
        ).status_code
        == 415
    )


def test_while_the_check_runs_the_page_says_so_and_refreshes_itself(world: World) -> None:
    report = report_submit(actor=actor_for(world.staff_a), raw=fixture("reporter_payroll_phish.eml"), route="upload")
    page = signed_in(world.staff_a).get(reverse("phishing:my-report", args=[report.pk])).content.decode()
    assert "We are checking it now" in page and '<meta http-equiv="refresh" content="5">' in page


def test_a_damaged_outlook_file_is_kept_as_it_came(world: World) -> None:
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert _upload(signed_in(world.staff_a), "odd.msg", damaged).status_code == 302  # type: ignore[attr-defined]
    report = PhishingReport.objects.get()
    assert bytes(RawMessage.objects.get(report=report).data) == damaged
    assert report.status == ReportStatus.UNREADABLE
