"""Settings, all from the environment.

DEBUG=1 is for a developer's machine only. Without it the portal refuses to start unless
SECRET_KEY is set. The only default database is the embedded SQLite file under var/;
PostgreSQL is chosen with DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
# Demo mode shows the demo banner and lets `seed_demo` create sign-ins with a shared password.
DEMO_MODE = env_flag("DEMO_MODE")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=1 on a developer's machine).")
    # Only ever with DEBUG=1 on a developer's machine (bandit B105 accepted).
    SECRET_KEY = "django-insecure-development-only"  # nosec B105

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, found by the project's engine (FORM_RENDERER)
    "django.contrib.postgres",  # trigram search (skipped on the demo's SQLite)
    "crispy_forms",
    "crispy_forms_gds",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "cia_portal.accounts",
    "cia_portal.audit",
    "cia_portal.notifications",
    "assessments",
    "referrals",
    "chronology",
    "caseload",
    "evaluation",
    "records",
    "families",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: cacheable, and no further
    "cia_portal.caching.NoStoreMiddleware",  # every other response: no-store (Back asks again)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cia_portal.accounts.two_factor.TwoFactorRequiredMiddleware",
    "cia_portal.accounts.idle.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "assessments.child_mode.ChildModeMiddleware",
    "cia_portal.audit.services.AuditContextMiddleware",
    "cia_portal.errors.RefusedMiddleware",  # a refusal no view caught: a GOV.UK page, not a 500
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

# Widgets render through the project's templates, so templates/django/forms/ can correct them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "cia_portal.urls"
WSGI_APPLICATION = "cia_portal.wsgi.application"

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
                "cia_portal.context_processors.portal",
            ],
            "libraries": {"pages": "cia_portal.pages"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo on a laptop, with a few people saving at once: each write transaction takes
    # the write lock when it begins (a read that later writes cannot fail to upgrade its lock),
    # waits up to 20 s for it rather than answering "database is locked", and readers never
    # block the writer (write-ahead log).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # PostgreSQL compiles (JIT) the expressions of a query it estimates to be costly. The
    # evaluation's counts (a subquery for each child of a pilot) are estimated so, yet run in
    # tens of milliseconds: compiling took 37 to 47 ms of each (docs/performance.md, tenth run).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before checking
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Locks after wrong passwords at sign-in (django-axes; cia_portal/accounts/lockout.py, and
# docs/decisions/0005-security.md for why these numbers). Wrong passwords within 15 minutes
# that lock, for 15 minutes: that username from one address; that username from anywhere;
# every username from one address (only when TRUSTED_PROXY_COUNT gives real addresses). The
# right password clears that username's count. An administrator unlocks at once:
# `manage.py axes_reset_username NAME` or `axes_reset_ip ADDRESS`.
SIGN_IN_LOCK_LIMITS = {"username_and_address": 5, "username": 20, "address": 50}
AXES_HANDLER = "cia_portal.accounts.lockout.SignInLocks"
AXES_LOCKOUT_PARAMETERS = "cia_portal.accounts.lockout.lockout_parameters"
AXES_FAILURE_LIMIT = 1  # SignInLocks answers 1 once any lock has reached its own limit above
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cia_portal.accounts.lockout.locked_out_page"
AXES_VERBOSE = False
# The device's address. Behind the proxies of docs/deployment.md every request comes from a
# proxy: set TRUSTED_PROXY_COUNT to how many of your own proxies stand in front of the portal,
# and the address is read from X-Forwarded-For (cia_portal/accounts/client_address.py). Left
# at 0, the header is ignored, whoever sends it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "cia_portal.accounts.client_address.client_address"
# Two-factor sign-in for every account (cia_portal/accounts/two_factor.py).
OTP_TOTP_ISSUER = "CIA Portal"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user; object permissions only, never global ones.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "en-gb"
# Welsh for the child's own screens; the conversation's language is chosen per conversation.
LANGUAGES = [("en-gb", "English"), ("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
# Uploaded files are children's drawings: private. MEDIA_ROOT lies outside any public folder
# and no URL serves it; files are read only through permission-checked views.
MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DRAWING_MAX_BYTES = 5 * 1024 * 1024
DRAWING_MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo; larger is refused before decoding
DATA_UPLOAD_MAX_MEMORY_SIZE = DRAWING_MAX_BYTES + 1024 * 1024

# Retention (records/retention.py, `manage.py apply_retention`): years after which...
RETENTION = {
    # ...a closed case is anonymised (the evaluation's counts stay, nothing that names anyone).
    "closed_case_years": int(os.environ.get("RETENTION_CLOSED_CASE_YEARS", "6")),
    # ...a referral that never became a case (declined, not reached, closed) is anonymised.
    "referral_years": int(os.environ.get("RETENTION_REFERRAL_YEARS", "2")),
    # ...a row of the audit trail is deleted.
    "audit_years": int(os.environ.get("RETENTION_AUDIT_YEARS", "7")),
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SESSION_COOKIE_HTTPONLY = True
# Signed out after this long without activity (cia_portal/accounts/idle.py), warned before.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_WARN_SECONDS = min(5 * 60, SESSION_IDLE_SECONDS // 2)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cia_portal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS only, unless DEBUG, or HTTPS=0 for the test suite's plain-HTTP server on loopback.
HTTPS = not DEBUG and (env_flag("HTTPS") or "HTTPS" not in os.environ)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if env_flag("BEHIND_HTTPS_PROXY"):  # a proxy that ends TLS and sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: nothing from elsewhere, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Email: the daily reminder digest. SMTP from the environment in production; without an
# EMAIL_HOST (a developer's machine, the demo) messages are printed to the console.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "CIA Portal <no-reply@cia-portal.invalid>"
)
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS") or "EMAIL_USE_TLS" not in os.environ
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
