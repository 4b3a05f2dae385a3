"""Support in the small demo: every demo person finds something real on the support pages.

- Riverside Medical Practice (Lee Chen) answered the policy questions and issued all ten policies; the
  incident reporting procedure is attached as evidence to its toolkit. Lee also has a question whose first
  reply is due.
- Rosewood Care Home (Grace Adeyemi) has not filled in the policy questions yet, so the first-time journey
  is there to try. Grace is waiting on a reply of her own to the partner; her care worker Tom Baker asked
  about a scam text, had an answer and rated it.
- Jo Williams at Northfield (no support partner) asked the national team about signing in.
- The national team runs a toolkit webinar for everyone; the North West partner (Peter Lindqvist) runs a
  drop-in for its organisations and has sent them a message about it.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation
from carecyber.support import integrations
from carecyber.support.models import EventAudience, EventKind, Ticket
from carecyber.support.services.content import content_load_all
from carecyber.support.services.events import EventInput, event_publish, event_register
from carecyber.support.services.helpline import TicketInput, ticket_raise, ticket_rate, ticket_reply
from carecyber.support.services.partners import group_message_send
from carecyber.support.services.policies import (
    policies_issue_all,
    policy_answers_save,
    policy_attach_as_evidence,
)

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld

GRACE = "grace.adeyemi@rosewoodcare.test"
TOM = "tom.baker@rosewoodcare.test"
LEE = "lee.chen@riverside-practice.nhs.test"
JO = "jo.williams@northfield.nhs.test"
PETER = "peter.lindqvist@nwcarecyber.test"
NADIA = "nadia.okafor@carecyber.test"

RIVERSIDE_ANSWERS = {
    "organisation_name": "Riverside Medical Practice",
    "address": "2 Quay Street\nLancaster\nLA1 1RB",
    "siro_name": "Dr Amina Shah, Senior Partner",
    "dpo_name": "Lee Chen, Practice Manager",
    "caldicott_guardian": "Dr Amina Shah",
    "it_provider": "The local GP IT service",
    "helpdesk_contact": "0300 555 0199",
    "backup_arrangements": "Clinical records are held and backed up by the clinical system supplier.",
}


def _actor(world: DemoWorld, email: str) -> Actor:
    user = world.people[email]
    return Actor(user=user, membership=Membership.objects.select_related("organisation").get(user=user))


def _next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _policies(world: DemoWorld) -> None:
    riverside = world.organisations["P81001"]
    lee = _actor(world, LEE)
    policy_answers_save(actor=lee, organisation=riverside, answers=RIVERSIDE_ANSWERS)
    issued = policies_issue_all(actor=lee, organisation=riverside)
    if integrations.evidence_attach_available():
        incident = next(p for p in issued if p.template.slug == "incident-reporting")
        # Without Riverside's toolkit in the demo (a trimmed installation) the policies stand alone.
        with contextlib.suppress(ValidationError):
            policy_attach_as_evidence(actor=lee, policy=incident)


def _helpline(world: DemoWorld, now: datetime) -> None:
    grace, tom, lee, jo = (_actor(world, e) for e in (GRACE, TOM, LEE, JO))
    peter = _actor(world, PETER)
    rosewood, riverside = world.organisations["VRC01"], world.organisations["P81001"]

    scam = ticket_raise(
        actor=tom,
        organisation=rosewood,
        data=TicketInput(
            "technical",
            "A text says it is from our bank",
            "I got a text on the home's phone saying our bank account is locked and giving a link. Should I click it?",
        ),
        now=now - timedelta(days=10),
    )
    ticket_reply(
        actor=peter,
        ticket=scam,
        body="Please do not click the link. It is a scam. Delete the text and tell Grace. "
        "If anyone did click it, ring the bank on the number on the back of the card.",
        resolve=True,
        now=now - timedelta(days=9, hours=20),
    )
    ticket_rate(actor=tom, ticket=Ticket.objects.get(pk=scam.pk), rating=5, comment="Quick and clear, thank you.")

    training = ticket_raise(
        actor=grace,
        organisation=rosewood,
        data=TicketInput(
            "toolkit",
            "What counts as training records?",
            "For the training question we have a paper sign-in sheet from our last session. "
            "Is that enough, or do we need certificates for everyone?",
        ),
        now=now - timedelta(days=4),
    )
    ticket_reply(
        actor=peter,
        ticket=training,
        body="The sign-in sheet is a good start. Add a short list of who has finished the online course "
        "this year and when. Can you send me the list when you have it, and I will check it with you?",
        now=now - timedelta(days=2),
    )

    ticket_raise(
        actor=lee,
        organisation=riverside,
        data=TicketInput(
            "policies",
            "Adding our branch surgery to the policies",
            "We have a small branch surgery in the next village. "
            "Should it have its own copy of the policies, or can one set cover both sites?",
        ),
        now=now - timedelta(hours=26),
    )

    ticket_raise(
        actor=jo,
        organisation=world.organisations["RNF"],
        data=TicketInput(
            "account",
            "Signing in after changing my phone",
            "I have a new phone and my sign-in codes no longer arrive. How do I set them up again?",
        ),
        now=now - timedelta(hours=3),
    )


def _events(world: DemoWorld, today: date) -> None:
    nadia, peter = _actor(world, NADIA), _actor(world, PETER)
    webinar = event_publish(
        actor=nadia,
        data=EventInput(
            kind=EventKind.WEBINAR,
            title="Getting started with the data security toolkit",
            summary="A one-hour walk through this year's toolkit for small care providers, with time for questions.",
            description="We show where to start, which questions matter most, and how to use the free policies "
            "and guidance. Bring your questions.",
            day=_next_weekday(today + timedelta(days=7)),
            starts=time(14, 0),
            ends=time(15, 0),
            location="Online",
            joining_link="https://events.carecyber.test/toolkit-start",
            capacity=500,
            audience=EventAudience.EVERYONE,
        ),
    )
    drop_in = event_publish(
        actor=peter,
        data=EventInput(
            kind=EventKind.DROP_IN,
            title="Toolkit drop-in for the North West",
            summary="Bring your toolkit and your questions: we will work through them with you.",
            description="Come for ten minutes or the whole morning. Have your toolkit open, or bring the "
            "questions you are stuck on.",
            day=_next_weekday(today + timedelta(days=12)),
            starts=time(10, 0),
            ends=time(12, 0),
            location="Online",
            joining_link="https://events.carecyber.test/nw-drop-in",
            capacity=20,
            audience=EventAudience.PARTNER_ORGANISATIONS,
        ),
    )
    event_register(actor=_actor(world, GRACE), event=webinar)
    event_register(actor=_actor(world, GRACE), event=drop_in)
    event_register(actor=_actor(world, LEE), event=drop_in)
    group_message_send(
        actor=peter,
        organisation_ids=list(
            Organisation.objects.filter(support_partner=world.partners["nw-care-partnership"]).values_list(
                "pk", flat=True
            )
        ),
        filter_summary="All my organisations",
        subject="Toolkit drop-in this month",
        body="Hello,\n\nWe are running an online drop-in for the toolkit. Book a place on the Events page, "
        "or just join on the day.\n\nPeter Lindqvist, North West Care Cyber Partnership",
        essential=False,
        idempotency_key="demo-nw-drop-in",
    )


def load_demo(world: DemoWorld) -> None:
    content_load_all(reason="demo")  # the shipped guidance and templates (unchanged files change nothing)
    _policies(world)
    _helpline(world, timezone.now())
    _events(world, timezone.localdate())
