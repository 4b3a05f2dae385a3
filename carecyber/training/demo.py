"""Training in the small demo: every demo person finds something real to see or do.

- Each organisation with a security lead gets a few colleagues in named teams (added by the lead, as
  on the People page), so compliance by role and team means something.
- Earlier records come in the way a real organisation brings them: the lead imports a CSV from the
  learning system it used before (services.completions_import), with completion dates spread over
  the past fourteen months, so some people are up to date, some are due soon and some have lapsed.
- Jo Williams takes the core course in full (lessons read, every quiz passed): she has a certificate.
- Tom Baker is part-way: two modules done, one quiz failed once, so "Continue" takes him back.
- Northfield asks its IT team to take the patching module and its security leads incident response;
  Riverside asks its security lead to take access management.
- Riverside meets the 95% target, Northfield and Rosewood do not yet, Brightwater is well short:
  the North West and South West partners both see someone below target.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, Role, User
from carecyber.core.services import membership_add
from carecyber.training import queries, services
from carecyber.training.models import Course, Quiz

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Hannah",
    "Imran",
    "Jack",
    "Kasia",
    "Liam",
    "Maya",
    "Niall",
    "Olu",
    "Priya",
    "Rhys",
    "Sofia",
    "Tariq",
    "Una",
    "Will",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nowak",
    "Owen",
    "Price",
]

# Organisation code → (domain, [(team, how many)], share with current training, lead's email or None)
COLLEAGUES: dict[str, tuple[str, list[tuple[str, int]], float, str | None]] = {
    "RNF": (
        "northfield.nhs.test",
        [("Ward 7", 8), ("Outpatients", 6), ("IT", 4), ("Pharmacy", 3)],
        0.8,
        "sam.patel@northfield.nhs.test",
    ),
    "VRC01": ("rosewoodcare.test", [("Day shift", 6), ("Night shift", 4)], 0.8, "grace.adeyemi@rosewoodcare.test"),
    "P81001": (
        "riverside-practice.nhs.test",
        [("Reception", 3), ("Clinical", 3)],
        1.0,
        "lee.chen@riverside-practice.nhs.test",
    ),
    # Brightwater has no security lead on CareCyber yet: the platform loaded its people and records.
    "VBH02": ("brightwater.test", [("Visits", 5)], 0.4, None),
}

# Days ago each named person completed the core course in the earlier system (None: not in that file).
NAMED_HISTORY: dict[str, int] = {
    "sam.patel@northfield.nhs.test": 345,  # due in about three weeks: the 30-day reminder has gone
    "grace.adeyemi@rosewoodcare.test": 150,
    "lee.chen@riverside-practice.nhs.test": 60,
}


def _actor(user: User, organisation: Organisation) -> Actor:
    return Actor(user=user, membership=Membership.objects.get(user=user, organisation=organisation))


def _right_answers(quiz: Quiz) -> dict[str, list[str]]:
    return {q["key"]: [o["key"] for o in q["options"] if o["correct"]] for q in quiz.questions}


def _wrong_answers(quiz: Quiz) -> dict[str, list[str]]:
    return {q["key"]: [next(o["key"] for o in q["options"] if not o["correct"])] for q in quiz.questions}


def _add_colleagues(lead: Actor, organisation: Organisation, domain: str, teams: list[tuple[str, int]]) -> list[User]:
    people: list[User] = []
    n = 0
    for team, count in teams:
        for _ in range(count):
            first = FIRST_NAMES[(n + len(organisation.code)) % len(FIRST_NAMES)]
            last = LAST_NAMES[(n * 7 + len(domain)) % len(LAST_NAMES)]
            membership, _created = membership_add(
                actor=lead,
                organisation=organisation,
                email=f"{first}.{last}{n + 1}@{domain}".lower(),
                full_name=f"{first} {last}",
                role=Role.STAFF,
                team=team,
                job_title="IT support" if team == "IT" else "",
            )
            people.append(membership.user)
            n += 1
    return people


def _history_csv(rows: list[tuple[str, int]], course: Course, reference: str) -> bytes:
    today = timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["email", "course", "completed_on", "score", "reference"])
    for k, (email, days_ago) in enumerate(rows):
        writer.writerow([email, course.slug, (today - timedelta(days=days_ago)).isoformat(), 80 + k % 20, reference])
    return out.getvalue().encode()


def _history(people: list[User], share: float, rng: random.Random) -> list[tuple[str, int]]:
    """Days since each person's last completion: most within the year, a few due soon, some lapsed."""
    rows: list[tuple[str, int]] = []
    current = round(len(people) * share)
    for k, user in enumerate(people):
        if k < current:
            rows.append((user.email, rng.randint(340, 358) if k % 6 == 5 else rng.randint(15, 320)))
        elif k % 2 == 0:
            rows.append((user.email, rng.randint(380, 430)))  # lapsed: overdue now
        # the others never took it: overdue once their first 30 days are up
    return rows


