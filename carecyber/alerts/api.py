"""JSON API of Broadcast at /api/v1/alerts/: advisories, responses, assets, contacts, aliases.

Scoped exactly like the pages (TLP for advisories, the tenancy scope for the
rest); serializers refuse unknown fields; services do the work.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse
from rest_framework.routers import DefaultRouter

from carecyber.alerts import queries, services
from carecyber.alerts.engine.inventory_files import AssetRow
from carecyber.alerts.engine.model import AdvisoryData, CveData, Indicators, ProductData
from carecyber.alerts.engine.versions import PURL_TYPE_SCHEMES, VersionRange
from carecyber.alerts.models import (
    Advisory,
    AlertContact,
    Asset,
    Outcome,
    ProductAlias,
    Response,
    Severity,
    Tlp,
    VendorAlias,
)
from carecyber.alerts.permissions import (
    can_manage_contacts,
    can_manage_inventory,
    can_publish,
    can_respond,
    can_view_inventory,
    can_view_responses,
)
from carecyber.alerts.services.exports import advisory_csaf, advisory_stix_bundle
from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import HasActingMembership, actor_of
from carecyber.core.models import Organisation, OrganisationType, Region


def _need(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"Your role cannot {what}.")


class CveSerializer(StrictSerializer):
    cve_id = serializers.RegexField(r"^CVE-\d{4}-\d{4,}$", max_length=30)
    cvss_vector = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    known_exploited = serializers.BooleanField(required=False, default=False)


class ProductSerializer(StrictSerializer):
    vendor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    product = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    purl = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    cpe = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    versions = serializers.CharField(
        max_length=4000,
        required=False,
        default="*",
        help_text="A vers string (vers:semver/<4.2.7) or * for every version",
    )

    def validate_versions(self, value: str) -> str:
        if value.strip() not in {"", "*"}:
            try:
                VersionRange.from_vers(value)
            except ValueError as exc:
                raise serializers.ValidationError(str(exc)) from None
        return value


class IndicatorsSerializer(StrictSerializer):
    urls = serializers.ListField(child=serializers.CharField(max_length=1000), required=False, default=list)
    domains = serializers.ListField(child=serializers.CharField(max_length=253), required=False, default=list)
    ips = serializers.ListField(child=serializers.CharField(max_length=45), required=False, default=list)
    sha256 = serializers.ListField(child=serializers.CharField(max_length=64), required=False, default=list)


class AdvisorySerializer(StrictSerializer):
    reference = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    revision = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    tlp = serializers.ChoiceField(choices=Tlp.choices, default=Tlp.CLEAR)
    known_exploited = serializers.BooleanField(required=False, default=False)
    threat_details = serializers.CharField(required=False, allow_blank=True, default="")
    remediation = serializers.CharField(required=False, allow_blank=True, default="")
    references = serializers.ListField(child=serializers.URLField(max_length=1000), required=False, default=list)
    cves = CveSerializer(many=True, required=False, default=list)
    products = ProductSerializer(many=True, required=False, default=list)
    indicators = IndicatorsSerializer(required=False, default=dict)
    target_all = serializers.BooleanField(required=False, default=False)
    target_types = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, default=list, help_text="Organisation types"
    )
    target_categories = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    target_regions = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, help_text="Regions"
    )
    change_summary = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)

    def validate_target_types(self, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(OrganisationType.values))
        if unknown:
            raise serializers.ValidationError(f"Unknown organisation types: {', '.join(unknown)}")
        return value

    def validate_target_regions(self, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(Region.values))
        if unknown:
            raise serializers.ValidationError(f"Unknown regions: {', '.join(unknown)}")
        return value

    published_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: Advisory) -> dict[str, Any]:
        return {
            "reference": instance.reference,
            "status": instance.status,
            "revision": instance.revision,
            "title": instance.title,
            "summary": instance.summary,
            "severity": instance.severity,
            "tlp": instance.tlp,
            "known_exploited": instance.known_exploited,
            "threat_details": instance.threat_details,
            "remediation": instance.remediation,
            "references": instance.references,
            "cves": [
                {
                    "cve_id": c.cve_id,
                    "cvss_vector": c.cvss_vector,
                    "base_score": float(c.base_score) if c.base_score is not None else None,
                    "cvss_severity": c.cvss_severity,
                    "known_exploited": c.known_exploited,
                }
                for c in instance.cves.all()
            ],
            "products": [
                {
                    "vendor": p.vendor_name,
                    "product": p.product_name,
                    "purl": p.purl_key,
                    "cpe": p.cpe,
                    "versions": p.vers,
                    "key": p.product_key,
                }
                for p in instance.products.all()
            ],
            "indicators": instance.indicators,
            "target_all": instance.target_all,
            "target_types": instance.target_types,
            "target_categories": instance.target_categories,
            "target_regions": instance.target_regions,
            "published_at": instance.published_at.isoformat() if instance.published_at else None,
        }


def _input(data: dict[str, Any]) -> services.AdvisoryInput:
    products = []
    for p in data.get("products", []):
        purl = p.get("purl", "")
        scheme = PURL_TYPE_SCHEMES.get(purl[4:].split("/", 1)[0], "generic") if purl else "generic"
        versions = p.get("versions", "*").strip()
        version_range = (
            VersionRange.every_version(scheme) if versions in {"", "*"} else VersionRange.from_vers(versions)
        )
        products.append(
            ProductData(
                vendor=p.get("vendor", ""),
                product=p.get("product", ""),
                purl=purl,
                cpe=p.get("cpe", ""),
                version_range=version_range,
            )
        )
    advisory = AdvisoryData(
        title=data["title"],
        summary=data.get("summary", ""),
        severity=data.get("severity", Severity.MEDIUM),
        tlp=data.get("tlp", Tlp.CLEAR),
        known_exploited=data.get("known_exploited", False),
        threat_details=data.get("threat_details", ""),
        remediation=data.get("remediation", ""),
        references=list(data.get("references", [])),
        cves=[CveData(**c) for c in data.get("cves", [])],
        products=products,
        indicators=Indicators.from_dict(data.get("indicators") or {}),
        source="api",
    )
    targeting = services.Targeting(
        all=data.get("target_all", False),
        types=list(data.get("target_types", [])),
        categories=list(data.get("target_categories", [])),
        regions=list(data.get("target_regions", [])),
    )
    return services.AdvisoryInput(data=advisory, targeting=targeting)


class PublishSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class WithdrawSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class AdvisoryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Advisory]
):
    """Advisories the caller may read (TLP decides). The national team writes, publishes and withdraws."""

    serializer_class = AdvisorySerializer
    queryset = Advisory.objects.none()  # for the schema; requests use get_queryset()
    lookup_field = "reference"
    lookup_value_regex = "CC-[0-9]{4}-[0-9]{4,}"
    permission_classes = [HasActingMembership]

    def get_queryset(self) -> QuerySet[Advisory]:
        if getattr(self, "swagger_fake_view", False):
            return Advisory.objects.none()
        qs = Advisory.objects.visible_to(actor_of(self.request)).prefetch_related("cves", "products")
        for name in ("status", "severity", "tlp"):
            value = self.request.query_params.get(name)
            if value:
                qs = qs.filter(**{name: value})
        return qs.order_by("-created_at", "-pk")

    def create(self, request: Request) -> ApiResponse:
        actor = actor_of(request)
        _need(can_publish(actor), "write advisories")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        advisory = services.advisory_create(actor=actor, data=_input(serializer.validated_data))
        return ApiResponse(self.get_serializer(advisory).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, reference: str) -> ApiResponse:
        actor = actor_of(request)
        _need(can_publish(actor), "change advisories")
        advisory = self.get_object()
        current = self.get_serializer(advisory).data
        merged = {k: v for k, v in current.items() if k not in {"reference", "status", "revision", "published_at"}}
        merged["products"] = [{k: v for k, v in p.items() if k != "key"} for p in merged["products"]]
        merged["cves"] = [
            {"cve_id": c["cve_id"], "cvss_vector": c["cvss_vector"], "known_exploited": c["known_exploited"]}
            for c in merged["cves"]
        ]
        merged.update(request.data)
        serializer = self.get_serializer(data=merged)
        serializer.is_valid(raise_exception=True)
        data = _input(serializer.validated_data)
        data.data.source = advisory.source
        updated = services.advisory_update(
            actor=actor, advisory=advisory, data=data, change_summary=serializer.validated_data["change_summary"]
        )
        return ApiResponse(self.get_serializer(updated).data)

    @extend_schema(request=PublishSerializer, responses=AdvisorySerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, reference: str) -> ApiResponse:
        actor = actor_of(request)
        _need(can_publish(actor), "publish advisories")
        advisory = self.get_object()
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.advisory_publish(actor=actor, advisory=advisory, note=body.validated_data["note"])
        return ApiResponse(self.get_serializer(self.get_object()).data)

    @extend_schema(request=WithdrawSerializer, responses=AdvisorySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, reference: str) -> ApiResponse:
        actor = actor_of(request)
        _need(can_publish(actor), "withdraw advisories")
        advisory = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.advisory_withdraw(actor=actor, advisory=advisory, reason=body.validated_data["reason"])
        return ApiResponse(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def delivery(self, request: Request, reference: str) -> ApiResponse:
        """Per revision: the fan-out's progress, emails sent, waiting and failed, in-app notices (national team)."""
        actor = actor_of(request)
        _need(can_publish(actor), "see who was told")
        advisory = self.get_object()
        return ApiResponse(
            {
                "reference": advisory.reference,
                "revisions": [row.as_dict() for row in queries.delivery_progress(actor, advisory)],
            }
        )

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def stix(self, request: Request, reference: str) -> ApiResponse:
        return ApiResponse(advisory_stix_bundle(self.get_object()))

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def csaf(self, request: Request, reference: str) -> ApiResponse:
        return ApiResponse(advisory_csaf(self.get_object()))


