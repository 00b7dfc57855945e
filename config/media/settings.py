"""Where uploaded files are stored, read from the environment (README, "Media").

Two storages (Django's ``STORAGES`` aliases):

- ``default``: public media, Wagtail's images, renditions and documents;
- ``private``: member files (profile photos), never at a public address: a view of the
  members area checks who asks, then the proxy (X-Accel-Redirect), the application or a
  short-lived signed URL delivers the file.

Local folders by default (``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``, which must not be
inside a public folder); two S3-compatible buckets when ``S3_BUCKET`` is set. A partial or
contradictory configuration stops the process at start-up.

Nothing here imports Django's storages or boto3: settings only name them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_int, env_str

S3_VARIABLES = (
    "S3_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
    "S3_CUSTOM_DOMAIN",
    "S3_ADDRESSING_STYLE",
    "S3_SIGNED_URL_SECONDS",
)
REQUIRED_S3_VARIABLES = (
    "S3_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
)
ADDRESSING_STYLES = ("auto", "path", "virtual")
# A signed URL is made for one page view: long enough for a slow connection, short enough
# that a copied address soon stops working.
DEFAULT_SIGNED_URL_SECONDS = 300
MAX_SIGNED_URL_SECONDS = 3600


@dataclass(frozen=True)
class MediaSettings:
    """What base.py's "Static and media" section sets from the environment."""

    storages: dict[str, dict]  # the "default" and "private" entries of STORAGES
    private_media_root: Path
    uses_s3: bool
    # The application answers /media/ itself (one machine, no proxy in front for it).
    serve_media: bool
    # Private files on disk are handed to the proxy (nginx ``internal`` location) at this
    # prefix; "" streams them from the application.
    private_x_accel_prefix: str
    signed_url_seconds: int
    # Origins that serve media to browsers besides the site itself (CSP ``img-src``).
    csp_sources: list[str] = field(default_factory=list)


def media_settings(base_dir: Path, media_root: Path, public_roots: list[Path]) -> MediaSettings:
    """The storages and serving settings from the environment (see the module docstring).

    ``public_roots``: folders served to anyone (media, static files), which must not hold
    the private files.
    """
    if any(os.environ.get(name) for name in S3_VARIABLES):
        return _s3_settings(base_dir)
    return _local_settings(base_dir, media_root, public_roots)


def _local_settings(base_dir: Path, media_root: Path, public_roots: list[Path]) -> MediaSettings:
    private_root = Path(env_str("PRIVATE_MEDIA_ROOT") or base_dir / "private-media")
    resolved = private_root.resolve()
    for public in [media_root, *public_roots]:
        public = public.resolve()
        if resolved.is_relative_to(public) or public.is_relative_to(resolved):
            raise ImproperlyConfigured(
                f"PRIVATE_MEDIA_ROOT ({private_root}) must be outside every public folder "
                f"and hold none of them; it overlaps {public}."
            )
    prefix = env_str("PRIVATE_MEDIA_X_ACCEL_PREFIX") or ""
    if prefix and not (prefix.startswith("/") and prefix.endswith("/")):
        raise ImproperlyConfigured(
            f"PRIVATE_MEDIA_X_ACCEL_PREFIX must start and end with '/'; got {prefix!r}."
        )
    return MediaSettings(
        storages={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "config.media.storages.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(private_root)},
            },
        },
        private_media_root=private_root,
        uses_s3=False,
        serve_media=env_bool("SERVE_MEDIA", default=True),
        private_x_accel_prefix=prefix,
        signed_url_seconds=DEFAULT_SIGNED_URL_SECONDS,
    )


