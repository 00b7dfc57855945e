"""Base settings: safe for production on their own.

DEBUG is off, no secret is stored here, and every value that differs between machines
comes from the environment (see README, "Configuration").
"""

import datetime
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.media.settings import media_settings
from config.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "stories",
    "network",
    "members",
    "outbox",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "config.request_id.RequestIDMiddleware",  # first: every log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.SiteCSPMiddleware",
    # Before everything that costs (sessions, CSRF, authentication, the database): an
    # anonymous visitor's page served from the cache runs nothing below.
    "config.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.accounts.middleware.RequireSecondFactorMiddleware",
    # Listed before Wagtail's redirects, it sees the response after them: an editor's
    # redirect of the same address wins.
    "config.middleware.FrenchAddressRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns its lock-out into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite is the embedded default so that a newcomer needs nothing installed;
# production and CI set DATABASE_URL=postgresql://...
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}


def without_jit(database: dict) -> dict:
    """PostgreSQL's JIT compiles plans whose estimate crosses jit_above_cost: on the bench
    dataset it added ~70 ms to a 40 ms query (suggestions). This site runs short queries.

    ``-c jit=off`` is appended to any ``options`` DATABASE_URL already gives. PgBouncer in
    transaction mode refuses the ``options`` startup parameter: ``DB_DISABLE_JIT=0`` leaves
    the connection alone (then set ``jit = off`` on the database or role instead)."""
    if database["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "DB_DISABLE_JIT", default=True
    ):
        options = database.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    return database


without_jit(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that drops packets must give visitors the 503 page within seconds,
    # not hold every worker until gunicorn kills it (a URL's own connect_timeout wins).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5)
    )


def sqlite_concurrency(database: dict) -> dict:
    """On SQLite, two requests writing at once (the admin's autosave and "submit for
    moderation") wait for each other instead of one failing with "database is locked".

    A transaction takes the write lock as it begins (``IMMEDIATE``): a deferred one that
    read first cannot wait for it and fails at once, whatever the timeout. A writer then
    waits up to ``DB_SQLITE_TIMEOUT`` seconds for the lock, and in WAL mode readers never
    block the writer nor wait for it. A URL's own options win."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", env_int("DB_SQLITE_TIMEOUT", 20))
        options.setdefault("init_command", "PRAGMA journal_mode=WAL;")
    return database


sqlite_concurrency(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Cache and sessions ---------------------------------------------------------------
def redis_caches(url: str) -> dict:
    """The site keeps serving, slower, when Redis is unreachable: errors become cache misses
    (config.cache), logged on "config.cache"; short timeouts keep what each cache call
    costs then small, and a process that failed to connect skips Redis for a few seconds.

    Sessions have their own alias on the same Redis, whose entries live at most
    SESSION_CACHE_SECONDS: a sign-out on an instance cut off from Redis leaves the
    session's cached copy behind for no longer than that (config.cache)."""
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": env_int("REDIS_CONNECT_TIMEOUT_MS", 300) / 1000,
        "SOCKET_TIMEOUT": env_int("REDIS_TIMEOUT_MS", 500) / 1000,
        "RETRY_AFTER_SECONDS": env_int("REDIS_RETRY_AFTER_SECONDS", 5),
    }
    cache = {"BACKEND": "config.cache.DegradingRedisCache", "LOCATION": url, "KEY_PREFIX": "udr"}
    return {
        "default": {**cache, "OPTIONS": options},
        "sessions": {
            **cache,
            "OPTIONS": {**options, "MAX_TIMEOUT": env_int("SESSION_CACHE_SECONDS", 600)},
        },
    }


# Read by django-redis whenever a Redis cache is configured, here or in a test.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "config.cache"
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
    # Sessions are read from Redis and written to both: a flush or an eviction of Redis
    # signs nobody out, and with Redis down they come from the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    # Room for the layout fragments and cards (config.caching): at the default
    # 300 entries, a site of a few hundred pages would keep evicting them (~1 KB each).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# How long anything is kept in the cache (config.caching): versions make every entry
