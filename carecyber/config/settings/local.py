"""The embedded default: `make run` on a laptop, no variables needed."""

from carecyber.config.settings.base import *  # noqa: F403
from carecyber.config.settings.base import SECRET_KEY
from carecyber.config.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine for a local demo and keeps sessions across restarts.
SECRET_KEY = SECRET_KEY or "carecyber-local-development-key-not-for-production-use-0123456789"
DEMO_MODE = env_bool("DEMO_MODE", True)
WHITENOISE_AUTOREFRESH = DEBUG  # serve straight from the finders while developing
