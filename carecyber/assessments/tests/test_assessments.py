"""Starting this year's assessment, answering items on the page, and never losing what was typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from carecyber.assessments.models import Answer, Assessment, Comment, Framework, OrganisationStatus
from carecyber.assessments.services.assessments import answer_save, assessment_start
from carecyber.assessments.tests.conftest import actor_for, fill, start
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_care_home_gets_the_items_that_apply_to_it(world: World, care_home_assessment: Assessment) -> None:
    a = care_home_assessment
    assert (a.applicable_total, a.mandatory_total, a.answered_total) == (105, 42, 0)
    assert not Answer.objects.filter(assessment=a, item__reference="2.3.3").exists()  # a SIRO item for large bodies
    assert Answer.objects.get(assessment=a, item__reference="1.1.3").mandatory is False  # mandatory for 1-3 only
    status = OrganisationStatus.objects.get(organisation=world.org_b)
    assert status.assessment == a and status.status == "not_published" and status.mandatory_total == 42
    assert AuditEvent.objects.filter(action="assessment.started", organisation=world.org_b).count() == 1


def test_a_trust_gets_more_mandatory_items(trust_assessment: Assessment) -> None:
    assert (trust_assessment.applicable_total, trust_assessment.mandatory_total) == (125, 95)


def test_an_outcomes_assessment_uses_the_profile_for_its_type(world: World, frameworks: dict[str, Framework]) -> None:
    a = start(world, world.org_a, world.lead_a, frameworks["caf-health"])
    assert a.profile == "essential-services" and a.applicable_total == 47


def test_a_framework_that_does_not_fit_is_refused(world: World, frameworks: dict[str, Framework]) -> None:
    with pytest.raises(ValidationError, match="not for organisations like Birch Care Home"):
        start(world, world.org_b, world.lead_b, frameworks["caf-health"])


def test_one_assessment_per_framework_and_year(world: World, care_home_assessment: Assessment) -> None:
    with pytest.raises(ValidationError, match="already has a"):
        start(world, world.org_b, world.lead_b, care_home_assessment.framework)
    assert Assessment.objects.count() == 1


def test_last_years_answers_are_carried_forward(world: World, frameworks: dict[str, Framework]) -> None:
    actor = actor_for(world.lead_b, world.org_b)
    old = assessment_start(
        actor=actor, organisation=world.org_b, framework=frameworks["ndg-10"], today=date(2025, 6, 1)
    )
    fill(old, today=date(2025, 6, 1))
    new = assessment_start(
        actor=actor, organisation=world.org_b, framework=frameworks["ndg-10"], today=date(2025, 9, 1)
    )
    assert new.year == 2026 and old.year == 2025
    documents = Answer.objects.filter(assessment=new, item__answer_type="document").count()
    assert new.answered_total == 105 - documents  # (the shortcut above attaches no real files to carry)
    dated = Answer.objects.get(assessment=new, item__reference="1.1.2")  # a date answer keeps counting for 12 months
    assert dated.met and dated.value == "2025-06-01"


def test_staff_and_auditors_cannot_start_an_assessment(world: World, frameworks: dict[str, Framework]) -> None:
    response = signed_in(world.staff_b).post(
        f"/toolkit/{world.org_b.code}/start", {"framework": frameworks["ndg-10"].pk}
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_the_lead_starts_one_on_the_page(world: World, frameworks: dict[str, Framework]) -> None:
    client = signed_in(world.lead_b)
    page = client.get(f"/toolkit/{world.org_b.code}/").content.decode()
    assert "Start a 20" in page and "Ten data security standards" in page
    assert "Cyber assessment for health" not in page  # not offered to a care home
    response = client.post(
        f"/toolkit/{world.org_b.code}/start", {"framework": frameworks["ndg-10"].pk, "carry_forward": "on"}
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/toolkit/{world.org_b.code}/assessments/{assessment.pk}/"
    overview = client.get(response["Location"]).content.decode()
    assert "0 of 105 items answered" in overview and "Personal confidential data" in overview


def _item_url(a: Assessment, ref: str) -> str:
    return f"/toolkit/{a.organisation.code}/assessments/{a.pk}/items/{ref}/"


def test_the_lead_answers_an_item(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    url = _item_url(care_home_assessment, "3.1.1")
    page = client.get(url).content.decode()
    assert "What percentage of your staff completed" in page
    assert 'href="/support/guidance/nds-3"' in page and "Help with this question" in page
    response = client.post(url, {"version": "0", "value": "97", "then": "next"})
    assert response.status_code == 302 and response["Location"] == _item_url(care_home_assessment, "3.1.2")
    answer = Answer.objects.get(assessment=care_home_assessment, item__reference="3.1.1")
    assert (answer.value, answer.met, answer.version, answer.updated_by) == (97, True, 1, world.lead_b)
    care_home_assessment.refresh_from_db()
    assert care_home_assessment.answered_total == 1 and care_home_assessment.mandatory_met == 1
    event = AuditEvent.objects.get(action="assessment.answer_saved")
    assert event.changes["item"] == "3.1.1" and event.organisation_id == world.org_b.pk


def test_an_answer_of_the_wrong_type_keeps_what_was_typed(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    response = client.post(_item_url(care_home_assessment, "3.1.1"), {"version": "0", "value": "most of them"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter a number, like 12 or 95.5" in html
    assert 'value="most of them"' in html  # what they typed is still there
    assert not Answer.objects.get(assessment=care_home_assessment, item__reference="3.1.1").answered
    assert not AuditEvent.objects.filter(action="assessment.answer_saved").exists()


def test_two_people_editing_one_item_get_a_conflict_not_an_overwrite(
    world: World, care_home_assessment: Assessment
) -> None:
    url = _item_url(care_home_assessment, "1.3.1")
    first, second = signed_in(world.lead_b), signed_in(world.lead_b)
    assert first.post(url, {"version": "0", "value": "Bea Lead, manager"}).status_code == 302
    response = second.post(url, {"version": "0", "value": "Someone else entirely"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this answer" in html and "Bea Lead, manager" in html
    assert "Your answer has not been saved" in html
    assert "Someone else entirely" in html  # their own typing is kept on the page
    assert 'name="version" value="1"' in html  # saving again now would replace, knowingly
    assert Answer.objects.get(assessment=care_home_assessment, item__reference="1.3.1").value == "Bea Lead, manager"


def test_the_service_refuses_a_stale_version(world: World, care_home_assessment: Assessment) -> None:
    answer = Answer.objects.select_related("item", "assessment__framework").get(
        assessment=care_home_assessment, item__reference="1.2.1"
    )
    actor = actor_for(world.lead_b)
    answer_save(actor=actor, answer=answer, value="yes", expected_version=0)
    with pytest.raises(ValidationError, match="changed this answer"):
        answer_save(actor=actor, answer=answer, value="no", expected_version=0)
    assert Answer.objects.get(pk=answer.pk).value == "yes"


def test_staff_answer_only_what_is_assigned_to_them(
    world: World, care_home_assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    lead = signed_in(world.lead_b)
    url = _item_url(care_home_assessment, "3.1.1")
    staff = signed_in(world.staff_b)
    assert staff.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url + "assign", {"version": "0", "assignee": world.staff_b.email})
    assert response.status_code == 302

    assert mail.outbox[-1].to == [world.staff_b.email] and "3.1.1" in mail.outbox[-1].subject
    assert staff.get("/toolkit/mine/").content.decode().count("3.1.1") >= 1
    assert staff.post(url, {"version": "1", "value": "96"}).status_code == 302
    assert Answer.objects.get(assessment=care_home_assessment, item__reference="3.1.1").value == 96
    assert staff.get(_item_url(care_home_assessment, "3.1.2")).status_code == 404  # not assigned
    assert staff.get(f"/toolkit/{world.org_b.code}/assessments/{care_home_assessment.pk}/").status_code == 403


def test_assigning_someone_outside_the_organisation_is_refused(world: World, care_home_assessment: Assessment) -> None:
    response = signed_in(world.lead_b).post(
        _item_url(care_home_assessment, "3.1.1") + "assign", {"version": "0", "assignee": world.staff_a.email}
    )
    assert response.status_code == 400
    assert Answer.objects.get(assessment=care_home_assessment, item__reference="3.1.1").assignee is None


def test_comments_on_an_item(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    url = _item_url(care_home_assessment, "7.1.1")
    assert client.post(url + "comments", {"body": "Ask the deputy manager for the latest plan."}).status_code == 302
    assert "Ask the deputy manager" in client.get(url).content.decode()
    empty = client.post(url + "comments", {"body": "   "})
    assert empty.status_code == 400 and "Enter a comment" in empty.content.decode()
    assert Comment.objects.count() == 1


def test_the_partner_reads_but_does_not_answer(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.partner_member)
    url = _item_url(care_home_assessment, "3.1.1")
    page = client.get(url).content.decode()
    assert "What percentage of your staff" in page and 'name="value"' not in page
    assert client.post(url, {"version": "0", "value": "90"}).status_code == 403


def test_progress_per_standard_and_csv(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment, skip=["1.1.1", "1.1.2"])
    client = signed_in(world.lead_b)
    url = f"/toolkit/{world.org_b.code}/assessments/{care_home_assessment.pk}/"
    page = client.get(url).content.decode()
    assert "103 of 105 items answered" in page and 'role="img"' in page
    assert "2 mandatory items are still to answer" in page
    csv_text = client.get(url + "?format=csv").content.decode()
    assert csv_text.splitlines()[0] == "reference,standard,item,mandatory,answer,state,evidence files,assigned to"
    assert len(csv_text.splitlines()) == 106
