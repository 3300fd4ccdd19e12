"""Who acts for a partner organisation: adding and removing its representatives."""

import pytest
from graphql import Undefined

from commonweal.partners.models import PartnershipStatus
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.accounts.models import Membership
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.platform.root.schema import community_schema, platform_schema
from tests.fixtures import gql, make_community, make_member, make_user
from tests.isolation import global_id, issued_id
from tests.partners.documents import (
    ADD_ORGANISATION_REPRESENTATIVE,
    ADD_REPRESENTATIVE,
    MY_REPRESENTATIVES,
    REMOVE_ORGANISATION_REPRESENTATIVE,
    REMOVE_REPRESENTATIVE,
)
from tests.partners.fixtures import make_organisation, make_partnership, partner_state

S = PartnershipStatus


def _roles(user) -> dict[str, list[str]]:
    return dict(
        Membership.objects.filter(user=user)
        .order_by("community__slug")
        .values_list("community__slug", "roles")
    )


def _representatives(organisation) -> list[str]:
    return list(
        PartnerRepresentative.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("user__display_name", flat=True)
    )


def test_a_community_admin_adds_an_account_by_mobile_number(fengshu, jiahonglu, office):
    # given an organisation active in Fengshu, suspended in Jiahonglu and applying elsewhere,
    # and a shop assistant who is a resident of Fengshu
    organisation = make_organisation(name="红旗连锁枫树店")
    partnership = make_partnership(fengshu, S.ACTIVE, organisation=organisation, office=office)
    make_partnership(jiahonglu, S.SUSPENDED, organisation=organisation)
    make_partnership(make_community("yulin", name="玉林社区"), S.APPLIED, organisation=organisation)
    assistant = make_member(fengshu, Role.RESIDENT, phone="13911112222", name="店员小周")
    admin = make_member(fengshu, Role.ADMIN, name="枫树管理员")

    # when Fengshu's admin adds the assistant by mobile number, written the way people do
    response = gql(fengshu, admin).execute(
        ADD_REPRESENTATIVE,
        {"id": global_id("Partner", partnership.pk), "login": "+86 139-1111-2222"},
    )

    # then the assistant represents the organisation, holds the role where it is a current
    # partner (not where it only applied), and is told
    link = PartnerRepresentative.objects.get(organisation=organisation, user=assistant)
    assert response == {
        "data": {
            "addPartnerRepresentative": {
                "representative": {
                    "id": issued_id("PartnerRepresentative", link.pk),
                    "displayName": "店员小周",
                },
                "errors": [],
            }
        }
    }
    assert _roles(assistant) == {
        "fengshu": [Role.PARTNER_REPRESENTATIVE, Role.RESIDENT],
        "jiahonglu": [Role.PARTNER_REPRESENTATIVE],
    }
    assert list(
        Notification.objects.filter(user=assistant).values_list("kind", "title", "body")
    ) == [
        (
            "organisation.representative_added",
            "你现在代表红旗连锁枫树店",
            "枫树管理员将你添加为红旗连锁枫树店的代表：你可以看到它在每个社区的合伙关系，"
            "并可以代表它申请。",
        )
    ]


