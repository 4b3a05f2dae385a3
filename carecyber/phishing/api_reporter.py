"""JSON API for reporters: send a suspicious email's raw bytes, and follow your own reports.

POST /api/v1/phishing/mine/  with the message as the body (Content-Type: message/rfc822 or
application/octet-stream; an optional `X-Filename` header) → 201 with the report.
GET  /api/v1/phishing/mine/  and  /api/v1/phishing/mine/<id>  → your reports, verdicts and advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response

from carecyber.core.api_permissions import actor_of
from carecyber.phishing import access, presenters_reporter, queries
from carecyber.phishing.models import PhishingReport, Route
from carecyber.phishing.services.reporting import max_message_bytes, report_submit


class _RawBody(BaseParser):
    """The request body as bytes, read up to one byte over the size limit (the service cuts and marks it)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        if stream is None:
            return b""
        return stream.read(max_message_bytes() + 1)


class RFC822Parser(_RawBody):
    media_type = "message/rfc822"


class OctetStreamParser(_RawBody):
    media_type = "application/octet-stream"


class ReporterReportSerializer(serializers.Serializer[PhishingReport]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    url = serializers.CharField()
    route = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    subject = serializers.CharField()
    verdict = serializers.CharField(allow_blank=True)
    headline = serializers.CharField()
    meaning = serializers.CharField()
    next_steps = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    truncated = serializers.BooleanField()
    clicked_at = serializers.DateTimeField(allow_null=True)
    entered_password_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance: PhishingReport) -> dict[str, Any]:
        advice = presenters_reporter.advice_for(instance)
        raw = getattr(instance, "raw", None)
        return {
            "id": instance.pk,
            "reference": instance.reference,
            "url": reverse("phishing:my-report", args=[instance.pk]),
            "route": instance.route,
            "received_at": instance.received_at.isoformat(),
            "status": instance.status,
            "subject": instance.subject,
            "verdict": instance.verdict,
            "headline": advice.headline,
            "meaning": advice.meaning,
            "next_steps": list(advice.next_steps),
            "reasons": presenters_reporter.reasons_for_reporter(instance),
            "truncated": bool(raw.truncated) if raw is not None else False,
            "clicked_at": instance.clicked_at.isoformat() if instance.clicked_at else None,
            "entered_password_at": instance.entered_password_at.isoformat() if instance.entered_password_at else None,
        }


def _mine(view: generics.GenericAPIView[PhishingReport]) -> QuerySet[PhishingReport]:
    if getattr(view, "swagger_fake_view", False):
        return PhishingReport.objects.none()
    return queries.reports_of_reporter(actor_of(view.request)).select_related("raw")


class MyReportsView(generics.ListAPIView[PhishingReport]):
    """Your reported emails, newest first; POST the raw bytes of an email to report it."""

    serializer_class = ReporterReportSerializer
    parser_classes = [RFC822Parser, OctetStreamParser]

    def get_queryset(self) -> QuerySet[PhishingReport]:
        return _mine(self)

    @extend_schema(request={"message/rfc822": OpenApiTypes.BINARY}, responses={201: ReporterReportSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not access.can_report(actor) or actor.organisation is None:
            raise PermissionDenied("Only people in an organisation can report a suspicious email.")
        raw = request.data if isinstance(request.data, bytes) else b""
        filename = str(request.headers.get("X-Filename", ""))[:255]
        report = report_submit(actor=actor, raw=raw, route=Route.API, filename=filename)
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(ReporterReportSerializer(fresh).data, status=status.HTTP_201_CREATED)


class MyReportView(generics.RetrieveAPIView[PhishingReport]):
    """One of your reports, with its verdict in plain English and what to do next."""

    serializer_class = ReporterReportSerializer

    def get_queryset(self) -> QuerySet[PhishingReport]:
        return _mine(self)
