"""Pages and API endpoints of this app, mounted at the site root (paths carry their own prefix).

The exercise pages staff reach from a practice email live under `v/`: a short,
neutral prefix, so the link itself does not give the exercise away.
"""

from django.urls import URLPattern, URLResolver, include, path

from carecyber.awareness.api import router
from carecyber.awareness.views import branding, calendar, exercises, overview, packs, public

app_name = "awareness"

urlpatterns: list[URLPattern | URLResolver] = [
    path("awareness/", overview.overview, name="overview"),
    path("awareness/branding", branding.branding_edit, name="branding"),
    path("awareness/branding/logo.png", branding.branding_logo, name="branding-logo"),
    path("awareness/packs/", packs.pack_list, name="pack-list"),
    path("awareness/packs/<int:pk>/", packs.pack_detail, name="pack-detail"),
    path("awareness/packs/<int:pk>/download", packs.pack_download, name="pack-download"),
    path("awareness/packs/<int:pk>/files/<path:path>", packs.pack_file, name="pack-file"),
    path("awareness/packs/<int:pk>/previews/<path:path>", packs.pack_preview, name="pack-preview"),
    path("awareness/calendar/", calendar.calendar, name="calendar"),
    path("awareness/calendar/plan", calendar.calendar_plan, name="calendar-plan"),
    path("awareness/calendar/add", calendar.week_add, name="week-add"),
    path("awareness/calendar/<int:pk>/", calendar.week_detail, name="week-detail"),
    path("awareness/calendar/<int:pk>/edit", calendar.week_edit, name="week-edit"),
    path("awareness/calendar/<int:pk>/remove", calendar.week_remove, name="week-remove"),
    path("awareness/calendar/<int:pk>/materials", calendar.week_materials, name="week-materials"),
    path("awareness/calendar/<int:pk>/used", calendar.week_used, name="week-used"),
    path("awareness/exercises/", exercises.exercise_list, name="exercise-list"),
    path("awareness/exercises/library", exercises.template_library, name="template-library"),
    path("awareness/exercises/new", exercises.exercise_create, name="exercise-create"),
    path("awareness/exercises/<int:pk>/", exercises.exercise_detail, name="exercise-detail"),
    path("awareness/exercises/<int:pk>/results.csv", exercises.exercise_results_csv, name="exercise-results-csv"),
    path("awareness/exercises/<int:pk>/launch", exercises.exercise_launch, name="exercise-launch"),
    path("awareness/exercises/<int:pk>/cancel", exercises.exercise_cancel, name="exercise-cancel"),
    path("awareness/exercises/<int:pk>/close", exercises.exercise_close, name="exercise-close"),
    path("v/<str:token>", public.click, name="exercise-click"),
    path("v/<str:token>/p.png", public.open_pixel, name="exercise-open"),
    path("v/<str:token>/sign-in", public.practice_submit, name="exercise-submit"),
    path("v/<str:token>/learn", public.learn, name="exercise-learn"),
    path("api/v1/awareness/", include(router.urls)),
]