# exact, this only frees memory; what moves with the clock alone is kept a minute at most.
CACHE_SECONDS = env_int("CACHE_SECONDS", 300)
# Full pages are cached for anonymous visitors only (config.middleware), this long; 0
# switches it off. Browsers revalidate every time: the server's copy decides.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", CACHE_SECONDS)

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"
# Wagtail's own sign-in form would skip the second factor: the admin uses allauth's.
WAGTAILADMIN_LOGIN_URL = "account_login"
# Passwords and email addresses change in one place, allauth's pages (account_*): its rate
# limits, reauthentication, verified new address and notification emails. Wagtail's account
# page would change them without any of that, and its own reset form has no rate limit.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Versions of the documents members accept; a new version asks them to accept again.
CONSENT_VERSIONS = {"terms": "2026-11", "charter": "2026-11"}
# Accounts without a sign-in for this long are warned, then deleted a month later.
INACTIVITY_WARNING_DAYS = env_int("INACTIVITY_WARNING_DAYS", 730)
INACTIVITY_GRACE_DAYS = env_int("INACTIVITY_GRACE_DAYS", 30)
# Requests closed (completed, declined, expired, withdrawn, closed) for this long lose their
# people, texts, messages and notifications (manage.py purge_inactive_members); 0: never.
RETENTION_CLOSED_REQUESTS_MONTHS = env_int("RETENTION_CLOSED_REQUESTS_MONTHS", 24)
# The escalation ladder of an unanswered request and the follow-up of a completed one, in days
# (manage.py send_request_reminders); and how long a sent request waits before its young
# person's counsellors see it among those "without a reply" (their dashboard and requests).
REQUEST_ESCALATION = {
    "first_reminder_days": env_int("REQUEST_FIRST_REMINDER_DAYS", 3),
    "second_reminder_days": env_int("REQUEST_SECOND_REMINDER_DAYS", 7),
    "counsellor_alert_days": env_int("REQUEST_COUNSELLOR_ALERT_DAYS", 10),
    "expiry_days": env_int("REQUEST_EXPIRY_DAYS", 14),
    "follow_up_days": env_int("REQUEST_FOLLOW_UP_DAYS", 90),
    "stale_days": env_int("REQUEST_STALE_DAYS", 7),
    # When moderators see a request stuck (the admin's summary and its requests filter):
    # sent without an answer, awaiting the counsellor, accepted and never completed.
    "stuck_sent_days": env_int("REQUEST_STUCK_SENT_DAYS", 10),
    "stuck_awaiting_days": env_int("REQUEST_STUCK_AWAITING_DAYS", 7),
    "stuck_accepted_days": env_int("REQUEST_STUCK_ACCEPTED_DAYS", 60),
}

# django-allauth: sign-in by email, verified before anything else.
ACCOUNT_ADAPTER = "members.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "members.profiles.professional_forms.ProfessionalSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# Never tell whether an address has an account (sign-up, reset, email change).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Every sensitive change (adding or changing the email, two-factor) asks for the password
# again when the last proof is older than 5 minutes: a session left open on a shared
# computer cannot take the account. The password change form asks for the current one.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Security notices (email, password, two-factor changed): the email change is told to the
# old address, the others to the primary one.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Un début de réseau] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits (written out so that they are visible and kept on). "login_failed"
# is the address throttle of the sign-in policy (see AXES_* below): 30 failures from one
# address in 15 minutes, over any accounts, refuse sign-in from it; its "key" is the pair
# (address, account) (members.accounts.adapter.AccountAdapter), never the account alone, and is
# also the per-account limit on two-factor codes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "30/15m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_ADAPTER = "members.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Un début de réseau"

