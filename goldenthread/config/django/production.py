"""Production: secrets from the environment, HTTPS everywhere."""

from goldenthread.config import env
from goldenthread.config.django.base import *  # noqa: F403

SECRET_KEY = env.required("SECRET_KEY")

SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
# Behind nginx or a load balancer that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
