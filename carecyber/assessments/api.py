"""JSON API: the signed status answer for connected systems, and the toolkit for organisations' own tools.

`GET /api/v1/status/<code>` needs no sign-in: it answers with the status,
publication and expiry dates, signed as a JWS (RFC 7515) with a key whose
public half is at `/.well-known/jwks.json`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from datetime import time as dtime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from carecyber.assessments import queries
from carecyber.assessments.models import Answer, Assessment, Framework
from carecyber.assessments.permissions import ToolkitPerm, toolkit_can
from carecyber.assessments.presenters import shown_value
from carecyber.assessments.services import assessments as assessment_services
from carecyber.assessments.services.assessments import AnswerConflict
from carecyber.assessments.signing import MEDIA_TYPE, sign
from carecyber.config.settings.env import env_str
from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import HasActingMembership, actor_of
from carecyber.core.models import Role

STATEMENT_SECONDS = 24 * 3600  # a signed answer is good for a day (or until the status expires, if sooner)


class StatusThrottle(AnonRateThrottle):
    scope = "status"

    def get_rate(self) -> str:
        return env_str("STATUS_API_RATE", "6000/minute")


def status_claims(public: queries.PublicStatus, *, now: float | None = None) -> dict[str, Any]:
    issued = int(now if now is not None else time.time())
    expires = issued + STATEMENT_SECONDS
    if public.expires_on is not None:
        end_of_validity = datetime.combine(public.expires_on, dtime(23, 59, 59), tzinfo=UTC).timestamp()
        expires = int(min(expires, end_of_validity))
    return {
        "iss": settings.SITE_URL,
        "sub": public.code,
        "name": public.name,
        "status": public.status.value,
        "status_label": public.status.label,
        "meets_standards": public.status.allows_shared_records,
        "published_on": public.published_on.isoformat() if public.published_on else None,
        "expires_on": public.expires_on.isoformat() if public.expires_on else None,
        "framework": public.framework,
        "iat": issued,
        "exp": max(expires, issued),
    }


class JoseRenderer(BaseRenderer):
    """`Accept: application/jose`: the compact JWS on its own."""

    media_type = MEDIA_TYPE
    format = "jose"
    charset = "ascii"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return str(data["jws"] if isinstance(data, dict) and "jws" in data else data).encode("ascii")


class StatusView(APIView):
    """An organisation's current toolkit status, signed by the platform. No sign-in needed."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [StatusThrottle]
    renderer_classes = [JSONRenderer, JoseRenderer]

    @extend_schema(
        operation_id="status_retrieve",
        summary="An organisation's signed toolkit status",
        description=(
            "The status, publication and expiry dates of an organisation, signed as a compact JWS (ES256) with a "
            "key from /.well-known/jwks.json. Send `Accept: application/jose` for the JWS alone. Trust only the "
            "claims inside the verified JWS, and refuse anything but `standards_met` or `standards_exceeded` "
            "(`meets_standards: true`) before granting access to shared records."
        ),
        responses={
            200: inline_serializer(
                "SignedStatus",
                {
                    "status": inline_serializer(
                        "StatusClaims",
                        {
                            "iss": serializers.CharField(),
                            "sub": serializers.CharField(),
                            "name": serializers.CharField(),
                            "status": serializers.CharField(),
                            "status_label": serializers.CharField(),
                            "meets_standards": serializers.BooleanField(),
                            "published_on": serializers.DateField(allow_null=True),
                            "expires_on": serializers.DateField(allow_null=True),
                            "framework": serializers.CharField(allow_null=True),
                            "iat": serializers.IntegerField(),
                            "exp": serializers.IntegerField(),
                        },
                    ),
                    "jws": serializers.CharField(),
                },
            ),
            404: OpenApiResponse(description="No organisation has this code"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        public = queries.public_status(code)
        if public is None:
            return Response({"detail": "No organisation has this code."}, status=status.HTTP_404_NOT_FOUND)
        claims = status_claims(public)
        response = Response({"status": claims, "jws": sign(claims)})
        response["Cache-Control"] = "no-store"
        return response


# ---------------------------------------------------------------------------
# The toolkit for organisations' own tools


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    class Meta:
        model = Framework
        fields = ["slug", "version", "title", "kind", "description", "is_current", "sha256"]
        read_only_fields = fields


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet[Framework]):
    """Framework versions loaded on the platform (not tenant data)."""

    serializer_class = FrameworkSerializer
    queryset = Framework.objects.none()
    permission_classes = [HasActingMembership]
    lookup_field = "pk"

    def get_queryset(self) -> QuerySet[Framework]:
        return Framework.objects.order_by("slug", "-version")


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    organisation = serializers.CharField(source="organisation.code", read_only=True)
    framework = serializers.SerializerMethodField()
    year = serializers.CharField(source="year_label", read_only=True)
    percent_complete = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organisation",
            "framework",
            "year",
            "profile",
            "applicable_total",
            "answered_total",
            "met_total",
            "mandatory_total",
            "mandatory_answered",
            "mandatory_met",
            "percent_complete",
        ]
        read_only_fields = fields

    def get_framework(self, obj: Assessment) -> str:
        return f"{obj.framework.slug} {obj.framework.version}"


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Assessment]):
    """Assessments the caller may see (auditors: those they audit)."""

    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()
    permission_classes = [HasActingMembership]

    def get_queryset(self) -> QuerySet[Assessment]:
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        qs = visible_assessments(self.request)
        code = self.request.query_params.get("organisation")
        if code:
            qs = qs.filter(organisation__code=code.upper())
        return qs


