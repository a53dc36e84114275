"""Settings for the Library Ecosystem Workbench.

Everything that differs between a laptop and production comes from the environment
(see README.md, "Configuration"). With no environment at all the app refuses to start,
because DEBUG is off and there is no secret key; `make run` sets DJANGO_DEBUG=1 for you.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets the code name its models in Django's generic classes (ModelAdmin[Partner],
# ModelForm[Round]), which Django itself does not subscript at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env.str(name, default=default).split(",") if item.strip()]


DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret key, e.g. "
            "DJANGO_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "For local development set DJANGO_DEBUG=1 instead (make run does)."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default="localhost,127.0.0.1,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ecosystem",
    "continuum",
    "agendas",
    "partners",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "adminsortable2",
    "axes",
    "bootstrap",
    "crispy_bootstrap5",
    "crispy_forms",
    "csp",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which authenticator, if any, this session has given a code from.
    "django_otp.middleware.OTPMiddleware",
    # Signing in is the default: a view must opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A session that owes a second-factor code reaches nothing else.
    "ecosystem.security.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and too-old sessions before any view looks at the user (after messages,
    # so it can say why; its sign-out then meets LoginRequiredMiddleware's redirect).
    "ecosystem.security.sessions.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Runs after LoginRequiredMiddleware, so it only ever sees signed-in users.
    "ecosystem.access.EcosystemMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ecosystem.urls"
# Form widgets may use the project's templates (e.g. the Continuum's rating scale).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "ecosystem.wsgi.application"

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
                "ecosystem.context_processors.workbench",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite in a git-ignored file by default; DATABASE_URL=postgres://… for production and CI.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Reusing connections measured 3x faster than one connection per request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "ecosystem.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out address never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "root"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # three days, in seconds
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in security (see README.md, "Security") -----------------------------------------
# Throttling, per account and address: ten failures for one email from one address pause
# it there for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The email as the lockout key, in one spelling (ecosystem.models.normalize_email), so
# "Ann@", "ann@" and "ann@" in full-width letters count together.
AXES_USERNAME_CALLABLE = "ecosystem.access.sign_in_email"
AXES_CLIENT_IP_CALLABLE = "ecosystem.security.addresses.client_ip"
AXES_HANDLER = "ecosystem.security.throttle.ThrottleHandler"
AXES_LOCKOUT_CALLABLE = "ecosystem.security.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# ... and per account alone, from every address together: past this many failures each
# further one pauses the account, twice as long each time (ecosystem.security.throttle).
SIGNIN_ACCOUNT_FAILURE_LIMIT = env.int("SIGNIN_ACCOUNT_FAILURE_LIMIT", default=20)
SIGNIN_ACCOUNT_FIRST_PAUSE = timedelta(minutes=1)
SIGNIN_ACCOUNT_LONGEST_PAUSE = timedelta(
    minutes=env.int("SIGNIN_ACCOUNT_LONGEST_PAUSE_MINUTES", default=60)
)
SIGNIN_ACCOUNT_FORGET_AFTER = timedelta(hours=24)

# Behind a reverse proxy: how many trusted proxies append to X-Forwarded-For
# (ecosystem.security.addresses). Without one, the connection's own address counts.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1) if BEHIND_PROXY else 0

# Two-factor sign-in (django-otp): required for these roles ("coordinator", "admin",
# any role name: that role and higher), offered to everyone.
REQUIRE_2FA_FOR = set(env_list("REQUIRE_2FA_FOR"))
if unknown := REQUIRE_2FA_FOR - {"admin", "viewer", "contributor", "editor", "coordinator"}:
    # A misspelt name would silently require nothing: refuse to start instead.
    raise ImproperlyConfigured(
        f"REQUIRE_2FA_FOR names {', '.join(sorted(unknown))}, which is not a role. Use "
        "admin, viewer, contributor, editor or coordinator, separated by commas."
    )
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Library Ecosystem Workbench")

# Sessions end after this long without a request, and in any case this long after
# signing in. The stored session and its cookie expire when idle; activity renews both.
SESSION_IDLE_TIMEOUT = env.int("DJANGO_SESSION_IDLE_MINUTES", default=8 * 60) * 60
SESSION_MAX_AGE = env.int("DJANGO_SESSION_MAX_HOURS", default=14 * 24) * 60 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT

# Uploads: the largest file any page takes. Pages that take less say so with
# @upload_limit; reading stops as soon as a file is larger (ecosystem.security.uploads).
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "ecosystem.security.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Internationalization -------------------------------------------------------------
LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic); plain files
        # straight from the apps while developing and testing.
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}
# Without collectstatic (developing, testing), WhiteNoise serves files from the apps.
if STORAGES["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage"):
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Uploaded documents (partnership agreements): never served directly, only through views
# that check access. Keep this folder out of the web server's document root.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
DOCUMENT_MAX_BYTES = UPLOAD_MAX_BYTES  # per uploaded document

# --- Background work ----------------------------------------------------------------------
# Long PDFs (the workshop kit, the coordinator's report) are rendered by a worker process
# (`manage.py db_worker`), never in a web worker: a 30-page render stalls every page that
# worker should serve. The queue lives in the database, so no extra server is needed.
# The tests run tasks on the spot (DJANGO_TASKS_BACKEND=...ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": env.str("DJANGO_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Email ------------------------------------------------------------------------------
# Printed to the console unless EMAIL_URL names a real server (smtp+tls://user:pw@host:587).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# Invitations are sent inside their transaction, so a mail server that does not answer
# must not hold the request (and the invitation's row) for long. Seconds.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Library Ecosystem Workbench <workbench@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Messages are sent by the worker, outside any request, so their links need the site's
# own address. Production sets it (https://workbench.example.org).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The local hour from which each day's digest goes out (see ecosystem/notifications).
NOTIFICATION_DIGEST_HOUR = env.int("NOTIFICATION_DIGEST_HOUR", default=7)

# --- Forms and messages -----------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# A form layout naming a field the form lacks is a bug: production shows the rest of the
# form, the tests (which set CRISPY_FAIL_SILENTLY=false) fail on it.
CRISPY_FAIL_SILENTLY = env.bool("CRISPY_FAIL_SILENTLY", default=not DEBUG)

from django.contrib.messages import constants as message_constants  # noqa: E402

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
if BEHIND_PROXY:
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: only the app's own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "timestamped": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "timestamped"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Sign-ins, failures, lockouts, two-factor and role changes, one line each with the
        # time, the person and the address (ecosystem.security.events): alert on these.
        "workbench.security": {
            "handlers": ["security"],
            "level": env.str("DJANGO_SECURITY_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
    },
}

# --- Demo data -------------------------------------------------------------------------
# Where `seed_demo` keeps the generated demo password, so a second run prints the same.
DEMO_PASSWORD_FILE = BASE_DIR / ".demo-password"
