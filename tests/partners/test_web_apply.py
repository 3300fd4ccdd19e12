"""申请成为合伙人 from the web, following the application, and answering the office."""

import json

from django.db import connection
from django.test import Client

from commonweal.partners.models import Partnership, PartnershipStatus, PartnershipTransition
from commonweal.partners.registry.models import PartnerOrganisation, PartnerRepresentative
from commonweal.platform.accounts.models import User
from commonweal.platform.notifications.models import Notification
from tests.fixtures import PASSWORD, host_of
from tests.partners.fixtures import (
    REAL_CODES,
    get_page,
    in_schema,
    make_call,
    make_partnership,
    partner_state,
)

S = PartnershipStatus
APPLICATION = {
    "display_name": "王建国",
    "account_phone": "13912340001",
    "account_email": "",
    "password": PASSWORD,
    "organisation": "new",
    "kind": "enterprise",
    "legal_name": "锦江便民超市有限公司",
    "credit_code": REAL_CODES[0],
    "contact_name": "王建国",
    "contact_phone": "028-86001234",
    "description": "社区便利店",
    "tier": "low_fee",
    "offers": "每月4次免费送货上门\n老人购物9折\n",
    "statement": "我们在社区开店十年。",
}


def _post(community, path, data, user=None, client=None):
    client = client or Client()
    if user is not None:
        client.force_login(user)
    response = client.post(path, data, HTTP_HOST=host_of(community))
    connection.set_schema_to_public()
    return response


def test_a_visitor_registers_an_organisation_and_applies_in_one_step(fengshu, office):
    # given a published call of Fengshu
    call = make_call(fengshu, office, title="招募便民商户")
    client = Client()

    # when a shop owner without an account fills in the form, answering the call
    response = _post(
        fengshu, "/partners/apply/", {**APPLICATION, "call": str(call.pk)}, client=client
    )

    # then an account, the organisation (its first representative) and the application exist
    user = User.objects.get(phone="13912340001")
    organisation = PartnerOrganisation.objects.get(credit_code=REAL_CODES[0])
    assert (organisation.legal_name, organisation.kind, organisation.phone_public) == (
        "锦江便民超市有限公司",
        "enterprise",
        False,
    )
    assert list(PartnerRepresentative.objects.values_list("organisation", "user")) == [
        (organisation.pk, user.pk)
    ]
    with in_schema(fengshu):
        partnership = Partnership.objects.get(organisation=organisation)
        fields = (partnership.status, partnership.call_id, partnership.tier, partnership.offers)
    assert fields == (S.APPLIED, call.pk, "low_fee", ["每月4次免费送货上门", "老人购物9折"])
    # and the applicant, now signed in, follows it on their own page
    assert (response.status_code, response["Location"]) == (
        302,
        f"/partners/mine/{partnership.pk}/",
    )
    page = client.get(response["Location"], HTTP_HOST=host_of(fengshu)).content.decode()
    connection.set_schema_to_public()
    assert "锦江便民超市有限公司" in page
    assert "已申请" in page or "Applied" in page


def test_a_wrong_credit_code_is_refused_in_chinese_and_nothing_is_created(fengshu):
    # given the state before
    before = partner_state()

    # when the form is sent with a code whose check character is wrong
    bad = REAL_CODES[0][:-1] + ("0" if REAL_CODES[0][-1] != "0" else "1")
    response = _post(fengshu, "/partners/apply/", {**APPLICATION, "credit_code": bad})

    # then the form comes back with the error on the code, and nothing was written
    page = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码无效，请检查这 18 位字符。" in page
    assert partner_state() == before


def test_the_credit_code_check_answers_with_the_servers_rule(fengshu):
    client = Client()

    def check(code, kind="enterprise"):
        response = client.get(
            "/partners/apply/credit-code/",
            {"code": code, "kind": kind},
            HTTP_HOST=host_of(fengshu),
        )
        connection.set_schema_to_public()
        return json.loads(response.content)

    assert check(REAL_CODES[1]) == {"valid": True, "code": "", "message": ""}
    assert check("91110000600037341X") == {
        "valid": False,
        "code": "INVALID_CREDIT_CODE",
        "message": "统一社会信用代码无效，请检查这 18 位字符。",
    }
    assert check("") == {
        "valid": False,
        "code": "CREDIT_CODE_REQUIRED",
        "message": "机构须使用统一社会信用代码注册。",
    }
    assert check("", kind="craftsman") == {"valid": True, "code": "", "message": ""}


