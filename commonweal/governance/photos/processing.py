"""What an uploaded photo becomes before anything is stored: Pillow, no storage, no database.

Accepted are JPEG, PNG and WebP, recognised by their content (the name and the browser's
content type are the sender's claims). The photo is decoded, turned upright by its EXIF
orientation, converted to sRGB, scaled to at most `MAX_SIDE` pixels a side and re-encoded from
its pixels alone into a new image: nothing of the original file's metadata (EXIF with the GPS
position, XMP, comments, ICC profile, PNG text) can come along, whatever Pillow's encoders
would otherwise copy. A thumbnail is made from the same pixels.

Refusals are `DomainError`s with PhotoErrorCode; a file that is not a photo, or is hostile (a
"decompression bomb": small file, huge canvas), is refused before its pixels are decoded.
"""

import io
import struct
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from commonweal.governance.photos.error_codes import PhotoErrorCode
from commonweal.platform.kernel.errors import DomainError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_BYTES = 10 * 1024 * 1024
# A 50-megapixel phone photo passes; decoding one costs about 150 MB, the most we allow.
MAX_PIXELS = 50_000_000
MAX_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 82
_BROKEN = (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, EOFError)


@dataclass(frozen=True)
class Encoded:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class Prepared:
    photo: Encoded
    thumbnail: Encoded


def not_an_image() -> DomainError:
    return DomainError(
        PhotoErrorCode.PHOTO_NOT_AN_IMAGE,
        _("This file is not a photo: please choose a JPEG, PNG or WebP picture."),
        field="photo",
    )


def too_many_pixels() -> DomainError:
    return DomainError(
        PhotoErrorCode.PHOTO_TOO_MANY_PIXELS,
        _("This picture is too big to open (at most 50 megapixels)."),
        field="photo",
    )


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file (or of bytes given directly), at most `MAX_BYTES`."""
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    elif hasattr(upload, "read"):
        if getattr(upload, "size", None) is not None and upload.size > MAX_BYTES:
            raise _too_large()
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        if not isinstance(data, bytes):
            raise not_an_image()
    else:
        raise not_an_image()
    if len(data) > MAX_BYTES:
        raise _too_large()
    if not data:
        raise not_an_image()
    return data


def _too_large() -> DomainError:
    return DomainError(
        PhotoErrorCode.PHOTO_TOO_LARGE, _("A photo may be at most 10 MB."), field="photo"
    )


def prepare(upload) -> Prepared:
    """Check and re-encode one upload; raises a coded `DomainError` for anything else."""
    data = read_upload(upload)
    with warnings.catch_warnings():
        # Pillow warns between MAX_IMAGE_PIXELS and twice that; we refuse there already.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            if image.width * image.height > min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS):
                raise too_many_pixels()
            target = _fitted(image.size, MAX_SIDE)
            if image.format == "JPEG":
                # Decode at the smallest DCT scale still at least the target: a 48 MP
                # photo is decoded at a quarter of its pixels, in a quarter of the memory.
                image.draft("RGB", target)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
            raise too_many_pixels() from bomb
        except _BROKEN as broken:
            raise not_an_image() from broken
    try:
        pixels = _without_metadata(_srgb(_upright(image)))
        pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        small = pixels.copy()
        small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
        return Prepared(photo=_encode(pixels), thumbnail=_encode(small))
    except _BROKEN as broken:  # a mode no photo has (16-bit grey, …)
        raise not_an_image() from broken


def _fitted(size: tuple[int, int], side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, side / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except _BROKEN:
        return image  # an unreadable orientation tag: keep the pixels as they come


def _srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB (phones shoot Display P3); untagged pixels are taken as sRGB already."""
    profile = image.info.get("icc_profile")
    if image.mode == "CMYK" or (image.mode not in ("RGB", "RGBA") and not _has_alpha(image)):
        image = image.convert("RGB")
    elif _has_alpha(image) and image.mode != "RGBA":
        image = image.convert("RGBA")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
            )
        except (ImageCms.PyCMSError, *_BROKEN):
            pass  # a broken profile: the pixels as they are
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # phone screenshots carry an alpha nobody uses
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _without_metadata(image: Image.Image) -> Image.Image:
    """A new image made of the pixels only: `info` (exif, xmp, comment, icc_profile, text
    chunks) stays behind with the decoded one."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image) -> Encoded:
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, "PNG", optimize=False, compress_level=6)
        content_type, extension = "image/png", "png"
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        content_type, extension = "image/jpeg", "jpg"
    return Encoded(buffer.getvalue(), content_type, extension, image.width, image.height)
