"""The partner programme's operations in the cross-community isolation harness.

Community A (the target) gets an active partner whose application statement, evaluation,
contact phone and representatives are private, an application still under review, a draft
call and a published one: the outsider must see none of the private data (the active
partner's name and offers and the published call are public by design) and change nothing.
"""

from datetime import timedelta

from django.utils import timezone

from commonweal.partners.models import (
    Evaluation,
    Fulfilment,
    Obligation,
    PartnerCall,
    PartnershipStatus,
    ResourceCommitment,
)
from commonweal.partners.services import agreement
from tests.isolation import Operation, database_state, global_id, register
from tests.partners.fixtures import in_schema, make_call, make_organisation, make_partnership

PRIVATE = {
    "statement": "甲方私密申请陈述",
    "applicant": "甲方待审合伙人有限公司",
    "draft_call": "甲方草稿招募",
    "evaluation": "甲方内部评语",
    "phone": "13712345678",
}


def _ensure(world) -> dict:
    """A's partner data, made once per world (before the first snapshot)."""
    cached = getattr(world, "_partners", None)
    if cached is not None:
        return cached
    target, admin = world.target, world.target_admin
    active = make_partnership(
        target,
        organisation=make_organisation(contact_phone=PRIVATE["phone"]),
        office=world.target_staff,
        statement=PRIVATE["statement"],
    )
    applied = make_partnership(
        target,
        PartnershipStatus.UNDER_REVIEW,
        organisation=make_organisation(name=PRIVATE["applicant"]),
        office=world.target_staff,
    )
    today = timezone.localdate()
    with in_schema(target):
        commitment = ResourceCommitment.objects.create(
            partnership=active,
            kind="service",
            title="公益理发",
            quantity=4,
            unit="次",
            due_on=today + timedelta(days=5),
        )
        obligation = Obligation.objects.create(partnership=active, description="每月4次义剪")
        fulfilment = agreement.fulfilment_record(
            actor=admin,
            partnership=active,
            commitment_id=commitment.pk,
            delivered_on=today,
            recipient=world.target_resident,
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
    published = make_call(target, admin, title="甲方公开招募")
    world._partners = {
        "active": global_id("Partner", active.pk),
        "applied": global_id("Partner", applied.pk),
        "commitment": global_id("ResourceCommitment", commitment.pk),
        "obligation": global_id("Obligation", obligation.pk),
        "fulfilment": global_id("Fulfilment", fulfilment.pk),
        "draft_call": global_id("PartnerCall", draft.pk),
        "published_call": global_id("PartnerCall", published.pk),
        "representative": global_id(
            "PartnerRepresentative", active.organisation.representatives.get().pk
        ),
        "organisation": global_id("PartnerOrganisation", applied.organisation_id),
    }
    assert Fulfilment  # the resident's service is what rateService aims at
    return world._partners


def _snapshot(world):
    _ensure(world)
    return database_state(world)


def _markers(world) -> set[str]:
    ids = _ensure(world)
    return set(PRIVATE.values()) | {ids["applied"], ids["draft_call"], ids["fulfilment"]}


def _partner_operation(name, document, variables=lambda ids: {}, **kwargs) -> None:
    register(
        Operation(
            name,
            document,
            variables_factory=lambda w: variables(_ensure(w)),
            snapshot=_snapshot,
            markers=_markers,
            **kwargs,
        )
    )


_partner_operation(
    "partners",
    "query { partners(first: 50) { totalCount edges { node { id statement statusReason"
    " organisation { legalName contactPhone } transitions { reason } evaluations { comment }"
    " fulfilments { id beneficiary } commitments { title } representatives { id displayName }"
    " } } } }",
)
_partner_operation(
    "partnerApplication",
    "query($id: ID!) { partner(id: $id) { id status statement organisation { legalName } } }",
    lambda ids: {"id": ids["applied"]},
    insider_sees_markers=True,
)
_partner_operation(
    "partnerships",
    "query { partnerships(first: 50) { edges { node { id statement"
    " organisation { legalName } evaluations { comment } representatives { id displayName }"
    " } } } }",
    insider_sees_markers=True,
)
_partner_operation(
    "partnerCalls",
    "query { partnerCalls(first: 50) { edges { node { id title needs publishedAt closedAt"
    " takesApplications } } } }",
    insider_sees_markers=True,
)
_partner_operation(
    "myReceivedServices",
    "query { myReceivedServices(first: 50) { edges { node { id beneficiary } } } }",
)

_FORBIDDEN = {"kind": "mutation", "refused_with": "FORBIDDEN"}
_partner_operation(
    "createPartnerCall",
    'mutation { createPartnerCall(input: {title: "乙方招募", needs: "x", kindsAllowed: [],'
    ' deadline: "2099-01-01", publish: true}) { call { id } errors { code } } }',
    **_FORBIDDEN,
)
_partner_operation(
    "publishPartnerCall",
    "mutation($id: ID!) { publishPartnerCall(id: $id) { call { id title } errors { code } } }",
    lambda ids: {"id": ids["draft_call"]},
    **_FORBIDDEN,
)
for _field in ("unpublishPartnerCall", "closePartnerCall"):
    _partner_operation(
        _field,
        f"mutation($id: ID!) {{ {_field}(id: $id) {{ call {{ id title }} errors {{ code }} }} }}",
        lambda ids: {"id": ids["published_call"]},
        **_FORBIDDEN,
    )
_partner_operation(
    "addPartnerRepresentative",
    "mutation($id: ID!, $login: String!) { addPartnerRepresentative(partnerId: $id,"
    " login: $login) { representative { id displayName } errors { code } } }",
    lambda ids: {"id": ids["active"], "login": "zhaomin@jiahonglu.example.cn"},
    **_FORBIDDEN,
)
_partner_operation(
    "removePartnerRepresentative",
    "mutation($id: ID!) { removePartnerRepresentative(id: $id)"
    " { representative { id } errors { code } } }",
    lambda ids: {"id": ids["representative"]},
    **_FORBIDDEN,
)
_partner_operation(
    "applyForPartnership",
    "mutation($org: ID!) { applyForPartnership(input: {organisationId: $org, tier: FREE})"
    " { partner { id } errors { code } } }",
    lambda ids: {"org": ids["organisation"]},
    kind="mutation",
    refused_with="NOT_A_REPRESENTATIVE",
)
for _field, _target, _args in [
    ("startPartnershipReview", "applied", ""),
    ("approvePartnership", "applied", ""),
    ("rejectPartnership", "applied", ', reason: "乙方"'),
    ("activatePartnership", "applied", ""),
    ("suspendPartnership", "active", ', reason: "乙方"'),
    ("exitPartnership", "active", ""),
]:
    _partner_operation(
        _field,
        f"mutation($id: ID!) {{ {_field}(id: $id{_args})"
        " { partner { id statement } errors { code } } }",
        lambda ids, _target=_target: {"id": ids[_target]},
        **_FORBIDDEN,
    )
_partner_operation(
    "addResourceCommitment",
    "mutation($id: ID!) { addResourceCommitment(partnerId: $id, input: {kind: VENUE,"
    ' title: "乙方", quantity: "1", unit: "间", tier: FREE})'
    " { commitment { id } errors { code } } }",
    lambda ids: {"id": ids["active"]},
    **_FORBIDDEN,
)
_partner_operation(
    "addObligation",
    'mutation($id: ID!) { addObligation(partnerId: $id, description: "乙方")'
    " { obligation { id } errors { code } } }",
    lambda ids: {"id": ids["active"]},
    **_FORBIDDEN,
)
_partner_operation(
    "recordFulfilment",
    "mutation($id: ID!, $c: ID!) { recordFulfilment(input: {partnerId: $id, commitmentId: $c,"
    ' deliveredOn: "2024-01-01"}) { fulfilment { id } errors { code } } }',
    lambda ids: {"id": ids["active"], "c": ids["commitment"]},
    **_FORBIDDEN,
)
_partner_operation(
    "rateService",
    'mutation($id: ID!) { rateService(fulfilmentId: $id, score: 1, comment: "乙方")'
    " { rating { id } errors { code } } }",
    lambda ids: {"id": ids["fulfilment"]},
    **_FORBIDDEN,
)
_partner_operation(
    "evaluatePartner",
    'mutation($id: ID!) { evaluatePartner(partnerId: $id, periodStart: "2024-01-01",'
    ' periodEnd: "2024-01-31", staffScore: 1) { evaluation { comment } errors { code } } }',
    lambda ids: {"id": ids["active"]},
    **_FORBIDDEN,
)
_partner_operation(
    "recognisePartner",
    'mutation($id: ID!) { recognisePartner(partnerId: $id, title: "乙方",'
    ' awardedOn: "2024-01-01") { recognition { id } errors { code } } }',
    lambda ids: {"id": ids["active"]},
    **_FORBIDDEN,
)
_partner_operation(
    "setPartnerServicePoints",
    "mutation($id: ID!) { setPartnerServicePoints(partnerId: $id, servicePointIds: [])"
    " { partner { id } errors { code } } }",
    lambda ids: {"id": ids["active"]},
    **_FORBIDDEN,
)
_partner_operation(
    "requestPartnershipInformation",
    'mutation($id: ID!) { requestPartnershipInformation(id: $id, question: "乙方")'
    " { partner { id statement } errors { code } } }",
    lambda ids: {"id": ids["applied"]},
    **_FORBIDDEN,
)
_partner_operation(
    "providePartnershipInformation",
    'mutation($id: ID!) { providePartnershipInformation(id: $id, answer: "乙方")'
    " { partner { id statement } errors { code } } }",
    lambda ids: {"id": ids["applied"]},
    kind="mutation",
    refused_with="NOT_FOUND",
)
