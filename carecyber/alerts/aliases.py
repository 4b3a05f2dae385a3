"""The seed alias table (data/aliases.yaml) as tokens, and the live table as an engine AliasTable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carecyber.alerts.engine.normalise import AliasTable, clean, product_token, vendor_token

SEED_FILE = Path(__file__).resolve().parent / "data" / "aliases.yaml"


def seed_rows() -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    """(vendor aliases as (alias, vendor), product aliases as (vendor, alias, target vendor, target product))."""
    data: dict[str, Any] = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    vendors = [(vendor_token(alias), clean(target)) for alias, target in data.get("vendors", {}).items()]
    vendors = [(a, v) for a, v in vendors if a and v and a != v]
    products = []
    for vendor, names in data.get("products", {}).items():
        canonical_vendor = clean(vendor)
        for alias, target in names.items():
            token = product_token(canonical_vendor, alias)
            target_token = clean(target)
            if token and token != target_token:
                products.append((canonical_vendor, token, canonical_vendor, target_token))
    return vendors, products


def live_table() -> AliasTable:
    """The alias table as it is now in the database (read once per targeting run or import)."""
    from carecyber.alerts.models import ProductAlias, VendorAlias

    return AliasTable(
        vendors=dict(VendorAlias.objects.values_list("alias", "vendor")),
        products={
            (vendor, alias): (tv, tp)
            for vendor, alias, tv, tp in ProductAlias.objects.values_list(
                "vendor", "alias", "target_vendor", "target_product"
            )
        },
    )


def ensure_seed_aliases() -> int:
    """Add any shipped alias the table lacks (the migration seeds them; a flushed database loses them).

    Returns how many rows were added. Existing rows, including the national team's edits, are left alone.
    """
    from carecyber.alerts.models import ProductAlias, VendorAlias

    vendors, products = seed_rows()
    before = VendorAlias.objects.count() + ProductAlias.objects.count()
    VendorAlias.objects.bulk_create(
        [VendorAlias(alias=alias, vendor=vendor) for alias, vendor in vendors], ignore_conflicts=True
    )
    ProductAlias.objects.bulk_create(
        [
            ProductAlias(vendor=vendor, alias=alias, target_vendor=target_vendor, target_product=target_product)
            for vendor, alias, target_vendor, target_product in products
        ],
        ignore_conflicts=True,
    )
    return VendorAlias.objects.count() + ProductAlias.objects.count() - before
