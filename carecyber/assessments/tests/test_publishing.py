"""Publishing dated, immutable snapshots; the status they give; expiry; headquarters publishing for sites."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from carecyber.assessments.engine.calendar import expiry_of
from carecyber.assessments.models import Assessment, OrganisationStatus, Publication, PublicationImmutableError
from carecyber.assessments.services.status import (
    certificate_add,
    publication_publish,
    snapshot_intact,
    statuses_expire,
    statuses_recompute,
)
from carecyber.assessments.tests.conftest import actor_for, fill, start
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def publish(world: World, assessment: Assessment, **kwargs: Any) -> list[Publication]:
    return publication_publish(
        actor=actor_for(kwargs.pop("lead", world.lead_b), assessment.organisation),
        assessment=assessment,
        two_factor_verified=True,
        **kwargs,
    )


def status_of(org: Any) -> str:
    return OrganisationStatus.objects.get(organisation=org).status


def test_publishing_with_mandatory_items_missing_is_refused_and_saves_nothing(
    world: World, care_home_assessment: Assessment
) -> None:
    fill(care_home_assessment, skip=["1.1.1", "3.1.1"])
    with pytest.raises(ValidationError) as caught:
        publish(world, care_home_assessment)
    assert "2 still to answer: 1.1.1, 3.1.1" in caught.value.messages[0]
    assert not Publication.objects.exists()
    assert status_of(world.org_b) == "not_published"


def test_every_mandatory_item_met_is_standards_met(
    world: World, care_home_assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    fill(care_home_assessment, skip=["1.1.5"])  # an optional item may stay unanswered
    with django_capture_on_commit_callbacks(execute=True):
        [publication] = publish(world, care_home_assessment)
    assert publication.status_at_publication == "standards_met"
    assert publication.expires_on == expiry_of(date.today())
    assert (publication.mandatory_met, publication.mandatory_total) == (42, 42)
    assert snapshot_intact(publication)
    items = {i["reference"]: i for i in publication.snapshot["items"]}
    assert len(items) == 105 and items["3.1.1"]["shown"] == "100%" and not items["1.1.5"]["answered"]
    status = OrganisationStatus.objects.get(organisation=world.org_b)
    assert (status.status, status.publication, status.published_on) == ("standards_met", publication, date.today())
    assert AuditEvent.objects.filter(action="assessment.published", organisation=world.org_b).count() == 1
    assert AuditEvent.objects.filter(action="status.changed", organisation=world.org_b).count() == 1
    assert mail.outbox and "published" in mail.outbox[-1].subject


def test_a_current_cyber_essentials_plus_certificate_gives_exceeded(
    world: World, care_home_assessment: Assessment
) -> None:
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    certificate_add(
        actor=actor_for(world.lead_b),
        organisation=world.org_b,
        kind="cyber_essentials_plus",
        number="CEP-0001",
        issued_on=date.today() - timedelta(days=30),
        expires_on=date.today() + timedelta(days=100),
    )
    status = OrganisationStatus.objects.get(organisation=world.org_b)
    assert status.status == "standards_exceeded"
    assert status.valid_until == date.today() + timedelta(days=100)
    statuses_expire(today=date.today() + timedelta(days=101))  # the certificate runs out first
    assert status_of(world.org_b) == "standards_met"


def test_certificate_dates_are_checked(world: World, care_home_assessment: Assessment) -> None:
    response = signed_in(world.lead_b).post(
        "/toolkit/VBB01/certificates/",
        {"kind": "cyber_essentials_plus", "number": "X1", "issued_on": "2026-05-01", "expires_on": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "The expiry date must be after the issue date" in response.content.decode()
    from carecyber.assessments.models import Certificate

    assert not Certificate.objects.exists()


def test_unmet_mandatory_items_publish_as_not_met(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment, unmet=["4.3.2"])
    [publication] = publish(world, care_home_assessment)
    assert publication.status_at_publication == "standards_not_met"
    assert publication.unmet_mandatory == ["4.3.2"]
    assert status_of(world.org_b) == "standards_not_met"


def test_a_dated_answer_that_has_lapsed_counts_as_unmet(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment, today=date.today() - timedelta(days=400))  # every date is more than 12 months old
    [publication] = publish(world, care_home_assessment)
    assert "1.1.2" in publication.unmet_mandatory


def test_a_publication_expires_after_twelve_months(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    [publication] = publish(world, care_home_assessment)
    assert not statuses_expire(today=publication.expires_on)
    changes = statuses_expire(today=publication.expires_on + timedelta(days=1))
    assert [c.after.status.value for c in changes] == ["not_published"]
    status = OrganisationStatus.objects.get(organisation=world.org_b)
    assert status.status == "not_published" and "expired" in status.reason
    event = AuditEvent.objects.filter(action="status.changed", organisation=world.org_b).first()
    assert event is not None and event.changes["status"] == ["standards_met", "not_published"]
    assert event.actor_label == "system: status expiry"


def test_a_publication_cannot_be_changed(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    [publication] = publish(world, care_home_assessment)
    publication.sha256 = "0" * 64
    with pytest.raises(PublicationImmutableError):
        publication.save()
    with pytest.raises(PublicationImmutableError):
        Publication.objects.filter(pk=publication.pk).update(all_mandatory_met=False)
    with pytest.raises(PublicationImmutableError):
        publication.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_the_database_refuses_to_change_a_publication(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    [publication] = publish(world, care_home_assessment)
    with pytest.raises(DatabaseError, match="dated snapshot"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_publication SET all_mandatory_met = false WHERE id = %s", [publication.pk])


def test_publishing_needs_two_factor(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    with pytest.raises(PermissionDenied, match="two-factor"):
        publication_publish(actor=actor_for(world.lead_b), assessment=care_home_assessment, two_factor_verified=False)
    with pytest.raises(PermissionDenied):
        publication_publish(actor=actor_for(world.staff_b), assessment=care_home_assessment, two_factor_verified=True)


def test_the_lead_publishes_on_the_page(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment, unmet=["4.3.2"])
    client = signed_in(world.lead_b)
    url = f"/toolkit/VBB01/assessments/{care_home_assessment.pk}/publish"
    page = client.get(url).content.decode()
    assert "1 mandatory item is answered but not met" in page and "4.3.2" in page
    refused = client.post(url, {})
    assert "Confirm that the answers are accurate" in refused.content.decode()
    assert not Publication.objects.exists()
    response = client.post(url, {"confirm": "on"})
    publication = Publication.objects.get()
    assert response["Location"] == f"/toolkit/VBB01/publications/{publication.pk}/"
    view = client.get(response["Location"]).content.decode()
    assert publication.sha256 in view and "Standards Not Met" in view


def test_the_page_lists_missing_items_instead_of_a_publish_button(
    world: World, care_home_assessment: Assessment
) -> None:
    fill(care_home_assessment, skip=["6.1.2"])
    page = signed_in(world.lead_b).get(f"/toolkit/VBB01/assessments/{care_home_assessment.pk}/publish").content.decode()
    assert "1 mandatory item still to answer" in page and "6.1.2" in page
    assert 'name="confirm"' not in page


def test_a_headquarters_publishes_for_its_sites(world: World, trust_assessment: Assessment) -> None:
    fill(trust_assessment)
    published = publish(world, trust_assessment, lead=world.lead_a, sites=[world.site_a])
    assert [p.organisation for p in published] == [world.org_a, world.site_a]
    assert published[1].by_headquarters and published[1].assessment == trust_assessment
    assert status_of(world.site_a) == "standards_met"
    with pytest.raises(ValidationError, match="is not a site of"):
        publish(world, trust_assessment, lead=world.lead_a, sites=[world.org_b])


def test_recompute_matches_and_changes_only_what_is_out_of_date(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    Assessment.objects.filter(pk=care_home_assessment.pk).update(answered_total=0, mandatory_met=0)
    OrganisationStatus.objects.filter(organisation=world.org_b).update(status="not_published", percent_complete=0)
    report = statuses_recompute()
    assert report.assessments_refreshed == 1 and report.statuses_changed == 1
    care_home_assessment.refresh_from_db()
    status = OrganisationStatus.objects.get(organisation=world.org_b)
    assert (care_home_assessment.answered_total, status.status, status.percent_complete) == (105, "standards_met", 100)
    again = statuses_recompute()
    assert again.assessments_refreshed == 0 and again.statuses_changed == 0


def test_recompute_counts_lapsed_dates(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    statuses_recompute(today=date.today() + timedelta(days=400))
    care_home_assessment.refresh_from_db()
    assert care_home_assessment.mandatory_met < care_home_assessment.mandatory_total


def test_an_outcomes_assessment_is_met_when_every_outcome_reaches_its_profile(world: World, frameworks: Any) -> None:
    a = start(world, world.org_a, world.lead_a, frameworks["caf-health"])
    fill(a, unmet=["C2.b"])  # the profile asks nothing of C2.b ("not achieved" is enough)
    a.refresh_from_db()
    assert a.mandatory_met == a.mandatory_total == 47
    fill(a, unmet=["A1.a"])
    [publication] = publish(world, a, lead=world.lead_a)
    assert publication.status_at_publication == "standards_not_met" and publication.unmet_mandatory == ["A1.a"]
