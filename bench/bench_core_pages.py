"""National home page and an organisation's people list, under concurrent load, on national-scale data.

Data: 50,000 organisations, 28 support partners, 1.5 million staff memberships
in PostgreSQL (loaded once into the bench database by `carecyber demo --scale
national`). Server: gunicorn, 4 workers, on loopback; load: wrk, 8 connections.
Targets (issue 2): p95 ≤ 200 ms, and a query count that does not grow with rows.
"""

from __future__ import annotations

import os
import sys

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


def main() -> None:
    env = bench_env()
    heading("Core pages on national-scale data (PostgreSQL)")
    ensure_database(env)
    setup_django(env)
    ensure_national_data(env)
    collect_static(env)

    from django.core.cache import cache
    from django.db.models import Count

    from carecyber.core import dashboards
    from carecyber.core.actor import Actor
    from carecyber.core.models import Membership, Organisation, Role, User

    orgs = Organisation.objects.count()
    memberships = Membership.objects.count()
    print(f"data: {orgs:,} organisations, {User.objects.count():,} people, {memberships:,} memberships")

    national = Membership.objects.filter(role=Role.NATIONAL).select_related("user").first()
    assert national is not None
    biggest = Organisation.objects.annotate(n=Count("memberships")).order_by("-n").first()
    smallest = (
        Organisation.objects.filter(code__startswith="Z")
        .annotate(n=Count("memberships"))
        .filter(n__gte=2)
        .order_by("n")
        .first()
    )
    assert biggest is not None and smallest is not None
    lead_big = Membership.objects.filter(organisation=biggest, role=Role.SECURITY_LEAD).select_related("user").first()
    leads = Membership.objects.filter(role=Role.SECURITY_LEAD).select_related("user")
    lead_small = leads.filter(organisation=smallest).first()
    assert lead_big is not None and lead_small is not None
    national_cookie = session_cookie(national.user.email)
    big_cookie = session_cookie(lead_big.user.email)
    small_cookie = session_cookie(lead_small.user.email)

    heading("SQL queries per page (must not grow with rows)")
    rows = [
        ("national home", "/", national_cookie, f"{orgs:,} organisations"),
        (
            f"people list of {biggest.code}",
            f"/organisations/{biggest.code}/people/",
            big_cookie,
            f"{biggest.n:,} people",
        ),  # type: ignore[attr-defined]
        (
            f"people list of {smallest.code}",
            f"/organisations/{smallest.code}/people/",
            small_cookie,
            f"{smallest.n:,} people",
        ),  # type: ignore[attr-defined]
        (
            f"people list of {biggest.code}, page 20",
            f"/organisations/{biggest.code}/people/?page=20",
            big_cookie,
            f"{biggest.n:,} people",
        ),  # type: ignore[attr-defined]
    ]
    for label, path, cookie, size in rows:
        status, queries = query_count(path, cookie)
        print(f"{label:38} {queries:3d} queries (status {status}, {size})")

    heading("National figures computed without the cache (the 60-second cache's miss path)")
    actor = Actor(user=national.user, membership=national)

    def uncached() -> None:
        cache.delete("dashboard:national")
        dashboards.national_figures(actor)

    median, p95 = timed(uncached, repeat=10)
    print(f"national_figures(): median {median:.0f} ms, p95 {p95:.0f} ms over 10 runs")

    heading(f"Under load: gunicorn 4 workers, wrk 8 connections, {SECONDS} s per page")
    with gunicorn(env, workers=4) as base:
        results = [
            load(base, "/", cookie=national_cookie, seconds=SECONDS),
            load(base, f"/organisations/{biggest.code}/people/", cookie=big_cookie, seconds=SECONDS),
            load(base, f"/organisations/{biggest.code}/people/?page=20", cookie=big_cookie, seconds=SECONDS),
            load(base, f"/organisations/{smallest.code}/people/", cookie=small_cookie, seconds=SECONDS),
        ]
    for result in results:
        verdict = "meets" if result.p95_ms <= 200 and result.non_2xx == 0 else "MISSES"
        print(f"{result.line()} – {verdict} the 200 ms p95 target")


if __name__ == "__main__":
    main()
