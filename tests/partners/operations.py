"""The partner programme in the operation registry (see tests/operations.py).

Community A has an active partner (the representative's; its statement, evaluation and
contact phone are private), another active partner (the other representative's), an
application (private), an organisation the representative registered that is not a partner
yet, a draft call (private) and a published one. The outsider must see none of the private
data (active partners' names and offers and the published call are public by design).
"""

from datetime import timedelta

from django.utils import timezone

from commonweal.partners.models import (
    Evaluation,
    Obligation,
    PartnerCall,
    PartnershipStatus,
    ResourceCommitment,
)
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.partners.services import agreement
from tests.fixtures import make_user
from tests.operations import (
    ADMIN,
    MEMBERS,
    OFFICE,
    SIGNED_IN,
    Operation,
    World,
    allowed,
    global_id,
    ok,
    refused,
    register,
    setup,
)
from tests.partners.fixtures import (
    REAL_CODES,
    in_schema,
    make_call,
    make_organisation,
    make_partnership,
)

PRIVATE = {
    "statement": "甲方私密申请陈述",
    "applicant": "甲方待审合伙人有限公司",
    "draft_call": "甲方草稿招募",
    "evaluation": "甲方内部评语",
    "phone": "13712345678",
}


@setup("partners", needs=("accounts",))
def _partners(world: World) -> None:
    community, staff = world.community, world.people["staff"]
    representative = world.people["representative"]
    active = make_partnership(
        community,
        organisation=make_organisation(
            representative, name="乡村基", contact_phone=PRIVATE["phone"]
        ),
        office=staff,
        statement=PRIVATE["statement"],
    )
    other = make_partnership(
        community,
        organisation=make_organisation(world.people["other_representative"], name="另一家合伙人"),
        office=staff,
    )
    applied = make_partnership(
        community,
        PartnershipStatus.APPLIED,
        organisation=make_organisation(name=PRIVATE["applicant"]),
        office=staff,
    )
    newcomer = make_organisation(representative, name="新来的合伙人")
    colleague = make_user(email="colleague@partner.example.cn", name="同事")
    second = PartnerRepresentative.objects.create(
        organisation=active.organisation, user=make_user(name="第二位代表")
    )
    today = timezone.localdate()
    with in_schema(community):
        commitment = ResourceCommitment.objects.create(
            partnership=active,
            kind="service",
            title="义剪",
            quantity=4,
            unit="次",
            due_on=today + timedelta(days=5),
        )
        obligation = Obligation.objects.create(partnership=active, description="每月4次义剪")
        fulfilment = agreement.fulfilment_record(
            actor=staff,
            partnership=active,
            commitment_id=commitment.pk,
            delivered_on=today,
            recipient=world.people["resident"],
        )
        Evaluation.objects.create(
            partnership=active,
            period_start=today - timedelta(days=30),
            period_end=today,
            commitments_due=1,
            commitments_kept=0,
            services_delivered=1,
            staff_score=80,
            comment=PRIVATE["evaluation"],
        )
        draft = PartnerCall.objects.create(
            title=PRIVATE["draft_call"],
            needs="内部",
            kinds_allowed=["craftsman"],
            deadline=today + timedelta(days=30),
        )
    published = make_call(community, staff, title="招募志愿服务")
    world.ids |= {
        "partnership": active,
        "other_partnership": other,
        "active": global_id("Partner", active.pk),
        "other_partner": global_id("Partner", other.pk),
        "applied": global_id("Partner", applied.pk),
        "commitment": global_id("ResourceCommitment", commitment.pk),
        "obligation": global_id("Obligation", obligation.pk),
        "fulfilment": global_id("Fulfilment", fulfilment.pk),
        "draft_call": global_id("PartnerCall", draft.pk),
        "published_call": global_id("PartnerCall", published.pk),
        "newcomer": global_id("PartnerOrganisation", newcomer.pk),
        "my_organisation": global_id("MyPartnerOrganisation", active.organisation_id),
        "second_representative": global_id("PartnerRepresentative", second.pk),
        "colleague": colleague.email,
    }


def _markers(world: World) -> set[str]:
    ids = world.ids
    return set(PRIVATE.values()) | {ids["applied"], ids["draft_call"], ids["fulfilment"]}


def _ids(**names):
    """Variables naming what the partners setup made: `_ids(id="active")`."""
    return lambda world, actor: {key: world.ids[value] for key, value in names.items()}


def _operation(name, document, variables=None, answers=None, **kwargs) -> None:
    register(
        Operation(name, document, variables=variables, answers=answers, markers=_markers, **kwargs)
    )


# --- queries (isolation only) ---------------------------------------------------------------