def _take_course(actor: Actor, course: Course, *, modules: int | None = None, fail_next: bool = False) -> None:
    """Read the lessons and pass the quizzes of the first `modules` modules (all when None)."""
    chosen = queries.modules_of(course)[: modules if modules is not None else None]
    for module in chosen:
        for lesson in module.lessons.order_by("position"):
            services.lesson_complete(actor=actor, lesson=lesson)
        services.quiz_submit(actor=actor, quiz=module.quiz, answers=_right_answers(module.quiz))
    if fail_next and modules is not None:
        following = queries.modules_of(course)[modules]
        first_lesson = following.lessons.order_by("position").first()
        if first_lesson is not None:
            services.lesson_complete(actor=actor, lesson=first_lesson)
        services.quiz_submit(actor=actor, quiz=following.quiz, answers=_wrong_answers(following.quiz))


def load_demo(world: DemoWorld) -> None:
    course = queries.core_course()
    if course is None:  # the shipped courses load after migrate; a bare database gets them here
        from carecyber.training.content import shipped_courses

        for folder in shipped_courses():
            services.course_import(actor=Actor.system("demo data"), folder=folder)
        course = queries.core_course()
    if course is None:
        return
    rng = random.Random(2026)  # noqa: S311  # the same demo every time; nothing secret
    orgs, people = world.organisations, world.people
    long_ago = timezone.now() - timedelta(days=3 * 365)

    for code, (domain, teams, share, lead_email) in COLLEAGUES.items():
        organisation = orgs[code]
        lead = _actor(people[lead_email], organisation) if lead_email else Actor.system("demo data")
        colleagues = _add_colleagues(lead, organisation, domain, teams)
        # They joined one to three years ago.
        Membership.objects.filter(organisation=organisation, user__in=colleagues).update(
            created_at=long_ago + timedelta(days=rng.randint(0, 700))
        )
        rng.shuffle(colleagues)
        rows = _history(colleagues, share, rng)
        rows += [(e, d) for e, d in NAMED_HISTORY.items() if e.endswith("@" + domain)]
        services.completions_import(
            actor=lead, organisation=organisation, data=_history_csv(rows, course, f"{code}-previous-system")
        )
        if code == "RNF":  # two new starters at the trust who have not trained yet but still have time
            untrained = {u.email for u in colleagues} - {email for email, _ in rows}
            Membership.objects.filter(organisation=organisation, user__email__in=sorted(untrained)[:2]).update(
                created_at=timezone.now() - timedelta(days=10)
            )

    # Jo Williams finishes the whole core course today; Tom Baker is part-way.
    rnf, rosewood = orgs["RNF"], orgs["VRC01"]
    _take_course(_actor(people["jo.williams@northfield.nhs.test"], rnf), course)
    _take_course(_actor(people["tom.baker@rosewoodcare.test"], rosewood), course, modules=2, fail_next=True)

    # Extra courses for specialists.
    sam = _actor(people["sam.patel@northfield.nhs.test"], rnf)
    lee = _actor(people["lee.chen@riverside-practice.nhs.test"], orgs["P81001"])
    by_slug = {c.slug: c for c in Course.objects.filter(slug__startswith="advanced-")}
    if "advanced-patching" in by_slug:
        services.assignment_create(
            actor=sam, organisation=rnf, course=by_slug["advanced-patching"], role=Role.STAFF, team="IT", due_in_days=60
        )
    if "advanced-incident-response" in by_slug:
        services.assignment_create(
            actor=sam,
            organisation=rnf,
            course=by_slug["advanced-incident-response"],
            role=Role.SECURITY_LEAD,
            team="",
            due_in_days=90,
        )
    if "advanced-access" in by_slug:
        services.assignment_create(
            actor=lee,
            organisation=orgs["P81001"],
            course=by_slug["advanced-access"],
            role=Role.SECURITY_LEAD,
            team="",
            due_in_days=45,
        )
    queries.refresh_compliance_snapshots()
