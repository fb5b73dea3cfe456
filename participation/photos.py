"""Residents' photos: checked (size, real image type), turned upright and re-encoded so that no
EXIF, GPS position or other metadata of the phone survives."""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

MAX_PHOTOS = 3
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; larger is a decompression bomb
LONGEST_SIDE = 2048  # enough to see a broken manhole cover; smaller files for editors' phones
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}


def check_photo(upload):
    """Raise ValidationError with a sentence a resident understands, or return nothing."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"照片“{upload.name}”太大（{upload.size / 1024 / 1024:.1f} MB），每张不能超过 "
            f"{MAX_BYTES // 1024 // 1024} MB。"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            f"“{upload.name}”不是能打开的照片：请上传 JPEG、PNG 或 WebP 格式的图片。"
        ) from None
    finally:
        upload.seek(0)
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"“{upload.name}”是 {kind} 格式：请上传 JPEG、PNG 或 WebP 格式的图片。"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(f"照片“{upload.name}”像素太多，请用手机正常拍摄的照片。")


def clean_copy(upload):
    """A JPEG of the photo, upright as the phone held it, at most LONGEST_SIDE pixels, with no
    metadata at all. Returns (ContentFile, width, height)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        if image.mode != "RGB":
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        # A new image holds pixels only: no EXIF, XMP, ICC or comments carried over.
        pixels = Image.new("RGB", image.size)
        pixels.paste(image)
        output = io.BytesIO()
        pixels.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="photo.jpg"), pixels.width, pixels.height
