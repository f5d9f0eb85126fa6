"""Images editors upload (posters, an interview's figures): checked, resized, and shown at the right size.

An upload must be a real image in a format every browser shows (JPEG, PNG, WebP or GIF), no larger
than ``MAX_BYTES`` and ``MAX_PIXELS``; Pillow decodes it to be sure. Each image is stored with smaller
copies (WebP) at the widths the pages show it at, named after it (``posters/x.jpg`` →
``posters/thumbnails/x-200.webp``), so that a page can offer the browser a ``srcset``. The copies live in
the same storage as the image: the media folder, or an S3-compatible object store (see the settings).

A photo from a phone is often stored on its side with an EXIF Orientation saying how to turn it;
browsers turn it, Pillow does not. An upload is turned upright when it is accepted and stored so, the
tag gone, so that the file, its width and height and its copies all agree.
"""

from collections.abc import Collection
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps, UnidentifiedImageError
from PIL.ExifTags import Base as ExifTag

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow's name for a format -> the extension its file is stored under (and served as).
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@dataclass(frozen=True)
class Use:
    """Where an image is shown: the widths of its copies, and the width it takes on the page."""

    widths: tuple[int, ...]
    sizes: str


# A poster beside the film's facts (12rem on a wide screen, 10rem on a phone); a figure across the
# article's column.
POSTER = Use(widths=(200, 400), sizes="(max-width: 40rem) 10rem, 12rem")
FIGURE = Use(widths=(480, 960, 1440), sizes="(max-width: 62rem) 100vw, 60rem")


def validate_upload(file):
    """Refuse anything but a decodable image of an allowed format and size; say which rule it broke."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            f"The image is {file.size / 1_048_576:.1f} MB; the most is {MAX_BYTES // 1_048_576} MB."
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(f"The image is {width} × {height} pixels; the most is 40 megapixels.")
            image.verify()
        # verify() reads no JPEG's pixels: one cut short passed it, and failed when its copies were made.
        file.seek(0)
        with Image.open(file) as image:
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError("This file is not an image that can be read.") from None
    finally:
        file.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(f"Upload a JPEG, PNG, WebP or GIF image; this one is {image_format}.")


def upright(file) -> ContentFile | None:
    """The image turned as its EXIF Orientation says, re-encoded in its format; None when it is
    upright already (or has several frames, which are left as they are)."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.getexif().get(ExifTag.Orientation, 1) == 1 or getattr(image, "n_frames", 1) > 1:
                return None
            image_format = image.format
            turned = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
    finally:
        file.seek(0)
    data = BytesIO()
    # The rest of the EXIF (often where the photo was taken) is not kept.
    options: dict[str, Any] = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format in ("JPEG", "WEBP"):
        options["quality"] = 90
    turned.save(data, image_format, **options)
    return ContentFile(data.getvalue())


def thumbnail_name(name, width):
    path = PurePosixPath(name)
    return str(path.parent / "thumbnails" / f"{path.stem}-{width}.webp")


def make_thumbnails(field_file: ImageFieldFile, use: Use):
    """Store the image's smaller copies for ``use`` (none wider than the image itself)."""
    storage: Storage = field_file.storage
    field_file.open("rb")
    try:
        with Image.open(field_file) as opened:
            # Upright already when uploaded here; turned for any stored before that was done.
            image = ImageOps.exif_transpose(opened)
    finally:
        field_file.close()
    for width in use.widths:
        if width >= image.width and width != use.widths[0]:
            break
        copy = image.copy()
        copy.thumbnail((width, width * 10))
        if copy.mode not in ("RGB", "RGBA"):
            copy = copy.convert("RGBA" if "A" in copy.getbands() or "transparency" in copy.info else "RGB")
        data = BytesIO()
        copy.save(data, "WEBP", quality=82, method=4)
        name = thumbnail_name(field_file.name, width)
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(data.getvalue()))


def sources(field_file, use: Use):
    """What an <img> needs: src, srcset, sizes, width and height (of the smallest copy)."""
    width, height = field_file.width, field_file.height
    widths = [w for w in use.widths if w < width] or [use.widths[0]]
    storage = field_file.storage
    candidates = [(storage.url(thumbnail_name(field_file.name, w)), min(w, width)) for w in widths]
    shown = candidates[0][1]
    return {
        "src": candidates[0][0],
        "srcset": ", ".join(f"{url} {w}w" for url, w in candidates),
        "sizes": use.sizes,
        "width": shown,
        "height": round(height * shown / width),
    }


def detected_format(file):
    file.seek(0)
    try:
        with Image.open(file) as image:
            return image.format
    finally:
        file.seek(0)


class ImageCopiesMixin(models.Model):
    """For a model with uploaded images: checks each upload, and keeps its smaller copies.

    ``IMAGE_USES`` maps each ImageField's name to its ``Use``. A new upload is checked by
    ``clean()`` (the admin calls it) and stored under the extension of what it really is; its copies
    are made when the record is saved with it.
    """

    IMAGE_USES: dict[str, Use] = {}
    _stored_images: dict[str, str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        stored = getattr(self, "_stored_images", {})
        for name, use in self.IMAGE_USES.items():
            field_file = getattr(self, name)
            if field_file and field_file.name != stored.get(name):
                make_thumbnails(field_file, use)
        self._stored_images = {name: getattr(self, name).name for name in self.IMAGE_USES}

    def clean(self) -> None:
        super().clean()
        errors = {}
        for name in self.IMAGE_USES:
            field_file = getattr(self, name)
            if field_file and not field_file._committed:
                try:
                    validate_upload(field_file.file)
                except ValidationError as error:
                    errors[name] = error
                else:
                    stem = PurePosixPath(field_file.name).stem
                    field_file.name = stem + FORMATS[detected_format(field_file.file)]
                    turned = upright(field_file.file)
                    if turned is not None:
                        turned.name = field_file.name
                        field_file.file = turned
                        # The width and height fields were read from the sideways file.
                        field_file.__dict__.pop("_dimensions_cache", None)
                        self._meta.get_field(name).update_dimension_fields(self, force=True)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], *, fetch_mode: Any = None
    ) -> Self:
        record = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        record._stored_images = {
            name: getattr(record, name).name for name in cls.IMAGE_USES if name in field_names
        }
        return record
