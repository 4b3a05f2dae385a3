"""An organisation's asset inventory: list, add, change, remove, import (CSV, CycloneDX), export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carecyber.alerts import forms, queries, services
from carecyber.alerts.engine.inventory_files import CSV_COLUMNS
from carecyber.alerts.permissions import can_manage_inventory, can_view_inventory
from carecyber.alerts.views.common import csv_response, need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@member_required
def inventory_home(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    if organisation is None:
        return redirect("core:organisation-list")
    return redirect("alerts:inventory", organisation.code)


@member_required
def inventory(request: AppRequest, code: str) -> HttpResponseBase:
    need(can_view_inventory(request.actor), "see the asset inventory")
    organisation = queries.organisation_for(request.actor, code)
    form = forms.AssetFilterForm(request.GET)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    assets = queries.assets_of(request.actor, organisation, search=search)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{organisation.code}-inventory.csv",
            list(CSV_COLUMNS),
            (
                [a.vendor_name, a.product_name, a.version, a.purl, a.cpe, a.location, a.owner]
                for a in assets.iterator(2000)
            ),
        )
    page = paginate(assets, request.GET)
    return render(
        request,
        "alerts/inventory.jinja",
        {
            "page_title": f"Asset inventory of {organisation.name}",
            "organisation": organisation,
            "form": form,
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "can_manage": can_manage_inventory(request.actor),
        },
    )


@member_required
def asset_add(request: AppRequest, code: str) -> HttpResponse:
    need(can_manage_inventory(request.actor), "change the asset inventory")
    organisation = queries.organisation_for(request.actor, code)
    form = forms.AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_create(actor=request.actor, organisation=organisation, row=form.to_row())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{asset} added to the inventory.")
            return redirect("alerts:inventory", organisation.code)
    return render(
        request,
        "alerts/asset_form.jinja",
        {"page_title": "Add to the inventory", "organisation": organisation, "form": form, "asset": None},
    )


@member_required
def asset_edit(request: AppRequest, code: str, pk: int) -> HttpResponse:
    need(can_manage_inventory(request.actor), "change the asset inventory")
    organisation = queries.organisation_for(request.actor, code)
    asset = queries.asset_for(request.actor, organisation, pk)
    initial = {
        "vendor": asset.vendor_name,
        "product": asset.product_name,
        "version": asset.version,
        "purl": asset.purl,
        "cpe": asset.cpe,
        "location": asset.location,
        "owner": asset.owner,
    }
    form = forms.AssetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(actor=request.actor, asset=asset, row=form.to_row())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Inventory entry changed.")
            return redirect("alerts:inventory", organisation.code)
    return render(
        request,
        "alerts/asset_form.jinja",
        {"page_title": f"Change {asset}", "organisation": organisation, "form": form, "asset": asset},
    )


@require_POST
@member_required
def asset_remove(request: AppRequest, code: str, pk: int) -> HttpResponse:
    need(can_manage_inventory(request.actor), "change the asset inventory")
    organisation = queries.organisation_for(request.actor, code)
    asset = queries.asset_for(request.actor, organisation, pk)
    services.asset_delete(actor=request.actor, asset=asset)
    messages.success(request, f"{asset} removed from the inventory.")
    return redirect("alerts:inventory", organisation.code)


@member_required
def inventory_import(request: AppRequest, code: str) -> HttpResponse:
    need(can_manage_inventory(request.actor), "change the asset inventory")
    organisation = queries.organisation_for(request.actor, code)
    form = forms.AssetImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        else:
            try:
                result = services.assets_import(
                    actor=request.actor,
                    organisation=organisation,
                    data=upload.read(),
                    name=upload.name,
                    replace=form.cleaned_data["replace"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                label = "CycloneDX SBOM" if result.format == "cyclonedx" else "CSV file"
                replaced = f", {result.replaced} earlier entries replaced" if result.replaced else ""
                messages.success(request, f"{label} imported: {result.created} entries added{replaced}.")
                return redirect(reverse("alerts:inventory", args=[organisation.code]))
    if form.errors:
        status = 400
    return render(
        request,
        "alerts/inventory_import.jinja",
        {"page_title": "Import an inventory", "organisation": organisation, "form": form},
        status=status,
    )
