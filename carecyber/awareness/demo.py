"""Keep I.T. Confidential in the small demo: branding, a campaign calendar, a pack and two practice phishing exercises.

- Rosewood Care Home has set up its branding with a pink too light for white text (so the page says
  which darker shade the materials use), planned a theme every fortnight, used the first week's
  materials (a phishing pack, downloaded and recorded), and is running a practice email now.
- Northfield's trust has its branding and a finished, closed exercise for its wards, outpatients,
  IT and pharmacy teams, with clicks, a few typed-in passwords (never stored), reports, one link
  scanner filtered out, and results by team.

The demo sends no email: the practice emails whose time has passed are marked sent, as the
scheduler would have done; the rest of Rosewood's go out through `carecyber scheduler` as usual.
People, visits and reports then go through the same services as real ones.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from carecyber.awareness import services
from carecyber.awareness.models import ExerciseRecipient, VisitKind
from carecyber.awareness.services import BrandingInput, ExerciseInput
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, User

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld

PERSON_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0"
SCANNER_AGENT = "Mimecast URL Protect"


def _actor(user: User, organisation: Organisation) -> Actor:
    return Actor(user=user, membership=Membership.objects.get(user=user, organisation=organisation))


def _teams(organisation: Organisation) -> tuple[str, ...]:
    return tuple(team for team, _ in services.teams_of(organisation))


def _mark_sent_until(exercise_id: int, until: datetime) -> list[ExerciseRecipient]:
    """The emails the scheduler would have sent by `until`, sent at their scheduled time."""
    due = ExerciseRecipient.objects.filter(exercise_id=exercise_id, sent_at__isnull=True, scheduled_at__lte=until)
    due.update(sent_at=F("scheduled_at"))
    return list(ExerciseRecipient.objects.filter(exercise_id=exercise_id, sent_at__isnull=False).order_by("pk"))


def _responses(recipients: list[ExerciseRecipient], rng: random.Random, *, click: float, report: float) -> None:
    """Some open, some click (a few type something), some report; one link scanner visits first."""
    for k, r in enumerate(recipients):
        if r.sent_at is None:
            continue
        if k == 0:  # the mail gateway's scanner follows the link seconds after delivery: kept, not counted
            services.exercise_record_visit(
                token=r.token,
                kind=VisitKind.CLICK,
                method="GET",
                user_agent=SCANNER_AGENT,
                now=r.sent_at + timedelta(seconds=3),
            )
        roll = rng.random()
        opened = r.sent_at + timedelta(minutes=rng.randint(5, 240))
        if roll < click:
            services.exercise_record_visit(
                token=r.token, kind=VisitKind.CLICK, user_agent=PERSON_AGENT, now=opened + timedelta(minutes=1)
            )
            if rng.random() < 0.4:
                services.exercise_record_visit(
                    token=r.token, kind=VisitKind.SUBMIT, user_agent=PERSON_AGENT, now=opened + timedelta(minutes=2)
                )
        elif rng.random() < 0.6:
            services.exercise_record_visit(token=r.token, kind=VisitKind.OPEN, user_agent=PERSON_AGENT, now=opened)
        if rng.random() < report:
            services.exercise_record_report(
                token=r.token, reported_at=opened + timedelta(minutes=rng.randint(2, 30)), source="demo mailbox"
            )


def load_demo(world: DemoWorld) -> None:
    rng = random.Random(7)  # noqa: S311  # the same demo every time; nothing secret
    now = timezone.now()
    orgs, people = world.organisations, world.people
    rosewood, northfield = orgs["VRC01"], orgs["RNF"]
    grace = _actor(people["grace.adeyemi@rosewoodcare.test"], rosewood)
    sam = _actor(people["sam.patel@northfield.nhs.test"], northfield)

    # Branding: Rosewood's pink is too light for white text and is darkened; Northfield's blue is kept.
    services.branding_save(
        actor=grace,
        organisation=rosewood,
        data=BrandingInput(
            name="Rosewood Care Home",
            colour="#E88FB4",
            report_to="manager@rosewoodcare.test",
            helpdesk="01632 960 123",
        ),
    )
    services.branding_save(
        actor=sam,
        organisation=northfield,
        data=BrandingInput(
            name="Northfield Hospitals",
            colour="#005EB8",
            report_to="report.phishing@northfield.nhs.test",
            helpdesk="0161 496 0100",
        ),
    )

    # Rosewood's calendar: a theme every fortnight from three weeks ago; the first week's pack used.
    start = timezone.localdate() - timedelta(weeks=3)
    weeks = services.calendar_plan(
        actor=grace,
        organisation=rosewood,
        start=start,
        weeks=16,
        every=2,
        themes=["phishing", "passwords", "locked_screens", "tailgating", "reporting"],
    )
    first = weeks[0]
    pack = services.pack_request(actor=grace, organisation=rosewood, themes=[first.theme], variant=first.variant)
    services.pack_record_download(actor=grace, pack=pack, week=first)
    services.campaign_week_record_use(actor=grace, week=first, channels=["screensaver", "poster", "briefing"])

    # Northfield: an exercise over the last thirteen days, every email gone, responses in, then closed.
    teams = _teams(northfield)
    if teams:
        window_start = now - timedelta(days=13)
        exercise = services.exercise_create(
            actor=sam,
            organisation=northfield,
            data=ExerciseInput(
                name="Autumn practice email",
                template_key="parking-permit",
                teams=teams,
                window_start=window_start,
                window_end=now + timedelta(minutes=10),
            ),
        )
        services.exercise_launch(actor=sam, exercise=exercise, now=window_start)
        sent = _mark_sent_until(exercise.pk, now)
        _responses(sent, rng, click=0.3, report=0.35)
        if not ExerciseRecipient.objects.filter(exercise=exercise, sent_at__isnull=True).exists():
            services.exercise_close(actor=sam, exercise=exercise)

    # Rosewood: a practice email going out this week; the first few have gone.
    teams = _teams(rosewood)
    if teams:
        window_start = now - timedelta(days=2)
        exercise = services.exercise_create(
            actor=grace,
            organisation=rosewood,
            data=ExerciseInput(
                name="Practice email: a shared rota",
                template_key="shared-document",
                teams=teams,
                window_start=window_start,
                window_end=now + timedelta(days=5),
            ),
        )
        services.exercise_launch(actor=grace, exercise=exercise, now=window_start)
        _responses(_mark_sent_until(exercise.pk, now), rng, click=0.4, report=0.3)
