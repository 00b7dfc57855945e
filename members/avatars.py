"""Profile photos: only real JPEG, PNG or WebP images, re-encoded before they are stored.

The bytes are decoded by Pillow whatever the file's name or declared type says, so an
SVG, a script or a PDF renamed ``photo.jpg`` is refused; re-encoding drops metadata
(GPS position in EXIF) and anything hidden after the image data.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_AVATAR_BYTES = 5 * 1024 * 1024
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
AVATAR_SIZE = 400


def clean_avatar(upload: UploadedFile) -> ContentFile:
    """The uploaded file as a square-bounded WebP, or a ValidationError in plain words."""
    if upload.size > MAX_AVATAR_BYTES:
        raise ValidationError(
            _("La photo pèse plus de 5 Mo : choisissez une image plus légère."), code="too_big"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            # Decompression bombs: a few kilobytes of PNG can claim billions of pixels, and
            # decoding costs about 4 bytes a pixel. Read from the header, before decoding.
            limit = settings.AVATAR_MAX_PIXELS
            if probe.width * probe.height > limit:
                raise ValidationError(
                    _(
                        "Cette image fait plus de %(megapixels)s mégapixels : envoyez une "
                        "photo plus petite (une capture d’écran de la photo convient)."
                    ),
                    code="too_many_pixels",
                    params={"megapixels": limit // 1_000_000},
                )
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(
                _("Format refusé : envoyez une photo JPEG, PNG ou WebP."), code="format"
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
            output = io.BytesIO()
            image.save(output, format="WEBP", quality=85)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(
            _("Ce fichier n’est pas une image JPEG, PNG ou WebP lisible."), code="invalid"
        ) from error
    return ContentFile(output.getvalue(), name="avatar.webp")
