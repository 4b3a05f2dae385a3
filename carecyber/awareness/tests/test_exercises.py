"""Phishing exercises end to end: create, launch (staggered), send with the allow-list header, track clicks
without counting link scanners, never keep what was typed, teach kindly, count reports, show results per team."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecyber.awareness import queries, services
from carecyber.awareness.models import Branding, Exercise, ExerciseRecipient, ExerciseStatus, ExerciseVisit
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"


def _exercise(
    world: World, *, teams: tuple[str, ...] = (), template: str = "parking-permit", landing: str = ""
) -> Exercise:
    now = timezone.now()
    return services.exercise_create(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.ExerciseInput(
            name="Spring check",
            template_key=template,
            teams=teams,
            window_start=now,
            window_end=now + timedelta(hours=4),
            landing=landing,
        ),
    )


def _launched(world: World, committed, **kwargs: object) -> Exercise:  # type: ignore[no-untyped-def]
    exercise = _exercise(world, **kwargs)  # type: ignore[arg-type]
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    with committed():
        services.exercise_send_due(now=exercise.window_end)
    # as if the emails went out ten minutes ago, so clicks now are people, not scanners
    ExerciseRecipient.objects.filter(exercise=exercise).update(sent_at=timezone.now() - timedelta(minutes=10))
    return exercise


def test_launch_spreads_the_emails_across_the_window(world: World, teams_a: dict[str, int]) -> None:
    exercise = _exercise(world, teams=("Ward 7", "Pharmacy"))
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.SCHEDULED
    times = sorted(ExerciseRecipient.objects.filter(exercise=exercise).values_list("scheduled_at", flat=True))
    assert len(times) == 11
    assert times[0] >= exercise.launched_at and times[-1] < exercise.window_end
    gaps = [(b - a).total_seconds() for a, b in pairwise(times)]
    assert min(gaps) > 60  # staggered, not all at once
    tokens = set(ExerciseRecipient.objects.filter(exercise=exercise).values_list("token", flat=True))
    prefix = services.exercise_header_prefix(world.org_a.pk)
    assert len(tokens) == 11 and all(t.startswith(prefix + "-") and len(t) > 30 for t in tokens)


def test_only_due_emails_are_sent_once_each_with_the_allow_list_header(
    world: World, teams_a: dict[str, int], committed
) -> None:  # type: ignore[no-untyped-def]
    exercise = _exercise(world, teams=("Ward 7",))
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    middle = exercise.window_start + (exercise.window_end - exercise.window_start) / 2
    with committed():
        first = services.exercise_send_due(now=middle)
    assert 0 < first < 6
    with committed():
        rest = services.exercise_send_due(now=exercise.window_end)
        again = services.exercise_send_due(now=exercise.window_end)
    assert first + rest == 6 and again == 0
    assert len(mail.outbox) == 6
    message = mail.outbox[0]
    token = message.extra_headers["X-CareCyber-Exercise"]
    recipient = ExerciseRecipient.objects.get(token=token)
    assert message.to == [recipient.email]
    assert message.subject == "Action needed: renew your staff parking permit by Friday"
    sent = message.message()
    assert sent["X-CareCyber-Exercise"] == token
    assert sent["From"].startswith("Estates and Parking Office <")
    link = services.exercise_link(token)
    assert link in message.body and f'href="{link}"' in message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "CareCyber" not in message.body  # the practice email does not give itself away


def test_cancelled_exercises_send_nothing_more(world: World, teams_a: dict[str, int], committed) -> None:  # type: ignore[no-untyped-def]
    exercise = _exercise(world)
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    services.exercise_cancel(actor=lead_actor(world), exercise=exercise)
    with committed():
        assert services.exercise_send_due(now=exercise.window_end) == 0
    assert mail.outbox == []


def test_link_scanners_are_recorded_but_not_counted_and_a_person_is(
    world: World, teams_a: dict[str, int], committed
) -> None:  # type: ignore[no-untyped-def]
    exercise = _launched(world, committed, landing="teach")
    recipient = ExerciseRecipient.objects.filter(exercise=exercise).first()
    assert recipient is not None and recipient.sent_at is not None
    client = Client()
    url = reverse("awareness:exercise-click", args=[recipient.token])
    assert client.head(url, HTTP_USER_AGENT=BROWSER).status_code == 200
    client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Proofpoint URL Defense)")
    services.exercise_record_visit(
        token=recipient.token, kind="click", user_agent=BROWSER, now=recipient.sent_at + timedelta(seconds=3)
    )
    recipient.refresh_from_db()
    assert recipient.clicked_at is None
    reasons = sorted(ExerciseVisit.objects.filter(recipient=recipient).values_list("reason", flat=True))
    assert reasons == ["3 seconds after delivery", "HEAD request", "known scanner (proofpoint)"]
    response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302 and response["Location"] == reverse(
        "awareness:exercise-learn", args=[recipient.token]
    )
    recipient.refresh_from_db()
    assert recipient.clicked_at is not None and recipient.opened_at is not None
    assert queries.exercise_progress(exercise).scanner_visits == 3


def test_the_practice_page_never_keeps_what_was_typed(world: World, teams_a: dict[str, int], committed) -> None:  # type: ignore[no-untyped-def]
    exercise = _launched(world, committed, landing="form")
    recipient = ExerciseRecipient.objects.filter(exercise=exercise).first()
    assert recipient is not None
    client = Client()
    page = client.get(reverse("awareness:exercise-click", args=[recipient.token]), HTTP_USER_AGENT=BROWSER)
    assert page.status_code == 200 and "Sign in to continue" in page.content.decode()
    stamp = page.context["stamp"] if page.context else None
    html = page.content.decode()
    stamp = html.split('name="stamp" value="')[1].split('"')[0]
    secret = "Tr0ub4dor-unique-marker-7731"
    response = client.post(
        reverse("awareness:exercise-submit", args=[recipient.token]),
        {"stamp": stamp, "username": "sid.staff", "password": secret},
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 302
    lesson = client.get(response["Location"]).content.decode()
    assert "You typed something into the practice page" in lesson and secret not in lesson
    recipient.refresh_from_db()
    assert recipient.submitted_at is not None
    with connection.cursor() as cursor:  # nothing anywhere in the database holds what was typed
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  # table names come from the database itself
            for row in cursor.fetchall():
                assert not any(secret in str(value) or "sid.staff" in str(value) for value in row), table


def test_a_forged_form_post_is_refused(world: World, teams_a: dict[str, int], committed) -> None:  # type: ignore[no-untyped-def]
    exercise = _launched(world, committed, landing="form")
    recipient = ExerciseRecipient.objects.filter(exercise=exercise).first()
    assert recipient is not None
    response = Client().post(
        reverse("awareness:exercise-submit", args=[recipient.token]), {"stamp": "forged", "password": "x"}
    )
    assert response.status_code == 404
    recipient.refresh_from_db()
    assert recipient.submitted_at is None


def test_the_lesson_is_kind_and_names_the_clues_and_the_reporting_address(
    world: World, branding_a: Branding, teams_a: dict[str, int], committed
) -> None:  # type: ignore[no-untyped-def]
    exercise = _launched(world, committed)
    recipient = ExerciseRecipient.objects.filter(exercise=exercise).first()
    assert recipient is not None
    page = Client().get(reverse("awareness:exercise-learn", args=[recipient.token])).content.decode()
    assert "This was a practice email" in page and "Nothing bad has happened" in page
    assert "Nobody will be told off" in page
    assert "Sense of urgency" in page and "spam@alder.test" in page and "0161 496 0123" in page


def test_unknown_and_cancelled_tokens_get_404(world: World, teams_a: dict[str, int], committed) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get(reverse("awareness:exercise-click", args=["x" * 40])).status_code == 404
    assert client.get(reverse("awareness:exercise-learn", args=["nope"])).status_code == 404
    exercise = _launched(world, committed)
    recipient = ExerciseRecipient.objects.filter(exercise=exercise).first()
    assert recipient is not None
    services.exercise_cancel(actor=lead_actor(world), exercise=exercise)
    assert (
        client.get(reverse("awareness:exercise-click", args=[recipient.token]), HTTP_USER_AGENT=BROWSER).status_code
        == 404
    )
    pixel = client.get(reverse("awareness:exercise-open", args=[recipient.token]))
    assert pixel.status_code == 200 and pixel["Content-Type"] == "image/png"


def test_reports_count_through_exercise_reports_and_the_results_add_up(
    world: World, teams_a: dict[str, int], committed
) -> None:  # type: ignore[no-untyped-def]
    exercise = _launched(world, committed, teams=("Ward 7", "Pharmacy", "Estates"))
    recipients = list(ExerciseRecipient.objects.filter(exercise=exercise).order_by("pk"))
    ward = [r for r in recipients if r.team == "Ward 7"]
    pharmacy = [r for r in recipients if r.team == "Pharmacy"]
    later = exercise.window_end + timedelta(minutes=5)
    for r in ward[:3]:
        services.exercise_record_visit(token=r.token, kind="click", user_agent=BROWSER, now=later)
    for r in pharmacy:
        assert services.exercise_record_report(
            token=r.token, reported_at=later + timedelta(minutes=10), source="mailbox"
        )
    assert services.exercise_record_report(token=ward[0].token, reported_at=later + timedelta(minutes=30))
    assert services.exercise_record_report(
        token=ward[0].token, reported_at=later + timedelta(minutes=40)
    )  # twice: first kept
    assert not services.exercise_record_report(token="not-one-of-ours", reported_at=later)
    reports = queries.exercise_reports(exercise)
    assert len(reports) == 6
    results = queries.exercise_results(exercise)
    assert (results.total.sent, results.total.clicked, results.total.reported) == (13, 3, 6)
    assert results.total.resilience_ratio == pytest.approx(2.0)
    assert results.total.time_to_first_report == later + timedelta(minutes=10) - min(
        r.sent_at for r in recipients if r.sent_at
    )
    assert [t.label for t in results.teams] == ["Pharmacy", "Ward 7"]  # Estates (2) is too small to show
    page = signed_in(world.lead_a).get(reverse("awareness:exercise-detail", args=[exercise.pk])).content.decode()
    assert "Pharmacy" in page and "Estates" not in page.split("<h2>Results</h2>")[1]
    for r in recipients:
        assert r.email not in page
    csv_text = (
        signed_in(world.lead_a).get(reverse("awareness:exercise-results-csv", args=[exercise.pk])).content.decode()
    )
    assert csv_text.splitlines()[1].startswith("Everyone,13,3,0,6,23%,46%,2.0,")
    assert AuditEvent.objects.filter(action="awareness.exercise.reported").count() == 6


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"template_key": "real-bank"}, "template_key", "Choose an email from the library"),
        ({"teams": ("Nobody here",)}, "teams", "No one is in the team Nobody here"),
        ({"window_end": -1}, "window_end", "must end after it starts"),
        ({"window_end": 24 * 20}, "window_end", "14 days or less"),
        ({"name": "  "}, "name", "Give the exercise a name"),
    ],
)
def test_bad_exercises_are_refused_with_reasons(
    world: World, teams_a: dict[str, int], change: dict[str, object], field: str, message: str
) -> None:
    now = timezone.now()
    data = {
        "name": "Check",
        "template_key": "parking-permit",
        "teams": (),
        "window_start": now,
        "window_end": now + timedelta(hours=2),
    }
    if "window_end" in change:
        data["window_end"] = now + timedelta(hours=int(change.pop("window_end")))  # type: ignore[call-overload]
    data.update(change)
    with pytest.raises(ValidationError) as caught:
        services.exercise_create(actor=lead_actor(world), organisation=world.org_a, data=services.ExerciseInput(**data))  # type: ignore[arg-type]
    assert any(message in m for m in caught.value.message_dict[field])
    assert not Exercise.objects.exists()


def test_the_pages_create_launch_and_show_an_exercise(world: World, teams_a: dict[str, int]) -> None:
    client = signed_in(world.lead_a)
    form = client.get(reverse("awareness:exercise-create") + "?template=annual-leave").content.decode()
    assert "Ward 7 (6)" in form
    start = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        reverse("awareness:exercise-create"),
        {
            "name": "Leave check",
            "template_key": "annual-leave",
            "teams": ["Pharmacy"],
            "landing": "",
            "window_start": start.strftime("%Y-%m-%dT%H:%M"),
            "window_end": (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    exercise = Exercise.objects.get()
    assert response.status_code == 302 and exercise.landing == "teach"
    detail = client.get(response["Location"]).content.decode()
    assert services.exercise_header_prefix(world.org_a.pk) in detail and "Start the exercise" in detail
    client.post(reverse("awareness:exercise-launch", args=[exercise.pk]))
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.SCHEDULED and exercise.recipients.count() == 5
    assert "0 of 5" in client.get(reverse("awareness:exercise-list")).content.decode()


def test_another_organisation_gets_404_on_every_exercise_page(world: World, teams_a: dict[str, int]) -> None:
    exercise = _exercise(world)
    other = signed_in(world.lead_b)
    for name in ("exercise-detail", "exercise-results-csv"):
        assert other.get(reverse(f"awareness:{name}", args=[exercise.pk])).status_code == 404
    for name in ("exercise-launch", "exercise-cancel", "exercise-close"):
        assert other.post(reverse(f"awareness:{name}", args=[exercise.pk])).status_code == 404
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.DRAFT


def test_staff_and_auditors_cannot_start_exercises(world: World, teams_a: dict[str, int]) -> None:
    exercise = _exercise(world)
    assert signed_in(world.staff_a).get(reverse("awareness:exercise-list")).status_code == 403
    auditor = signed_in(world.auditor_a)
    assert auditor.get(reverse("awareness:exercise-detail", args=[exercise.pk])).status_code == 200
    assert auditor.post(reverse("awareness:exercise-launch", args=[exercise.pk])).status_code == 403
    assert auditor.get(reverse("awareness:exercise-create")).status_code == 403


def test_the_library_page_shows_difficulty_and_clues(world: World) -> None:
    page = signed_in(world.lead_a).get(reverse("awareness:template-library")).content.decode()
    assert "Very difficult" in page and "Least difficult" in page and "The clues in this email" in page


def test_closing_keeps_the_results_and_forgets_who_received_it(
    world: World, teams_a: dict[str, int], committed
) -> None:  # type: ignore[no-untyped-def]
    exercise = _launched(world, committed, teams=("Ward 7",))
    recipient = ExerciseRecipient.objects.filter(exercise=exercise).first()
    assert recipient is not None
    services.exercise_record_visit(token=recipient.token, kind="click", user_agent=BROWSER)
    services.exercise_close(actor=lead_actor(world), exercise=exercise)
    rows = ExerciseRecipient.objects.filter(exercise=exercise)
    assert set(rows.values_list("email", "first_name", "membership")) == {("", "", None)}
    assert queries.exercise_results(exercise).total.clicked == 1
    assert services.exercise_record_report(
        token=recipient.token, reported_at=timezone.now()
    )  # late reports still count
