"""Settings for `make bench`: production settings, on loopback, against a bench-only database.

Everything comes from config.settings.base (DEBUG off, the same middleware, the anonymous
page cache, whitenoise with its manifest); only what a loopback run without TLS needs is
changed. The database is never the development one: tests.bench.run sets
BENCH_DATABASE_URL (a SQLite file in a temporary folder, or a dedicated PostgreSQL database).
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key-never-use-in-production")

from config.settings.base import *  # noqa: F403
from config.settings.base import without_jit
from config.settings.env import env_int, env_str

BENCH_DIR = Path(env_str("BENCH_DIR") or Path(tempfile.gettempdir()) / "udr-bench")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "tests.bench.urls"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=False,
    )
}
without_jit(DATABASES["default"])

# Never the project's cache: a local-memory cache per worker, or a Redis database of the
# bench's own (BENCH_REDIS_URL; the bench clears it).
BENCH_REDIS_URL = env_str("BENCH_REDIS_URL")
if BENCH_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": BENCH_REDIS_URL,
            "KEY_PREFIX": "udr-bench",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The anonymous page cache is on, as in production; the uncached pass sets it to 0.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS

STATIC_ROOT = BENCH_DIR / "static"
MEDIA_ROOT = BENCH_DIR / "media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Pages send nothing. The reminder command is timed as production runs it: its emails
# queued in the database for a worker (tests.bench.members_bench sets this variable).
TASKS = {
    "default": {
        "BACKEND": env_str("BENCH_TASKS_BACKEND")
        or "django_tasks.backends.immediate.ImmediateBackend"
    }
}
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"

# One line per request would cost more than the pages themselves.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
