"""Asset inventories (tenant data) and the alias table the national team keeps for vendor and product names."""

from __future__ import annotations

from django.db import models

from carecyber.core.tenancy import TenantModel, TenantQuerySet


class AssetSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "CSV import"
    SBOM = "sbom", "CycloneDX SBOM"
    API = "api", "API"


class Asset(TenantModel):
    """One product an organisation runs. Names are kept as written; the tokens are what matching uses."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="alert_assets")
    vendor_name = models.CharField(max_length=200, blank=True)
    product_name = models.CharField(max_length=200, blank=True)
    version = models.CharField(max_length=200, blank=True)
    purl = models.CharField(max_length=500, blank=True)
    cpe = models.CharField(max_length=400, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Where it runs")
    owner = models.CharField(max_length=200, blank=True, help_text="Who looks after it")
    source = models.CharField(max_length=10, choices=AssetSource.choices, default=AssetSource.MANUAL)
    source_ref = models.CharField(max_length=200, blank=True)
    vendor = models.CharField(max_length=200, blank=True)
    product = models.CharField(max_length=200, blank=True)
    product_key = models.CharField(max_length=401, blank=True)
    purl_key = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet["Asset"].as_manager()

    class Meta:
        ordering = ["vendor_name", "product_name", "version", "pk"]
        indexes = [
            models.Index(fields=["product_key", "version"], name="asset_key_version"),
            models.Index(fields=["purl_key"], name="asset_purl_key"),
            models.Index(fields=["organisation", "product_key"], name="asset_org_key"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.version}".strip()

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.vendor_name, self.product_name) if p) or self.purl or self.cpe


class VendorAlias(models.Model):
    """A vendor name as people write it (as a token) and the canonical vendor it means."""

    alias = models.CharField(max_length=200, unique=True)
    vendor = models.CharField(max_length=200)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.vendor}"


class ProductAlias(models.Model):
    """A product name of a canonical vendor (as a token) and the canonical vendor and product it means."""

    vendor = models.CharField(max_length=200)
    alias = models.CharField(max_length=200)
    target_vendor = models.CharField(max_length=200)
    target_product = models.CharField(max_length=200)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor", "alias"]
        constraints = [models.UniqueConstraint(fields=["vendor", "alias"], name="product_alias_once")]

    def __str__(self) -> str:
        return f"{self.vendor}:{self.alias} → {self.target_vendor}:{self.target_product}"
