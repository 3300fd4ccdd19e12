"""Photos over GraphQL: multipart uploads (CSRF still enforced for cookie sessions), the
photo's fields on needs and reports, and never who uploaded a report's photo."""

import json

from django.conf import settings
from django.db import connection
from django.test import Client

from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.photos import services
from commonweal.governance.photos.models import Photo
from commonweal.platform.root.schema import community_schema
from tests.fixtures import StatementsRun, gql, host_of
from tests.governance.hazards.fixtures import file_report
from tests.governance.photos.fixtures import jpeg_with_gps, raise_need, upload
from tests.operations import global_id
from tests.partners.fixtures import in_schema

ADD = (
    "mutation($id: ID!, $photo: Upload!) { addHazardReportPhoto(reportId: $id, photo: $photo)"
    " { photo { url thumbnailUrl width height ofTheFix } errors { code field } } }"
)


def test_a_report_photo_is_added_by_multipart_upload_and_shown_on_the_report(
    fengshu, grid_map, people
):
    report = file_report(fengshu, people.resident)
    report_id = global_id("HazardReport", report.pk)

    added = gql(fengshu, people.resident).execute(
        ADD, {"id": report_id, "photo": upload(jpeg_with_gps(orientation=6))}
    )
    read = gql(fengshu).execute(
        "query($id: ID!) { hazardReport(id: $id) { photos { url width height uploadedAt } } }",
        {"id": report_id},
    )
    with in_schema(fengshu):
        photo = Photo.objects.get()

    host = f"http://{host_of(fengshu)}"
    assert added == {
        "data": {
            "addHazardReportPhoto": {
                "photo": {
                    "url": f"{host}/photos/{photo.pk}/",
                    "thumbnailUrl": f"{host}/photos/{photo.pk}/thumbnail/",
                    "width": 48,
                    "height": 64,
                    "ofTheFix": False,
                },
                "errors": [],
            }
        }
    }
    (shown,) = read["data"]["hazardReport"]["photos"]
    assert (shown["url"], shown["width"], shown["height"]) == (f"{host}/photos/{photo.pk}/", 48, 64)


def test_no_photo_type_names_its_uploader():
    photo_fields = community_schema._schema.type_map["Photo"].fields

    assert sorted(photo_fields) == [
        "height",
        "id",
        "ofTheFix",
        "thumbnailUrl",
        "uploadedAt",
        "url",
        "width",
    ]


def test_a_string_where_the_upload_belongs_is_refused_with_a_code(fengshu, people):
    need = raise_need(fengshu, people.resident)

    response = gql(fengshu, people.resident).execute(
        "mutation($id: ID!, $photo: Upload!) { addNeedPhoto(needId: $id, photo: $photo)"
        " { photo { url } errors { code field } } }",
        {"id": global_id("Need", need.pk), "photo": "/etc/passwd"},
    )

    assert response == {
        "data": {
            "addNeedPhoto": {
                "photo": None,
                "errors": [{"code": "PHOTO_NOT_AN_IMAGE", "field": "photo"}],
            }
        }
    }


def test_a_multipart_upload_from_a_cookie_session_still_needs_the_csrf_token(
    fengshu, grid_map, people
):
    # given a signed-in browser session and a cross-site form posting a multipart upload
    report = file_report(fengshu, people.resident)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.resident)
    operations = {"query": ADD, "variables": {"id": global_id("HazardReport", report.pk)}}

    # when it posts without the CSRF token
    response = browser.post(
        "/graphql/",
        {
            "operations": json.dumps(operations | {"variables": {"photo": None}}),
            "map": json.dumps({"0": ["variables.photo"]}),
            "0": upload(jpeg_with_gps()),
        },
        HTTP_HOST=host_of(fengshu),
    )

    # then it is refused, and nothing is stored
    assert settings.SESSION_COOKIE_NAME in browser.cookies
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    with in_schema(fengshu):
        assert Photo.objects.count() == 0


def test_the_needs_list_reads_photos_in_a_constant_number_of_statements(fengshu, people):
    def needs_with_photos(n):
        for _ in range(n):
            raised = raise_need(fengshu, people.resident)
            with in_schema(fengshu):
                need = need_services.need_accept(actor=people.staff, community=fengshu, need=raised)
            for _ in range(2):
                with in_schema(fengshu):
                    services.photo_add_to_need(
                        actor=people.staff, roles={"staff"}, need=need, upload=jpeg_with_gps()
                    )

    query = "{ needs(first: 50) { edges { node { title photos { url width } } } } }"
    client = gql(fengshu)
    needs_with_photos(1)
    with StatementsRun(connection) as few:
        small = client.execute(query)
    needs_with_photos(4)
    with StatementsRun(connection) as many:
        large = client.execute(query)

    assert [len(e["node"]["photos"]) for e in small["data"]["needs"]["edges"]] == [2]
    assert len(large["data"]["needs"]["edges"]) == 5
    assert len(many) == len(few)