def test_representatives_manage_their_organisation_on_the_platform(fengshu, office):
    # given an active partner with one representative, and a colleague with an account
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    organisation = partnership.organisation
    founder = organisation.representatives.get().user
    colleague = make_user(email="zhou@hongqi.example.cn", name="同事小周")
    organisation_id = global_id("MyPartnerOrganisation", organisation.pk)

    # when the founder adds the colleague by e-mail, and the colleague then removes the founder
    added = gql(None, founder).execute(
        ADD_ORGANISATION_REPRESENTATIVE,
        {"id": organisation_id, "login": " ZHOU@hongqi.example.cn "},
    )["data"]["addOrganisationRepresentative"]
    platform = gql(None, colleague)
    listed = platform.execute(MY_REPRESENTATIVES)["data"]["myPartnerOrganisations"]
    founder_link = organisation.representatives.get(user=founder)
    removed = platform.execute(
        REMOVE_ORGANISATION_REPRESENTATIVE,
        {"id": global_id("PartnerRepresentative", founder_link.pk)},
    )["data"]["removeOrganisationRepresentative"]

    # then the colleague saw both, and now acts alone: the founder lost the community role
    # (their only one there, so the membership ended)
    assert (added["errors"], added["representative"]["displayName"]) == ([], "同事小周")
    assert listed == [
        {
            "id": issued_id("MyPartnerOrganisation", organisation.pk),
            "legalName": organisation.legal_name,
            "representatives": [
                {
                    "id": issued_id("PartnerRepresentative", founder_link.pk),
                    "displayName": founder.display_name,
                },
                added["representative"],
            ],
        }
    ]
    assert removed == {"representative": None, "errors": []}
    assert _representatives(organisation) == ["同事小周"]
    assert (_roles(founder), _roles(colleague)) == (
        {},
        {"fengshu": [Role.PARTNER_REPRESENTATIVE]},
    )
    assert gql(None, founder).execute(MY_REPRESENTATIVES)["data"] == {"myPartnerOrganisations": []}
    # and each change was told to the people it concerns
    name, founder_name = organisation.legal_name, founder.display_name
    assert {
        who: list(
            Notification.objects.filter(user=user, kind__startswith="organisation.")
            .order_by("pk")
            .values_list("title", flat=True)
        )
        for who, user in (("founder", founder), ("colleague", colleague))
    } == {
        "founder": [
            f"{founder_name}已将同事小周添加为{name}的代表",
            f"同事小周已将{founder_name}从{name}的代表中移除",
        ],
        "colleague": [f"你现在代表{name}", f"同事小周已将{founder_name}从{name}的代表中移除"],
    }


def test_a_removed_representative_keeps_their_other_roles_and_other_partners(fengshu, office):
    # given two active partners in Fengshu, both represented by a resident, each with a
    # second representative
    resident = make_member(fengshu, Role.RESIDENT, name="两家店的老板")
    first = make_partnership(
        fengshu, S.ACTIVE, organisation=make_organisation(resident), office=office
    )
    second = make_partnership(
        fengshu, S.ACTIVE, organisation=make_organisation(resident), office=office
    )
    for partnership in (first, second):
        PartnerRepresentative.objects.create(
            organisation=partnership.organisation, user=make_user(name="店长")
        )
    admin = gql(fengshu, make_member(fengshu, Role.ADMIN))

    def remove_from(partnership):
        link = partnership.organisation.representatives.get(user=resident)
        response = admin.execute(
            REMOVE_REPRESENTATIVE, {"id": global_id("PartnerRepresentative", link.pk)}
        )
        return response["data"]["removePartnerRepresentative"]["errors"], _roles(resident)

    # when the admin removes them from one partner, then from the other
    # then they stay a representative while they still act for a partner here, and stay a
    # resident after that
    assert remove_from(first) == (
        [],
        {"fengshu": [Role.PARTNER_REPRESENTATIVE, Role.RESIDENT]},
    )
    assert remove_from(second) == ([], {"fengshu": [Role.RESIDENT]})


@pytest.mark.parametrize(
    ("login", "code"),
    [
        ("nobody@example.cn", "ACCOUNT_NOT_FOUND"),
        ("13700000000", "ACCOUNT_NOT_FOUND"),
        ("inactive@example.cn", "ACCOUNT_NOT_FOUND"),
        ("founder@example.cn", "ALREADY_REPRESENTATIVE"),
    ],
)
def test_adding_a_representative_is_refused_with_a_code_and_changes_nothing(
    fengshu, office, login, code
):
    # given an active partner, its founder and an account that was deactivated
    founder = make_user(email="founder@example.cn", name="创始人")
    partnership = make_partnership(
        fengshu, S.ACTIVE, organisation=make_organisation(founder), office=office
    )
    inactive = make_user(email="inactive@example.cn")
    inactive.is_active = False
    inactive.save()
    before = partner_state()

    # when the founder tries to add `login`
    response = gql(None, founder).execute(
        ADD_ORGANISATION_REPRESENTATIVE,
        {"id": global_id("MyPartnerOrganisation", partnership.organisation_id), "login": login},
    )

    # then it is refused with its code, and nothing changed
    assert response == {
        "data": {
            "addOrganisationRepresentative": {
                "representative": None,
                "errors": [{"code": code, "field": "login"}],
            }
        }
    }
    assert partner_state() == before


