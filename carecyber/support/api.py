"""JSON API for support, scoped exactly like the pages: guidance, tickets, policies, events, the partner dashboard.

Every input serializer is strict (unknown fields are refused); every change
goes through the same service as the page, so the rules and messages agree.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from carecyber.core import queries as core_queries
from carecyber.core.api import StrictSerializer
from carecyber.core.api_permissions import actor_of
from carecyber.support import permissions
from carecyber.support.dashboard import dashboard_columns
from carecyber.support.models import Event, EventAudience, EventKind, IssuedPolicy, Ticket, TicketStatus
from carecyber.support.policydocs.answers import ANSWER_FIELDS
from carecyber.support.queries import events as event_queries
from carecyber.support.queries import guidance as guidance_queries
from carecyber.support.queries import helpline as ticket_queries
from carecyber.support.queries import partners as partner_queries
from carecyber.support.queries import policies as policy_queries
from carecyber.support.services import events as event_services
from carecyber.support.services import helpline as ticket_services
from carecyber.support.services import policies as policy_services
from carecyber.support.workingdays import UK

# --- guidance ----------------------------------------------------------------------------------------------


class ArticleSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    standard = serializers.IntegerField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    reviewed_on = serializers.DateField(read_only=True)
    review_due = serializers.DateField(read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, article: Any) -> str:
        return reverse("support:article", args=[article.slug])


class ArticleDetailSerializer(ArticleSerializer):
    body_html = serializers.CharField(read_only=True)
    related_standards = serializers.ListField(child=serializers.IntegerField(), read_only=True)


class ArticleList(APIView):
    """The guidance library (open to anyone). `?q=` searches, best match first."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ArticleSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = str(request.query_params.get("q", ""))[:200]
        if query:
            articles = [hit.article for hit in guidance_queries.search_articles(query)]
        else:
            articles = [a for _, group in guidance_queries.articles_by_kind() for a in group]
        return Response(ArticleSerializer(articles, many=True).data)


class ArticleDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ArticleDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        article = guidance_queries.article_by_slug(slug)
        if article is None or article.withdrawn:
            raise Http404("No such article")
        return Response(ArticleDetailSerializer(article).data)


# --- helpline ----------------------------------------------------------------------------------------------


class AttachmentInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField()

    def validate_content_base64(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError("Not valid base64.") from None


def _files(data: dict[str, Any]) -> list[tuple[str, bytes]]:
    return [(item["name"], item["content_base64"]) for item in data.get("attachments", [])]


class TicketCreateSerializer(StrictSerializer):
    category = serializers.CharField()
    subject = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    attachments = AttachmentInput(many=True, required=False)


class MessageSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author_label", read_only=True)
    from_support = serializers.BooleanField(read_only=True)
    kind = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    via = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    attachments = serializers.SerializerMethodField()

    def get_attachments(self, message: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse("support:ticket-attachment", args=[message.ticket.reference, a.pk]),
            }
            for a in message.attachments.all()
        ]


class TicketSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)
    partner = serializers.SerializerMethodField()
    category = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    first_response_due = serializers.DateTimeField(read_only=True)
    first_responded_at = serializers.DateTimeField(read_only=True, allow_null=True)
    resolved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    rating = serializers.IntegerField(read_only=True, allow_null=True)

    def get_partner(self, ticket: Ticket) -> str | None:
        return ticket.partner.code if ticket.partner else None


class TicketDetailSerializer(TicketSerializer):
    messages = serializers.SerializerMethodField()

    def get_messages(self, ticket: Ticket) -> list[dict[str, Any]]:
        thread = ticket_queries.thread_of(self.context["actor"], ticket)
        return list(MessageSerializer(thread, many=True).data)


