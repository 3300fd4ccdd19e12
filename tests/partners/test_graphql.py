"""The partner programme through both GraphQL endpoints."""

import pytest

from commonweal.partners.models import PartnershipStatus
from commonweal.platform.kernel.roles import Role
from tests.fixtures import gql, make_member, make_user
from tests.isolation import global_id, issued_id
from tests.partners.documents import (
    APPLY,
    APPROVE,
    DIRECTORY,
    MARK_READ,
    MINE,
    MOVE,
    NOTIFICATIONS,
    PARTNER,
    POINTS,
    REGISTER,
    SET_POINTS,
)
from tests.partners.fixtures import (
    REAL_CODES,
    add_commitment,
    in_schema,
    make_partnership,
    service_point,
)

S = PartnershipStatus


def test_an_enterprise_registers_once_and_applies_in_a_few_steps(fengshu, jiahonglu):
    # given a signed-in representative on the platform
    representative = make_user(email="boss@hongqi.example.cn", name="红旗连锁店长")
    platform = gql(None, representative)

    # when they register the organisation
    registered = platform.execute(
        REGISTER,
        {
            "input": {
                "kind": "ENTERPRISE",
                "legalName": "成都红旗连锁股份有限公司",
                "creditCode": REAL_CODES[0],
                "contactPhone": "138-0013-8000",
            }
        },
    )["data"]["registerPartnerOrganisation"]
    assert registered["errors"] == []
    assert registered["organisation"]["contactPhone"] == "13800138000"

    # and apply to two communities with the same identity
    for community in (fengshu, jiahonglu):
        applied = gql(community, representative).execute(
            APPLY,
            {
                "input": {
                    "organisationId": registered["organisation"]["id"],
                    "tier": "MARKET",
                    "offers": ["积分兑换", "延时便民服务"],
                }
            },
        )["data"]["applyForPartnership"]
        assert (applied["errors"], applied["partner"]["status"]) == ([], "APPLIED")

    # then the cross-community view lists both
    assert platform.execute(MINE)["data"]["myPartnerOrganisations"] == [
        {
            "legalName": "成都红旗连锁股份有限公司",
            "contactPhone": "13800138000",
            "partnerships": [
                {
                    "communitySlug": "jiahonglu",
                    "communityName": "佳宏路社区",
                    "status": "APPLIED",
                    "tier": "MARKET",
                },
                {
                    "communitySlug": "fengshu",
                    "communityName": "枫树社区",
                    "status": "APPLIED",
                    "tier": "MARKET",
                },
            ],
        }
    ]


def test_registering_a_duplicate_or_invalid_code_is_refused_in_the_payload(representative):
    platform = gql(None, representative)
    variables = {"input": {"kind": "ENTERPRISE", "legalName": "甲", "creditCode": REAL_CODES[1]}}
    platform.execute(REGISTER, variables)
    again = platform.execute(REGISTER, variables)["data"]["registerPartnerOrganisation"]
    variables["input"]["creditCode"] = "91110000600037341X"
    invalid = platform.execute(REGISTER, variables)["data"]["registerPartnerOrganisation"]
    assert (again, invalid) == (
        {
            "organisation": None,
            "errors": [{"code": "DUPLICATE_ORGANISATION", "field": "creditCode"}],
        },
        {"organisation": None, "errors": [{"code": "INVALID_CREDIT_CODE", "field": "creditCode"}]},
    )


def test_office_reviews_and_a_refused_transition_comes_back_coded(fengshu, office):
    # given an application under review
    partnership = make_partnership(fengshu, S.UNDER_REVIEW, office=office)
    client = gql(fengshu, office)
    pid = global_id("Partner", partnership.pk)

    # when staff reject it, then try to approve it
    rejected = client.execute(MOVE % "rejectPartnership", {"id": pid, "reason": "资质不符"})
    approved = client.execute(APPROVE, {"id": pid})

    # then the second is refused with INVALID_TRANSITION and the record shows the rejection
    assert rejected["data"]["rejectPartnership"] == {
        "partner": {"status": "REJECTED"},
        "errors": [],
    }
    assert approved["data"]["approvePartnership"] == {
        "partner": None,
        "errors": [{"code": "INVALID_TRANSITION"}],
    }
    detail = client.execute(PARTNER, {"id": pid})["data"]["partner"]
    assert (detail["status"], detail["transitions"][-1]) == (
        "REJECTED",
        {
            "fromStatus": "under_review",
            "toStatus": "REJECTED",
            "reason": "资质不符",
            "actorName": "社工小李",
        },
    )


