"""JSON API for awareness: branding, themes, packs, the calendar, exercises and exercise reports.

Scoped exactly like the pages; serializers refuse unknown fields.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from carecyber.awareness import presenters, queries, services
from carecyber.awareness.engine.content import load_themes
from carecyber.awareness.engine.logo import MAX_UPLOAD_BYTES
from carecyber.awareness.engine.templates import load_templates
from carecyber.awareness.models import (
    Branding,
    CampaignWeek,
    Channel,
    Exercise,
    ExerciseRecipient,
    Landing,
    Pack,
    PackStatus,
)
from carecyber.awareness.permissions import can_manage, can_view
from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import HasActingMembership, actor_of


class AwarenessPermission(HasActingMembership):
    """Reads: security leads and auditors. Changes: security leads."""

    message = "Your role cannot do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        actor = actor_of(request)
        return bool(can_view(actor) if request.method in {"GET", "HEAD", "OPTIONS"} else can_manage(actor))


def _organisation(request: Request) -> Any:
    return actor_of(request).organisation


# ---------------------------------------------------------------- branding


class BrandingSerializer(StrictSerializer):
    name = serializers.CharField(max_length=120)
    colour = serializers.CharField(max_length=7)
    colour_used = serializers.CharField(read_only=True)
    report_to = serializers.EmailField(max_length=254)
    helpdesk = serializers.CharField(max_length=40, required=False, allow_blank=True)
    logo_base64 = serializers.CharField(
        required=False,
        write_only=True,
        max_length=MAX_UPLOAD_BYTES * 4 // 3 + 8,
        help_text="A PNG or SVG file, base64-encoded",
    )
    remove_logo = serializers.BooleanField(required=False, write_only=True)
    has_logo = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    notes = serializers.ListField(child=serializers.CharField(), read_only=True)

    def to_representation(self, instance: Branding) -> dict[str, Any]:
        return {
            "name": instance.name,
            "colour": instance.colour,
            "colour_used": instance.colour_used,
            "report_to": instance.report_to,
            "helpdesk": instance.helpdesk,
            "has_logo": bool(instance.logo_png),
            "version": instance.version,
        }


class BrandingViewSet(viewsets.ViewSet):
    """The organisation's branding: GET it, PUT (POST) a new one. A darkened colour is explained in `notes`."""

    permission_classes = [AwarenessPermission]
    serializer_class = BrandingSerializer

    def list(self, request: Request) -> Response:
        branding = queries.branding_for(actor_of(request), _organisation(request))
        if branding is None:
            return Response({"detail": "No branding yet."}, status=status.HTTP_404_NOT_FOUND)
        return Response(BrandingSerializer(branding).data)

    @extend_schema(request=BrandingSerializer, responses=BrandingSerializer)
    def create(self, request: Request) -> Response:
        serializer = BrandingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        logo = None
        if data.get("logo_base64"):
            try:
                logo = base64.b64decode(data["logo_base64"], validate=True)
            except (binascii.Error, ValueError):
                return Response(
                    {"logo_base64": ["Send the logo file encoded as base64."]}, status=status.HTTP_400_BAD_REQUEST
                )
        branding, notes = services.branding_save(
            actor=actor_of(request),
            organisation=_organisation(request),
            data=services.BrandingInput(
                name=data["name"],
                colour=data["colour"],
                report_to=data["report_to"],
                helpdesk=data.get("helpdesk", ""),
                logo=logo,
                remove_logo=data.get("remove_logo", False),
            ),
        )
        return Response({**BrandingSerializer(branding).data, "notes": notes})


# ---------------------------------------------------------------- library


class VariantSerializer(serializers.Serializer[Any]):
    headline = serializers.CharField()
    short = serializers.CharField()
    body = serializers.CharField()


class ThemeSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    variants = VariantSerializer(many=True)
    tips = serializers.ListField(child=serializers.CharField())


class CueSerializer(serializers.Serializer[Any]):
    category = serializers.CharField()
    cue = serializers.CharField()
    where = serializers.CharField()


class TemplateSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    sender_name = serializers.CharField()
    subject = serializers.CharField()
    landing = serializers.CharField()
    difficulty = serializers.CharField()
    difficulty_label = serializers.CharField()
    cue_count = serializers.IntegerField()
    premise_alignment = serializers.CharField()
    cues = CueSerializer(many=True)


