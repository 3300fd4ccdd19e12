"""Chromium at 390×844: a resident reports a hazard with a photo taken on the phone
(set_input_files), lands on the report and sees its thumbnail, served through the community's
photo view with its GPS position gone."""

import io

import pytest
from django.db import connection
from PIL import Image

from commonweal.governance.hazards.models import HazardReport
from commonweal.platform.kernel.roles import Role
from tests.browser import page, screenshot, sign_in_as, url  # noqa: F401
from tests.fixtures import make_community, make_member
from tests.governance.photos.fixtures import jpeg_with_gps
from tests.partners.fixtures import in_schema

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hongye():
    community = make_community("hongye", name="红叶社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def test_a_hazard_reported_with_a_photo_shows_its_thumbnail(live_server, page, hongye):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    resident = make_member(hongye, Role.RESIDENT, name="居民张伟")
    sign_in_as(page, hongye, resident)

    # the resident reports a broken road with a photo from the phone's camera
    page.goto(url(live_server, "/hazards/new/", hongye))
    page.get_by_label("隐患类别").select_option("road")
    page.get_by_label("照片（可选）").set_input_files(
        files=[
            {
                "name": "IMG_0001.jpg",
                "mimeType": "image/jpeg",
                "buffer": jpeg_with_gps((800, 600), orientation=6),
            }
        ]
    )
    canvas = page.locator(".map-picker-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_label("一句话说明隐患").fill("小区入口路面塌陷一个坑")
    screenshot(page, "photos-report-form")
    page.get_by_role("button", name="提交上报").click()
    page.wait_for_url("**/hazards/*/")

    # then the report shows the thumbnail, loaded through the photo view, upright
    thumbnail = page.locator(".photo-grid img").first
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.photo-grid img').naturalWidth > 0")
    size = thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    box = page.locator(".photo-link").first.bounding_box()
    screenshot(page, "photos-report-detail")
    with in_schema(hongye):
        photo = HazardReport.objects.get().photos.get()
    # tapping the thumbnail opens the photo itself (in a new tab; here, in the same one)
    full = page.goto(url(live_server, photo.path, hongye))
    stored = Image.open(io.BytesIO(full.body()))

    assert size == [240, 320]
    assert box["height"] >= 44 and box["width"] >= 44
    assert (full.status, full.headers["content-type"]) == (200, "image/jpeg")
    assert full.headers["x-content-type-options"] == "nosniff"
    assert (stored.size, dict(stored.getexif())) == ((600, 800), {})
