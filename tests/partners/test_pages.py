"""The public directory and profile pages, and the office's dashboard."""

import re

import pytest

from commonweal.partners.demo import load
from commonweal.partners.models import PartnershipStatus
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from tests.fixtures import make_member
from tests.partners.fixtures import (
    add_commitment,
    get_page,
    in_schema,
    make_partnership,
    service_point,
)

S = PartnershipStatus


def test_directory_lists_active_partners_only_with_their_offers(fengshu, office):
    active = make_partnership(fengshu, S.ACTIVE, office=office, offers=["修鞋", "缝补"])
    applied = make_partnership(fengshu, S.APPLIED, office=office)
    page = get_page(fengshu, "/partners/").content.decode()
    assert active.organisation.legal_name in page
    assert "修鞋 · 缝补" in page
    assert applied.organisation.legal_name not in page


def test_profile_masks_the_phone_and_hides_applications(fengshu, office):
    active = make_partnership(fengshu, S.ACTIVE, office=office)
    applied = make_partnership(fengshu, S.APPLIED, office=office)
    with in_schema(fengshu):
        add_commitment(active, title="每月公益维修日")
    page = get_page(fengshu, f"/partners/{active.pk}/").content.decode()
    assert ("138****8000" in page, "13800138000" in page, "每月公益维修日" in page) == (
        True,
        False,
        True,
    )
    assert get_page(fengshu, f"/partners/{applied.pk}/").status_code == 404


@pytest.mark.parametrize(("role", "status"), [(Role.RESIDENT, 403), (Role.STAFF, 200)])
def test_dashboard_is_for_the_office(fengshu, role, status):
    assert (
        get_page(fengshu, "/partners/dashboard/", make_member(fengshu, role)).status_code == status
    )


def test_dashboard_draws_the_fengshu_growth_from_11_to_41(fengshu):
    # given the demo partners of 枫树社区
    data = next(d for d in DEMO_COMMUNITIES if d["slug"] == "fengshu")
    with in_schema(fengshu):
        load(fengshu, data)
        load(fengshu, data)  # idempotent

    # when the office opens the dashboard
    page = get_page(
        fengshu, "/partners/dashboard/", make_member(fengshu, Role.ADMIN)
    ).content.decode()

    # then the chart is drawn (one band per kind) and says 11 → 41
    svg = re.search(r'<svg id="growth-chart".*?</svg>', page, re.S).group(0)
    assert len(re.findall(r"<polygon class=\"band", svg)) == 4
    assert "活跃合伙人从 11 增至 41" in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/partners/partnership/",
        "/admin/partners/resourcecommitment/",
        "/admin/partners/fulfilment/",
        "/admin/partners/servicerating/",
        "/admin/partners/evaluation/",
        "/admin/partners/recognition/",
        "/admin/partners/partnercall/",
    ],
)
def test_the_community_admin_lists_partner_records_for_staff(fengshu, office, path):
    make_partnership(fengshu, S.ACTIVE, office=office)
    assert get_page(fengshu, path, office).status_code == 200


def test_the_community_admin_shows_a_partnership_with_its_history(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    page = get_page(fengshu, f"/admin/partners/partnership/{partnership.pk}/change/", office)
    assert page.status_code == 200
    assert "测试原因" in page.content.decode()


def test_organisations_are_in_the_platform_admin():
    # The platform admin's pages cannot be rendered in tests yet: /admin/ on the bare host
    # fails in django-tenants' admin template tag (connection.tenant is None), for every model.
    from django.contrib import admin

    from commonweal.partners.registry.models import PartnerOrganisation, PartnershipListing

    assert admin.site.is_registered(PartnerOrganisation)
    assert admin.site.is_registered(PartnershipListing)


def test_pages_show_only_the_points_the_welfare_map_shows(fengshu, office):
    # given an active partner with a public point, a hidden one and a retired one
    from django.utils import timezone

    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    points = [
        service_point("枫树维修站"),
        service_point("内部库房", is_public=False),
        service_point("旧门店", retired_at=timezone.now()),
    ]
    with in_schema(fengshu):
        for point in points:
            point.save()
        partnership.service_points.add(*points)

    # when the public opens the profile and the directory
    profile = get_page(fengshu, f"/partners/{partnership.pk}/").content.decode()
    directory = get_page(fengshu, "/partners/").content.decode()

    # then only the public, current point is shown or counted
    assert ("枫树维修站" in profile, "内部库房" in profile, "旧门店" in profile) == (
        True,
        False,
        False,
    )
    assert "0 项承诺 · 1 个服务点" in directory


def test_the_directory_shows_24_partners_a_page_at_the_same_cost(fengshu):
    from django.db import connection

    from tests.fixtures import StatementsRun
    from tests.partners.fixtures import bulk_partners

    bulk_partners(fengshu, 30)
    with StatementsRun(connection) as at_30:
        first = get_page(fengshu, "/partners/").content.decode()
    second = get_page(fengshu, "/partners/?page=2").content.decode()
    connection.set_schema_to_public()
    bulk_partners(fengshu, 70, offset=30)
    with StatementsRun(connection) as at_100:
        get_page(fengshu, "/partners/")

    assert first.count('<li class="card partner">') == 24
    assert second.count('<li class="card partner">') == 6
    assert "第 1 页，共 2 页" in first and 'rel="next" href="?page=2"' in first
    assert 'rel="prev" href="?page=1"' in second and 'rel="next"' not in second
    assert len(at_30) == len(at_100)
