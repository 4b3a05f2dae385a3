"""Every change to awareness data: one keyword-only function per verb, in a transaction, audited.

Public visits to exercise links (`exercise_record_visit`) are the exception to
auditing: nobody signed in acts, they arrive by the thousand, and the
`ExerciseVisit` table is itself the append-only record of them.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import formataddr, parseaddr
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from markupsafe import Markup

from carecyber.awareness.engine.colour import ColourError, accessible_brand_colour
from carecyber.awareness.engine.content import Brand, load_themes
from carecyber.awareness.engine.logo import LogoError, sanitise_logo
from carecyber.awareness.engine.pack import ENGINE_VERSION, build_pack, check_fit, resolve_themes
from carecyber.awareness.engine.templates import load_templates, render_email
from carecyber.awareness.engine.text import TextDoesNotFit
from carecyber.awareness.models import (
    Branding,
    CampaignWeek,
    Channel,
    Exercise,
    ExerciseRecipient,
    ExerciseReport,
    ExerciseStatus,
    ExerciseVisit,
    Landing,
    Pack,
    PackDownload,
    PackStatus,
    VisitKind,
)
from carecyber.awareness.permissions import require_manage
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record, diff
from carecyber.core.mail import send_templated
from carecyber.core.models import Membership, Organisation, Role

HELPDESK_RE = re.compile(r"^[0-9+()\-. ]{6,25}(?:\s*(?:ext\.?|extension|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
MAX_WEEKS = 104
REMINDER_DAYS = 3
SEND_CHUNK = 200
MAX_WINDOW = timedelta(days=14)
HEADER = "X-CareCyber-Exercise"


# ---------------------------------------------------------------- branding


@dataclass(frozen=True)
class BrandingInput:
    name: str
    colour: str
    report_to: str
    helpdesk: str = ""
    logo: bytes | None = None  # a new upload; None keeps the current logo
    remove_logo: bool = False


def brand_of(branding: Branding) -> Brand:
    return Brand.create(
        name=branding.name,
        colour=branding.colour,
        report_to=branding.report_to,
        helpdesk=branding.helpdesk,
        logo_png=bytes(branding.logo_png) if branding.logo_png else None,
    )


def _fit_field(exc_role: str) -> str:
    return {"organisation_name": "name", "action": "report_to"}.get(exc_role, "name")


def branding_save(*, actor: Actor, organisation: Organisation, data: BrandingInput) -> tuple[Branding, list[str]]:
    """Create or change the branding. Returns it and what the lead should be told (a darkened colour)."""
    require_manage(actor)
    errors: dict[str, list[str]] = {}
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = ["Enter the name to show on the materials"]
    elif len(name) > 120:
        errors["name"] = ["Enter a name of 120 characters or fewer"]
    try:
        colour = accessible_brand_colour(data.colour)
    except ColourError as exc:
        errors["colour"] = [str(exc)]
        colour = None
    report_to = data.report_to.strip()
    try:
        validate_email(report_to)
    except ValidationError:
        errors["report_to"] = ["Enter the email address staff report suspicious emails to, like spam@example.nhs.uk"]
    helpdesk = " ".join(data.helpdesk.split())
    if helpdesk and not HELPDESK_RE.match(helpdesk):
        errors["helpdesk"] = ["Enter a phone number, like 0161 496 0123 or 0161 496 0123 ext 4567"]
    logo_png: bytes | None = None
    if data.logo is not None:
        try:
            logo_png = sanitise_logo(data.logo)
        except LogoError as exc:
            errors["logo"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    assert colour is not None
    with transaction.atomic():
        current = Branding.objects.select_for_update().filter(organisation=organisation).first()
        branding = current or Branding(organisation=organisation, version=0)
        before = _branding_snapshot(current) if current else {}
        branding.name, branding.colour, branding.colour_used = name, colour.requested_hex, colour.used_hex
        branding.report_to, branding.helpdesk = report_to, helpdesk
        if logo_png is not None:
            branding.logo_png, branding.logo_sha256 = logo_png, hashlib.sha256(logo_png).hexdigest()
        elif data.remove_logo:
            branding.logo_png, branding.logo_sha256 = None, ""
        problems = _fit_problems(branding)
        if problems:
            raise ValidationError(problems)
        after = _branding_snapshot(branding)
        changes = diff(before, after)
        if changes or current is None:
            branding.version += 1
            branding.updated_by = actor.user
            branding.save()
            audit_record(
                actor=actor,
                action="awareness.branding.saved",
                obj=branding,
                organisation=organisation,
                changes={**changes, "version": branding.version},
            )
    notes = [colour.explanation()] if colour.adjusted else []
    return branding, notes


def _branding_snapshot(branding: Branding) -> dict[str, object]:
    return {
        "name": branding.name,
        "colour": branding.colour,
        "report_to": branding.report_to,
        "helpdesk": branding.helpdesk,
        "logo": branding.logo_sha256[:12],
    }


def _fit_problems(branding: Branding) -> dict[str, list[str]]:
    """Words that cannot fit any format: refused now rather than at download time."""
    brand = brand_of(branding)
    try:
        problems = check_fit(brand)
    except TextDoesNotFit as exc:  # pragma: no cover - check_fit collects, it does not raise
        return {_fit_field(exc.role): [str(exc)]}
    if not problems:
        return {}
    out: dict[str, list[str]] = {}
    for message in problems[:3]:
        field = "name" if "organisation name" in message else "report_to" if "action" in message else "name"
        out.setdefault(field, []).append(message)
    return out


# ---------------------------------------------------------------- packs


def pack_key(branding: Branding, themes: list[str], variant: int) -> str:
    raw = f"{ENGINE_VERSION}|{branding.organisation_id}|{branding.version}|{','.join(themes)}|{variant}"
    return hashlib.sha256(raw.encode()).hexdigest()


def pack_request(*, actor: Actor, organisation: Organisation, themes: list[str], variant: int = 0) -> Pack:
    """The pack for the current branding: the cached one if it exists, or a new one built in the background."""
    require_manage(actor)
    try:
        chosen = [t.key for t in resolve_themes(themes)]
    except ValueError as exc:
        raise ValidationError({"themes": [str(exc)]}) from None
    if not 0 <= variant < 3:
        raise ValidationError({"variant": ["Choose version 1, 2 or 3 of the wording"]})
    branding = Branding.objects.filter(organisation=organisation).first()
    if branding is None:
        raise ValidationError({"themes": ["Set up your organisation's branding first"]})
    key = pack_key(branding, chosen, variant)
    with transaction.atomic():
        existing = Pack.objects.filter(key=key).first()
        if existing is not None and existing.status != PackStatus.FAILED:
            return existing
        if existing is not None:
            existing.delete()
        pack = Pack.objects.create(
            organisation=organisation,
            key=key,
            branding_version=branding.version,
            themes=chosen,
            variant=variant,
            created_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="awareness.pack.requested",
            obj=pack,
            organisation=organisation,
            changes={"themes": chosen, "variant": variant, "branding_version": branding.version},
        )
        from carecyber.awareness.tasks import build_pack_task

        transaction.on_commit(lambda: build_pack_task.delay(pack.pk))
    return pack


def pack_build(*, pack_id: int) -> Pack | None:
    """Render a requested pack and store it. Idempotent: a pack already built is left alone."""
    pack = Pack.objects.select_related("organisation").filter(pk=pack_id).first()
    if pack is None or pack.status == PackStatus.READY:
        return pack
    branding = Branding.objects.filter(organisation=pack.organisation).first()
    actor = Actor.system("awareness pack build")
    started = time.perf_counter()
    try:
        if branding is None or branding.version != pack.branding_version:
            raise ValueError("The branding changed while this pack was waiting: ask for the pack again")
        built = build_pack(brand_of(branding), pack.themes, variant=pack.variant)
    except (TextDoesNotFit, ValueError) as exc:
        with transaction.atomic():
            Pack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, error=str(exc)[:1000])
            audit_record(actor=actor, action="awareness.pack.failed", obj=pack, organisation=pack.organisation_id)
        pack.refresh_from_db()
        return pack
    base = f"awareness/packs/{pack.organisation_id}/{pack.key}"
    zip_path = default_storage.save(f"{base}.zip", ContentFile(built.zip_bytes))
    previews = io.BytesIO()
    with zipfile.ZipFile(previews, "w", zipfile.ZIP_STORED) as zf:
        for path, data in built.previews.items():
            zf.writestr(path, data)
    previews_path = default_storage.save(f"{base}-previews.zip", ContentFile(previews.getvalue()))
    with transaction.atomic():
        updated = (
            Pack.objects.filter(pk=pack.pk)
            .exclude(status=PackStatus.READY)
            .update(
                status=PackStatus.READY,
                zip_path=zip_path,
                previews_path=previews_path,
                zip_size=len(built.zip_bytes),
                manifest=built.manifest(),
                notes=built.notes,
                copy_text=built.copy_text,
                build_seconds=round(time.perf_counter() - started, 3),
                built_at=timezone.now(),
                error="",
            )
        )
        if updated:
            audit_record(
                actor=actor,
                action="awareness.pack.built",
                obj=pack,
                organisation=pack.organisation_id,
                changes={"files": len(built.files), "bytes": len(built.zip_bytes)},
            )
    if not updated:  # another worker finished first: drop our copy
        default_storage.delete(zip_path)
        default_storage.delete(previews_path)
    pack.refresh_from_db()
    return pack


def pack_record_download(*, actor: Actor, pack: Pack, week: CampaignWeek | None = None) -> PackDownload:
    with transaction.atomic():
        download = PackDownload.objects.create(
            organisation_id=pack.organisation_id, pack=pack, week=week, user=actor.user
        )
        audit_record(
            actor=actor,
            action="awareness.pack.downloaded",
            obj=pack,
            organisation=pack.organisation_id,
            changes={"week": str(week.week_start) if week else None},
        )
    return download


# ---------------------------------------------------------------- calendar


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _check_theme(theme: str) -> None:
    if theme not in load_themes():
        raise ValidationError({"theme": [f"Choose a theme from the list, not {theme!r}"]})


def calendar_plan(
    *, actor: Actor, organisation: Organisation, start: date, weeks: int, every: int, themes: list[str]
) -> list[CampaignWeek]:
    """Plan themes in turn: one week in every `every` weeks, over `weeks` weeks. Weeks already planned are kept."""
    require_manage(actor)
    errors: dict[str, list[str]] = {}
    if not themes:
        errors["themes"] = ["Choose at least one theme"]
    for theme in themes:
        if theme not in load_themes():
            errors.setdefault("themes", []).append(f"{theme!r} is not one of our themes")
    if not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"] = [f"Plan between 1 and {MAX_WEEKS} weeks"]
    if not 1 <= every <= 8:
        errors["every"] = ["Choose a gap of 1 to 8 weeks"]
    if errors:
        raise ValidationError(errors)
    first = monday_of(start)
    with transaction.atomic():
        taken = set(
            CampaignWeek.objects.filter(
                organisation=organisation, week_start__gte=first, week_start__lt=first + timedelta(weeks=weeks)
            ).values_list("week_start", flat=True)
        )
        created: list[CampaignWeek] = []
        turn = 0
        for n in range(0, weeks, every):
            week_start = first + timedelta(weeks=n)
            if week_start in taken:
                continue
            theme = themes[turn % len(themes)]
            variant = (turn // len(themes)) % 3  # the next wording each time a theme comes round again
            created.append(CampaignWeek(organisation=organisation, week_start=week_start, theme=theme, variant=variant))
            turn += 1
        CampaignWeek.objects.bulk_create(created)
        audit_record(
            actor=actor,
            action="awareness.calendar.planned",
            organisation=organisation,
            object_label=f"{len(created)} weeks from {first:%d %B %Y}",
            changes={"weeks": weeks, "every": every, "themes": themes, "created": len(created)},
        )
    return created


def campaign_week_save(
    *,
    actor: Actor,
    organisation: Organisation,
    week_start: date,
    theme: str,
    variant: int = 0,
    note: str = "",
    week: CampaignWeek | None = None,
) -> CampaignWeek:
    require_manage(actor)
    _check_theme(theme)
    if not 0 <= variant < 3:
        raise ValidationError({"variant": ["Choose version 1, 2 or 3 of the wording"]})
    monday = monday_of(week_start)
    with transaction.atomic():
        target = week or CampaignWeek(organisation=organisation)
        before = (
            {"week_start": str(target.week_start), "theme": target.theme, "variant": target.variant} if week else {}
        )
        clash = CampaignWeek.objects.filter(organisation=organisation, week_start=monday)
        if target.pk:
            clash = clash.exclude(pk=target.pk)
        if clash.exists():
            raise ValidationError(
                {"week_start": [f"The week of {monday:%d %B %Y} already has a theme: change that one"]}
            )
        if target.week_start != monday:
            target.reminder_sent_at = None
        target.week_start, target.theme, target.variant, target.note = monday, theme, variant, note.strip()[:300]
        try:
            target.save()
        except IntegrityError:
            raise ValidationError({"week_start": ["That week already has a theme"]}) from None
        audit_record(
            actor=actor,
            action="awareness.week.saved",
            obj=target,
            organisation=organisation,
            changes=diff(before, {"week_start": str(monday), "theme": theme, "variant": variant}),
        )
    return target


def campaign_week_remove(*, actor: Actor, week: CampaignWeek) -> None:
    require_manage(actor)
    with transaction.atomic():
        audit_record(actor=actor, action="awareness.week.removed", obj=week, organisation=week.organisation_id)
        week.delete()


def campaign_week_record_use(*, actor: Actor, week: CampaignWeek, channels: list[str]) -> CampaignWeek:
    require_manage(actor)
    unknown = set(channels) - set(Channel.values)
    if unknown or not channels:
        raise ValidationError({"channels": ["Choose where you used the materials"]})
    with transaction.atomic():
        week.used_channels = [c for c in Channel.values if c in channels]
        week.used_at = week.used_at or timezone.now()
        week.save(update_fields=["used_channels", "used_at"])
        audit_record(
            actor=actor,
            action="awareness.week.used",
            obj=week,
            organisation=week.organisation_id,
            changes={"channels": channels},
        )
    return week


def campaign_reminders_send(*, now: datetime | None = None, limit: int = 500) -> int:
    """Email the security leads of every organisation whose next campaign week starts within REMINDER_DAYS.

    Each week is marked before its email is queued (in one transaction), so a
    retry never reminds twice; `limit` keeps one run short and the next run
    carries on.
    """
    now = now or timezone.now()
    horizon = timezone.localdate(now) + timedelta(days=REMINDER_DAYS)
    actor = Actor.system("awareness campaign reminders")
    sent = 0
    with transaction.atomic():
        due = list(
            CampaignWeek.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                reminder_sent_at__isnull=True,
                week_start__lte=horizon,
                week_start__gte=timezone.localdate(now) - timedelta(days=6),
            )
            .select_related("organisation")
            .order_by("week_start", "pk")[:limit]
        )
        if not due:
            return 0
        CampaignWeek.objects.filter(pk__in=[w.pk for w in due]).update(reminder_sent_at=now)
        leads: dict[int, list[str]] = {}
        for m in Membership.objects.filter(
            organisation_id__in={w.organisation_id for w in due}, role=Role.SECURITY_LEAD, user__is_active=True
        ).select_related("user"):
            assert m.organisation_id is not None
            leads.setdefault(m.organisation_id, []).append(m.user.email)
        themes = load_themes()
        for week in due:
            to = leads.get(week.organisation_id, [])
            if not to:
                continue
            theme = themes.get(week.theme)
            context = {
                "organisation": week.organisation.name,
                "week": week,
                "theme": theme.name if theme else week.theme,
                "summary": theme.summary if theme else "",
                "link": f"{settings.SITE_URL}{reverse('awareness:week-detail', args=[week.pk])}",
            }
            transaction.on_commit(
                partial(
                    send_templated,
                    to=to,
                    subject=f"Next week's security campaign: {context['theme']}",
                    template="awareness_reminder",
                    context=context,
                )
            )
            sent += 1
        audit_record(
            actor=actor,
            action="awareness.reminders.sent",
            object_label=f"{sent} reminders",
            changes={"weeks": len(due)},
        )
    return sent


# ---------------------------------------------------------------- exercises


def exercise_header_prefix(organisation_id: int) -> str:
    """A per-organisation secret prefix for the X-CareCyber-Exercise header. A mail filter allow-lists
    "the header starts with this", which an outsider cannot guess (unlike the header name alone)."""
    return "cc" + salted_hmac("carecyber.awareness.exercise-header", str(organisation_id)).hexdigest()[:14]


def _new_token(organisation_id: int) -> str:
    return f"{exercise_header_prefix(organisation_id)}-{secrets.token_urlsafe(18)}"


@dataclass(frozen=True)
class ExerciseInput:
    name: str
    template_key: str
    teams: tuple[str, ...]
    window_start: datetime
    window_end: datetime
    landing: str = ""


def audience_of(organisation: Organisation, teams: tuple[str, ...] | list[str]) -> list[Membership]:
    qs = Membership.objects.filter(organisation=organisation, user__is_active=True).select_related("user")
    if teams:
        qs = qs.filter(team__in=list(teams))
    return list(qs.order_by("pk"))


def teams_of(organisation: Organisation) -> list[tuple[str, int]]:
    from django.db.models import Count

    rows = (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .exclude(team="")
        .values("team")
        .annotate(n=Count("pk"))
        .order_by("team")
    )
    return [(r["team"], r["n"]) for r in rows]


def _validate_exercise(data: ExerciseInput, organisation: Organisation, *, now: datetime) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = ["Give the exercise a name, like “Spring phishing check”"]
    if data.template_key not in load_templates():
        errors["template_key"] = ["Choose an email from the library"]
    if data.landing and data.landing not in Landing.values:
        errors["landing"] = ["Choose what happens when someone clicks"]
    if data.window_end <= data.window_start:
        errors["window_end"] = ["The sending window must end after it starts"]
    elif data.window_end - data.window_start > MAX_WINDOW:
        errors["window_end"] = ["Keep the sending window to 14 days or less"]
    if data.window_end <= now:
        errors.setdefault("window_end", []).append("The sending window must end in the future")
    known = {t for t, _ in teams_of(organisation)}
    unknown = [t for t in data.teams if t not in known]
    if unknown:
        errors["teams"] = [f"No one is in the team {', '.join(unknown)}"]
    elif not errors and not audience_of(organisation, data.teams):
        errors["teams"] = ["Nobody would get this email: choose other teams"]
    return errors


def exercise_create(*, actor: Actor, organisation: Organisation, data: ExerciseInput) -> Exercise:
    require_manage(actor)
    now = timezone.now()
    errors = _validate_exercise(data, organisation, now=now)
    if errors:
        raise ValidationError(errors)
    template = load_templates()[data.template_key]
    with transaction.atomic():
        exercise = Exercise.objects.create(
            organisation=organisation,
            name=data.name.strip()[:120],
            template_key=data.template_key,
            audience_teams=list(data.teams),
            window_start=data.window_start,
            window_end=data.window_end,
            landing=data.landing or template.landing,
            created_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="awareness.exercise.created",
            obj=exercise,
            organisation=organisation,
            changes={"template": data.template_key, "teams": list(data.teams), "landing": exercise.landing},
        )
    return exercise


def exercise_launch(*, actor: Actor, exercise: Exercise, now: datetime | None = None) -> Exercise:
    """Pick the audience and give each person a random sending time inside the window (staggered)."""
    require_manage(actor)
    now = now or timezone.now()
    with transaction.atomic():
        current = Exercise.objects.select_for_update().get(pk=exercise.pk)
        if current.status != ExerciseStatus.DRAFT:
            raise ValidationError({"status": ["Only a draft exercise can be started"]})
        if current.window_end <= now:
            raise ValidationError({"window_end": ["The sending window has passed: set a new one"]})
        people = audience_of(current.organisation, current.audience_teams)
        if not people:
            raise ValidationError({"teams": ["Nobody would get this email"]})
        start = max(current.window_start, now)
        span = (current.window_end - start).total_seconds()
        order = list(people)
        secrets.SystemRandom().shuffle(order)
        recipients = [
            ExerciseRecipient(
                exercise=current,
                membership=m,
                email=m.user.email,
                first_name=(m.user.full_name.split() or [""])[0][:80],
                team=m.team,
                token=_new_token(current.organisation_id),
                scheduled_at=start + timedelta(seconds=span * (i + 0.5) / len(order)),
            )
            for i, m in enumerate(order)
        ]
        ExerciseRecipient.objects.bulk_create(recipients, batch_size=1000)
        current.status, current.launched_at = ExerciseStatus.SCHEDULED, now
        current.save(update_fields=["status", "launched_at"])
        audit_record(
            actor=actor,
            action="awareness.exercise.launched",
            obj=current,
            organisation=current.organisation_id,
            changes={"recipients": len(recipients), "from": start.isoformat(), "to": current.window_end.isoformat()},
        )
    return current


def exercise_cancel(*, actor: Actor, exercise: Exercise) -> Exercise:
    """Stop an exercise: emails not yet sent are never sent."""
    require_manage(actor)
    with transaction.atomic():
        current = Exercise.objects.select_for_update().get(pk=exercise.pk)
        if current.status not in {ExerciseStatus.DRAFT, ExerciseStatus.SCHEDULED}:
            raise ValidationError({"status": ["This exercise has already finished"]})
        unsent = current.recipients.filter(sent_at__isnull=True).count()
        current.status = ExerciseStatus.CANCELLED
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor,
            action="awareness.exercise.cancelled",
            obj=current,
            organisation=current.organisation_id,
            changes={"unsent": unsent},
        )
    return current


def exercise_close(*, actor: Actor, exercise: Exercise) -> Exercise:
    """Finish an exercise whose emails have all gone: the results stop changing, and the names and
    addresses of the people it went to are removed (tokens, teams and times stay for the results)."""
    require_manage(actor)
    with transaction.atomic():
        current = Exercise.objects.select_for_update().get(pk=exercise.pk)
        if current.status != ExerciseStatus.SCHEDULED:
            raise ValidationError({"status": ["Only a running exercise can be closed"]})
        if current.recipients.filter(sent_at__isnull=True).exists():
            raise ValidationError({"status": ["Some emails have not been sent yet: wait, or cancel the exercise"]})
        current.status, current.closed_at = ExerciseStatus.CLOSED, timezone.now()
        current.save(update_fields=["status", "closed_at"])
        # The results need only teams and times: who received it is forgotten once it is over.
        forgotten = current.recipients.update(email="", first_name="", membership=None)
        audit_record(
            actor=actor,
            action="awareness.exercise.closed",
            obj=current,
            organisation=current.organisation_id,
            changes={"recipients_forgotten": forgotten},
        )
    return current


def exercise_link(token: str) -> str:
    base = str(getattr(settings, "AWARENESS_EXERCISE_SITE_URL", "") or settings.SITE_URL).rstrip("/")
    return f"{base}{reverse('awareness:exercise-click', args=[token])}"


def _exercise_from_address(sender_name: str) -> str:
    configured = str(getattr(settings, "AWARENESS_EXERCISE_FROM_EMAIL", "") or settings.DEFAULT_FROM_EMAIL)
    return formataddr((sender_name, parseaddr(configured)[1]))


def exercise_send_due(*, now: datetime | None = None, limit: int = SEND_CHUNK) -> int:
    """Send the emails whose time has come, at most `limit` per run (the schedule runs it every minute).

    Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED and marked sent in the
    same transaction; the emails are queued only after it commits, so two
    workers never send the same one and a crash before commit sends nothing.
    """
    now = now or timezone.now()
    actor = Actor.system("awareness exercise sending")
    with transaction.atomic():
        due = list(
            ExerciseRecipient.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True, scheduled_at__lte=now, exercise__status=ExerciseStatus.SCHEDULED)
            .select_related("exercise", "exercise__organisation")
            .order_by("scheduled_at", "pk")[:limit]
        )
        if not due:
            return 0
        ExerciseRecipient.objects.filter(pk__in=[r.pk for r in due]).update(sent_at=now)
        templates = load_templates()
        for r in due:
            template = templates[r.exercise.template_key]
            email = render_email(
                template,
                first_name=r.first_name,
                organisation=r.exercise.organisation.name,
                link=exercise_link(r.token),
            )
            message: dict[str, Any] = {
                "to": [r.email],
                "subject": email.subject,
                "template": "awareness_exercise",
                "context": {
                    "body_html": Markup(email.html),  # built from escaped parts in render_email
                    "body_text": email.text,
                    "pixel": f"{exercise_link(r.token)}/p.png",
                },
                "headers": {HEADER: r.token, "From": _exercise_from_address(template.sender_name)},
            }
            transaction.on_commit(partial(send_templated, **message))
        audit_record(
            actor=actor,
            action="awareness.exercise.emails_sent",
            object_label=f"{len(due)} exercise emails",
            changes={"exercises": sorted({r.exercise_id for r in due})},
        )
    return len(due)


def exercise_record_visit(
    *, token: str, kind: str, method: str = "GET", user_agent: str = "", now: datetime | None = None
) -> ExerciseRecipient | None:
    """Record an open, click or typed-in form for a token. Link scanners are kept but not counted.

    Never given, and so never stores, what was typed."""
    from carecyber.awareness.engine.scanner import classify

    now = now or timezone.now()
    with transaction.atomic():
        recipient = (
            ExerciseRecipient.objects.select_for_update()
            .select_related("exercise")
            .filter(token=token, sent_at__isnull=False)
            .exclude(exercise__status=ExerciseStatus.CANCELLED)
            .first()
        )
        if recipient is None:
            return None
        if kind == VisitKind.SUBMIT:
            counted, reason = True, ""
        else:
            seconds = (now - recipient.sent_at).total_seconds() if recipient.sent_at else None
            verdict = classify(
                method=method,
                user_agent=user_agent,
                seconds_after_delivery=seconds if kind == VisitKind.CLICK else None,
                min_seconds=recipient.exercise.scanner_seconds,
            )
            counted, reason = not verdict.scanner, verdict.reason
        ExerciseVisit.objects.create(recipient=recipient, kind=kind, counted=counted, reason=reason[:80])
        if counted:
            field = {VisitKind.OPEN: "opened_at", VisitKind.CLICK: "clicked_at", VisitKind.SUBMIT: "submitted_at"}[
                VisitKind(kind)
            ]
            ExerciseRecipient.objects.filter(pk=recipient.pk).filter(**{f"{field}__isnull": True}).update(
                **{field: now}
            )
            if kind != VisitKind.OPEN:
                ExerciseRecipient.objects.filter(pk=recipient.pk, opened_at__isnull=True).update(opened_at=now)
            if kind == VisitKind.SUBMIT:
                ExerciseRecipient.objects.filter(pk=recipient.pk, clicked_at__isnull=True).update(clicked_at=now)
    recipient.refresh_from_db()
    return recipient


def exercise_record_report(*, token: str, reported_at: datetime, source: str = "") -> bool:
    """Record that the simulated email with this X-CareCyber-Exercise token was reported.

    Called by the phishing-report mailbox or button. Returns False when the
    token is not one of ours (the report is then an ordinary one). Reporting
    twice keeps the first time.
    """
    token = token.strip()
    with transaction.atomic():
        # Locking the recipient row serialises two reports of the same email (mailbox and button at once),
        # so the second sees the first and only one report row and one audit record are written.
        recipient = (
            ExerciseRecipient.objects.select_for_update(of=("self",))
            .filter(token=token)
            .select_related("exercise")
            .first()
        )
        if recipient is None:
            return False
        if ExerciseReport.objects.filter(token=token).exists():
            ExerciseReport.objects.filter(token=token, reported_at__gt=reported_at).update(reported_at=reported_at)
            return True
        ExerciseReport.objects.create(token=token, reported_at=reported_at, source=source[:40])
        audit_record(
            actor=Actor.system(f"exercise report ({source or 'unknown route'})"),
            action="awareness.exercise.reported",
            obj=recipient.exercise,
            organisation=recipient.exercise.organisation_id,
        )
    return True


def exercise_pending_filter() -> Q:
    return Q(status=ExerciseStatus.SCHEDULED)


def exercise_act(*, actor: Actor, exercise: Exercise, verb: str) -> Exercise:
    """Launch, cancel or close, by name (for pages and the API, which offer all three as buttons)."""
    if verb == "launch":
        return exercise_launch(actor=actor, exercise=exercise)
    if verb == "cancel":
        return exercise_cancel(actor=actor, exercise=exercise)
    if verb == "close":
        return exercise_close(actor=actor, exercise=exercise)
    raise ValueError(f"Unknown exercise action {verb!r}")
