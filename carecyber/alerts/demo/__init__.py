"""Broadcast demo data: a few real alerts for the small demo, and national-scale inventories for benchmarks.

The small demo goes through the services (inventories, alert contacts,
advisories published and targeted, responses): every demo person finds an
alert to work on.

- Northfield's trust and its community hospital run an Exchange Server that a
  High alert targets; Sam Patel has acknowledged it for both and reported progress.
- Rosewood Care Home and Riverside Medical Practice run an old Chrome: a Medium
  alert targets them; Lee Chen has closed his as patched, Grace Adeyemi has not
  acknowledged hers yet.
- Every care home in the North West gets an Information only notice by rule.
- Nadia Okafor has a draft from the Known Exploited Vulnerabilities catalogue to review.

`load_national_inventory` generates millions of inventory entries with the
product mix small providers and trusts really run (names as people write
them, normalised through the real alias table) and streams them in with COPY.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from carecyber.alerts.aliases import ensure_seed_aliases, live_table
from carecyber.alerts.engine.inventory_files import AssetRow
from carecyber.alerts.engine.model import AdvisoryData, CveData, ProductData
from carecyber.alerts.engine.versions import VersionRange
from carecyber.alerts.models import Advisory, Asset, AssetSource, Response
from carecyber.alerts.services import (
    AdvisoryInput,
    Targeting,
    advisory_create,
    advisory_publish,
    alert_contact_add,
    asset_create,
    responses_acknowledge,
    responses_close,
    responses_declare,
    responses_record_update,
)
from carecyber.alerts.services.fanout import fan_out_prepare
from carecyber.alerts.services.inventory import asset_tokens
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, User

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld

# What each small-demo organisation runs: (vendor, product, version, where it runs, owner).
SMALL_INVENTORIES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "RNF": [
        ("Microsoft Corporation", "Exchange Server 2019", "15.2.986.5", "Main data centre", "IT infrastructure team"),
        ("Microsoft", "Windows Server 2019", "10.0.17763.5458", "Main data centre", "IT infrastructure team"),
        ("Citrix Systems", "NetScaler ADC", "13.1.49.15", "Remote access", "Network team"),
        ("Google", "Chrome", "138.0.7204.100", "Every clinical desktop", "Desktop team"),
        ("The Phoenix Partnership", "SystmOne", "2025.3", "Community services", "Clinical systems team"),
    ],
    "RNF02": [
        ("Microsoft", "Exchange Server 2016", "15.1.2507.6", "Site server room", "IT infrastructure team"),
        ("Microsoft", "Windows 10 Enterprise", "10.0.19045.4046", "Ward PCs", "Desktop team"),
    ],
    "VRC01": [
        ("Microsoft", "Windows 10", "10.0.19045.3803", "Office PC", "Registered manager"),
        ("Google", "Chrome", "124.0.6367.91", "Office PC and care planning tablets", "Registered manager"),
        ("RARLAB", "WinRAR", "6.24", "Office PC", "Registered manager"),
    ],
    "P81001": [
        ("EMIS Health", "EMIS Web", "9.14.2", "Every consulting room", "Practice manager"),
        ("Microsoft", "Windows 11", "10.0.22631.3155", "Reception and consulting rooms", "Practice manager"),
        ("Google", "Google Chrome", "131.0.6778.86", "Reception and consulting rooms", "Practice manager"),
    ],
    "VBH02": [
        ("Microsoft", "Microsoft 365 Apps for Enterprise", "16.0.17328.20184", "Office laptops", "Office manager"),
    ],
}


def _actor(email: str) -> Actor:
    membership = Membership.objects.select_related("organisation", "support_partner").filter(user__email=email).first()
    return Actor(user=User.objects.get(email=email), membership=membership)


def _publish(actor: Actor, data: AdvisoryInput) -> Advisory:
    """Write and publish; targets and responses are worked out now, emails go after commit as usual."""
    advisory = advisory_create(actor=actor, data=data)
    fanout = advisory_publish(actor=actor, advisory=advisory)
    fan_out_prepare(fanout.pk)  # idempotent: the queued fan-out finds it done and only sends the emails
    advisory.refresh_from_db()
    return advisory


def _responses(advisory: Advisory, *codes: str) -> list[Response]:
    return list(Response.objects.filter(advisory=advisory, organisation__code__in=codes).order_by("pk"))


def load_demo(world: DemoWorld) -> None:
    """The small demo's alerts (called by `carecyber demo --scale small`)."""
    ensure_seed_aliases()  # inventories are matched through the shipped aliases, even on a flushed database
    orgs = world.organisations
    leads = {
        "RNF": "sam.patel@northfield.nhs.test",
        "RNF02": "sam.patel@northfield.nhs.test",
        "VRC01": "grace.adeyemi@rosewoodcare.test",
        "P81001": "lee.chen@riverside-practice.nhs.test",
    }
    system = Actor.system("demo data")
    for code, entries in SMALL_INVENTORIES.items():
        actor = _actor(leads[code]) if code in leads else system
        for vendor, product, version, location, owner in entries:
            asset_create(
                actor=actor,
                organisation=orgs[code],
                row=AssetRow(vendor=vendor, product=product, version=version, location=location, owner=owner),
            )
    sam = _actor("sam.patel@northfield.nhs.test")
    alert_contact_add(actor=sam, organisation=orgs["RNF"], name="Sam Patel", email="sam.patel@northfield.nhs.test")
    alert_contact_add(
        actor=sam, organisation=orgs["RNF"], name="IT on-call mailbox", email="it-oncall@northfield.nhs.test"
    )

    nadia = _actor("nadia.okafor@carecyber.test")
    exchange = _publish(
        nadia,
        AdvisoryInput(
            data=AdvisoryData(
                title="Exchange Server flaw lets an attacker run code without signing in",
                summary="A flaw in how Exchange Server handles web requests lets an attacker run code on the "
                "server. It is being used against health organisations.",
                severity="high",
                tlp="clear",
                known_exploited=True,
                threat_details="Attackers send crafted requests to Outlook on the web and then install a web "
                "shell, which gives them lasting access.",
                remediation="Install the latest cumulative update and security update for your version of "
                "Exchange Server.\n\n- Check the build number afterwards.\n- Look for unexpected `.aspx` "
                "files in the web folders.",
                cves=[CveData("CVE-2021-26855", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", known_exploited=True)],
                products=[
                    ProductData(
                        vendor="Microsoft",
                        product="Exchange Server",
                        version_range=VersionRange.from_vers(
                            "vers:generic/>=15.1.0|<15.1.2507.37|>=15.2.0|<15.2.1118.7"
                        ),
                    )
                ],
                references=["https://msrc.microsoft.com/update-guide/vulnerability/CVE-2021-26855"],
            )
        ),
    )
    trust_responses = _responses(exchange, "RNF", "RNF02")
    responses_acknowledge(actor=sam, responses=trust_responses, note="Seen by the IT infrastructure team.")
    responses_declare(actor=sam, responses=trust_responses, applicable=True)
    responses_record_update(
        actor=sam,
        responses=trust_responses,
        note="Security update installed on the main server; the community hospital's server is booked for tonight.",
    )

    chrome = _publish(
        nadia,
        AdvisoryInput(
            data=AdvisoryData(
                title="Chrome flaw lets a web page take over the browser",
                summary="Opening a harmful web page in an old version of Chrome can let an attacker run code.",
                severity="medium",
                tlp="green",
                remediation="Update Chrome to the latest version and restart it. Turn on automatic updates.",
                cves=[CveData("CVE-2025-6554", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H")],
                products=[
                    ProductData(
                        vendor="Google",
                        product="Chrome",
                        version_range=VersionRange.from_vers("vers:generic/<138.0.7204.96"),
                    )
                ],
            )
        ),
    )
    lee = _actor("lee.chen@riverside-practice.nhs.test")
    responses_close(
        actor=lee,
        responses=_responses(chrome, "P81001"),
        outcome="patched",
        note="Chrome updated on every PC in the practice; automatic updates are now on.",
    )

    _publish(
        nadia,
        AdvisoryInput(
            data=AdvisoryData(
                title="Emails pretending to come from the care regulator ask for sign-in details",
                summary="Care homes in the North West have received emails that look like an inspection "
                "notice and link to a fake sign-in page.",
                severity="info",
                tlp="amber",
                remediation="Tell staff about these emails. Report any you receive with the phishing button. "
                "Anyone who typed a password into the page should change it at once.",
            ),
            targeting=Targeting(types=["care_home"], regions=["north_west"]),
        ),
    )

    advisory_create(
        actor=nadia,
        data=AdvisoryInput(
            data=AdvisoryData(
                title="WinRAR path traversal lets an archive place files anywhere (CVE-2025-8088)",
                summary="Opening a crafted archive in WinRAR can write files outside the folder chosen.",
                severity="high",
                tlp="clear",
                known_exploited=True,
                remediation="Update WinRAR to version 7.13 or later.",
                cves=[CveData("CVE-2025-8088", known_exploited=True)],
                products=[ProductData(vendor="RARLAB", product="WinRAR")],
                source="kev",
                source_id="CVE-2025-8088",
                source_label="CISA KEV catalogue (demo)",
            )
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# National-scale inventories (benchmarks)


@dataclass(frozen=True)
class Product:
    vendor: str  # as people write it
    product: str
    versions: tuple[str, ...]  # oldest first; newer versions are more common
    weight: float  # how often it appears among inventory entries
    cpe: str = ""  # a CPE 2.3 name with {version}, given on some entries
    purl: str = ""  # a package URL with {version}, for software packages


# Shapes of what health and care organisations run, not counts from any survey.
PRODUCT_MIX: tuple[Product, ...] = (
    Product("Microsoft", "Windows 10", ("10.0.19044.3086", "10.0.19045.3803", "10.0.19045.4046", "10.0.19045.5487"), 9),
    Product("Microsoft", "Windows 11", ("10.0.22621.2861", "10.0.22631.3155", "10.0.22631.4890", "10.0.26100.3194"), 7),
    Product("Microsoft", "Windows Server 2019", ("10.0.17763.4010", "10.0.17763.5458", "10.0.17763.6893"), 2),
    Product("Microsoft", "Windows Server 2022", ("10.0.20348.2322", "10.0.20348.3207"), 1.5),
    Product(
        "Google",
        "Chrome",
        ("120.0.6099.109", "124.0.6367.91", "131.0.6778.86", "135.0.7049.85", "138.0.7204.100", "139.0.7258.66"),
        10,
        cpe="cpe:2.3:a:google:chrome:{version}:*:*:*:*:*:*:*",
    ),
    Product("Microsoft", "Edge", ("122.0.2365.92", "131.0.2903.70", "138.0.3351.83"), 6),
    Product("Mozilla", "Firefox", ("115.12.0", "128.3.1", "136.0.2"), 2),
    Product("Microsoft", "Microsoft 365 Apps for Enterprise", ("16.0.16731.20234", "16.0.17328.20184"), 7),
    Product("Adobe Systems", "Acrobat Reader DC", ("23.008.20470", "24.002.20933", "25.001.20474"), 5),
    Product("RARLAB", "WinRAR", ("5.91", "6.02", "6.24", "7.01", "7.13"), 2),
    Product("Igor Pavlov", "7-Zip", ("19.00", "22.01", "23.01", "24.09"), 2.5),
    Product("Zoom Video Communications", "Zoom Workplace", ("5.17.11", "6.1.6", "6.3.11"), 3),
    Product("EMIS Health", "EMIS Web", ("9.12.1", "9.14.2"), 1.5),
    Product("The Phoenix Partnership", "SystmOne", ("2024.4", "2025.3"), 1),
    Product("Microsoft", "Exchange Server 2019", ("15.2.986.5", "15.2.1118.7", "15.2.1544.4"), 0.6),
    Product("Microsoft", "Exchange Server 2016", ("15.1.2375.7", "15.1.2507.6", "15.1.2507.39"), 0.4),
    Product("Microsoft", "SharePoint Server 2019", ("16.0.10337.12109", "16.0.10412.20001"), 0.2),
    Product("Citrix Systems", "NetScaler ADC", ("13.1.49.15", "13.1.58.21", "14.1.43.56"), 0.3),
    Product("Fortinet", "FortiGate", ("6.4.15", "7.0.14", "7.2.8", "7.4.3"), 1.2),
    Product("Ivanti", "Connect Secure", ("9.1.18", "22.6.1", "22.7.2"), 0.3),
    Product("Palo Alto Networks", "PAN-OS", ("10.2.9", "11.0.4", "11.1.2"), 0.3),
    Product("SonicWall", "SonicOS", ("6.5.4", "7.0.1", "7.1.1"), 0.8),
    Product("VMware", "ESXi", ("7.0.3", "8.0.1", "8.0.3"), 0.5),
    Product("Progress Software", "MOVEit Transfer", ("2022.1.5", "2023.0.1"), 0.1),
    Product("ConnectWise", "ScreenConnect", ("23.9.7", "23.9.8"), 0.3),
    Product(
        "Apache Software Foundation",
        "Log4j",
        ("2.14.1", "2.17.1", "2.23.1"),
        0.4,
        purl="pkg:maven/org.apache.logging.log4j/log4j-core@{version}",
    ),
    Product("OpenSSL", "OpenSSL", ("1.1.1w", "3.0.13", "3.3.2"), 0.6),
    Product("Sophos", "Intercept X", ("2023.2.1", "2024.3.2"), 1.5),
    Product("Microsoft", "Teams", ("24004.1403", "24335.206"), 4),
)
# Inventory entries per organisation by type, before scaling to the total asked for.
TYPICAL_ENTRIES = {
    "care_home": 25,
    "community_pharmacy": 15,
    "dental_practice": 15,
    "gp_practice": 45,
    "optometrist": 10,
    "home_care": 15,
    "independent_provider": 30,
    "local_authority": 400,
    "it_supplier": 200,
    "nhs_trust": 3000,
    "icb": 300,
    "csu": 400,
    "alb": 500,
}
LOCATIONS = ("Office PC", "Reception", "Server room", "Laptops", "Clinical desktops", "Remote access", "Tablets")
ASSET_COLUMNS = (
    "id", "organisation_id", "vendor_name", "product_name", "version", "purl", "cpe", "location", "owner",
    "source", "source_ref", "vendor", "product", "product_key", "purl_key", "created_at", "updated_at",
)  # fmt: skip


def _asset_rows(
    *,
    sizes: list[tuple[int, int]],
    tokens: dict[Product, tuple[str, str, str, str]],
    first_id: int,
    seed: int,
    now: datetime,
) -> Iterator[tuple[Any, ...]]:
    """Rows for COPY. Reads nothing from the database: the connection is busy with the COPY meanwhile."""
    rng = random.Random(seed)
    weights = [p.weight for p in PRODUCT_MIX]
    next_id = first_id
    for org_id, count in sizes:
        for product in rng.choices(PRODUCT_MIX, weights, k=count):
            # Newer versions are more common: version i of n has weight i + 1.
            version = rng.choices(product.versions, range(1, len(product.versions) + 1))[0]
            vendor, name, key, purl_key = tokens[product]
            yield (
                next_id,
                org_id,
                product.vendor,
                product.product,
                version,
                product.purl.format(version=version) if product.purl else "",
                product.cpe.format(version=version) if product.cpe and rng.random() < 0.3 else "",
                rng.choice(LOCATIONS),
                "IT team",
                AssetSource.CSV,
                "",
                vendor,
                name,
                key,
                purl_key,
                now,
                now,
            )
            next_id += 1


def load_national_inventory(*, count: int, seed: int = 2028, progress: bool = True) -> int:
    """Add about `count` inventory entries across every organisation, by type. Returns how many were added."""
    from carecyber.core.demo.national import _bulk_load, _next_id, _reset_sequences

    orgs = list(Organisation.objects.order_by("pk").values_list("pk", "type"))
    if not orgs:
        raise ValueError("Load organisations first (carecyber demo --scale national)")
    rng = random.Random(seed)
    raw = [(pk, max(1, int(rng.gauss(TYPICAL_ENTRIES.get(t, 20), TYPICAL_ENTRIES.get(t, 20) * 0.3)))) for pk, t in orgs]
    scale = count / max(sum(n for _, n in raw), 1)
    sizes = [(pk, max(1, round(n * scale))) for pk, n in raw]
    total = sum(n for _, n in sizes)
    now = timezone.now() - timedelta(days=1)
    aliases = live_table()  # names normalised once per product, as asset_create would
    tokens = {
        p: asset_tokens(AssetRow(vendor=p.vendor, product=p.product, purl=p.purl.format(version="0")), aliases)
        for p in PRODUCT_MIX
    }
    with transaction.atomic():
        first_id = _next_id(Asset)
        added = _bulk_load(
            Asset._meta.db_table,
            ASSET_COLUMNS,
            _asset_rows(sizes=sizes, tokens=tokens, first_id=first_id, seed=seed, now=now),
            total=total,
            label="inventory entries",
            progress=progress,
        )
        _reset_sequences([Asset])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Asset._meta.db_table}")
    return added
