"""Knowledge: courses, quizzes, certificates, yearly renewal, compliance, SCORM and xAPI."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_shipped_content(sender: AppConfig, **kwargs: Any) -> None:
    """After every migrate, bring the shipped courses up to date (unchanged versions are left alone)."""
    from carecyber.core.actor import Actor
    from carecyber.training import services
    from carecyber.training.content import shipped_courses

    using = kwargs.get("using", "default")
    if using != "default":
        return
    actor = Actor.system("shipped training content")
    for folder in shipped_courses():
        services.course_import(actor=actor, folder=folder)


class TrainingConfig(AppConfig):
    name = "carecyber.training"
    label = "training"

    def ready(self) -> None:
        post_migrate.connect(_load_shipped_content, sender=self, dispatch_uid="training.shipped_content")