def visible_assessments(request: Request) -> QuerySet[Assessment]:
    """The scope, plus the toolkit's own rule: auditors see what they audit, staff what is assigned to them."""
    actor = actor_of(request)
    qs = Assessment.objects.visible_to(actor).select_related("organisation", "framework").order_by("-year", "pk")
    if actor.role == Role.AUDITOR:
        return qs.filter(audits__auditor=actor.user)
    if not toolkit_can(actor, ToolkitPerm.VIEW):
        return qs.filter(answers__assignee=actor.user).distinct()
    return qs


class AnswerSerializer(StrictSerializer):
    reference = serializers.CharField(read_only=True)
    value = serializers.JSONField(allow_null=True)
    version = serializers.IntegerField(min_value=0)
    answered = serializers.BooleanField(read_only=True)
    met = serializers.BooleanField(read_only=True)
    mandatory = serializers.BooleanField(read_only=True)
    shown = serializers.CharField(read_only=True)
    assignee = serializers.EmailField(read_only=True, allow_null=True)

    def to_representation(self, instance: Answer) -> dict[str, Any]:
        return {
            "reference": instance.item.reference,
            "value": instance.value,
            "version": instance.version,
            "answered": instance.answered,
            "met": instance.met,
            "mandatory": instance.mandatory,
            "shown": shown_value(instance),
            "assignee": instance.assignee.email if instance.assignee else None,
        }


class AnswerViewSet(viewsets.GenericViewSet[Answer]):
    """One answer of an assessment: read it, or replace it with `version` from your last read."""

    serializer_class = AnswerSerializer
    queryset = Answer.objects.none()
    permission_classes = [HasActingMembership]
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9.()_-]{1,30}"

    def _answer(self, assessment_pk: str, reference: str) -> Answer:
        actor = actor_of(self.request)
        assessment = get_object_or_404(visible_assessments(self.request), pk=assessment_pk)
        return queries.answer_for(actor, assessment, reference)

    def list(self, request: Request, assessment_pk: str) -> Response:
        actor = actor_of(request)
        assessment = get_object_or_404(visible_assessments(request), pk=assessment_pk)
        qs = Answer.objects.visible_to(actor).filter(assessment=assessment).select_related("item", "assignee")
        if actor.role == Role.STAFF:
            qs = qs.filter(assignee=actor.user)
        page = self.paginate_queryset(qs.order_by("item__position"))
        return self.get_paginated_response(AnswerSerializer(page, many=True).data)

    def retrieve(self, request: Request, assessment_pk: str, reference: str) -> Response:
        return Response(AnswerSerializer(self._answer(assessment_pk, reference)).data)

    @extend_schema(
        request=AnswerSerializer,
        responses={
            200: AnswerSerializer,
            400: OpenApiResponse(description="The value does not fit the item"),
            409: OpenApiResponse(description="Someone changed the answer since `version`"),
        },
    )
    def update(self, request: Request, assessment_pk: str, reference: str) -> Response:
        answer = self._answer(assessment_pk, reference)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            saved = assessment_services.answer_save(
                actor=actor_of(request),
                answer=answer,
                value=serializer.validated_data["value"],
                expected_version=serializer.validated_data["version"],
            )
        except AnswerConflict as exc:
            return Response(
                {
                    "detail": exc.messages[0],
                    "current": AnswerSerializer(exc.current).data,
                    "changed_by": exc.changed_by,
                    "changed_at": exc.changed_at.isoformat() if exc.changed_at else None,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(AnswerSerializer(saved).data)
