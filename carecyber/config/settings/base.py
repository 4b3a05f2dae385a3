"""Settings shared by every environment, read from the environment.

The embedded default (SQLite, in-process tasks, mail to the console) needs no
variables at all; production sets DATABASE_URL, SECRET_KEY and friends.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from carecyber.config.settings.env import env_bool, env_int, env_list, env_secret, env_str, env_url
from carecyber.config.settings.urls_parse import database_from_url, email_from_url

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("CARECYBER_DATA_DIR", str(REPO_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
SITE_NAME = "CareCyber"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "carecyber.core",
    "carecyber.accounts",
    "carecyber.assessments",
    "carecyber.alerts",
    "carecyber.phishing",
    "carecyber.training",
    "carecyber.awareness",
    "carecyber.incidents",
    "carecyber.support",
]

MIDDLEWARE = [
    "carecyber.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "carecyber.accounts.middleware.IdleTimeoutMiddleware",
    "carecyber.core.middleware.ActorMiddleware",
    "carecyber.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After sign-in and the security headers, so the refusal page shows who is signed in and is served like any
    # other page. Nothing before it reads the body: the CSRF check reads the form after every middleware here.
    "carecyber.core.middleware.RequestSizeLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carecyber.config.urls"
WSGI_APPLICATION = "carecyber.config.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "carecyber.config.jinja2.environment"},
    },
    {
        # Only for the browsable API and the API docs pages that ship Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ]
        },
    },
]

DATABASE_URL = env_secret("DATABASE_URL", f"sqlite:///{DATA_DIR / 'carecyber.sqlite3'}")
if DATABASE_URL.startswith("sqlite:///"):
    # The embedded database lives in DATA_DIR; make the folder on first start.
    Path(DATABASE_URL.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_from_url("DATABASE_URL", DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "carecyber.accounts.validators.CareCyberPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "carecyber"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 12, minimum=1, maximum=72) * 3600
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Sign-in throttling: five failures for one address and account lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_LOCKOUT_CALLABLE = "carecyber.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

OTP_TOTP_ISSUER = "CareCyber"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "uploads")))
WHITENOISE_USE_FINDERS = True

# Requests: refuse anything over the cap before reading it.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_MB", 25, minimum=1, maximum=500) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_URL = env_secret("EMAIL_URL", "console://")
globals().update(email_from_url("EMAIL_URL", EMAIL_URL))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CareCyber <no-reply@carecyber.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Replies to helpline emails come back to help+<ticket token>@… (support app: `carecyber helpline listen`).
HELPLINE_REPLY_ADDRESS = env_str("HELPLINE_REPLY_ADDRESS", "help@carecyber.localhost")

CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", "", schemes=("redis", "rediss", "amqp", "amqps"))
CELERY_RESULT_BACKEND = env_url(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "",
    schemes=("redis", "rediss", "rpc"),
)
# With no broker, tasks run in the calling process: the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, Any] = {}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "carecyber.accounts.api_auth.ApiTokenAuthentication",
        "carecyber.accounts.api_auth.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["carecyber.core.api_permissions.HasActingMembership"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_RATE", "600/minute")},
    "EXCEPTION_HANDLER": "carecyber.core.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CareCyber API",
    "DESCRIPTION": "Organisations, people and the security work of health and care. "
    "Every endpoint sees only what the caller's organisation may see.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Demo accounts print their two-factor secrets; never true in production.
DEMO_MODE = env_bool("DEMO_MODE", False)

# Broadcast (alerts): how often a remediation update is due, in days.
ALERTS_UPDATE_PERIOD_DAYS = env_int("ALERTS_UPDATE_PERIOD_DAYS", 3, minimum=1, maximum=60)


def require(name: str, value: str) -> str:
    if not value:
        raise ImproperlyConfigured(f"{name}: must be set in production")
    return value


# Phishing reports: the largest message kept (bigger ones keep their first part), and the reporting mailbox
# (`carecyber mailbox`: an LMTP listener by default, or SMTP; only the listed addresses are accepted).
PHISHING_MAX_MESSAGE_BYTES = env_int("PHISHING_MAX_MESSAGE_MB", 10, minimum=1, maximum=100) * 1024 * 1024
PHISHING_MAILBOX_HOST = env_str("PHISHING_MAILBOX_HOST", "127.0.0.1")
PHISHING_MAILBOX_PORT = env_int("PHISHING_MAILBOX_PORT", 8024, minimum=1, maximum=65535)
PHISHING_MAILBOX_PROTOCOL = env_str("PHISHING_MAILBOX_PROTOCOL", "lmtp")
PHISHING_MAILBOX_ADDRESSES = env_list("PHISHING_MAILBOX_ADDRESSES", ["report-phishing@carecyber.localhost"])