_operation(
    "partners",
    "query { partners(first: 50) { totalCount edges { node { id statement statusReason"
    " organisation { legalName contactPhone } transitions { reason } evaluations { comment }"
    " fulfilments { id beneficiary } commitments { title } representatives { id displayName }"
    " } } } }",
)
_operation(
    "partnerApplication",
    "query($id: ID!) { partner(id: $id) { id status statement organisation { legalName } } }",
    _ids(id="applied"),
    insider_sees_markers=True,
)
_operation(
    "partnerships",
    "query { partnerships(first: 50) { edges { node { id statement"
    " organisation { legalName } evaluations { comment } representatives { id displayName }"
    " } } } }",
    insider_sees_markers=True,
)
_operation(
    "partnerCalls",
    "query { partnerCalls(first: 50) { edges { node { id title needs publishedAt closedAt"
    " takesApplications } } } }",
    insider_sees_markers=True,
)
_operation(
    "myReceivedServices",
    "query { myReceivedServices(first: 50) { edges { node { id beneficiary } } } }",
)

# --- calls ----------------------------------------------------------------------------------

_operation(
    "createPartnerCall",
    'mutation { createPartnerCall(input: {title: "招募", needs: "助餐", kindsAllowed: [],'
    ' deadline: "2099-01-01"}) { call { title } errors { code } } }',
    answers=allowed(OFFICE, ok(call={"title": "招募"})),
)
_operation(
    "publishPartnerCall",
    "mutation($id: ID!) { publishPartnerCall(id: $id) { call { title } errors { code } } }",
    _ids(id="draft_call"),
    allowed(OFFICE, ok(call={"title": PRIVATE["draft_call"]})),
)
_operation(
    "unpublishPartnerCall",
    "mutation($id: ID!) { unpublishPartnerCall(id: $id)"
    " { call { title publishedAt takesApplications } errors { code } } }",
    _ids(id="published_call"),
    allowed(
        OFFICE,
        ok(call={"title": "招募志愿服务", "publishedAt": None, "takesApplications": False}),
    ),
)
_operation(
    "closePartnerCall",
    "mutation($id: ID!) { closePartnerCall(id: $id)"
    " { call { title takesApplications } errors { code } } }",
    _ids(id="published_call"),
    allowed(OFFICE, ok(call={"title": "招募志愿服务", "takesApplications": False})),
)

# --- partnerships ---------------------------------------------------------------------------

_NOT_A_REPRESENTATIVE = refused("NOT_A_REPRESENTATIVE", partner=None)
_operation(
    "applyForPartnership",
    "mutation($org: ID!) { applyForPartnership(input: {organisationId: $org, tier: FREE})"
    " { partner { status } errors { code } } }",
    _ids(org="newcomer"),
    allowed(
        SIGNED_IN - {"representative"},
        _NOT_A_REPRESENTATIVE,
        representative=ok(partner={"status": "APPLIED"}),
    ),
)
for _field, _target, _args, _answer in [
    ("startPartnershipReview", "applied", "", ok(partner={"status": "UNDER_REVIEW"})),
    ("approvePartnership", "applied", "", refused("INVALID_TRANSITION", partner=None)),
    ("rejectPartnership", "applied", ', reason: "不符"', ok(partner={"status": "REJECTED"})),
    ("activatePartnership", "active", "", refused("INVALID_TRANSITION", partner=None)),
    ("suspendPartnership", "active", ', reason: "整改"', ok(partner={"status": "SUSPENDED"})),
    ("exitPartnership", "active", "", ok(partner={"status": "EXITED"})),
]:
    _operation(
        _field,
        f"mutation($id: ID!) {{ {_field}(id: $id{_args})"
        " { partner { status } errors { code } } }",
        _ids(id=_target),
        allowed(OFFICE, _answer),
    )
_operation(
    "setPartnerServicePoints",
    "mutation($id: ID!) { setPartnerServicePoints(partnerId: $id, servicePointIds: [])"
    " { partner { status } errors { code } } }",
    _ids(id="active"),
    allowed(OFFICE, ok(partner={"status": "ACTIVE"})),
)

# --- the agreement: commitments, obligations, deliveries, ratings ---------------------------

_operation(
    "addResourceCommitment",
    "mutation($id: ID!) { addResourceCommitment(partnerId: $id, input: {kind: VENUE,"
    ' title: "活动室", quantity: "2", unit: "小时", tier: FREE})'
    " { commitment { title quantity } errors { code } } }",
    _ids(id="active"),
    allowed(OFFICE, ok(commitment={"title": "活动室", "quantity": "2.00"})),
)
_operation(
    "addObligation",
    'mutation($id: ID!) { addObligation(partnerId: $id, description: "每月4次义剪",'
    " freeServicesPerMonth: 4) { obligation { freeServicesPerMonth } errors { code } } }",
    _ids(id="active"),
    allowed(OFFICE, ok(obligation={"freeServicesPerMonth": 4})),
)
_operation(
    "recordFulfilment",
    "mutation($id: ID!, $c: ID!, $on: Date!) { recordFulfilment(input: {partnerId: $id,"
    ' commitmentId: $c, deliveredOn: $on, beneficiary: "独居老人"})'
    " { fulfilment { beneficiary } errors { code } } }",
    lambda w, actor: {
        "id": w.ids["active"],
        "c": w.ids["commitment"],
        "on": str(timezone.localdate()),
    },
    allowed(
        OFFICE | {"representative"},
        ok(fulfilment={"beneficiary": "独居老人"}),
        other_representative=refused("NOT_FOUND", fulfilment=None),
    ),
)
_operation(
    "rateService",
    'mutation($id: ID!) { rateService(fulfilmentId: $id, score: 5, comment: "很好")'
    " { rating { score } errors { code } } }",
    _ids(id="fulfilment"),
    allowed(
        MEMBERS - {"resident"},
        refused("NOT_RECIPIENT", rating=None),
        resident=ok(rating={"score": 5}),
    ),
)

