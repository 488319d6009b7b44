"""Settings for Hipdips, read from the environment (README.md lists every variable).

Local runs need no environment at all: DEBUG is on, SQLite is used, mail goes to the console.
With DJANGO_DEBUG=0 the secret key and allowed hosts must be given, and the deployment checks
(`manage.py check --deploy --fail-level WARNING`) pass.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

from hipdips.env import EnvError, env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-local-development-only")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise EnvError("DJANGO_SECRET_KEY must be a random string of at least 50 characters.")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# htmx sends the token from the page (<body data-hx-headers>): no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "hipdips",
    "exercises",
    "sessions.apps.WorkoutsConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (sessions, CSRF): an oversized one is refused unread.
    "hipdips.middleware.RequestBodyLimitMiddleware",
    "hipdips.faults.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hipdips.middleware.UserTimeZoneMiddleware",
    "hipdips.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lock-out page.
    "axes.middleware.AxesMiddleware",
    "hipdips.middleware.MethodNotAllowedPageMiddleware",
]

FORM_RENDERER = "hipdips.forms.FormRenderer"
ROOT_URLCONF = "hipdips.urls"
WSGI_APPLICATION = "hipdips.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hipdips.context_processors.section",
            ],
        },
    },
]

# Database: SQLite by default, tuned so that several gunicorn workers can write at once;
# PostgreSQL (psycopg 3) when DATABASE_URL is given. A request that waits longer than
# DB_LOCK_TIMEOUT seconds for a lock gets a 503 page instead of holding a worker.
DB_LOCK_TIMEOUT = env_int("DJANGO_DB_LOCK_TIMEOUT", 5)
if DB_LOCK_TIMEOUT < 1:
    raise EnvError("DJANGO_DB_LOCK_TIMEOUT must be 1 or more seconds.")
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as error:
        raise EnvError(f"DATABASE_URL is not a database address ({error}).") from None
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", 2)  # an unreachable server: a 503 in 2 s, no hang
    options["options"] = f"{options.get('options', '')} -c lock_timeout={DB_LOCK_TIMEOUT}s".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("DJANGO_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Kept open between requests, as PostgreSQL's are: a new SQLite connection
            # registers Django's functions and runs the PRAGMAs each time.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": DB_LOCK_TIMEOUT,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "hipdips.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The client's address: REMOTE_ADDR, or behind DJANGO_PROXY_COUNT trusted proxies the
# address the first of them added to X-Forwarded-For (hipdips/throttles.py).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1)
if PROXY_COUNT < 1:
    raise EnvError("DJANGO_PROXY_COUNT must be 1 or more (the proxies in front of the app).")

# A wrong password locks the pair (account, client address): django-axes, in the database,
# so every gunicorn worker and host sees the same count. The right password from another
# address still works.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "hipdips.throttles.client_address"
# The log-in form posts the address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
# E-mail addresses log in whatever their case, so they are counted whatever their case.
AXES_USERNAME_CALLABLE = "hipdips.throttles.login_attempt_username"
AXES_RESET_ON_SUCCESS = True
# The pause runs from the last counted failure, so the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "hipdips.throttles.login_locked_out"
# No log of successful logins: it would keep addresses and browsers nobody reads.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Per-address and per-account limits, "count/period" (s, m, h), counted in the "throttle"
# cache so every worker and host sees the same counts. DJANGO_RATELIMIT_ENABLED=0 turns the
# per-address ones off, for a load test from one address; the per-account ones stay.
RATELIMIT_ENABLED = env_bool("DJANGO_RATELIMIT_ENABLED", True)
RATES = {
    "login-failures-per-address": env_rate("DJANGO_RATE_LOGIN_FAILURES_PER_ADDRESS", "20/15m"),
    "signups-per-address": env_rate("DJANGO_RATE_SIGNUPS_PER_ADDRESS", "10/1h"),
    "resets-per-address": env_rate("DJANGO_RATE_RESETS_PER_ADDRESS", "10/1h"),
    "mails-per-email": env_rate("DJANGO_RATE_MAILS_PER_EMAIL", "3/1h"),
    "password-checks-per-account": env_rate("DJANGO_RATE_PASSWORD_CHECKS_PER_ACCOUNT", "5/15m"),
}

# Two caches: "default" stays in each worker's memory (rendered fragments, fast); "throttle"
# is shared by every worker: the database by default (manage.py migrate creates its table),
# Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": (
        {
            "BACKEND": "hipdips.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs a request a second, then a 503; no hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            "BACKEND": "hipdips.cache.DatabaseCache",
            "LOCATION": "hipdips_throttle",
            # Django's default (300 rows, then a third deleted) would forget live counts;
            # `manage.py cleanup` removes the expired ones instead.
            "OPTIONS": {"MAX_ENTRIES": 10**9},
        }
    ),
}

# Every request body, file parts included, is refused with a 413 above this size, before it
# is read; a proxy in front should refuse it first (README, "Behind a proxy").
MAX_REQUEST_BYTES = env_int("DJANGO_MAX_REQUEST_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

# /healthz answers 503 when the database's disk has less free space than this.
HEALTHZ_MIN_FREE_BYTES = env_int("DJANGO_HEALTHZ_MIN_FREE_MB", 64) * 1024 * 1024

# Anonymous workouts live in the Django session for 30 days (DESIGN.md).
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "hipdips.storage.StaticStorage"},
}
# Hashed names never change content, so whitenoise may let browsers cache them for a year.
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# Mail: the console locally; SMTP from the environment in production.
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Hipdips <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS: dict[str, dict[str, Any]]
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("DJANGO_SMTP_HOST", "localhost"),
                "port": env_int("DJANGO_SMTP_PORT", 587),
                "username": env_str("DJANGO_SMTP_USER", ""),
                "password": env_str("DJANGO_SMTP_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_SMTP_TLS", True),
                "timeout": 10,
            },
        }
    }

# Security headers. Scripts only from our origin or with this response's nonce; no inline
# style at all (SVG drawings are coloured through classes).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # /healthz answers the load balancer over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
