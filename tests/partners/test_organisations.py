"""An organisation's public profile, changed by its representatives on the platform endpoint;
its directory documents follow in every community where it is an active partner."""

import pytest
from django.db import connection

from commonweal.partners.models import PartnershipStatus
from commonweal.partners.registry.models import PartnerOrganisation
from commonweal.platform.kernel.roles import Role
from commonweal.search.models import SearchDocument
from tests.fixtures import gql, make_community, make_member, make_user
from tests.isolation import database_state, global_id, leaked
from tests.partners.fixtures import make_organisation, make_partnership, partner_state

S = PartnershipStatus
UPDATE = """
mutation Update($id: ID!, $input: PartnerOrganisationProfileInput!) {
  updatePartnerOrganisation(id: $id, input: $input) {
    organisation { legalName kind creditCode description website logoUrl
      contactName contactPhone contactEmail }
    errors { code field message }
  }
}
"""
IDENTITY = ("kind", "legal_name", "credit_code")


def _update(user, organisation, **input):
    response = gql(None, user).execute(
        UPDATE, {"id": global_id("MyPartnerOrganisation", organisation.pk), "input": input}
    )
    return response["data"]["updatePartnerOrganisation"]


def _documents(organisation) -> dict[str, tuple]:
    """The organisation's partner documents by community: (visible, title, body, version)."""
    rows = SearchDocument.objects.filter(kind="partner", title=organisation.legal_name)
    return {
        row.community.slug: (row.visible, row.title, row.body, row.version)
        for row in rows.select_related("community")
    }


def _fields(organisation, names) -> dict:
    return PartnerOrganisation.objects.filter(pk=organisation.pk).values(*names).get()


@pytest.fixture
def founder(db):
    return make_user(email="founder@hongqi.example.cn", name="红旗店长")


@pytest.fixture
def hongqi(founder, fengshu, jiahonglu, office):
    """Active in Fengshu and Jiahonglu, suspended in Yulin, an applicant in Duyuanjie."""
    organisation = make_organisation(
        founder, name="红旗连锁枫树店", description="便利店", contact_phone="13800138000"
    )
    make_partnership(fengshu, S.ACTIVE, organisation=organisation, office=office)
    make_partnership(jiahonglu, S.ACTIVE, organisation=organisation)
    make_partnership(
        make_community("yulin", name="玉林社区"), S.SUSPENDED, organisation=organisation
    )
    make_partnership(
        make_community("duyuanjie", name="督院街社区"), S.APPLIED, organisation=organisation
    )
    organisation.refresh_from_db()
    return organisation


def test_a_representative_changes_the_profile_and_search_follows_where_it_is_active(
    founder, hongqi
):
    # given the organisation's documents: public in two communities, withdrawn in Yulin
    before = _documents(hongqi)
    identity = _fields(hongqi, IDENTITY)
    assert {slug: row[:3] for slug, row in before.items()} == {
        "fengshu": (True, "红旗连锁枫树店", "便利店\n家电维修 公益维修日"),
        "jiahonglu": (True, "红旗连锁枫树店", "便利店\n家电维修 公益维修日"),
        "yulin": (False, "红旗连锁枫树店", "便利店\n家电维修 公益维修日"),
    }

    # when its representative rewrites the description and contacts, as people type them
    payload = _update(
        founder,
        hongqi,
        description=" 24小时便利店，老人送货上门 ",
        website="www.hongqi.example.cn",
        logoUrl="https://cdn.hongqi.example.cn/logo.png",
        contactName="王店长",
        contactPhone="139-1111-2222",
        contactEmail="shop@hongqi.example.cn",
    )

    # then the profile is changed, the legal identity is not ...
    assert payload == {
        "organisation": {
            "legalName": "红旗连锁枫树店",
            "kind": "ENTERPRISE",
            "creditCode": identity["credit_code"],
            "description": "24小时便利店，老人送货上门",
            "website": "https://www.hongqi.example.cn",
            "logoUrl": "https://cdn.hongqi.example.cn/logo.png",
            "contactName": "王店长",
            "contactPhone": "13911112222",
            "contactEmail": "shop@hongqi.example.cn",
        },
        "errors": [],
    }
    assert _fields(hongqi, IDENTITY) == identity
    # ... and the documents of the two active partnerships carry the new description with
    # new versions, while Yulin's stays withdrawn and untouched
    after = _documents(hongqi)
    assert {slug: row[:3] for slug, row in after.items()} == {
        "fengshu": (True, "红旗连锁枫树店", "24小时便利店，老人送货上门\n家电维修 公益维修日"),
        "jiahonglu": (True, "红旗连锁枫树店", "24小时便利店，老人送货上门\n家电维修 公益维修日"),
        "yulin": before["yulin"][:3],
    }
    assert (
        after["fengshu"][3] > before["fengshu"][3],
        after["jiahonglu"][3] > before["jiahonglu"][3],
        after["yulin"][3],
    ) == (True, True, before["yulin"][3])
    assert connection.schema_name == "public"


def test_fields_left_out_are_kept_and_empty_ones_cleared(founder, hongqi):
    # given a profile with a website and a contact person
    _update(founder, hongqi, website="https://hongqi.example.cn", contactName="王店长")
    versions = {slug: row[3] for slug, row in _documents(hongqi).items()}

    # when the representative clears the contact person only
    payload = _update(founder, hongqi, contactName="")

    # then the website stays, the contact person is gone, and search is rewritten again
    # where the partnership is active (a change the documents do not show is rare enough)
    assert (payload["errors"], _fields(hongqi, ["website", "contact_name", "description"])) == (
        [],
        {"website": "https://hongqi.example.cn", "contact_name": "", "description": "便利店"},
    )
    after = {slug: row[3] for slug, row in _documents(hongqi).items()}
    assert (after["fengshu"] > versions["fengshu"], after["yulin"]) == (True, versions["yulin"])


