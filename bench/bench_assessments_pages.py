"""The national view, the public register search and the signed status API under concurrent load.

Data: 50,000 organisations with toolkit statuses (see bench_assessments_data.py) in PostgreSQL.
Server: gunicorn, 4 workers, on loopback; load: wrk, 8 connections, BENCH_SECONDS each (15 by default).
Targets (issue 3): national view p95 ≤ 300 ms; register search p95 ≤ 100 ms; status API p95 ≤ 50 ms
including the ES256 signature.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from bench_assessments_data import ORGANISATIONS, ensure_toolkit_data, env
from common import (
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
    e = env()
    heading("Toolkit pages and the status API at national scale (PostgreSQL)")
    ensure_database(e)
    setup_django(e)
    ensure_national_data(e, organisations=ORGANISATIONS, memberships=4 * ORGANISATIONS)
    sizes = ensure_toolkit_data()
    print("data: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()))
    collect_static(e)

    from carecyber.assessments.models import OrganisationStatus
    from carecyber.assessments.services.status import statuses_recompute
    from carecyber.core.models import Membership, Organisation, Role

    if not OrganisationStatus.objects.exclude(status="not_published").exists():
        statuses_recompute()
    national = Membership.objects.filter(role=Role.NATIONAL).select_related("user").first()
    assert national is not None
    cookie = session_cookie(national.user.email)
    met = OrganisationStatus.objects.filter(status="standards_met").select_related("organisation").first()
    assert met is not None
    name_word = Organisation.objects.filter(code__startswith="Z").values_list("name", flat=True).first().split()[0]

    targets = [
        ("national view", "/toolkit/national/", cookie, 300),
        (
            "national view, filtered",
            "/toolkit/national/?status=standards_not_met&region=london&type=care_home",
            cookie,
            300,
        ),
        ("national view, page 200", "/toolkit/national/?page=200", cookie, 300),
        ("register search by name", f"/register/?q={name_word[:5].lower()}", "", 100),
        ("register search by code", f"/register/?q={met.organisation.code}", "", 100),
        ("status API (signed)", f"/api/v1/status/{met.organisation.code}", "", 50),
        ("JWKS", "/.well-known/jwks.json", "", 50),
    ]
    heading("SQL queries per request")
    for label, path, c, _ in targets:
        status, queries = query_count(path, c)
        print(f"{label}: HTTP {status}, {queries} queries")

    heading("One request at a time, in this process (the page's own cost, without queueing)")
    from django.test import Client

    for label, path, c, _ in targets:
        client = Client(HTTP_HOST="localhost")
        if c:
            name, _, value = c.partition("=")
            client.cookies[name] = value
        client.get(path)
        median_one, p95_one = timed(lambda client=client, path=path: client.get(path), repeat=30)
        print(f"{label:40} median {median_one:6.1f} ms, p95 {p95_one:6.1f} ms over 30 requests")
    load1, load5, _ = os.getloadavg()
    print(f"(machine load {load1:.1f} / {load5:.1f} on {os.cpu_count()} cores)")

    heading(f"Under load: gunicorn 4 workers, wrk 8 connections, {SECONDS} s each")
    failures = []
    with gunicorn(e, workers=4) as base:
        for label, path, c, target in targets:
            result = load(base, path, cookie=c, concurrency=8, seconds=SECONDS)
            if result.requests == 0:
                verdict = "NOT MEASURED (no request finished)"
            elif result.p95_ms <= target and result.errors + result.non_2xx == 0:
                verdict = "met"
            else:
                verdict = "MISSED"
            if verdict != "met":
                failures.append(label)
            print(f"{label} (target p95 ≤ {target} ms, {verdict}): {result.line()}", flush=True)
    print("peer tool: none runs on this machine, so no ratio is given")
    if failures:
        print("missed: " + ", ".join(failures))


if __name__ == "__main__":
    main()
