"""Forms for Broadcast. Messages say what to do; the services check again and own the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from carecyber.alerts.engine.inventory_files import AssetRow
from carecyber.alerts.engine.model import CveData, Indicators, ProductData
from carecyber.alerts.engine.versions import PURL_TYPE_SCHEMES, VersionRange
from carecyber.alerts.models import Advisory, AdvisoryStatus, Outcome, Severity, Tlp
from carecyber.alerts.services.advisories import AdvisoryInput, Targeting
from carecyber.core.models import OrganisationType, Region
from carecyber.core.models.organisations import category_label, category_of

PRODUCT_HINT = (
    "One product per line: vendor; product; affected versions; package URL or CPE name (optional). "
    "Affected versions are vers constraints such as >=15.2.0|<15.2.1118.7, a full vers string such as "
    "vers:semver/<4.2.7, or * for every version. Example: Microsoft; Exchange Server; >=15.2.0|<15.2.1118.7"
)
CVE_HINT = "One CVE per line, optionally followed by its CVSS vector, for example CVE-2024-1709 CVSS:3.1/AV:N/AC:L/…"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r", "").split("\n") if line.strip()]


def parse_products(text: str) -> tuple[list[ProductData], list[str]]:
    products: list[ProductData] = []
    errors: list[str] = []
    for number, line in enumerate(_lines(text), start=1):
        parts = [p.strip() for p in line.split(";")]
        if len(parts) < 2 or len(parts) > 4:
            errors.append(f"Line {number}: write vendor; product; versions; package URL or CPE (versions optional)")
            continue
        vendor, name = parts[0], parts[1]
        versions = parts[2] if len(parts) > 2 else ""
        identifier = parts[3] if len(parts) > 3 else ""
        purl = identifier if identifier.startswith("pkg:") else ""
        cpe = identifier if identifier.startswith("cpe:") else ""
        if identifier and not (purl or cpe):
            errors.append(f"Line {number}: the fourth part is a package URL (pkg:…) or a CPE name (cpe:2.3:…)")
            continue
        scheme = PURL_TYPE_SCHEMES.get(purl[4:].split("/", 1)[0], "generic") if purl else "generic"
        try:
            if versions in {"", "*", "all"}:
                version_range = VersionRange.every_version(scheme)
            elif versions.startswith("vers:"):
                version_range = VersionRange.from_vers(versions)
            else:
                version_range = VersionRange.from_vers(f"vers:{scheme}/{versions}")
        except ValueError as exc:
            errors.append(f"Line {number}: {exc}")
            continue
        products.append(ProductData(vendor=vendor, product=name, purl=purl, cpe=cpe, version_range=version_range))
    return products, errors


def products_as_text(products: list[ProductData]) -> str:
    lines = []
    for p in products:
        versions = "*" if p.version_range.is_every_version else p.version_range.to_vers()
        lines.append("; ".join(x for x in (p.vendor, p.product, versions, p.purl or p.cpe) if x is not None))
    return "\n".join(lines)


def parse_cves(text: str, known: dict[str, CveData]) -> tuple[list[CveData], list[str]]:
    cves, errors = [], []
    for number, line in enumerate(_lines(text), start=1):
        parts = line.split()
        if len(parts) > 2:
            errors.append(f"Line {number}: write the CVE id, then optionally its CVSS vector")
            continue
        cve_id = parts[0].upper()
        existing = known.get(cve_id)
        cve = CveData(cve_id=cve_id, cvss_vector=parts[1] if len(parts) == 2 else "")
        if existing is not None:
            cve.description, cve.known_exploited = existing.description, existing.known_exploited
            cve.kev_due_date, cve.ransomware_use = existing.kev_due_date, existing.ransomware_use
        cves.append(cve)
    return cves, errors


def cves_as_text(cves: list[CveData]) -> str:
    return "\n".join(f"{c.cve_id} {c.cvss_vector}".strip() for c in cves)


_CATEGORY_CHOICES = sorted({(category_of(t), category_label(category_of(t))) for t in OrganisationType.values})


class AdvisoryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What is affected and what the risk is, in a few words",
        error_messages={"required": "Enter a title"},
    )
    severity = forms.ChoiceField(
        label="Severity",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a severity"},
    )
    tlp = forms.ChoiceField(
        label="Who may see it (TLP)",
        choices=Tlp.choices,
        widget=forms.RadioSelect,
        help_text="CLEAR: anyone, and the public feed. GREEN: everyone on CareCyber. AMBER: targeted organisations "
        "and those who help them. AMBER+STRICT: targeted organisations only. RED: the people it is sent to.",
        error_messages={"required": "Choose who may see it"},
    )
    known_exploited = forms.BooleanField(label="Known to be exploited", required=False)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    threat_details = forms.CharField(label="Threat details", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    remediation = forms.CharField(
        label="What to do (remediation)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, lists with -, links as [text](https://…). Anything else is removed.",
    )
    cves = forms.CharField(
        label="CVEs (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=CVE_HINT
    )
    products = forms.CharField(
        label="Affected products", required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text=PRODUCT_HINT
    )
    references = forms.CharField(
        label="References (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One web address per line",
    )
    urls = forms.CharField(
        label="Malicious web addresses (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    domains = forms.CharField(
        label="Malicious domains (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ips = forms.CharField(
        label="Malicious IP addresses (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sha256 = forms.CharField(
        label="SHA-256 file hashes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_all = forms.BooleanField(label="Send to every organisation, whatever it runs", required=False)
    target_types = forms.MultipleChoiceField(
        label="Also send to organisations of these types (optional)",
        required=False,
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_categories = forms.TypedMultipleChoiceField(
        label="Also send to organisations in these categories (optional)",
        required=False,
        choices=_CATEGORY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    target_regions = forms.MultipleChoiceField(
        label="Only in these regions (optional)",
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Narrows the type and category rules above to these regions",
    )
    change_summary = forms.CharField(
        label="What changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Organisations see this with the update",
    )

    def __init__(self, *args: Any, known_cves: dict[str, CveData] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_cves = known_cves or {}

    def clean_products(self) -> list[ProductData]:
        products, errors = parse_products(self.cleaned_data.get("products", ""))
        if errors:
            raise forms.ValidationError(errors)
        return products

    def clean_cves(self) -> list[CveData]:
        cves, errors = parse_cves(self.cleaned_data.get("cves", ""), self.known_cves)
        if errors:
            raise forms.ValidationError(errors)
        return cves

    def to_input(self, *, source: Advisory | None = None) -> AdvisoryInput:
        from carecyber.alerts.engine.model import AdvisoryData

        d = self.cleaned_data
        data = AdvisoryData(
            title=d["title"],
            summary=d["summary"],
            severity=d["severity"],
            tlp=d["tlp"],
            known_exploited=d["known_exploited"],
            threat_details=d["threat_details"],
            remediation=d["remediation"],
            references=_lines(d["references"]),
            cves=d["cves"],
            products=d["products"],
            indicators=Indicators(
                urls=_lines(d["urls"]), domains=_lines(d["domains"]), ips=_lines(d["ips"]), sha256=_lines(d["sha256"])
            ),
        )
        if source is not None:
            data.source, data.source_id, data.source_label = source.source, source.source_id, source.source_label
        targeting = Targeting(
            all=d["target_all"],
            types=list(d["target_types"]),
            categories=[int(c) for c in d["target_categories"]],
            regions=list(d["target_regions"]),
        )
        return AdvisoryInput(data=data, targeting=targeting)


def advisory_initial(advisory: Advisory) -> dict[str, Any]:
    from carecyber.alerts.services.exports import advisory_data

    data = advisory_data(advisory)
    indicators = data.indicators
    return {
        "title": data.title,
        "summary": data.summary,
        "severity": data.severity,
        "tlp": data.tlp,
        "known_exploited": data.known_exploited,
        "threat_details": data.threat_details,
        "remediation": data.remediation,
        "cves": cves_as_text(data.cves),
        "products": products_as_text(data.products),
        "references": "\n".join(data.references),
        "urls": "\n".join(indicators.urls),
        "domains": "\n".join(indicators.domains),
        "ips": "\n".join(indicators.ips),
        "sha256": "\n".join(indicators.sha256),
        "target_all": advisory.target_all,
        "target_types": advisory.target_types,
        "target_categories": [str(c) for c in advisory.target_categories],
        "target_regions": advisory.target_regions,
    }


class AdvisoryFilterForm(forms.Form):
    q = forms.CharField(label="Reference, CVE or words in the title", required=False, max_length=200)
    severity = forms.ChoiceField(label="Severity", required=False, choices=[("", "Any severity"), *Severity.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *AdvisoryStatus.choices])
    mine = forms.BooleanField(label="Only alerts for my organisations", required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): cleans to a list."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, (list, tuple)):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [one(item, initial) for item in data]
        return [one(data, initial)]


class ImportForm(forms.Form):
    documents = MultipleFileField(
        label="Files to import",
        widget=MultipleFileInput(attrs={"accept": ".json,application/json"}),
        help_text="The CISA KEV catalogue, CVE JSON 5 records, CSAF 2.0 advisories or STIX 2.1 bundles (JSON). "
        "You can choose several.",
        error_messages={"required": "Choose at least one file"},
    )


class PublishForm(forms.Form):
    note = forms.CharField(label="Note for the revision history (optional)", required=False, max_length=500)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Organisations are told. For example: the vendor has confirmed the product is not affected.",
        error_messages={"required": "Say why it is withdrawn"},
    )


ACTIONS = [
    ("acknowledge", "Acknowledge: we have seen it and are looking into it"),
    ("applicable", "It applies to us: we are working on it"),
    ("not_applicable", "It does not apply to us"),
    ("update", "Record an update on what we have done"),
    ("close", "Close: it is dealt with"),
]


class RespondForm(forms.Form):
    organisations = forms.TypedMultipleChoiceField(
        label="Respond for",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one organisation"},
    )
    action = forms.ChoiceField(
        label="What do you want to record?",
        choices=ACTIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want to record"},
    )
    note = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for updates, for 'does not apply' (why not) and for accepting a risk",
    )
    next_due = forms.DateField(
        label="Next update due (optional)",
        required=False,
        help_text="For updates. Leave empty for the usual period. For example 27/3/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter a date like 27/3/2026"},
    )
    outcome = forms.ChoiceField(
        label="Outcome (when closing)",
        required=False,
        choices=[(o.value, o.label) for o in (Outcome.PATCHED, Outcome.MITIGATED, Outcome.RISK_ACCEPTED)],
        widget=forms.RadioSelect,
    )
    risk_owner_name = forms.CharField(label="Risk accepted by (name)", required=False, max_length=150)
    risk_owner_role = forms.CharField(label="Their role", required=False, max_length=150)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = choices  # type: ignore[attr-defined]  # a choice field
        if len(choices) == 1:
            self.fields["organisations"].initial = [choices[0][0]]


class AssetForm(forms.Form):
    vendor = forms.CharField(label="Vendor", required=False, max_length=200, help_text="For example Microsoft")
    product = forms.CharField(
        label="Product", required=False, max_length=200, help_text="For example Exchange Server 2019"
    )
    version = forms.CharField(
        label="Version", required=False, max_length=200, help_text="As the product reports it, for example 15.2.986.5"
    )
    purl = forms.CharField(
        label="Package URL (optional)",
        required=False,
        max_length=500,
        help_text="For software packages, like pkg:pypi/django@4.2.1",
    )
    cpe = forms.CharField(
        label="CPE name (optional)",
        required=False,
        max_length=400,
        help_text="Like cpe:2.3:a:microsoft:exchange_server:2019:*:*:*:*:*:*:*",
    )
    location = forms.CharField(label="Where it runs (optional)", required=False, max_length=200)
    owner = forms.CharField(label="Who looks after it (optional)", required=False, max_length=200)

    def to_row(self) -> AssetRow:
        d = self.cleaned_data
        return AssetRow(
            vendor=d["vendor"],
            product=d["product"],
            version=d["version"],
            purl=d["purl"],
            cpe=d["cpe"],
            location=d["location"],
            owner=d["owner"],
        )


class AssetImportForm(forms.Form):
    file = forms.FileField(
        label="Inventory file",
        help_text="A CSV file with the columns vendor, product, version, purl, cpe, location, owner "
        "(product, purl or cpe on every line), or a CycloneDX SBOM in JSON or XML",
        error_messages={"required": "Choose a file"},
    )
    replace = forms.BooleanField(label="Replace the entries from earlier imports of this kind", required=False)


class AssetFilterForm(forms.Form):
    q = forms.CharField(label="Search the inventory", required=False, max_length=200)


class ContactForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the contact's name"})
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="A member of your organisation, or anyone else (for example an on-call mailbox): "
        "people who are not members only get the emails",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address like name@example.nhs.uk",
        },
    )


class VendorAliasForm(forms.Form):
    alias = forms.CharField(
        label="Vendor name as people write it", max_length=200, help_text="For example Cloud Software Group"
    )
    vendor = forms.CharField(
        label="Means the vendor", max_length=200, help_text="The canonical name, for example citrix"
    )


class ProductAliasForm(forms.Form):
    vendor = forms.CharField(label="Vendor (canonical)", max_length=200, help_text="For example microsoft")
    alias = forms.CharField(
        label="Product name as people write it", max_length=200, help_text="For example Exchange Server 2019"
    )
    product = forms.CharField(
        label="Means the product", max_length=200, help_text="The canonical name, for example exchange_server"
    )
