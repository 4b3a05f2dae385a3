"""Scoped reads for Broadcast. Advisories through their TLP rule; everything else through the tenancy scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carecyber.alerts.models import (
    Advisory,
    AdvisoryRevision,
    AdvisorySeen,
    AdvisoryStatus,
    AlertContact,
    Applicability,
    Asset,
    Delivery,
    DeliveryStatus,
    FanOut,
    Notification,
    Response,
    ResponseEvent,
    ResponseState,
)
from carecyber.alerts.permissions import can_publish
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation


def advisories_for(
    actor: Actor, *, status: str = "", severity: str = "", search: str = "", mine: bool = False
) -> QuerySet[Advisory]:
    qs = Advisory.objects.visible_to(actor)
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(title__icontains=term) | Q(reference__iexact=term.upper()) | Q(cves__cve_id__iexact=term.upper())
        )
    if mine:
        qs = qs.filter(pk__in=Response.objects.visible_to(actor).values("advisory_id"))
    return qs.distinct().order_by(F("published_at").desc(nulls_first=True), "-created_at")


def advisory_for(actor: Actor, reference: str) -> Advisory:
    """One advisory by reference, or 404 when the actor may not read it."""
    return get_object_or_404(Advisory.objects.visible_to(actor), reference=reference.upper())


def revision_for(advisory: Advisory, number: int) -> AdvisoryRevision | None:
    return advisory.revisions.filter(number=number).first()


def last_seen_revision(actor: Actor, advisory: Advisory) -> int | None:
    if actor.user is None:
        return None
    return AdvisorySeen.objects.filter(user=actor.user, advisory=advisory).values_list("revision", flat=True).first()


def responses_to(actor: Actor, advisory: Advisory) -> QuerySet[Response]:
    """The responses to one advisory the actor may see (their organisation and sites; a partner's; all)."""
    return (
        Response.objects.visible_to(actor)
        .filter(advisory=advisory)
        .select_related("organisation", "acknowledged_by", "closed_by")
        .order_by("organisation__name")
    )


def response_for(actor: Actor, pk: int) -> Response:
    return get_object_or_404(Response.objects.visible_to(actor).select_related("advisory", "organisation"), pk=pk)


def events_of(actor: Actor, responses: list[Response]) -> QuerySet[ResponseEvent]:
    return (
        ResponseEvent.objects.visible_to(actor)
        .filter(response__in=responses)
        .select_related("response__organisation", "acting_for")
        .order_by("-at", "-pk")
    )


def open_responses(actor: Actor, organisation: Organisation | None = None) -> QuerySet[Response]:
    """Alerts still to deal with, soonest deadline first."""
    qs = (
        Response.objects.visible_to(actor)
        .filter(advisory__status=AdvisoryStatus.PUBLISHED)
        .exclude(state=ResponseState.CLOSED)
        .select_related("advisory", "organisation")
    )
    if organisation is not None:
        qs = qs.filter(Q(organisation=organisation) | Q(organisation__parent=organisation))
    return qs.order_by(F("ack_due_at").asc(nulls_last=True), F("next_update_due_at").asc(nulls_last=True), "pk")


def organisation_for(actor: Actor, code: str) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(actor), code=code.upper())


def assets_of(actor: Actor, organisation: Organisation, *, search: str = "") -> QuerySet[Asset]:
    qs = Asset.objects.visible_to(actor).filter(organisation=organisation)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(vendor_name__icontains=term)
            | Q(product_name__icontains=term)
            | Q(version__icontains=term)
            | Q(purl__icontains=term)
            | Q(location__icontains=term)
        )
    return qs.order_by("vendor_name", "product_name", "version", "pk")


def asset_for(actor: Actor, organisation: Organisation, pk: int) -> Asset:
    return get_object_or_404(Asset.objects.visible_to(actor), organisation=organisation, pk=pk)


def advisories_touching(actor: Actor, organisation: Organisation) -> QuerySet[Response]:
    """Every published advisory that targeted the organisation, newest first."""
    return (
        Response.objects.visible_to(actor)
        .filter(organisation=organisation)
        .exclude(advisory__status=AdvisoryStatus.DRAFT)
        .select_related("advisory")
        .order_by("-targeted_at")
    )


def contacts_of(actor: Actor, organisation: Organisation) -> QuerySet[AlertContact]:
    return AlertContact.objects.visible_to(actor).filter(organisation=organisation).select_related("user")


def contact_for(actor: Actor, organisation: Organisation, pk: int) -> AlertContact:
    return get_object_or_404(AlertContact.objects.visible_to(actor), organisation=organisation, pk=pk)


def notifications_of(actor: Actor) -> QuerySet[Notification]:
    if actor.user is None:
        return Notification.objects.none()
    return Notification.objects.filter(user=actor.user).select_related("advisory").order_by("-created_at", "-pk")


def unread_count(actor: Actor) -> int:
    if actor.user is None:
        return 0
    return Notification.objects.filter(user=actor.user, read_at__isnull=True).count()


@dataclass
class AdvisoryFigures:
    advisory: Advisory
    targeted: int
    acknowledged: int
    applicable: int
    not_applicable: int
    closed: int
    overdue: int
    seen: int

    @property
    def acknowledged_percent(self) -> int:
        return round(100 * self.acknowledged / self.targeted) if self.targeted else 0


