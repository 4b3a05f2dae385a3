"""Production: every secret from the environment, every protection on.

`carecyber check --deploy` passes with no warnings under these settings.
"""

from carecyber.config.settings.base import *  # noqa: F403
from carecyber.config.settings.base import SECRET_KEY, SITE_URL, require
from carecyber.config.settings.env import env_bool, env_int

DEBUG = False
DEMO_MODE = False
SECRET_KEY = require("SECRET_KEY", SECRET_KEY)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

if SITE_URL.startswith("http://"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SITE_URL: must start with https:// in production")
