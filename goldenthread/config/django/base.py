"""Settings shared by every environment. Values come from the environment (see config.env)."""

from datetime import timedelta

import dj_database_url
from csp.constants import NONE, SELF

from goldenthread.config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

DEBUG = env.flag("DEBUG")
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.csv("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "govuk_frontend_django",
    "goldenthread",
    "goldenthread.accounts",
    "goldenthread.strategy",
    "goldenthread.indicators",
    "goldenthread.delivery",
    "goldenthread.risks",
    "goldenthread.benchmarking",
    "goldenthread.reporting",
    "goldenthread.engagement",
    "goldenthread.challenge",
    "goldenthread.publishing",
    "goldenthread.finance",
    "goldenthread.people",
    "goldenthread.synth",
    "rest_framework",
    "drf_spectacular",
    "goldenthread.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "goldenthread.accounts.middleware.OrganisationMiddleware",
    "goldenthread.accounts.middleware.RefuseNulCharacters",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "goldenthread.config.urls"
WSGI_APPLICATION = "goldenthread.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "goldenthread.accounts.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "goldenthread.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'goldenthread.sqlite3'}"),
        conn_max_age=int(env.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a return is being saved.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "goldenthread.accounts.backends.PerformanceAdminBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = int(env.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.get("STATIC_ROOT", str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.get("MEDIA_ROOT", str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "performance@localhost")

# Sign-in throttling: five failures for a username from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = int(env.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Quiet logs: attempts and lock-outs are still recorded and shown in the admin.
AXES_VERBOSE = False

# No inline scripts or styles anywhere: charts and diagrams use SVG presentation attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
}

# The address people reach the site at, for links in emails.
GOLDENTHREAD_SITE_URL = env.get("GOLDENTHREAD_SITE_URL", "http://127.0.0.1:8000")

# The organisation shown to visitors who are not signed in (its GSS code or slug).
GOLDENTHREAD_DEFAULT_ORGANISATION = env.get("GOLDENTHREAD_ORGANISATION")

# Judged indicators each process keeps for dashboards (goldenthread/indicators/judgement_cache.py).
GOLDENTHREAD_JUDGEMENT_CACHE = int(env.get("GOLDENTHREAD_JUDGEMENT_CACHE", "5000"))

# Report files made by a separate process (`goldenthread reports_work`) instead of a thread in
# the web process (goldenthread/reporting/services.py); off needs no process of its own.
GOLDENTHREAD_REPORT_WORKER = env.flag("GOLDENTHREAD_REPORT_WORKER")

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "goldenthread.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["goldenthread.api.access.ApiAccess"],
    "DEFAULT_PAGINATION_CLASS": "goldenthread.api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "goldenthread.api.problems.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Golden Thread API",
    "DESCRIPTION": "Read a council's plans, objectives, indicators, actions and risks; "
    "enter returns, action updates and risk reviews. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a `kind` or `frequency` with their own choices: each gets a name.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "goldenthread.accounts.models.Organisation.Kind",
        "UnitKindEnum": "goldenthread.accounts.models.OrgUnit.Kind",
        "PlanKindEnum": "goldenthread.strategy.models.Plan.Kind",
        "IndicatorKindEnum": "goldenthread.indicators.models.Indicator.Kind",
        "RiskKindEnum": "goldenthread.risks.models.Risk.Kind",
        "PeriodFrequencyEnum": "goldenthread.strategy.models.ReportingPeriod.Frequency",
        "IndicatorFrequencyEnum": "goldenthread.indicators.models.FREQUENCY_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "goldenthread.api.schema.add_problem_responses",
    ],
}

# --- Single sign-on with the council's Microsoft Entra ID: off unless USE_OIDC is set ---
from goldenthread.config.django.oidc import *  # noqa: E402, F403
from goldenthread.config.django.oidc import OIDC_BACKENDS  # noqa: E402

AUTHENTICATION_BACKENDS += OIDC_BACKENDS
