"""Phishing exercises: the template library, creating and starting an exercise, and its results."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from markupsafe import Markup

from carecyber.awareness import presenters, queries, services
from carecyber.awareness.engine.phishscale import CATEGORY_LABELS, PREMISE_QUESTIONS
from carecyber.awareness.engine.templates import load_templates, render_email
from carecyber.awareness.forms import ExerciseForm
from carecyber.awareness.models import ExerciseStatus
from carecyber.awareness.permissions import can_manage, manage_required, view_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.views.errors import apply_validation_error


@view_required
def template_library(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    assert organisation is not None
    examples = {
        key: render_email(t, first_name="Sam", organisation=organisation.name, link="(the exercise link)")
        for key, t in load_templates().items()
    }
    return render(
        request,
        "awareness/templates.jinja",
        {
            "page_title": "Practice phishing emails",
            "templates": list(load_templates().values()),
            "examples": examples,
            "category_labels": CATEGORY_LABELS,
            "premise_questions": PREMISE_QUESTIONS,
            "difficulty_tags": presenters.DIFFICULTY_TAGS,
        },
    )


@view_required
def exercise_list(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    assert organisation is not None
    return render(
        request,
        "awareness/exercise_list.jinja",
        {
            "page_title": "Phishing exercises",
            "exercises": list(queries.exercises_for(request.actor, organisation)[:100]),
            "tags": presenters.EXERCISE_TAGS,
            "templates": load_templates(),
            "can_manage": can_manage(request.actor),
        },
    )


@manage_required
def exercise_create(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    assert organisation is not None
    teams = services.teams_of(organisation)
    now = timezone.localtime()
    initial = {
        "window_start": (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0),
        "window_end": (now + timedelta(days=3)).replace(hour=17, minute=0, second=0, microsecond=0),
        "template_key": request.GET.get("template", ""),
    }
    form = ExerciseForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exercise = services.exercise_create(
                actor=request.actor,
                organisation=organisation,
                data=services.ExerciseInput(
                    name=data["name"],
                    template_key=data["template_key"],
                    teams=tuple(data["teams"]),
                    window_start=data["window_start"],
                    window_end=data["window_end"],
                    landing=data["landing"],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("awareness:exercise-detail", exercise.pk)
    return render(request, "awareness/exercise_form.jinja", {"page_title": "New phishing exercise", "form": form})


@view_required
def exercise_detail(request: AppRequest, pk: int) -> HttpResponse:
    exercise = queries.exercise_for(request.actor, pk)
    template = load_templates()[exercise.template_key]
    results = queries.exercise_results(exercise)
    rows = [presenters.figures_row(f) for f in results.teams]
    return render(
        request,
        "awareness/exercise_detail.jinja",
        {
            "page_title": exercise.name,
            "exercise": exercise,
            "template": template,
            "example": render_email(template, first_name="Sam", organisation=exercise.organisation.name, link="(link)"),
            "progress": queries.exercise_progress(exercise),
            "total": presenters.figures_row(results.total),
            "teams": rows,
            "chart": _chart(rows, [f.click_rate for f in results.teams], "Click rate by team"),
            "report_chart": _chart(rows, [f.report_rate for f in results.teams], "Report rate by team"),
            "header_name": services.HEADER,
            "header_prefix": services.exercise_header_prefix(exercise.organisation_id),
            "status_colour": presenters.EXERCISE_TAGS[ExerciseStatus(exercise.status)],
            "can_manage": can_manage(request.actor),
            "Status": ExerciseStatus,
        },
    )


def _chart(rows: list[dict[str, Any]], rates: list[float | None], title: str) -> Markup | None:
    if not rows:
        return None
    return bar_chart(
        [(r["label"], round((rate or 0) * 100)) for r, rate in zip(rows, rates, strict=True)], title=title, unit="%"
    )


@view_required
def exercise_results_csv(request: AppRequest, pk: int) -> HttpResponse:
    exercise = queries.exercise_for(request.actor, pk)
    results = queries.exercise_results(exercise)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["team", "emails sent", "clicked", "typed something", "reported", "click rate", "report rate",
         "resilience ratio", "time to first report"]
    )  # fmt: skip
    for f in [results.total, *results.teams]:
        row = presenters.figures_row(f)
        writer.writerow(
            [row["label"], row["sent"], row["clicked"], row["submitted"], row["reported"], row["click_rate"],
             row["report_rate"], row["resilience"], row["first_report"]]
        )  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exercise-{exercise.pk}-results.csv"'
    return response


def _act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    exercise = queries.exercise_for(request.actor, pk)
    try:
        services.exercise_act(actor=request.actor, exercise=exercise, verb=action)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        done = {
            "launch": "The exercise has started. Emails will go out one by one across the sending window.",
            "cancel": "The exercise was cancelled. No more emails will be sent.",
            "close": "The exercise is closed. Its results will not change now.",
        }
        messages.success(request, done[action])
    return redirect("awareness:exercise-detail", exercise.pk)


@require_POST
@manage_required
def exercise_launch(request: AppRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "launch")


@require_POST
@manage_required
def exercise_cancel(request: AppRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@require_POST
@manage_required
def exercise_close(request: AppRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "close")
