"""The hazards pages, server side: names not codes, who sees what, the department link page."""

from django.test import Client

from commonweal.governance.hazards.models import CheckIn
from commonweal.governance.hazards.services import departments, escalation
from tests.fixtures import host_of
from tests.governance.hazards.fixtures import file_report
from tests.partners.fixtures import in_schema


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(community, path, user=None):
    return _client(user).get(path, HTTP_HOST=host_of(community))


def _post(community, path, data, user=None):
    return _client(user).post(path, data, HTTP_HOST=host_of(community), follow=True)


def test_the_list_shows_names_not_codes_and_never_the_reporter(fengshu, grid_map, people):
    file_report(fengshu, people.resident, description="楼道里有燃气味")

    page = _get(fengshu, "/hazards/").content.decode()

    assert "燃气隐患" in page and "待核实" in page
    assert "居民张伟" not in page and ">gas<" not in page


def test_reporting_asks_anonymous_callers_to_sign_in(fengshu):
    response = _get(fengshu, "/hazards/new/")

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/login/")


def test_a_report_is_filed_from_the_form_and_similar_ones_are_offered_first(
    fengshu, grid_map, people
):
    earlier = file_report(fengshu, people.neighbour)
    form = {
        "category": "gas",
        "description": "又闻到燃气味",
        "lat": "30.6011",
        "lng": "104.1011",
        "system": "gcj02",
    }

    offered = _post(fengshu, "/hazards/new/", form, people.resident).content.decode()
    filed = _post(fengshu, "/hazards/new/", form | {"confirmed": "on"}, people.resident)

    assert earlier.path in offered
    assert "是另一处隐患，继续上报" in offered
    assert filed.redirect_chain[-1][0] != "/hazards/new/"
    assert "谢谢！已提交给网格员。" in filed.content.decode()


def test_a_resident_cannot_handle_a_report(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)

    response = _client(people.neighbour).post(f"{report.path}confirm/", HTTP_HOST=host_of(fengshu))

    assert response.status_code == 404


def test_the_department_page_records_its_answer_once(fengshu, grid_map, people, gas_department):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        escalation.blow_whistle(
            actor=people.staff,
            community=fengshu,
            report=report,
            reason="燃气",
            department=gas_department,
        )
        token = departments.token_for(report, gas_department)
    path = f"/hazards/answer/{token}/"

    shown = _get(fengshu, path).content.decode()
    answered = _post(fengshu, path, {"note": "已派人"}).content.decode()
    again = _post(fengshu, path, {"note": "第二次"}).content.decode()

    assert "报到并答复" in shown and "楼道里有燃气味" in shown
    assert "已记录您的答复" in answered and "已派人" in answered
    assert "第二次" not in again
    with in_schema(fengshu):
        assert CheckIn.objects.count() == 1


def test_a_forged_department_link_shows_nothing(fengshu, grid_map, people):
    file_report(fengshu, people.resident)

    response = _get(fengshu, "/hazards/answer/eyJzIjoiYyJ9:forged:signature/")

    assert response.status_code == 403
    assert "链接无效。" in response.content.decode()
    assert "燃气味" not in response.content.decode()
