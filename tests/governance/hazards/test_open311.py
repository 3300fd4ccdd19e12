"""Open311 GeoReport v2: the spec's shapes for services and requests, JSON and XML; a POST
with a member's key files a report; a bad key is refused and files nothing."""

from xml.etree import ElementTree

from django.test import Client

from commonweal.governance.hazards.models import HazardReport
from tests.fixtures import host_of, token_for
from tests.governance.hazards.fixtures import file_report
from tests.partners.fixtures import in_schema

REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


def _get(community, path):
    return Client().get(f"/open311/v2/{path}", HTTP_HOST=host_of(community))


def _post(community, data):
    return Client(enforce_csrf_checks=True).post(
        "/open311/v2/requests.json", data, HTTP_HOST=host_of(community)
    )


def test_services_list_every_category_in_the_spec_shape(fengshu):
    services = _get(fengshu, "services.json").json()

    assert services[0] == {
        "service_code": "road",
        "service_name": "道路破损",
        "description": "道路破损",
        "metadata": "false",
        "type": "realtime",
        "keywords": "安全隐患,随手报",
        "group": "安全隐患随手报",
    }
    assert len(services) == 8


def test_requests_have_the_spec_keys_and_read_the_same_one_by_one(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident, place="枫林苑3栋")

    listed = _get(fengshu, "requests.json").json()
    one = _get(fengshu, f"requests/{report.pk}.json").json()

    assert set(listed[0]) == REQUEST_KEYS
    assert listed == one
    assert (one[0]["status"], one[0]["service_code"], one[0]["address"]) == (
        "open",
        "gas",
        "枫林苑3栋",
    )
    assert (one[0]["lat"], one[0]["long"]) == (30.601, 104.101)


def test_xml_carries_the_same_requests(fengshu, grid_map, people):
    report = file_report(fengshu, people.resident)

    root = ElementTree.fromstring(_get(fengshu, "requests.xml").content)

    assert root.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [str(report.pk)]
    assert root.find("request").findtext("status") == "open"


def test_a_post_with_a_members_key_files_a_report_in_their_name(fengshu, grid_map, people):
    key = token_for(people.resident, fengshu)

    answer = _post(
        fengshu,
        {
            "api_key": key,
            "service_code": "fire_exit",
            "lat": "30.607",
            "long": "104.107",
            "description": "消防通道被堵",
            "address_string": "枫林苑5栋",
        },
    )

    with in_schema(fengshu):
        report = HazardReport.objects.get()
    assert answer.status_code == 200
    assert answer.json() == [
        {"service_request_id": str(report.pk), "service_notice": "", "account_id": None}
    ]
    assert (report.reporter_id, report.category, report.grid_id) == (
        people.resident.pk,
        "fire_exit",
        grid_map.micro.pk,
    )


def test_a_bad_key_or_bad_input_is_refused_and_files_nothing(fengshu, jiahonglu, grid_map, people):
    base = {"service_code": "gas", "lat": "30.6", "long": "104.1", "description": "燃气味"}
    foreign = token_for(people.resident, None)

    refused = [
        _post(fengshu, base | {"api_key": "not-a-key"}),
        _post(fengshu, base | {"api_key": foreign}),
        _post(fengshu, base),
    ]
    bad_input = _post(fengshu, base | {"api_key": token_for(people.resident, fengshu), "lat": "x"})

    assert [r.status_code for r in refused] == [403, 403, 403]
    assert refused[0].json()[0]["code"] == 403
    assert bad_input.status_code == 400
    with in_schema(fengshu):
        assert HazardReport.objects.count() == 0


def test_another_jurisdiction_is_not_found(fengshu):
    answer = _get(fengshu, "services.json?jurisdiction_id=jiahonglu")

    assert (answer.status_code, answer.json()) == (
        404,
        [{"code": 404, "description": "jurisdiction_id not found"}],
    )
