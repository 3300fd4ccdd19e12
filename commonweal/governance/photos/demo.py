"""Demo photos, drawn here with Pillow (no picture files in the repository): 枫树's report of
a sunken road surface gets the reporter's photo, the loose fitness equipment its photo of the
fix, and the e-bike charging need a photo of the corridor. They go through the services, so
they are processed and stored as any upload is (written when the demo's transaction commits).
"""

import io

from PIL import Image, ImageDraw

from commonweal.governance.hazards.models import HazardReport
from commonweal.governance.needs.models import Need
from commonweal.governance.photos import services
from commonweal.governance.photos.models import Photo
from commonweal.platform.accounts.models import Membership, User
from commonweal.platform.kernel.roles import Role

OFFICE = frozenset({Role.ADMIN})


def _jpeg(draw_on, size=(1200, 900)) -> bytes:
    image = Image.new("RGB", size, (196, 214, 226))
    draw_on(ImageDraw.Draw(image), *size)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _pothole(draw, w, h):
    draw.rectangle((0, h * 0.45, w, h), fill=(92, 92, 96))  # the road
    draw.ellipse((w * 0.3, h * 0.6, w * 0.7, h * 0.85), fill=(40, 36, 34))  # the hole
    for x in range(0, w, 160):
        draw.rectangle((x, h * 0.52, x + 80, h * 0.54), fill=(236, 236, 220))  # lane marks


def _fitness_equipment(draw, w, h):
    draw.rectangle((0, h * 0.7, w, h), fill=(110, 160, 90))  # grass
    draw.rectangle((w * 0.2, h * 0.3, w * 0.24, h * 0.75), fill=(230, 120, 40))  # posts
    draw.rectangle((w * 0.76, h * 0.3, w * 0.8, h * 0.75), fill=(230, 120, 40))
    draw.rectangle((w * 0.2, h * 0.28, w * 0.8, h * 0.33), fill=(40, 110, 200))  # the bar
    draw.ellipse((w * 0.46, h * 0.26, w * 0.54, h * 0.35), outline=(250, 250, 250), width=8)


def _corridor(draw, w, h):
    draw.polygon([(0, 0), (w * 0.35, h * 0.3), (w * 0.35, h * 0.75), (0, h)], fill=(170, 160, 150))
    draw.polygon([(w, 0), (w * 0.65, h * 0.3), (w * 0.65, h * 0.75), (w, h)], fill=(170, 160, 150))
    draw.rectangle((w * 0.35, h * 0.3, w * 0.65, h * 0.75), fill=(120, 110, 100))  # far wall
    draw.rectangle((w * 0.42, h * 0.55, w * 0.62, h * 0.8), fill=(30, 30, 30))  # the e-bike
    draw.line((w * 0.6, h * 0.6, w * 0.98, h * 0.35), fill=(20, 20, 20), width=6)  # its cable


def load(community, data) -> None:
    if data["slug"] != "fengshu" or Photo.objects.exists():
        return
    admin = (
        Membership.objects.filter(community=community, roles__contains=[Role.ADMIN])
        .order_by("pk")
        .values_list("user", flat=True)
        .first()
    )
    admin = User.objects.filter(pk=admin).first()
    road = HazardReport.objects.filter(category="road").order_by("pk").first()
    if road is not None:
        services.photo_add_to_report(
            actor=road.reporter, roles=OFFICE, report=road, upload=_jpeg(_pothole)
        )
    if admin is None:
        return  # a community made without its demo admin (page tests load the demos so)
    fixed = HazardReport.objects.filter(category="facility", state="fixed").order_by("pk").first()
    if fixed is not None:
        services.photo_add_to_report(
            actor=admin,
            roles=OFFICE,
            report=fixed,
            upload=_jpeg(_fitness_equipment),
            of_the_fix=True,
        )
    need = Need.objects.filter(title__contains="电动车").order_by("pk").first()
    if need is not None:
        services.photo_add_to_need(actor=admin, roles=OFFICE, need=need, upload=_jpeg(_corridor))