# --- evaluation and recognition -------------------------------------------------------------

_operation(
    "evaluatePartner",
    'mutation($id: ID!) { evaluatePartner(partnerId: $id, periodStart: "2024-01-01",'
    ' periodEnd: "2024-12-31", staffScore: 90) { evaluation { staffScore } errors { code } } }',
    _ids(id="active"),
    allowed(OFFICE, ok(evaluation={"staffScore": 90})),
)
_operation(
    "recognisePartner",
    'mutation($id: ID!) { recognisePartner(partnerId: $id, title: "最美商家",'
    ' awardedOn: "2025-12-20") { recognition { title } errors { code } } }',
    _ids(id="active"),
    allowed(OFFICE, ok(recognition={"title": "最美商家"})),
)

# --- representatives (community endpoint: A's admin; platform: the organisation's own) ------

_operation(
    "addPartnerRepresentative",
    "mutation($id: ID!, $login: String!) { addPartnerRepresentative(partnerId: $id,"
    " login: $login) { representative { displayName } errors { code } } }",
    _ids(id="active", login="colleague"),
    allowed(ADMIN, ok(representative={"displayName": "同事"})),
)
_operation(
    "removePartnerRepresentative",
    "mutation($id: ID!) { removePartnerRepresentative(id: $id)"
    " { representative { displayName } errors { code } } }",
    _ids(id="second_representative"),
    allowed(ADMIN, ok(representative=None)),
)
_NOT_FOUND = refused("NOT_FOUND", representative=None)
_operation(
    "addOrganisationRepresentative",
    "mutation($id: ID!, $login: String!) { addOrganisationRepresentative(organisationId: $id,"
    " login: $login) { representative { displayName } errors { code } } }",
    _ids(id="newcomer", login="colleague"),
    allowed(SIGNED_IN, _NOT_FOUND, representative=ok(representative={"displayName": "同事"})),
    endpoint="platform",
)
_operation(
    "removeOrganisationRepresentative",
    "mutation($id: ID!) { removeOrganisationRepresentative(id: $id)"
    " { representative { displayName } errors { code } } }",
    _ids(id="second_representative"),
    allowed(SIGNED_IN, _NOT_FOUND, representative=ok(representative=None)),
    endpoint="platform",
)

# --- organisations (platform endpoint) ------------------------------------------------------

_operation(
    "registerPartnerOrganisation",
    "mutation($code: String!) { registerPartnerOrganisation(input: {kind: ENTERPRISE,"
    ' legalName: "红旗连锁", creditCode: $code}) { organisation { legalName } errors { code } } }',
    lambda w, actor: {"code": REAL_CODES[2]},
    allowed(SIGNED_IN, ok(organisation={"legalName": "红旗连锁"})),
    endpoint="platform",
)
_operation(
    "updatePartnerOrganisation",
    "mutation($id: ID!) { updatePartnerOrganisation(id: $id, input: {description: "
    '"上门维修家电，公益维修日免费"}) { organisation { description } errors { code } } }',
    _ids(id="my_organisation"),
    allowed(
        SIGNED_IN,
        refused("NOT_FOUND", organisation=None),
        representative=ok(organisation={"description": "上门维修家电，公益维修日免费"}),
    ),
    endpoint="platform",
)

# --- asking an applicant for more information ----------------------------------------------

_operation(
    "requestPartnershipInformation",
    'mutation($id: ID!) { requestPartnershipInformation(id: $id, question: "请补充执照")'
    " { partner { status } errors { code } } }",
    _ids(id="applied"),
    allowed(OFFICE, ok(partner={"status": "INFO_REQUESTED"})),
)


def _asked_of_the_representative(world: World, actor: str) -> dict:
    """The representative's newcomer organisation applies and the office asks it a question
    (inside the cell's transaction)."""
    from strawberry.relay import from_base64

    from commonweal.partners.services import partnerships

    organisation_pk = int(from_base64(world.ids["newcomer"])[1])
    with in_schema(world.community):
        partnership = partnerships.partnership_apply(
            community=world.community,
            actor=world.people["representative"],
            organisation_id=organisation_pk,
        )
        partnerships.partnership_request_information(
            community=world.community,
            actor=world.people["staff"],
            partnership=partnership,
            question="请补充执照",
        )
    return {"id": global_id("Partner", partnership.pk)}


_operation(
    "providePartnershipInformation",
    'mutation($id: ID!) { providePartnershipInformation(id: $id, answer: "已补充")'
    " { partner { status } errors { code } } }",
    _asked_of_the_representative,
    allowed(
        {"representative"},
        ok(partner={"status": "UNDER_REVIEW"}),
        **{actor: refused("NOT_FOUND", partner=None) for actor in SIGNED_IN - {"representative"}},
    ),
)
