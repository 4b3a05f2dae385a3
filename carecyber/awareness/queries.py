"""Scoped reads of awareness data: every page and endpoint comes through here or `visible_to`."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.files.storage import default_storage
from django.db.models import Count, F, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carecyber.awareness.engine.results import Outcome, Results, compute
from carecyber.awareness.models import (
    Branding,
    CampaignWeek,
    Exercise,
    ExerciseRecipient,
    ExerciseReport,
    ExerciseStatus,
    ExerciseVisit,
    Pack,
    PackDownload,
    PackStatus,
)
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation


def branding_for(actor: Actor, organisation: Organisation) -> Branding | None:
    return Branding.objects.visible_to(actor).filter(organisation=organisation).first()


def packs_for(actor: Actor, organisation: Organisation) -> QuerySet[Pack]:
    return (
        Pack.objects.visible_to(actor)
        .filter(organisation=organisation)
        .annotate(download_count=Count("downloads"))
        .order_by("-created_at", "-id")
    )


def pack_for(actor: Actor, pk: int) -> Pack:
    return get_object_or_404(Pack.objects.visible_to(actor), pk=pk)


def current_pack(actor: Actor, pack: Pack) -> bool:
    """Whether the pack was made from the branding as it is now."""
    branding = Branding.objects.visible_to(actor).filter(organisation_id=pack.organisation_id).first()
    return branding is not None and branding.version == pack.branding_version


def pack_entry(pack: Pack, path: str, *, preview: bool = False) -> tuple[bytes, str]:
    """One file of a built pack (or its preview), only if the manifest lists it."""
    entry = next((f for f in pack.manifest if f["path"] == path), None)
    if pack.status != PackStatus.READY or entry is None or (preview and entry["media_type"] != "image/png"):
        raise Http404("No such file in this pack")
    with (
        default_storage.open(pack.previews_path if preview else pack.zip_path, "rb") as handle,
        zipfile.ZipFile(handle) as zf,
    ):
        return zf.read(path), str(entry["media_type"])


def downloads_for(actor: Actor, organisation: Organisation) -> QuerySet[PackDownload]:
    return (
        PackDownload.objects.visible_to(actor)
        .filter(organisation=organisation)
        .select_related("pack", "user", "week")
        .order_by("-at", "-id")
    )


def weeks_for(actor: Actor, organisation: Organisation, *, since: date | None = None) -> QuerySet[CampaignWeek]:
    qs = (
        CampaignWeek.objects.visible_to(actor)
        .filter(organisation=organisation)
        .annotate(download_count=Count("downloads"))
        .order_by("week_start")
    )
    if since is not None:
        qs = qs.filter(week_start__gte=since)
    return qs


def week_for(actor: Actor, pk: int) -> CampaignWeek:
    return get_object_or_404(CampaignWeek.objects.visible_to(actor).select_related("organisation"), pk=pk)


def next_week(actor: Actor, organisation: Organisation, *, today: date | None = None) -> CampaignWeek | None:
    """The campaign week running now, or the next one to come."""
    today = today or timezone.localdate()
    return (
        CampaignWeek.objects.visible_to(actor)
        .filter(organisation=organisation, week_start__gt=today - timedelta(days=7))
        .order_by("week_start")
        .first()
    )


def exercises_for(actor: Actor, organisation: Organisation, *, status: str = "") -> QuerySet[Exercise]:
    qs = (
        Exercise.objects.visible_to(actor)
        .filter(organisation=organisation)
        .annotate(
            recipient_count=Count("recipients"),
            sent_count=Count("recipients", filter=Q(recipients__sent_at__isnull=False)),
        )
        .order_by("-window_start", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def running_exercises(actor: Actor, organisation: Organisation) -> QuerySet[Exercise]:
    return exercises_for(actor, organisation, status=ExerciseStatus.SCHEDULED)


def exercise_for(actor: Actor, pk: int) -> Exercise:
    return get_object_or_404(Exercise.objects.visible_to(actor).select_related("organisation"), pk=pk)


def exercise_reports(exercise: Exercise) -> list[tuple[str, datetime]]:
    """Reports of this exercise's emails: (recipient token, first time it was reported).

    The single source of "reported" for results. Until the phishing-report
    capability is merged it reads our own `ExerciseReport` table (fed by
    `services.exercise_record_report`); afterwards one line changes it to read
    the phishing reports' `exercise_token` instead.
    """
    tokens = ExerciseRecipient.objects.filter(exercise=exercise).values("token")
    # The one line to change after the merge with phishing reporting (its report model has `exercise_token`):
    #   reports = PhishingReport.objects.filter(exercise_token__in=tokens).annotate(
    #       t=F("exercise_token"), at=F("received_at"))
    reports = ExerciseReport.objects.filter(token__in=tokens).annotate(t=F("token"), at=F("reported_at"))
    rows = reports.values("t").annotate(first=Min("at")).order_by("first").values_list("t", "first")
    return [(str(token), first) for token, first in rows]


@dataclass(frozen=True)
class Progress:
    recipients: int
    sent: int
    scanner_visits: int
    next_send: datetime | None


def exercise_progress(exercise: Exercise) -> Progress:
    counts = ExerciseRecipient.objects.filter(exercise=exercise).aggregate(
        recipients=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        next_send=Min("scheduled_at", filter=Q(sent_at__isnull=True)),
    )
    scanners = ExerciseVisit.objects.filter(recipient__exercise=exercise, counted=False).count()
    return Progress(counts["recipients"], counts["sent"], scanners, counts["next_send"])


def exercise_results(exercise: Exercise) -> Results:
    """Figures for everyone and per team (small teams grouped); no figure ever names a person."""
    reported = dict(exercise_reports(exercise))
    rows = ExerciseRecipient.objects.filter(exercise=exercise).values_list(
        "token", "team", "sent_at", "opened_at", "clicked_at", "submitted_at"
    )
    outcomes = (
        Outcome(
            team=team,
            sent_at=sent_at,
            opened=opened_at is not None,
            clicked_at=clicked_at,
            submitted=submitted_at is not None,
            reported_at=reported.get(token),
        )
        for token, team, sent_at, opened_at, clicked_at, submitted_at in rows.iterator(chunk_size=2000)
    )
    return compute(outcomes)


def recipient_by_token(token: str) -> ExerciseRecipient | None:
    """For the public exercise pages: the token is the only key (it is long and random)."""
    if not 20 <= len(token) <= 80:
        return None
    return (
        ExerciseRecipient.objects.select_related("exercise", "exercise__organisation")
        .filter(token=token, sent_at__isnull=False)
        .first()
    )


def branding_for_exercise(exercise: Exercise) -> Branding | None:
    """For the public lesson page: where this organisation's staff report suspicious emails."""
    return Branding.objects.filter(organisation_id=exercise.organisation_id).first()


def national_counts() -> dict[str, int]:
    """For the national team's home page: how widely campaigns and exercises are used."""
    return {
        "organisations_with_branding": Branding.objects.count(),
        "packs_built": Pack.objects.filter(status=PackStatus.READY).count(),
        "downloads": PackDownload.objects.count(),
        "exercises_running": Exercise.objects.filter(status=ExerciseStatus.SCHEDULED).count(),
    }
