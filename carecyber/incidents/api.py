"""JSON API for incidents: report one, list and read them, scoped exactly like the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import actor_of
from carecyber.incidents import access, services
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.models import Incident, Source, Status, StillHappening


class IncidentCreateSerializer(StrictSerializer):
    category = serializers.ChoiceField(choices=[(c.key, c.label) for c in catalogue().categories])
    summary = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    data_or_systems = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")
    still_happening = serializers.ChoiceField(
        choices=StillHappening.choices, required=False, default=StillHappening.UNSURE
    )
    occurred_at = serializers.DateTimeField(required=False, default=None)
    aware_at = serializers.DateTimeField(required=False, default=None)
    anonymous = serializers.BooleanField(required=False, default=False)


class GradingSerializer(serializers.Serializer[Any]):
    likelihood = serializers.IntegerField()
    severity = serializers.IntegerField()
    vulnerable_groups = serializers.BooleanField()
    score = serializers.IntegerField()
    band = serializers.CharField()
    level = serializers.CharField()
    notify_health_department = serializers.BooleanField()
    notify_regulator = serializers.BooleanField()
    tell_individuals = serializers.BooleanField()
    essential_service_report = serializers.BooleanField()
    rules_version = serializers.IntegerField()
    graded_at = serializers.DateTimeField()


class ClockSerializer(serializers.Serializer[Any]):
    deadline_at = serializers.DateTimeField()
    running = serializers.BooleanField()
    overdue = serializers.BooleanField()
    remaining_seconds = serializers.IntegerField()
    words = serializers.CharField()


class IncidentSerializer(serializers.Serializer[Any]):
    """A case as its organisation (and the national team, once shared) sees it. Never who reported anonymously."""

    reference = serializers.CharField()
    number = serializers.IntegerField()
    url = serializers.CharField()
    organisation = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField(required=False)
    data_or_systems = serializers.CharField(required=False)
    still_happening = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    aware_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    # DRF moves declared fields off the class, so this does not shadow Field.source at run time.
    source = serializers.CharField()  # type: ignore[assignment]
    anonymous = serializers.BooleanField()
    reporter = serializers.EmailField(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=Status.choices)
    owner = serializers.EmailField(allow_null=True, required=False)
    data_subjects_count = serializers.IntegerField(allow_null=True, required=False)
    grading = GradingSerializer(allow_null=True, required=False)
    notifiable = serializers.BooleanField(required=False)
    clock = ClockSerializer(allow_null=True, required=False)
    decision = serializers.CharField(required=False)
    shared_with_national = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)
    full = serializers.BooleanField(
        help_text="False when the caller only reported it: they see its progress, not the case"
    )

    def to_representation(self, instance: Incident) -> dict[str, Any]:
        request = self.context.get("request")
        actor = actor_of(request) if request is not None else None
        full = actor is not None and access.rights(actor, instance).view
        base: dict[str, Any] = {
            "reference": instance.reference,
            "number": instance.pk,
            "url": reverse("incidents:case" if full else "incidents:my-report", args=[instance.pk]),
            "organisation": instance.organisation.code,
            "category": instance.category,
            "category_label": catalogue().category_label(instance.category),
            "summary": instance.summary,
            "still_happening": instance.still_happening,
            "occurred_at": instance.occurred_at.isoformat(),
            "aware_at": instance.aware_at.isoformat(),
            "reported_at": instance.reported_at.isoformat(),
            "source": instance.source,
            "anonymous": instance.anonymous,
            "status": instance.status,
            "full": full,
        }
        if not full:
            return base
        state = instance.clock(timezone.now())
        return {
            **base,
            "description": instance.description,
            "data_or_systems": instance.data_or_systems,
            "reporter": None if instance.anonymous or instance.reporter is None else instance.reporter.email,
            "owner": instance.owner.email if instance.owner else None,
            "data_subjects_count": instance.data_subjects_count,
            "grading": {
                "likelihood": instance.graded_likelihood,
                "severity": instance.graded_severity,
                "vulnerable_groups": instance.vulnerable_groups,
                "score": instance.score,
                "band": instance.band,
                "level": instance.level,
                "notify_health_department": instance.notify_health_department,
                "notify_regulator": instance.notify_regulator,
                "tell_individuals": instance.tell_individuals,
                "essential_service_report": instance.nis_report,
                "rules_version": instance.rules_version,
                "graded_at": instance.graded_at.isoformat() if instance.graded_at else None,
            }
            if instance.is_graded
            else None,
            "notifiable": instance.notifiable,
            "clock": {
                "deadline_at": state.deadline_at.isoformat(),
                "running": state.running,
                "overdue": state.overdue,
                "remaining_seconds": int(state.remaining.total_seconds()),
                "words": state.words,
            }
            if state is not None
            else None,
            "decision": instance.decision,
            "shared_with_national": instance.shared_with_national,
            "version": instance.version,
        }


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Incident]):
    """Incidents: the caller's organisation's cases (leads and auditors), the caller's own reports and the cases
    they work on (staff), or those shared with the national team (national team, support partners)."""

    serializer_class = IncidentSerializer
    queryset = Incident.objects.none()  # for the schema; requests use get_queryset()
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Incident]:
        if getattr(self, "swagger_fake_view", False):
            return Incident.objects.none()
        actor = actor_of(self.request)
        cases = access.cases_visible(actor).values("pk")
        mine = Q(reporter=actor.user) if actor.user is not None else Q(pk__in=[])
        qs = (
            access.incidents_in_scope(actor)
            .filter(Q(pk__in=cases) | mine)
            .select_related("organisation", "owner", "reporter")
            .order_by("-reported_at", "-id")
        )
        params = self.request.query_params
        value = params.get("status")
        if value == "open":
            qs = qs.exclude(status=Status.CLOSED)
        elif value:
            qs = qs.filter(status=value)
        if params.get("category"):
            qs = qs.filter(category=params["category"])
        if params.get("notifiable") in {"true", "false"}:
            qs = qs.filter(notifiable=params["notifiable"] == "true")
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="A status, or `open` for everything not closed"),
            OpenApiParameter("category", str, description="A category key"),
            OpenApiParameter("notifiable", bool),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer})
    def create(self, request: Request) -> Response:
        """Report an incident for the caller's organisation. The security leads are alerted at once."""
        serializer = IncidentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        incident = services.incident_report(
            actor=actor_of(request),
            data=services.ReportInput.from_answers(d),
            source=Source.API,
        )
        fresh = (
            Incident.objects.visible_to(actor_of(request))
            .select_related("organisation", "owner", "reporter")
            .get(pk=incident.pk)
        )
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="incident")