class ResponseSerializer(serializers.Serializer[Response]):
    def to_representation(self, instance: Response) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "advisory": instance.advisory.reference,
            "organisation": instance.organisation.code,
            "state": instance.state,
            "targeted_at": instance.targeted_at.isoformat(),
            "ack_due_at": instance.ack_due_at.isoformat() if instance.ack_due_at else None,
            "acknowledged_at": instance.acknowledged_at.isoformat() if instance.acknowledged_at else None,
            "applicability": instance.applicability,
            "applicability_reason": instance.applicability_reason,
            "next_update_due_at": instance.next_update_due_at.isoformat() if instance.next_update_due_at else None,
            "outcome": instance.outcome,
            "risk_owner_name": instance.risk_owner_name,
            "risk_owner_role": instance.risk_owner_role,
            "why": instance.reasons,
            "rule": instance.rule_reason,
        }


class ResponseActionSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=["acknowledge", "applicable", "not_applicable", "update", "close"])
    responses = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=500)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    next_due = serializers.DateTimeField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(
        choices=[Outcome.PATCHED, Outcome.MITIGATED, Outcome.RISK_ACCEPTED],
        required=False,
        allow_blank=True,
        default="",
    )
    risk_owner_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    risk_owner_role = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)


class ResponseViewSet(viewsets.ReadOnlyModelViewSet[Response]):
    """Responses of the organisations the caller may see; `record` acts on several at once."""

    serializer_class = ResponseSerializer
    queryset = Response.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [HasActingMembership]

    def get_queryset(self) -> QuerySet[Response]:
        if getattr(self, "swagger_fake_view", False):
            return Response.objects.none()
        actor = actor_of(self.request)
        _need(can_view_responses(actor), "see responses")
        qs = Response.objects.visible_to(actor).select_related("advisory", "organisation").order_by("pk")
        advisory = self.request.query_params.get("advisory")
        if advisory:
            qs = qs.filter(advisory__reference=advisory.upper())
        state = self.request.query_params.get("state")
        if state:
            qs = qs.filter(state=state)
        return qs

    @extend_schema(request=ResponseActionSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def record(self, request: Request) -> ApiResponse:
        actor = actor_of(request)
        _need(can_respond(actor), "respond to alerts")
        body = ResponseActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        chosen = list(self.get_queryset().filter(pk__in=d["responses"]))
        if len(chosen) != len(set(d["responses"])):
            return ApiResponse({"responses": ["Some of these responses are not yours."]}, status=404)
        if d["action"] == "acknowledge":
            count = services.responses_acknowledge(actor=actor, responses=chosen, note=d["note"])
        elif d["action"] in {"applicable", "not_applicable"}:
            count = services.responses_declare(
                actor=actor, responses=chosen, applicable=d["action"] == "applicable", reason=d["note"]
            )
        elif d["action"] == "update":
            count = services.responses_record_update(
                actor=actor, responses=chosen, note=d["note"], next_due=d["next_due"]
            )
        else:
            count = services.responses_close(
                actor=actor,
                responses=chosen,
                outcome=d["outcome"],
                note=d["note"],
                risk_owner_name=d["risk_owner_name"],
                risk_owner_role=d["risk_owner_role"],
            )
        return ApiResponse({"changed": count})


class AssetSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(max_length=6)
    vendor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    product = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    version = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    purl = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    cpe = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    owner = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def to_representation(self, instance: Asset) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "organisation": instance.organisation.code,
            "vendor": instance.vendor_name,
            "product": instance.product_name,
            "version": instance.version,
            "purl": instance.purl,
            "cpe": instance.cpe,
            "location": instance.location,
            "owner": instance.owner,
            "key": instance.product_key,
            "source": instance.source,
        }