def _figures_annotations(now: datetime) -> dict[str, Any]:
    return {
        "targeted": Count("pk"),
        "acknowledged": Count("pk", filter=Q(acknowledged_at__isnull=False)),
        "applicable": Count("pk", filter=Q(applicability=Applicability.APPLICABLE)),
        "not_applicable": Count("pk", filter=Q(applicability=Applicability.NOT_APPLICABLE)),
        "closed": Count("pk", filter=Q(state=ResponseState.CLOSED)),
        "overdue": Count(
            "pk",
            filter=(Q(state=ResponseState.OPEN, ack_due_at__lt=now))
            | Q(state__in=[ResponseState.ACKNOWLEDGED, ResponseState.IN_PROGRESS], next_update_due_at__lt=now),
        ),
        "seen": Count("pk", filter=Q(first_seen_at__isnull=False)),
    }


def advisory_figures(actor: Actor, advisories: list[Advisory]) -> list[AdvisoryFigures]:
    """Per advisory: targeted, acknowledged, applicable, closed, overdue (one grouped query)."""
    now = timezone.now()
    rows = {
        row["advisory_id"]: row
        for row in Response.objects.visible_to(actor)
        .filter(advisory__in=advisories)
        .values("advisory_id")
        .annotate(**_figures_annotations(now))
        .order_by()
    }
    empty = dict.fromkeys(("targeted", "acknowledged", "applicable", "not_applicable", "closed", "overdue", "seen"), 0)
    return [
        AdvisoryFigures(
            advisory=a,
            **{k: int(rows.get(a.pk, empty)[k]) for k in empty},
        )
        for a in advisories
    ]


ACK_BUCKETS: list[tuple[str, timedelta | None]] = [
    ("Within 4 hours", timedelta(hours=4)),
    ("4 to 24 hours", timedelta(hours=24)),
    ("1 to 2 days", timedelta(hours=48)),
    ("2 to 7 days", timedelta(days=7)),
    ("More than 7 days", None),
]


def time_to_acknowledge(actor: Actor, advisory: Advisory | None = None) -> list[tuple[str, int]]:
    """How long organisations took to acknowledge, in buckets (with those that have not yet)."""
    qs = Response.objects.visible_to(actor).exclude(advisory__status=AdvisoryStatus.DRAFT)
    if advisory is not None:
        qs = qs.filter(advisory=advisory)
    annotations: dict[str, Any] = {}
    lower: timedelta | None = timedelta(0)
    for index, (_, upper) in enumerate(ACK_BUCKETS):
        took = F("acknowledged_at") - F("targeted_at")
        condition = Q(acknowledged_at__isnull=False)
        if lower is not None and lower > timedelta(0):
            condition &= Q(acknowledged_at__gte=F("targeted_at") + lower)
        if upper is not None:
            condition &= Q(acknowledged_at__lt=F("targeted_at") + upper)
        del took
        annotations[f"b{index}"] = Count("pk", filter=condition)
        lower = upper
    annotations["waiting"] = Count("pk", filter=Q(acknowledged_at__isnull=True) & ~Q(state=ResponseState.CLOSED))
    totals = qs.aggregate(**annotations)
    rows = [(label, int(totals[f"b{i}"] or 0)) for i, (label, _) in enumerate(ACK_BUCKETS)]
    rows.append(("Not yet acknowledged", int(totals["waiting"] or 0)))
    return rows


def in_scope_or_404(actor: Actor, organisation: Organisation) -> None:
    if not Organisation.objects.visible_to(actor).filter(pk=organisation.pk).exists():
        raise Http404


@dataclass(frozen=True)
class DeliveryProgress:
    """How telling everyone about one revision is going: the fan-out's step and its emails and notices."""

    revision: int
    kind: str
    state: str
    state_label: str
    targeted: int
    sent: int
    waiting: int
    failed: int
    notices: int
    started_at: datetime
    finished_at: datetime | None

    @property
    def emails(self) -> int:
        return self.sent + self.waiting + self.failed

    def as_dict(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "kind": self.kind,
            "state": self.state,
            "organisations_targeted": self.targeted,
            "emails": {"total": self.emails, "sent": self.sent, "waiting": self.waiting, "failed": self.failed},
            "in_app_notices": self.notices,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


def delivery_progress(actor: Actor, advisory: Advisory) -> list[DeliveryProgress]:
    """Per revision, newest first: the national team's view of who has been told (nobody else's)."""
    if not can_publish(actor):  # the people who publish alerts are the ones who follow their delivery
        return []
    emails: dict[int, dict[str, int]] = {}
    for row in (
        Delivery.objects.filter(advisory=advisory)
        .values("revision")
        .annotate(
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            waiting=Count("pk", filter=Q(status=DeliveryStatus.PENDING)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        )
        .order_by()
    ):
        emails[row["revision"]] = row
    notices = dict(
        Notification.objects.filter(advisory=advisory).values("key").annotate(n=Count("pk")).values_list("key", "n")
    )
    progress = []
    for fanout in FanOut.objects.filter(advisory=advisory).order_by("-revision"):
        counts = emails.get(fanout.revision, {})
        progress.append(
            DeliveryProgress(
                revision=fanout.revision,
                kind=fanout.kind,
                state=fanout.state,
                state_label=fanout.get_state_display(),
                targeted=fanout.targeted,
                sent=counts.get("sent", 0),
                waiting=counts.get("waiting", 0),
                failed=counts.get("failed", 0),
                notices=notices.get(Notification.key_for_revision(advisory.pk, fanout.revision), 0),
                started_at=fanout.created_at,
                finished_at=fanout.finished_at,
            )
        )
    return progress