def test_an_update_that_changes_nothing_writes_nothing(founder, hongqi):
    before = partner_state()

    payload = _update(founder, hongqi, description="便利店", contactPhone="138 0013 8000")

    assert (payload["errors"], payload["organisation"]["description"]) == ([], "便利店")
    assert partner_state() == before


@pytest.mark.parametrize(
    ("input", "error"),
    [
        (
            {"website": "hongqi 官网"},
            {"code": "INVALID_URL", "field": "website", "message": "输入一个有效的 URL。"},
        ),
        (
            {"logoUrl": "javascript:alert(1)"},
            {"code": "INVALID_URL", "field": "logoUrl", "message": "输入一个有效的 URL。"},
        ),
        (
            {"logoUrl": "ftp://hongqi.example.cn/logo.png"},
            {"code": "INVALID_URL", "field": "logoUrl", "message": "输入一个有效的 URL。"},
        ),
        (
            {"contactEmail": "shop@"},
            {
                "code": "INVALID_EMAIL",
                "field": "contactEmail",
                "message": "输入一个有效的 Email 地址。",
            },
        ),
        (
            {"contactPhone": "110"},
            {"code": "INVALID_PHONE", "field": "contactPhone", "message": "请输入有效的电话号码。"},
        ),
        (
            {"contactName": "王" * 61},
            {
                "code": "TOO_LONG",
                "field": "contactName",
                "message": "确保该变量包含不超过 60 字符 (目前字符数 61)。",
            },
        ),
        (
            {"description": "好" * 2001},
            {
                "code": "TOO_LONG",
                "field": "description",
                "message": "确保该变量包含不超过 2000 字符 (目前字符数 2001)。",
            },
        ),
    ],
)
def test_an_invalid_profile_is_refused_with_a_code_and_changes_nothing(
    founder, hongqi, input, error
):
    # given the database as it stands
    before = partner_state()

    # when the representative sends one invalid field, beside a valid one where it can
    payload = _update(founder, hongqi, **{"contactName": "王店长", **input})

    # then the refusal names the field in Chinese, and nothing changed, search included
    assert payload == {"organisation": None, "errors": [error]}
    assert partner_state() == before


def test_the_legal_identity_is_not_part_of_the_input(founder, hongqi):
    # given the input type of the mutation
    from commonweal.platform.root.schema import platform_schema

    fields = platform_schema._schema.type_map["PartnerOrganisationProfileInput"].fields
    before = partner_state()

    # when a representative sends a new legal name and credit code anyway
    response = gql(None, founder).execute(
        UPDATE,
        {
            "id": global_id("MyPartnerOrganisation", hongqi.pk),
            "input": {"legalName": "改名有限公司", "creditCode": "91110000600037341L"},
        },
    )

    # then the input has only the public profile, the request is refused, nothing changed
    assert sorted(fields) == [
        "contactEmail",
        "contactName",
        "contactPhone",
        "description",
        "logoUrl",
        "phonePublic",
        "website",
    ]
    assert (response["data"], len(response["errors"])) == (None, 2)
    assert partner_state() == before


def test_nobody_else_reaches_the_organisation_and_nothing_leaks(fengshu, founder, hongqi):
    # given people close to the organisation who do not represent it: a representative of
    # another partner, Fengshu's admin, a platform admin, and a former representative
    other = make_organisation(name="别家合伙人").representatives.get().user
    admin = make_member(fengshu, Role.ADMIN, name="枫树管理员")
    platform_admin = make_user(email="ops@example.cn", staff=True)
    former = make_user(name="前任代表")
    link = hongqi.representatives.create(user=former)
    link.delete()
    before = (partner_state(), database_state())

    # when each tries to change its profile, by either id of the organisation
    answers = [
        gql(None, user).execute(
            UPDATE,
            {
                "id": global_id(type_name, hongqi.pk),
                "input": {"description": "被篡改", "contactPhone": "13000000000"},
            },
        )
        for user in (other, admin, platform_admin, former)
        for type_name in ("MyPartnerOrganisation", "PartnerOrganisation")
    ]

    # then each is told it does not exist, sees none of its contacts, and nothing changed
    refusal = {
        "updatePartnerOrganisation": {
            "organisation": None,
            "errors": [{"code": "NOT_FOUND", "field": None, "message": "找不到该 ID 对应的内容。"}],
        }
    }
    assert answers == [{"data": refusal}] * 8
    assert leaked({"answers": answers}, {"13800138000", "红旗连锁枫树店"}) == []
    assert (partner_state(), database_state()) == before


def test_search_is_rewritten_in_the_same_transaction_as_the_profile(founder, hongqi, monkeypatch):
    # given that writing a search document fails in the second community
    from commonweal.partners.services import partnerships

    written = []

    def index_document(**document):
        written.append(document["community"].slug)
        if len(written) == 2:
            raise RuntimeError("search table unavailable")
        return real_index_document(**document)

    real_index_document = partnerships.index_document
    monkeypatch.setattr(partnerships, "index_document", index_document)
    before = partner_state()

    # when the representative changes the description
    response = gql(None, founder).execute(
        UPDATE,
        {"id": global_id("MyPartnerOrganisation", hongqi.pk), "input": {"description": "新"}},
    )

    # then the request fails and the profile is not changed either, nor the first document
    assert sorted(written) == ["fengshu", "jiahonglu"]
    assert [e["extensions"]["code"] for e in response["errors"]] == ["INTERNAL_ERROR"]
    assert partner_state() == before
    assert connection.schema_name == "public"
