"""SCORM 1.2 end to end: upload, play in a sandbox, store status, score and time, and complete the course."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from carecyber.conftest import World, signed_in
from carecyber.training.models import Completion, Course, ScormAttempt, ScormPackage
from carecyber.training.tests.test_scorm_engine import make_package

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> object:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def _upload(client: Client, url: str, path: Path, title: str = "") -> object:
    return client.post(url, {"title": title, "package": SimpleUploadedFile("course.zip", path.read_bytes())})


def test_a_lead_uploads_a_package_and_staff_play_it(world: World, tmp_path: Path, media: Path) -> None:
    lead = signed_in(world.lead_a)
    response = _upload(
        lead, f"/training/organisations/{world.org_a.code}/scorm/upload", make_package(tmp_path / "p.zip")
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    course = Course.objects.get(kind="scorm")
    assert course.title == "Hand washing and data" and course.organisation == world.org_a
    package = ScormPackage.objects.get(course=course)
    assert (media / "scorm" / package.folder / "index.html").is_file()
    assert [p.name for p in (media / "scorm").iterdir()] == [package.folder]

    staff = signed_in(world.staff_a)
    player = staff.get(f"/training/courses/{course.slug}/play").content.decode()
    src = re.search(r'src="(/training/scorm/c/[^"]+)"', player)
    assert src is not None and 'sandbox="allow-scripts allow-forms allow-popups allow-downloads"' in player
    launched = Client().get(src.group(1))  # the signed link works without cookies (the frame has none)
    assert launched.status_code == 200
    assert "sandbox allow-scripts" in launched["Content-Security-Policy"]
    assert launched["X-Frame-Options"] == "SAMEORIGIN"
    html = launched.content.decode()
    assert "training/scorm-api.js" in html and "data-cmi=" in html and "ab-initio" in html
    asset = Client().get(src.group(1).replace("index.html", "media/a.txt"))
    assert asset.status_code == 200 and b"".join(asset.streaming_content) == b"text"  # type: ignore[attr-defined]
    assert Client().get(src.group(1).replace("index.html", "../../../etc/passwd")).status_code == 404
    assert Client().get(src.group(1).replace("/c/", "/c/x")).status_code == 404
    # Another organisation's people do not see it.
    assert signed_in(world.staff_b).get(f"/training/courses/{course.slug}/play").status_code == 404


def _commit(client: Client, slug: str, values: dict[str, str], finish: bool = False) -> dict[str, object]:
    response = client.post(
        f"/training/courses/{slug}/runtime",
        data=json.dumps({"values": values, "finish": finish}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_the_runtime_api_stores_status_score_and_time_and_completes_once(world: World, tmp_path: Path) -> None:
    signed_in(world.national).post(
        "/training/scorm/upload",
        {"title": "Phone scams", "package": SimpleUploadedFile("c.zip", make_package(tmp_path / "p.zip").read_bytes())},
    )
    course = Course.objects.get(kind="scorm")
    assert course.organisation is None  # national: for everyone
    staff = signed_in(world.staff_b)
    first = _commit(
        staff,
        course.slug,
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": "page-3",
            "cmi.core.session_time": "0000:05:30.00",
            "cmi.core.exit": "suspend",
            "cmi.suspend_data": "abc",
        },
        finish=True,
    )
    assert first == {"lesson_status": "incomplete", "errors": {}, "completed": False, "certificate": None}
    attempt = ScormAttempt.objects.get(user=world.staff_b)
    assert attempt.total_seconds == 330 and attempt.lesson_location == "page-3" and attempt.suspend_data == "abc"
    bad = _commit(staff, course.slug, {"cmi.core.lesson_status": "done", "cmi.core.total_time": "9999:00:00"})
    assert set(bad["errors"]) == {"cmi.core.lesson_status", "cmi.core.total_time"}  # type: ignore[arg-type]
    # The mastery score (80) decides pass or fail when the package only says "completed".
    done = _commit(
        staff,
        course.slug,
        {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "90", "cmi.core.session_time": "0000:10:00"},
        finish=True,
    )
    assert done["lesson_status"] == "passed" and done["completed"] is True
    attempt.refresh_from_db()
    assert attempt.total_seconds == 930 and attempt.score_raw == 90
    completion = Completion.objects.get(user=world.staff_b, course=course)
    assert completion.source == "scorm" and completion.score_percent == 90
    _commit(staff, course.slug, {"cmi.core.lesson_status": "passed"}, finish=True)
    assert Completion.objects.filter(user=world.staff_b, course=course).count() == 1
    resumed = staff.get(f"/training/courses/{course.slug}/play").content.decode()
    src = re.search(r'src="(/training/scorm/c/[^"]+)"', resumed)
    assert src is not None
    frame = Client().get(src.group(1)).content.decode()
    assert "&#34;cmi.core.lesson_status&#34;: &#34;passed&#34;" in frame or "passed" in frame


def test_the_runtime_refuses_unknown_fields_and_bad_json(world: World, tmp_path: Path) -> None:
    signed_in(world.lead_a).post(
        f"/training/organisations/{world.org_a.code}/scorm/upload",
        {"package": SimpleUploadedFile("c.zip", make_package(tmp_path / "p.zip").read_bytes())},
    )
    course = Course.objects.get(kind="scorm")
    staff = signed_in(world.staff_a)
    url = f"/training/courses/{course.slug}/runtime"
    assert staff.post(url, data="{nope", content_type="application/json").status_code == 400
    assert (
        staff.post(url, data=json.dumps({"values": {}, "extra": 1}), content_type="application/json").status_code == 400
    )
    assert not ScormAttempt.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"index.html": b"<html></html>", "../escape.txt": b"x"}, "points outside the package"),
        ({"index.html": b"<html></html>", "bomb.bin": b"\0" * (20 * 1024 * 1024)}, "zip bomb"),
    ],
)
def test_hostile_packages_are_refused_on_the_page_and_leave_nothing(
    world: World, tmp_path: Path, media: Path, files: dict[str, bytes], message: str
) -> None:
    html = _upload(
        signed_in(world.lead_a),
        f"/training/organisations/{world.org_a.code}/scorm/upload",
        make_package(tmp_path / "p.zip", files),
    ).content.decode()  # type: ignore[attr-defined]
    assert "There is a problem" in html and message in html
    assert not Course.objects.filter(kind="scorm").exists()
    assert not (media / "scorm").exists() or list((media / "scorm").iterdir()) == []
    assert not (tmp_path / "escape.txt").exists()


def test_a_zip_without_a_manifest_is_refused_clearly(world: World, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("index.html", "<html></html>")
    html = _upload(signed_in(world.lead_a), f"/training/organisations/{world.org_a.code}/scorm/upload", path)
    assert "no imsmanifest.xml" in html.content.decode()  # type: ignore[attr-defined]


def test_staff_cannot_upload_packages(world: World, tmp_path: Path) -> None:
    url = f"/training/organisations/{world.org_a.code}/scorm/upload"
    assert _upload(signed_in(world.staff_a), url, make_package(tmp_path / "p.zip")).status_code == 403  # type: ignore[attr-defined]
    assert signed_in(world.lead_a).get("/training/scorm/upload").status_code == 403
