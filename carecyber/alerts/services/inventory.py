"""An organisation's asset inventory: entered by hand, imported from CSV or a CycloneDX SBOM, via the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from carecyber.alerts.aliases import live_table
from carecyber.alerts.engine.cpe import Cpe
from carecyber.alerts.engine.importers import Refused
from carecyber.alerts.engine.inventory_files import AssetRow, read_inventory_file, row_problems
from carecyber.alerts.engine.normalise import AliasTable, canonical, product_key, read_purl
from carecyber.alerts.models import Asset, AssetSource
from carecyber.alerts.permissions import can_manage_inventory, require
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record, diff
from carecyber.core.models import Organisation
from carecyber.core.tenancy import organisation_scope

MAX_ASSETS_PER_ORGANISATION = 100_000


def asset_tokens(row: AssetRow, aliases: AliasTable) -> tuple[str, str, str, str]:
    """(vendor, product, product key, purl key): the CPE's names win, then the names given, then the purl's."""
    purl_key = read_purl(row.purl).key if row.purl else ""
    if row.cpe:
        cpe = Cpe.parse(row.cpe)
        vendor, product = canonical(cpe.vendor_name, cpe.product_name, aliases)
    elif row.product:
        vendor, product = canonical(row.vendor, row.product, aliases)
    elif row.purl:
        parts = read_purl(row.purl)
        vendor, product = canonical(parts.vendor, parts.product, aliases)
    else:
        vendor, product = "", ""
    return vendor[:200], product[:200], product_key(vendor, product)[:401], purl_key[:400]


def _fill(asset: Asset, row: AssetRow, aliases: AliasTable) -> None:
    asset.vendor_name, asset.product_name, asset.version = row.vendor, row.product, row.version
    if not asset.version and row.purl:
        asset.version = read_purl(row.purl).version[:200]
    asset.purl, asset.cpe, asset.location, asset.owner = row.purl, row.cpe, row.location, row.owner
    asset.source_ref = row.source_ref[:200]
    asset.vendor, asset.product, asset.product_key, asset.purl_key = asset_tokens(row, aliases)


def _check(actor: Actor, organisation: Organisation) -> None:
    require(can_manage_inventory(actor), "change the asset inventory")
    in_scope = Organisation.objects.filter(organisation_scope(actor, ""), pk=organisation.pk).exists()
    if not in_scope:
        raise ValidationError({"organisation": "You cannot change this organisation's inventory"})


def _row_or_error(row: AssetRow) -> AssetRow:
    cleaned = AssetRow(**{k: str(v).strip() for k, v in row.__dict__.items()})
    problems = row_problems(cleaned, "This entry")
    if problems:
        raise ValidationError({"__all__": [p.removeprefix("This entry: ") for p in problems]})
    return cleaned


def _snapshot(asset: Asset) -> dict[str, str]:
    return {
        "vendor": asset.vendor_name,
        "product": asset.product_name,
        "version": asset.version,
        "purl": asset.purl,
        "cpe": asset.cpe,
        "location": asset.location,
        "owner": asset.owner,
    }


def asset_create(*, actor: Actor, organisation: Organisation, row: AssetRow, source: str = AssetSource.MANUAL) -> Asset:
    _check(actor, organisation)
    cleaned = _row_or_error(row)
    with transaction.atomic():
        asset = Asset(organisation=organisation, source=source)
        _fill(asset, cleaned, live_table())
        asset.save()
        audit_record(actor=actor, action="asset.added", obj=asset, organisation=organisation, changes=_snapshot(asset))
    return asset


def asset_update(*, actor: Actor, asset: Asset, row: AssetRow) -> Asset:
    _check(actor, asset.organisation)
    cleaned = _row_or_error(row)
    with transaction.atomic():
        current = Asset.objects.select_for_update().get(pk=asset.pk)
        before = _snapshot(current)
        _fill(current, cleaned, live_table())
        current.save()
        changes = diff(before, _snapshot(current))
        if changes:
            audit_record(
                actor=actor, action="asset.changed", obj=current, organisation=current.organisation_id, changes=changes
            )
    return current


def asset_delete(*, actor: Actor, asset: Asset) -> None:
    _check(actor, asset.organisation)
    with transaction.atomic():
        audit_record(
            actor=actor, action="asset.removed", obj=asset, organisation=asset.organisation_id, changes=_snapshot(asset)
        )
        asset.delete()


@dataclass
class InventoryImport:
    format: str
    created: int
    replaced: int


def assets_import(
    *, actor: Actor, organisation: Organisation, data: bytes, name: str = "", replace: bool = False
) -> InventoryImport:
    """Import a CSV or CycloneDX file; with `replace`, entries from earlier imports of the same kind go first.

    The whole file is refused (nothing saved) if any entry is bad; ValidationError lists every problem.
    """
    _check(actor, organisation)
    try:
        kind, rows = read_inventory_file(data, name)
    except Refused as refused:
        raise ValidationError({"file": refused.problems}) from None
    source = AssetSource.SBOM if kind == "cyclonedx" else AssetSource.CSV
    aliases = live_table()
    with transaction.atomic():
        replaced = 0
        existing = Asset.objects.filter(organisation=organisation)
        if replace:
            replaced, _ = existing.filter(source=source).delete()
        if existing.count() + len(rows) > MAX_ASSETS_PER_ORGANISATION:
            raise ValidationError(
                {"file": f"An organisation can record at most {MAX_ASSETS_PER_ORGANISATION:,} entries"}
            )
        assets = []
        for row in rows:
            asset = Asset(organisation=organisation, source=source)
            _fill(asset, row, aliases)
            assets.append(asset)
        Asset.objects.bulk_create(assets, batch_size=2000)
        audit_record(
            actor=actor,
            action="assets.imported",
            organisation=organisation,
            object_label=name[:200] or kind,
            changes={"format": kind, "created": len(assets), "replaced": replaced},
        )
    return InventoryImport(format=kind, created=len(assets), replaced=replaced)