def _row(data: dict[str, Any]) -> AssetRow:
    return AssetRow(
        **{k: data.get(k, "") for k in ("vendor", "product", "version", "purl", "cpe", "location", "owner")}
    )


class AssetViewSet(viewsets.ModelViewSet[Asset]):
    """Inventory entries of the organisations the caller may see; security leads change their own."""

    serializer_class = AssetSerializer
    queryset = Asset.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [HasActingMembership]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Asset]:
        if getattr(self, "swagger_fake_view", False):
            return Asset.objects.none()
        actor = actor_of(self.request)
        _need(can_view_inventory(actor), "see inventories")
        qs = Asset.objects.visible_to(actor).select_related("organisation").order_by("pk")
        code = self.request.query_params.get("organisation")
        if code:
            qs = qs.filter(organisation__code=code.upper())
        return qs

    def create(self, request: Request) -> ApiResponse:
        actor = actor_of(request)
        _need(can_manage_inventory(actor), "change inventories")
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        organisation = (
            Organisation.objects.visible_to(actor).filter(code=body.validated_data["organisation"].upper()).first()
        )
        if organisation is None:
            return ApiResponse({"organisation": ["No organisation with that code is visible to you."]}, status=400)
        asset = services.asset_create(
            actor=actor, organisation=organisation, row=_row(body.validated_data), source="api"
        )
        return ApiResponse(self.get_serializer(asset).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> ApiResponse:
        actor = actor_of(request)
        _need(can_manage_inventory(actor), "change inventories")
        asset = self.get_object()
        current = {**self.get_serializer(asset).data}
        current.pop("key")
        current.pop("source")
        current.pop("id")
        current.update(request.data)
        body = self.get_serializer(data=current)
        body.is_valid(raise_exception=True)
        updated = services.asset_update(actor=actor, asset=asset, row=_row(body.validated_data))
        return ApiResponse(self.get_serializer(updated).data)

    def perform_destroy(self, instance: Asset) -> None:
        actor = actor_of(self.request)
        _need(can_manage_inventory(actor), "change inventories")
        services.asset_delete(actor=actor, asset=instance)


class ContactSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(max_length=6)
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    alert_only = serializers.BooleanField(read_only=True)

    def to_representation(self, instance: AlertContact) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "organisation": instance.organisation.code,
            "name": instance.name,
            "email": instance.email,
            "alert_only": instance.is_alert_only,
        }


class ContactViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[AlertContact]
):
    """Who receives an organisation's alerts by email (members and alert-only contacts)."""

    serializer_class = ContactSerializer
    queryset = AlertContact.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [HasActingMembership]

    def get_queryset(self) -> QuerySet[AlertContact]:
        if getattr(self, "swagger_fake_view", False):
            return AlertContact.objects.none()
        actor = actor_of(self.request)
        _need(can_view_responses(actor), "see alert contacts")
        return AlertContact.objects.visible_to(actor).select_related("organisation").order_by("pk")

    def create(self, request: Request) -> ApiResponse:
        actor = actor_of(request)
        _need(can_manage_contacts(actor), "change alert contacts")
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        organisation = get_object_or_404(Organisation.objects.visible_to(actor), code=d["organisation"].upper())
        contact = services.alert_contact_add(actor=actor, organisation=organisation, name=d["name"], email=d["email"])
        return ApiResponse(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: AlertContact) -> None:
        services.alert_contact_remove(actor=actor_of(self.request), contact=instance)


class AliasSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=["vendor", "product"])
    vendor = serializers.CharField(max_length=200)
    alias = serializers.CharField(max_length=200)
    product = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AliasViewSet(viewsets.ViewSet):
    """The alias table (national team)."""

    permission_classes = [HasActingMembership]

    @extend_schema(responses={200: dict})
    def list(self, request: Request) -> ApiResponse:
        _need(can_publish(actor_of(request)), "see the alias table")
        return ApiResponse(
            {
                "vendors": [{"alias": a.alias, "vendor": a.vendor} for a in VendorAlias.objects.all()],
                "products": [
                    {"vendor": a.vendor, "alias": a.alias, "means": f"{a.target_vendor}:{a.target_product}"}
                    for a in ProductAlias.objects.all()
                ],
            }
        )

    @extend_schema(request=AliasSerializer, responses={201: dict})
    def create(self, request: Request) -> ApiResponse:
        actor = actor_of(request)
        _need(can_publish(actor), "change the alias table")
        body = AliasSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        if d["kind"] == "vendor":
            row: Any = services.vendor_alias_add(actor=actor, alias=d["alias"], vendor=d["vendor"])
            return ApiResponse({"alias": row.alias, "vendor": row.vendor}, status=201)
        if not d["product"]:
            return ApiResponse({"product": ["Give the canonical product name."]}, status=400)
        row = services.product_alias_add(actor=actor, vendor=d["vendor"], alias=d["alias"], product=d["product"])
        return ApiResponse(
            {"vendor": row.vendor, "alias": row.alias, "means": f"{row.target_vendor}:{row.target_product}"}, status=201
        )


router = DefaultRouter()
router.register("advisories", AdvisoryViewSet, basename="alerts-advisory")
router.register("responses", ResponseViewSet, basename="alerts-response")
router.register("assets", AssetViewSet, basename="alerts-asset")
router.register("contacts", ContactViewSet, basename="alerts-contact")
router.register("aliases", AliasViewSet, basename="alerts-alias")
