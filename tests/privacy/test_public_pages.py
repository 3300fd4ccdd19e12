"""Public pages of the demo communities never show a private person's full mobile or ID
number: every page reachable from each home, anonymously, is read and scanned."""

import re
from collections import deque

import pytest
from django.test import Client

from commonweal.governance.needs.models import Need
from commonweal.governance.needs.services import needs as need_services
from commonweal.partners.registry.models import ORGANISATION_KINDS, PartnerOrganisation
from commonweal.platform.accounts.models import User
from commonweal.privacy.masking import mask_page
from commonweal.tenants.demo import ensure_demo
from commonweal.tenants.models import Community
from tests.fixtures import host_of
from tests.partners.fixtures import in_schema

ID_NUMBER = re.compile(r"(?<![\dA-Za-z*])\d{17}[\dXx](?![\dA-Za-z])")
LINK = re.compile(r'href="(/[^"#?]*)')
SKIP = ("/login", "/logout", "/admin", "/graphql", "/static", "/me/", "/open311", "/text-size")
PAGES_PER_COMMUNITY = 120


def _crawl(community) -> dict[str, str]:
    """Pages reachable from the home by same-host links, as the public reads them."""
    client, host = Client(), host_of(community)
    seen, pages, queue = {"/"}, {}, deque(["/"])
    while queue and len(pages) < PAGES_PER_COMMUNITY:
        path = queue.popleft()
        response = client.get(path, HTTP_HOST=host)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for link in LINK.findall(html):
            if link not in seen and not link.startswith(SKIP) and not link.endswith(".csv"):
                seen.add(link)
                queue.append(link)
    return pages


@pytest.fixture
def demo(db):
    ensure_demo()
    # a resident writes their own number and ID number into a public need
    fengshu = Community.objects.get(slug="fengshu")
    resident = User.objects.exclude(phone=None).filter(is_staff=False).order_by("pk").last()
    with in_schema(fengshu):
        need = need_services.need_raise(
            actor=resident,
            community=fengshu,
            title="单元门禁坏了",
            description=f"门禁坏了，有事打我电话{resident.phone}，身份证510104199003071234",
            category="facilities",
        )
        staff = User.objects.filter(email__startswith="admin@fengshu").get()
        need_services.need_accept(actor=staff, community=fengshu, need=need)
    return need, resident


def test_no_public_page_of_the_demo_communities_shows_a_private_number(demo):
    need, resident = demo
    # private persons' numbers: every account's, and individual partners' unpublished ones
    private = set(User.objects.exclude(phone=None).values_list("phone", flat=True))
    private |= set(
        PartnerOrganisation.objects.exclude(kind__in=ORGANISATION_KINDS)
        .filter(phone_public=False)
        .exclude(contact_phone="")
        .values_list("contact_phone", flat=True)
    )
    assert resident.phone in private

    crawled = 0
    for community in Community.objects.order_by("slug"):
        pages = _crawl(community)
        crawled += len(pages)
        for path, html in pages.items():
            shown = [phone for phone in private if phone in html]
            assert shown == [], f"{community.slug}{path} shows {shown}"
            assert ID_NUMBER.findall(html) == [], f"{community.slug}{path}"

    # the crawl did read the pages, the need among them, with the numbers masked
    assert crawled > 60
    with in_schema(Community.objects.get(slug="fengshu")):
        assert Need.objects.filter(pk=need.pk).exists()
    page = Client().get(need.path, HTTP_HOST=host_of(Community.objects.get(slug="fengshu")))
    text = page.content.decode()
    assert f"{resident.phone[:3]}****{resident.phone[-4:]}" in text
    assert "510104********1234" in text


def test_staff_see_the_full_number_where_they_need_it(demo):
    need, resident = demo
    fengshu = Community.objects.get(slug="fengshu")
    staff = User.objects.filter(email__startswith="admin@fengshu").get()
    client = Client()
    client.force_login(staff)
    text = client.get(need.path, HTTP_HOST=host_of(fengshu)).content.decode()
    assert resident.phone in text


def test_published_numbers_in_telephone_links_stay_callable():
    html = '<p>13812345678</p><a class="button" href="tel:13800138000">拨打 13800138000</a>'
    assert mask_page(html) == (
        '<p>138****5678</p><a class="button" href="tel:13800138000">拨打 13800138000</a>'
    )
