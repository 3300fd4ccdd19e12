"""The partnership lifecycle and the agreement, through the services."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.models import (
    Fulfilment,
    Partnership,
    PartnershipStatus,
    PartnershipTransition,
    ResourceCommitment,
    ServiceRating,
)
from commonweal.partners.registry.models import PartnerOrganisation, PartnershipListing
from commonweal.partners.registry.services import organisation_register
from commonweal.partners.services import agreement, calls, evaluations, partnerships
from commonweal.platform.accounts.models import Membership
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.search.models import SearchDocument
from tests.fixtures import make_member, make_user
from tests.partners.fixtures import REAL_CODES, add_commitment, in_schema, make_partnership

S = PartnershipStatus


def _history(partnership):
    return list(
        PartnershipTransition.objects.filter(partnership=partnership)
        .order_by("at", "pk")
        .values_list("from_status", "to_status", "actor__display_name", "reason")
    )


def test_the_whole_lifecycle_is_recorded_with_who_and_why(fengshu, office, organisation):
    # given a representative's application
    representative = organisation.representatives.get().user
    with in_schema(fengshu):
        partnership = partnerships.partnership_apply(
            community=fengshu,
            actor=representative,
            organisation_id=organisation.pk,
            tier="low_fee",
            statement="低偿维修,每月公益维修日",
            offers=["家电维修"],
        )
        # when the office moves it through every state
        for verb, reason in [
            ("start_review", ""),
            ("approve", "资质齐全"),
            ("activate", ""),
            ("suspend", "连续两月未履约"),
            ("activate", "已整改"),
            ("exit", "合同到期"),
        ]:
            partnerships._move(
                community=fengshu, actor=office, partnership=partnership, verb=verb, reason=reason
            )

        # then every transition is recorded with who and why
        assert _history(partnership) == [
            ("", S.APPLIED, "合伙人代表老王", "低偿维修,每月公益维修日"),
            (S.APPLIED, S.UNDER_REVIEW, "社工小李", ""),
            (S.UNDER_REVIEW, S.APPROVED, "社工小李", "资质齐全"),
            (S.APPROVED, S.ACTIVE, "社工小李", ""),
            (S.ACTIVE, S.SUSPENDED, "社工小李", "连续两月未履约"),
            (S.SUSPENDED, S.ACTIVE, "社工小李", "已整改"),
            (S.ACTIVE, S.EXITED, "社工小李", "合同到期"),
        ]
        partnership.refresh_from_db()
        assert (partnership.status, partnership.status_reason) == (S.EXITED, "合同到期")
    # and the platform's listing mirrors it, the representative got the role and 7 notices
    assert PartnershipListing.objects.get(organisation=organisation).status == S.EXITED
    assert Membership.objects.get(user=representative, community=fengshu).roles == [
        Role.PARTNER_REPRESENTATIVE
    ]
    assert Notification.objects.filter(user=representative).count() == 7


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        (S.REJECTED, "approve"),  # approving a rejected application
        (S.EXITED, "exit"),  # exiting twice
        (S.APPLIED, "approve"),  # approving before review
        (S.APPLIED, "activate"),
        (S.ACTIVE, "approve"),
        (S.EXITED, "activate"),
        (S.SUSPENDED, "suspend"),
        (S.APPROVED, "reject"),
    ],
)
def test_refused_transitions_raise_invalid_transition_and_change_nothing(
    fengshu, office, status, verb
):
    # given a partnership in `status`
    partnership = make_partnership(fengshu, status, office=office)
    with in_schema(fengshu):
        before = (_history(partnership), list(Partnership.objects.values()))
        notices = Notification.objects.count()

        # when the office tries the refused move
        with pytest.raises(DomainError) as refusal:
            partnerships._move(
                community=fengshu, actor=office, partnership=partnership, verb=verb, reason="再试"
            )

        # then it is refused with its code, and nothing changed
        assert refusal.value.code == PartnerErrorCode.INVALID_TRANSITION
        assert (_history(partnership), list(Partnership.objects.values())) == before
    assert Notification.objects.count() == notices


@pytest.mark.parametrize("verb", ["reject", "suspend"])
def test_rejecting_and_suspending_need_a_reason(fengshu, office, verb):
    status = S.UNDER_REVIEW if verb == "reject" else S.ACTIVE
    partnership = make_partnership(fengshu, status, office=office)
    with in_schema(fengshu):
        with pytest.raises(DomainError) as refusal:
            partnerships._move(
                community=fengshu, actor=office, partnership=partnership, verb=verb, reason="  "
            )
        assert (refusal.value.code, Partnership.objects.get().status) == (
            PartnerErrorCode.REASON_REQUIRED,
            status,
        )


def test_only_a_representative_may_apply_for_an_organisation(fengshu, organisation):
    stranger = make_user(name="路人")
    with in_schema(fengshu):
        with pytest.raises(DomainError) as refusal:
            partnerships.partnership_apply(
                community=fengshu, actor=stranger, organisation_id=organisation.pk
            )
        assert (refusal.value.code, Partnership.objects.count()) == (
            PartnerErrorCode.NOT_A_REPRESENTATIVE,
            0,
        )


def test_one_partnership_per_organisation_and_reapplying_after_rejection(fengshu, office):
    # given a rejected application
    partnership = make_partnership(fengshu, S.REJECTED, office=office)
    representative = partnership.organisation.representatives.get().user
    with in_schema(fengshu):
        # when the representative applies again, it is the same partnership, applied again
        again = partnerships.partnership_apply(
            community=fengshu, actor=representative, organisation_id=partnership.organisation_id
        )
        assert (again.pk, again.status, Partnership.objects.count()) == (
            partnership.pk,
            S.APPLIED,
            1,
        )
        # and a third application while pending is refused
        with pytest.raises(DomainError) as refusal:
            partnerships.partnership_apply(
                community=fengshu,
                actor=representative,
                organisation_id=partnership.organisation_id,
            )
        assert refusal.value.code == PartnerErrorCode.ALREADY_PARTNER


def test_the_same_organisation_serves_two_communities_with_one_identity(fengshu, jiahonglu):
    # given an organisation active in Fengshu
    partnership = make_partnership(fengshu, S.ACTIVE)
    organisation = partnership.organisation

    # when it applies to Jiahonglu with the same identity
    make_partnership(jiahonglu, S.APPLIED, organisation=organisation)

    # then the platform lists both partnerships for one organisation
    assert sorted(
        PartnershipListing.objects.filter(organisation=organisation).values_list(
            "community__slug", "status"
        )
    ) == [("fengshu", S.ACTIVE), ("jiahonglu", S.APPLIED)]
    assert PartnerOrganisation.objects.count() == 1


def test_duplicate_organisation_identity_is_refused(representative):
    organisation_register(
        actor=representative, kind="enterprise", legal_name="小米科技", credit_code=REAL_CODES[3]
    )
    with pytest.raises(DomainError) as refusal:
        organisation_register(
            actor=make_user(),
            kind="enterprise",
            legal_name="另一个名字",
            credit_code=REAL_CODES[3].lower(),
        )
    assert (refusal.value.code, PartnerOrganisation.objects.count()) == (
        PartnerErrorCode.DUPLICATE_ORGANISATION,
        1,
    )


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        ("enterprise", "", PartnerErrorCode.CREDIT_CODE_REQUIRED),
        ("social_org", "91350100M000100Y44", PartnerErrorCode.INVALID_CREDIT_CODE),
        ("craftsman", "123", PartnerErrorCode.INVALID_CREDIT_CODE),
    ],
)
def test_organisations_need_a_valid_credit_code(representative, kind, code, expected):
    with pytest.raises(DomainError) as refusal:
        organisation_register(
            actor=representative, kind=kind, legal_name="某单位", credit_code=code
        )
    assert (refusal.value.code, PartnerOrganisation.objects.count()) == (expected, 0)


def test_a_craftsman_registers_without_a_credit_code(representative):
    organisation = organisation_register(
        actor=representative, kind="craftsman", legal_name="修鞋匠人王师傅"
    )
    assert (organisation.credit_code, organisation.representatives.get().user) == (
        "",
        representative,
    )


def test_active_partners_have_a_search_document_and_lose_it_when_suspended(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    document = SearchDocument.objects.get(community=fengshu, kind="partner")
    assert (document.key, document.title, document.visible) == (
        str(partnership.pk),
        partnership.organisation.legal_name,
        True,
    )
    with in_schema(fengshu):
        partnerships.partnership_suspend(
            community=fengshu, actor=office, partnership=partnership, reason="整改"
        )
    document.refresh_from_db()
    assert document.visible is False


def test_fulfilments_count_against_commitments_and_residents_rate_once(fengshu, office):
    # given an active partner with a commitment of 4 services, and a resident served
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    resident = make_member(fengshu, Role.RESIDENT, name="王阿姨")
    with in_schema(fengshu):
        commitment = add_commitment(partnership, quantity=4)
        fulfilment = agreement.fulfilment_record(
            actor=office,
            partnership=partnership,
            commitment_id=commitment.pk,
            quantity=3,
            delivered_on=timezone.localdate(),
            recipient=resident,
            beneficiary="独居老人",
        )
        commitment.refresh_from_db()
        assert (commitment.delivered_quantity, commitment.is_kept) == (3, False)

        # when the resident rates it, then a second rating is refused
        evaluations.rating_give(actor=resident, fulfilment_id=fulfilment.pk, score=5, comment="好")
        with pytest.raises(DomainError) as again:
            evaluations.rating_give(actor=resident, fulfilment_id=fulfilment.pk, score=1)
        # and someone else may not rate it at all
        with pytest.raises(DomainError) as other:
            evaluations.rating_give(actor=office, fulfilment_id=fulfilment.pk, score=1)
        assert (again.value.code, other.value.code) == (
            PartnerErrorCode.ALREADY_RATED,
            PartnerErrorCode.NOT_RECIPIENT,
        )
        assert list(ServiceRating.objects.values_list("score", "comment")) == [(5, "好")]


@pytest.mark.parametrize("score", [0, 6])
def test_ratings_are_from_one_to_five(fengshu, office, score):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
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
        with pytest.raises(DomainError) as refusal:
            evaluations.rating_give(actor=resident, fulfilment_id=fulfilment.pk, score=score)
        assert (refusal.value.code, ServiceRating.objects.count()) == (
            PartnerErrorCode.INVALID_RATING,
            0,
        )


def test_a_fulfilment_is_against_one_thing_of_its_own_partnership(fengshu, office):
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    other = make_partnership(fengshu, S.ACTIVE, office=office)
    with in_schema(fengshu):
        foreign = add_commitment(other)
        with pytest.raises(DomainError) as neither:
            agreement.fulfilment_record(
                actor=office, partnership=partnership, delivered_on=timezone.localdate()
            )
        with pytest.raises(DomainError) as not_theirs:
            agreement.fulfilment_record(
                actor=office,
                partnership=partnership,
                commitment_id=foreign.pk,
                delivered_on=timezone.localdate(),
            )
        assert (neither.value.code, not_theirs.value.code, Fulfilment.objects.count()) == (
            PartnerErrorCode.INVALID_TARGET,
            PartnerErrorCode.NOT_FOUND,
            0,
        )


def test_an_evaluation_computes_the_period_and_notifies(fengshu, office):
    # given a partner with one kept and one open commitment due this month, and a rating
    partnership = make_partnership(fengshu, S.ACTIVE, office=office)
    representative = partnership.organisation.representatives.get().user
    resident = make_member(fengshu, Role.RESIDENT)
    today = timezone.localdate()
    with in_schema(fengshu):
        kept = add_commitment(partnership, due_in_days=0, quantity=1)
        add_commitment(partnership, due_in_days=0, quantity=5)
        fulfilment = agreement.fulfilment_record(
            actor=office,
            partnership=partnership,
            commitment_id=kept.pk,
            delivered_on=today,
            recipient=resident,
        )
        evaluations.rating_give(actor=resident, fulfilment_id=fulfilment.pk, score=4)

        # when the office evaluates the period
        evaluation = evaluations.evaluation_make(
            community=fengshu,
            actor=office,
            partnership=partnership,
            period_start=today - timedelta(days=1),
            period_end=today,
            staff_score=88,
        )
    # then the figures are computed and the representative is told
    assert (
        evaluation.commitments_due,
        evaluation.commitments_kept,
        evaluation.services_delivered,
        evaluation.average_rating,
        evaluation.staff_score,
    ) == (2, 1, 1, 4, 88)
    assert (
        Notification.objects.filter(user=representative, kind="partnership.evaluated").count() == 1
    )


def test_a_closed_call_refuses_applications(fengshu, office, organisation):
    representative = organisation.representatives.get().user
    with in_schema(fengshu):
        call = calls.call_create(
            community=fengshu,
            actor=office,
            title="招募社区匠人",
            needs="修鞋、裁缝",
            kinds_allowed=["craftsman"],
            deadline=timezone.localdate(),
            publish=True,
        )
        with pytest.raises(DomainError) as wrong_kind:
            partnerships.partnership_apply(
                community=fengshu,
                actor=representative,
                organisation_id=organisation.pk,
                call_id=call.pk,
            )
        call.deadline = date(2020, 1, 1)
        call.save()
        with pytest.raises(DomainError) as closed:
            partnerships.partnership_apply(
                community=fengshu,
                actor=representative,
                organisation_id=organisation.pk,
                call_id=call.pk,
            )
        assert (wrong_kind.value.code, closed.value.code, Partnership.objects.count()) == (
            PartnerErrorCode.KIND_NOT_ALLOWED,
            PartnerErrorCode.CALL_CLOSED,
            0,
        )
    assert SearchDocument.objects.get(kind="partner_call").title == "招募社区匠人"


def test_commitments_need_an_approved_or_active_partnership(fengshu, office):
    partnership = make_partnership(fengshu, S.UNDER_REVIEW, office=office)
    with in_schema(fengshu):
        with pytest.raises(DomainError) as refusal:
            agreement.commitment_add(
                actor=office,
                partnership=partnership,
                kind="venue",
                title="活动室",
                quantity=1,
                unit="间",
            )
        assert (refusal.value.code, ResourceCommitment.objects.count()) == (
            PartnerErrorCode.NOT_ACTIVE,
            0,
        )