class TicketList(APIView):
    """Questions the caller may see (an organisation's own; a partner's queue; everything for the national team)."""

    @extend_schema(responses=TicketSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        tickets = ticket_queries.tickets_for(
            actor, status=str(request.query_params.get("status", "")), queue=str(request.query_params.get("queue", ""))
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(tickets, request, view=self)
        return paginator.get_paginated_response(TicketSerializer(page, many=True).data)

    @extend_schema(request=TicketCreateSerializer, responses={201: TicketDetailSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = TicketCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if actor.organisation is None:
            raise PermissionDenied("Only staff and security leads of an organisation can ask for help")
        ticket = ticket_services.ticket_raise(
            actor=actor,
            organisation=actor.organisation,
            data=ticket_services.TicketInput(data["category"], data["subject"], data["description"]),
            files=_files(data),
            via="api",
        )
        return Response(TicketDetailSerializer(ticket, context={"actor": actor}).data, status=status.HTTP_201_CREATED)


class TicketDetail(APIView):
    @extend_schema(responses=TicketDetailSerializer)
    def get(self, request: Request, reference: str) -> Response:
        actor = actor_of(request)
        ticket = ticket_queries.ticket_for(actor, reference)
        return Response(TicketDetailSerializer(ticket, context={"actor": actor}).data)


class MessageCreateSerializer(StrictSerializer):
    body = serializers.CharField(allow_blank=True)
    resolve = serializers.BooleanField(required=False, default=False)
    attachments = AttachmentInput(many=True, required=False)


class TicketMessages(APIView):
    @extend_schema(request=MessageCreateSerializer, responses={201: TicketDetailSerializer})
    def post(self, request: Request, reference: str) -> Response:
        actor = actor_of(request)
        ticket = ticket_queries.ticket_for(actor, reference)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket_services.ticket_reply(
            actor=actor, ticket=ticket, body=data["body"], files=_files(data), via="api", resolve=data["resolve"]
        )
        ticket = ticket_queries.ticket_for(actor, reference)
        return Response(TicketDetailSerializer(ticket, context={"actor": actor}).data, status=status.HTTP_201_CREATED)


class StatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=TicketStatus.choices)


class TicketStatusView(APIView):
    @extend_schema(request=StatusSerializer, responses=TicketSerializer)
    def post(self, request: Request, reference: str) -> Response:
        actor = actor_of(request)
        ticket = ticket_queries.ticket_for(actor, reference)
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = ticket_services.ticket_status_set(
            actor=actor, ticket=ticket, status=serializer.validated_data["status"]
        )
        return Response(TicketSerializer(ticket).data)


class RatingSerializer(StrictSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TicketRating(APIView):
    @extend_schema(request=RatingSerializer, responses=TicketSerializer)
    def post(self, request: Request, reference: str) -> Response:
        actor = actor_of(request)
        ticket = ticket_queries.ticket_for(actor, reference)
        serializer = RatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = ticket_services.ticket_rate(actor=actor, ticket=ticket, rating=data["rating"], comment=data["comment"])
        return Response(TicketSerializer(ticket).data)


# --- policies ----------------------------------------------------------------------------------------------


class PolicyAnswersSerializer(StrictSerializer):
    """The eight answers. Checked by the same rules as the form: plain text, within each length."""

    organisation_name = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    siro_name = serializers.CharField(required=False, allow_blank=True)
    dpo_name = serializers.CharField(required=False, allow_blank=True)
    caldicott_guardian = serializers.CharField(required=False, allow_blank=True)
    it_provider = serializers.CharField(required=False, allow_blank=True)
    helpdesk_contact = serializers.CharField(required=False, allow_blank=True)
    backup_arrangements = serializers.CharField(required=False, allow_blank=True)


assert {f.name for f in ANSWER_FIELDS} == set(PolicyAnswersSerializer().fields), "API and form answers differ"


class PolicyAnswersView(APIView):
    @extend_schema(responses=PolicyAnswersSerializer)
    def get(self, request: Request, code: str) -> Response:
        actor = actor_of(request)
        organisation = core_queries.organisation_for(actor, code)
        return Response(policy_services.answers_dict(policy_queries.answers_of(actor, organisation)))

    @extend_schema(request=PolicyAnswersSerializer, responses=PolicyAnswersSerializer)
    def put(self, request: Request, code: str) -> Response:
        actor = actor_of(request)
        organisation = core_queries.organisation_for(actor, code)
        serializer = PolicyAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = policy_services.policy_answers_save(
            actor=actor, organisation=organisation, answers=dict(serializer.validated_data)
        )
        return Response(policy_services.answers_dict(record))


class IssuedPolicySerializer(serializers.Serializer[Any]):
    template = serializers.CharField(source="template.slug", read_only=True)
    title = serializers.CharField(source="template.title", read_only=True)
    version = serializers.IntegerField(read_only=True)
    issued_on = serializers.DateField(read_only=True)
    review_by = serializers.DateField(read_only=True)
    evidences = serializers.ListField(source="template.evidences", child=serializers.CharField(), read_only=True)
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    def get_docx_url(self, policy: IssuedPolicy) -> str:
        return reverse("support:policy-download", args=[policy.organisation.code, policy.pk, "docx"])

    def get_pdf_url(self, policy: IssuedPolicy) -> str:
        return reverse("support:policy-download", args=[policy.organisation.code, policy.pk, "pdf"])


class PolicyList(APIView):
    """The organisation's current policies (one per template issued)."""

    @extend_schema(responses=IssuedPolicySerializer(many=True))
    def get(self, request: Request, code: str) -> Response:
        actor = actor_of(request)
        organisation = core_queries.organisation_for(actor, code)
        current = [row.current for row in policy_queries.policy_rows(actor, organisation) if row.current]
        for policy in current:
            policy.organisation = organisation
        return Response(IssuedPolicySerializer(current, many=True).data)


class PolicyIssue(APIView):
    @extend_schema(request=None, responses={201: IssuedPolicySerializer})
    def post(self, request: Request, code: str, slug: str) -> Response:
        actor = actor_of(request)
        organisation = core_queries.organisation_for(actor, code)
        template = policy_queries.template_by_slug(slug)
        issued = policy_services.policy_issue(actor=actor, organisation=organisation, template=template)
        return Response(IssuedPolicySerializer(issued).data, status=status.HTTP_201_CREATED)


# --- events ------------------------------------------------------------------------------------------------


class EventSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    location = serializers.CharField(read_only=True)
    host = serializers.CharField(source="host_name", read_only=True)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    cancelled = serializers.SerializerMethodField()

    def get_cancelled(self, event: Event) -> bool:
        return event.cancelled_at is not None


class EventCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField(allow_blank=True)
    joining_link = serializers.CharField(allow_blank=True, required=False, default="")
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None)
    audience = serializers.ChoiceField(choices=EventAudience.choices, required=False, default=EventAudience.EVERYONE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts, ends = attrs["starts_at"].astimezone(UK), attrs["ends_at"].astimezone(UK)
        if starts.date() != ends.date():
            raise serializers.ValidationError({"ends_at": "An event starts and ends on the same day."})
        return attrs


class EventList(APIView):
    @extend_schema(responses=EventSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        past = request.query_params.get("when") == "past"
        events = event_queries.events_for(actor, now=timezone.now(), past=past)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(EventSerializer(page, many=True).data)

    @extend_schema(request=EventCreateSerializer, responses={201: EventSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = EventCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        starts, ends = data["starts_at"].astimezone(UK), data["ends_at"].astimezone(UK)
        event = event_services.event_publish(
            actor=actor,
            data=event_services.EventInput(
                kind=data["kind"],
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                day=starts.date(),
                starts=starts.time(),
                ends=ends.time(),
                location=data["location"],
                joining_link=data["joining_link"],
                capacity=data["capacity"],
                audience=data["audience"],
            ),
        )
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


class EventDetail(APIView):
    @extend_schema(responses=EventSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(EventSerializer(event_queries.event_for(actor_of(request), pk)).data)


class EventRegistrationView(APIView):
    """Book (POST) or cancel (DELETE) the caller's place."""

    @extend_schema(request=None, responses={201: inline_serializer("Booking", {"booked": serializers.BooleanField()})})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        event_services.event_register(actor=actor, event=event_queries.event_for(actor, pk))
        return Response({"booked": True}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        event_services.event_unregister(actor=actor, event=event_queries.event_for(actor, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- the partner dashboard ---------------------------------------------------------------------------------


class DashboardRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    columns = serializers.DictField(child=serializers.DictField())


class PartnerOrganisations(APIView):
    """The dashboard as data: the same filters as the page (`?tickets=yes`, `?type=care_home`, ...)."""

    @extend_schema(responses=DashboardRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not permissions.can_use_partner_dashboard(actor):
            raise PermissionDenied("Only support partners and the national team use the dashboard")
        columns = dashboard_columns()
        params = {key: str(value)[:200] for key, value in request.query_params.items()}
        organisations, _ = partner_queries.dashboard_organisations(actor, columns, params)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(organisations, request, view=self) or []
        rows = partner_queries.dashboard_rows(columns, page)
        data = [
            {
                "code": row.organisation.code,
                "name": row.organisation.name,
                "columns": {
                    c.key: {"text": cell.text, "value": cell.csv_value}
                    for c, cell in zip(columns, row.cells, strict=True)
                },
            }
            for row in rows
        ]
        return paginator.get_paginated_response(data)
