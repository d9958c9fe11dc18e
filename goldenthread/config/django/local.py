"""Development and demo: debug on unless DEBUG says otherwise, a generated secret key."""

from goldenthread.config import env
from goldenthread.config.django.base import *  # noqa: F403

DEBUG = env.flag("DEBUG", default=True)
SECRET_KEY = env.get("SECRET_KEY") or env.generated_secret_key()
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
