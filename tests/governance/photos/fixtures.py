"""Photos fixtures: pictures made here with Pillow (no binary files in the repository), each
carrying what must not survive — EXIF with a GPS position, XMP, a comment — and a storage of
the test's own, so "nothing was written" can be checked by listing it."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from commonweal.governance.needs.services import needs as need_services
from tests.partners.fixtures import in_schema

GPS = 0x8825
ORIENTATION = 0x0112
RED, BLUE = (220, 30, 30), (30, 30, 220)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    b' exif:GPSLatitude="30,36.0N"/></rdf:RDF></x:xmpmeta>'
)


def picture(size=(64, 48), mode="RGB") -> Image.Image:
    """Left half red, right half blue: which way is up can be told from the pixels."""
    image = Image.new(mode, size, BLUE if mode == "RGB" else (*BLUE, 255))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1]), fill=RED)
    return image


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS)
    gps.update({1: "N", 2: (30.0, 36.0, 3.5), 3: "E", 4: (104.0, 6.0, 7.25)})
    return exif


def jpeg_with_gps(size=(64, 48), *, orientation: int | None = None) -> bytes:
    buffer = io.BytesIO()
    picture(size).save(
        buffer,
        "JPEG",
        exif=exif_with_gps(orientation).tobytes(),
        comment=b"taken at home",
        xmp=XMP,
        quality=95,
    )
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(media_root) -> list[str]:
    root = Path(media_root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes photos into a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def raise_need(community, actor, **extra):
    with in_schema(community):
        return need_services.need_raise(
            actor=actor,
            community=community,
            title=extra.pop("title", "楼道灯不亮"),
            description=extra.pop("description", "三单元楼道灯坏了一周"),
            category=extra.pop("category", "facilities"),
            place="枫林苑3栋",
            **extra,
        )
