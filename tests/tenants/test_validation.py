"""What applyForCommunity refuses, with which code and field, and that a refusal leaves nothing."""

import pytest

from commonweal.tenants.models import ApplicationStatus, CommunityApplication
from tests.fixtures import gql, make_community, make_user
from tests.tenants.fixtures import APPLY, application_input, census


def _refusal(**overrides) -> dict:
    result = gql(None).execute(APPLY, {"input": application_input(**overrides)})
    return result["data"]["applyForCommunity"]


@pytest.mark.parametrize("slug", ["www", "api", "admin", "public"])
def test_reserved_slugs_are_refused(db, slug):
    # given an empty platform
    before = census()

    # when a visitor asks for a reserved address
    payload = _refusal(slug=slug)

    # then it is refused as reserved and nothing was made, not even the applicant's account
    assert payload == {"application": None, "errors": [{"code": "SLUG_RESERVED", "field": "slug"}]}
    assert census() == before


@pytest.mark.parametrize(
    "slug",
    [
        "Fengshu",  # uppercase
        "a",  # too short
        "ab",  # still too short
        "a" * 31,  # too long
        "枫树",  # not ASCII
        "-abc",  # leading hyphen
        "abc-",  # trailing hyphen
        "ab--c",  # double hyphen
        "abc_d",  # underscore
        "1abc",  # starts with a digit
        "ab c",  # space
        "fengshu\n",  # trailing newline: `$` alone would accept it
        "",
    ],
)
def test_malformed_slugs_are_refused(db, slug):
    # given an empty platform
    before = census()

    # when a visitor asks for a malformed address
    payload = _refusal(slug=slug)

    # then it is refused as invalid and nothing was made
    assert payload == {"application": None, "errors": [{"code": "SLUG_INVALID", "field": "slug"}]}
    assert census() == before


@pytest.mark.parametrize("slug", ["abc", "a" * 30, "ab-c-d", "feng-shu2"])
def test_well_formed_slugs_at_the_limits_are_accepted(db, slug):
    # given an empty platform

    # when a visitor asks for a well-formed address at the edge of the rules
    payload = _refusal(slug=slug)

    # then the application is filed under that address
    assert payload["errors"] == []
    assert payload["application"]["slug"] == slug
    assert CommunityApplication.objects.get().slug == slug


def test_slug_of_an_existing_community_is_taken(db):
    # given the community fengshu
    make_community("fengshu")
    before = census()

    # when another visitor applies for fengshu
    payload = _refusal(slug="fengshu")

    # then it is refused as taken and nothing was made
    assert payload == {"application": None, "errors": [{"code": "SLUG_TAKEN", "field": "slug"}]}
    assert census() == before


def test_slug_of_a_pending_application_is_taken(db):
    # given a pending application for yulin
    assert _refusal()["errors"] == []
    before = census()

    # when someone else applies for yulin too
    payload = _refusal(applicantEmail="wang@example.cn", applicantName="王主任")

    # then it is refused as taken and only the first application exists
    assert payload == {"application": None, "errors": [{"code": "SLUG_TAKEN", "field": "slug"}]}
    assert census() == before


