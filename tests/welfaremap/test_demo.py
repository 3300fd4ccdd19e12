from django.db import connection

from commonweal.search.models import SearchDocument
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from commonweal.welfaremap import demo
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint

FENGSHU = next(d for d in DEMO_COMMUNITIES if d["slug"] == "fengshu")


def test_demo_points_and_compounds_load_once(in_fengshu):
    # when the demo loads twice
    demo.load(in_fengshu, FENGSHU)
    counts = (ServicePoint.objects.count(), Compound.objects.count())
    demo.load(in_fengshu, FENGSHU)

    # then nothing is duplicated
    assert (ServicePoint.objects.count(), Compound.objects.count()) == counts == (18, 7)
    assert FacilityType.objects.count() == 28
    # and the seeds' points are there, near the centre, with who runs them
    post = ServicePoint.objects.get(name="中国邮政成龙大道营业所·老年卡学生卡代办")
    assert (post.category, post.tier, post.operator_name) == ("transit_card", "low_fee", "锦江邮政")
    assert abs(post.lat - in_fengshu.centre_lat) < 0.01
    assert set(ServicePoint.objects.values_list("category", flat=True)) >= {
        "canteen",
        "elderly_care",
        "childcare",
        "clinic",
        "repair",
        "legal_aid",
        "transit_card",
    }
    haitang = Compound.objects.get(name="海棠佳苑")
    assert haitang.households > 0 and haitang.population == round(haitang.households * 2.5)
    connection.set_schema_to_public()
    assert SearchDocument.objects.filter(community=in_fengshu, kind="service_point").count() == 18