def test_a_registered_code_is_reported_as_taken(fengshu, organisation):
    response = Client().get(
        "/partners/apply/credit-code/",
        {"code": organisation.credit_code},
        HTTP_HOST=host_of(fengshu),
    )
    connection.set_schema_to_public()
    assert json.loads(response.content)["code"] == "DUPLICATE_ORGANISATION"


def test_a_representative_applies_again_with_the_organisation_they_already_have(
    fengshu, jiahonglu, organisation, representative
):
    # given an organisation active in Jiahonglu
    make_partnership(jiahonglu, organisation=organisation)

    # when its representative applies to Fengshu, choosing it
    response = _post(
        fengshu,
        "/partners/apply/",
        {"organisation": str(organisation.pk), "tier": "free", "offers": "义诊"},
        user=representative,
    )

    # then Fengshu has its application and no second organisation was made
    with in_schema(fengshu):
        partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert (partnership.organisation_id, partnership.status, partnership.offers) == (
        organisation.pk,
        S.APPLIED,
        ["义诊"],
    )
    assert PartnerOrganisation.objects.count() == 1


def test_someone_else_cannot_apply_for_an_organisation_they_do_not_represent(fengshu, organisation):
    from tests.fixtures import make_user

    stranger = make_user()
    before = partner_state()
    response = _post(
        fengshu,
        "/partners/apply/",
        {"organisation": str(organisation.pk), "tier": "free", "offers": "x"},
        user=stranger,
    )
    # the choice is not even offered to them: the form refuses it and nothing changes
    assert response.status_code == 200
    assert partner_state() == before


def test_the_office_asks_a_question_and_the_applicant_answers(fengshu, office):
    # given an application
    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    applicant = partnership.organisation.representatives.get().user

    # when the office asks for more from the workbench
    asked = _post(
        fengshu,
        f"/workbench/partners/{partnership.pk}/",
        {"decision": "request_information", "reason": "请补充营业执照照片。"},
        user=office,
    )

    # then the application waits for the applicant, who is told the question
    with in_schema(fengshu):
        partnership.refresh_from_db()
    assert (asked.status_code, partnership.status) == (302, S.INFO_REQUESTED)
    told = Notification.objects.get(user=applicant, kind="partnership.info_requested")
    assert "请补充营业执照照片。" in told.body
    assert told.url.endswith(f"/partners/mine/{partnership.pk}/")
    page = get_page(fengshu, f"/partners/mine/{partnership.pk}/", applicant).content.decode()
    assert "请补充营业执照照片。" in page

    # when the applicant answers on their page
    answered = _post(
        fengshu,
        f"/partners/mine/{partnership.pk}/",
        {"action": "answer", "answer-answer": "已上传到附件。"},
        user=applicant,
    )

    # then the review resumes, the office is told, and both moves are recorded
    with in_schema(fengshu):
        partnership.refresh_from_db()
        history = list(
            PartnershipTransition.objects.filter(partnership=partnership)
            .order_by("at", "pk")
            .values_list("from_status", "to_status", "actor", "reason")
        )
    assert (answered.status_code, partnership.status) == (302, S.UNDER_REVIEW)
    assert history == [
        ("", S.APPLIED, applicant.pk, "我们愿意为社区服务。"),
        (S.APPLIED, S.INFO_REQUESTED, office.pk, "请补充营业执照照片。"),
        (S.INFO_REQUESTED, S.UNDER_REVIEW, applicant.pk, "已上传到附件。"),
    ]
    assert Notification.objects.filter(
        user=office, kind="partnership.information_provided", body="已上传到附件。"
    ).exists()


def test_only_the_applicant_may_answer(fengshu, office):
    from commonweal.partners.services import partnerships
    from commonweal.platform.kernel.roles import Role
    from tests.fixtures import make_member

    # given an application the office asked about, and people who are not its applicant
    partnership = make_partnership(fengshu, S.APPLIED, office=office)
    with in_schema(fengshu):
        partnerships.partnership_request_information(
            community=fengshu, actor=office, partnership=partnership, question="请补充材料"
        )
    other_rep = make_partnership(fengshu, office=office).organisation.representatives.get().user
    resident = make_member(fengshu, Role.RESIDENT)
    before = partner_state()

    # when each of them tries to read or answer it
    for user in (other_rep, office, resident):
        read = get_page(fengshu, f"/partners/mine/{partnership.pk}/", user)
        answer = _post(
            fengshu,
            f"/partners/mine/{partnership.pk}/",
            {"action": "answer", "answer-answer": "冒充"},
            user=user,
        )
        # then it is not found for them, and nothing changed
        assert (read.status_code, answer.status_code) == (404, 404)
    assert partner_state() == before
