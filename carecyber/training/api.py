"""JSON API for training, scoped exactly like the pages; unknown fields are refused."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from carecyber.core import queries as core_queries
from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import HasActingMembership, actor_of
from carecyber.core.models import Organisation
from carecyber.training import queries, services
from carecyber.training.engine.xapi import statement
from carecyber.training.permissions import TrainingPerm, can
from carecyber.training.views.compliance import _facts


def needs(perm: TrainingPerm) -> type[BasePermission]:
    class _Needs(HasActingMembership):
        message = "Your role cannot do this."

        def has_permission(self, request: Request, view: Any) -> bool:
            return super().has_permission(request, view) and can(actor_of(request), perm)

    _Needs.__name__ = f"Needs_{perm.name}"
    return _Needs


def _row(r: queries.ComplianceRow) -> dict[str, Any]:
    return {"name": r.label, "staff": r.staff, "current": r.current, "percent": r.percent, "meets_target": r.meets}


class CourseList(APIView):
    """Courses the caller can take: the core course, advanced modules and their organisation's own."""

    permission_classes = [needs(TrainingPerm.LEARN)]

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        courses = queries.courses_for(actor_of(request)).prefetch_related("modules")
        return Response(
            [
                {
                    "slug": c.slug,
                    "title": c.title,
                    "kind": c.kind,
                    "core": c.is_core,
                    "audiences": c.audiences,
                    "version": c.version,
                    "validity_months": c.validity_months,
                    "modules": [{"slug": m.slug, "title": m.title} for m in c.modules.all()],
                }
                for c in courses
            ]
        )


class MyTraining(APIView):
    """The caller's own courses with their status and due dates."""

    permission_classes = [needs(TrainingPerm.LEARN)]

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "course": item.course.slug,
                    "required": item.required,
                    "status": item.status.value if item.status else "not_started",
                    "due": item.state.due.isoformat() if item.state else None,
                    "valid_until": item.state.valid_until.isoformat()
                    if item.state and item.state.valid_until
                    else None,
                    "modules_passed": item.modules_passed,
                    "modules_total": item.modules_total,
                }
                for item in queries.my_training(actor_of(request))
            ]
        )


def _organisation(request: Request, code: str) -> Organisation:
    return core_queries.organisation_for(actor_of(request), code)


class OrganisationCompliance(APIView):
    """One organisation's share of staff with current core training, against the target, by role and team."""

    permission_classes = [needs(TrainingPerm.COMPLIANCE_VIEW)]

    @extend_schema(responses={200: dict})
    def get(self, request: Request, code: str) -> Response:
        organisation = _organisation(request, code)
        figures = queries.organisation_compliance(actor_of(request), organisation)
        return Response(
            {
                "organisation": organisation.code,
                "course": figures.course.slug if figures.course else None,
                "target_percent": figures.target,
                **_row(figures.total),
                "overdue": figures.overdue,
                "by_role": [_row(r) for r in figures.by_role],
                "by_team": [_row(r) for r in figures.by_team],
            }
        )


class ComplianceBulk(APIView):
    """Compliance for many organisations at once (a partner's, or any for the national team): ?organisation=A,B."""

    permission_classes = [needs(TrainingPerm.COMPLIANCE_VIEW)]

    @extend_schema(
        parameters=[OpenApiParameter("organisation", str, description="Comma-separated organisation codes (max 2000)")],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        codes = [c.strip().upper() for c in request.query_params.get("organisation", "").split(",") if c.strip()]
        if not codes or len(codes) > 2000:
            return Response(
                {"organisation": ["Give 1 to 2,000 organisation codes."]}, status=status.HTTP_400_BAD_REQUEST
            )
        visible = dict(
            Organisation.objects.visible_to(actor_of(request)).filter(code__in=codes).values_list("pk", "code")
        )
        figures = queries.compliance_for(list(visible))
        return Response({visible[pk]: value for pk, value in figures.items()})


class NationalRollupView(APIView):
    """Compliance across England by organisation type, category and region (national team)."""

    permission_classes = [needs(TrainingPerm.PUBLISH)]

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        rollup = queries.national_rollup(actor_of(request))

        def row(r: queries.RollupRow) -> dict[str, Any]:
            return {
                "name": r.label,
                "organisations": r.organisations,
                "organisations_meeting_target": r.organisations_meeting,
                "staff": r.staff,
                "current": r.current,
                "percent": r.percent,
            }

        return Response(
            {
                "target_percent": rollup.target,
                "computed_at": rollup.computed_at.isoformat(),
                "total": row(rollup.total),
                "by_type": [row(r) for r in rollup.by_type],
                "by_category": [row(r) for r in rollup.by_category],
                "by_region": [row(r) for r in rollup.by_region],
            }
        )


class Completions(APIView):
    """An organisation's completions, newest first (limit/offset pages)."""

    permission_classes = [needs(TrainingPerm.COMPLIANCE_VIEW)]

    @extend_schema(responses={200: dict})
    def get(self, request: Request, code: str) -> Response:
        organisation = _organisation(request, code)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(queries.completions_of(actor_of(request), organisation), request, view=self)
        return paginator.get_paginated_response(
            [
                {
                    "email": c.user.email,
                    "name": c.user.full_name,
                    "course": c.course.slug,
                    "course_version": c.course_version,
                    "completed_at": c.completed_at.isoformat(),
                    "expires_at": c.expires_at.isoformat(),
                    "score_percent": c.score_percent,
                    "source": c.source,
                    "certificate_code": c.certificate_code,
                }
                for c in page or []
            ]
        )


class XapiStatements(APIView):
    """An organisation's completions as xAPI 1.0.3 statements (limit/offset pages)."""

    permission_classes = [needs(TrainingPerm.COMPLIANCE_VIEW)]

    @extend_schema(responses={200: dict})
    def get(self, request: Request, code: str) -> Response:
        organisation = _organisation(request, code)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(queries.completions_of(actor_of(request), organisation), request, view=self)
        return paginator.get_paginated_response([statement(_facts(c), site_url=settings.SITE_URL) for c in page or []])


class RemindersRequest(StrictSerializer):
    """No fields: the request itself is the instruction."""


class Reminders(APIView):
    """Send one reminder email to everyone overdue (at most one per person per day)."""

    permission_classes = [needs(TrainingPerm.MANAGE)]

    @extend_schema(request=RemindersRequest, responses={202: dict})
    def post(self, request: Request, code: str) -> Response:
        serializer = RemindersRequest(data=request.data if isinstance(request.data, dict) else {})
        serializer.is_valid(raise_exception=True)
        organisation = _organisation(request, code)
        overdue = queries.overdue_people(actor_of(request), organisation).count()
        try:
            batch = services.reminders_request(actor=actor_of(request), organisation=organisation)
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return Response({"overdue": overdue, "batch": batch}, status=status.HTTP_202_ACCEPTED)
