"""National-scale data for benchmarks: 50,000 organisations, 28 support partners, 1.5 million memberships.

Rows are generated from a seeded random stream and streamed into the
database with COPY on PostgreSQL (bulk INSERTs on SQLite), so a full load
takes minutes, not hours. A progress bar shows where it is.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from carecyber.core.models import Membership, Organisation, OrganisationDomain, Region, Role, SupportPartner, User

TARGET_ORGANISATIONS = 50_000
TARGET_MEMBERSHIPS = 1_500_000
PARTNERS_PER_REGION = 4  # 7 regions × 4 = 28 partners

# Share of organisations and typical staff size by type (shapes, not official counts).
TYPE_MIX: dict[str, tuple[float, int]] = {
    "care_home": (0.30, 30),
    "community_pharmacy": (0.22, 8),
    "dental_practice": (0.16, 10),
    "gp_practice": (0.13, 25),
    "optometrist": (0.08, 5),
    "home_care": (0.07, 20),
    "independent_provider": (0.025, 30),
    "local_authority": (0.003, 100),
    "it_supplier": (0.002, 50),
    "nhs_trust": (0.0042, 3500),
    "icb": (0.00084, 300),
    "csu": (0.0001, 500),
    "alb": (0.0002, 1000),
}
PARTNER_TYPES = frozenset({"care_home", "home_care", "independent_provider"})
SUFFIXES = {
    "care_home": "Care Home",
    "community_pharmacy": "Pharmacy",
    "dental_practice": "Dental Practice",
    "gp_practice": "Medical Practice",
    "optometrist": "Opticians",
    "home_care": "Home Care",
    "independent_provider": "Clinic",
    "local_authority": "Council",
    "it_supplier": "Health Systems Ltd",
    "nhs_trust": "NHS Trust",
    "icb": "Integrated Care Board",
    "csu": "Commissioning Support Unit",
    "alb": "Health Agency",
}
_HEADS = [
    "Ash",
    "Brook",
    "Oak",
    "Elm",
    "Kings",
    "Mill",
    "Stan",
    "Wood",
    "Bel",
    "Hart",
    "Lang",
    "Red",
    "Whit",
    "Cold",
    "Fair",
    "Hol",
    "Mar",
    "North",
    "South",
    "West",
    "East",
    "Thorn",
    "Wil",
    "Brad",
    "Chel",
]
_TAILS = [
    "ford",
    "field",
    "ton",
    "ley",
    "bury",
    "wick",
    "combe",
    "ham",
    "worth",
    "dale",
    "mere",
    "stead",
    "by",
    "well",
    "gate",
    "hurst",
]
_FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Gita",
    "Harry",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olu",
    "Priya",
    "Quinn",
    "Ruth",
    "Sean",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Yara",
    "Zak",
]
_LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Nowak",
    "Okoro",
    "Patel",
    "Quirke",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Walsh",
    "Young",
    "Zhou",
]
_TEAMS = [
    "Emergency department",
    "Outpatients",
    "Pharmacy",
    "IT",
    "Estates",
    "Finance",
    "Ward A",
    "Ward B",
    "Ward C",
    "Maternity",
    "Radiology",
    "Theatres",
]

BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def national_code(n: int) -> str:
    """Z + five base-36 digits: cannot collide with real ODS-style codes of the small demo."""
    digits = []
    for _ in range(5):
        n, r = divmod(n, 36)
        digits.append(BASE36[r])
    return "Z" + "".join(reversed(digits))


@dataclass
class LoadSummary:
    organisations: int
    partners: int
    people: int
    memberships: int


def _bulk_load(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, total: int, label: str, progress: bool
) -> int:
    count = 0
    bar = tqdm(total=total, desc=label, unit=" rows", unit_scale=True, disable=not progress, mininterval=1.0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
                    if count % 10_000 == 0:
                        bar.update(10_000)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            # Table and column names are constants of this module, never input.
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            batch: list[Sequence[Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    bar.update(len(batch))
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    bar.update(count - bar.n)
    bar.close()
    return count


def _match_total(sizes: list[int], total: int) -> None:
    """Nudge the largest organisations so the sizes add up to exactly `total` (each keeps at least one)."""
    difference = total - sum(sizes)
    order = sorted(range(len(sizes)), key=lambda j: -sizes[j])
    i = 0
    while difference and order:
        j = order[i % len(order)]
        step = 1 if difference > 0 else -1
        if sizes[j] + step >= 1:
            sizes[j] += step
            difference -= step
        i += 1


def _next_id(model: type[Any]) -> int:
    return int(model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def load_national_demo(
    *,
    organisations: int = TARGET_ORGANISATIONS,
    memberships: int = TARGET_MEMBERSHIPS,
    seed: int = 2026,
    progress: bool = True,
) -> LoadSummary:
    rng = random.Random(seed)
    now = timezone.now()
    types = list(TYPE_MIX)
    weights = [TYPE_MIX[t][0] for t in types]
    org_types = rng.choices(types, weights=weights, k=organisations)
    # Every organisation has at least one person (its security lead); the rest is shared by typical size.
    raw_sizes = [max(1, int(rng.gauss(TYPE_MIX[t][1], TYPE_MIX[t][1] * 0.3))) for t in org_types]
    scale = max(memberships - organisations, 0) / max(sum(raw_sizes), 1)
    sizes = [1 + int(s * scale) for s in raw_sizes]
    _match_total(sizes, memberships)
    regions = [r.value for r in Region]

    with transaction.atomic():
        partner_id = _next_id(SupportPartner)
        partners: dict[str, list[int]] = {}
        partner_rows = []
        for region in regions:
            for k in range(PARTNERS_PER_REGION):
                code = f"{region.replace('_', '-')}-{k + 1}-{partner_id}"
                partner_rows.append(
                    (partner_id, f"{Region(region).label} Care Cyber Partner {k + 1}", code[:40], region, "", now)
                )
                partners.setdefault(region, []).append(partner_id)
                partner_id += 1
        _bulk_load(
            "core_supportpartner",
            ["id", "name", "code", "region", "email", "created_at"],
            partner_rows,
            total=len(partner_rows),
            label="support partners",
            progress=progress,
        )

        first_org = _next_id(Organisation)
        org_regions = [rng.choice(regions) for _ in range(organisations)]

        def org_rows() -> Iterator[tuple[Any, ...]]:
            for i, org_type in enumerate(org_types):
                region = org_regions[i]
                name = f"{rng.choice(_HEADS)}{rng.choice(_TAILS)} {SUFFIXES[org_type]}"
                partner = rng.choice(partners[region]) if org_type in PARTNER_TYPES else None
                yield (first_org + i, name, national_code(first_org + i), org_type, region, None, partner, now, now)

        _bulk_load(
            "core_organisation",
            ["id", "name", "code", "type", "region", "parent_id", "support_partner_id", "created_at", "updated_at"],
            org_rows(),
            total=organisations,
            label="organisations",
            progress=progress,
        )
        first_domain = _next_id(OrganisationDomain)
        _bulk_load(
            "core_organisationdomain",
            ["id", "organisation_id", "domain"],
            (
                (first_domain + i, first_org + i, f"{national_code(first_org + i).lower()}.nhs.test")
                for i in range(organisations)
            ),
            total=organisations,
            label="email domains",
            progress=progress,
        )

        first_user = _next_id(User)
        first_membership = _next_id(Membership)
        total = sum(sizes)

        def people() -> Iterator[tuple[int, int, int, str, str]]:
            uid = first_user
            for i, size in enumerate(sizes):
                org_id = first_org + i
                for k in range(size):
                    role = Role.SECURITY_LEAD.value if k == 0 else Role.STAFF.value
                    team = rng.choice(_TEAMS) if org_types[i] == "nhs_trust" else ""
                    yield uid, org_id, k, role, team
                    uid += 1

        def user_rows() -> Iterator[tuple[Any, ...]]:
            for uid, org_id, _k, _role, _team in people():
                name = f"{_FIRST[uid % len(_FIRST)]} {_LAST[(uid // len(_FIRST)) % len(_LAST)]}"
                email = f"p{uid}@{national_code(org_id).lower()}.nhs.test"
                yield uid, "!", None, email, name, True, now

        _bulk_load(
            "core_user",
            ["id", "password", "last_login", "email", "full_name", "is_active", "date_joined"],
            user_rows(),
            total=total,
            label="people",
            progress=progress,
        )

        def membership_rows() -> Iterator[tuple[Any, ...]]:
            for n, (uid, org_id, _k, role, team) in enumerate(people()):
                yield first_membership + n, uid, role, org_id, None, team, "", now

        _bulk_load(
            "core_membership",
            ["id", "user_id", "role", "organisation_id", "support_partner_id", "team", "job_title", "created_at"],
            membership_rows(),
            total=total,
            label="memberships",
            progress=progress,
        )

        # Support partner members and national analysts.
        extra_users: list[tuple[Any, ...]] = []
        extra_memberships: list[tuple[Any, ...]] = []
        uid = first_user + total
        mid = first_membership + total
        for pid in [p for ids in partners.values() for p in ids]:
            for k in range(3):
                extra_users.append((uid, "!", None, f"partner{pid}-{k}@partners.test", f"Partner {pid}-{k}", True, now))
                extra_memberships.append((mid, uid, Role.SUPPORT_PARTNER.value, None, pid, "", "", now))
                uid += 1
                mid += 1
        for k in range(12):
            extra_users.append((uid, "!", None, f"analyst{uid}@national.test", f"Analyst {k + 1}", True, now))
            extra_memberships.append((mid, uid, Role.NATIONAL.value, None, None, "", "", now))
            uid += 1
            mid += 1
        _bulk_load(
            "core_user",
            ["id", "password", "last_login", "email", "full_name", "is_active", "date_joined"],
            extra_users,
            total=len(extra_users),
            label="partner and national people",
            progress=progress,
        )
        _bulk_load(
            "core_membership",
            ["id", "user_id", "role", "organisation_id", "support_partner_id", "team", "job_title", "created_at"],
            extra_memberships,
            total=len(extra_memberships),
            label="their memberships",
            progress=progress,
        )

        _reset_sequences([SupportPartner, Organisation, OrganisationDomain, User, Membership])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return LoadSummary(
        organisations=organisations,
        partners=len(partner_rows),
        people=total + len(extra_users),
        memberships=total + len(extra_memberships),
    )


def _reset_sequences(models: list[type[Any]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
