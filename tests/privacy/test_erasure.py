"""注销并删除个人信息: nothing of the person stays anywhere; money and points stay, under a
pseudonym; a refusal changes nothing."""

import pytest
from django.contrib.auth import authenticate
from django.db.models import Q

from commonweal.governance.needs.models import Need, NeedTransition
from commonweal.governance.needs.services import needs as need_services
from commonweal.microfund.models import Donation
from commonweal.platform.accounts.models import Membership
from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.audit.services import record
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from commonweal.privacy.models import Erasure
from commonweal.privacy.services.erasure import person_erase, pseudonym_of
from commonweal.timebank.points import balance_of
from tests.fixtures import PASSWORD, make_member
from tests.operations import database_state
from tests.partners.fixtures import in_schema
from tests.privacy.fixtures import EMAIL, ID_NUMBER, NAME, PHONE, balances, text_hits


def test_the_person_is_found_everywhere_before_erasure(person):
    # given the person's life in two communities (the scan below can fail)
    hits = text_hits(NAME, PHONE, EMAIL, ID_NUMBER)

    # then their name, phone, e-mail and ID number are in both communities and the platform
    assert {schema for schema, *_ in hits} == {"public", "c_fengshu", "c_jiahonglu"}
    assert {needle for *_, needle in hits} == {NAME, PHONE, EMAIL, ID_NUMBER}


def test_after_erasure_no_personal_field_of_theirs_remains_in_any_schema(person):
    # given every balance of both communities' ledgers
    before = balances()
    user = person.user

    # when the person erases their account with their password
    erasure = person_erase(user=user, password=PASSWORD)

    # then no text column of any table of any schema holds their name, phone, e-mail or ID
    assert text_hits(NAME, PHONE, EMAIL, ID_NUMBER) == []
    # ... every ledger and points balance is what it was
    assert balances() == before
    for community in person.communities:
        with in_schema(community):
            assert balance_of(user.pk) == 5
            donation = Donation.objects.get(donor_id=user.pk)
            assert (donation.amount, donation.donor_name) == (5000, erasure.pseudonym)
    # ... the account keeps its id under a stable pseudonym and can no longer sign in
    user.refresh_from_db()
    assert erasure.pseudonym == pseudonym_of(user) == user.display_name
    assert erasure.pseudonym.startswith("已注销用户 #")
    assert (user.is_active, user.phone, user.has_usable_password()) == (False, None, False)
    assert authenticate(username=EMAIL, password=PASSWORD) is None
    assert authenticate(username=PHONE, password=PASSWORD) is None
    assert not Membership.objects.filter(user=user).exists()
    # ... and the erasure is in the audit log, under the pseudonym
    entry = AuditEntry.objects.get(action="eraseMyAccount")
    assert (entry.actor_id, entry.actor_name, entry.target) == (
        user.pk,
        erasure.pseudonym,
        erasure.pseudonym,
    )


def test_what_others_wrote_keeps_its_sense_with_the_pseudonym(person):
    # when the person is erased
    erasure = person_erase(user=person.user, password=PASSWORD)

    # then the staff's decline reason names the pseudonym, and the need's text lost the
    # phone and ID number but kept the rest
    from commonweal.governance.needs.models import Need, NeedTransition

    with in_schema(person.communities[0]):
        reason = NeedTransition.objects.exclude(reason="").get().reason
        description = Need.objects.get().description
    assert reason == f"已电话告知{erasure.pseudonym}：物业负责"
    assert description == (
        f"3栋2单元楼道灯坏了，请联系{erasure.pseudonym}，电话［已删除］，身份证［已删除］。"
    )


@pytest.mark.parametrize("password", ["wrong password", ""])
def test_a_wrong_password_is_refused_and_changes_nothing(person, password):
    # given the database as it stands
    before = database_state()

    # when the person asks for erasure with a wrong password
    with pytest.raises(DomainError) as refused:
        person_erase(user=person.user, password=password)

    # then it is refused with its code and nothing changed
    assert (refused.value.code, refused.value.field) == ("WRONG_PASSWORD", "password")
    assert database_state() == before
    assert text_hits(NAME)  # still there


def test_an_erased_account_is_not_erased_twice(person):
    # given an erased person
    person_erase(user=person.user, password=PASSWORD)
    before = database_state()

    # when erasure is asked again
    with pytest.raises(DomainError) as refused:
        person_erase(user=person.user, password=PASSWORD)

    # then it is refused as already done, and nothing changed
    assert refused.value.code == "ALREADY_ERASED"
    assert database_state() == before
    assert Erasure.objects.count() == 1


def test_a_namesake_keeps_their_name_and_their_log_lines(person):
    # given another 陈思远 in Fengshu, with their own account, need and log lines
    fengshu, staff = person.communities[0], person.staff["fengshu"]
    namesake = make_member(fengshu, Role.RESIDENT, name=NAME, phone="13900001111")
    with in_schema(fengshu):
        theirs = need_services.need_raise(
            actor=namesake,
            community=fengshu,
            title="健身器材松动",
            description=f"小区健身器材松动，{NAME}反映",
            category="facilities",
        )
    record(actor=namesake, channel="web", action="signIn")
    record(actor=staff, channel="graphql", action="editNeed", changes={"raisedBy": NAME})
    their_lines = list(
        AuditEntry.objects.filter(actor=namesake).values_list("actor_name", "action")
    )

    # when the first 陈思远 erases their account
    erasure = person_erase(user=person.user, password=PASSWORD)

    # then the namesake's account, need and log lines still name them
    namesake.refresh_from_db()
    assert namesake.display_name == NAME
    assert their_lines == [(NAME, "signIn")]
    assert list(AuditEntry.objects.filter(actor=namesake).values_list("actor_name", "action")) == [
        (NAME, "signIn")
    ]
    assert AuditEntry.objects.get(action="editNeed").changes == {"raisedBy": NAME}
    with in_schema(fengshu):
        assert Need.objects.get(pk=theirs.pk).description == f"小区健身器材松动，{NAME}反映"
        # ... while the erased person's own rows, and those about them, lost the name
        mine = Need.objects.exclude(pk=theirs.pk).get()
        assert NAME not in mine.description
        assert NeedTransition.objects.exclude(reason="").get().reason == (
            f"已电话告知{erasure.pseudonym}：物业负责"
        )
    assert list(
        AuditEntry.objects.filter(actor=person.user, action="signIn").values_list(
            "actor_name", flat=True
        )
    ) == [erasure.pseudonym]
    # ... and their phone, e-mail and ID number are nowhere
    assert text_hits(PHONE, EMAIL, ID_NUMBER) == []
    # ... and every remaining 陈思远 is the namesake's or an unattributed log line
    assert {(schema, table) for schema, table, *_ in text_hits(NAME)} <= {
        ("public", "platform_user"),
        ("public", "platform_notification"),
        ("public", "audit_auditentry"),
        ("c_fengshu", "needs_need"),
        ("c_fengshu", "search_searchdocument"),
        ("public", "search_searchdocument"),
    }
    naming = Notification.objects.filter(Q(title__contains=NAME) | Q(body__contains=NAME))
    assert {"健身器材" in n.title + n.body for n in naming} <= {True}
