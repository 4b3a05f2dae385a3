"""Tests: the same settings as production code paths, with fast hashing and mail kept in memory."""

from carecyber.config.settings.base import *  # noqa: F403
from carecyber.config.settings.base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "carecyber-test-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that need a real worker start one themselves (see core/tests/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_MODE = True
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # serve straight from the finders; no collectstatic needed
