"""Django settings, configured by environment variables (see README, "Configuration")."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PODIUM_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _networks(name: str) -> list[str]:
    """Comma-separated addresses or networks (CIDR); one that is neither stops the start,
    where the server would silently trust nothing (or the wrong thing)."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    for item in items:
        try:
            ipaddress.ip_network(item)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an address or a network") from None
    return items


def _secret_key() -> str:
    """Use SECRET_KEY when given; otherwise generate one once and keep it in the data dir."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("PODIUM_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Its swagger-ui from static files rather than a CDN (/api/docs works offline).
    "ninja",
    "csp",
    "axes",
    "podium.ledger",  # first: its flush command must win over Django's
    "podium.snapshots",
    "podium.accounts",
    "podium.competitions",
    "podium.registration",
    "podium.judging",
    "podium.results",
    "podium.reports",
    "podium.schedule",
    "podium.live",
    "podium.showcase",
    "podium.visits",
    "podium.matchmaking",
    "podium.dashboard",
    "podium.review",
    "podium.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "podium.csp.OrderedCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "podium.refusals.RefusalMiddleware",
    # Last, so a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "podium.site.urls"
ASGI_APPLICATION = "podium.asgi.application"
WSGI_APPLICATION = "podium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "podium.competitions.context_processors.current_edition",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    if url := os.environ.get("DATABASE_URL"):
        # parse() returns a DBConfig TypedDict, which is not a dict[str, Any] to mypy.
        config: dict[str, Any] = dict(dj_database_url.parse(url))
        # A pool per process: it holds as many connections as Django runs requests at
        # once (PODIUM_DJANGO_CONCURRENCY threads, podium.asgi) and a few for the
        # renders and the push publisher, and replaces one that a restart killed.
        concurrency = int(os.environ.get("PODIUM_DJANGO_CONCURRENCY", "8"))
        pool = {"min_size": 1, "max_size": concurrency + 4, "timeout": 20}
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "pool": pool}
        # Each connection is checked as it leaves the pool: one that died with a
        # database restart is replaced, not handed to a request.
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "podium.sqlite3",
        "OPTIONS": {
            # DEFERRED transactions make a second writer fail at once with "database is
            # locked"; IMMEDIATE takes the write lock up front and waits up to `timeout`.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"
            ),
        },
        # Kept open: Django's requests run on a fixed pool of threads (podium.asgi), and
        # opening SQLite with its pragmas costs more than most queries a page makes.
        "CONN_MAX_AGE": None,
        "CONN_HEALTH_CHECKS": True,
        # Tests use a file too: an in-memory database shared with the live-server
        # threads locks whole tables and fails at once where WAL would simply wait.
        # PODIUM_TEST_DB lets two test runs on one machine keep apart.
        "TEST": {"NAME": os.environ.get("PODIUM_TEST_DB") or str(DATA_DIR / "test.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "dashboard:home"

# Login throttling: a venue's judges share one address, so lock the pair
# (username, address), never the address alone; a lockout expires on its own.
AXES_FAILURE_LIMIT = int(os.environ.get("PODIUM_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The address is the one the server decided on (REMOTE_ADDR), never a header a client
# can write: `podium serve` believes X-Forwarded-For only from PODIUM_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "podium.accounts.addresses.client_address"
PODIUM_TRUSTED_PROXIES = _networks("PODIUM_TRUSTED_PROXIES")

# A registration's pitch deck (PDF) may not exceed this many bytes.
PODIUM_DECK_MAX_BYTES = int(os.environ.get("PODIUM_DECK_MAX_BYTES", str(20 * 2**20)))
# The largest registration file an import reads (CLI and page); see README, "Configuration".
PODIUM_IMPORT_MAX_BYTES = int(os.environ.get("PODIUM_IMPORT_MAX_BYTES", str(20 * 2**20)))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
# Served from the app packages directly, so `podium serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Safe by default. HTTPS itself (redirect, HSTS, secure cookies) belongs to the reverse
# proxy that terminates TLS; PODIUM_HTTPS=1 turns those on when that proxy is in place.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page's scripts and styles come from the site's own static files: no inline script,
# no inline style, no eval, so the policy needs no nonce and a stored public page
# (podium.snapshots) carries the same header as the live one. The one inline style left,
# the <style> inside a pygal chart drawn into the dashboard, is allowed by its hash
# (podium.csp); /api/docs adds what swagger-ui's stylesheet needs (podium.api).
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # As X-Frame-Options DENY says: no page is shown inside another's frame.
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
# Read from the cache (Redis with REDIS_URL, else this process's memory), written through
# to the database: a tablet's draft every few seconds does not read its session row.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True
if _flag("PODIUM_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Public pages served from stored snapshots (podium.snapshots): how often a worker re-reads
# which snapshots exist (seconds), and how long a reader's cache may keep one.
PODIUM_SNAPSHOT_TTL = float(os.environ.get("PODIUM_SNAPSHOT_TTL", "1"))
PODIUM_SNAPSHOT_MAX_AGE = int(os.environ.get("PODIUM_SNAPSHOT_MAX_AGE", "30"))

# Server push (podium.live.events): a venue's state held in memory is re-read from Redis
# or the database when a stream opens and it is older than this (seconds); changes made
# through the services arrive at once in any case.
PODIUM_LIVE_STATE_TTL = float(os.environ.get("PODIUM_LIVE_STATE_TTL", "30"))
# Keeps the Redis channels and keys of two installations sharing one Redis apart.
PODIUM_INSTALLATION = (
    os.environ.get("PODIUM_INSTALLATION")
    or hashlib.sha256(
        f"{DATABASES['default'].get('HOST', '')}/{DATABASES['default']['NAME']}".encode()
    ).hexdigest()[:12]
)
# "background": one thread per process renders snapshots after the change commits;
# "inline": the committing thread renders them before it goes on; "off": not on commit.
PODIUM_SNAPSHOT_RENDER = os.environ.get("PODIUM_SNAPSHOT_RENDER", "background")
# How a venue's screens are told that a sheet came in: built on a thread of its own
# (background) or in the request that committed it (inline). A host's steps are inline.
PODIUM_PUSH_PUBLISH = os.environ.get("PODIUM_PUSH_PUBLISH", "background")
# Django's threads per server process (podium.asgi), so its requests at once: the rest
# wait in the event loop, which keeps serving stored pages and streams.
PODIUM_DJANGO_CONCURRENCY = int(os.environ.get("PODIUM_DJANGO_CONCURRENCY", "8"))
# (The PostgreSQL pool in _database() is sized from the same variable.)
# The name the ledger's checkpoints are signed under (podium.ledger.signing): the address
# of the installation's ledger page, without the scheme, so a reader knows whose it is.
PODIUM_LEDGER_ORIGIN = (
    os.environ.get("PODIUM_LEDGER_ORIGIN") or f"{(ALLOWED_HOSTS or ['podium'])[0]}/ledger"
)