@pytest.mark.parametrize("with_inactive_colleague", [False, True])
def test_the_last_representative_is_not_removed(fengshu, office, with_inactive_colleague):
    # given an active partner whose only active representative is its founder
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    founder_link = partnership.organisation.representatives.get()
    if with_inactive_colleague:
        colleague = make_user(name="离职员工")
        colleague.is_active = False
        colleague.save()
        PartnerRepresentative.objects.create(organisation=partnership.organisation, user=colleague)
    admin = make_member(fengshu, Role.ADMIN)
    before = partner_state()

    # when the community admin tries to remove the founder
    response = gql(fengshu, admin).execute(
        REMOVE_REPRESENTATIVE, {"id": global_id("PartnerRepresentative", founder_link.pk)}
    )

    # then it is refused, and nothing changed
    assert response == {
        "data": {
            "removePartnerRepresentative": {
                "representative": None,
                "errors": [{"code": "LAST_REPRESENTATIVE", "field": None}],
            }
        }
    }
    assert partner_state() == before


def test_a_community_admin_reaches_only_the_partners_of_their_community(fengshu, jiahonglu, office):
    # given an organisation that is a partner of Jiahonglu only, with two representatives
    elsewhere = make_partnership(jiahonglu, S.ACTIVE)
    link = PartnerRepresentative.objects.create(
        organisation=elsewhere.organisation, user=make_user(name="佳宏路的代表")
    )
    here = make_partnership(fengshu, S.ACTIVE, office=office)
    admin = gql(fengshu, make_member(fengshu, Role.ADMIN))
    before = partner_state()

    # when Fengshu's admin names that representative, or the organisation instead of a partner
    removed = admin.execute(
        REMOVE_REPRESENTATIVE, {"id": global_id("PartnerRepresentative", link.pk)}
    )
    added = admin.execute(
        ADD_REPRESENTATIVE,
        {
            "id": global_id("PartnerOrganisation", here.organisation_id),
            "login": "anyone@example.cn",
        },
    )

    # then both are not found, and nothing changed
    assert (
        removed["data"]["removePartnerRepresentative"]["errors"],
        added["data"]["addPartnerRepresentative"]["errors"],
    ) == ([{"code": "NOT_FOUND", "field": None}], [{"code": "NOT_FOUND", "field": None}])
    assert partner_state() == before


def test_the_login_of_a_new_representative_is_required_and_described(fengshu, office):
    # given an active partner and its founder
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    founder = partnership.organisation.representatives.get().user
    before = partner_state()

    # when the founder leaves out the login
    response = gql(None, founder).execute(
        "mutation($id: ID!) { addOrganisationRepresentative(organisationId: $id)"
        " { representative { id } errors { code } } }",
        {"id": global_id("MyPartnerOrganisation", partnership.organisation_id)},
    )

    # then the document is refused before anything runs, and the schema describes the argument
    assert [e["extensions"]["code"] for e in response["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
    assert partner_state() == before
    for endpoint, field in (
        (community_schema, "addPartnerRepresentative"),
        (platform_schema, "addOrganisationRepresentative"),
    ):
        login = endpoint._schema.mutation_type.fields[field].args["login"]
        assert (str(login.type), login.default_value, login.description) == (
            "String!",
            Undefined,
            "Their e-mail or mobile number.",
        )
