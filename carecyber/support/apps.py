from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SupportConfig(AppConfig):
    name = "carecyber.support"
    label = "support"
    verbose_name = "Support for small providers"

    def ready(self) -> None:
        from carecyber.support import checks  # noqa: F401  # registers the system checks

        post_migrate.connect(_load_shipped_content, sender=self)


def _load_shipped_content(sender: AppConfig, using: str = "default", plan: Any = None, **kwargs: Any) -> None:
    """Content ships with the product: after each migrate, bring the library in line with the files.

    Idempotent (unchanged files change nothing and write no audit record);
    `carecyber guidance load` and `carecyber policies load` do the same on demand.
    """
    from django.db import connections

    if "support_article" not in connections[using].introspection.table_names():
        return  # migrated backwards, or not yet
    from carecyber.support.services.content import content_load_all

    content_load_all(reason="migrate")