# django-axes: after 5 failures for one account from one address, that pair (address,
# account) is refused (429) for 15 minutes. Nothing locks an account alone (anyone could
# lock a victim out) nor an address alone at this low threshold (a structure's shared
# Wi-Fi): the address throttle is allauth's "login_failed" above, at 30.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth's credentials carry the address as "email", not "login": read it from either.
AXES_USERNAME_CALLABLE = "members.accounts.adapter.axes_username"
# A success clears the failures of that pair only (axes resets by the lockout parameters):
# the failures of other accounts from the same address stay counted.
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The lock ends AXES_COOLOFF_TIME after it starts, as the lock-out page says; further tries
# during it do not push the end back (allauth's "login_failed" limit still answers them).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Failed attempts are logged without the typed address (it stays in the username column).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "login"]
# The client address: the connection's, or behind TRUSTED_PROXY_COUNT reverse proxies the
# entry of X-Forwarded-For that the farthest trusted proxy wrote, counted from the end (the
# left part is the client's own and may be forged). One rule for axes and allauth's limits.
# django-ipware would count proxies differently (the nearest one is not in the header) and,
# strict by default, fall back to the proxy's address for a header with a forged entry.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip_address"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# "default": public media (Wagtail images and documents); "private": member files (profile
# photos), never at a public address. Local folders, or two S3 buckets when S3_BUCKET is
# set (config/media/settings.py says which variables, and refuses a partial set).
_media = media_settings(BASE_DIR, MEDIA_ROOT, [STATIC_ROOT, *STATICFILES_DIRS])
PRIVATE_MEDIA_ROOT = _media.private_media_root
MEDIA_USES_S3 = _media.uses_s3
# The application answers /media/ (images only) when no proxy or bucket does it.
SERVE_MEDIA = _media.serve_media
# Private files on disk go out through nginx's internal location at this prefix
# (X-Accel-Redirect), or are streamed by the application when it is empty.
PRIVATE_MEDIA_X_ACCEL_PREFIX = _media.private_x_accel_prefix
PRIVATE_MEDIA_SIGNED_URL_SECONDS = _media.signed_url_seconds
# Hosts of the buckets (or their CDN) that browsers load media from: the CSP's img-src.
MEDIA_CSP_SOURCES = _media.csp_sources
STORAGES = {
    **_media.storages,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------------------
# Every email of the site is written to the outbox (outbox.OutboxEmail) with the action that
# causes it, then sent by a background task through this backend; web processes never talk
# to the mail server. (Wagtail's own moderation notifications and the errors mailed to
# ADMINS still use it directly.)
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
# Wagtail's moderation emails (a story submitted, approved, sent back) are written for the
# site in templates/wagtailadmin/notifications/, their HTML part in the layout of every email.
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
# Seconds before a silent mail server counts as down (the attempt is retried later); without
# it a hung connection would hold a worker, or a web process, for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
if EMAIL_TIMEOUT < 1:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be 1 second or more.")
DEFAULT_FROM_EMAIL = (
    env_str("DEFAULT_FROM_EMAIL") or "Un début de réseau <noreply@undebutdereseau.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where answers to volunteer calls and contact messages go when the site settings name nobody.
ASSOCIATION_EMAIL = env_str("ASSOCIATION_EMAIL") or "contact@undebutdereseau.fr"

# --- Background tasks -----------------------------------------------------------------
# Production runs the database backend with `manage.py db_worker` processes;
# dev and test settings switch to the immediate backend.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
    }
}
# A task RUNNING for longer than this belongs to a worker that died (killed, out of memory,
# machine lost): `manage.py recover_stale_tasks` puts it back in the queue, and an email
# claimed for longer than this is sent by the next task. Keep it above the longest run of
# any task (an email takes at most EMAIL_TIMEOUT seconds per connection step).
TASKS_STALE_AFTER_SECONDS = env_int("TASKS_STALE_AFTER_SECONDS", 15 * 60)
if TASKS_STALE_AFTER_SECONDS < 4 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        "TASKS_STALE_AFTER_SECONDS must be at least four times EMAIL_TIMEOUT: a slow but "
        "live sender would otherwise see its email taken and sent again."
    )

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer probes each instance over plain HTTP: answer, do not redirect (config.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The public site allows nothing inline and nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The buckets (or their CDN) media come from when they are on S3.
        "img-src": [SELF, "data:", *MEDIA_CSP_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

# --- Public forms against scripts (config.antispam) ---------------------------------
# A form sent back sooner than this after it was shown is refused, with a message and what
# was typed kept (0 switches the check off). Scripts answer in milliseconds, people never.
ANTISPAM_MIN_SECONDS = env_int("ANTISPAM_MIN_SECONDS", 3)
# Submissions per window of seconds, per client address and per target. Past a limit the
# browser must solve a proof of work (static/js/antispam.js) before the form goes through,
# except past the registration's limit per email address, which refuses outright.
ANTISPAM_LIMITS = {
    # The contact form: per address.
    "contact": {"address": (5, 60 * 60)},
    # Answers to a volunteer call: per address, and per call (a burst that would fill it).
    "volunteer-answer": {"address": (3, 60 * 60), "target": (10, 10 * 60)},
    # "Inscrire ma structure": per address, and per referent email address (it gets an email).
    "structure-registration": {"address": (3, 60 * 60), "target": (1, 24 * 60 * 60)},
    # Tries of a join code, right or wrong: per address, and per code.
    "join-code": {"address": (10, 10 * 60), "target": (20, 60 * 60)},
}
# The proof of work: leading zero bits of sha256(challenge + nonce); one more bit (twice the
# work) each time the hits double past the limit, up to the maximum. 16 bits take a computer
# a fraction of a second, a phone about a second. A challenge is valid this long, and once.
ANTISPAM_POW_BITS = env_int("ANTISPAM_POW_BITS", 16)
ANTISPAM_POW_MAX_BITS = env_int("ANTISPAM_POW_MAX_BITS", 22)
ANTISPAM_CHALLENGE_SECONDS = env_int("ANTISPAM_CHALLENGE_SECONDS", 10 * 60)
if not 1 <= ANTISPAM_POW_BITS <= ANTISPAM_POW_MAX_BITS <= 32:
    raise ImproperlyConfigured("ANTISPAM_POW_BITS must be 1 to ANTISPAM_POW_MAX_BITS (≤ 32).")

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Un début de réseau"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# "Translate this page" makes a draft, not a live copy in French: a translation goes online
# through the same moderation as its source (home/translations.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# Pixels an uploaded image may have: decoding takes about 4 bytes a pixel, so these keep a
# small server's memory safe from a few-kilobyte "decompression bomb" (Wagtail's own default
# is 128 million pixels, about half a gigabyte).
AVATAR_MAX_PIXELS = env_int("AVATAR_MAX_PIXELS", 12_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 24_000_000)
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_FINDERS = []  # embeds would load third-party content
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend, with a SQLite ranking that scales (home/search_backend.py).
        "BACKEND": "home.search_backend",
        # On PostgreSQL: French stemming without accents (migration home/0002).
        "SEARCH_CONFIG": "french_unaccent",
    }
}
WAGTAIL_MODERATION_ENABLED = True

