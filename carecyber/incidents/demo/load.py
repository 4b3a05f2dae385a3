"""Demo incidents: a few real cases for the small demo, and hundreds of thousands for benchmarks.

The small demo goes through the services (timeline, audit log, grading all
real). The national load generates rows from a seeded random stream, grades
them with the real grading engine, and streams them in with COPY on
PostgreSQL (bulk INSERTs on SQLite), with a progress bar.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from carecyber.core.demo.national import _bulk_load, _next_id, _reset_sequences
from carecyber.core.models import Organisation, User
from carecyber.core.models.organisations import category_of
from carecyber.incidents.engine import clock
from carecyber.incidents.engine.catalogue import catalogue, default_rules_data
from carecyber.incidents.engine.grading import GradingInput, NotificationRules, grade
from carecyber.incidents.models import Incident

# How common each kind is (shapes, not official figures).
CATEGORY_WEIGHTS: dict[str, float] = {
    "wrong_person": 0.20,
    "misdirected_email": 0.18,
    "lost_or_stolen": 0.10,
    "unauthorised_access": 0.09,
    "phishing_credentials": 0.06,
    "phishing_clicked": 0.08,
    "unlocked_device": 0.04,
    "physical_security": 0.03,
    "deliberate_leak": 0.02,
    "unauthorised_change": 0.02,
    "malware": 0.03,
    "hacking_attempt": 0.02,
    "ransomware": 0.01,
    "systems_down": 0.05,
    "fire_flood_power": 0.01,
    "near_miss": 0.06,
}
SUMMARIES: dict[str, tuple[str, ...]] = {
    "wrong_person": ("Discharge letter handed to the wrong patient", "Care plan shown to a visitor"),
    "misdirected_email": ("Referral emailed to the wrong practice", "Rota sent with everyone's addresses visible"),
    "lost_or_stolen": ("Work phone lost on the bus", "Handover notes missing from the ward"),
    "unauthorised_access": ("Colleague looked up a neighbour's record", "Shared login used on the reception PC"),
    "phishing_credentials": ("Password typed into a fake sign-in page",),
    "phishing_clicked": ("Clicked a link in an invoice email",),
    "unlocked_device": ("Computer left signed in at the nurses' station",),
    "physical_security": ("Records room door found propped open",),
    "deliberate_leak": ("Photo of a resident posted online",),
    "unauthorised_change": ("Medication record changed without a reason",),
    "malware": ("Antivirus warning on the pharmacy PC",),
    "hacking_attempt": ("Many failed sign-ins to the remote access service",),
    "ransomware": ("Ransom message on the office computer",),
    "systems_down": ("Prescribing system unavailable all morning",),
    "fire_flood_power": ("Leak damaged paper records in the basement",),
    "near_miss": ("Letter caught before it went to the wrong address",),
}
STATUS_WEIGHTS = {
    "new": 0.05,
    "triage": 0.07,
    "investigating": 0.1,
    "contained": 0.06,
    "recovering": 0.04,
    "closed": 0.68,
}

COLUMNS = [
    "id", "organisation_id", "region", "org_type", "org_category", "category", "summary", "description",
    "data_or_systems", "still_happening", "occurred_at", "aware_at", "reported_at", "reporter_id", "anonymous",
    "source", "suggested_playbook", "status", "owner_id", "data_subjects_count", "likelihood", "severity",
    "vulnerable_groups", "significant_service_impact", "graded_likelihood", "graded_severity", "score", "band",
    "level", "notify_health_department", "notify_regulator", "tell_individuals", "nis_report", "grading_reasons",
    "rules_version", "graded_at", "graded_by_id", "notifiable", "deadline_at", "clock_stopped_at", "decision",
    "decision_reason", "decided_at", "decided_by_id", "shared_with_national", "shared_at", "help_requested",
    "root_cause", "lessons", "closed_at", "closed_by_id", "version", "updated_at", "updated_by_label",
]  # fmt: skip


def _rows(
    *, count: int, first_id: int, orgs: list[tuple[int, str, str]], shared: float, seed: int, now: datetime
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    rules = NotificationRules.from_data(default_rules_data(), version=0)
    cats = list(CATEGORY_WEIGHTS)
    cat_weights = list(CATEGORY_WEIGHTS.values())
    statuses = list(STATUS_WEIGHTS)
    status_weights = list(STATUS_WEIGHTS.values())
    playbooks = {c.key: c.playbook for c in catalogue().categories}
    span = 2 * 365 * 24 * 3600
    for i in range(count):
        org_id, region, org_type = orgs[rng.randrange(len(orgs))]
        org_category = category_of(org_type)
        category = rng.choices(cats, cat_weights)[0]
        reported = now - timedelta(seconds=rng.randrange(span))
        aware = reported - timedelta(minutes=rng.randrange(0, 600))
        occurred = aware - timedelta(minutes=rng.randrange(0, 3000))
        status = rng.choices(statuses, status_weights)[0]
        graded = status != "new"
        row: dict[str, Any] = {
            "id": first_id + i,
            "organisation_id": org_id,
            "region": region,
            "org_type": org_type,
            "org_category": org_category,
            "category": category,
            "summary": rng.choice(SUMMARIES[category]),
            "description": "",
            "data_or_systems": "",
            "still_happening": rng.choice(("no", "no", "unsure", "yes")),
            "occurred_at": occurred,
            "aware_at": aware,
            "reported_at": reported,
            "reporter_id": None,
            "anonymous": rng.random() < 0.1,
            "source": "form",
            "suggested_playbook": playbooks.get(category, ""),
            "status": status,
            "owner_id": None,
            "data_subjects_count": rng.choice((None, 1, 2, 5, 12, 40, 300)),
            "likelihood": None,
            "severity": None,
            "vulnerable_groups": False,
            "significant_service_impact": None,
            "graded_likelihood": None,
            "graded_severity": None,
            "score": None,
            "band": "",
            "level": "",
            "notify_health_department": False,
            "notify_regulator": False,
            "tell_individuals": False,
            "nis_report": False,
            "grading_reasons": "[]",
            "rules_version": None,
            "graded_at": None,
            "graded_by_id": None,
            "notifiable": False,
            "deadline_at": None,
            "clock_stopped_at": None,
            "decision": "",
            "decision_reason": "",
            "decided_at": None,
            "decided_by_id": None,
            "shared_with_national": rng.random() < shared,
            "shared_at": None,
            "help_requested": False,
            "root_cause": "",
            "lessons": "",
            "closed_at": None,
            "closed_by_id": None,
            "version": 1,
            "updated_at": reported,
            "updated_by_label": "demo",
        }
        if graded:
            essential = org_category == 1
            answers = GradingInput(
                likelihood=rng.randint(1, 5),
                severity=rng.randint(1, 5),
                vulnerable_groups=rng.random() < 0.15,
                essential_service=essential,
                significant_service_impact=(rng.random() < 0.05) if essential else None,
            )
            result = grade(answers, rules)
            graded_at = reported + timedelta(hours=rng.randint(1, 20))
            row.update(
                likelihood=answers.likelihood,
                severity=answers.severity,
                vulnerable_groups=answers.vulnerable_groups,
                significant_service_impact=answers.significant_service_impact,
                graded_likelihood=result.likelihood,
                graded_severity=result.severity,
                score=result.score,
                band=result.band,
                level=result.level.value,
                notify_health_department=result.notify_health_department,
                notify_regulator=result.notify_regulator,
                tell_individuals=result.tell_individuals,
                nis_report=result.nis_report,
                grading_reasons=json.dumps(list(result.reasons)),
                rules_version=0,
                graded_at=graded_at,
                notifiable=result.notifiable,
                deadline_at=clock.deadline_for(aware) if result.notifiable else None,
                version=2,
            )
            if result.notifiable and (status == "closed" or reported < now - timedelta(days=4)):
                row.update(
                    decision="notify",
                    decided_at=graded_at,
                    clock_stopped_at=graded_at + timedelta(hours=rng.randint(1, 40)),
                )
        if row["notify_health_department"]:
            row["shared_with_national"] = True
        if row["shared_with_national"]:
            row["shared_at"] = reported
            row["help_requested"] = status != "closed" and rng.random() < 0.05
        if status == "closed":
            if not graded:  # pragma: no cover  # closed implies graded in the weights above
                continue
            row.update(
                root_cause="A step in the process made the mistake easy to make.",
                lessons="The process now has a check at that step.",
                closed_at=reported + timedelta(days=rng.randint(1, 30)),
            )
        yield tuple(row[c] for c in COLUMNS)


def load_national_incidents(*, count: int, shared: float = 0.8, seed: int = 2027, progress: bool = True) -> int:
    """Add `count` generated incidents across the existing organisations. Returns how many were added."""
    orgs = list(Organisation.objects.order_by("pk").values_list("pk", "region", "type"))
    if not orgs:
        raise ValueError("Load organisations first (carecyber demo --scale national)")
    now = timezone.now()
    with transaction.atomic():
        first_id = _next_id(Incident)
        added = _bulk_load(
            "incidents_incident",
            COLUMNS,
            _rows(count=count, first_id=first_id, orgs=orgs, shared=shared, seed=seed, now=now),
            total=count,
            label="incidents",
            progress=progress,
        )
        _reset_sequences([Incident])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE incidents_incident")
    return added


def load_small_incidents() -> list[Incident]:
    """A handful of cases at the small demo's organisations, made through the real services."""
    from carecyber.core.actor import Actor
    from carecyber.core.models import Membership
    from carecyber.incidents import services

    def actor(email: str) -> Actor:
        membership = Membership.objects.select_related("organisation").get(user__email=email)
        return Actor(user=User.objects.get(email=email), membership=membership)

    now = timezone.now()
    jo = actor("jo.williams@northfield.nhs.test")
    sam = actor("sam.patel@northfield.nhs.test")
    tom = actor("tom.baker@rosewoodcare.test")
    grace = actor("grace.adeyemi@rosewoodcare.test")
    made = []
    misdirected = services.incident_report(
        actor=jo,
        data=services.ReportInput(
            category="misdirected_email",
            summary="I emailed a discharge summary to the wrong GP practice",
            description="Noticed when the practice rang to say it was not their patient.",
            data_or_systems="One discharge summary: name, address, diagnosis",
            still_happening="no",
            occurred_at=now - timedelta(hours=30),
            aware_at=now - timedelta(hours=26),
        ),
    )
    misdirected = services.incident_grade(
        actor=sam, incident=misdirected, version=misdirected.version, likelihood=4, severity=3,
        vulnerable_groups=False, significant_service_impact=False, data_subjects_count=1,
    )  # fmt: skip
    services.playbook_start(actor=sam, incident=misdirected, playbook="misdirected_email")
    made.append(misdirected)
    ransomware = services.incident_report(
        actor=tom,
        data=services.ReportInput(
            category="ransomware",
            summary="A message on the office PC says our files are locked",
            still_happening="yes",
            occurred_at=now - timedelta(hours=2),
            aware_at=now - timedelta(hours=1, minutes=50),
        ),
    )
    services.help_request(
        actor=grace,
        incident=ransomware,
        message="We have no IT staff on site. The care records PC shows a ransom note.",
    )
    made.append(ransomware)
    made.append(
        services.incident_report(
            actor=jo,
            data=services.ReportInput(
                category="near_miss",
                summary="A colleague nearly faxed notes to an old number",
                still_happening="no",
                anonymous=True,
            ),
        )
    )
    return made
