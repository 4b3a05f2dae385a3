"""The shipped alias table comes back after a flush, without touching the national team's own entries."""

from __future__ import annotations

import pytest

from carecyber.alerts.aliases import ensure_seed_aliases, seed_rows
from carecyber.alerts.models import ProductAlias, VendorAlias

pytestmark = pytest.mark.django_db


def test_missing_shipped_aliases_are_added_and_edited_ones_kept() -> None:
    vendors, products = seed_rows()
    alias, _ = vendors[0]
    VendorAlias.objects.all().delete()
    ProductAlias.objects.all().delete()
    VendorAlias.objects.create(alias=alias, vendor="edited_by_the_national_team")

    added = ensure_seed_aliases()

    distinct_vendors = {a for a, _ in vendors}
    distinct_products = {(v, a) for v, a, _, _ in products}  # the seed file may name one alias twice
    assert added == len(distinct_vendors) - 1 + len(distinct_products)
    assert VendorAlias.objects.get(alias=alias).vendor == "edited_by_the_national_team"
    assert ProductAlias.objects.count() == len(distinct_products)
    assert ensure_seed_aliases() == 0
