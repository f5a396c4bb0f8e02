"""CadreRef settings: one module, driven by environment variables.

DJANGO_ENV selects the mode. "development" (the default) has harmless defaults so a fresh
clone runs with no configuration; "production" has no defaults for secrets and stops at
start-up, naming the variable, when one is missing. Every variable is listed in .env.example.
"""

import datetime
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.http.request import split_domain_port, validate_host
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    sys.exit(f"CadreRef: DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"


def required(name: str, dev_default: str) -> str:
    """Return the variable; in production a missing one stops start-up with one line."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if PRODUCTION:
        sys.exit(f"CadreRef: the environment variable {name} must be set when DJANGO_ENV=production.")
    return dev_default


SECRET_KEY = required("SECRET_KEY", "development-only-key-not-for-production-use-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    host.strip() for host in required("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if host.strip()
]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def site_url(value: str) -> str:
    """The public origin, ``scheme://host[:port]``; anything else stops start-up."""
    parts = urlsplit(value)
    host, _port = split_domain_port(parts.netloc)
    if parts.scheme not in {"http", "https"} or not host or parts.path.strip("/") or parts.query or parts.fragment:
        sys.exit(f"CadreRef: SITE_URL must be an origin such as https://cadreref.example.org, not {value!r}.")
    if not validate_host(host, ALLOWED_HOSTS):
        sys.exit(f"CadreRef: the host of SITE_URL ({host}) must be one of ALLOWED_HOSTS.")
    return f"{parts.scheme}://{parts.netloc}"


# The origin every absolute link names (pages, JSON, feeds, sitemap) and the page cache keys on,
# so that no client can choose it with its Host or X-Forwarded-Proto header. Required in
# production; in development, unset means each request's own (validated) origin.
SITE_URL = required("SITE_URL", "")
if SITE_URL:
    SITE_URL = site_url(SITE_URL)

INSTALLED_APPS = [
    "config.apps.CadreRefAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks_db",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "core",
    "regulations",
    "cadres",
    "reference",
]

MIDDLEWARE = [
    "core.middleware.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and locale: a cached or 304 answer skips everything below it.
    "core.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# The admin lives at a configurable path so that it is not where scanners look first.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.data_state",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Optional read replica: public content is read from it, everything else from the primary
# (config/db_router.py, docs/SCALING.md). Tests mirror it onto the test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql"):
        _database.setdefault("OPTIONS", {}).update(
            # JIT compilation adds about half a second to a large search and never pays off
            # for the short queries this site runs.
            options="-c jit=off",
            # Parameters bound by the server, and a statement a connection runs a second time
            # kept prepared: PostgreSQL then neither parses nor, mostly, plans a page's queries
            # again. It planned a document page's joins for longer than it ran them (1.9 ms of
            # 2.8), and its CPU is shared with the workers'. A pooler between the two must keep
            # prepared statements per connection (PgBouncer 1.21+ with max_prepared_statements).
            server_side_binding=True,
            prepare_threshold=2,
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a login is checked against the lockout before the password is.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login throttling (OWASP ASVS 6.3.1), for an hour after: five failures for one username
# from one address; twenty for one username from any addresses (a guesser spreading over
# addresses); twenty from one address for any usernames (a password spray). The pair locks
# first, so an attacker elsewhere needs four times as many failures to lock a real editor out
# of the editor's own address (config/axes.py).
AXES_HANDLER = "config.axes.ThrottledLoginHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMITS = [
    AXES_FAILURE_LIMIT,
    int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "20")),
    int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20")),
]
# A successful login clears nothing: django-axes would clear every count it matches (the
# address's and the username's too), so one valid account could wipe the failures it made
# against others. Counts expire with the cool-off.
AXES_RESET_ON_SUCCESS = False
# The client address is REMOTE_ADDR unless AXES_PROXY_COUNT says how many trusted proxies
# add to X-Forwarded-For; trusting that header without a proxy would let a client pick its
# own address and dodge the lockout.
AXES_TRUSTED_PROXIES = int(os.environ.get("AXES_PROXY_COUNT", "0"))
if AXES_TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = AXES_TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 14},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Where readers send corrections: "Report an error" on each key point is a mailto: link to it,
# prefilled with the page and the key point. Unset, those links lead to the About page's
# "Report an error" section instead.
CORRECTIONS_EMAIL = os.environ.get("CORRECTIONS_EMAIL", "").strip()

# Fixture imports (reference.services.imports): the admin upload and the command.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# A preview and a confirmation each load everything once (about 4 ms an object on 2 cores, on
# SQLite or PostgreSQL): 3,000 objects fit well within gunicorn's 30 s timeout, where 20,000
# took 22-41 s and held the database meanwhile. The reference data is 733 objects.
IMPORT_MAX_OBJECTS = int(os.environ.get("IMPORT_MAX_OBJECTS", "3000"))
IMPORT_MAX_FILES = 10
# How long an uploaded fixture waits for confirmation after its preview.
IMPORT_PREVIEW_SECONDS = int(os.environ.get("IMPORT_PREVIEW_SECONDS", "3600"))
# Uploaded files above this size are streamed to disk by Django; the import limit is separate.
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
# Request bodies (admin only: public URLs refuse every body with 405 before reading it). The
# largest is an import upload; the form fields besides files stay within Django's 2.5 MB.
MAX_REQUEST_BODY_BYTES = IMPORT_MAX_FILES * IMPORT_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = IMPORT_MAX_FILES