def test_slug_of_a_rejected_application_is_free_again(db):
    # given a rejected application for yulin
    make_user(email="li@yulin.example.cn")
    CommunityApplication.objects.create(
        **{
            "slug": "yulin",
            "name": "玉林社区",
            "city": "成都市",
            "district": "武侯区",
            "subdistrict": "玉林街道",
            "area_km2": "1.20",
            "population": 1,
            "households": 1,
            "centre_lat": 30.6,
            "centre_lng": 104.0,
            "applicant_name": "李书记",
            "status": ApplicationStatus.REJECTED,
            "rejection_reason": "信息不全",
        }
    )

    # when another visitor applies for yulin
    payload = _refusal(applicantEmail="wang@example.cn", applicantName="王主任")

    # then the new application is filed
    assert payload["errors"] == []
    assert list(CommunityApplication.objects.order_by("pk").values_list("slug", "status")) == [
        ("yulin", "rejected"),
        ("yulin", "pending"),
    ]


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"population": -1}, "FIGURE_INVALID", "population"),
        ({"population": 10_000_001}, "FIGURE_INVALID", "population"),
        ({"households": -5}, "FIGURE_INVALID", "households"),
        ({"areaKm2": "0"}, "FIGURE_INVALID", "areaKm2"),
        ({"areaKm2": "-1.5"}, "FIGURE_INVALID", "areaKm2"),
        ({"areaKm2": "10000.01"}, "FIGURE_INVALID", "areaKm2"),
        ({"areaKm2": "NaN"}, "FIGURE_INVALID", "areaKm2"),
        ({"areaKm2": "Infinity"}, "FIGURE_INVALID", "areaKm2"),
        ({"areaKm2": "1e30"}, "FIGURE_INVALID", "areaKm2"),
        ({"centreLat": 95}, "COORDINATES_INVALID", "centreLat"),
        ({"centreLat": -90.5}, "COORDINATES_INVALID", "centreLat"),
        ({"centreLng": 181}, "COORDINATES_INVALID", "centreLng"),
        ({"name": "  "}, "NAME_REQUIRED", "name"),
        ({"city": ""}, "LOCATION_REQUIRED", "city"),
        ({"district": ""}, "LOCATION_REQUIRED", "district"),
        ({"subdistrict": " "}, "LOCATION_REQUIRED", "subdistrict"),
        ({"applicantName": ""}, "CONTACT_REQUIRED", "applicantName"),
        ({"applicantEmail": "", "applicantPhone": ""}, "CONTACT_REQUIRED", "applicantEmail"),
        ({"applicantEmail": "not-an-address"}, "CONTACT_INVALID", "applicantEmail"),
        ({"applicantEmail": "", "applicantPhone": "12345"}, "CONTACT_INVALID", "applicantPhone"),
    ],
)
def test_bad_application_details_are_refused_and_leave_nothing(db, overrides, code, field):
    # given an empty platform
    before = census()

    # when a visitor applies with one bad detail
    payload = _refusal(**overrides)

    # then that detail is named with its code and nothing was made, not even an account
    assert payload == {"application": None, "errors": [{"code": code, "field": field}]}
    assert census() == before


def test_figures_at_the_limits_are_accepted(db):
    # given an empty platform

    # when a visitor applies with figures exactly at the limits
    payload = _refusal(
        population=0,
        households=10_000_000,
        areaKm2="10000",
        centreLat=-90,
        centreLng=180,
        applicantEmail="",
        applicantPhone="+86 138-0013-8000",
    )

    # then the application is filed with them, the phone number normalised
    assert payload["errors"] == []
    application = CommunityApplication.objects.get()
    assert (
        application.population,
        application.households,
        str(application.area_km2),
        application.centre_lat,
        application.centre_lng,
        application.applicant_phone,
        application.applicant.phone,
    ) == (0, 10_000_000, "10000.00", -90.0, 180.0, "13800138000", "13800138000")


def test_weak_password_for_the_new_account_files_nothing(db):
    # given an anonymous visitor
    before = census()

    # when they apply with a password too weak for their new account
    result = gql(None).execute(APPLY, {"input": application_input(password="123")})

    # then the refusal is in the payload, and neither application nor account exists
    assert result == {
        "data": {
            "applyForCommunity": {
                "application": None,
                "errors": [{"code": "WEAK_PASSWORD", "field": "password"}],
            }
        }
    }
    assert census() == before


def test_signed_in_user_applies_under_their_own_account(db):
    # given a signed-in user
    user = make_user(email="zhang@example.cn")
    before = census()

    # when they apply (no password needed)
    result = gql(None, user).execute(APPLY, {"input": application_input(password="")})

    # then the application is theirs and no second account was made
    assert result["data"]["applyForCommunity"]["errors"] == []
    assert CommunityApplication.objects.get().applicant == user
    assert census().users == before.users
