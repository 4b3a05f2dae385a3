"""A person's training: what they must take and by when, lessons, quizzes with feedback, certificates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carecyber.core.http import AppRequest
from carecyber.core.mail import absolute_url
from carecyber.core.views.errors import apply_validation_error
from carecyber.training import queries, services
from carecyber.training.engine.certificate import CertificateData
from carecyber.training.engine.certificate import render as render_certificate
from carecyber.training.forms import QuizForm
from carecyber.training.models import Completion, CourseImage, CourseKind, CourseModule, Lesson
from carecyber.training.permissions import TrainingPerm, requires
from carecyber.training.presenters import audience_words, checkboxes_params, due_words, status_tag


@requires(TrainingPerm.LEARN)
def my_training(request: AppRequest) -> HttpResponse:
    items = queries.my_training(request.actor)
    return render(
        request,
        "training/my_training.jinja",
        {
            "page_title": "My training",
            "required": [i for i in items if i.required],
            "optional": [i for i in items if not i.required],
            "completions": list(queries.my_completions(request.actor)[:20]),
            "status_tag": status_tag,
            "due_words": due_words,
        },
    )


def _next_step(course_slug: str, progress: list[queries.ModuleProgress]) -> tuple[str, str] | None:
    """Where to resume: the first lesson not read, or the first quiz not passed, in module order."""
    for item in progress:
        for lesson in item.module.lessons.all():
            if lesson.pk not in item.lessons_done:
                return reverse("training:lesson", args=[course_slug, item.module.slug, lesson.slug]), lesson.title
        if not item.quiz_passed:
            return reverse("training:quiz", args=[course_slug, item.module.slug]), f"Quiz: {item.module.title}"
    return None


@requires(TrainingPerm.LEARN)
def course(request: AppRequest, slug: str) -> HttpResponse:
    found = queries.course_for(request.actor, slug)
    if found.kind == CourseKind.SCORM:
        return redirect("training:player", found.slug)
    progress, last = queries.course_progress(request.actor, found)
    return render(
        request,
        "training/course.jinja",
        {
            "page_title": found.title,
            "course": found,
            "progress": progress,
            "last": last,
            "next_step": _next_step(found.slug, progress),
            "started": any(p.lessons_done or p.quiz_passed for p in progress),
            "audience_words": audience_words,
        },
    )


def _module(request: AppRequest, slug: str, module_slug: str) -> CourseModule:
    found = queries.course_for(request.actor, slug)
    return queries.module_for(request.actor, found, module_slug)


@requires(TrainingPerm.LEARN)
def lesson(request: AppRequest, slug: str, module_slug: str, lesson_slug: str) -> HttpResponseBase:
    module = _module(request, slug, module_slug)
    current = queries.lesson_for(request.actor, module, lesson_slug)
    lessons = list(module.lessons.all())
    index = next(i for i, item in enumerate(lessons) if item.pk == current.pk)
    following: Lesson | None = lessons[index + 1] if index + 1 < len(lessons) else None
    if request.method == "POST":
        services.lesson_complete(actor=request.actor, lesson=current)
        if following is not None:
            return redirect("training:lesson", slug, module_slug, following.slug)
        return redirect("training:quiz", slug, module_slug)
    return render(
        request,
        "training/lesson.jinja",
        {
            "page_title": current.title,
            "course": module.course,
            "module": module,
            "lesson": current,
            "position": index + 1,
            "count": len(lessons),
            "previous": lessons[index - 1] if index > 0 else None,
            "following": following,
        },
    )


@requires(TrainingPerm.LEARN)
def quiz(request: AppRequest, slug: str, module_slug: str) -> HttpResponse:
    module = _module(request, slug, module_slug)
    found = queries.quiz_for(request.actor, module)
    form = QuizForm(found.questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.quiz_submit(actor=request.actor, quiz=found, answers=form.answers())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(
                request,
                "training/quiz_result.jinja",
                {
                    "page_title": "Passed" if outcome.result.passed else "Not passed yet",
                    "course": module.course,
                    "module": module,
                    "result": outcome.result,
                    "completion": outcome.completion,
                    "scenarios": {q["key"]: q.get("scenario", "") for q in found.questions},
                },
            )
    return render(
        request,
        "training/quiz.jinja",
        {
            "page_title": f"Quiz: {module.title}",
            "course": module.course,
            "module": module,
            "quiz": found,
            "form": form,
            "scenarios": {f"q-{q['key']}": q.get("scenario", "") for q in found.questions},
            "multiple": {f"q-{q['key']}" for q in found.questions if q["kind"] == "multiple"},
            "checkboxes_params": checkboxes_params,
        },
    )


@requires(TrainingPerm.LEARN)
def image(request: AppRequest, slug: str, name: str) -> HttpResponse:
    found = get_object_or_404(CourseImage.objects.visible_to(request.actor), course__slug=slug, name=name)
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(TrainingPerm.LEARN)
def certificate_pdf(request: AppRequest, code: str) -> HttpResponse:
    completion = queries.my_completion(request.actor, code)
    return certificate_response(completion)


def certificate_response(completion: Completion) -> HttpResponse:
    data = CertificateData(
        name=completion.user.full_name or completion.user.email,
        course=completion.course.title,
        organisation=completion.organisation.name if completion.organisation else "",
        completed_on=completion.completed_at.date(),
        valid_until=completion.expires_at.date(),
        code=completion.certificate_code,
        verify_url=absolute_url(reverse("training:verify") + f"?code={completion.certificate_code}"),
    )
    response = HttpResponse(render_certificate(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{completion.certificate_code}.pdf"'
    return response


@requires(TrainingPerm.LEARN)
def module_link(request: AppRequest, module_slug: str) -> HttpResponseBase:
    """A stable address for a module (incidents link lessons learned to it): its first lesson."""
    module = get_object_or_404(
        CourseModule.objects.visible_to(request.actor).select_related("course"), slug=module_slug
    )
    first = module.lessons.first()
    if first is None:
        return redirect("training:quiz", module.course.slug, module.slug)
    return redirect("training:lesson", module.course.slug, module.slug, first.slug)
