"""Django forms apply the boundary's text rule through one mixin."""

from commonweal.tenants.forms import CommunityApplicationForm

VALID = {
    "name": "玉林社区",
    "slug": "yulin",
    "city": "成都市",
    "district": "武侯区",
    "subdistrict": "玉林街道",
    "area_km2": "1.20",
    "population": "21000",
    "households": "9000",
    "centre_lat": "30.63",
    "centre_lng": "104.06",
    "applicant_name": "李书记",
    "statement": "我们想加入平台。",
}


def test_a_valid_application_form_passes():
    assert CommunityApplicationForm(VALID).is_valid()


def test_control_characters_in_a_form_field_are_refused_naming_it():
    form = CommunityApplicationForm({**VALID, "city": "成都\x1b[31m"})

    assert not form.is_valid()
    assert list(form.errors) == ["city"]
    assert "控制字符" in form.errors["city"][0]


def test_a_line_break_is_refused_in_a_single_line_field_and_kept_in_a_textarea():
    single = CommunityApplicationForm({**VALID, "name": "玉林\n社区"})
    multi = CommunityApplicationForm({**VALID, "statement": "第一段\n\t第二段"})

    assert list(single.errors) == ["name"]
    assert multi.is_valid()
    assert multi.cleaned_data["statement"] == "第一段\n\t第二段"


def test_an_over_long_statement_is_refused_by_the_form():
    form = CommunityApplicationForm({**VALID, "statement": "长" * 2001})

    assert list(form.errors) == ["statement"]
