"""Publishing: targets by inventory, responses with deadlines, one email per person per revision, revisions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from carecyber.alerts.engine.model import ProductData
from carecyber.alerts.engine.versions import VersionRange
from carecyber.alerts.models import (
    Advisory,
    AdvisoryRevision,
    AdvisoryStatus,
    AlertContact,
    Delivery,
    FanOut,
    FanOutState,
    Notification,
    Response,
    StixObject,
)
from carecyber.alerts.services import advisory_update, advisory_withdraw
from carecyber.alerts.tests.conftest import actor_for, advisory_input, exchange_product
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_publishing_targets_the_organisations_that_run_an_affected_version(world, add_asset, publish) -> None:
    add_asset(world.org_a, vendor="Microsoft Corporation", product="Exchange Server 2019", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server 2019", version="15.2.1258.12")  # patched
    advisory = publish()
    assert advisory.reference.startswith("CC-") and advisory.status == AdvisoryStatus.PUBLISHED
    responses = list(Response.objects.filter(advisory=advisory))
    assert [r.organisation for r in responses] == [world.org_a]
    response = responses[0]
    assert response.ack_due_at is not None
    assert abs((response.ack_due_at - response.targeted_at) - timedelta(hours=48)) < timedelta(seconds=1)
    reason = response.reasons[0]
    assert reason["version"] == "15.2.986.5"
    assert "in the affected range: from 15.2.0 before 15.2.1118.7" in reason["reason"]
    fanout = FanOut.objects.get(advisory=advisory)
    assert fanout.state == FanOutState.DONE and fanout.targeted == 1


def test_with_no_contacts_the_security_leads_get_one_email_and_a_notice(world, add_asset, publish) -> None:
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.site_a, vendor="Microsoft", product="Exchange Server", version="15.2.900.1")
    advisory = publish()
    assert Response.objects.filter(advisory=advisory).count() == 2  # the trust and its site
    assert [m.to for m in mail.outbox] == [[world.lead_a.email]]  # one email, though two organisations
    message = mail.outbox[0]
    assert message.subject == f"High alert {advisory.reference}: {advisory.title}"
    assert "Alder Hospitals NHS Trust (RAA)" in message.body and "Alder Community Hospital (RAA02)" in message.body
    assert "Install the March update." in message.body and "**" not in message.body
    assert message.extra_headers["Message-ID"].startswith(f"<{advisory.reference.lower()}.r1.")
    assert Notification.objects.filter(user=world.lead_a, advisory=advisory).count() == 1
    assert Delivery.objects.get(advisory=advisory).status == "sent"


def test_alert_contacts_replace_the_leads_and_may_have_no_account(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    AlertContact.objects.create(organisation=world.org_b, name="On-call desk", email="oncall@birch.test")
    publish()
    assert [m.to for m in mail.outbox] == [["oncall@birch.test"]]
    assert "Hello On-call desk" in mail.outbox[0].body


def test_running_the_fan_out_again_sends_nothing_twice(world, add_asset, publish) -> None:
    from carecyber.alerts.tasks import fan_out

    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    fanout = FanOut.objects.get(advisory=advisory)
    FanOut.objects.filter(pk=fanout.pk).update(state=FanOutState.PENDING)  # as if the worker died before the end
    fan_out(fanout.pk)
    fan_out(fanout.pk)
    assert len(mail.outbox) == 1
    assert Response.objects.filter(advisory=advisory).count() == 1
    assert Notification.objects.filter(advisory=advisory).count() == 1


def test_a_revision_tells_everyone_again_once_and_new_targets_join(
    world, add_asset, publish, django_capture_on_commit_callbacks
) -> None:
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.org_b, vendor="Google LLC", product="Chrome", version="137.0.1")
    advisory = publish()
    assert len(mail.outbox) == 1
    data = advisory_input(
        severity="medium",
        products=[
            exchange_product(),
            exchange_product().__class__(
                vendor="Google", product="Chrome", version_range=VersionRange.from_vers("vers:generic/<138.0.7204.96")
            ),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        advisory_update(
            actor=actor_for(world.national), advisory=advisory, data=data, change_summary="Chrome is affected too."
        )
    advisory.refresh_from_db()
    assert advisory.revision == 2
    assert AdvisoryRevision.objects.filter(advisory=advisory).count() == 2
    assert set(Response.objects.filter(advisory=advisory).values_list("organisation__code", flat=True)) == {
        "RAA",
        "VBB01",
    }
    updates = list(mail.outbox[1:])
    assert sorted(m.to[0] for m in updates) == sorted([world.lead_a.email, world.lead_b.email])
    assert all(m.subject.startswith("Updated: Medium alert") for m in updates)
    assert all("What changed: Chrome is affected too." in m.body for m in updates)
    assert StixObject.objects.filter(advisory=advisory, stix_type="report").count() == 2  # two versions


def test_a_published_change_needs_a_summary_and_nothing_is_half_saved(world, publish) -> None:
    advisory = publish()
    with pytest.raises(Exception, match="Say what changed"):
        advisory_update(actor=actor_for(world.national), advisory=advisory, data=advisory_input(title="New title"))
    advisory.refresh_from_db()
    assert advisory.title != "New title" and advisory.revision == 1


def test_withdrawing_closes_open_responses_and_tells_everyone(
    world, add_asset, publish, django_capture_on_commit_callbacks
) -> None:
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    with django_capture_on_commit_callbacks(execute=True):
        advisory_withdraw(
            actor=actor_for(world.national), advisory=advisory, reason="The vendor says it was a false alarm."
        )
    response = Response.objects.get(advisory=advisory)
    assert response.state == "closed" and response.outcome == "withdrawn"
    assert mail.outbox[-1].subject.startswith("Withdrawn: ")
    assert "false alarm" in mail.outbox[-1].body
    report = StixObject.objects.filter(advisory=advisory, stix_type="report").order_by("-version").first()
    assert report.body["revoked"] is True


def test_every_change_is_audited(world, add_asset, publish) -> None:
    advisory = publish()
    actions = set(AuditEvent.objects.filter(object_id=str(advisory.pk)).values_list("action", flat=True))
    assert {"advisory.created", "advisory.published"} <= actions


def test_publishing_needs_somewhere_to_go(world, national_actor) -> None:
    from django.core.exceptions import ValidationError

    from carecyber.alerts.services import advisory_create, advisory_publish

    advisory = advisory_create(actor=national_actor, data=advisory_input(products=[]))
    with pytest.raises(ValidationError, match="Add affected products or a targeting rule"):
        advisory_publish(actor=national_actor, advisory=advisory)
    assert Advisory.objects.get(pk=advisory.pk).status == AdvisoryStatus.DRAFT


def test_rules_target_by_type_and_region_and_say_so(world, publish) -> None:
    from carecyber.alerts.services import Targeting

    advisory = publish(products=[], targeting=Targeting(types=["care_home"], regions=["north_west"]))
    response = Response.objects.get(advisory=advisory)
    assert response.organisation == world.org_b
    assert response.rule_reason == "Sent to organisations of type Care home; region North West"


def test_references_count_up_within_a_year(world, national_actor) -> None:
    from carecyber.alerts.services.advisories import next_references

    first, second = next_references(2, year=2031)
    assert (first, second) == ("CC-2031-0001", "CC-2031-0002")
    assert next_references(year=2031) == ["CC-2031-0003"]


def test_targeting_judges_each_distinct_version_once(world, add_asset) -> None:
    from carecyber.alerts.services import advisory_create
    from carecyber.alerts.services.targeting import TargetingRun, compute_targets

    for organisation in (world.org_a, world.site_a, world.org_b):
        add_asset(organisation, vendor="Microsoft", product="Exchange Server 2019", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server 2019", version="15.2.1544.4")  # patched
    advisory = advisory_create(actor=actor_for(world.national), data=advisory_input())
    run = TargetingRun()
    targets = compute_targets(advisory, run)
    assert set(targets) == {world.org_a.pk, world.site_a.pk, world.org_b.pk}
    assert run.judgements == 2  # two distinct versions, whatever the number of entries
    assert run.rows_read == 3  # only the entries with an affected version are read


def test_a_batch_shares_product_matches_without_mixing_up_advisories(world, add_asset) -> None:
    from carecyber.alerts.services import Targeting, advisory_create
    from carecyber.alerts.services.targeting import TargetingRun, compute_targets

    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server 2019", version="15.2.986.5")
    add_asset(world.org_a, vendor="Microsoft", product="SharePoint Server 2019", version="16.0.10337.12109")
    national = actor_for(world.national)
    sharepoint = microsoft_product("SharePoint Server", "vers:generic/<16.0.10412.20001")
    both = advisory_create(
        actor=national,
        data=advisory_input(products=[exchange_product(), sharepoint], targeting=Targeting(types=["nhs_trust"])),
    )
    exchange_only = advisory_create(actor=national, data=advisory_input(products=[exchange_product()]))
    run = TargetingRun()
    first = compute_targets(both, run)
    second = compute_targets(exchange_only, run)
    assert first[world.org_a.pk].match_count == 2 and len(first[world.org_a.pk].reasons) == 2
    assert first[world.org_a.pk].rule_reason.startswith("Sent to organisations of type")
    assert second[world.org_a.pk].match_count == 1 and len(second[world.org_a.pk].reasons) == 1
    assert second[world.org_a.pk].rule_reason == ""
    assert compute_targets(exchange_only, run)[world.org_a.pk].match_count == 1  # memory unchanged


def microsoft_product(product: str, vers: str) -> ProductData:
    return ProductData(vendor="Microsoft", product=product, version_range=VersionRange.from_vers(vers))


def test_a_worker_stopped_between_responses_and_recipients_is_finished_by_the_sweep_once(
    world, add_asset, django_capture_on_commit_callbacks
) -> None:
    """Responses commit first (organisations see the alert), recipients next: a stop between them loses nothing."""
    from carecyber.alerts.services import advisory_create, advisory_publish
    from carecyber.alerts.services.fanout import fan_out_recipients, fan_out_target
    from carecyber.alerts.tasks import fan_out_sweep

    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    actor = actor_for(world.national)
    with django_capture_on_commit_callbacks(execute=False):  # the queued fan-out never runs: the worker "died"
        advisory = advisory_create(actor=actor, data=advisory_input())
        fanout = advisory_publish(actor=actor, advisory=advisory)
    fanout = fan_out_target(fanout.pk)
    assert fanout.state == FanOutState.TARGETED and fanout.targeted == 2
    assert set(Response.objects.filter(advisory=advisory).values_list("organisation", flat=True)) == {
        world.org_a.pk,
        world.org_b.pk,
    }
    assert not Delivery.objects.filter(advisory=advisory).exists()
    assert not Notification.objects.filter(advisory=advisory).exists()
    assert fan_out_target(fanout.pk).targeted == 2  # a second run of step 1 changes nothing
    assert Response.objects.filter(advisory=advisory).count() == 2

    FanOut.objects.filter(pk=fanout.pk).update(heartbeat_at=fanout.created_at)
    assert fan_out_sweep(stale_seconds=0) == [fanout.pk]
    fan_out_recipients(fanout.pk)  # a late duplicate of step 2 writes nothing more
    fan_out_sweep(stale_seconds=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.lead_a.email, world.lead_b.email])
    assert Delivery.objects.filter(advisory=advisory, status="sent").count() == 2
    assert Notification.objects.filter(advisory=advisory).count() == 2
    assert FanOut.objects.get(pk=fanout.pk).state == FanOutState.DONE
