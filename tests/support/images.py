"""Small real image files for storage and serving tests."""

import io

from PIL import Image


def image_bytes(image_format: str = "WEBP", size=(8, 8), colour=(10, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def webp_bytes() -> bytes:
    """A profile photo as the site stores them (members.avatars re-encodes to WebP)."""
    return image_bytes("WEBP")
