"""CareCyber: cyber and data security for health and social care organisations."""

from carecyber.config.celery import app as celery_app

__all__ = ["celery_app"]