def test_exiting_twice_is_refused(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    client = gql(fengshu, office)
    pid = global_id("Partner", partnership.pk)
    first = client.execute(MOVE % "exitPartnership", {"id": pid, "reason": "到期"})
    second = client.execute(MOVE % "exitPartnership", {"id": pid, "reason": "再次"})
    assert (first["data"]["exitPartnership"], second["data"]["exitPartnership"]) == (
        {"partner": {"status": "EXITED"}, "errors": []},
        {"partner": None, "errors": [{"code": "INVALID_TRANSITION"}]},
    )


def test_the_public_directory_masks_contacts_and_hides_applications(fengshu, office):
    # given one active partner with a commitment, and one application
    active = make_partnership(fengshu, S.ACTIVE, office=office)
    make_partnership(fengshu, S.APPLIED, office=office)
    with in_schema(fengshu):
        add_commitment(active, title="公益维修日", quantity=4)

    # when an anonymous visitor reads the directory
    data = gql(fengshu).execute(DIRECTORY, {"first": 10})["data"]["partners"]

    # then only the active partner shows, with a masked phone and its commitment
    assert data["totalCount"] == 1
    node = data["edges"][0]["node"]
    assert node["organisation"]["contactPhone"] == "138****8000"
    assert node["commitments"] == [
        {"title": "公益维修日", "quantity": "4.00", "unit": "次", "tier": "FREE"}
    ]
    assert (node["averageRating"], node["ratingCount"]) == (None, None)


def test_office_only_fields_are_null_for_the_public(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    pid = global_id("Partner", partnership.pk)
    public = gql(fengshu).execute(PARTNER, {"id": pid})["data"]["partner"]
    staff = gql(fengshu, office).execute(PARTNER, {"id": pid})["data"]["partner"]
    assert (public["statement"], public["transitions"]) == (None, [])
    assert (staff["statement"], len(staff["transitions"])) == ("我们愿意为社区服务。", 4)


def test_an_application_is_not_visible_to_the_public(fengshu, office):
    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    response = gql(fengshu).execute(PARTNER, {"id": global_id("Partner", partnership.pk)})
    assert response == {"data": {"partner": None}}


def test_status_changes_reach_the_representative_as_notifications(fengshu, office, mailoutbox):
    # given an application the office approved
    partnership = make_partnership(fengshu, S.APPROVED, office=office)
    representative = partnership.organisation.representatives.get().user
    client = gql(None, representative)

    # when the representative opens their notifications
    data = client.execute(NOTIFICATIONS)["data"]
    kinds = [e["node"]["kind"] for e in data["notifications"]["edges"]]

    # then applied, under review and approved are there, newest first, all unread
    assert (data["unreadNotificationCount"], kinds) == (
        3,
        ["partnership.approved", "partnership.under_review", "partnership.applied"],
    )
    newest = data["notifications"]["edges"][0]["node"]
    read = client.execute(MARK_READ, {"id": newest["id"]})["data"]["markNotificationRead"]
    assert read["errors"] == [] and read["notification"]["readAt"] is not None
    assert client.execute(NOTIFICATIONS)["data"]["unreadNotificationCount"] == 2


def test_nobody_marks_another_users_notification(fengshu, office):
    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    representative = partnership.organisation.representatives.get().user
    mine = gql(None, representative).execute(NOTIFICATIONS)["data"]["notifications"]["edges"]
    other = gql(None, make_user()).execute(MARK_READ, {"id": mine[0]["node"]["id"]})
    assert other["data"]["markNotificationRead"] == {
        "notification": None,
        "errors": [{"code": "NOT_FOUND"}],
    }


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PARTNER_REPRESENTATIVE])
def test_partnerships_list_is_for_the_office_only(fengshu, office, role):
    make_partnership(fengshu, S.APPLIED, office=office)
    query = "query { partnerships(first: 10) { totalCount } }"
    member = make_member(fengshu, role)
    assert gql(fengshu, member).execute(query)["data"]["partnerships"]["totalCount"] == 0
    assert gql(fengshu, office).execute(query)["data"]["partnerships"]["totalCount"] == 1


def test_a_partners_service_points_are_the_maps_points(fengshu, office):
    # given an active partner, a public point of the welfare map and a hidden one
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    with in_schema(fengshu):
        shop = service_point("家电维修点")
        store = service_point("库房", is_public=False)
        shop.save()
        store.save()
    pid = global_id("Partner", partnership.pk)
    points = [global_id("ServicePoint", p.pk) for p in (shop, store)]
    client = gql(fengshu, office)

    # when the office links both by their map ids, and tries an id of another type
    linked = client.execute(SET_POINTS, {"id": pid, "points": points})
    wrong = client.execute(SET_POINTS, {"id": pid, "points": [global_id("Partner", shop.pk)]})

    # then the partner's points are the map's ServicePoint objects, the hidden one for the
    # office only, and the wrong type is not found
    office_view = [
        {
            "id": issued_id("ServicePoint", shop.pk, fengshu),
            "name": "家电维修点",
            "categoryLabel": "小修小补",
        },
        {
            "id": issued_id("ServicePoint", store.pk, fengshu),
            "name": "库房",
            "categoryLabel": "小修小补",
        },
    ]
    assert linked["data"]["setPartnerServicePoints"] == {
        "partner": {"servicePoints": office_view},
        "errors": [],
    }
    assert wrong["data"]["setPartnerServicePoints"] == {
        "partner": None,
        "errors": [{"code": "NOT_FOUND"}],
    }
    public = gql(fengshu).execute(POINTS, {"id": pid})["data"]["partner"]
    assert public == {"servicePoints": office_view[:1]}