class ThemeViewSet(viewsets.ViewSet):
    """The themes and their wording (with placeholders for the organisation's details)."""

    permission_classes = [AwarenessPermission]
    serializer_class = ThemeSerializer

    @extend_schema(responses=ThemeSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(
            [
                {
                    "key": t.key,
                    "name": t.name,
                    "summary": t.summary,
                    "variants": [{"headline": v.headline, "short": v.short, "body": v.body} for v in t.variants],
                    "tips": list(t.tips),
                }
                for t in load_themes().values()
            ]
        )


class TemplateViewSet(viewsets.ViewSet):
    """The practice phishing emails, with their NIST Phish Scale rating and cues."""

    permission_classes = [AwarenessPermission]
    serializer_class = TemplateSerializer

    @extend_schema(responses=TemplateSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(
            [
                {
                    "key": t.key,
                    "name": t.name,
                    "sender_name": t.sender_name,
                    "subject": t.subject,
                    "landing": t.landing,
                    "difficulty": t.rating.difficulty.value,
                    "difficulty_label": t.rating.label,
                    "cue_count": t.rating.cues,
                    "premise_alignment": t.rating.premise_level,
                    "cues": [{"category": c.category.value, "cue": c.cue, "where": c.where} for c in t.cues],
                }
                for t in load_templates().values()
            ]
        )


# ---------------------------------------------------------------- packs


class PackSerializer(StrictSerializer):
    themes = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, max_length=7, help_text="Theme keys (see /themes/)"
    )
    variant = serializers.IntegerField(min_value=0, max_value=2, required=False, default=0)

    def to_representation(self, instance: Pack) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "themes": instance.themes,
            "variant": instance.variant,
            "branding_version": instance.branding_version,
            "status": instance.status,
            "error": instance.error,
            "size": instance.zip_size,
            "notes": instance.notes,
            "files": [
                {k: f[k] for k in ("path", "theme", "kind", "media_type", "size", "width", "height", "alt", "label")}
                for f in instance.manifest
            ],
            "created_at": instance.created_at.isoformat(),
            "built_at": instance.built_at.isoformat() if instance.built_at else None,
        }


class PackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Pack]):
    """Campaign packs. POST themes (and a wording variant) to get the cached pack or start a new one."""

    serializer_class = PackSerializer
    queryset = Pack.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [AwarenessPermission]

    def get_queryset(self) -> QuerySet[Pack]:
        if getattr(self, "swagger_fake_view", False):
            return Pack.objects.none()
        return Pack.objects.visible_to(actor_of(self.request)).order_by("-created_at", "-id")

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pack = services.pack_request(
            actor=actor_of(request), organisation=_organisation(request), themes=data["themes"], variant=data["variant"]
        )
        pack.refresh_from_db()
        code = status.HTTP_200_OK if pack.status == PackStatus.READY else status.HTTP_202_ACCEPTED
        return Response(self.get_serializer(pack).data, status=code)

    @extend_schema(responses={(200, "application/zip"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> HttpResponse | Response:
        pack = self.get_object()
        if pack.status != PackStatus.READY:
            return Response({"detail": "The pack is not ready yet."}, status=status.HTTP_409_CONFLICT)
        services.pack_record_download(actor=actor_of(request), pack=pack)
        with default_storage.open(pack.zip_path, "rb") as handle:
            response = HttpResponse(handle.read(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="pack-{pack.pk}.zip"'
        return response


# ---------------------------------------------------------------- calendar


class WeekSerializer(StrictSerializer):
    week_start = serializers.DateField()
    theme = serializers.ChoiceField(choices=list(load_themes()))
    variant = serializers.IntegerField(min_value=0, max_value=2, required=False, default=0)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def to_representation(self, instance: CampaignWeek) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "week_start": instance.week_start.isoformat(),
            "theme": instance.theme,
            "theme_name": presenters.theme_name(instance.theme),
            "variant": instance.variant,
            "note": instance.note,
            "reminder_sent_at": instance.reminder_sent_at.isoformat() if instance.reminder_sent_at else None,
            "used_at": instance.used_at.isoformat() if instance.used_at else None,
            "used_channels": instance.used_channels,
        }


class UseSerializer(StrictSerializer):
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.values), min_length=1)


class PlanSerializer(StrictSerializer):
    start = serializers.DateField()
    weeks = serializers.IntegerField(min_value=1, max_value=104)
    every = serializers.IntegerField(min_value=1, max_value=8, default=2)
    themes = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, help_text="Theme keys, in turn"
    )


class WeekViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[CampaignWeek]
):
    """The campaign calendar: one theme per planned week."""

    serializer_class = WeekSerializer
    queryset = CampaignWeek.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [AwarenessPermission]

    def get_queryset(self) -> QuerySet[CampaignWeek]:
        if getattr(self, "swagger_fake_view", False):
            return CampaignWeek.objects.none()
        return (
            CampaignWeek.objects.visible_to(actor_of(self.request))
            .select_related("organisation")
            .order_by("week_start")
        )

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        week = services.campaign_week_save(
            actor=actor_of(request), organisation=_organisation(request), **serializer.validated_data
        )
        return Response(self.get_serializer(week).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        week = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        updated = services.campaign_week_save(
            actor=actor_of(request),
            organisation=week.organisation,
            week_start=data.get("week_start", week.week_start),
            theme=data.get("theme", week.theme),
            variant=data.get("variant", week.variant),
            note=data.get("note", week.note),
            week=week,
        )
        return Response(self.get_serializer(updated).data)

    def perform_destroy(self, instance: CampaignWeek) -> None:
        services.campaign_week_remove(actor=actor_of(self.request), week=instance)

    @extend_schema(request=UseSerializer, responses=WeekSerializer)
    @action(detail=True, methods=["post"])
    def used(self, request: Request, pk: str) -> Response:
        week = self.get_object()
        serializer = UseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.campaign_week_record_use(
            actor=actor_of(request), week=week, channels=serializer.validated_data["channels"]
        )
        return Response(self.get_serializer(updated).data)

    @extend_schema(request=PlanSerializer, responses=WeekSerializer(many=True))
    @action(detail=False, methods=["post"])
    def plan(self, request: Request) -> Response:
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.calendar_plan(
            actor=actor_of(request), organisation=_organisation(request), **serializer.validated_data
        )
        return Response(self.get_serializer(created, many=True).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- exercises


class ExerciseSerializer(StrictSerializer):
    name = serializers.CharField(max_length=120)
    template_key = serializers.ChoiceField(choices=list(load_templates()))
    teams = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()
    landing = serializers.ChoiceField(choices=Landing.values, required=False, default="")

    def to_representation(self, instance: Exercise) -> dict[str, Any]:
        results = queries.exercise_results(instance)
        progress = queries.exercise_progress(instance)
        return {
            "id": instance.pk,
            "name": instance.name,
            "template_key": instance.template_key,
            "teams": instance.audience_teams,
            "window_start": instance.window_start.isoformat(),
            "window_end": instance.window_end.isoformat(),
            "landing": instance.landing,
            "status": instance.status,
            "recipients": progress.recipients,
            "sent": progress.sent,
            "scanner_visits_filtered": progress.scanner_visits,
            "results": [_figures(f) for f in [results.total, *results.teams]],
        }


def _figures(f: Any) -> dict[str, Any]:
    return {
        "label": f.label,
        "sent": f.sent,
        "opened": f.opened,
        "clicked": f.clicked,
        "typed_something": f.submitted,
        "reported": f.reported,
        "click_rate": f.click_rate,
        "report_rate": f.report_rate,
        "resilience_ratio": f.resilience_ratio,
        "time_to_first_report_seconds": f.time_to_first_report.total_seconds() if f.time_to_first_report else None,
    }


class ExerciseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Exercise]):
    """Phishing exercises and their results (per team only: never per person)."""

    serializer_class = ExerciseSerializer
    queryset = Exercise.objects.none()  # for the schema; requests use get_queryset()
    permission_classes = [AwarenessPermission]

    def get_queryset(self) -> QuerySet[Exercise]:
        if getattr(self, "swagger_fake_view", False):
            return Exercise.objects.none()
        return (
            Exercise.objects.visible_to(actor_of(self.request))
            .select_related("organisation")
            .order_by("-window_start", "-id")
        )

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        exercise = services.exercise_create(
            actor=actor_of(request),
            organisation=_organisation(request),
            data=services.ExerciseInput(
                name=d["name"],
                template_key=d["template_key"],
                teams=tuple(d["teams"]),
                window_start=d["window_start"],
                window_end=d["window_end"],
                landing=d["landing"],
            ),
        )
        return Response(self.get_serializer(exercise).data, status=status.HTTP_201_CREATED)

    def _act(self, request: Request, verb: str) -> Response:
        exercise = self.get_object()
        updated = services.exercise_act(actor=actor_of(request), exercise=exercise, verb=verb)
        return Response(self.get_serializer(updated).data)

    @extend_schema(request=None, responses=ExerciseSerializer)
    @action(detail=True, methods=["post"])
    def launch(self, request: Request, pk: str) -> Response:
        return self._act(request, "launch")

    @extend_schema(request=None, responses=ExerciseSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._act(request, "cancel")

    @extend_schema(request=None, responses=ExerciseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._act(request, "close")


class ReportSerializer(StrictSerializer):
    token = serializers.CharField(max_length=80, help_text="The X-CareCyber-Exercise header of the reported email")
    reported_at = serializers.DateTimeField()


class ExerciseReportViewSet(viewsets.ViewSet):
    """Record that a simulated email was reported (for a mail gateway or report button of the organisation's own)."""

    permission_classes = [AwarenessPermission]
    serializer_class = ReportSerializer

    @extend_schema(request=ReportSerializer, responses={201: None})
    def create(self, request: Request) -> Response:
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data["token"].strip()
        if not ExerciseRecipient.objects.visible_to(actor_of(request)).filter(token=token).exists():
            return Response(
                {"token": ["No exercise email of your organisation has this token."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        services.exercise_record_report(token=token, reported_at=serializer.validated_data["reported_at"], source="api")
        return Response(status=status.HTTP_201_CREATED)


router = DefaultRouter()
router.include_root_view = False
router.register("branding", BrandingViewSet, basename="awareness-branding")
router.register("themes", ThemeViewSet, basename="awareness-theme")
router.register("templates", TemplateViewSet, basename="awareness-template")
router.register("packs", PackViewSet, basename="awareness-pack")
router.register("weeks", WeekViewSet, basename="awareness-week")
router.register("exercises", ExerciseViewSet, basename="awareness-exercise")
router.register("exercise-reports", ExerciseReportViewSet, basename="awareness-exercise-report")
