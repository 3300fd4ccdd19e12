"""Who may call each partner mutation; a refusal changes nothing.

Actors: anonymous; resident, staff and admin of Fengshu; the admin of Jiahonglu; a platform
admin; and the representative of Fengshu's active partner (who also represents an organisation
that is not yet a partner). Community mutations run on Fengshu's host, platform ones on the
bare host.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from strawberry.utils.str_converters import to_camel_case

from commonweal.partners.graphql.mutations import CommunityPartnerMutation, PlatformPartnerMutation
from commonweal.partners.models import PartnerCall, PartnershipStatus, ResourceCommitment
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.partners.services import agreement
from commonweal.platform.accounts.roles import Role
from commonweal.platform.graphql.schema import community_schema, platform_schema
from commonweal.platform.notifications.graphql import NotificationMutation
from commonweal.platform.notifications.models import Notification
from tests.fixtures import gql, make_member, make_user
from tests.isolation import global_id
from tests.partners.fixtures import (
    REAL_CODES,
    in_schema,
    make_call,
    make_organisation,
    make_partnership,
    partner_state,
)

S = PartnershipStatus
ACTORS = (
    "anonymous",
    "resident",
    "staff",
    "admin",
    "other_admin",
    "platform_admin",
    "representative",
)
OFFICE = frozenset({"staff", "admin"})
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}


@dataclass
class Stage:
    community: object
    people: dict
    notifications: dict
    ids: dict


@pytest.fixture
def stage(fengshu, jiahonglu, platform_admin) -> Stage:
    staff = make_member(fengshu, Role.STAFF, name="社工")
    representative = make_user(name="合伙人代表")
    active = make_partnership(
        fengshu, S.ACTIVE, organisation=make_organisation(representative), office=staff
    )
    applied = make_partnership(fengshu, S.APPLIED, office=staff)
    newcomer = make_organisation(representative, name="新来的合伙人")
    colleague = make_user(email="colleague@partner.example.cn", name="同事")
    second = PartnerRepresentative.objects.create(
        organisation=active.organisation, user=make_user(name="第二位代表")
    )
    resident = make_member(fengshu, Role.RESIDENT, name="居民")
    today = timezone.localdate()
    with in_schema(fengshu):
        commitment = ResourceCommitment.objects.create(
            partnership=active, kind="service", title="义剪", quantity=4, unit="次"
        )
        fulfilment = agreement.fulfilment_record(
            actor=staff,
            partnership=active,
            commitment_id=commitment.pk,
            delivered_on=today,
            recipient=resident,
        )
        call = PartnerCall.objects.create(
            title="招募匠人",
            needs="修鞋",
            kinds_allowed=["craftsman"],
            deadline=today + timedelta(days=10),
        )
    published = make_call(fengshu, staff, title="招募志愿服务")
    people = {
        "anonymous": None,
        "resident": resident,
        "staff": staff,
        "admin": make_member(fengshu, Role.ADMIN, name="管理员"),
        "other_admin": make_member(jiahonglu, Role.ADMIN, name="佳宏路管理员"),
        "platform_admin": platform_admin,
        "representative": representative,
    }
    notifications = {
        name: global_id(
            "Notification",
            Notification.objects.create(user=person, kind="test", title="你的通知").pk,
        )
        for name, person in people.items()
        if person is not None
    }
    return Stage(
        community=fengshu,
        people=people,
        notifications=notifications,
        ids={
            "active": global_id("Partner", active.pk),
            "applied": global_id("Partner", applied.pk),
            "commitment": global_id("ResourceCommitment", commitment.pk),
            "fulfilment": global_id("Fulfilment", fulfilment.pk),
            "call": global_id("PartnerCall", call.pk),
            "published_call": global_id("PartnerCall", published.pk),
            "newcomer": global_id("PartnerOrganisation", newcomer.pk),
            "organisation": global_id("MyPartnerOrganisation", active.organisation_id),
            "second": global_id("PartnerRepresentative", second.pk),
            "colleague": colleague.email,
        },
    )


@dataclass(frozen=True)
class Case:
    endpoint: str
    field: str
    document: str
    allowed: frozenset
    expected: object  # the payload for allowed actors; a dict per actor name when it varies
    variables: object = lambda ids: {}


def _ok(**payload):
    return {**payload, "errors": []}


def _refused(key, code):
    return {key: None, "errors": [{"code": code}]}


def _only(actor_name, answer, refusal):
    """`answer` for one actor, `refusal` in the payload for every other."""
    return {name: answer if name == actor_name else refusal for name in ACTORS}


CASES = [
    Case(
        "community",
        "createPartnerCall",
        'mutation { createPartnerCall(input: {title: "招募", needs: "助餐", kindsAllowed: [],'
        ' deadline: "2099-01-01"}) { call { title } errors { code } } }',
        OFFICE,
        _ok(call={"title": "招募"}),
    ),
    Case(
        "community",
        "publishPartnerCall",
        "mutation($id: ID!) { publishPartnerCall(id: $id) { call { title } errors { code } } }",
        OFFICE,
        _ok(call={"title": "招募匠人"}),
        lambda ids: {"id": ids["call"]},
    ),
    Case(
        "community",
        "unpublishPartnerCall",
        "mutation($id: ID!) { unpublishPartnerCall(id: $id)"
        " { call { title publishedAt takesApplications } errors { code } } }",
        OFFICE,
        _ok(call={"title": "招募志愿服务", "publishedAt": None, "takesApplications": False}),
        lambda ids: {"id": ids["published_call"]},
    ),
    Case(
        "community",
        "closePartnerCall",
        "mutation($id: ID!) { closePartnerCall(id: $id)"
        " { call { title takesApplications } errors { code } } }",
        OFFICE,
        _ok(call={"title": "招募志愿服务", "takesApplications": False}),
        lambda ids: {"id": ids["published_call"]},
    ),
    Case(
        "community",
        "applyForPartnership",
        "mutation($org: ID!) { applyForPartnership(input: {organisationId: $org, tier: FREE})"
        " { partner { status } errors { code } } }",
        SIGNED_IN,
        _only(
            "representative",
            _ok(partner={"status": "APPLIED"}),
            _refused("partner", "NOT_A_REPRESENTATIVE"),
        ),
        lambda ids: {"org": ids["newcomer"]},
    ),
    Case(
        "community",
        "startPartnershipReview",
        "mutation($id: ID!) { startPartnershipReview(id: $id)"
        " { partner { status } errors { code } } }",
        OFFICE,
        _ok(partner={"status": "UNDER_REVIEW"}),
        lambda ids: {"id": ids["applied"]},
    ),
    Case(
        "community",
        "approvePartnership",
        "mutation($id: ID!) { approvePartnership(id: $id) { partner { status } errors { code } } }",
        OFFICE,
        _refused("partner", "INVALID_TRANSITION"),
        lambda ids: {"id": ids["applied"]},
    ),
    Case(
        "community",
        "rejectPartnership",
        'mutation($id: ID!) { rejectPartnership(id: $id, reason: "不符")'
        " { partner { status } errors { code } } }",
        OFFICE,
        _ok(partner={"status": "REJECTED"}),
        lambda ids: {"id": ids["applied"]},
    ),
    Case(
        "community",
        "activatePartnership",
        "mutation($id: ID!) { activatePartnership(id: $id)"
        " { partner { status } errors { code } } }",
        OFFICE,
        _refused("partner", "INVALID_TRANSITION"),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "suspendPartnership",
        'mutation($id: ID!) { suspendPartnership(id: $id, reason: "整改")'
        " { partner { status } errors { code } } }",
        OFFICE,
        _ok(partner={"status": "SUSPENDED"}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "exitPartnership",
        "mutation($id: ID!) { exitPartnership(id: $id) { partner { status } errors { code } } }",
        OFFICE,
        _ok(partner={"status": "EXITED"}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "addResourceCommitment",
        "mutation($id: ID!) { addResourceCommitment(partnerId: $id, input: {kind: VENUE,"
        ' title: "活动室", quantity: "2", unit: "小时", tier: FREE})'
        " { commitment { title quantity } errors { code } } }",
        OFFICE,
        _ok(commitment={"title": "活动室", "quantity": "2.00"}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "addObligation",
        'mutation($id: ID!) { addObligation(partnerId: $id, description: "每月4次义剪",'
        " freeServicesPerMonth: 4) { obligation { freeServicesPerMonth } errors { code } } }",
        OFFICE,
        _ok(obligation={"freeServicesPerMonth": 4}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "recordFulfilment",
        "mutation($id: ID!, $c: ID!, $on: Date!) { recordFulfilment(input: {partnerId: $id,"
        ' commitmentId: $c, deliveredOn: $on, beneficiary: "独居老人"})'
        " { fulfilment { beneficiary } errors { code } } }",
        OFFICE | {"representative"},
        _ok(fulfilment={"beneficiary": "独居老人"}),
        lambda ids: {"id": ids["active"], "c": ids["commitment"], "on": str(timezone.localdate())},
    ),
    Case(
        "community",
        "rateService",
        'mutation($id: ID!) { rateService(fulfilmentId: $id, score: 5, comment: "很好")'
        " { rating { score } errors { code } } }",
        OFFICE | {"resident", "representative"},
        _only("resident", _ok(rating={"score": 5}), _refused("rating", "NOT_RECIPIENT")),
        lambda ids: {"id": ids["fulfilment"]},
    ),
    Case(
        "community",
        "evaluatePartner",
        'mutation($id: ID!) { evaluatePartner(partnerId: $id, periodStart: "2024-01-01",'
        ' periodEnd: "2024-12-31", staffScore: 90) { evaluation { staffScore } errors { code } } }',
        OFFICE,
        _ok(evaluation={"staffScore": 90}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "recognisePartner",
        'mutation($id: ID!) { recognisePartner(partnerId: $id, title: "最美商家",'
        ' awardedOn: "2025-12-20") { recognition { title } errors { code } } }',
        OFFICE,
        _ok(recognition={"title": "最美商家"}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "setPartnerServicePoints",
        "mutation($id: ID!) { setPartnerServicePoints(partnerId: $id, servicePointIds: [])"
        " { partner { status } errors { code } } }",
        OFFICE,
        _ok(partner={"status": "ACTIVE"}),
        lambda ids: {"id": ids["active"]},
    ),
    Case(
        "community",
        "addPartnerRepresentative",
        "mutation($id: ID!, $login: String!) { addPartnerRepresentative(partnerId: $id,"
        " login: $login) { representative { displayName } errors { code } } }",
        frozenset({"admin"}),
        _ok(representative={"displayName": "同事"}),
        lambda ids: {"id": ids["active"], "login": ids["colleague"]},
    ),
    Case(
        "community",
        "removePartnerRepresentative",
        "mutation($id: ID!) { removePartnerRepresentative(id: $id)"
        " { representative { displayName } errors { code } } }",
        frozenset({"admin"}),
        _ok(representative=None),
        lambda ids: {"id": ids["second"]},
    ),
    Case(
        "platform",
        "addOrganisationRepresentative",
        "mutation($id: ID!, $login: String!) { addOrganisationRepresentative(organisationId: $id,"
        " login: $login) { representative { displayName } errors { code } } }",
        SIGNED_IN,
        _only(
            "representative",
            _ok(representative={"displayName": "同事"}),
            _refused("representative", "NOT_FOUND"),
        ),
        lambda ids: {"id": ids["newcomer"], "login": ids["colleague"]},
    ),
    Case(
        "platform",
        "removeOrganisationRepresentative",
        "mutation($id: ID!) { removeOrganisationRepresentative(id: $id)"
        " { representative { displayName } errors { code } } }",
        SIGNED_IN,
        _only("representative", _ok(representative=None), _refused("representative", "NOT_FOUND")),
        lambda ids: {"id": ids["second"]},
    ),
    Case(
        "platform",
        "registerPartnerOrganisation",
        "mutation($code: String!) { registerPartnerOrganisation(input: {kind: ENTERPRISE,"
        ' legalName: "红旗连锁", creditCode: $code})'
        " { organisation { legalName } errors { code } } }",
        SIGNED_IN,
        _ok(organisation={"legalName": "红旗连锁"}),
        lambda ids: {"code": REAL_CODES[2]},
    ),
    Case(
        "platform",
        "updatePartnerOrganisation",
        "mutation($id: ID!) { updatePartnerOrganisation(id: $id, input: {description: "
        '"上门维修家电，公益维修日免费"}) { organisation { description } errors { code } } }',
        SIGNED_IN,
        _only(
            "representative",
            _ok(organisation={"description": "上门维修家电，公益维修日免费"}),
            _refused("organisation", "NOT_FOUND"),
        ),
        lambda ids: {"id": ids["organisation"]},
    ),
    Case(
        "platform",
        "markAllNotificationsRead",
        "mutation { markAllNotificationsRead }",
        SIGNED_IN,
        {name: {"representative": 5, "staff": 3}.get(name, 1) for name in ACTORS},
    ),
]
# markNotificationRead takes an id that only its owner can use: see test_graphql.py.

CASES.append(
    Case(
        "platform",
        "markNotificationRead",
        "mutation($id: ID!) { markNotificationRead(id: $id)"
        " { notification { title } errors { code } } }",
        SIGNED_IN,
        _ok(notification={"title": "你的通知"}),
        # Each actor names their own notification (the anonymous one, the representative's).
        lambda ids: {"id": ids["notification"]},
    )
)


def test_the_matrix_covers_every_partner_and_notification_mutation():
    # given the mutations of the partner programme and notifications, as each endpoint has them
    fields = set()
    for endpoint, schema, types in (
        ("community", community_schema, [CommunityPartnerMutation]),
        ("platform", platform_schema, [PlatformPartnerMutation, NotificationMutation]),
    ):
        exposed = schema._schema.mutation_type.fields
        for type_ in types:
            names = {to_camel_case(f.python_name) for f in type_.__strawberry_definition__.fields}
            assert names <= set(exposed), (endpoint, type_)
            fields |= {(endpoint, name) for name in names}

    # then each has a row in the matrix, and no row names another field
    assert {(case.endpoint, case.field) for case in CASES} == fields


@pytest.mark.parametrize(
    ("case", "actor_name"),
    [pytest.param(c, a, id=f"{c.field}-{a}") for c in CASES for a in ACTORS],
)
def test_partner_mutation_answers_each_actor_as_its_permissions_say(stage, case, actor_name):
    # given an actor and the database as it stands
    actor = stage.people[actor_name]
    client = gql(stage.community if case.endpoint == "community" else None, actor)
    before = partner_state()

    # when the actor calls the mutation
    own = stage.notifications.get(actor_name, stage.notifications["representative"])
    ids = {**stage.ids, "notification": own}
    response = client.execute(case.document, case.variables(ids))

    # then an allowed actor gets the mutation's answer ...
    assert client.status == 200
    if actor_name in case.allowed:
        expected = case.expected
        if isinstance(expected, dict) and set(expected) == set(ACTORS):
            expected = expected[actor_name]
        assert response == {"data": {case.field: expected}}
        if isinstance(expected, dict) and expected.get("errors"):
            assert partner_state() == before  # a refusal in the payload changes nothing too
        return
    # ... and a refused one a coded top-level error, with nothing changed
    code = "UNAUTHENTICATED" if actor is None else "FORBIDDEN"
    assert response["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in response["errors"]] == [
        ([case.field], code)
    ]
    assert partner_state() == before