def _s3_settings(base_dir: Path) -> MediaSettings:
    missing = [name for name in REQUIRED_S3_VARIABLES if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"S3 storage is partly configured: set {', '.join(missing)} too "
            f"(or unset every S3_* variable to keep media on local disk)."
        )
    bucket = env_str("S3_BUCKET")
    private_bucket = env_str("S3_PRIVATE_BUCKET")
    if bucket == private_bucket:
        raise ImproperlyConfigured(
            "S3_PRIVATE_BUCKET must differ from S3_BUCKET: anyone may read the public bucket."
        )
    endpoint = env_str("S3_ENDPOINT_URL") or None
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"S3_ENDPOINT_URL must be an http(s) URL such as https://s3.example.org; "
                f"got {endpoint!r}."
            )
    region = env_str("S3_REGION") or None
    if not endpoint and not region:
        raise ImproperlyConfigured("Set S3_REGION (or S3_ENDPOINT_URL for another provider).")
    custom_domain = env_str("S3_CUSTOM_DOMAIN") or None
    if custom_domain and ("://" in custom_domain or custom_domain.startswith("/")):
        raise ImproperlyConfigured(
            f"S3_CUSTOM_DOMAIN is a host name (media.example.org), without scheme; "
            f"got {custom_domain!r}."
        )
    # S3-compatible providers reached through their own endpoint mostly expect the bucket
    # in the path; AWS itself expects it in the host name.
    style = env_str("S3_ADDRESSING_STYLE") or ("path" if endpoint else "virtual")
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}; got {style!r}."
        )
    seconds = env_int("S3_SIGNED_URL_SECONDS", DEFAULT_SIGNED_URL_SECONDS)
    if not 10 <= seconds <= MAX_SIGNED_URL_SECONDS:
        raise ImproperlyConfigured(
            f"S3_SIGNED_URL_SECONDS must be between 10 and {MAX_SIGNED_URL_SECONDS}; got {seconds}."
        )
    if env_bool("SERVE_MEDIA", default=False):
        raise ImproperlyConfigured("SERVE_MEDIA is for media on local disk; S3 serves them.")
    if env_str("PRIVATE_MEDIA_X_ACCEL_PREFIX"):
        raise ImproperlyConfigured(
            "PRIVATE_MEDIA_X_ACCEL_PREFIX is for private files on local disk; "
            "with S3 they are served through signed URLs."
        )
    connection = {
        "access_key": env_str("S3_ACCESS_KEY_ID"),
        "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
        "region_name": region,
        "endpoint_url": endpoint,
        "addressing_style": None if style == "auto" else style,
        "signature_version": "s3v4",
        # Wagtail and Django expect a new name for a new file, never an overwrite.
        "file_overwrite": False,
    }
    sources = [
        custom_domain and f"https://{custom_domain.split('/')[0]}",
        _bucket_origin(bucket, endpoint, region, style),
        _bucket_origin(private_bucket, endpoint, region, style),
    ]
    return MediaSettings(
        storages={
            "default": {
                "BACKEND": "config.media.s3.PublicS3Storage",
                "OPTIONS": {
                    **connection,
                    "bucket_name": bucket,
                    "custom_domain": custom_domain,
                    "querystring_auth": False,
                },
            },
            "private": {
                "BACKEND": "config.media.s3.PrivateS3Storage",
                "OPTIONS": {
                    **connection,
                    "bucket_name": private_bucket,
                    "querystring_auth": True,
                    "querystring_expire": seconds,
                },
            },
        },
        private_media_root=base_dir / "private-media",
        uses_s3=True,
        serve_media=False,
        private_x_accel_prefix="",
        signed_url_seconds=seconds,
        csp_sources=list(dict.fromkeys(source for source in sources if source)),
    )


def _bucket_origin(bucket: str, endpoint: str | None, region: str | None, style: str) -> str:
    """The scheme and host of a bucket's URLs (path style: the endpoint's; otherwise the
    bucket is a sub-domain)."""
    if endpoint:
        parts = urlsplit(endpoint)
        scheme, host = parts.scheme, parts.netloc
    else:
        scheme, host = "https", f"s3.{region}.amazonaws.com"
    if style == "path":
        return f"{scheme}://{host}"
    return f"{scheme}://{bucket}.{host}"
