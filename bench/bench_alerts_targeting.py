"""Broadcast targeting at national scale: publishing one advisory, and the whole KEV catalogue, against every inventory.

Data: the national demo (`carecyber demo --scale national`: 50,000
organisations, 1.5 million memberships) plus 2.5 million generated inventory
entries with the product mix health and care organisations run
(`carecyber.alerts.demo.load_national_inventory`: names as people write them,
normalised through the real alias table), in PostgreSQL (`cc_alerts_bench`
unless BENCH_DATABASE_URL says otherwise). Smaller runs: BENCH_ORGANISATIONS,
BENCH_MEMBERSHIPS and BENCH_ASSETS (a database keeps the size it was loaded with);
BENCH_SEND_EMAILS=0 rolls every publish back instead of committing the first and sending its emails.

Targets (issue 4):
- publishing one advisory that affects a common product computes its targets
  and writes the response records in ≤ 5 s (the delivery rows and in-app
  notices follow in the fan-out's next transaction, timed and printed too);
- matching the whole KEV catalogue (about 1,400 entries) against all inventories ≤ 60 s.

Each publish is timed up to and including the foreign-key checks its commit
would run (they are deferred, and the publish is then rolled back so the next
one starts from the same data); the time of the targets and responses alone
is printed too, with the load average, because other work on the machine
changes these figures a lot. Before measuring, the tables are vacuumed, as
autovacuum would have done in service.

Also printed: the same decisions made naively (every inventory entry compared
with every affected product, no keys, no memory) on a sample of
organisations, extrapolated to the whole data and given as a ratio, with a
check that both ways reach the same (organisation, advisory) pairs; and the
peak memory (maximum resident set size) of this process after each step.

The KEV catalogue is read from BENCH_KEV_FILE, else the shared sample data
(`../shared/data/advisories/kev/known_exploited_vulnerabilities.json`) when
present, else the small catalogue in the tests' fixtures.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from common import REPO, bench_env, ensure_database, ensure_national_data, heading, setup_django

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cc_alerts_bench"
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "50000"))
MEMBERSHIPS = int(os.environ.get("BENCH_MEMBERSHIPS", "1500000"))
ASSETS = int(os.environ.get("BENCH_ASSETS", "2500000"))
SAMPLE_ORGANISATIONS = int(os.environ.get("BENCH_NAIVE_SAMPLE", "100"))
# 1: the first advisory is committed and its emails sent in this process (slow: one locked transaction each).
SEND_EMAILS = os.environ.get("BENCH_SEND_EMAILS", "1") == "1"
KEV_CANDIDATES = (
    Path(os.environ.get("BENCH_KEV_FILE", "/nonexistent")),
    REPO.parent.parent / "shared" / "data" / "advisories" / "kev" / "known_exploited_vulnerabilities.json",
    Path("/work/shared/data/advisories/kev/known_exploited_vulnerabilities.json"),
    REPO / "carecyber" / "alerts" / "tests" / "fixtures" / "kev_small.json",
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_inventory() -> None:
    from carecyber.alerts.demo import load_national_inventory
    from carecyber.alerts.models import Asset

    existing = Asset.objects.count()
    if existing >= ASSETS * 0.95:
        print(f"inventory present: {existing:,} entries", flush=True)
        return
    if existing:
        raise SystemExit(f"the bench database has {existing:,} inventory entries, fewer than {ASSETS:,}: drop it")
    print(f"loading {ASSETS:,} inventory entries…", flush=True)
    started = time.monotonic()
    added = load_national_inventory(count=ASSETS, progress=True)
    print(f"loaded {added:,} inventory entries in {time.monotonic() - started:.0f} s", flush=True)


def vacuum() -> None:
    """What autovacuum does in service: rolled-back runs leave dead rows behind (this server may run without
    autovacuum), and a bulk-loaded inventory needs its visibility map for index-only scans."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("alerts_asset", "alerts_response", "alerts_delivery", "alerts_notification", "alerts_fanout"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    env = bench_env(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB), EMAIL_URL="dummy://")
    heading("Broadcast targeting on national-scale inventories (PostgreSQL)")
    ensure_database(env)
    setup_django(env)
    ensure_national_data(env, organisations=ORGANISATIONS, memberships=MEMBERSHIPS)
    ensure_inventory()
    vacuum()

    from django.db import connection, transaction
    from django.db.models import Count

    from carecyber.alerts.engine.matching import AssetFacts, naive_matches
    from carecyber.alerts.engine.model import AdvisoryData, CveData, ProductData
    from carecyber.alerts.engine.versions import VersionRange
    from carecyber.alerts.models import Advisory, Asset, Delivery, Response
    from carecyber.alerts.services import (
        AdvisoryInput,
        Targeting,
        advisories_import,
        advisory_create,
        advisory_publish,
    )
    from carecyber.alerts.services.fanout import fan_out_prepare, fan_out_recipients, fan_out_target
    from carecyber.alerts.services.targeting import TargetingRun, _engine_product, compute_targets
    from carecyber.core.actor import Actor
    from carecyber.core.models import Membership, Organisation, Role

    orgs = Organisation.objects.count()
    assets = Asset.objects.count()
    keys = Asset.objects.exclude(product_key="").values("product_key").distinct().count()
    combos = Asset.objects.values("product_key", "version").distinct().count()
    print(
        f"data: {orgs:,} organisations, {assets:,} inventory entries "
        f"({keys} products, {combos:,} distinct product and version pairs); "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; peak memory {peak_mb():.0f} MB"
    )
    national = Membership.objects.filter(role=Role.NATIONAL).select_related("user").first()
    actor = Actor(user=national.user, membership=national) if national else Actor.system("benchmark")

    def draft(title: str, vendor: str, product: str, vers: str) -> Advisory:
        """A draft about one product; with no product, one that a rule sends to every organisation."""
        products = []
        if vers:
            products = [ProductData(vendor=vendor, product=product, version_range=VersionRange.from_vers(vers))]
        return advisory_create(
            actor=actor,
            data=AdvisoryInput(
                data=AdvisoryData(
                    title=title,
                    summary="Benchmark advisory.",
                    severity="high",
                    tlp="clear",
                    remediation="Update to the latest version.",
                    cves=[CveData("CVE-2025-6554", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H")],
                    products=products,
                ),
                targeting=Targeting(all=not product),
            ),
        )

    heading("Publishing one advisory that affects a common product")

    class RolledBack(Exception):
        pass

    # Warm up (first queries, imports, templates) with a rare product, then roll back: not counted.
    warm = draft("Benchmark: warm-up", "Progress Software", "MOVEit Transfer", "vers:generic/<2023.0.2")
    try:
        with transaction.atomic():
            fan_out_prepare(advisory_publish(actor=actor, advisory=warm).pk)
            raise RolledBack
    except RolledBack:
        pass
    publish_times: list[float] = []
    recipient_times: list[float] = []

    def checks(*, deferred_again: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if deferred_again:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    runs = [
        ("Google Chrome before 138.0.7204.96", "Google", "Chrome", "vers:generic/<138.0.7204.96", True),
        ("Windows 10 before 10.0.19045.5487", "Microsoft", "Windows 10", "vers:generic/<10.0.19045.5487", False),
        ("Microsoft Edge before 138.0.3351.83", "Microsoft", "Edge", "vers:generic/<138.0.3351.83", False),
        ("Every organisation (a rule, no product)", "", "", "", False),
    ]
    for label, vendor, product, vers, keep in runs:
        advisory = draft(f"Benchmark: {label}", vendor, product, vers)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                fanout = advisory_publish(actor=actor, advisory=advisory)
                fanout = fan_out_target(fanout.pk)
                written = time.perf_counter() - started
                # The foreign-key checks a commit would make (they are deferred): counted, as publishing commits.
                checks(deferred_again=True)
                seconds = time.perf_counter() - started
                publish_times.append(seconds)
                responses = Response.objects.filter(advisory=advisory).count()
                print(
                    f"{label}: {fanout.targeted:,} organisations targeted, {responses:,} responses written in "
                    f"{seconds:.2f} s (targets and responses {fanout.targeting_seconds or 0:.2f} s, all written "
                    f"{written:.2f} s, then the checks of the commit {seconds - written:.2f} s) – "
                    f"{'meets' if seconds <= 5 else 'MISSES'} the 5 s target; load average {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
                started = time.perf_counter()
                fanout = fan_out_recipients(fanout.pk)
                checks(deferred_again=False)
                recipients_seconds = time.perf_counter() - started
                recipient_times.append(recipients_seconds)
                print(
                    f"  then, in the next transaction, {fanout.deliveries:,} delivery rows and their in-app "
                    f"notices in {recipients_seconds:.2f} s with the checks of its commit",
                    flush=True,
                )
                if not (keep and SEND_EMAILS):
                    raise RolledBack  # measured; leave the database as it was for the next run
                email_started = time.perf_counter()
            # On commit the fan-out task runs in this process (no broker): it finds the targets done and sends.
            sent = Delivery.objects.filter(advisory=advisory, status="sent").count()
            email_seconds = time.perf_counter() - email_started
            print(
                f"  then commit and {sent:,} emails rendered and sent one by one, each in its own locked "
                f"transaction (Django's dummy mail backend): {email_seconds:.1f} s, "
                f"{sent / max(email_seconds, 1e-9):.0f} emails/s"
            )
        except RolledBack:
            pass
    print(
        f"publish (targets + responses, committed): median {statistics.median(publish_times):.2f} s, "
        f"worst {max(publish_times):.2f} s over {len(publish_times)} advisories; then delivery rows + notices: "
        f"median {statistics.median(recipient_times):.2f} s, worst {max(recipient_times):.2f} s; "
        f"peak memory {peak_mb():.0f} MB"
    )

    heading("The whole KEV catalogue against every inventory")
    kev_file = next(p for p in KEV_CANDIDATES if p.is_file())
    kev = Advisory.objects.filter(source="kev")
    if not kev.exists():
        started = time.perf_counter()
        (outcome,) = advisories_import(actor=actor, files=[(kev_file.name, kev_file.read_bytes())])
        print(f"imported {kev_file}: {outcome.line()} in {time.perf_counter() - started:.0f} s", flush=True)
    advisories = list(kev.prefetch_related("products").order_by("pk"))
    products = [p for a in advisories for p in a.products.all()]
    # The sample the naive way is checked on, drawn first: only its pairs are kept (the whole set of targets
    # would hold ten million tuples in this process and hide the memory the targeting itself takes).
    rng = random.Random(7)
    all_ids = list(Organisation.objects.values_list("pk", flat=True))
    sample = set(rng.sample(all_ids, min(SAMPLE_ORGANISATIONS, len(all_ids))))
    run = TargetingRun()
    started = time.perf_counter()
    indexed_pairs: set[tuple[int, int]] = set()
    target_count = touched = 0
    for advisory in advisories:
        targets = compute_targets(advisory, run)
        target_count += len(targets)
        touched += bool(targets)
        indexed_pairs.update((org_id, advisory.pk) for org_id in sample.intersection(targets))
    kev_seconds = time.perf_counter() - started
    print(
        f"{len(advisories):,} KEV advisories ({len(products):,} affected products) matched against {assets:,} "
        f"entries in {kev_seconds:.1f} s: {touched:,} advisories reach someone, {target_count:,} "
        f"(organisation, advisory) targets; {run.judgements:,} version judgements, {run.rows_read:,} entries read "
        f"– {'meets' if kev_seconds <= 60 else 'MISSES'} the 60 s target; peak memory {peak_mb():.0f} MB",
        flush=True,
    )

    heading(f"The same decisions made naively on {SAMPLE_ORGANISATIONS} organisations (every pair compared)")
    sample_assets = list(
        Asset.objects.filter(organisation_id__in=sample).values_list(
            "organisation_id", "vendor", "product", "purl_key", "version", "cpe", "purl"
        )
    )
    engine_products = [(advisory.pk, _engine_product(p)) for advisory in advisories for p in advisory.products.all()]
    naive_pairs: set[tuple[int, int]] = set()
    started = time.perf_counter()
    compared = 0
    for org_id, vendor, name, purl_key, version, cpe, purl in sample_assets:
        facts = AssetFacts(version=version, cpe=cpe, purl=purl)
        for advisory_id, affected in engine_products:
            compared += 1
            if naive_matches(affected, vendor, name, purl_key, facts):
                naive_pairs.add((org_id, advisory_id))
    naive_seconds = time.perf_counter() - started
    rate = compared / max(naive_seconds, 1e-9)
    whole = assets * len(engine_products) / rate
    # Rule-targeted organisations are not inventory matches; KEV drafts have no rules, so the sets must be equal.
    verdict = "the same" if naive_pairs == indexed_pairs else f"DIFFERENT ({len(naive_pairs ^ indexed_pairs)} pairs)"
    print(
        f"naive: {compared:,} pairs ({len(sample_assets):,} entries × {len(engine_products):,} products) in "
        f"{naive_seconds:.1f} s = {rate:,.0f} pairs/s; the whole data would take about {whole:,.0f} s "
        f"({whole / 3600:.1f} h) against {kev_seconds:.1f} s: ratio {whole / max(kev_seconds, 1e-9):,.0f}×"
    )
    print(f"decisions on the sample: {len(naive_pairs):,} naive targets, {len(indexed_pairs):,} indexed – {verdict}")
    counts = (
        Asset.objects.filter(organisation_id__in=sample)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    print(
        f"sample: {len(sample_assets):,} entries, median {statistics.median(list(counts) or [0]):.0f} per organisation"
    )
    print(f"peak memory of this process (max RSS): {peak_mb():.0f} MB; database: {connection.vendor}")


if __name__ == "__main__":
    main()
