"""The national incident list with 500,000 incidents, under concurrent load, through the whole stack.

Data: the national demo (50,000 organisations, 1.5 million memberships, loaded
once by `carecyber demo --scale national`) plus 500,000 generated, graded
incidents (`carecyber incidents_demo --scale national --count 500000`, 80 %
shared with the national team), in PostgreSQL (`cc_incidents_bench` unless
BENCH_DATABASE_URL says otherwise). Server: gunicorn, 4 workers, on loopback;
load: wrk, 8 connections. Target (issue 8): p95 ≤ 200 ms.

Also printed: SQL queries per page (they must not grow with rows), the list
query timed on its own, deep pages by keyset, the national picture with and
without its one-minute cache, and a lead's own list at the busiest organisation.
Smaller runs: BENCH_ORGANISATIONS, BENCH_MEMBERSHIPS, BENCH_INCIDENTS and BENCH_SECONDS.
"""

from __future__ import annotations

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))

from common import (
    CARECYBER,
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
TARGET_INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "500000"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cc_incidents_bench"


def ensure_incidents(env: dict[str, str]) -> None:
    from carecyber.incidents.models import Incident

    existing = Incident.objects.count()
    if existing >= TARGET_INCIDENTS:
        print(f"incidents present: {existing:,}", flush=True)
        return
    missing = TARGET_INCIDENTS - existing
    print(f"loading {missing:,} incidents…", flush=True)
    subprocess.run(
        [CARECYBER, "incidents_demo", "--scale", "national", "--count", str(missing), "--shared", "0.8"],
        env=env,
        check=True,
    )


def main() -> None:
    env = bench_env(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    heading("National incident list on national-scale data (PostgreSQL)")
    ensure_database(env)
    setup_django(env)
    ensure_national_data(
        env,
        organisations=int(os.environ.get("BENCH_ORGANISATIONS", "50000")),
        memberships=int(os.environ.get("BENCH_MEMBERSHIPS", "1500000")),
    )
    ensure_incidents(env)
    collect_static(env)

    from django.core.cache import cache
    from django.db.models import Count

    from carecyber.core.actor import Actor
    from carecyber.core.models import Membership, Organisation, Role
    from carecyber.incidents import queries
    from carecyber.incidents.models import Incident

    total = Incident.objects.count()
    shared = Incident.objects.filter(shared_with_national=True).count()
    orgs = Organisation.objects.count()
    print(f"data: {total:,} incidents ({shared:,} shared with the national team) across {orgs:,} organisations")

    national = Membership.objects.filter(role=Role.NATIONAL).select_related("user").first()
    assert national is not None
    busiest = Incident.objects.values("organisation").annotate(n=Count("pk")).order_by("-n").first()
    assert busiest is not None
    busy_org = Organisation.objects.get(pk=busiest["organisation"])
    lead = Membership.objects.filter(organisation=busy_org, role=Role.SECURITY_LEAD).select_related("user").first()
    assert lead is not None
    national_cookie = session_cookie(national.user.email)
    lead_cookie = session_cookie(lead.user.email)
    actor = Actor(user=national.user, membership=national)

    first = queries.national_page(actor, queries.NationalFilters())
    cursor = first.next_cursor or ""
    for _ in range(200):  # walk 200 pages in, to a page 10,000 rows deep
        page = queries.national_page(actor, queries.NationalFilters(), after=cursor)
        cursor = page.next_cursor or cursor
    deep = f"/incidents/national/?after={cursor}"

    pages = [
        ("national list, first page", "/incidents/national/", national_cookie),
        ("national list, 200 pages in", deep, national_cookie),
        ("national list, ransomware", "/incidents/national/?category=ransomware", national_cookie),
        ("national list, London, open", "/incidents/national/?region=london&status=open", national_cookie),
        ("national list, clocks running", "/incidents/national/?notifiable=running", national_cookie),
        ("national list, asked for help", "/incidents/national/?help=on", national_cookie),
        ("national list, one organisation", f"/incidents/national/?q={busy_org.code}", national_cookie),
        ("national picture (cached)", "/incidents/national/picture", national_cookie),
        (f"lead's list at {busy_org.code} ({busiest['n']} incidents)", "/incidents/", lead_cookie),
    ]

    heading("SQL queries per page (must not grow with rows)")
    for label, path, cookie in pages:
        status, count = query_count(path, cookie)
        print(f"{label:46} {count:3d} queries (status {status})")

    heading("The list query on its own (no HTTP), 20 runs each")
    for label, filters in (
        ("all shared, first page", queries.NationalFilters()),
        ("ransomware", queries.NationalFilters(category="ransomware")),
        ("London, open", queries.NationalFilters(region="london", status="open")),
        ("clocks running", queries.NationalFilters(notifiable="running")),
    ):
        median, p95 = timed(lambda f=filters: queries.national_page(actor, f), repeat=20)
        print(f"national_page({label}): median {median:.1f} ms, p95 {p95:.1f} ms")

    def uncached_picture() -> None:
        cache.delete("incidents:picture:90")
        queries.national_picture(actor, days=90)

    median, p95 = timed(uncached_picture, repeat=5)
    print(f"national_picture(90 days) without its cache: median {median:.0f} ms, p95 {p95:.0f} ms over 5 runs")

    heading(f"Under load: gunicorn 4 workers, wrk 8 connections, {SECONDS} s per page")
    with gunicorn(env, workers=4) as base:
        results = [(label, load(base, path, cookie=cookie, seconds=SECONDS)) for label, path, cookie in pages]
    for label, result in results:
        verdict = "meets" if result.p95_ms <= 200 and result.non_2xx == 0 and result.errors == 0 else "MISSES"
        print(f"{label}: {result.line()} – {verdict} the 200 ms p95 target")


if __name__ == "__main__":
    main()
