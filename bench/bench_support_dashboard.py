"""The partner dashboard over 2,000 organisations, under concurrent load, on national-scale data.

Data: the national demo (50,000 organisations, 28 partners, 1.5 million staff
memberships) in PostgreSQL database `cc_support_bench`, with one partner given
2,000 organisations of its region, and support data around them: helpline
questions with threads, issued policies, event bookings and group messages.
Server: gunicorn, 4 workers, on loopback; load: wrk, 8 connections.
Target (issue 9): p95 ≤ 200 ms.
"""

from __future__ import annotations

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from common import (
    bench_env,
    collect_static,
    ensure_database,
    ensure_national_data,
    gunicorn,
    heading,
    load,
    query_count,
    session_cookie,
    setup_django,
    timed,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
DATABASE = os.environ.get("SUPPORT_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cc_support_bench")
PARTNER_ORGANISATIONS = 2_000
# The national data's size; smaller runs (BENCH_ORGANISATIONS=10000) share the assessments benchmark's database.
NATIONAL_ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "50000"))
TICKETS_NATIONAL = 20_000  # at most one per organisation: a smaller national set gets fewer


def seed_support(partner_id: int) -> None:
    """Idempotent: support data for the partner's 2,000 organisations and a spread of tickets nationally."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from carecyber.core.models import Organisation, Role, User
    from carecyber.support.models import (
        Event,
        EventRegistration,
        GroupMessage,
        GroupMessageDelivery,
        IssuedPolicy,
        PolicyTemplate,
        Ticket,
        TicketMessage,
    )

    if Ticket.objects.filter(subject__startswith="Bench:").exists():
        print("support data present")
        return
    rng = random.Random(9)
    now = timezone.now()
    partner_orgs = list(Organisation.objects.filter(support_partner_id=partner_id).values_list("pk", flat=True))
    all_orgs = list(Organisation.objects.values_list("pk", "support_partner_id"))
    people = dict(
        User.objects.filter(
            memberships__role=Role.SECURITY_LEAD, memberships__organisation_id__in=partner_orgs
        ).values_list("memberships__organisation_id", "pk")
    )
    print(
        f"seeding support data ({min(TICKETS_NATIONAL, len(all_orgs)):,} tickets nationally, "
        f"data for {len(partner_orgs):,} organisations)…"
    )
    with transaction.atomic():
        tickets = []
        for n, (org_id, p_id) in enumerate(rng.sample(all_orgs, min(TICKETS_NATIONAL, len(all_orgs)))):
            created = now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
            tickets.append(
                Ticket(
                    organisation_id=org_id,
                    partner_id=p_id,
                    category="toolkit",
                    subject=f"Bench: question {n}",
                    status=rng.choice(
                        ["open", "waiting_on_support", "waiting_on_organisation", "resolved", "resolved"]
                    ),
                    created_at=created,
                    last_activity_at=created,
                    first_response_due=created + timedelta(days=2),
                    reply_token=f"{n:032x}",
                )
            )
        Ticket.objects.bulk_create(tickets, batch_size=2000)
        messages = [
            TicketMessage(
                ticket=t,
                author_label="Bench",
                body="Text",
                created_at=t.created_at + timedelta(hours=k),
                from_support=k % 2 == 1,
            )
            for t in Ticket.objects.filter(subject__startswith="Bench:").only("pk", "created_at")
            for k in range(3)
        ]
        TicketMessage.objects.bulk_create(messages, batch_size=5000)
        templates = list(PolicyTemplate.objects.all())
        policies = [
            IssuedPolicy(
                organisation_id=org_id,
                template=t,
                template_version=1,
                version=1,
                issued_on=now.date() - timedelta(days=200),
                review_by=now.date() + timedelta(days=165),
                answers={},
                docx="bench.docx",
                pdf="bench.pdf",
            )
            for org_id in rng.sample(partner_orgs, len(partner_orgs) // 4)
            for t in templates
        ]
        IssuedPolicy.objects.bulk_create(policies, batch_size=5000)
        events = [
            Event.objects.create(
                kind="webinar",
                title=f"Bench event {k}",
                summary="x",
                location="Online",
                starts_at=now + timedelta(days=k - 10),
                ends_at=now + timedelta(days=k - 10, hours=1),
            )
            for k in range(20)
        ]
        registrations = [
            EventRegistration(event=rng.choice(events), organisation_id=org_id, user_id=people[org_id])
            for org_id in rng.sample(partner_orgs, len(partner_orgs) * 3 // 10)
            if org_id in people
        ]
        EventRegistration.objects.bulk_create(registrations, batch_size=5000, ignore_conflicts=True)
        message = GroupMessage.objects.create(
            partner_id=partner_id,
            subject="Bench",
            body="x",
            essential=False,
            filter_summary="all",
            organisation_ids=partner_orgs,
            idempotency_key="bench",
            status="sent",
        )
        GroupMessageDelivery.objects.bulk_create(
            [
                GroupMessageDelivery(message=message, user_id=people[o], organisation_id=o, sent_at=now)
                for o in partner_orgs[::2]
                if o in people
            ],
            batch_size=5000,
        )


def main() -> None:
    env = bench_env(DATABASE)
    heading("Partner dashboard over 2,000 organisations (PostgreSQL)")
    ensure_database(env)
    setup_django(env)
    ensure_national_data(
        env,
        organisations=NATIONAL_ORGANISATIONS,
        memberships=1_500_000 if NATIONAL_ORGANISATIONS >= 50_000 else 4 * NATIONAL_ORGANISATIONS,
    )
    collect_static(env)

    from django.db.models import Count

    from carecyber.core.models import Membership, Organisation, Role, SupportPartner
    from carecyber.core.models.organisations import Region
    from carecyber.support.models import Ticket

    partner = SupportPartner.objects.annotate(n=Count("organisations")).order_by("-n", "pk").first()
    assert partner is not None
    have = Organisation.objects.filter(support_partner=partner).count()
    if have < PARTNER_ORGANISATIONS:
        extra = list(
            Organisation.objects.filter(
                region=partner.region, type__in=["care_home", "home_care", "independent_provider"]
            )
            .exclude(support_partner=partner)
            .order_by("pk")
            .values_list("pk", flat=True)[: PARTNER_ORGANISATIONS - have]
        )
        Organisation.objects.filter(pk__in=extra).update(support_partner=partner)
        short = PARTNER_ORGANISATIONS - have - len(extra)
        if short > 0:  # a smaller national set has too few in one region: take the rest from anywhere
            others = Organisation.objects.exclude(support_partner=partner).order_by("pk")
            more = list(others.values_list("pk", flat=True)[:short])
            Organisation.objects.filter(pk__in=more).update(support_partner=partner)
    organisations = Organisation.objects.filter(support_partner=partner).count()
    seed_support(partner.pk)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does after bulk loads: the planner needs the new row counts
    member = (
        Membership.objects.filter(role=Role.SUPPORT_PARTNER, support_partner=partner).select_related("user").first()
    )
    assert member is not None
    cookie = session_cookie(member.user.email)
    print(
        f"data: {Organisation.objects.count():,} organisations, {Membership.objects.count():,} memberships, "
        f"{Ticket.objects.count():,} tickets; partner {partner.name} ({Region(partner.region).label}) "
        f"covers {organisations:,} organisations"
    )

    paths = {
        "dashboard, page 1": "/support/partner/",
        "dashboard, page 20": "/support/partner/?page=20",
        "dashboard, filtered (no open questions, not booked)": "/support/partner/?tickets=no&events=none",
        "dashboard, filtered (toolkit not started)": "/support/partner/?toolkit=not_started",
        "dashboard, filtered (deadline: high risk or missed)": "/support/partner/?deadline=attention",
        "dashboard, search": "/support/partner/?q=care",
        "core organisation list (baseline)": "/organisations/",
    }
    heading("SQL queries per page (must not grow with organisations)")
    for label, path in paths.items():
        status, queries = query_count(path, cookie)
        print(f"{label:55} {queries:3d} queries (status {status})")

    heading("CSV export of all 2,000 organisations, in this process")
    from django.test import Client

    name, _, value = cookie.partition("=")
    client = Client(HTTP_HOST="localhost")
    client.cookies[name] = value

    def export() -> None:
        response = client.get("/support/partner/?format=csv")
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)  # type: ignore[attr-defined]
        assert rows >= organisations, rows

    median, p95 = timed(export, repeat=5)
    print(f"CSV export: median {median:.0f} ms, p95 {p95:.0f} ms over 5 runs ({organisations:,} rows)")

    heading("One request at a time, in this process (the page's own cost, without queueing)")
    for label, path in paths.items():
        median_one, p95_one = timed(lambda path=path: client.get(path), repeat=20)
        print(f"{label:55} median {median_one:5.0f} ms, p95 {p95_one:5.0f} ms over 20 requests")

    heading(f"Under load: gunicorn 4 workers, wrk 8 connections, {SECONDS} s per page")
    started = time.monotonic()
    with gunicorn(env, workers=4) as base:
        results = [(label, load(base, path, cookie=cookie, seconds=SECONDS)) for label, path in paths.items()]
    baseline = results[-1][1]
    for label, result in results:
        verdict = "meets" if result.p95_ms <= 200 and result.non_2xx == 0 else "MISSES"
        ratio = result.p95_ms / baseline.p95_ms if baseline.p95_ms else 0
        print(f"{label}: {result.line()} – {verdict} the 200 ms p95 target; {ratio:.2f}× the baseline p95")
    load1, load5, _ = os.getloadavg()
    print(
        f"(load phase {time.monotonic() - started:.0f} s; "
        f"machine load {load1:.1f} / {load5:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