# The cache holds rendered public pages (keyed on the data version) and the data version.
# Local memory by default (one per worker process), bounded by bytes: the least recently used
# entries make room, and a value larger than a quarter of it is not kept. Redis when REDIS_URL
# is set, shared by every worker and container; bound it there with maxmemory and an LRU
# policy (docker-compose.yml: 256 MB, allkeys-lru).
CACHE_MAX_BYTES = int(os.environ.get("CACHE_MAX_BYTES", str(64 * 1024 * 1024)))
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cadreref",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.BoundedLocMemCache",
            "LOCATION": "cadreref",
            "OPTIONS": {"MAX_ENTRIES": 5000, "MAX_BYTES": CACHE_MAX_BYTES},
        }
    }
# How long a rendered page stays in the server cache, and how long browsers and proxies may
# reuse it before revalidating with its ETag.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "300"))

# The fixture downloads (reference.services.exports) are files written once per data version
# and streamed from here; older versions' files are removed as newer ones are written. The
# default is under the system temporary directory because the image's /app (and STATIC_ROOT)
# is owned by root and read-only to the app user; each container then writes its own copy, so
# containers that serve the same data share one (the image's /var/lib/cadreref/exports,
# writable by the app user, is where compose mounts a shared volume).
EXPORT_DIR = Path(os.environ.get("EXPORT_DIR") or Path(tempfile.gettempdir()) / "cadreref-exports")
# Seconds, from the start of another process's write of the same export, during which a
# request for it waits for the file; after them it gets a 503 with Retry-After at once. Long
# enough for a document's fixture or the reference data's export (about a second), so that
# two readers asking at once both get the file; short enough that a write of minutes (a large
# corpus) ties up no thread: a burst of requests for it is answered without waiting.
EXPORT_WAIT_SECONDS = float(os.environ.get("EXPORT_WAIT_SECONDS", "2"))
# Fixture downloads one worker process streams at once; more are answered 503 with Retry-After
# at once. A download holds a thread (GUNICORN_THREADS, 4) until its last byte is read, and the
# whole dataset is over 100 MB on a large corpus: the other threads stay free for pages.
EXPORT_CONCURRENCY = int(os.environ.get("EXPORT_CONCURRENCY", "2"))

# Requests larger than this are refused before any work (414 / 400). Below it, an odd query
# (10,000 characters pasted into the search box) still gets a normal page; gunicorn's own
# limits (gunicorn.conf.py) are tighter and answer 414/400 first in production.
MAX_QUERY_STRING_LENGTH = 65536
MAX_HEADER_LENGTH = 16384

# The time budget of one search, in milliseconds: PostgreSQL's statement_timeout, SQLite's
# progress handler, and the "did you mean" comparison all stop there (reference.search.query).
SEARCH_TIME_LIMIT_MS = int(os.environ.get("SEARCH_TIME_LIMIT_MS", "1500"))
# Searches one worker process runs at once; more are refused with 503 and Retry-After, so that
# the worker's other threads (GUNICORN_THREADS, 4) stay free for cached pages and /healthz.
SEARCH_CONCURRENCY = int(os.environ.get("SEARCH_CONCURRENCY", "2"))

# Seconds a worker may serve a cached data version before re-reading it (see data_state).
DATA_STATE_TTL = int(os.environ.get("DATA_STATE_TTL", "5"))

# Pre-rendering (core.prerender, reference.tasks): after every import or admin edit a background
# job renders every public page of the new version into the page cache's shared tier (Redis, or
# the core.RenderedPage table without it) before readers are switched to it. The job stops at
# PRERENDER_MAX_BYTES (pages readers reach first come first); readers are switched anyway after
# PRERENDER_MAX_DELAY seconds, so the site is never stale for longer if no worker runs (0: at once).
PRERENDER_MAX_BYTES = int(os.environ.get("PRERENDER_MAX_BYTES", str(CACHE_MAX_BYTES)))
PRERENDER_MAX_DELAY = int(os.environ.get("PRERENDER_MAX_DELAY", "600"))
# A renderer that has not shown it is alive for this long is taken to have died (its lock lapses).
PRERENDER_LOCK_SECONDS = 60
# Django's tasks framework with django-tasks-db: jobs are rows in the database, run by
# `manage.py db_worker` (started by `make run` and the compose `worker` service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Content Security Policy (Django's own middleware): everything from this origin only, no
# plugins, no <base>, no framing. No inline script anywhere (the one script is a file).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Sessions exist only for the admin: short-lived, gone when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if PRODUCTION:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, Security).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this host, for every path.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
