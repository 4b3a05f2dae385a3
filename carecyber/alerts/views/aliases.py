"""The alias table (national team): which names mean the same vendor or product."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.alerts import forms, services
from carecyber.alerts.models import ProductAlias, VendorAlias
from carecyber.alerts.permissions import can_publish
from carecyber.alerts.views.common import need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error


@member_required
def aliases(request: AppRequest) -> HttpResponse:
    need(can_publish(request.actor), "change the alias table")
    vendor_form = forms.VendorAliasForm(request.POST if request.POST.get("kind") == "vendor" else None, prefix="v")
    product_form = forms.ProductAliasForm(request.POST if request.POST.get("kind") == "product" else None, prefix="p")
    if request.method == "POST":
        try:
            if request.POST.get("kind") == "vendor" and vendor_form.is_valid():
                services.vendor_alias_add(actor=request.actor, **vendor_form.cleaned_data)
                messages.success(request, "Vendor alias added; inventories are being updated.")
                return redirect("alerts:aliases")
            if request.POST.get("kind") == "product" and product_form.is_valid():
                services.product_alias_add(actor=request.actor, **product_form.cleaned_data)
                messages.success(request, "Product alias added; inventories are being updated.")
                return redirect("alerts:aliases")
        except ValidationError as exc:
            apply_validation_error(vendor_form if request.POST.get("kind") == "vendor" else product_form, exc)
    return render(
        request,
        "alerts/aliases.jinja",
        {
            "page_title": "Name aliases",
            "vendor_aliases": list(VendorAlias.objects.order_by("vendor", "alias")),
            "product_aliases": list(ProductAlias.objects.order_by("target_vendor", "target_product", "alias")),
            "vendor_form": vendor_form,
            "product_form": product_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@member_required
def alias_remove(request: AppRequest, kind: str, pk: int) -> HttpResponse:
    need(can_publish(request.actor), "change the alias table")
    alias: VendorAlias | ProductAlias = (
        get_object_or_404(VendorAlias, pk=pk) if kind == "vendor" else get_object_or_404(ProductAlias, pk=pk)
    )
    services.alias_remove(actor=request.actor, alias=alias)
    messages.success(request, f"Alias {alias} removed.")
    return redirect("alerts:aliases")
