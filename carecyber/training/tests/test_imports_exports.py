"""Completions move between systems: CSV in (all or nothing, repeatable), CSV and xAPI out."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.training.models import Completion, Course, TrainingRecord
from carecyber.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def _upload(client: object, code: str, text: str) -> str:
    response = client.post(  # type: ignore[attr-defined]
        f"/training/organisations/{code}/completions/import",
        {"file": SimpleUploadedFile("lms.csv", text.encode(), content_type="text/csv")},
    )
    return response.content.decode() if response.status_code == 200 else f"redirect {response.status_code}"


def test_a_csv_from_another_system_is_imported_once(world: World, core: Course) -> None:
    lead = signed_in(world.lead_a)
    text = "email,course,completed_on,score,reference\nstaff@alder.test,core-cyber-security,2026-09-01,88,LMS-77\n"
    assert _upload(lead, world.org_a.code, text) == "redirect 302"
    completion = Completion.objects.get(user=world.staff_a)
    assert completion.source == "import" and completion.external_ref == "LMS-77" and completion.score_percent == 88
    assert TrainingRecord.objects.get(user=world.staff_a).valid_until == completion.expires_at
    assert _upload(lead, world.org_a.code, text) == "redirect 302"
    assert Completion.objects.filter(user=world.staff_a).count() == 1
    event = AuditEvent.objects.filter(action="training.completions.imported").order_by("-id").first()
    assert event is not None and event.changes["already_recorded"] == 1


def test_one_bad_row_imports_nothing_and_says_which(world: World, core: Course) -> None:
    text = (
        "email,course,completed_on\n"
        "staff@alder.test,core-cyber-security,2026-09-01\n"
        "staff@birch.test,core-cyber-security,2026-09-01\n"
        "lead@alder.test,no-such-course,2026-09-01\n"
    )
    html = _upload(signed_in(world.lead_a), world.org_a.code, text)
    assert "Row 4: there is no course" in html
    assert not Completion.objects.exists()
    only_strangers = "email,course,completed_on\nstaff@birch.test,core-cyber-security,2026-09-01\n"
    html = _upload(signed_in(world.lead_a), world.org_a.code, only_strangers)
    assert "Row 2: staff@birch.test is not a member of Alder Hospitals NHS Trust" in html
    assert not Completion.objects.exists()


def test_completions_export_as_csv_and_xapi(world: World, core: Course) -> None:
    completion = complete(world.staff_a, core)
    lead = signed_in(world.lead_a)
    csv_text = b"".join(
        lead.get(f"/training/organisations/{world.org_a.code}/completions?format=csv").streaming_content
    ).decode()  # type: ignore[attr-defined]
    assert completion.certificate_code in csv_text and "staff@alder.test" in csv_text
    response = lead.get(f"/training/organisations/{world.org_a.code}/completions?format=xapi")
    statements = json.loads(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert len(statements) == 1
    assert statements[0]["actor"]["mbox"] == "mailto:staff@alder.test"
    assert statements[0]["object"]["id"].endswith("/training/courses/core-cyber-security")
    assert statements[0]["context"]["extensions"]
    other = signed_in(world.lead_b).get(f"/training/organisations/{world.org_a.code}/completions?format=xapi")
    assert other.status_code == 404


def test_the_command_imports_content_and_completions(world: World, core: Course, tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import call_command

    out = io.StringIO()
    call_command("training", "import", stdout=out)
    assert "core-cyber-security: unchanged (version 1)" in out.getvalue()
    csv_path = Path(str(tmp_path)) / "c.csv"
    csv_path.write_text("email,course,completed_on\nstaff@birch.test,advanced-backups,2026-01-05\n")
    call_command("training", "import-completions", str(csv_path), "--organisation", "vbb01", stdout=out)
    assert Completion.objects.filter(user=world.staff_b, course__slug="advanced-backups").exists()
    export = io.StringIO()
    import sys

    saved, sys.stdout = sys.stdout, export
    try:
        call_command("training", "export-xapi", "--organisation", "VBB01")
    finally:
        sys.stdout = saved
    assert json.loads(export.getvalue())[0]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"


def test_assignments_add_courses_for_a_role_or_team(world: World, core: Course) -> None:
    lead = signed_in(world.lead_a)
    response = lead.post(
        f"/training/organisations/{world.org_a.code}/assignments",
        {"course": "advanced-patching", "role": "staff", "team": "", "due_in_days": "14"},
    )
    assert response.status_code == 302
    html = signed_in(world.staff_a).get("/training/").content.decode()
    assert "Your organisation asks staff to take this" in html
    assert "Advanced: patching and unsupported systems" in html.split("Other courses you can take")[0]
    again = lead.post(
        f"/training/organisations/{world.org_a.code}/assignments",
        {"course": "advanced-patching", "role": "staff", "team": "", "due_in_days": "14"},
    )
    assert "already assigned" in again.content.decode()
    core_again = lead.post(
        f"/training/organisations/{world.org_a.code}/assignments",
        {"course": "core-cyber-security", "role": "", "team": "", "due_in_days": "14"},
    )
    assert "Choose a course from the list" in core_again.content.decode()
    assert signed_in(world.staff_b).get("/training/").content.decode().count("Advanced: patching") == 1


def test_newer_versions_replace_content_and_same_version_changes_are_refused(world: World, tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    from django.core.exceptions import ValidationError

    from carecyber.core.actor import Actor
    from carecyber.training import services
    from carecyber.training.content import CONTENT_DIR

    actor = Actor.system("test")
    folder = Path(str(tmp_path)) / "advanced-access"
    shutil.copytree(CONTENT_DIR / "advanced-access", folder)
    lesson = next(folder.glob("modules/*/1-*.md"))
    lesson.write_text(lesson.read_text() + "\nA new closing line.\n")
    with pytest.raises(ValidationError, match="the version is still 1"):
        services.course_import(actor=actor, folder=folder)
    course_file = folder / "course.yaml"
    course_file.write_text(course_file.read_text().replace("version: 1", "version: 2"))
    assert services.course_import(actor=actor, folder=folder).outcome == "updated"
    assert "A new closing line." in Course.objects.get(slug="advanced-access").modules.first().lessons.first().body_html  # type: ignore[union-attr]
    course_file.write_text(course_file.read_text().replace("version: 2", "version: 1"))
    with pytest.raises(ValidationError, match="older than the installed 2"):
        services.course_import(actor=actor, folder=folder)


def test_a_bad_folder_keeps_every_folder_out_and_each_problem_is_named(world: World, tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    from django.core.management import CommandError, call_command

    from carecyber.training.content import CONTENT_DIR

    root = Path(str(tmp_path))
    good = root / "good"
    shutil.copytree(CONTENT_DIR / "advanced-access", good)
    course_file = good / "course.yaml"
    course_file.write_text(course_file.read_text().replace("slug: advanced-access", "slug: a-new-course"))
    for module_file in good.glob("modules/*/module.yaml"):  # module slugs are unique across courses
        module_file.write_text(module_file.read_text().replace("slug: access-management", "slug: a-new-module", 1))
    broken = root / "broken"
    shutil.copytree(CONTENT_DIR / "advanced-backups", broken)
    (broken / "course.yaml").write_text("title: [unclosed\n")
    worse = root / "worse"
    shutil.copytree(CONTENT_DIR / "advanced-patching", worse)
    next(worse.glob("modules/*/1-*.md")).write_text("## Hello\n\n<script>alert(1)</script>\n")
    before = Course.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("training", "import", str(good), str(broken), str(worse), stdout=io.StringIO())
    message = str(caught.value)
    assert "Nothing was imported" in message
    assert "broken/course.yaml: not valid YAML" in message and "worse/" in message
    assert Course.objects.count() == before and not Course.objects.filter(slug="a-new-course").exists()

    # A folder that parses but is refused when loading (an older version) also keeps the good one out.
    older = root / "older"
    shutil.copytree(CONTENT_DIR / "advanced-backups", older)
    Course.objects.filter(slug="advanced-backups").update(version=5)
    with pytest.raises(CommandError, match="older than the installed 5"):
        call_command("training", "import", str(good), str(older), stdout=io.StringIO())
    assert not Course.objects.filter(slug="a-new-course").exists()
    call_command("training", "import", str(good), stdout=io.StringIO())
    assert Course.objects.filter(slug="a-new-course").exists()
