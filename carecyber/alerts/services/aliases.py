"""The alias table: the national team teaches the platform that two names mean the same product."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from carecyber.alerts.aliases import live_table
from carecyber.alerts.engine.inventory_files import AssetRow
from carecyber.alerts.engine.model import ProductData
from carecyber.alerts.engine.normalise import clean, product_token, vendor_token
from carecyber.alerts.models import AffectedProduct, Asset, ProductAlias, VendorAlias
from carecyber.alerts.permissions import can_publish, require
from carecyber.alerts.services.advisories import product_tokens
from carecyber.alerts.services.inventory import asset_tokens
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record

BATCH = 2000


def _queue(tokens: list[str]) -> None:
    from carecyber.alerts.tasks import renormalise_assets

    transaction.on_commit(lambda: renormalise_assets.delay(tokens))


def vendor_alias_add(*, actor: Actor, alias: str, vendor: str) -> VendorAlias:
    require(can_publish(actor), "change the alias table")
    alias_token, vendor_value = vendor_token(alias), clean(vendor)
    if not alias_token or not vendor_value:
        raise ValidationError({"alias": "Enter both names"})
    if alias_token == vendor_value:
        raise ValidationError({"alias": "The two names are already the same"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = VendorAlias.objects.create(alias=alias_token, vendor=vendor_value, created_by=actor.user)
        except IntegrityError:
            raise ValidationError({"alias": f"{alias_token} already has an alias"}) from None
        audit_record(
            actor=actor, action="alias.vendor_added", obj=row, changes={"alias": alias_token, "vendor": vendor_value}
        )
        _queue([alias_token, vendor_value])
    return row


def product_alias_add(*, actor: Actor, vendor: str, alias: str, product: str, target_vendor: str = "") -> ProductAlias:
    require(can_publish(actor), "change the alias table")
    vendor_value = clean(vendor)
    alias_token = product_token(vendor_value, alias)
    target_vendor_value = clean(target_vendor) or vendor_value
    target = clean(product)
    if not (vendor_value and alias_token and target):
        raise ValidationError({"alias": "Enter the vendor, the name as written and the canonical name"})
    if (vendor_value, alias_token) == (target_vendor_value, target):
        raise ValidationError({"alias": "The two names are already the same"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = ProductAlias.objects.create(
                    vendor=vendor_value,
                    alias=alias_token,
                    target_vendor=target_vendor_value,
                    target_product=target,
                    created_by=actor.user,
                )
        except IntegrityError:
            raise ValidationError({"alias": f"{vendor_value}:{alias_token} already has an alias"}) from None
        audit_record(
            actor=actor,
            action="alias.product_added",
            obj=row,
            changes={"alias": f"{vendor_value}:{alias_token}", "means": f"{target_vendor_value}:{target}"},
        )
        _queue([vendor_value, target_vendor_value])
    return row


def alias_remove(*, actor: Actor, alias: VendorAlias | ProductAlias) -> None:
    require(can_publish(actor), "change the alias table")
    with transaction.atomic():
        audit_record(actor=actor, action="alias.removed", obj=alias, object_label=str(alias))
        tokens = [alias.alias, alias.vendor] if isinstance(alias, VendorAlias) else [alias.vendor, alias.target_vendor]
        alias.delete()
        _queue(tokens)


def assets_renormalise(tokens: list[str]) -> int:
    """Recompute the tokens of inventory entries and affected products whose vendor is one of `tokens`.

    Runs in batches (a common vendor can have millions of entries); returns how many changed.
    """
    aliases = live_table()
    changed = 0
    last_pk = 0
    where = Q(vendor__in=tokens)
    while True:
        batch = list(Asset.objects.filter(where, pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        updates = []
        for asset in batch:
            row = AssetRow(vendor=asset.vendor_name, product=asset.product_name, purl=asset.purl, cpe=asset.cpe)
            tokens_now = asset_tokens(row, aliases)
            if tokens_now != (asset.vendor, asset.product, asset.product_key, asset.purl_key):
                asset.vendor, asset.product, asset.product_key, asset.purl_key = tokens_now
                updates.append(asset)
        with transaction.atomic():
            Asset.objects.bulk_update(updates, ["vendor", "product", "product_key", "purl_key"], batch_size=BATCH)
        changed += len(updates)
    products = []
    for product in AffectedProduct.objects.filter(where):
        data = ProductData(
            vendor=product.vendor_name, product=product.product_name, purl=product.purl_key, cpe=product.cpe
        )
        vendor, name, key, purl_key = product_tokens(data, aliases)
        if (vendor, name, key) != (product.vendor, product.product, product.product_key):
            product.vendor, product.product, product.product_key, product.purl_key = vendor, name, key, purl_key
            products.append(product)
    AffectedProduct.objects.bulk_update(products, ["vendor", "product", "product_key", "purl_key"])
    return changed + len(products)
