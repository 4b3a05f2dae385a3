"""JSON API for organisations, people and memberships, scoped exactly like the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from carecyber.core import services
from carecyber.core.api_permissions import actor_of, requires_perm
from carecyber.core.models import AuditEvent, Membership, Organisation, OrganisationType, Region, SupportPartner, User
from carecyber.core.roles import ORGANISATION_ROLES, Perm


class StrictSerializer(serializers.Serializer[Any]):
    """Refuses fields it does not know, so a typo is an error and not silently ignored."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class OrganisationSerializer(StrictSerializer):
    code = serializers.RegexField(
        r"^[A-Za-z0-9]{3,6}$", max_length=6, error_messages={"invalid": "3 to 6 letters or digits, like RX1."}
    )
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=OrganisationType.choices)
    category = serializers.IntegerField(read_only=True)
    region = serializers.ChoiceField(choices=Region.choices)
    # DRF moves declared fields off the class, so this does not shadow Field.parent at run time.
    parent = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", queryset=Organisation.objects.none(), allow_null=True, required=False
    )
    support_partner = serializers.SlugRelatedField(
        slug_field="code", queryset=SupportPartner.objects.all(), allow_null=True, required=False
    )
    domains = serializers.ListField(child=serializers.CharField(max_length=253), required=False, max_length=50)
    updated_at = serializers.DateTimeField(read_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and actor_of(request) is not None:
            self.fields["parent"].queryset = Organisation.objects.visible_to(actor_of(request))  # type: ignore[attr-defined]  # a related field

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        return {
            "code": instance.code,
            "name": instance.name,
            "type": instance.type,
            "category": instance.category,
            "region": instance.region,
            "parent": instance.parent.code if instance.parent else None,
            "support_partner": instance.support_partner.code if instance.support_partner else None,
            "domains": [d.domain for d in instance.domains.all()],
            "updated_at": instance.updated_at.isoformat(),
        }


class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Organisation]):
    """Organisations the caller may see. The national team creates them; leads change their own."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # for the schema; requests use get_queryset()
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9]{3,6}"
    permission_classes = [requires_perm(Perm.ORGANISATION_VIEW, Perm.ORGANISATION_EDIT)]

    def get_queryset(self) -> QuerySet[Organisation]:
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        qs = (
            Organisation.objects.visible_to(actor_of(self.request))
            .select_related("parent", "support_partner")
            .prefetch_related("domains")
            .order_by("code")
        )
        for field in ("type", "region"):
            value = self.request.query_params.get(field)
            if value:
                qs = qs.filter(**{field: value})
        return qs

    def get_object(self) -> Organisation:
        self.kwargs["code"] = str(self.kwargs.get("code", "")).upper()
        return super().get_object()

    def _input(self, data: dict[str, Any], current: Organisation | None = None) -> services.OrganisationInput:
        def pick(name: str) -> Any:
            if name in data:
                return data[name]
            if current is None:
                return None
            if name == "domains":
                return [d.domain for d in current.domains.all()]
            return getattr(current, name)

        return services.OrganisationInput(
            name=pick("name"),
            code=pick("code"),
            type=pick("type"),
            region=pick("region"),
            parent=pick("parent"),
            support_partner=pick("support_partner"),
            domains=tuple(pick("domains") or ()),
        )

    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        if not actor.can(Perm.ORGANISATION_CREATE):
            return Response(
                {"detail": "Only the national team can add organisations."}, status=status.HTTP_403_FORBIDDEN
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = services.organisation_create(actor=actor, data=self._input(serializer.validated_data))
        return Response(self.get_serializer(org).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, code: str) -> Response:
        org = self.get_object()
        serializer = self.get_serializer(org, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.organisation_update(
            actor=actor_of(request), organisation=org, data=self._input(serializer.validated_data, org)
        )
        return Response(self.get_serializer(self.get_object()).data)


class PersonSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "is_active"]
        read_only_fields = fields


class PersonViewSet(viewsets.ReadOnlyModelViewSet[User]):
    """People in the organisations the caller may see."""

    serializer_class = PersonSerializer
    queryset = User.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [requires_perm(Perm.PEOPLE_VIEW)]

    def get_queryset(self) -> QuerySet[User]:
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return User.objects.visible_to(actor_of(self.request)).order_by("pk")


class MembershipSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(max_length=6)
    email = serializers.EmailField(max_length=254)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=[(r, r) for r in sorted(ORGANISATION_ROLES)])
    team = serializers.CharField(max_length=100, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def to_representation(self, instance: Membership) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "organisation": instance.organisation.code if instance.organisation else None,
            "email": instance.user.email,
            "full_name": instance.user.full_name,
            "role": instance.role,
            "team": instance.team,
            "job_title": instance.job_title,
        }


class MembershipUpdateSerializer(StrictSerializer):
    role = serializers.ChoiceField(choices=[(r, r) for r in sorted(ORGANISATION_ROLES)], required=False)
    team = serializers.CharField(max_length=100, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=100, required=False, allow_blank=True)


class MembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[Membership]
):
    """Who belongs to which organisation in which role. Leads add, change and remove their people."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [requires_perm(Perm.PEOPLE_VIEW, Perm.PEOPLE_MANAGE)]

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        qs = (
            Membership.objects.visible_to(actor_of(self.request))
            .filter(organisation__isnull=False)
            .select_related("user", "organisation")
            .order_by("pk")
        )
        code = self.request.query_params.get("organisation")
        if code:
            qs = qs.filter(organisation__code=code.upper())
        return qs

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actor = actor_of(request)
        organisation = Organisation.objects.visible_to(actor).filter(code=data["organisation"].upper()).first()
        if organisation is None:
            return Response(
                {"organisation": ["No organisation with that code is visible to you."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        from carecyber.accounts.services import invitation_send

        membership, created = services.membership_add(
            actor=actor,
            organisation=organisation,
            email=data["email"],
            full_name=data.get("full_name") or data["email"].split("@")[0],
            role=data["role"],
            team=data.get("team", ""),
            job_title=data.get("job_title", ""),
        )
        invitation_send(actor=actor, membership=membership, new_person=created)
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MembershipUpdateSerializer, responses=MembershipSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        membership = self.get_object()
        serializer = MembershipUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        updated = services.membership_update(
            actor=actor_of(request),
            membership=membership,
            role=data.get("role", membership.role),
            team=data.get("team", membership.team),
            job_title=data.get("job_title", membership.job_title),
        )
        return Response(self.get_serializer(updated).data)

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(actor=actor_of(self.request), membership=instance)


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor_label",
            "acting_role",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "changes",
            "request_id",
            "ip",
        ]
        read_only_fields = fields


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet[AuditEvent]):
    """The audit log: a lead's organisation, or everything for the national team."""

    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [requires_perm(Perm.AUDIT_VIEW)]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return AuditEvent.objects.visible_to(actor_of(self.request)).order_by("-at", "-id")


router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
