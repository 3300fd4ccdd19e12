"""What an upload becomes: upright, scaled, re-encoded with no metadata at all; what is
refused, with which code. Pillow only, no database."""

import io
import struct
import zlib

import pytest
from PIL import Image

from commonweal.governance.photos import processing
from commonweal.platform.kernel.errors import DomainError
from tests.governance.photos.fixtures import (
    BLUE,
    RED,
    encoded,
    jpeg_with_gps,
    picture,
    upload,
)


def reopened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refusal_code(data) -> str:
    with pytest.raises(DomainError) as refused:
        processing.prepare(data)
    return refused.value.code


def near(pixel, colour) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=False))


def test_a_jpeg_with_gps_exif_xmp_and_a_comment_comes_back_with_no_metadata_at_all():
    # given a phone photo carrying its position, maker, XMP and a comment
    original = jpeg_with_gps()
    assert reopened(original).getexif().get_ifd(0x8825)[2] == (30.0, 36.0, 3.5)

    # when it is prepared
    prepared = processing.prepare(upload(original))

    # then neither the photo nor its thumbnail carries any of it
    for stored in (prepared.photo, prepared.thumbnail):
        image = reopened(stored.data)
        assert (image.format, stored.content_type) == ("JPEG", "image/jpeg")
        assert dict(image.getexif()) == {}
        assert sorted(set(image.info) & {"exif", "xmp", "comment", "icc_profile"}) == []
        assert b"GPS" not in stored.data and b"PhoneMaker" not in stored.data
        assert b"xmpmeta" not in stored.data and b"taken at home" not in stored.data


def test_exif_orientation_is_applied_to_the_pixels():
    # given a 64×48 photo whose EXIF says "rotate 90° clockwise to view" (orientation 6)
    prepared = processing.prepare(jpeg_with_gps((64, 48), orientation=6))

    # then it is stored upright: 48×64, the left (red) half now on top
    image = reopened(prepared.photo.data).convert("RGB")
    assert (prepared.photo.width, prepared.photo.height) == image.size == (48, 64)
    assert near(image.getpixel((24, 8)), RED)
    assert near(image.getpixel((24, 56)), BLUE)


def test_large_photos_are_scaled_to_1600_px_with_a_320_px_thumbnail():
    prepared = processing.prepare(encoded(picture((3000, 2000)), "JPEG"))

    assert (prepared.photo.width, prepared.photo.height) == (1600, 1067)
    assert reopened(prepared.photo.data).size == (1600, 1067)
    assert (prepared.thumbnail.width, prepared.thumbnail.height) == (320, 213)


def test_png_and_webp_are_accepted_and_transparency_is_kept_as_png():
    opaque_png = processing.prepare(encoded(picture(), "PNG"))
    webp = processing.prepare(encoded(picture(), "WEBP", exif=b"Exif\x00\x00MM\x00*"))
    clear = picture(mode="RGBA")
    clear.putpixel((0, 0), (0, 0, 0, 0))
    transparent = processing.prepare(encoded(clear, "PNG"))

    assert opaque_png.photo.content_type == webp.photo.content_type == "image/jpeg"
    assert transparent.photo.content_type == "image/png"
    assert reopened(transparent.photo.data).getpixel((0, 0))[3] == 0
    assert dict(reopened(webp.photo.data).getexif()) == {}


def test_a_text_file_named_jpg_is_not_a_photo():
    code = refusal_code(upload(b"just some text, not a picture\n" * 10, "photo.jpg"))

    assert code == "PHOTO_NOT_AN_IMAGE"


@pytest.mark.parametrize(
    "data",
    [
        encoded(picture(), "GIF"),
        encoded(picture(), "BMP"),
        b"",
        jpeg_with_gps()[:200],  # a photo cut short
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["gif", "bmp", "empty", "truncated-jpeg", "svg"],
)
def test_other_formats_and_broken_files_are_refused(data):
    assert refusal_code(upload(data)) == "PHOTO_NOT_AN_IMAGE"


def test_junk_where_a_file_should_be_is_not_a_photo():
    assert refusal_code("not a file") == "PHOTO_NOT_AN_IMAGE"
    assert refusal_code(None) == "PHOTO_NOT_AN_IMAGE"


def test_more_than_10_mb_is_refused_before_it_is_opened():
    too_big = upload(b"\xff\xd8" + b"\x00" * (10 * 1024 * 1024))

    assert refusal_code(too_big) == "PHOTO_TOO_LARGE"
    assert refusal_code(bytes(10 * 1024 * 1024 + 1)) == "PHOTO_TOO_LARGE"


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas (a decompression bomb's shape)."""
    data = bytearray(encoded(Image.new("L", (8, 8)), "PNG"))
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def test_a_decompression_bomb_is_refused_without_decoding_it():
    bomb = _png_claiming(30_000, 30_000)
    assert len(bomb) < 200

    assert refusal_code(upload(bomb, "bomb.png")) == "PHOTO_TOO_MANY_PIXELS"


def test_pillows_own_bomb_limit_is_refused_cleanly_too(monkeypatch):
    # given Pillow's limit below ours: its DecompressionBombError path is the one taken
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    monkeypatch.setattr(processing, "MAX_PIXELS", 10**12)

    assert refusal_code(encoded(picture((100, 100)), "PNG")) == "PHOTO_TOO_MANY_PIXELS"
