"""S3-compatible storages (django-storages), named by ``STORAGES`` when S3_BUCKET is set.

Their options come from ``config.media.settings``; this module only adds what a single
option cannot say. It imports boto3, so nothing imports it unless S3 is configured.
"""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from config.media.storages import public_cache_control


class PublicS3Storage(S3Storage):
    """Public media in a bucket anyone may read (its policy allows ``s3:GetObject``)."""

    def get_object_parameters(self, name: str) -> dict:
        # The bucket (or the CDN in front of it) answers with the headers stored with each
        # object: renditions for a year, originals and documents for an hour.
        parameters = super().get_object_parameters(name)
        parameters.setdefault("CacheControl", public_cache_control(name))
        return parameters


class PrivateS3Storage(S3Storage):
    """Member files in a bucket nobody may read anonymously: ``url()`` is signed and
    expires after ``S3_SIGNED_URL_SECONDS``."""

    # config.media.views.private_file_response redirects to url() instead of streaming.
    signs_urls = True

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        parameters.setdefault("CacheControl", "private, max-age=300")
        return parameters
