"""JSON API of the analyst's side: the queue, overrides, campaigns and figures, scoped exactly like the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import HasActingMembership, actor_of
from carecyber.phishing import access, metrics, queries, services_analyst
from carecyber.phishing.forms_analyst import MetricsForm, QueueFilterForm
from carecyber.phishing.models import Campaign, PhishingReport, VerdictChoice
from carecyber.phishing.views.analyst import filters_from


class CanViewQueue(HasActingMembership):
    message = "The phishing queue is for security leads, auditors and the national team."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and access.can_view_queue(actor_of(request))


class CanRunCampaigns(HasActingMembership):
    message = "Campaigns are for the national team."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and access.can_run_campaigns(actor_of(request))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class ReportSerializer(serializers.Serializer[Any]):
    """A report as the analyst sees it in the queue (no message contents: those are on the page and in the .eml)."""

    def to_representation(self, instance: PhishingReport) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "reference": instance.reference,
            "organisation": instance.organisation.code if instance.organisation else None,
            "received_at": instance.received_at.isoformat(),
            "route": instance.route,
            "status": instance.status,
            "subject": instance.subject,
            "from_address": instance.from_address,
            "engine_verdict": instance.engine_verdict or None,
            "engine_score": instance.engine_score,
            "verdict": instance.verdict or None,
            "overridden": instance.overridden,
            "triaged_at": _iso(instance.triaged_at),
            "campaign": instance.campaign.reference if instance.campaign else None,
        }


class ReportDetailSerializer(ReportSerializer):
    def to_representation(self, instance: PhishingReport) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["reasons"] = instance.reasons if isinstance(instance.reasons, list) else []
        data["indicators"] = instance.indicators if isinstance(instance.indicators, dict) else {}
        data["error"] = instance.error
        data["overrides"] = [
            {
                "verdict_before": o.verdict_before or None,
                "verdict": o.verdict,
                "note": o.note,
                "analyst": o.analyst.email if o.analyst else None,
                "at": o.created_at.isoformat(),
            }
            for o in instance.overrides.select_related("analyst")[:50]
        ]
        return data


class OverrideSerializer(StrictSerializer):
    verdict = serializers.ChoiceField(choices=VerdictChoice.choices)
    note = serializers.CharField(max_length=services_analyst.NOTE_MAX)


class AnalystReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[PhishingReport]):
    """The analyst queue: the caller's organisation's reports (security lead, auditor), or all (national team)."""

    serializer_class = ReportSerializer
    queryset = PhishingReport.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [CanViewQueue]
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self) -> type[serializers.Serializer[Any]]:
        return ReportDetailSerializer if self.action in {"retrieve", "override"} else ReportSerializer

    def get_queryset(self) -> QuerySet[PhishingReport]:
        if getattr(self, "swagger_fake_view", False):
            return PhishingReport.objects.none()
        actor = actor_of(self.request)
        form = QueueFilterForm(self.request.query_params, national=actor.is_national)
        return queries.analyst_queue(actor, filters_from(form)).defer("fp_url_domains", "fp_attachment_hashes")

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, description=text)
            for name, text in (
                ("verdict", "phishing, suspicious, spam, safe, or none"),
                ("status", "received, triaged, unreadable"),
                ("route", "mailbox, upload, paste, api"),
                ("overridden", "yes or no"),
                ("received_from", "YYYY-MM-DD"),
                ("received_to", "YYYY-MM-DD"),
                ("q", "words in the subject or sender"),
                ("campaign", "campaign reference (national team)"),
                ("organisation", "organisation code, or none (national team)"),
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OverrideSerializer, responses={200: ReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str) -> Response:
        """Change the verdict, with a note saying why (kept as feedback for tuning the engine)."""
        report = self.get_object()
        actor = actor_of(request)
        if not access.can_override(actor):
            raise PermissionDenied("Your role can look at reports but not change a verdict.")
        serializer = OverrideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services_analyst.report_override(
                actor=actor,
                report=report,
                verdict=serializer.validated_data["verdict"],
                note=serializer.validated_data["note"],
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(ReportDetailSerializer(self.get_object()).data, status=status.HTTP_200_OK)


class CampaignSerializer(serializers.Serializer[Any]):
    def to_representation(self, instance: Campaign) -> dict[str, Any]:
        return {
            "reference": instance.reference,
            "title": instance.title,
            "verdict": instance.verdict or None,
            "status": instance.status,
            "sender_domain": instance.sender_domain,
            "report_count": instance.report_count,
            "organisation_count": instance.organisation_count,
            "reporter_count": instance.reporter_count,
            "first_seen": instance.first_seen.isoformat(),
            "last_seen": instance.last_seen.isoformat(),
            "advisory": instance.advisory_reference or None,
        }


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Campaign]):
    """Campaigns across organisations (national team only); the detail carries the merged indicators."""

    serializer_class = CampaignSerializer
    queryset = Campaign.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [CanRunCampaigns]
    lookup_field = "reference"
    lookup_value_regex = "[A-Za-z0-9-]{1,20}"

    def get_queryset(self) -> QuerySet[Campaign]:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        qs = queries.campaigns_for(actor_of(self.request))
        value = self.request.query_params.get("status")
        return qs.filter(status=value) if value else qs

    def get_object(self) -> Campaign:
        self.kwargs["reference"] = str(self.kwargs.get("reference", "")).upper()
        return super().get_object()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = self.get_object()
        actor = actor_of(request)
        data = CampaignSerializer(campaign).data
        data["indicators"] = services_analyst.campaign_indicators(actor, campaign)
        data["reports"] = [
            {
                "id": r.pk,
                "reference": r.reference,
                "organisation": r.organisation.code if r.organisation else None,
                "received_at": r.received_at.isoformat(),
                "verdict": r.verdict or None,
            }
            for r in queries.campaign_reports(actor, campaign)
            .select_related(None)
            .select_related("organisation")
            .only("pk", "received_at", "verdict", "organisation__code")[:500]
        ]
        return Response(data)


class MetricsViewSet(viewsets.ViewSet):
    """Reporting figures for the caller's organisation (security lead, auditor) or every organisation (national)."""

    permission_classes = [CanViewQueue]

    @extend_schema(
        parameters=[OpenApiParameter("start", str, description="YYYY-MM-DD"), OpenApiParameter("end", str)],
        responses={200: dict},
    )
    def list(self, request: Request) -> Response:
        actor = actor_of(request)
        if not (actor.is_national or actor.organisation is not None):
            raise PermissionDenied("Reporting figures are for an organisation's lead or the national team.")
        form = MetricsForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        start, end = metrics.default_window()
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        m = metrics.compute(actor, start=start, end=end)
        return Response(
            {
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "reports": m.reports,
                "with_verdict": m.with_verdict,
                "overridden": m.overridden,
                "overridden_percent": m.overridden_percent,
                "median_minutes_to_verdict": m.median_minutes,
                "p90_minutes_to_verdict": m.p90_minutes,
                "months": [
                    {
                        "month": f"{row.month:%Y-%m}",
                        "reports": row.reports,
                        "with_verdict": row.with_verdict,
                        "median_minutes_to_verdict": row.median_minutes,
                        "p90_minutes_to_verdict": row.p90_minutes,
                        "overridden": row.overridden,
                        "overridden_percent": row.overridden_percent,
                    }
                    for row in m.months
                ],
                "organisations": [
                    {
                        "code": o.code or None,
                        "name": o.name,
                        "reports": o.reports,
                        "staff": o.staff,
                        "per_100_staff": o.per_100_staff,
                    }
                    for o in m.organisations
                ],
            }
        )


router = SimpleRouter()
router.register("queue", AnalystReportViewSet, basename="analyst-report-api")
router.register("campaigns", CampaignViewSet, basename="campaign-api")
router.register("metrics", MetricsViewSet, basename="metrics-api")
