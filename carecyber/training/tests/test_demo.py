"""The small demo's training data: figures that mean something for every demo person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from carecyber.conftest import signed_in
from carecyber.core.actor import Actor
from carecyber.core.demo import small
from carecyber.core.models import Organisation, User
from carecyber.training import queries
from carecyber.training.models import (
    Assignment,
    Completion,
    CompletionSource,
    ComplianceSnapshot,
    LessonProgress,
    TrainingRecord,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict[str, Organisation]:
    monkeypatch.setattr(small, "CAPABILITY_APPS", ("training",))  # only this capability's loader
    call_command("demo", "--scale", "small")
    capsys.readouterr()
    return {o.code: o for o in Organisation.objects.all()}


def test_colleagues_in_teams_and_a_realistic_share_up_to_date(demo: dict[str, Organisation]) -> None:
    figures = queries.compliance_for([o.pk for o in demo.values()])
    assert figures[demo["P81001"].pk] == 100.0  # Riverside meets the target
    for code in ("RNF", "VRC01"):
        assert 60.0 <= figures[demo[code].pk] < 95.0, code  # most people, not enough yet
    assert figures[demo["VBH02"].pk] < 60.0  # the South West partner has someone to help
    system = Actor.system("test")
    trust = queries.organisation_compliance(system, demo["RNF"])
    teams = {r.label: (r.staff, r.current) for r in trust.by_team}
    assert set(teams) >= {"Ward 7", "Outpatients", "IT", "Pharmacy"}
    assert trust.overdue >= 2
    # Two new starters at the trust have not trained but are not overdue yet.
    assert trust.total.staff - trust.total.current > trust.overdue
    assert ComplianceSnapshot.objects.count() >= 4  # the national roll-up has figures straight away


def test_history_came_in_through_the_csv_import_and_spans_lapsed_due_and_current(demo: dict[str, Organisation]) -> None:
    now = timezone.now()
    imported = Completion.objects.filter(source=CompletionSource.IMPORT, external_ref="RNF-previous-system")
    assert imported.filter(expires_at__lt=now).exists()  # lapsed: overdue now
    assert imported.filter(expires_at__gt=now + timedelta(days=60)).exists()  # comfortably current
    sam = User.objects.get(email="sam.patel@northfield.nhs.test")
    record = TrainingRecord.objects.get(user=sam, course=queries.core_course())
    assert timedelta(days=7) < record.valid_until - now < timedelta(days=30)  # the 30-day reminder is due


def test_jo_has_a_certificate_and_tom_can_continue(demo: dict[str, Organisation]) -> None:
    jo = User.objects.get(email="jo.williams@northfield.nhs.test")
    certificate = Completion.objects.get(user=jo, source=CompletionSource.COURSE)
    assert certificate.score_percent == 100
    page = signed_in(jo).get("/training/").content.decode()
    assert certificate.certificate_code in page
    tom = User.objects.get(email="tom.baker@rosewoodcare.test")
    assert not Completion.objects.filter(user=tom).exists()
    assert LessonProgress.objects.filter(user=tom).count() >= 3
    course_page = signed_in(tom).get(f"/training/courses/{queries.core_course().slug}/").content.decode()  # type: ignore[union-attr]
    assert "Continue" in course_page


def test_specialist_courses_are_assigned(demo: dict[str, Organisation]) -> None:
    assigned = set(Assignment.objects.values_list("organisation__code", "course__slug", "team"))
    assert ("RNF", "advanced-patching", "IT") in assigned
    assert ("P81001", "advanced-access", "") in assigned
