"""The demo: drawn pictures on 枫树's sunken road report and on its fixed fitness equipment."""

from django.db import transaction
from PIL import Image

from commonweal.governance.hazards import demo as hazards_demo
from commonweal.governance.photos import demo
from commonweal.governance.photos.models import Photo
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from tests.fixtures import make_member
from tests.governance.photos.fixtures import stored_files
from tests.partners.fixtures import in_schema

FENGSHU = next(c for c in DEMO_COMMUNITIES if c["slug"] == "fengshu")


def test_the_fengshu_demo_attaches_drawn_photos_once(
    fengshu, media_root, django_capture_on_commit_callbacks
):
    make_member(fengshu, Role.ADMIN, name="周雨桐")

    with in_schema(fengshu), django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            hazards_demo.load(fengshu, FENGSHU)
        with transaction.atomic():
            demo.load(fengshu, FENGSHU)
            demo.load(fengshu, FENGSHU)
    with in_schema(fengshu):
        photos = list(Photo.objects.values_list("report__category", "of_the_fix", "width"))
        first = Photo.objects.order_by("pk").first()

    assert photos == [("road", False, 1200), ("facility", True, 1200)]
    assert Image.open(f"{media_root}/{first.image}").size == (1200, 900)
    assert len(stored_files(media_root)) == 4
