"""我的合伙 (platform host), the public-profile editor, and a resident's actions on a
partner's profile: call, go there, rate."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from commonweal.partners.models import Fulfilment, PartnershipStatus, ServiceRating
from commonweal.partners.registry.models import PartnerOrganisation
from commonweal.partners.services import agreement
from commonweal.platform.kernel.roles import Role
from commonweal.welfaremap.coordinates import gcj02_to_bd09
from tests.fixtures import host_of, make_member, make_user
from tests.partners.fixtures import (
    add_commitment,
    get_page,
    in_schema,
    make_organisation,
    make_partnership,
    partner_state,
    service_point,
)

S = PartnershipStatus


def _platform(path, user, data=None):
    client = Client()
    client.force_login(user)
    if data is None:
        return client.get(path, HTTP_HOST=host_of(None))
    return client.post(path, data, HTTP_HOST=host_of(None))


def test_my_partnerships_lists_only_my_organisations_across_communities(
    fengshu, jiahonglu, office, representative, organisation
):
    # given my organisation active in Fengshu (one commitment overdue, one rating) and
    # applying to Jiahonglu, and someone else's organisation in Fengshu
    mine = make_partnership(fengshu, organisation=organisation, office=office)
    make_partnership(jiahonglu, S.APPLIED, organisation=organisation)
    theirs = make_partnership(fengshu, office=office, statement="别人的申请")
    resident = make_member(fengshu, Role.RESIDENT)
    with in_schema(fengshu):
        late = add_commitment(mine, due_in_days=-2, title="逾期的公益维修")
        add_commitment(mine, due_in_days=5, title="下周的公益维修")
        fulfilment = agreement.fulfilment_record(
            actor=office,
            partnership=mine,
            commitment_id=late.pk,
            delivered_on=timezone.localdate(),
            recipient=resident,
        )
        ServiceRating.objects.create(
            fulfilment=fulfilment, partnership=mine, rater=resident, score=5, comment="修得很好"
        )

    # when I open 我的合伙 on the platform
    page = _platform("/my/partners/", representative).content.decode()

    # then both communities show with their status, what is due and the rating
    assert "锦江家电维修有限公司" in page
    assert 'data-community="fengshu"' in page and 'data-community="jiahonglu"' in page
    assert 'class="error">1' in page  # one commitment overdue
    assert "下周的公益维修" in page
    assert "修得很好" in page
    assert f"http://fengshu.localhost/partners/mine/{mine.pk}/" in page
    # and nothing of the other organisation
    assert theirs.organisation.legal_name not in page
    assert "别人的申请" not in page


def test_a_representative_edits_the_public_profile_and_may_publish_the_phone(
    fengshu, office, representative, organisation
):
    make_partnership(fengshu, organisation=organisation, office=office)

    response = _platform(
        f"/my/partners/{organisation.pk}/profile/",
        representative,
        {
            "description": "家电维修二十年",
            "website": "www.jinjiang-repair.cn",
            "logo_url": "",
            "contact_name": "王师傅",
            "contact_phone": "138-0013-8000",
            "phone_public": "on",
            "contact_email": "",
        },
    )

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert (
        organisation.description,
        organisation.website,
        organisation.contact_phone,
        organisation.phone_public,
    ) == ("家电维修二十年", "https://www.jinjiang-repair.cn", "13800138000", True)


def test_a_bad_profile_value_is_refused_on_its_field_and_nothing_changes(
    representative, organisation
):
    before = partner_state()
    response = _platform(
        f"/my/partners/{organisation.pk}/profile/",
        representative,
        {"description": "x", "website": "not a url at all", "contact_phone": ""},
    )
    assert response.status_code == 200
    assert "输入一个有效的 URL。" in response.content.decode() or "Enter a valid URL." in (
        response.content.decode()
    )
    assert partner_state() == before


def test_nobody_else_edits_an_organisations_profile(organisation):
    stranger = make_user()
    before = partner_state()
    read = _platform(f"/my/partners/{organisation.pk}/profile/", stranger)
    write = _platform(
        f"/my/partners/{organisation.pk}/profile/", stranger, {"description": "被篡改"}
    )
    assert (read.status_code, write.status_code) == (404, 404)
    assert partner_state() == before
    assert "锦江家电维修有限公司" not in _platform("/my/partners/", stranger).content.decode()


def _partner_with_point(community, office, *, phone_public):
    organisation = make_organisation(
        name="玉林理发店", contact_phone="13812345678", phone_public=phone_public
    )
    partnership = make_partnership(community, organisation=organisation, office=office)
    with in_schema(community):
        point = service_point("玉林理发店·芳沁街店", address="芳沁街12号")
        point.lat, point.lng = 30.630512, 104.053811
        point.save()
        partnership.service_points.add(point)
        add_commitment(partnership, title="每月为独居老人上门理发")
    return partnership, point


def test_the_profile_offers_a_call_and_directions_in_each_apps_datum(fengshu, office):
    # given a partner who publishes its phone, serving at a point stored in GCJ-02
    partnership, point = _partner_with_point(fengshu, office, phone_public=True)

    # when a resident opens its profile
    page = get_page(fengshu, f"/partners/{partnership.pk}/").content.decode()

    # then they can call the full number, and open AMap/Tencent (GCJ-02) or Baidu (BD-09)
    bd_lat, bd_lng = gcj02_to_bd09(30.630512, 104.053811)
    assert f"{bd_lat:.6f},{bd_lng:.6f}" == "30.636752,104.060261"
    assert 'href="tel:13812345678"' in page
    assert (
        'href="https://uri.amap.com/navigation?to=104.053811,30.630512,'
        "%E7%8E%89%E6%9E%97%E7%90%86%E5%8F%91%E5%BA%97%C2%B7%E8%8A%B3%E6%B2%81%E8%A1%97%E5%BA%97"
        '&amp;mode=walk&amp;coordinate=gaode&amp;callnative=1&amp;src=commonweal"'
    ) in page
    assert (
        'href="https://apis.map.qq.com/uri/v1/routeplan?type=walk&amp;to='
        "%E7%8E%89%E6%9E%97%E7%90%86%E5%8F%91%E5%BA%97%C2%B7%E8%8A%B3%E6%B2%81%E8%A1%97%E5%BA%97"
        '&amp;tocoord=30.630512,104.053811&amp;referer=commonweal"'
    ) in page
    assert (
        'href="https://api.map.baidu.com/marker?location=30.636752,104.060261&amp;title='
        "%E7%8E%89%E6%9E%97%E7%90%86%E5%8F%91%E5%BA%97%C2%B7%E8%8A%B3%E6%B2%81%E8%A1%97%E5%BA%97"
        "&amp;content=%E8%8A%B3%E6%B2%81%E8%A1%9712%E5%8F%B7"
        '&amp;coord_type=bd09ll&amp;output=html&amp;src=webapp.commonweal"'
    ) in page
    assert f'href="/map/#point-{point.pk}"' in page
    # and the resources table has headers
    assert "<thead><tr><th" in page


def test_an_unpublished_phone_is_masked_and_not_callable(fengshu, office):
    partnership, _point = _partner_with_point(fengshu, office, phone_public=False)
    page = get_page(fengshu, f"/partners/{partnership.pk}/").content.decode()
    assert "138****5678" in page
    assert "tel:13812345678" not in page


def test_a_resident_rates_a_service_they_received_once(fengshu, office):
    # given a service delivered to a resident
    partnership = make_partnership(fengshu, office=office)
    resident = make_member(fengshu, Role.RESIDENT)
    with in_schema(fengshu):
        commitment = add_commitment(partnership)
        fulfilment = agreement.fulfilment_record(
            actor=office,
            partnership=partnership,
            commitment_id=commitment.pk,
            delivered_on=timezone.localdate() - timedelta(days=1),
            recipient=resident,
        )
    page = get_page(fengshu, f"/partners/{partnership.pk}/", resident).content.decode()
    assert 'id="rate"' in page
    assert 'id="rate"' not in get_page(fengshu, f"/partners/{partnership.pk}/").content.decode()

    # when they give it four stars, twice
    client = Client()
    client.force_login(resident)
    for _ in range(2):
        response = client.post(
            f"/partners/{partnership.pk}/rate/",
            {"fulfilment": fulfilment.pk, "score": "4", "comment": "准时"},
            HTTP_HOST=host_of(fengshu),
        )
        connection.set_schema_to_public()
        assert response.status_code == 302

    # then one rating is kept, theirs
    with in_schema(fengshu):
        ratings = list(ServiceRating.objects.values_list("fulfilment", "rater", "score", "comment"))
    assert ratings == [(fulfilment.pk, resident.pk, 4, "准时")]


def test_nobody_rates_a_service_they_did_not_receive(fengshu, jiahonglu, office):
    partnership = make_partnership(fengshu, office=office)
    resident = make_member(fengshu, Role.RESIDENT)
    with in_schema(fengshu):
        commitment = add_commitment(partnership)
        fulfilment = agreement.fulfilment_record(
            actor=office,
            partnership=partnership,
            commitment_id=commitment.pk,
            delivered_on=timezone.localdate(),
            recipient=resident,
        )
    others = [make_member(fengshu, Role.RESIDENT), make_member(jiahonglu, Role.ADMIN)]
    before = partner_state()
    for user in others:
        client = Client()
        client.force_login(user)
        client.post(
            f"/partners/{partnership.pk}/rate/",
            {"fulfilment": fulfilment.pk, "score": "1"},
            HTTP_HOST=host_of(fengshu),
        )
        connection.set_schema_to_public()
    assert partner_state() == before
    with in_schema(fengshu):
        assert ServiceRating.objects.count() == 0


def test_a_partner_records_a_delivery_on_its_own_page(
    fengshu, office, representative, organisation
):
    partnership = make_partnership(fengshu, organisation=organisation, office=office)
    with in_schema(fengshu):
        commitment = add_commitment(partnership, quantity=4)
    client = Client()
    client.force_login(representative)
    response = client.post(
        f"/partners/mine/{partnership.pk}/",
        {
            "action": "fulfil",
            "fulfil-commitment": commitment.pk,
            "fulfil-quantity": "2",
            "fulfil-delivered_on": timezone.localdate().isoformat(),
            "fulfil-beneficiary": "3号院独居老人",
            "fulfil-evidence": "",
        },
        HTTP_HOST=host_of(fengshu),
    )
    connection.set_schema_to_public()
    assert response.status_code == 302
    with in_schema(fengshu):
        commitment.refresh_from_db()
        recorded = list(Fulfilment.objects.values_list("quantity", "beneficiary", "recorded_by"))
    assert str(commitment.delivered_quantity) == "2.00"
    assert [(str(q), b, r) for q, b, r in recorded] == [
        ("2.00", "3号院独居老人", representative.pk)
    ]
    assert PartnerOrganisation.objects.count() == 1


def test_my_partnerships_costs_the_same_at_10_and_200_commitments(
    fengshu, jiahonglu, office, representative, organisation
):
    from tests.fixtures import StatementsRun

    mine = make_partnership(fengshu, organisation=organisation, office=office)
    make_partnership(jiahonglu, organisation=organisation)
    client = Client()
    client.force_login(representative)

    def statements(count):
        with in_schema(fengshu):
            for n in range(count):
                add_commitment(mine, due_in_days=n % 40 - 5, title=f"承诺{n}")
        with StatementsRun(connection) as run:
            page = client.get("/my/partners/", HTTP_HOST=host_of(None)).content.decode()
        connection.set_schema_to_public()
        return page, len(run)

    page, at_10 = statements(10)
    assert "承诺5" in page
    page, at_200 = statements(190)
    # per community: the partnership with its commitments and ratings, and the question asked
    assert at_10 == at_200 == 10