# A CDN or caching proxy in front of the site (optional): anonymous pages then carry
# `s-maxage` and Wagtail purges a page (and the indexes that list it) when it changes.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    # A proxy that accepts PURGE requests (Varnish, nginx with a purge module…).
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    if not env_str("CLOUDFLARE_BEARER_TOKEN"):
        raise ImproperlyConfigured("CLOUDFLARE_ZONE_ID needs CLOUDFLARE_BEARER_TOKEN.")
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
    }

# --- Logs and error reports -----------------------------------------------------------
# Every line on stderr (journald or the container runtime keeps it) with its time, level,
# logger and request id (config.request_id); one JSON object a line with LOG_FORMAT=json.
LOG_FORMAT = (env_str("LOG_FORMAT") or "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json; got {LOG_FORMAT!r}.")
LOG_LEVEL = (env_str("LOG_LEVEL") or "INFO").strip().upper()

# Who gets an email for each server error: ADMINS="Name <a@example.org>,b@example.org".
ADMINS = [(name, address) for name, address in getaddresses(env_list("ADMINS")) if "@" in address]
if len(ADMINS) != len(env_list("ADMINS")):
    raise ImproperlyConfigured("ADMINS must be email addresses, separated by commas.")
# Error emails hide the session cookie as well as Django's usual secrets (config.logging).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.logging.ReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.logging.RequestIDFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # An unreachable Redis or database fails every request the same way: one log line
        # a minute and one email every ten minutes per process and kind of error is enough.
        "throttle_logs": {"()": "config.logging.ThrottleRepeats", "seconds": 60},
        "throttle_mails": {
            "()": "config.logging.ThrottleRepeats",
            "seconds": 600,
            "annotate": False,
        },
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "request_id", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        # Django's handler sends from the web process, but never raises into the request:
        # it sends with fail_silently, and logging swallows a handler's errors.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id", "throttle_mails"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Server errors (django.request) and other errors of Django go to ADMINS too.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # Cache errors that the site survives (config.cache).
        "config.cache": {"filters": ["throttle_logs"]},
    },
}

# /readyz says "degraded" when the oldest task due has waited longer than this for a worker.
READYZ_MAX_QUEUE_AGE_SECONDS = env_int("READYZ_MAX_QUEUE_AGE_SECONDS", 600)

# Sentry (or a compatible service) when SENTRY_DSN is set: no personal data (config.sentry).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from config import sentry

    sentry.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT") or "production",
        release=env_str("SENTRY_RELEASE") or None,
        # Performance traces are off unless asked for, in percent of requests.
        traces_sample_rate=env_int("SENTRY_TRACES_PERCENT", 0) / 100,
    )
